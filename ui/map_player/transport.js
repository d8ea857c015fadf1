// @ts-check
// The transport of a canvas player, the map's and the network lab's alike: Play/Pause, Step, Reset, the speed
// menu, the step shown, a scrubber over every step, Space to play or pause, a live region that says the step
// when playback pauses or the scrubber is released, and the clock. The clock advances playback by the time
// elapsed between frames, whatever the frame rate (a busy machine draws a few frames a second, and 4x must
// still play four times as fast as 1x); a hidden tab draws no frames, and a gap longer than
// TRANSPORT_PAUSE_DT (a laptop asleep) counts as a pause: playback resumes where it was.
const TRANSPORT_PAUSE_DT = 10; // s
// Space plays one player: the one last clicked or focused, else the first on the page (the lab page has its
// own player and a map; Space toggling both would start one and stop the other).
const TRANSPORTS = [];
let activeTransport = null;

class Transport {
  /**
   * @param {HTMLElement} root holds the controls by class: .mp-play, .mp-speed, .mp-step, .mp-scrub, .mp-live,
   *   and optionally .mp-stepper (one step on) and .mp-reset (back to step 0)
   * @param {{show: (step: number) => void, spoken: (step: number) => string, report?: (step: number) => void,
   *   next?: (step: number) => number, gone?: () => void}} owner draws a step, says it in words, hears where
   *   playback stopped, names the step after one (Step), and lets go of what it watches once off the page
   */
  constructor(root, owner) {
    this.root = root;
    this.owner = owner;
    const find = (name) => /** @type {any} */ (root.querySelector(name));
    this.playButton = find(".mp-play");
    this.speed = find(".mp-speed");
    this.stepText = find(".mp-step");
    this.scrub = find(".mp-scrub");
    this.live = find(".mp-live");
    this.stepper = find(".mp-stepper");
    this.resetButton = find(".mp-reset");
    this.steps = 0;
    this.step = 0;
    this.position = 0;
    this.playing = false;
    this.rate = 1;
    this.frames = 0;
    this.playSeconds = 8;
    this.last = null;
    this.reported = null;
    this.playButton.addEventListener("click", () => this.toggle());
    this.speed.addEventListener("change", () => {
      this.rate = parseFloat(this.speed.value);
      this.root.dataset.rate = String(this.rate);
    });
    this.scrub.addEventListener("input", () => {
      this.pause(false);
      this.show(parseInt(this.scrub.value, 10));
    });
    this.scrub.addEventListener("change", () => this.report());
    if (this.stepper) this.stepper.addEventListener("click", () => this.stepOn());
    if (this.resetButton) this.resetButton.addEventListener("click", () => this.reset());
    TRANSPORTS.push(this);
    const activate = () => {
      activeTransport = this;
    };
    root.addEventListener("pointerdown", activate);
    root.addEventListener("focusin", activate);
    this.onKey = (/** @type {KeyboardEvent} */ event) => {
      if (!this.root.isConnected) {
        document.removeEventListener("keydown", this.onKey);
        TRANSPORTS.splice(TRANSPORTS.indexOf(this), 1);
        return;
      }
      const on = activeTransport && activeTransport.root.isConnected;
      if ((on ? activeTransport : TRANSPORTS.find((t) => t.root.isConnected)) !== this) return;
      const target = /** @type {any} */ (event.target);
      const tag = target && target.tagName;
      if (event.code !== "Space" && event.key !== " ") return;
      const typing = (tag === "INPUT" && target.type !== "range") || tag === "TEXTAREA" || tag === "SELECT";
      if (typing || (target && target.isContentEditable)) return;
      if (tag === "BUTTON") return; // a focused button (Play too) does its own thing with Space
      event.preventDefault();
      if (event.repeat) return;
      this.toggle();
    };
    document.addEventListener("keydown", this.onKey);
    this.onVisible = () => {
      this.last = null; // back from a hidden tab: the clock restarts, playback does not jump
      if (!this.root.isConnected) document.removeEventListener("visibilitychange", this.onVisible);
    };
    document.addEventListener("visibilitychange", this.onVisible);
    this.tick = this.tick.bind(this);
  }

  /** The run's length, the time 1x takes to play it, and the speed menu ([name, rate] pairs). */
  configure(steps, playSeconds, speeds) {
    this.steps = steps;
    this.playSeconds = playSeconds;
    this.speed.innerHTML = "";
    for (const [name, rate] of speeds) {
      const option = document.createElement("option");
      option.value = String(rate);
      option.textContent = name;
      this.speed.appendChild(option);
    }
    if (!speeds.some(([, rate]) => rate === this.rate)) this.rate = 1;
    this.speed.value = String(this.rate);
    this.root.dataset.rate = String(this.rate);
    this.scrub.max = String(steps);
    this.position = Math.min(this.position, steps);
  }

  toggle() {
    if (this.playing) this.pause(true);
    else this.play();
  }

  play() {
    if (this.steps === 0) return;
    if (this.position >= this.steps) this.position = 0;
    this.playing = true;
    this.last = null;
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

  /** One step on (the owner's next recorded step), paused; said in the live region. */
  stepOn() {
    this.pause(false);
    const next = this.owner.next ? this.owner.next(this.step) : this.step + 1;
    this.show(Math.min(next, this.steps));
    this.report();
  }

  reset() {
    this.pause(false);
    this.show(0);
    this.report();
  }

  report() {
    this.reported = this.step;
    if (this.owner.report) this.owner.report(this.step);
    this.live.textContent = this.owner.spoken(this.step);
  }

  tick(now) {
    if (!this.playing) return;
    if (!this.root.isConnected) {
      this.playing = false;
      if (this.owner.gone) this.owner.gone();
      return;
    }
    if (this.last !== null) {
      const dt = (now - this.last) / 1000;
      if (dt <= TRANSPORT_PAUSE_DT) this.position += (dt * this.rate * this.steps) / this.playSeconds;
    }
    this.last = now;
    this.root.dataset.clock = now.toFixed(1); // the frame's time, beside its step (a speed test reads both)
    if (this.position >= this.steps) {
      this.position = this.steps;
      this.show(this.steps);
      this.pause(true);
      return;
    }
    this.show(Math.floor(this.position));
    this.frames += 1;
    this.root.dataset.frames = String(this.frames);
    requestAnimationFrame(this.tick);
  }

  show(step) {
    this.step = Math.max(0, Math.min(step, this.steps));
    if (!this.playing) this.position = this.step;
    this.scrub.value = String(this.step);
    this.stepText.textContent = `step ${this.step} / ${this.steps}`;
    this.root.dataset.step = String(this.step);
    this.owner.show(this.step);
  }
}
