// @ts-check
// The network lab player's pure functions (unit-tested through ``labPure``): which record a step shows, the
// decision regions' colours, and where the figures and the diagram's units go.

/** The index of the last of the ascending ``values`` at or before ``step`` (0 when none is). */
function lastAtOrBefore(values, step) {
  let low = 0,
    high = values.length - 1;
  if (high < 0 || values[0] > step) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (values[mid] <= step) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** ``[r, g, b]`` of a "#rrggbb" colour. */
function rgbOf(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

const PARSED_RAMPS = new WeakMap(); // a ramp's stops as [r, g, b], parsed once (a map has 400 cells)

/** The colour at ``t`` in 0..1 along a ramp of colours (linear between its stops). */
function rampColor(ramp, t) {
  let stops = PARSED_RAMPS.get(ramp);
  if (!stops) {
    stops = ramp.map(rgbOf);
    PARSED_RAMPS.set(ramp, stops);
  }
  const x = Math.min(Math.max(t, 0), 1) * (ramp.length - 1),
    k = Math.min(Math.floor(x), ramp.length - 2);
  const a = stops[k],
    b = stops[k + 1],
    f = x - k;
  return a.map((v, i) => Math.round(v + (b[i] - v) * f));
}

/** A region's colour from its class probabilities (rows summing to 1): viz/network.py's region_colours,
 * each class's colour weighted by its probability, mixed with white by the confidence above chance. */
function mixColor(probabilities, palette, strength) {
  const k = probabilities.length;
  let confidence = 0;
  const mixed = [0, 0, 0];
  probabilities.forEach((p, c) => {
    const rgb = typeof palette[c] === "string" ? rgbOf(palette[c]) : palette[c]; // parsed once by a caller
    for (let i = 0; i < 3; i++) mixed[i] += p * rgb[i];
    confidence = Math.max(confidence, p);
  });
  const weight = (strength * (confidence - 1 / k)) / (1 - 1 / k);
  return mixed.map((v) => Math.min(Math.max(Math.floor(255 * (1 - weight) + v * weight), 0), 255));
}

/** Checkpoint ``index`` of the regions (bytes: checkpoints x grid x grid x channels) on a grid ``factor``
 * times as fine, bilinear between the measured points, in 0..1: ``F x F x channels`` with F = (grid-1)factor+1. */
function upsample(values, grid, channels, index, factor) {
  const fine = (grid - 1) * factor + 1,
    out = new Float32Array(fine * fine * channels);
  const at = index * grid * grid * channels;
  for (let a = 0; a < fine; a++) {
    const y = a / factor,
      y0 = Math.min(Math.floor(y), grid - 2),
      fy = y - y0;
    for (let b = 0; b < fine; b++) {
      const x = b / factor,
        x0 = Math.min(Math.floor(x), grid - 2),
        fx = x - x0;
      for (let c = 0; c < channels; c++) {
        const v = (i, j) => values[at + (i * grid + j) * channels + c];
        const top = v(y0, x0) * (1 - fx) + v(y0, x0 + 1) * fx,
          bottom = v(y0 + 1, x0) * (1 - fx) + v(y0 + 1, x0 + 1) * fx;
        out[(a * fine + b) * channels + c] = (top * (1 - fy) + bottom * fy) / 255;
      }
    }
  }
  return out;
}

/** The RGBA pixels of a fine grid (``upsample``'s), the top row first (the window's top: rows of the grid run
 * upward); classification mixes class colours, regression follows the ramp; ``discrete`` colours each point
 * by its most likely class alone (regression: one of ``levels`` bands), as TensorFlow Playground's option. */
function regionPixels(fine, size, channels, task, colors, discrete, levels = 8) {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const probabilities = new Array(channels),
    palette = colors.classes.map(rgbOf);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const at = (a * size + b) * channels;
      let rgb;
      if (task === "classification") {
        let best = 0;
        for (let c = 0; c < channels; c++) {
          probabilities[c] = fine[at + c];
          if (probabilities[c] > probabilities[best]) best = c;
        }
        if (discrete) for (let c = 0; c < channels; c++) probabilities[c] = c === best ? 1 : 0;
        rgb = mixColor(probabilities, palette, colors.strength);
      } else {
        const t = discrete ? (Math.min(Math.floor(fine[at] * levels), levels - 1) + 0.5) / levels : fine[at];
        rgb = rampColor(colors.ramp, t);
      }
      const p = ((size - 1 - a) * size + b) * 4;
      pixels[p] = rgb[0];
      pixels[p + 1] = rgb[1];
      pixels[p + 2] = rgb[2];
      pixels[p + 3] = 255;
    }
  }
  return pixels;
}

