// The playground's map, drawn on a canvas and animated in the browser (see ui/map_player.py).
// The message is viz/player.py's: b"MAP1" | uint32 n | JSON header | float32 arrays and the landscape PNG.
// Nothing is fetched: the code comes inline with the element, the data as bytes.

const PLAYERS = new WeakMap();
// Play/Pause, the speed menu, the scrubber, Space, the live region and the clock by elapsed time are the
// transport's (transport.js), which the network lab's player shares.

class Player {
  constructor(parent) {
    this.parent = parent;
    this.root = document.createElement("div");
    this.root.className = "mp-root";
    this.root.innerHTML =
      '<div class="mp-bar"><button type="button" class="mp-play">▶ Play</button>' +
      '<label class="mp-speed-label">speed <select class="mp-speed"></select></label>' +
      '<span class="mp-step"></span><span class="mp-hint">click the map to start there</span></div>' +
      '<div class="mp-stage"><canvas class="mp-canvas" role="img"></canvas></div>' +
      '<input type="range" class="mp-scrub" min="0" max="1" step="1" value="0" aria-label="step">' +
      '<div class="mp-legend"></div><p class="mp-sr mp-about"></p>' +
      '<div class="mp-sr mp-live" role="status" aria-live="polite" aria-atomic="true"></div>';
    parent.appendChild(this.root);
    this.canvas = this.root.querySelector(".mp-canvas");
    // The map in words (viz/player.py's header "text"): the canvas's name and description for a screen
    // reader; the live region says the step shown when playback pauses or the scrubber is released.
    this.about = this.root.querySelector(".mp-about");
    this.about.id = `mp-about-${++Player.count}`;
    this.canvas.setAttribute("aria-describedby", this.about.id);
    this.live = this.root.querySelector(".mp-live");
    this.stage = this.root.querySelector(".mp-stage");
    this.playButton = this.root.querySelector(".mp-play");
    this.speed = this.root.querySelector(".mp-speed");
    this.scrub = this.root.querySelector(".mp-scrub");
    this.stepText = this.root.querySelector(".mp-step");
    this.legend = this.root.querySelector(".mp-legend");
    this.hint = this.root.querySelector(".mp-hint");
    this.laid = [0, 0];
    this.isolated = null;
    this.lastHeaderStep = null;
    this.background = null;
    this.image = null;
    this.transport = new Transport(this.root, {
      show: () => this.draw(),
      spoken: () => this.spoken(),
      report: (step) => this.api && this.api.setStateValue("step", step),
      gone: () => this.resize.disconnect(),
    });
    this.listenOnMap(); // pointer.js
    this.resize = new ResizeObserver(() => {
      this.background = null;
      this.draw();
    });
    this.resize.observe(this.stage);
  }

  // The transport's state, read by the drawing (lanes.js, panels.js, pointer.js).
  get step() {
    return this.transport.step;
  }
  get playing() {
    return this.transport.playing;
  }
  get position() {
    return this.transport.position;
  }
  set position(value) {
    this.transport.position = value;
  }
  get reported() {
    return this.transport.reported;
  }

  update(bytes, api) {
    this.api = api;
    if (this.bytes && bytes && bytes.length === this.bytes.length && this.same(bytes)) return;
    this.bytes = bytes;
    const { header, lanes, png } = decode(bytes);
    const first = !this.header;
    this.header = header;
    this.lanes = lanes;
    this.background = null;
    this.geometry = null;
    if (first) this.stage.style.height = header.height * 0.6 + "px"; // until the layout says how much it uses
    this.root.style.setProperty("--mp-font", header.font + "px");
    this.root.classList.toggle("mp-presenter", header.presenter);
    this.canvas.setAttribute("aria-label", (header.text && header.text.name) || "contour map");
    this.canvas.tabIndex = this.clickable() ? 0 : -1; // focused, the arrow keys move the start (keyMove)
    this.keyStart = null;
    this.canvas.style.cursor = this.clickable() ? "" : "default";
    this.hint.textContent = this.idleHint();
    const keys = this.clickable() ? " With the map focused, the arrow keys move the start." : "";
    this.about.textContent = ((header.text && header.text.description) || "") + keys; // plain text, never HTML
    this.transport.configure(header.steps, header.play_seconds, header.speeds);
    // The page asks for a step (the inspector's slider moved): show it, unless it only echoes what this
    // player reported. Reporting the jump keeps the reported value in step, so that scrubbing back to the
    // previous step still counts as a change.
    // A scene opened (the page counts openings): stop and show its step, as a fresh page does.
    const opened = !first && header.opening !== this.opening;
    this.opening = header.opening;
    const jump = !first && header.step !== this.lastHeaderStep && header.step !== this.reported;
    if (first || jump || opened) {
      this.pause(false);
      this.position = header.step;
    }
    this.lastHeaderStep = header.step;
    this.position = Math.min(this.position, header.steps);
    this.buildLegend();
    const blob = new Blob([png], { type: "image/png" });
    const image = new Image();
    image.onload = () => {
      URL.revokeObjectURL(image.src);
      this.image = image;
      this.background = null;
      this.draw();
      this.root.dataset.image = "1";
    };
    image.src = URL.createObjectURL(blob);
    this.show(Math.floor(this.position));
    if (jump && !opened) this.report();
  }

