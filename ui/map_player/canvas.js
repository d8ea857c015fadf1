// Drawing helpers of the map player (see ui/map_player.py, which sends this file first): the message's
// decoder, ticks, markers, arrows, paths with gaps and labelled boxes on a 2-D canvas context.

// The message's header as ui/map_player/schema.json declares it (SCHEMA, which ui/map_player.py puts ahead
// of this file): the same magic and version, and every field the schema requires, the lanes' too.
function checkHeader(header) {
  const version = SCHEMA.properties.version.const;
  if (header.version !== version)
    throw new Error(`map player message version ${header.version}, this player reads ${version}`);
  const missing = (object, required, where) => {
    const absent = required.filter((name) => !(name in object));
    if (absent.length) throw new Error(`map player message: ${where} lacks ${absent.join(", ")}`);
  };
  missing(header, SCHEMA.required, "the header");
  header.lanes.forEach((lane, k) => {
    missing(lane, SCHEMA.$defs.lane.required, `lane ${k}`);
  });
  return header;
}

function decode(bytes) {
  const copy = bytes.slice(); // an aligned buffer of its own (the message may sit at any offset)
  const view = new DataView(copy.buffer);
  const magic = String.fromCharCode(copy[0], copy[1], copy[2], copy[3]);
  if (magic !== SCHEMA.magic) throw new Error("not a map player message");
  const size = view.getUint32(4, true);
  const header = checkHeader(JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + size))));
  const base = 8 + size;
  const floats = (where) => (where ? new Float32Array(copy.buffer, base + where[0], where[1]) : null);
  const lanes = header.lanes.map((lane) => ({
    ...lane,
    xy: floats(lane.xy),
    lossValues: floats(lane.loss),
    distanceValues: floats(lane.distance),
    avg: lane.average
      ? {
          name: lane.average.name,
          xy: floats(lane.average.xy),
          loss: floats(lane.average.loss),
          distance: floats(lane.average.distance),
        }
      : null,
  }));
  const png = copy.subarray(base + header.image[0], base + header.image[0] + header.image[1]);
  return { header, lanes, png };
}

function niceTicks(low, high, count) {
  const span = high - low;
  if (!(span > 0)) return [low];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 4, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function tickText(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0);
  return String(Math.round(v * 1e6) / 1e6);
}

const SUPERSCRIPT = {
  "-": "⁻",
  0: "⁰",
  1: "¹",
  2: "²",
  3: "³",
  4: "⁴",
  5: "⁵",
  6: "⁶",
  7: "⁷",
  8: "⁸",
  9: "⁹",
};
function decade(k) {
  return (
    "10" +
    String(k)
      .split("")
      .map((c) => SUPERSCRIPT[c] || c)
      .join("")
  );
}

function symbolPath(ctx, symbol, x, y, r) {
  ctx.beginPath();
  if (symbol === "square") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (symbol === "diamond") {
    ctx.moveTo(x, y - r * 1.15);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r * 1.15);
    ctx.lineTo(x - r, y);
    ctx.closePath();
  } else if (symbol === "triangle-up") {
    ctx.moveTo(x, y - r * 1.15);
    ctx.lineTo(x + r * 1.05, y + r * 0.75);
    ctx.lineTo(x - r * 1.05, y + r * 0.75);
    ctx.closePath();
  } else if (symbol === "pentagon" || symbol === "star" || symbol === "hexagram") {
    const points = symbol === "pentagon" ? 5 : symbol === "star" ? 5 : 6;
    const inner = symbol === "pentagon" ? 1 : symbol === "star" ? 0.45 : 0.58;
    const corners = symbol === "pentagon" ? points : points * 2;
    for (let k = 0; k < corners; k++) {
      const radius = symbol === "pentagon" || k % 2 === 0 ? r * 1.1 : r * 1.1 * inner;
      const angle = -Math.PI / 2 + (k * 2 * Math.PI) / corners;
      const px = x + radius * Math.cos(angle),
        py = y + radius * Math.sin(angle);
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
}

// One stroked path through points first..last: ``point(i)`` is point i in canvas pixels, ``[x, y]``, or null
// where there is none to draw (a diverged step, a loss a log axis cannot show), which ends the sub-path; the
// next point starts a new one. Points closer than a pixel to the last one drawn add nothing visible but cost
// every frame: skipped, except the last point (the data keep every step; the scrubber reaches each one).
// The map's paths and the panels' curves (ui/map_player/lanes.js, panels.js) differ only in ``point``.
function tracePath(ctx, first, last, point) {
  let open = false,
    lx = 0,
    ly = 0;
  ctx.beginPath();
  for (let i = first; i <= last; i++) {
    const p = point(i);
    if (p === null) {
      open = false;
      continue;
    }
    const [px, py] = p;
    if (!open) {
      ctx.moveTo(px, py);
      open = true;
      lx = px;
      ly = py;
      continue;
    }
    if (i < last && Math.abs(px - lx) < 1 && Math.abs(py - ly) < 1) continue;
    ctx.lineTo(px, py);
    lx = px;
    ly = py;
  }
  ctx.stroke();
}

function marker(ctx, symbol, x, y, r, fill, stroke, width) {
  symbolPath(ctx, symbol, x, y, r);
  ctx.fillStyle = fill;
  ctx.fill();
  if (width > 0) {
    ctx.lineWidth = width;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

function cross(ctx, x, y, r, colour) {
  ctx.save();
  ctx.lineCap = "round";
  for (const [w, c] of [
    [r * 0.75, "#FFFFFF"],
    [r * 0.42, colour],
  ]) {
    ctx.lineWidth = w;
    ctx.strokeStyle = c;
    ctx.beginPath();
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r);
    ctx.lineTo(x - r, y + r);
    ctx.stroke();
  }
  ctx.restore();
}

function arrow(ctx, x0, y0, x1, y1, colour, width) {
  const angle = Math.atan2(y1 - y0, x1 - x0),
    head = 4 * width + 6;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = width;
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1 - Math.cos(angle) * head * 0.6, y1 - Math.sin(angle) * head * 0.6);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.4), y1 - head * Math.sin(angle - 0.4));
  ctx.lineTo(x1 - head * Math.cos(angle + 0.4), y1 - head * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

// The whole decades (``candidates``, the message's) to label on a log panel: every ``every``-th one, so
// that their labels (one line each) keep apart at this panel's height, and only those whose label lies
// within the panel.
function decadeLabels(box, range, line, candidates) {
  const [low, high] = range,
    perDecade = box.h / Math.max(high - low, 1e-9);
  const every = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50].find((e) => e * perDecade >= line + 2) || 100;
  const decades = candidates.filter((k) => ((k % every) + every) % every === 0);
  const y = (k) => box.y + box.h - ((k - low) / (high - low)) * box.h;
  return decades.filter((k) => y(k) - line / 2 >= box.y - 0.5 && y(k) + line / 2 <= box.y + box.h + 0.5);
}

