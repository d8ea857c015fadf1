// The playground's map, drawn on a canvas and animated in the browser (see ui/map_player.py).
// The message is viz/player.py's: b"MAP1" | uint32 n | JSON header | float32 arrays and the landscape PNG.
// Nothing is fetched: the code comes inline with the element, the data as bytes.

const PLAYERS = new WeakMap();
const MAX_DT = 0.1; // s: a stalled tab resumes where it was instead of jumping ahead

function decode(bytes) {
  const copy = bytes.slice(); // an aligned buffer of its own (the message may sit at any offset)
  const view = new DataView(copy.buffer);
  const magic = String.fromCharCode(copy[0], copy[1], copy[2], copy[3]);
  if (magic !== "MAP1") throw new Error("not a map player message");
  const size = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + size)));
  const base = 8 + size;
  const floats = (where) => (where ? new Float32Array(copy.buffer, base + where[0], where[1]) : null);
  const lanes = header.lanes.map((lane) => ({
    ...lane,
    xy: floats(lane.xy),
    lossValues: floats(lane.loss),
    distanceValues: floats(lane.distance),
    avg: lane.average
      ? { name: lane.average.name, xy: floats(lane.average.xy), loss: floats(lane.average.loss),
          distance: floats(lane.average.distance) }
      : null,
  }));
  const png = copy.subarray(base + header.image[0], base + header.image[0] + header.image[1]);
  return { header, lanes, png };
}

function niceTicks(low, high, count) {
  const span = high - low;
  if (!(span > 0)) return [low];
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 4, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function tickText(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0);
  return String(Math.round(v * 1e6) / 1e6);
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
function decade(k) {
  return "10" + String(k).split("").map((c) => SUPERSCRIPT[c] || c).join("");
}

function symbolPath(ctx, symbol, x, y, r) {
  ctx.beginPath();
  if (symbol === "square") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (symbol === "diamond") { ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r, y); ctx.closePath(); }
  else if (symbol === "triangle-up") { ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.05, y + r * 0.75); ctx.lineTo(x - r * 1.05, y + r * 0.75); ctx.closePath(); }
  else if (symbol === "pentagon" || symbol === "star" || symbol === "hexagram") {
    const points = symbol === "pentagon" ? 5 : symbol === "star" ? 5 : 6;
    const inner = symbol === "pentagon" ? 1 : symbol === "star" ? 0.45 : 0.58;
    const corners = symbol === "pentagon" ? points : points * 2;
    for (let k = 0; k < corners; k++) {
      const radius = symbol === "pentagon" || k % 2 === 0 ? r * 1.1 : r * 1.1 * inner;
      const angle = -Math.PI / 2 + (k * 2 * Math.PI) / corners;
      const px = x + radius * Math.cos(angle), py = y + radius * Math.sin(angle);
      if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
}

function marker(ctx, symbol, x, y, r, fill, stroke, width) {
  symbolPath(ctx, symbol, x, y, r);
  ctx.fillStyle = fill;
  ctx.fill();
  if (width > 0) { ctx.lineWidth = width; ctx.strokeStyle = stroke; ctx.stroke(); }
}

function cross(ctx, x, y, r, colour) {
  ctx.save();
  ctx.lineCap = "round";
  for (const [w, c] of [[r * 0.75, "#FFFFFF"], [r * 0.42, colour]]) {
    ctx.lineWidth = w; ctx.strokeStyle = c; ctx.beginPath();
    ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
    ctx.stroke();
  }
  ctx.restore();
}

function arrow(ctx, x0, y0, x1, y1, colour, width) {
  const angle = Math.atan2(y1 - y0, x1 - x0), head = 4 * width + 6;
  ctx.save();
  ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.lineWidth = width; ctx.lineCap = "round";
  ctx.beginPath(); ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - Math.cos(angle) * head * 0.6, y1 - Math.sin(angle) * head * 0.6); ctx.stroke();
  ctx.beginPath(); ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.4), y1 - head * Math.sin(angle - 0.4));
  ctx.lineTo(x1 - head * Math.cos(angle + 0.4), y1 - head * Math.sin(angle + 0.4));
  ctx.closePath(); ctx.fill();
  ctx.restore();
}

// The smaller text (ticks, labels): 87 % of the font, never below it in presenter mode (>= 24 px there).
function smallFont(header, share = 0.87) {
  const px = header.presenter ? header.font : Math.round(header.font * share);
  return `${px}px Arial, Helvetica, sans-serif`;
}

