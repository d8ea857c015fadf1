// @ts-check
// The network lab's player (see ui/lab_player.py): one transport (the map player's, transport.js) drives every
// figure of one or two configurations; each configuration is a column with its own canvas (RunView, paint.js).

const LAB_PLAYERS = new WeakMap();

class LabPlayer {
  constructor(parent) {
    this.root = document.createElement("div");
    this.root.className = "mp-root lp-root";
    this.root.innerHTML =
      '<div class="lp-controls"><div class="mp-bar"><button type="button" class="mp-play">▶ Play</button>' +
      '<button type="button" class="mp-stepper" aria-label="one step on">Step ▸</button>' +
      '<button type="button" class="mp-reset" aria-label="back to step 0">⟲ Reset</button>' +
      '<label class="mp-speed-label">speed <select class="mp-speed"></select></label>' +
      '<span class="mp-step"></span><span class="mp-hint">Space: play or pause · arrow keys on the scrubber: one step</span></div>' +
      '<input type="range" class="mp-scrub" min="0" max="1" step="1" value="0" aria-label="step"></div>' +
      '<div class="lp-columns"></div><p class="mp-sr mp-about"></p>' +
      '<div class="mp-sr mp-live" role="status" aria-live="polite" aria-atomic="true"></div>';
    parent.appendChild(this.root);
    this.columns = this.root.querySelector(".lp-columns");
    this.about = this.root.querySelector(".mp-about");
    this.about.id = `lp-about-${++LabPlayer.count}`;
    this.views = [];
    this.transport = new Transport(this.root, {
      show: (step) => this.drawAll(step),
      spoken: (step) => this.spoken(step),
      report: (step) => this.api && this.api.setStateValue("step", step),
      next: (step) => this.next(step),
    });
    this.resize = new ResizeObserver(() => this.drawAll(this.transport.step));
    this.resize.observe(this.columns);
  }

  drawAll(step) {
    for (const view of this.views) view.draw(step);
  }

  update(bytes, api) {
    this.api = api;
    if (this.bytes && bytes.length === this.bytes.length && bytes.every((v, k) => v === this.bytes[k]))
      return;
    this.bytes = bytes;
    const { header, runs, data } = decodeLab(bytes);
    const first = !this.header;
    this.header = header;
    this.root.style.setProperty("--mp-font", header.font + "px");
    this.root.classList.toggle("mp-presenter", header.presenter);
    // presenter mode scrolls the figures within the window (ui/network_lab.py): the keyboard reaches them too
    if (header.presenter) {
      this.columns.tabIndex = 0;
      this.columns.setAttribute("role", "region");
      this.columns.setAttribute("aria-label", "the lab's figures (scroll with the arrow keys)");
    }
    while (this.views.length > runs.length) this.views.pop().column.remove();
    while (this.views.length < runs.length) {
      const view = new RunView(this, this.views.length);
      this.columns.appendChild(view.column);
      this.views.push(view);
    }
    this.columns.dataset.count = String(runs.length);
    this.about.textContent = header.text.description; // plain text, never HTML
    runs.forEach((run, k) => {
      this.views[k].setRun(run, header, data);
      const canvas = this.views[k].canvas;
      canvas.setAttribute("aria-label", `${header.text.name}${runs.length > 1 ? `, ${run.title}` : ""}`);
      canvas.setAttribute("aria-describedby", this.about.id);
    });
    this.transport.configure(header.steps, header.play_seconds, header.speeds);
    this.warm(0);
    if (first) this.transport.position = header.step;
    this.transport.show(Math.floor(Math.min(this.transport.position, header.steps)));
    // drawn: the mark the map player sets once its picture is in (the page's tests wait for it on every player)
    this.root.dataset.image = "1";
  }

  /** Colours every checkpoint's regions and unit maps ahead of playback, a few at a time between frames (each
   * takes a few milliseconds: during playback a new checkpoint comes every few frames). */
  warm(from) {
    const bytes = this.bytes,
      count = Math.max(0, ...this.views.map((view) => view.run.checkpoints.length));
    setTimeout(() => {
      if (bytes !== this.bytes || !this.root.isConnected) return; // a newer message, or the page moved on
      for (let k = from; k < Math.min(from + 4, count); k++) for (const view of this.views) view.prepare(k);
      if (from + 4 < count) this.warm(from + 4);
    }, 30);
  }

  /** The next step any run recorded its curves at (every step up to 1,000 steps). */
  next(step) {
    let best = Infinity;
    for (const view of this.views) {
      const steps = view.run.trace.steps,
        i = lastAtOrBefore(steps, step);
      if (i + 1 < steps.length) best = Math.min(best, steps[i + 1]);
    }
    return Number.isFinite(best) ? Math.round(best) : step + 1;
  }

  /** The step shown, in words: each run's losses (and accuracy) there, or where it diverged. */
  spoken(step) {
    const parts = this.views.map((view) => {
      const run = view.run,
        t = run.trace,
        i = lastAtOrBefore(t.steps, step);
      const who = this.views.length > 1 ? `${run.title}: ` : "";
      if (run.diverged_at !== null && step >= run.diverged_at)
        return `${who}diverged at step ${run.diverged_at}`;
      let words = `${who}training loss ${fixed(t.train_loss[i])}, validation loss ${fixed(t.validation_loss[i])}`;
      if (t.validation_accuracy) words += `, validation accuracy ${percent(t.validation_accuracy[i])}`;
      return words;
    });
    return `Step ${step} of ${this.header.steps}. ${parts.join("; ")}.`;
  }
}

LabPlayer.count = 0;

// The entry point: Streamlit calls it with every rerun's data.
export default function mountLabPlayer(component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let player = LAB_PLAYERS.get(parentElement);
  if (!player || !player.root.isConnected) {
    player = new LabPlayer(parentElement);
    LAB_PLAYERS.set(parentElement, player);
  }
  if (data) player.update(data, { setStateValue, setTriggerValue });
}