  same(bytes) {
    const old = this.bytes;
    for (let k = 0; k < bytes.length; k += 61) if (bytes[k] !== old[k]) return false;
    for (let k = 0; k < Math.min(bytes.length, 4096); k++) if (bytes[k] !== old[k]) return false;
    return true;
  }

  toggle() {
    this.transport.toggle();
  }

  // A map that moves the start when clicked (the Playground's), or one only to watch (an export, a preview).
  clickable() {
    return !this.header || this.header.clickable !== false;
  }
  idleHint() {
    return this.clickable() ? "click the map to start there" : "";
  }

  // A legend click shows one lane alone (the others faint), as the Plotly map's legend did; again for all.
  isolate(index) {
    this.isolated = this.isolated === index ? null : index;
    this.legend.querySelectorAll(".mp-lane").forEach((entry, k) => {
      entry.classList.toggle("mp-faint", this.isolated !== null && this.isolated !== k);
    });
    this.draw();
  }

  alpha(k) {
    return this.isolated === null || this.isolated === k ? 1 : 0.15;
  }

  play() {
    this.transport.play();
  }

  pause(report) {
    this.transport.pause(report);
  }

  report() {
    if (this.api && this.header) this.transport.report();
  }

  // The step shown, in words: each lane's loss there (the loss panel's value) or where it diverged.
  spoken() {
    const what = this.header.panels.loss.title.replace(" (log)", "");
    const lanes = this.lanes.map((lane) => {
      if (lane.diverged_at !== null && this.step >= lane.diverged_at)
        return `${lane.label}: diverged at step ${lane.diverged_at}`;
      const v = lane.lossValues[Math.min(this.step, lane.end)];
      return Number.isFinite(v) ? `${lane.label}: ${what} ${v.toPrecision(3)}` : lane.label;
    });
    return `Step ${this.step} of ${this.header.steps}. ${lanes.join("; ")}.`;
  }

  show(step) {
    this.transport.show(step);
  }

  // ---- drawing ----
  // The canvas takes the stage's width and, of the height the page gave the element (less the controls
  // above and below it), what the layout uses: a wide map leaves no empty band above and below it.
  sizeCanvas() {
    const dpr = window.devicePixelRatio || 1;
    const width = this.stage.clientWidth;
    const room = this.header.height - (this.root.offsetHeight - this.stage.offsetHeight);
    if (width < 10 || room < 10) return false;
    if (!this.geometry || width !== this.laid[0] || room !== this.laid[1]) {
      const ctx = this.canvas.getContext("2d");
      ctx.font = smallFont(this.header);
      const widest = (texts) => Math.max(0, ...texts.map((text) => ctx.measureText(text).width));
      const bar = widest(this.header.colorbar.ticks.map(([, text]) => text));
      ctx.font = smallFont(this.header, 0.93);
      const title = widest(Object.values(this.header.panels).map((panel) => (panel && panel.title) || ""));
      this.geometry = layout(this.header, width, room, this.header.font, { bar, title });
      this.laid = [width, room];
      this.background = null;
    }
    const height = Math.max(10, Math.floor(this.geometry.height));
    if (this.stage.style.height !== height + "px") this.stage.style.height = height + "px";
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = width + "px";
      this.canvas.style.height = height + "px";
      this.background = null;
    }
    this.dpr = dpr;
    this.width = width;
    this.height = height;
    return true;
  }

  // The map point (x, y) in the canvas, in the map box ``m`` (default: the first, the only one of one map).
  toMap(x, y, m = this.geometry.map) {
    const [[x0, x1], [y0, y1]] = this.header.window;
    return [m.x + ((x - x0) / (x1 - x0)) * m.w, m.y + ((y1 - y) / (y1 - y0)) * m.h];
  }

  toPanel(box, range, step, value) {
    const steps = Math.max(this.header.steps, 1);
    return [
      box.x + (step / steps) * box.w,
      box.y + box.h - ((Math.log10(value) - range[0]) / (range[1] - range[0])) * box.h,
    ];
  }

  draw() {
    if (!this.header || !this.sizeCanvas()) return;
    if (!this.background) this.drawBackground();
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.background, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.drawLanes(ctx);
    this.drawPanels(ctx);
    this.drawDecadeLabels(ctx);
    if (!this.playing) {
      // every label's box, for the page's tests (not while playing: no work per frame)
      const box = (t) => [t.x, t.y, t.w, t.h].map((v) => Math.round(v * 10) / 10);
      const labels = JSON.stringify(
        this.texts.concat(this.notes).map((t) => ({ kind: t.kind, box: box(t), text: t.text })),
      );
      if (this.root.dataset.labels !== labels) this.root.dataset.labels = labels;
    }
  }
}

Player.count = 0; // players made: each gets its own description id

// The entry point: Streamlit calls it with every rerun's data; the offline HTML export (ui/map_player.py's
// page) calls it once, by this name, with inert callbacks.
export default function mountPlayer(component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let player = PLAYERS.get(parentElement);
  if (!player || !player.root.isConnected) {
    player = new Player(parentElement);
    PLAYERS.set(parentElement, player);
  }
  if (data) player.update(data, { setStateValue, setTriggerValue });
  // No cleanup: Streamlit calls this function again with every rerun's data; the player keeps playing
  // through reruns and stops itself once its element has left the page.
}