// The box a label would take (x, y, w, h), for labelBox and for checking two labels do not collide.
function labelRect(ctx, text, x, y, font, align, baseline) {
  ctx.save(); ctx.font = font;
  const w = ctx.measureText(text).width, h = parseFloat(font) * 1.25;
  ctx.restore();
  const left = align === "left" ? x : align === "right" ? x - w : x - w / 2;
  const top = baseline === "top" ? y : baseline === "bottom" ? y - h : y - h / 2;
  return { x: left - 3, y: top - 1, w: w + 6, h: h + 2 };
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function labelBox(ctx, text, x, y, font, colour, align, baseline) {
  ctx.save();
  ctx.font = font; ctx.textAlign = align; ctx.textBaseline = baseline;
  const w = ctx.measureText(text).width, h = parseFloat(font) * 1.25;
  const left = align === "left" ? x : align === "right" ? x - w : x - w / 2;
  const top = baseline === "top" ? y : baseline === "bottom" ? y - h : y - h / 2;
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(left - 3, top - 1, w + 6, h + 2);
  ctx.fillStyle = colour;
  ctx.fillText(text, x, baseline === "top" ? y + h * 0.1 : baseline === "bottom" ? y - h * 0.1 : y);
  ctx.restore();
}

class Player {
  constructor(parent) {
    this.parent = parent;
    this.root = document.createElement("div");
    this.root.className = "mp-root";
    this.root.innerHTML =
      '<div class="mp-bar"><button type="button" class="mp-play">▶ Play</button>' +
      '<label class="mp-speed-label">speed <select class="mp-speed"></select></label>' +
      '<span class="mp-step"></span><span class="mp-hint">click the map to start there</span></div>' +
      '<div class="mp-stage"><canvas class="mp-canvas"></canvas></div>' +
      '<input type="range" class="mp-scrub" min="0" max="1" step="1" value="0" aria-label="step">' +
      '<div class="mp-legend"></div>';
    parent.appendChild(this.root);
    this.canvas = this.root.querySelector(".mp-canvas");
    this.stage = this.root.querySelector(".mp-stage");
    this.playButton = this.root.querySelector(".mp-play");
    this.speed = this.root.querySelector(".mp-speed");
    this.scrub = this.root.querySelector(".mp-scrub");
    this.stepText = this.root.querySelector(".mp-step");
    this.legend = this.root.querySelector(".mp-legend");
    this.step = 0; this.position = 0; this.playing = false; this.rate = 1; this.frames = 0; this.isolated = null;
    this.lastHeaderStep = null; this.reported = null; this.background = null; this.image = null;
    this.playButton.addEventListener("click", () => this.toggle());
    this.speed.addEventListener("change", () => { this.rate = parseFloat(this.speed.value); this.root.dataset.rate = String(this.rate); });
    this.scrub.addEventListener("input", () => { this.pause(false); this.show(parseInt(this.scrub.value, 10)); });
    this.scrub.addEventListener("change", () => this.report());
    this.canvas.addEventListener("click", (event) => this.click(event));
    this.hint = this.root.querySelector(".mp-hint");
    this.canvas.addEventListener("mousemove", (event) => {
      const point = this.pointAt(event);
      const near = point && this.nearest(event);
      this.hint.textContent = near || (point ? `x = ${point[0]}, y = ${point[1]} · click to start here` : "click the map to start there");
    });
    this.canvas.addEventListener("mouseleave", () => { this.hint.textContent = "click the map to start there"; });
    this.onKey = (event) => {
      if (!this.root.isConnected) { document.removeEventListener("keydown", this.onKey); return; }
      const target = event.target, tag = target && target.tagName;
      if (event.code !== "Space" && event.key !== " ") return;
      if (tag === "INPUT" && target.type !== "range" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      if (tag === "BUTTON") return; // a focused button (Play too) does its own thing with Space
      event.preventDefault();
      if (event.repeat) return;
      this.toggle();
    };
    document.addEventListener("keydown", this.onKey);
    this.resize = new ResizeObserver(() => { this.background = null; this.draw(); });
    this.resize.observe(this.stage);
    this.tick = this.tick.bind(this);
  }

  update(bytes, api) {
    this.api = api;
    if (this.bytes && bytes && bytes.length === this.bytes.length && this.same(bytes)) return;
    this.bytes = bytes;
    const { header, lanes, png } = decode(bytes);
    const first = !this.header;
    this.header = header; this.lanes = lanes; this.background = null;
    this.root.style.height = header.height + "px";
    this.root.style.setProperty("--mp-font", header.font + "px");
    this.root.classList.toggle("mp-presenter", header.presenter);
    this.speed.innerHTML = "";
    header.speeds.forEach(([name, rate]) => {
      const option = document.createElement("option");
      option.value = String(rate); option.textContent = name;
      this.speed.appendChild(option);
    });
    if (!header.speeds.some(([, rate]) => rate === this.rate)) this.rate = 1;
    this.speed.value = String(this.rate); this.root.dataset.rate = String(this.rate);
    this.scrub.max = String(header.steps);
    // The page asks for a step (the inspector's slider moved): show it, unless it only echoes what this
    // player reported. Reporting the jump keeps the reported value in step, so that scrubbing back to the
    // previous step still counts as a change.
    const jump = !first && header.step !== this.lastHeaderStep && header.step !== this.reported;
    if (first || jump) { this.pause(false); this.position = header.step; }
    this.lastHeaderStep = header.step;
    this.position = Math.min(this.position, header.steps);
    this.buildLegend();
    const blob = new Blob([png], { type: "image/png" });
    const image = new Image();
    image.onload = () => { URL.revokeObjectURL(image.src); this.image = image; this.background = null; this.draw(); this.root.dataset.image = "1"; };
    image.src = URL.createObjectURL(blob);
    this.show(Math.floor(this.position));
    if (jump) this.report();
  }

  same(bytes) {
    const old = this.bytes;
    for (let k = 0; k < bytes.length; k += 61) if (bytes[k] !== old[k]) return false;
    for (let k = 0; k < Math.min(bytes.length, 4096); k++) if (bytes[k] !== old[k]) return false;
    return true;
  }

  buildLegend() {
    const h = this.header, items = [];
    this.lanes.forEach((lane, index) => {
      const suffix = lane.diverged_at !== null ? ` — diverged at step ${lane.diverged_at}` : "";
      items.push({ text: lane.label + suffix, line: lane.color, dash: lane.dash, symbol: lane.symbol, lane: true, index });
      if (lane.avg) items.push({ text: lane.avg.name, line: lane.color, dash: [1, 1.5], thin: true });
    });
    if (h.start.length) items.push({ text: "start", symbol: "circle", fill: "#FFFFFF" });
    if (h.minima.length) items.push({ text: h.minima.length === 1 ? "minimum" : "known minima", symbol: "star", fill: "#FFFFFF" });
    h.marks.forEach((mark) => items.push({ text: mark.label, symbol: "diamond", fill: "#FFFFFF" }));
    if (h.theory) items.push({ text: h.theory.name, line: "#444444", dash: [3, 2], thin: true });
    if (h.panels.loss.floored || h.panels.distance.floored) items.push({ text: h.panels.floor_name, line: "#777777", dash: [3, 2], thin: true });
    if (h.inspected && h.inspected.arrows) {
      items.push({ text: "−gradient (scaled to be visible)", line: "#222222", arrow: true });
      items.push({ text: "step taken", line: this.lanes[h.inspected.lane].color, arrow: true });
    }
    this.legend.innerHTML = "";
    const font = h.font;
    for (const item of items) {
      const entry = document.createElement(item.lane ? "button" : "span");
      entry.className = "mp-entry" + (item.lane ? " mp-lane" : "");
      if (item.lane) {
        entry.type = "button";
        entry.title = "show this lane alone (click again for all)";
        entry.addEventListener("click", () => this.isolate(item.index));
      }
      const swatch = document.createElement("canvas");
      const dpr = window.devicePixelRatio || 1;
      swatch.width = Math.round(font * 2.4 * dpr); swatch.height = Math.round(font * 1.1 * dpr);
      swatch.style.width = font * 2.4 + "px"; swatch.style.height = font * 1.1 + "px";
      const ctx = swatch.getContext("2d");
      ctx.scale(dpr, dpr);
      const w = font * 2.4, mid = font * 0.55;
      if (item.line) {
        ctx.strokeStyle = item.line; ctx.lineWidth = item.thin ? 2 : h.line;
        ctx.setLineDash((item.dash || []).map((d) => d * ctx.lineWidth));
        ctx.beginPath(); ctx.moveTo(2, mid); ctx.lineTo(w - 2, mid); ctx.stroke();
        if (item.arrow) arrow(ctx, 2, mid, w - 2, mid, item.line, 2.5);
      }
      if (item.symbol) marker(ctx, item.symbol, w / 2, mid, font * 0.38, item.fill || item.line, item.fill ? "#111111" : "#FFFFFF", 1.5);
      const text = document.createElement("span");
      text.textContent = item.text; // user text, shown literally
      entry.append(swatch, text);
      this.legend.appendChild(entry);
    }
  }

  toggle() { if (this.playing) this.pause(true); else this.play(); }

  // A legend click shows one lane alone (the others faint), as the Plotly map's legend did; again for all.
  isolate(index) {
    this.isolated = this.isolated === index ? null : index;
    this.legend.querySelectorAll(".mp-lane").forEach((entry, k) => {
      entry.classList.toggle("mp-faint", this.isolated !== null && this.isolated !== k);
    });
    this.draw();
  }

  alpha(k) { return this.isolated === null || this.isolated === k ? 1 : 0.15; }

  play() {
    if (!this.header || this.header.steps === 0) return;
    if (this.position >= this.header.steps) this.position = 0;
    this.playing = true; this.last = null;
    this.playButton.textContent = "❚❚ Pause";
    this.root.dataset.playing = "1";
    requestAnimationFrame(this.tick);
  }

  pause(report) {
    const was = this.playing;
    this.playing = false;
    this.playButton.textContent = "▶ Play";
    this.root.dataset.playing = "0";
    if (report && was) this.report();
  }

  report() {
    if (!this.api || !this.header) return;
    this.reported = this.step;
    this.api.setStateValue("step", this.step);
  }

  tick(now) {
    if (!this.playing) return;
    if (!this.root.isConnected) { this.playing = false; this.resize.disconnect(); return; }
    if (this.last !== null) {
      const dt = Math.min((now - this.last) / 1000, MAX_DT);
      this.position += (dt * this.rate * this.header.steps) / this.header.play_seconds;
    }
    this.last = now;
    if (this.position >= this.header.steps) {
      this.position = this.header.steps;
      this.show(this.header.steps);
      this.pause(true);
      return;
    }
    this.show(Math.floor(this.position));
    requestAnimationFrame(this.tick);
  }

  show(step) {
    this.step = Math.max(0, Math.min(step, this.header ? this.header.steps : 0));
    if (!this.playing) this.position = this.step;
    this.scrub.value = String(this.step);
    this.stepText.textContent = `step ${this.step} / ${this.header ? this.header.steps : 0}`;
    this.root.dataset.step = String(this.step);
    this.draw();
  }

  // The map point under the pointer, in whichever map it is (small multiples share one window).
  pointAt(event) {
    if (!this.geometry) return null;
    const rect = this.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left, py = event.clientY - rect.top;
    const m = this.geometry.maps.find((b) => px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h);
    if (!m) return null;
    const [[x0, x1], [y0, y1]] = this.header.window;
    const x = x0 + ((px - m.x) / m.w) * (x1 - x0), y = y1 - ((py - m.y) / m.h) * (y1 - y0);
    return [Math.round(x * 100) / 100, Math.round(y * 100) / 100]; // the start as the URL writes it
  }

  // The drawn point of a path nearest the pointer (within 10 px), in words: lane, step, loss.
  nearest(event) {
    const rect = this.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left, py = event.clientY - rect.top;
    let best = 100, found = null;
    this.lanes.forEach((lane, k) => {
      if (this.isolated !== null && this.isolated !== k) return;
      const m = this.mapOf(k);
      for (let i = 0; i <= Math.min(this.step, lane.end); i++) {
        const [x, y] = this.toMap(lane.xy[2 * i], lane.xy[2 * i + 1], m);
        const d = (x - px) ** 2 + (y - py) ** 2;
        if (d < best) { best = d; found = [lane, i]; }
      }
    });
    if (!found) return null;
    const [lane, i] = found, v = lane.lossValues[i];
    const what = this.header.panels.loss.title.replace(" (log)", "");
    const loss = Number.isFinite(v) ? ` · ${what} = ${v.toPrecision(3)}` : "";
    return `${lane.label} · step ${i}${loss}`;
  }

  click(event) {
    const point = this.pointAt(event);
    if (point && this.api) this.api.setTriggerValue("click", { x: point[0], y: point[1] });
  }

  // ---- drawing ----
  sizeCanvas() {
    const dpr = window.devicePixelRatio || 1;
    const width = this.stage.clientWidth, height = this.stage.clientHeight;
    if (width < 10 || height < 10) return false;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr); this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = width + "px"; this.canvas.style.height = height + "px";
      this.background = null;
    }
    this.dpr = dpr; this.width = width; this.height = height;
    return true;
  }

  // The map point (x, y) in the canvas, in the map box ``m`` (default: the first, the only one of one map).
  toMap(x, y, m = this.geometry.map) {
    const [[x0, x1], [y0, y1]] = this.header.window;
    return [m.x + ((x - x0) / (x1 - x0)) * m.w, m.y + ((y1 - y) / (y1 - y0)) * m.h];
  }

  toPanel(box, range, step, value) {
    const steps = Math.max(this.header.steps, 1);
    return [box.x + (step / steps) * box.w, box.y + box.h - ((Math.log10(value) - range[0]) / (range[1] - range[0])) * box.h];
  }

  draw() {
    if (!this.header || !this.sizeCanvas()) return;
    if (!this.background) this.drawBackground();
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.background, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.drawPaths(ctx);
    this.drawPanels(ctx);
    this.drawDecadeLabels(ctx);
    if (this.playing) { this.frames += 1; this.root.dataset.frames = String(this.frames); }
  }

  drawBackground() {
    const h = this.header, font = h.font;
    this.geometry = layout(h, this.width, this.height, font);
    const box = (g) => [g.x, g.y, g.w, g.h].map((v) => v.toFixed(1)).join(",");
    this.root.dataset.map = box(this.geometry.map);
    this.root.dataset.maps = this.geometry.maps.map(box).join(";");
    this.root.dataset.window = JSON.stringify(h.window);
    const canvas = document.createElement("canvas");
    canvas.width = this.canvas.width; canvas.height = this.canvas.height;
    const ctx = canvas.getContext("2d");
    ctx.scale(this.dpr, this.dpr);
    ctx.fillStyle = "#FFFFFF"; ctx.fillRect(0, 0, this.width, this.height);
    const small = smallFont(h);
    this.geometry.maps.forEach((box, k) => this.drawMapFrame(ctx, box, k, small));
    this.drawColorbar(ctx, small);
    const m = this.geometry.map; // the theory's lines and a notice: on the first map only, as the Plotly map
    ctx.save(); ctx.beginPath(); ctx.rect(m.x, m.y, m.w, m.h); ctx.clip();
    if (h.theory) this.drawTheory(ctx, font);
    ctx.restore();
    for (const name of ["loss", "distance"]) this.drawPanelFrame(ctx, name, small);
    if (h.notice) labelBox(ctx, h.notice, m.x + m.w / 2, m.y + m.h / 2, `${font}px Arial`, "#222222", "center", "middle");
    this.background = canvas;
  }

  // One map's landscape, frame and ticks; in small multiples its lane's name above it, in its colour, and the
  // axis titles on the first column and the bottom row only.
  drawMapFrame(ctx, m, k, small) {
    const h = this.header, font = h.font, [[x0, x1], [y0, y1]] = h.window;
    const multiples = this.geometry.multiples;
    if (this.image) { ctx.imageSmoothingEnabled = true; ctx.drawImage(this.image, m.x, m.y, m.w, m.h); }
    else { ctx.fillStyle = "#E4ECE8"; ctx.fillRect(m.x, m.y, m.w, m.h); }
    ctx.strokeStyle = "#444444"; ctx.lineWidth = 1; ctx.strokeRect(m.x, m.y, m.w, m.h);
    ctx.fillStyle = "#222222"; ctx.font = small;
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const xTicks = niceTicks(x0, x1, Math.max(multiples ? 2 : 3, Math.floor(m.w / (font * 5))));
    for (const v of xTicks) {
      const [px] = this.toMap(v, y0, m);
      ctx.fillRect(px - 0.5, m.y + m.h, 1, 5); ctx.fillText(tickText(v), px, m.y + m.h + 7);
    }
    if (!multiples || m.last) ctx.fillText("x", m.x + m.w / 2, m.y + m.h + font * 1.45);
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const v of niceTicks(y0, y1, Math.max(multiples ? 2 : 4, Math.floor(m.h / (font * 3))))) {
      const [, py] = this.toMap(x0, v, m);
      ctx.fillRect(m.x - 5, py - 0.5, 5, 1); ctx.fillText(tickText(v), m.x - 7, py);
    }
    if (!multiples || m.column === 0) {
      ctx.save(); ctx.translate(m.x - font * 2.7, m.y + m.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("y", 0, 0); ctx.restore();
    }
    if (!multiples) return;
    const lane = this.lanes[k];
    const size = this.geometry.narrow && !h.presenter ? Math.round(font * 0.87) : font;
    ctx.font = `bold ${size}px Arial, Helvetica, sans-serif`; ctx.fillStyle = lane.color;
    ctx.textAlign = "left"; ctx.textBaseline = "bottom";
    let title = h.multiples.titles[k];
    while (title.length > 2 && ctx.measureText(title).width > m.w) title = title.slice(0, -2) + "…";
    ctx.fillText(title, m.x, m.y - 4); // user text: fillText shows it literally
  }

  drawColorbar(ctx, small) {
    const bar = this.geometry.bar, cb = this.header.colorbar, n = cb.bands.length;
    cb.bands.forEach((colour, k) => {
      ctx.fillStyle = colour;
      ctx.fillRect(bar.x, bar.y + bar.h - ((k + 1) / n) * bar.h, bar.w, bar.h / n + 0.5);
    });
    ctx.strokeStyle = "#666666"; ctx.lineWidth = 1; ctx.strokeRect(bar.x, bar.y, bar.w, bar.h);
    ctx.fillStyle = "#222222"; ctx.font = small; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    let lastY = Infinity;
    for (const [t, text] of cb.ticks) {
      const y = bar.y + bar.h - t * bar.h;
      if (lastY - y < parseFloat(small) * 1.05) continue;
      ctx.fillRect(bar.x + bar.w, y - 0.5, 4, 1); ctx.fillText(text, bar.x + bar.w + 6, y);
      lastY = y;
    }
    ctx.textAlign = "left"; ctx.textBaseline = "bottom";
    ctx.fillText(cb.title, bar.x - 4, bar.y - parseFloat(small) * 0.75);
  }

  drawTheory(ctx, font) {
    const t = this.header.theory, [[x0, x1], [y0, y1]] = this.header.window;
    const reach = Math.hypot(x1 - x0, y1 - y0);
    ctx.save(); ctx.strokeStyle = "#444444"; ctx.lineWidth = Math.max(1.5, this.header.line / 2); ctx.setLineDash([6, 4]);
    for (const [mx, my, vx, vy] of t.lines) {
      const [ax, ay] = this.toMap(mx - reach * vx, my - reach * vy), [bx, by] = this.toMap(mx + reach * vx, my + reach * vy);
      ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
    }
    ctx.restore();
    // A small multiple is too small for the κ box too: there the legend's entry names κ.
    const multiples = this.geometry.multiples, f = multiples ? smallFont(this.header) : `${font}px Arial, Helvetica, sans-serif`;
    const m = this.geometry.map, drawn = [];
    for (const [x, y, text, xanchor, yanchor] of m.w < font * 10 ? [] : t.labels) { // a phone's multiple: lines only
      const [px, py] = this.toMap(x, y), baseline = yanchor === "bottom" ? "bottom" : "top";
      labelBox(ctx, text, px, py, f, "#333333", xanchor, baseline);
      drawn.push(labelRect(ctx, text, px, py, f, xanchor, baseline));
    }
    // The κ box is left out where it would cover an eigenvalue's label (a phone's small map): the
    // legend's entry names κ too.
    const kappa = labelRect(ctx, t.kappa, m.x + 6, m.y + 6, f, "left", "top");
    if (!multiples && !drawn.some((r) => overlaps(r, kappa))) labelBox(ctx, t.kappa, m.x + 6, m.y + 6, f, "#222222", "left", "top");
  }

  // The log panels' decade labels sit inside the panels: drawn after the curves, on a light box, so that a
  // curve passing under a label neither hides it nor is read as part of it.
  drawDecadeLabels(ctx) {
    const small = smallFont(this.header);
    for (const name of ["loss", "distance"]) {
      const box = this.geometry[name], panel = this.header.panels[name];
      if (!panel.range) continue;
      for (const k of panel.decades) {
        const [, y] = this.toPanel(box, panel.range, 0, Math.pow(10, k));
        labelBox(ctx, decade(k), box.x + 4, y, small, "#222222", "left", "middle");
      }
    }
  }

  drawPanelFrame(ctx, name, small) {
    const box = this.geometry[name], panel = this.header.panels[name], font = this.header.font;
    ctx.strokeStyle = "#BBBBBB"; ctx.lineWidth = 1; ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222222"; ctx.font = smallFont(this.header, 0.93);
    ctx.textAlign = "left"; ctx.textBaseline = "bottom"; ctx.fillText(panel.title, box.x, box.y - 4);
    ctx.font = small;
    if (panel.range) {
      ctx.textBaseline = "middle";
      for (const k of panel.decades) {
        const [, y] = this.toPanel(box, panel.range, 0, Math.pow(10, k));
        ctx.fillStyle = "#EEEEEE"; ctx.fillRect(box.x + 1, y - 0.5, box.w - 2, 1);
      }  // the decades' labels are drawn over the curves, each frame (drawDecadeLabels)
      if (panel.floored) {
        const [, y] = this.toPanel(box, panel.range, 0, panel.floor);
        if (y >= box.y && y <= box.y + box.h) {
          ctx.save(); ctx.strokeStyle = "#777777"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
          ctx.beginPath(); ctx.moveTo(box.x, y); ctx.lineTo(box.x + box.w, y); ctx.stroke(); ctx.restore();
        }
      }
    } else if (panel.none) {
      ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.fillText(panel.none, box.x + box.w / 2, box.y + box.h / 2);
    }
    if (name === "distance" || this.geometry.stacked) {
      ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.fillStyle = "#222222";
      for (const v of niceTicks(0, Math.max(this.header.steps, 1), Math.max(2, Math.floor(box.w / (font * 4))))) {
        const x = box.x + (v / Math.max(this.header.steps, 1)) * box.w;
        const text = String(Math.round(v)), half = ctx.measureText(text).width / 2;
        ctx.fillRect(x - 0.5, box.y + box.h, 1, 4);
        ctx.fillText(text, Math.max(half + 2, Math.min(x, this.width - half - 2)), box.y + box.h + 6);
      }
      ctx.textAlign = "center"; ctx.fillText("step", box.x + box.w / 2, box.y + box.h + font * 1.35);
    }
    let row = 0;
    this.lanes.forEach((lane) => {
      if (lane.diverged_at === null) return;
      const x = box.x + (lane.diverged_at / Math.max(this.header.steps, 1)) * box.w;
      ctx.save(); ctx.strokeStyle = lane.color; ctx.lineWidth = 2; ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(x, box.y); ctx.lineTo(x, box.y + box.h); ctx.stroke(); ctx.restore();
      if (name === "loss") {
        const f = smallFont(this.header);
        const right = x > box.x + box.w * 0.6;
        labelBox(ctx, `diverged at step ${lane.diverged_at}`, x + (right ? -4 : 4), box.y + 4 + row * font * 1.3, f, lane.color, right ? "right" : "left", "top");
        row += 1;
      }
    });
  }

  // Points closer than a pixel to the last one drawn add nothing visible but cost every frame: skipped,
  // except the path's last point (the data keep every step; the scrubber reaches each one).
  polyline(ctx, xy, first, last, project) {
    let open = false, lx = 0, ly = 0;
    ctx.beginPath();
    for (let i = first; i <= last; i++) {
      const x = xy[2 * i], y = xy[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) { open = false; continue; }
      const [px, py] = project(x, y);
      if (!open) { ctx.moveTo(px, py); open = true; lx = px; ly = py; continue; }
      if (i < last && Math.abs(px - lx) < 1 && Math.abs(py - ly) < 1) continue;
      ctx.lineTo(px, py); lx = px; ly = py;
    }
    ctx.stroke();
  }

  // The map box lane k is drawn in: its own in small multiples, the one map otherwise.
  mapOf(k) { return this.geometry.multiples ? this.geometry.maps[k] : this.geometry.map; }

  drawPaths(ctx) {
    const h = this.header, t = this.step, look = h.line;
    ctx.lineJoin = "round"; ctx.lineCap = "round";
    this.lanes.forEach((lane, k) => {
      const end = Math.min(t, lane.end);
      if (end < 0) return;
      const m = this.mapOf(k), project = (x, y) => this.toMap(x, y, m);
      ctx.save(); ctx.beginPath(); ctx.rect(m.x, m.y, m.w, m.h); ctx.clip();
      ctx.globalAlpha = this.alpha(k);
      const faint = lane.cross && lane.cross.faint_from !== null ? lane.cross.faint_from : null;
      ctx.strokeStyle = lane.color; ctx.lineWidth = look; ctx.setLineDash(lane.dash.map((d) => d * look));
      this.polyline(ctx, lane.xy, 0, faint === null ? end : Math.min(end, faint), project);
      if (faint !== null && end > faint) {
        ctx.save(); ctx.globalAlpha = 0.3 * this.alpha(k); ctx.setLineDash([]); ctx.lineWidth = look * 0.7;
        this.polyline(ctx, lane.xy, faint, end, project); ctx.restore();
      }
      if (h.show_points) {
        ctx.fillStyle = lane.color;
        const last = faint === null ? end : Math.min(end, faint);
        for (let i = 0; i <= last; i++) {
          const x = lane.xy[2 * i], y = lane.xy[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const [px, py] = project(x, y);
          ctx.fillRect(px - look * 0.6, py - look * 0.6, look * 1.2, look * 1.2);
        }
      }
      if (lane.avg) {
        ctx.save(); ctx.setLineDash([1, 2.5].map((d) => d * look * 0.8)); ctx.lineWidth = look * 0.8;
        this.polyline(ctx, lane.avg.xy, 0, end, project); ctx.restore();
      }
      ctx.restore();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    const font = h.font, labelFont = this.geometry.multiples ? smallFont(h) : `${font}px Arial, Helvetica, sans-serif`;
    for (const m of this.geometry.maps) {
      const project = (x, y) => this.toMap(x, y, m);
      for (const [x, y] of h.minima) { const [px, py] = project(x, y); marker(ctx, "star", px, py, (h.marker + 6) / 2, "#FFFFFF", "#111111", 2); }
      for (const mark of h.marks) { const [px, py] = project(mark.x, mark.y); marker(ctx, "diamond", px, py, (h.marker + 2) / 2, "#FFFFFF", "#111111", 2.5); }
      for (const [x, y] of h.start) { const [px, py] = project(x, y); marker(ctx, "circle", px, py, (h.marker + 3) / 2, "#FFFFFF", "#111111", 3); }
    }
    this.lanes.forEach((lane, k) => {
      const at = Math.min(t, lane.end);
      if (at < 0) return;
      const m = this.mapOf(k), project = (x, y) => this.toMap(x, y, m);
      ctx.globalAlpha = this.alpha(k);
      const [px, py] = project(lane.xy[2 * at], lane.xy[2 * at + 1]);
      const inside = px >= m.x && px <= m.x + m.w && py >= m.y && py <= m.y + m.h;
      if (inside && Number.isFinite(px) && Number.isFinite(py)) marker(ctx, lane.symbol, px, py, h.marker / 2, lane.color, "#FFFFFF", 2);
      if (lane.cross && t >= lane.cross.step) {
        const [cx, cy] = project(lane.cross.x, lane.cross.y);
        cross(ctx, cx, cy, (h.marker + 4) / 2, lane.color);
        const below = cy < m.y + font * 2, inset = Math.min(90, m.w / 2);
        labelBox(ctx, lane.cross.text, Math.min(Math.max(cx, m.x + inset), m.x + m.w - inset), cy + (below ? 12 : -12), labelFont, lane.color, "center", below ? "top" : "bottom");
      }
    });
    ctx.globalAlpha = 1;
    const inspected = h.inspected;
    if (inspected) this.drawInspected(ctx, (x, y) => this.toMap(x, y, this.mapOf(inspected.lane)), this.mapOf(inspected.lane));
  }

  // The inspector's step ringed in its lane's map (``m``), with the gradient and the step taken as arrows.
  drawInspected(ctx, project, m) {
    const h = this.header, inspected = h.inspected;
    if (!inspected || inspected.step !== this.step) return;
    const lane = this.lanes[inspected.lane], a = inspected.arrows;
    const i = Math.min(inspected.step - 1, lane.end);
    if (i < 0) return;
    const base = a && a.position.every(Number.isFinite) ? a.position : [lane.xy[2 * i], lane.xy[2 * i + 1]];
    const [px, py] = project(base[0], base[1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    ctx.save();
    ctx.strokeStyle = "#FFFFFF"; ctx.lineWidth = 6; ctx.beginPath(); ctx.arc(px, py, h.marker, 0, 2 * Math.PI); ctx.stroke();
    ctx.strokeStyle = lane.color; ctx.lineWidth = 3; ctx.beginPath(); ctx.arc(px, py, h.marker, 0, 2 * Math.PI); ctx.stroke();
    ctx.restore();
    if (!a) return;
    const visible = Math.min(m.w, m.h) * 0.2, font = smallFont(h);
    const [gx, gy] = a.gradient;
    if (Number.isFinite(gx) && Number.isFinite(gy) && Math.hypot(gx, gy) > 0) {
      const [tx, ty] = project(base[0] - gx, base[1] - gy);
      const len = Math.hypot(tx - px, ty - py), k = visible / len;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#222222", h.line);
      labelBox(ctx, "−gradient", px + (tx - px) * k, py + (ty - py) * k - 6, font, "#222222", "center", "bottom");
    }
    const [ux, uy] = a.update;
    if (Number.isFinite(ux) && Number.isFinite(uy) && Math.hypot(ux, uy) > 0) {
      const [tx, ty] = project(base[0] + ux, base[1] + uy);
      const len = Math.hypot(tx - px, ty - py), least = h.marker * 2.6;
      // a step shorter than the marker would vanish under it: drawn longer, and the label says by how much
      const k = len < least ? least / len : 1;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#FFFFFF", h.line + 4);
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, lane.color, h.line + 1);
      const text = k > 1 ? `step taken (drawn ×${k.toPrecision(2)})` : "step taken";
      labelBox(ctx, text, px + (tx - px) * k, py + (ty - py) * k + 6, font, lane.color, "center", "top");
    }
  }

  drawPanels(ctx) {
    const t = this.step, look = this.header.line * 0.8;
    for (const name of ["loss", "distance"]) {
      const box = this.geometry[name], panel = this.header.panels[name];
      if (!panel.range) continue;
      const range = panel.range;
      ctx.save(); ctx.beginPath(); ctx.rect(box.x, box.y - 1, box.w, box.h + 2); ctx.clip();
      ctx.lineJoin = "round";
      const values = name === "loss" ? "lossValues" : "distanceValues";
      this.lanes.forEach((lane, k) => {
        const series = lane[values];
        const end = Math.min(t, series.length - 1);
        ctx.globalAlpha = this.alpha(k);
        ctx.strokeStyle = lane.color; ctx.lineWidth = look; ctx.setLineDash(lane.dash.map((d) => d * look));
        this.curve(ctx, box, range, series, end);
        if (lane.avg && lane.avg[name]) {
          ctx.save(); ctx.setLineDash([1, 2.5].map((d) => d * look)); ctx.lineWidth = look * 0.75;
          this.curve(ctx, box, range, lane.avg[name], end); ctx.restore();
        }
      });
      ctx.setLineDash([]);
      this.lanes.forEach((lane, k) => {
        const series = lane[values];
        if (t > lane.end || t >= series.length) return;
        ctx.globalAlpha = this.alpha(k);
        const v = series[t];
        if (!(v > 0) || !Number.isFinite(v)) return;
        const [px, py] = this.toPanel(box, range, t, v);
        marker(ctx, lane.symbol, px, py, (this.header.marker - 3) / 2, lane.color, "#FFFFFF", 1.5);
      });
      ctx.globalAlpha = 1;
      ctx.restore();
    }
  }

  curve(ctx, box, range, series, end) {
    let open = false;
    ctx.beginPath();
    const steps = Math.max(this.header.steps, 1), span = range[1] - range[0];
    let lx = 0, ly = 0;
    for (let i = 0; i <= end; i++) {
      const v = series[i];
      if (!(v > 0) || !Number.isFinite(v)) { open = false; continue; }
      const px = box.x + (i / steps) * box.w, py = box.y + box.h - ((Math.log10(v) - range[0]) / span) * box.h;
      if (!open) { ctx.moveTo(px, py); open = true; lx = px; ly = py; continue; }
      if (i < end && px - lx < 1 && Math.abs(py - ly) < 1) continue; // under a pixel: see polyline
      ctx.lineTo(px, py); lx = px; ly = py;
    }
    ctx.stroke();
  }
}

export default function (component) {
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
