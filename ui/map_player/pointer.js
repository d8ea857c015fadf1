// What the visitor's pointer and keys do on the map (see ui/map_player.py, which sends this file after
// player.js): the point and the path's step under the pointer, a click or an arrow key that moves the start.
// Methods of Player.

const KEY_STEPS = 20; // the arrow keys move the start by 1/20 of the window
const KEY_MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

Object.assign(Player.prototype, {
  // The map's own listeners: a click or an arrow key moves the start, the pointer's place shows in the hint.
  listenOnMap() {
    this.canvas.addEventListener("click", (event) => this.click(event));
    this.canvas.addEventListener("keydown", (event) => this.keyMove(event));
    this.canvas.addEventListener("mousemove", (event) => {
      const point = this.pointAt(event);
      const near = point && this.nearest(event);
      this.hint.textContent =
        near ||
        (point && this.clickable()
          ? `x = ${point[0]}, y = ${point[1]} · click to start here`
          : this.idleHint());
    });
    this.canvas.addEventListener("mouseleave", () => {
      this.hint.textContent = this.idleHint();
    });
  },

  // The map point under the pointer, in whichever map it is (small multiples share one window).
  pointAt(event) {
    if (!this.geometry) return null;
    const rect = this.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left,
      py = event.clientY - rect.top;
    const m = this.geometry.maps.find((b) => px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h);
    if (!m) return null;
    const [[x0, x1], [y0, y1]] = this.header.window;
    const x = x0 + ((px - m.x) / m.w) * (x1 - x0),
      y = y1 - ((py - m.y) / m.h) * (y1 - y0);
    return [Math.round(x * 100) / 100, Math.round(y * 100) / 100]; // the start as the URL writes it
  },

  // The drawn point of a path nearest the pointer (within 10 px), in words: lane, step, loss.
  nearest(event) {
    const rect = this.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left,
      py = event.clientY - rect.top;
    let best = 100,
      found = null;
    this.lanes.forEach((lane, k) => {
      if (this.isolated !== null && this.isolated !== k) return;
      const m = this.mapOf(k);
      for (let i = 0; i <= Math.min(this.step, lane.end); i++) {
        const [x, y] = this.toMap(lane.xy[2 * i], lane.xy[2 * i + 1], m);
        const d = (x - px) ** 2 + (y - py) ** 2;
        if (d < best) {
          best = d;
          found = [lane, i];
        }
      }
    });
    if (!found) return null;
    const [lane, i] = found,
      v = lane.lossValues[i];
    const what = this.header.panels.loss.title.replace(" (log)", "");
    const loss = Number.isFinite(v) ? ` · ${what} = ${v.toPrecision(3)}` : "";
    return `${lane.label} · step ${i}${loss}`;
  },

  // The arrow keys on the focused map move the start by a twentieth of the window, as a click there would;
  // the scene keys of the clicker (ui/clicker.py, on the document) do not see them.
  keyMove(event) {
    const move = KEY_MOVES[event.key];
    if (
      !move ||
      event.altKey ||
      event.ctrlKey ||
      event.metaKey ||
      !this.header ||
      !this.api ||
      !this.clickable()
    )
      return;
    event.preventDefault();
    event.stopPropagation();
    const [[x0, x1], [y0, y1]] = this.header.window;
    const from = this.keyStart || this.header.start[0] || [(x0 + x1) / 2, (y0 + y1) / 2];
    const to = (v, d, low, high) =>
      Math.round(Math.min(Math.max(v + (d * (high - low)) / KEY_STEPS, low), high) * 100) / 100;
    this.keyStart = [to(from[0], move[0], x0, x1), to(from[1], move[1], y0, y1)];
    this.live.textContent = `Start moved to x = ${this.keyStart[0]}, y = ${this.keyStart[1]}.`;
    this.api.setTriggerValue("click", { x: this.keyStart[0], y: this.keyStart[1] });
  },

  click(event) {
    const point = this.pointAt(event);
    if (point && this.api && this.clickable())
      this.api.setTriggerValue("click", { x: point[0], y: point[1] });
  },
});
