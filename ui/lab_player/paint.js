// @ts-check
// How one configuration's column of the lab player is painted (see ui/lab_player.py): a background drawn once
// per size (frames, ticks, the whole curves, the early-stopping and divergence lines), then each frame the
// decision regions at the checkpoint reached, the points, the step marker on every curve, the histograms, and
// the network diagram. Every text is drawn with fillText: shown literally, never as markup.

/** Log-axis ticks over ``range`` (log10): whole decades, or 1, 2 and 5 times them on a short axis. */
function logTicks(range) {
  const [low, high] = range,
    ticks = [];
  const mantissas = high - low < 2.5 ? [1, 2, 5] : [1];
  for (let k = Math.floor(low); k <= Math.ceil(high); k++) {
    for (const m of mantissas) {
      const v = m * 10 ** k,
        at = Math.log10(v);
      if (at >= low - 1e-9 && at <= high + 1e-9) ticks.push(v);
    }
  }
  return ticks;
}

class RunView {
  constructor(player, index) {
    this.player = player;
    this.index = index;
    this.column = document.createElement("div");
    this.column.className = "lp-column";
    this.title = document.createElement("div");
    this.title.className = "lp-title";
    this.canvas = document.createElement("canvas");
    this.canvas.className = "lp-canvas";
    this.canvas.setAttribute("role", "img");
    this.column.append(this.title, this.canvas);
    this.background = null;
    this.images = new Map(); // checkpoint -> the regions' image (a small canvas the browser scales up smoothly)
    this.atlases = new Map(); // checkpoint -> every drawn unit's map, side by side
    this.width = 0;
  }

  setRun(run, header, data) {
    this.run = run;
    this.header = header;
    this.data = data;
    this.title.textContent = header.runs.length > 1 ? run.title : ""; // user text, shown literally
    this.title.hidden = header.runs.length < 2;
    this.background = null;
    this.images.clear();
    this.atlases.clear();
    this.points = null;
  }

  /** Lays the figures out for the column's width; false while it has none. */
  size() {
    const width = this.column.clientWidth;
    if (width < 50) return false;
    if (width !== this.width || !this.boxes) {
      const d = this.run.diagram;
      const rows = d ? Math.max(...d.widths) : 0;
      this.boxes = labLayout(width, this.header.font, this.run.histograms.hidden, rows);
      this.width = width;
      const dpr = window.devicePixelRatio || 1,
        height = Math.ceil(this.boxes.height);
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = width + "px";
      this.canvas.style.height = height + "px";
      this.dpr = dpr;
      this.height = height;
      this.background = null;
      this.points = null;
    }
    return true;
  }

  font(share = 0.87) {
    const h = this.header;
    return `${h.presenter ? h.font : Math.round(h.font * share)}px Arial, Helvetica, sans-serif`;
  }

  /** x of ``step`` on a step axis from 0 to the longest run's last step (shared by the columns). */
  xOf(box, step) {
    return box.x + (step / Math.max(this.header.steps, 1)) * box.w;
  }

  yLog(box, range, v) {
    return box.y + box.h - ((Math.log10(v) - range[0]) / (range[1] - range[0])) * box.h;
  }