// The smaller text (ticks, labels): 87 % of the font, never below it in presenter mode (>= 24 px there).
function smallFont(header, share = 0.87) {
  const px = header.presenter ? header.font : Math.round(header.font * share);
  return `${px}px Arial, Helvetica, sans-serif`;
}

// The box a label would take (x, y, w, h), for labelBox and for checking two labels do not collide.
function labelRect(ctx, text, x, y, font, align, baseline) {
  ctx.save();
  ctx.font = font;
  const w = ctx.measureText(text).width,
    h = parseFloat(font) * 1.25;
  ctx.restore();
  const left = align === "left" ? x : align === "right" ? x - w : x - w / 2;
  const top = baseline === "top" ? y : baseline === "bottom" ? y - h : y - h / 2;
  return { x: left - 3, y: top - 1, w: w + 6, h: h + 2 };
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// A label on a light box; returns the box (labelRect's), so callers can keep later labels clear of it.
function labelBox(ctx, text, x, y, font, colour, align, baseline) {
  const rect = labelRect(ctx, text, x, y, font, align, baseline),
    h = rect.h - 2;
  ctx.save();
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(rect.x, rect.y, rect.w, rect.h);
  ctx.font = font;
  ctx.textAlign = align;
  ctx.textBaseline = baseline;
  ctx.fillStyle = colour;
  ctx.fillText(text, x, baseline === "top" ? y + h * 0.1 : baseline === "bottom" ? y - h * 0.1 : y);
  ctx.restore();
  return rect;
}

// A note of one or more ``lines`` near the point (x, y), on a light box, placed where it runs into none of
// the boxes in ``avoid`` and stays within ``bounds`` (x, y, w, h): above the point, below, right, left,
// then further above and below; a line too wide for the bounds is split at " · ". Returns the box drawn.
function placeNote(ctx, lines, x, y, font, colour, bounds, avoid, gap = 12) {
  ctx.save();
  ctx.font = font;
  if (lines.length === 1 && ctx.measureText(lines[0]).width + 6 > bounds.w) lines = lines[0].split(" · ");
  const w = Math.min(Math.max(...lines.map((text) => ctx.measureText(text).width)) + 6, bounds.w);
  ctx.restore();
  const lineH = parseFloat(font) * 1.25,
    h = lines.length * lineH + 2;
  const spots = [
    [-w / 2, -gap - h],
    [-w / 2, gap],
    [gap, -h / 2],
    [-gap - w, -h / 2],
  ];
  for (let k = 1; k <= 3; k++) spots.push([-w / 2, -gap - h - k * lineH], [-w / 2, gap + k * lineH]);
  const cover = (box) => avoid.reduce((sum, a) => sum + overlapArea(a, box), 0);
  // a spot that meets a label moves right past it (then left), as long as it stays within the bounds
  const slide = (box, sign) => {
    for (let moved = { ...box }, k = 0; k < avoid.length + 1; k++) {
      const hit = avoid.find((a) => overlapArea(a, moved) > 0);
      if (!hit) return moved;
      moved = { ...moved, x: sign > 0 ? hit.x + hit.w + 1 : hit.x - moved.w - 1 };
      if (moved.x < bounds.x || moved.x + moved.w > bounds.x + bounds.w) return null;
    }
    return null;
  };
  let best = null,
    bestCover = Infinity;
  for (const [dx, dy] of spots) {
    const box = {
      x: Math.min(Math.max(x + dx, bounds.x), bounds.x + bounds.w - w),
      y: Math.min(Math.max(y + dy, bounds.y), bounds.y + bounds.h - h),
      w,
      h,
    };
    const free = slide(box, 1) || slide(box, -1);
    if (free) {
      best = free;
      bestCover = 0;
      break;
    }
    if (cover(box) < bestCover) {
      best = box;
      bestCover = cover(box);
    }
  }
  ctx.save();
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(best.x, best.y, best.w, best.h);
  ctx.font = font;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillStyle = colour;
  lines.forEach((text, k) => {
    ctx.fillText(text, best.x + 3, best.y + 1 + k * lineH + lineH * 0.1, best.w - 6);
  });
  ctx.restore();
  return best;
}

function overlapArea(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x),
    h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