/** Where one run's figures go in a column ``width`` px wide (CSS px): the decision regions and the curves
 * (loss above accuracy) side by side, or one above the other in a narrow column; then the diagram, the
 * histograms (one per hidden layer), and the gradient norms beside the update/weight ratios. */
function labLayout(width, font, hidden, diagramRows) {
  const gap = font * 1.6,
    title = font * 1.7,
    axis = font * 2.6,
    left = font * 3.6,
    right = 10;
  const boxes = {};
  let y = title;
  const wide = width >= 700;
  const side = wide ? Math.min(width * 0.45, 560) - left : Math.min(width - left - right, 560);
  boxes.regions = { x: left, y, w: side, h: side };
  let cx = left,
    cy = boxes.regions.y + boxes.regions.h + axis + gap + title,
    cw = width - left - right;
  if (wide) {
    cx = boxes.regions.x + boxes.regions.w + gap + left;
    cy = y;
    cw = width - cx - right;
  }
  const ch = wide ? (boxes.regions.h - title - axis) / 2 : Math.max(font * 9, width * 0.28);
  boxes.loss = { x: cx, y: cy, w: cw, h: ch };
  boxes.accuracy = { x: cx, y: cy + ch + axis + title, w: cw, h: ch };
  y = Math.max(boxes.regions.y + boxes.regions.h, boxes.accuracy.y + boxes.accuracy.h) + axis + gap + title;
  const unit = Math.min(Math.max(font * 2.2, 24), 40);
  const diagramH = diagramRows > 0 ? font * 1.6 + diagramRows * unit * 1.35 + font * 4.6 : 0; // 3 key lines
  boxes.diagram = { x: 10, y, w: width - 20, h: diagramH, unit };
  if (diagramH > 0) y += diagramH + gap + title;
  const n = Math.max(hidden, 1),
    hw = (width - left - right - (n - 1) * gap * 0.6) / n;
  const hh = Math.max(font * 6, Math.min(width * 0.16, font * 9));
  boxes.histograms = [];
  for (let j = 0; j < hidden; j++)
    boxes.histograms.push({ x: left + j * (hw + gap * 0.6), y, w: hw - left * 0.4, h: hh });
  if (hidden > 0) y += hh + axis + gap + title;
  const sw = wide ? (width - 2 * left - right - gap) / 2 : width - left - right,
    sh = Math.max(font * 8, width * 0.18);
  boxes.gradients = { x: left, y, w: sw, h: sh };
  boxes.ratios = wide
    ? { x: 2 * left + sw + gap, y, w: sw, h: sh }
    : { x: left, y: y + sh + axis + gap + title, w: sw, h: sh };
  boxes.height = boxes.ratios.y + boxes.ratios.h + axis;
  boxes.wide = wide;
  return boxes;
}

/** The diagram's units: one column per layer (inputs, hidden layers, outputs) across ``box``, each layer's
 * units centred in its column, ``unit`` px squares; ``[{x, y, layer, index}]`` per layer. */
function diagramLayout(box, widths, unit) {
  const columns = widths.length,
    step = (box.w - unit) / Math.max(columns - 1, 1),
    rowH = unit * 1.35;
  const tallest = Math.max(...widths);
  return widths.map((n, layer) => {
    const top = box.y + ((tallest - n) * rowH) / 2;
    return Array.from({ length: n }, (_, index) => ({
      x: box.x + layer * step,
      y: top + index * rowH,
      layer,
      index,
    }));
  });
}

/** How a weight is drawn: blue and solid when positive, orange and dashed when negative (colour is not the
 * only carrier), its width growing with its size relative to ``scale`` (the largest drawn weight). */
function weightStyle(w, scale, widest = 5) {
  const share = Math.min(Math.abs(w) / (scale || 1), 1);
  return {
    color: w >= 0 ? "#0072B2" : "#D55E00",
    dash: w >= 0 ? [] : [4, 3],
    width: 0.4 + share * (widest - 0.4),
    alpha: 0.25 + 0.75 * share,
  };
}
