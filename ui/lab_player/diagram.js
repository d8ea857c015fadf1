// @ts-check
// The network diagram (methods of RunView, see paint.js), TensorFlow Playground's picture: the inputs, every
// drawn hidden unit as a small map of its output over the data plane at the checkpoint reached, the outputs,
// and the weights between them as lines (blue solid positive, orange dashed negative, wider when larger).
// A dead unit is veiled and crossed; a unit equal to an earlier one of its layer is outlined and says which.

const DIAGRAM_KEY = [
  "weights: blue solid > 0, orange dashed < 0, wider = larger",
  "✕ dead unit (no slope on any training point) · = k: identical to unit k of its layer",
];
const WEIGHT_LEVELS = 6; // line widths drawn: a weight's size relative to the largest, in sixths

Object.assign(RunView.prototype, {
  /** Every drawn unit's map at ``checkpoint``, then each output's, as small canvases (cached per checkpoint:
   * one canvas each, since drawing part of a larger canvas scaled and smoothed is a slow path in Chromium). */
  unitMaps(checkpoint) {
    let maps = this.atlases.get(checkpoint);
    if (maps) return maps;
    const d = this.run.diagram,
      size = d.size,
      hidden = d.widths.slice(1, -1);
    const units = hidden.reduce((a, b) => a + b, 0),
      r = this.run.regions,
      outputs = d.widths[d.widths.length - 1];
    const ramp = this.header.colors.ramp;
    maps = [];
    let u = 0;
    hidden.forEach((shown, layer) => {
      const [low, high] = d.spans[layer],
        edge = Math.max(Math.abs(low), Math.abs(high)) || 1;
      const colours = Array.from({ length: 256 }, (_, b) =>
        rampColor(ramp, 0.5 + (0.5 * (low + (b / 255) * (high - low))) / edge),
      );
      for (let j = 0; j < shown; j++, u++) {
        const at = (checkpoint * units + u) * size * size;
        maps.push(this.mapCanvas(size, (i) => colours[d.maps[at + i]]));
      }
    });
    for (let k = 0; k < outputs; k++) {
      const at = checkpoint * r.grid * r.grid * r.channels;
      const colour = this.header.task === "classification" ? rgbOf(this.header.colors.classes[k % 4]) : null;
      const paint = (i) => {
        const v = r.values[at + i * r.channels + (colour ? k : 0)] / 255;
        return colour ? colour.map((c) => Math.round(255 - (255 - c) * v)) : rampColor(ramp, v);
      };
      maps.push(this.mapCanvas(r.grid, paint));
    }
    this.atlases.set(checkpoint, maps);
    return maps;
  },

  /** A ``size`` x ``size`` canvas whose cell ``i`` (rows from the window's bottom) has colour ``paint(i)``. */
  mapCanvas(size, paint) {
    const image = new ImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const rgb = paint(i),
        row = size - 1 - Math.floor(i / size),
        p = (row * size + (i % size)) * 4;
      image.data[p] = rgb[0];
      image.data[p + 1] = rgb[1];
      image.data[p + 2] = rgb[2];
      image.data[p + 3] = 255;
    }
    const canvas = document.createElement("canvas");
    canvas.width = size;
    canvas.height = size;
    /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d")).putImageData(image, 0, 0);
    return canvas;
  },

  inputMaps() {
    if (this.inputs) return this.inputs;
    const d = this.run.diagram,
      size = d.size,
      ramp = this.header.colors.ramp;
    this.inputs = Array.from({ length: d.widths[0] }, (_, f) =>
      this.mapCanvas(size, (i) => rampColor(ramp, d.inputs[f * size * size + i] / 255)),
    );
    return this.inputs;
  },

  drawDiagram(ctx, checkpoint) {
    const d = this.run.diagram,
      box = this.boxes.diagram,
      unit = box.unit,
      font = this.header.font;
    const nodes = diagramLayout({ x: box.x, y: box.y + font * 1.6, w: box.w, h: box.h }, d.widths, unit);
    this.drawWeights(ctx, nodes, checkpoint, unit);
    const maps = this.unitMaps(checkpoint),
      inputs = this.inputMaps();
    const units = d.widths.slice(1, -1).reduce((a, b) => a + b, 0);
    ctx.imageSmoothingEnabled = true;
    nodes[0].forEach((n, f) => {
      ctx.drawImage(inputs[f], n.x, n.y, unit, unit);
    });
    let u = 0;
    for (const layer of nodes.slice(1, -1)) {
      for (const n of layer) {
        ctx.drawImage(maps[u], n.x, n.y, unit, unit);
        this.unitMarks(ctx, n, unit, d.dead[checkpoint * units + u], d.twin[checkpoint * units + u]);
        u++;
      }
    }
    nodes[nodes.length - 1].forEach((n, k) => {
      ctx.drawImage(maps[units + k], n.x, n.y, unit, unit);
    });
    for (const layer of nodes) for (const n of layer) this.outline(ctx, n, unit, "#444444", []);
    this.diagramLabels(ctx, nodes, d, box);
  },

  /** The weights, grouped by sign and by one of WEIGHT_LEVELS sizes: one path and one stroke per group (a
   * stroke per line, dashed, cost more than the rest of the frame in a software canvas). */
  drawWeights(ctx, nodes, checkpoint, unit) {
    const d = this.run.diagram,
      total = d.weights.length / this.run.checkpoints.length,
      groups = new Map();
    let offset = checkpoint * total;
    for (let layer = 0; layer + 1 < nodes.length; layer++) {
      const from = nodes[layer],
        to = nodes[layer + 1];
      for (let a = 0; a < to.length; a++) {
        for (let b = 0; b < from.length; b++) {
          const w = d.weights[offset + a * from.length + b];
          if (!Number.isFinite(w)) continue;
          const level = Math.min(Math.round((Math.abs(w) / d.scale) * WEIGHT_LEVELS), WEIGHT_LEVELS);
          const key = (w >= 0 ? 1 : -1) * (level + 1);
          if (!groups.has(key)) groups.set(key, []);
          groups.get(key).push(from[b].x + unit, from[b].y + unit / 2, to[a].x, to[a].y + unit / 2);
        }
      }
      offset += to.length * from.length;
    }
    ctx.save();
    for (const [key, lines] of groups) {
      const style = weightStyle((Math.sign(key) * (Math.abs(key) - 1) * d.scale) / WEIGHT_LEVELS, d.scale);
      ctx.strokeStyle = style.color;
      ctx.globalAlpha = style.alpha;
      ctx.lineWidth = style.width;
      ctx.setLineDash(style.dash);
      ctx.beginPath();
      for (let i = 0; i < lines.length; i += 4) {
        ctx.moveTo(lines[i], lines[i + 1]);
        ctx.lineTo(lines[i + 2], lines[i + 3]);
      }
      ctx.stroke();
    }
    ctx.restore();
  },

  outline(ctx, n, unit, colour, dash) {
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.lineWidth = dash.length ? 2 : 1;
    ctx.setLineDash(dash);
    ctx.strokeRect(n.x, n.y, unit, unit);
    ctx.restore();
  },

  /** A dead unit veiled and crossed; a twin outlined (dashed) with the unit it equals: "= 1". */
  unitMarks(ctx, n, unit, dead, twin) {
    if (dead) {
      ctx.fillStyle = "rgba(90, 90, 90, 0.55)";
      ctx.fillRect(n.x, n.y, unit, unit);
      cross(ctx, n.x + unit / 2, n.y + unit / 2, unit * 0.3, "#222222");
    }
    if (twin !== 255) {
      this.outline(ctx, { x: n.x - 2, y: n.y - 2 }, unit + 4, "#CC79A7", [3, 2]);
      ctx.font = this.font(0.75);
      ctx.fillStyle = "#222222";
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillText(`= ${twin + 1}`, n.x + unit + 3, n.y + unit * 0.2);
    }
  },

  diagramLabels(ctx, nodes, d, box) {
    const font = this.header.font,
      last = nodes.length - 1;
    ctx.font = this.font(0.8);
    ctx.fillStyle = "#222222";
    ctx.textBaseline = "top";
    nodes.forEach((layer, k) => {
      const total = d.totals[k],
        shown = d.widths[k];
      let text = k === 0 ? "inputs" : k === last ? "outputs" : `layer ${k}: ${total} units`;
      if (k > 0 && k < last && shown < total) text = `layer ${k}: ${shown} of ${total}`;
      ctx.textAlign = k === 0 ? "left" : k === last ? "right" : "center";
      const x = k === 0 ? layer[0].x : k === last ? layer[0].x + box.unit : layer[0].x + box.unit / 2;
      ctx.fillText(text, x, box.y);
    });
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    nodes[0].forEach((n, f) => {
      ctx.fillText(d.names[f], n.x + box.unit + 3, n.y + box.unit + 6);
    });
    const classes = this.header.task === "classification";
    nodes[last].forEach((n, k) => {
      ctx.textAlign = "right";
      ctx.fillText(classes ? `class ${k}` : "output", n.x - 3, n.y + box.unit + 6);
    });
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    const lines = [...DIAGRAM_KEY, ...(d.capped ? [d.capped] : [])];
    lines.forEach((line, k) => {
      ctx.fillText(line, box.x, box.y + box.h - font * 1.2 * (lines.length - k), box.w);
    });
  },
});
