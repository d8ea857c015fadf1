// @ts-check
// The lab player's moving parts (methods of RunView, see paint.js): the decision regions at the checkpoint
// reached with the data on top, the step marker and its values on every curve, the gradient norms and the
// update/weight ratios, and the hidden layers' histograms.

const REGION_FACTOR = 2; // the 40 x 40 grid drawn as 79 x 79 cells, then smoothed by the browser

Object.assign(RunView.prototype, {
  /** The regions' image at ``checkpoint`` (cached: a scrubbed or replayed checkpoint is not coloured again). */
  regionImage(checkpoint) {
    let image = this.images.get(checkpoint);
    if (image) return image;
    const r = this.run.regions,
      fine = (r.grid - 1) * REGION_FACTOR + 1;
    const values = upsample(r.values, r.grid, r.channels, checkpoint, REGION_FACTOR);
    const pixels = regionPixels(
      values,
      fine,
      r.channels,
      this.header.task,
      this.header.colors,
      this.header.view.discrete,
    );
    image = document.createElement("canvas");
    image.width = fine;
    image.height = fine;
    const ctx = /** @type {CanvasRenderingContext2D} */ (image.getContext("2d"));
    ctx.putImageData(new ImageData(pixels, fine, fine), 0, 0);
    this.images.set(checkpoint, image);
    return image;
  },

  drawRegions(ctx, checkpoint) {
    const box = this.boxes.regions,
      step = Math.round(this.run.checkpoints[checkpoint]);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.regionImage(checkpoint), box.x, box.y, box.w, box.h);
    if (!this.points) this.points = this.pointsLayer();
    ctx.drawImage(this.points, box.x, box.y, box.w, box.h);
    this.frame(ctx, box);
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(box.x, box.y - this.header.font * 1.5, box.w, this.header.font * 1.45);
    this.drawTitle(ctx, box, `decision regions at step ${step}`);
  },

  /** The data on a transparent layer the size of the canvas: training points filled, validation points open,
   * one colour and one marker shape per class; the axes of the plane. Drawn once per size. */
  pointsLayer() {
    const box = this.boxes.regions,
      canvas = document.createElement("canvas");
    canvas.width = Math.ceil(box.w * this.dpr);
    canvas.height = Math.ceil(box.h * this.dpr);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.scale(this.dpr, this.dpr);
    ctx.translate(-box.x, -box.y);
    const h = this.header,
      [[x0, x1], [y0, y1]] = h.window;
    const px = (x) => box.x + ((x - x0) / (x1 - x0)) * box.w,
      py = (y) => box.y + ((y1 - y) / (y1 - y0)) * box.h;
    const symbols = ["circle", "diamond", "square", "triangle-up"];
    const sets = [["train", "train_targets", true]];
    if (h.view.validation) sets.push(["validation", "validation_targets", false]);
    const r = Math.max(3, h.font * 0.27);
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.w, box.h);
    ctx.clip();
    for (const [name, targets, filled] of sets) {
      const xy = this.data[name],
        labels = this.data[targets];
      for (let i = 0; i < labels.length; i++) {
        const k = h.task === "classification" ? Math.round(labels[i]) : -1;
        const colour = k >= 0 ? h.colors.classes[k % h.colors.classes.length] : "#333333";
        const symbol = k >= 0 ? symbols[k % symbols.length] : "circle";
        if (filled) marker(ctx, symbol, px(xy[2 * i]), py(xy[2 * i + 1]), r, colour, "#FFFFFF", 0.8);
        else {
          symbolPath(ctx, symbol, px(xy[2 * i]), py(xy[2 * i + 1]), r);
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = colour;
          ctx.stroke();
        }
      }
    }
    ctx.restore();
    return canvas;
  },

  /** The plane's ticks under and beside the regions (drawn once, on the background). */
  planeAxes(ctx) {
    const box = this.boxes.regions,
      [[x0, x1], [y0, y1]] = this.header.window;
    ctx.font = this.font();
    ctx.fillStyle = "#222222";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of niceTicks(x0, x1, 4))
      ctx.fillText(tickText(v), box.x + ((v - x0) / (x1 - x0)) * box.w, box.y + box.h + 4);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of niceTicks(y0, y1, 4))
      ctx.fillText(tickText(v), box.x - 5, box.y + ((y1 - v) / (y1 - y0)) * box.h);
  },

  /** The step marker: a line at ``step`` across every step axis, a dot on each curve at its value there and
   * the values in words above the loss panel. */
  drawMarkers(ctx, step, checkpoint) {
    const b = this.boxes,
      run = this.run,
      t = run.trace,
      axes = this.header.axes;
    const i = lastAtOrBefore(t.steps, step),
      at = Math.round(t.steps[i]);
    const boxes = [b.loss, b.accuracy, b.gradients, b.ratios];
    ctx.save();
    ctx.strokeStyle = "#222222";
    ctx.lineWidth = 1;
    for (const box of boxes) {
      const x = this.xOf(box, Math.min(step, run.last));
      ctx.beginPath();
      ctx.moveTo(x, box.y);
      ctx.lineTo(x, box.y + box.h);
      ctx.stroke();
    }
    const dot = (box, v, range, colour) => {
      if (!Number.isFinite(v) || (range && !(v > 0))) return;
      const y = range ? this.yLog(box, range, v) : box.y + box.h - v * box.h;
      marker(ctx, "circle", this.xOf(box, at), y, 4, colour, "#FFFFFF", 1);
    };
    const colors = this.header.colors;
    if (axes.loss) {
      dot(b.loss, t.train_loss[i], axes.loss, colors.train);
      dot(b.loss, t.validation_loss[i], axes.loss, colors.validation);
    }
    if (t.train_accuracy) {
      dot(b.accuracy, t.train_accuracy[i], null, colors.train);
      dot(b.accuracy, t.validation_accuracy[i], null, colors.validation);
    }
    ctx.restore();
    const words = [
      `step ${at}`,
      `training ${fixed(t.train_loss[i])}`,
      `validation ${fixed(t.validation_loss[i])}`,
    ];
    if (t.train_accuracy)
      words.push(`accuracy ${percent(t.train_accuracy[i])} / ${percent(t.validation_accuracy[i])}`);
    // the values on a light box (readable over the curves), as many as fit the panel's width
    const font = this.font();
    ctx.font = font;
    while (words.length > 1 && ctx.measureText(words.join(" · ")).width > b.loss.w - 14) words.pop();
    labelBox(ctx, words.join(" · "), b.loss.x + b.loss.w - 6, b.loss.y + 4, font, "#222222", "right", "top");
    this.drawSeriesMarkers(ctx, checkpoint, i);
  },

  drawSeriesBackground(ctx) {
    const b = this.boxes,
      run = this.run,
      axes = this.header.axes,
      layers = run.layers,
      colors = this.header.colors.layers;
    this.drawTitle(ctx, b.gradients, "gradient norm per layer (log)");
    this.drawTitle(ctx, b.ratios, "update / weight ratio per layer (log)");
    for (const [box, range] of [
      [b.gradients, axes.gradients],
      [b.ratios, axes.ratios],
    ]) {
      this.stepAxis(ctx, box);
      if (range) this.logAxis(ctx, box, range);
    }
    for (let j = 0; j < layers; j++) {
      const color = colors[j % colors.length],
        dash = j === layers - 1 ? [6, 3] : [];
      if (axes.gradients)
        this.curve(ctx, b.gradients, run.checkpoints, run.gradients, layers, j, color, dash, axes.gradients);
      if (axes.ratios)
        this.curve(ctx, b.ratios, run.trace.steps, run.trace.ratios, layers, j, color, dash, axes.ratios);
    }
    if (axes.ratios) {
      const y = this.yLog(b.ratios, axes.ratios, this.header.axes.guide);
      ctx.save();
      ctx.strokeStyle = "#777777";
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(b.ratios.x, y);
      ctx.lineTo(b.ratios.x + b.ratios.w, y);
      ctx.stroke();
      ctx.restore();
      ctx.font = this.font(0.8);
      ctx.fillStyle = "#555555";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(`rule of thumb ${this.header.axes.guide}`, b.ratios.x + b.ratios.w - 3, y - 2);
    }
    const names = Array.from({ length: layers }, (_, j) =>
      j === layers - 1 ? "output layer" : `layer ${j + 1}`,
    );
    this.layerKey(ctx, b.gradients, names);
    if (!axes.gradients)
      this.emptyNote(ctx, b.gradients, "every gradient norm is 0 (a log axis cannot show 0)");
    for (const box of [b.gradients, b.ratios]) this.stepLines(ctx, box);
  },

  layerKey(ctx, box, names) {
    ctx.font = this.font(0.8);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    let x = box.x + 4;
    const y = box.y + box.h + this.header.font * 1.9,
      colors = this.header.colors.layers;
    names.forEach((name, j) => {
      ctx.strokeStyle = colors[j % colors.length];
      ctx.lineWidth = 2;
      ctx.setLineDash(j === names.length - 1 ? [6, 3] : []);
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 16, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#222222";
      ctx.fillText(name, x + 20, y);
      x += 28 + ctx.measureText(name).width;
    });
  },

  emptyNote(ctx, box, text) {
    ctx.font = this.font();
    ctx.fillStyle = "#555555";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, box.x + box.w / 2, box.y + box.h / 2, box.w - 8);
  },

  drawSeriesMarkers(ctx, checkpoint, i) {
    const b = this.boxes,
      run = this.run,
      axes = this.header.axes,
      layers = run.layers,
      colors = this.header.colors.layers;
    for (let j = 0; j < layers; j++) {
      const color = colors[j % colors.length];
      const g = run.gradients[checkpoint * layers + j],
        r = run.trace.ratios[i * layers + j];
      if (axes.gradients && g > 0)
        marker(
          ctx,
          "circle",
          this.xOf(b.gradients, run.checkpoints[checkpoint]),
          this.yLog(b.gradients, axes.gradients, g),
          3.5,
          color,
          "#FFFFFF",
          1,
        );
      if (axes.ratios && r > 0)
        marker(
          ctx,
          "circle",
          this.xOf(b.ratios, run.trace.steps[i]),
          this.yLog(b.ratios, axes.ratios, r),
          3.5,
          color,
          "#FFFFFF",
          1,
        );
    }
  },

  drawHistogramFrames(ctx) {
    const hist = this.run.histograms,
      edges = hist.edges;
    this.boxes.histograms.forEach((box, j) => {
      this.drawTitle(ctx, box, `layer ${j + 1}: activations`);
      this.frame(ctx, box);
      ctx.font = this.font(0.8);
      ctx.fillStyle = "#222222";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (const v of niceTicks(edges[0], edges[edges.length - 1], 3)) {
        ctx.fillText(
          tickText(v),
          box.x + ((v - edges[0]) / (edges[edges.length - 1] - edges[0])) * box.w,
          box.y + box.h + 4,
        );
      }
    });
  },

  drawHistograms(ctx, checkpoint) {
    const hist = this.run.histograms,
      bins = hist.edges.length - 1,
      counts = this.header.axes.counts;
    const colors = this.header.colors.layers;
    this.boxes.histograms.forEach((box, j) => {
      const top = counts[j] || 1,
        w = box.w / bins,
        at = (checkpoint * hist.hidden + j) * bins;
      ctx.fillStyle = colors[j % colors.length];
      for (let k = 0; k < bins; k++) {
        const h = Math.min(hist.counts[at + k] / top, 1) * box.h;
        if (h > 0) ctx.fillRect(box.x + k * w, box.y + box.h - h, Math.max(w - 0.5, 0.5), h);
      }
    });
  },
});

function fixed(v) {
  return Number.isFinite(v) ? v.toPrecision(3) : "n/a";
}

function percent(v) {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : "n/a";
}