  draw(step) {
    if (!this.run || !this.size()) return;
    if (!this.background) this.drawBackground();
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext("2d"));
    const checkpoint = lastAtOrBefore(this.run.checkpoints, step);
    // between two checkpoints only the step markers move: the panels they cross are restored from the
    // background and drawn again, the rest of the canvas stays (a software canvas copies 1.6 Mpx slowly)
    const full = checkpoint !== this.shown;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    if (full) ctx.drawImage(this.background, 0, 0);
    else for (const box of this.markerBoxes()) this.restore(ctx, box);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    if (full) {
      this.drawRegions(ctx, checkpoint);
      this.drawHistograms(ctx, checkpoint);
      if (this.run.diagram) this.drawDiagram(ctx, checkpoint);
    }
    this.drawMarkers(ctx, step, checkpoint);
    this.shown = checkpoint;
    this.column.dataset.checkpoint = String(this.run.checkpoints[checkpoint]);
    this.column.dataset.step = String(step);
  }

  /** The images of checkpoint ``k`` (coloured now, drawn later). */
  prepare(k) {
    if (k >= this.run.checkpoints.length) return;
    this.regionImage(k);
    if (this.run.diagram) this.unitMaps(k);
  }

  /** The panels the step marker crosses, with room for its dots at their edges. */
  markerBoxes() {
    const b = this.boxes,
      m = 6;
    return [b.loss, b.accuracy, b.gradients, b.ratios].map((box) => ({
      x: box.x - m,
      y: box.y - m,
      w: box.w + 2 * m,
      h: box.h + 2 * m,
    }));
  }

  /** Copies ``box`` (CSS px) of the background onto the canvas, pixel for pixel. */
  restore(ctx, box) {
    const d = this.dpr,
      x = Math.max(Math.floor(box.x * d), 0),
      y = Math.max(Math.floor(box.y * d), 0);
    const w = Math.min(Math.ceil(box.w * d), this.canvas.width - x),
      h = Math.min(Math.ceil(box.h * d), this.canvas.height - y);
    if (w > 0 && h > 0) ctx.drawImage(this.background, x, y, w, h, x, y, w, h);
  }

  drawBackground() {
    this.shown = null;
    const canvas = document.createElement("canvas");
    canvas.width = this.canvas.width;
    canvas.height = this.canvas.height;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.scale(this.dpr, this.dpr);
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, this.width, this.height);
    const b = this.boxes,
      run = this.run,
      axes = this.header.axes,
      t = run.trace;
    this.drawTitle(ctx, b.loss, "loss (log): training solid, validation dashed");
    this.drawTitle(ctx, b.accuracy, run.trace.train_accuracy ? "accuracy" : "accuracy: none for regression");
    this.stepAxis(ctx, b.loss);
    this.stepAxis(ctx, b.accuracy);
    if (axes.loss) {
      this.logAxis(ctx, b.loss, axes.loss);
      this.curve(ctx, b.loss, t.steps, t.train_loss, 1, 0, this.header.colors.train, [], axes.loss);
      this.curve(
        ctx,
        b.loss,
        t.steps,
        t.validation_loss,
        1,
        0,
        this.header.colors.validation,
        [5, 3],
        axes.loss,
      );
    }
    if (t.train_accuracy) {
      this.linearAxis(ctx, b.accuracy, [0, 1]);
      this.curve(ctx, b.accuracy, t.steps, t.train_accuracy, 1, 0, this.header.colors.train, [], null);
      this.curve(
        ctx,
        b.accuracy,
        t.steps,
        t.validation_accuracy,
        1,
        0,
        this.header.colors.validation,
        [5, 3],
        null,
      );
    }
    for (const box of [b.loss, b.accuracy]) this.stepLines(ctx, box);
    this.drawSeriesBackground(ctx);
    this.planeAxes(ctx);
    this.drawHistogramFrames(ctx);
    this.background = canvas;
  }

  drawTitle(ctx, box, text) {
    ctx.font = this.font(0.93);
    ctx.fillStyle = "#222222";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(text, box.x, box.y - 4, box.w);
  }

  frame(ctx, box) {
    ctx.strokeStyle = "#888888";
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x, box.y, box.w, box.h);
  }

  stepAxis(ctx, box) {
    this.frame(ctx, box);
    ctx.font = this.font();
    ctx.fillStyle = "#222222";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const ticks = niceTicks(
      0,
      Math.max(this.header.steps, 1),
      Math.max(2, Math.floor(box.w / (this.header.font * 5))),
    );
    for (const v of ticks) {
      const x = this.xOf(box, v);
      ctx.fillRect(x - 0.5, box.y + box.h, 1, 4);
      ctx.fillText(String(Math.round(v)), x, box.y + box.h + 5);
    }
  }

  logAxis(ctx, box, range) {
    ctx.font = this.font();
    ctx.fillStyle = "#222222";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    let last = Infinity;
    for (const v of logTicks(range)) {
      const y = this.yLog(box, range, v);
      if (last - y < this.header.font * 1.1) continue; // keep the labels a line apart
      ctx.fillRect(box.x - 4, y - 0.5, 4, 1);
      ctx.fillText(tickText(v), box.x - 6, y);
      last = y;
    }
  }

  linearAxis(ctx, box, [low, high]) {
    ctx.font = this.font();
    ctx.fillStyle = "#222222";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of niceTicks(low, high, Math.max(2, Math.floor(box.h / (this.header.font * 2))))) {
      const y = box.y + box.h - ((v - low) / (high - low)) * box.h;
      ctx.fillRect(box.x - 4, y - 0.5, 4, 1);
      ctx.fillText(tickText(v), box.x - 6, y);
    }
  }

  /** One series (``values`` at ``steps``, ``stride`` apart from ``offset``) in ``box``: log when ``range``. */
  curve(ctx, box, steps, values, stride, offset, color, dash, range) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.w, box.h);
    ctx.clip();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    // the map player's tracer (canvas.js): a diverged step, or a loss a log axis cannot show, leaves a gap
    tracePath(ctx, 0, steps.length - 1, (i) => {
      const v = values[i * stride + offset];
      if (!Number.isFinite(v) || (range && v <= 0)) return null;
      return [this.xOf(box, steps[i]), range ? this.yLog(box, range, v) : box.y + box.h - v * box.h];
    });
    ctx.restore();
  }

  /** The early-stopping point (green, dotted) and the divergence step (red, labelled at the top edge). */
  stepLines(ctx, box) {
    const run = this.run;
    ctx.save();
    ctx.lineWidth = 1.5;
    ctx.setLineDash([2, 3]);
    ctx.strokeStyle = "#009E73";
    const x = this.xOf(box, run.best_step);
    ctx.beginPath();
    ctx.moveTo(x, box.y);
    ctx.lineTo(x, box.y + box.h);
    ctx.stroke();
    if (run.diverged_at !== null) {
      const d = this.xOf(box, run.diverged_at);
      ctx.setLineDash([]);
      ctx.strokeStyle = "#D55E00";
      ctx.beginPath();
      ctx.moveTo(d, box.y);
      ctx.lineTo(d, box.y + box.h);
      ctx.stroke();
      // the values after it left every chart (not finite, or beyond the bound): the edge says where
      ctx.font = this.font(0.8);
      ctx.fillStyle = "#D55E00";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(`diverged at step ${run.diverged_at}`, d - 4, box.y + box.h - 3);
    }
    ctx.restore();
  }
}
