// Where the maps, the colour bar and the two panels go, in CSS pixels (see ui/map_player.py; this file is
// sent ahead of player.js, in the same element). Every layout returns the same shape: ``maps`` (one box per
// map, ``map`` the first), ``bar`` (the colour bar; ``horizontal`` under the maps on a phone), ``loss`` and
// ``distance`` (the panels), ``narrow`` (a phone-wide player), ``stacked`` (the panels below the maps, each
// with its step ticks) and ``height``: the height it uses, at most the height it was given (the player
// shrinks to it, so that a wide map leaves no empty band above and below it).
//
// Each arrangement is tried and the one whose map (each map, in small multiples) is largest wins: the
// panels beside the maps or below them, and in small multiples every number of maps a row.

// Text sizes every arrangement leaves room for: ``line`` is a label's box height (labelRect's), ``barSpace``
// the colour bar with its tick labels beside a map, ``left`` the y tick labels and the y axis title.
function metrics(header, width, font, texts) {
  const small = header.presenter ? font : Math.round(font * 0.87);
  const line = small * 1.25 + 2,
    narrow = width < 640;
  return {
    font,
    small,
    line,
    narrow,
    left: font * 3.4,
    top: line / 2 + 2, // the top y tick label is centred on the map's top edge
    xAxis: 2 * line + 8, // x tick labels, then the x axis title
    barSpace: narrow ? 0 : font * 1.3 + 6 + texts.bar + font * 0.6,
    panelW: Math.max(font * 10, width * 0.22, texts.title + 8), // a panel's title fits above it
    barBlock: narrow ? 2 * line + font * 0.6 + 10 : 0, // a phone: the colour bar under the maps, full width
    title: (header.presenter ? font : Math.round(font * 0.93)) * 1.25 + 8, // a panel's title above it (smallFont's)
    footer: 2 * line + 7, // step tick labels under a panel, then "step"
    panelMin: Math.max(3.5 * line, narrow ? width * 0.28 : 0), // three decade labels fit
    gap: font * 1.2,
  };
}

function fitBox(availW, availH, aspect) {
  const w = Math.max(Math.min(availW, availH / aspect), 10);
  return [w, w * aspect];
}

function layout(header, width, height, font, texts = { bar: font * 3, title: font * 16 }) {
  const [[x0, x1], [y0, y1]] = header.window;
  const aspect = (y1 - y0) / (x1 - x0),
    m = metrics(header, width, font, texts);
  const n = header.multiples ? header.lanes.length : 1;
  if (m.narrow) height = Infinity; // a phone: the maps as wide as the screen, and the page scrolls
  const options = [];
  for (let columns = 1; columns <= n; columns++) {
    if (columns > 1 && Math.ceil(n / columns) === Math.ceil(n / (columns - 1))) continue; // same rows, smaller maps
    if (!m.narrow) options.push(beside(header, width, height, m, aspect, n, columns));
    options.push(below(header, width, height, m, aspect, n, columns));
  }
  // the largest map wins; beside the panels by a margin, where the curves sit next to the paths
  const score = (g) => g.map.w * g.map.h * (g.stacked ? 1 : 1.15);
  return options.reduce((best, g) => (score(g) > score(best) ? g : best));
}

// One map per lane (or the one map) in ``columns`` a row from ``top``, each with its lane's title row above
// it in small multiples and its x tick labels below; returns the boxes and the bottom of the last row.
function grid(header, m, n, columns, left, top, w, h) {
  const titleRow = header.multiples ? m.font * 1.45 : 0,
    tick = header.multiples ? 7 + m.line : 0;
  const gapX = header.multiples ? m.font * 2.9 : 0,
    maps = [];
  for (let k = 0; k < n; k++) {
    const row = Math.floor(k / columns),
      column = k % columns;
    maps.push({
      x: left + column * (w + gapX),
      y: top + titleRow + row * (titleRow + h + tick),
      w,
      h,
      row,
      column,
      last: k + columns >= n,
    }); // last: no map below it
  }
  const bottom = maps[n - 1].y + h;
  return { maps, bottom, width: columns * w + gapX * (columns - 1) };
}

// The space of ``rows`` rows of maps beyond the maps themselves, and the width between maps of a row.
function gridSpace(header, m, rows, columns) {
  const titleRow = header.multiples ? m.font * 1.45 : 0,
    tick = header.multiples ? 7 + m.line : 0;
  return {
    extraH: rows * titleRow + (rows - 1) * tick + m.xAxis,
    extraW: header.multiples ? m.font * 2.9 * (columns - 1) : 0,
  };
}

// The panels in a column right of the maps, the distance panel's step ticks at the bottom.
function beside(header, width, height, m, aspect, n, columns) {
  const rows = Math.ceil(n / columns),
    space = gridSpace(header, m, rows, columns);
  const availW = width - m.left - m.barSpace - m.gap - m.panelW - 8 - space.extraW;
  const [w, h] = fitBox(availW / columns, (height - m.top - space.extraH) / rows, aspect);
  const panelsMin = 2 * m.title + m.gap * 0.5 + m.footer + 2 * m.panelMin;
  const used = Math.min(height, Math.max(m.top + rows * h + space.extraH, panelsMin));
  const g = grid(
    header,
    m,
    n,
    columns,
    m.left,
    m.top + Math.max(0, (used - (m.top + rows * h + space.extraH)) / 2),
    w,
    h,
  );
  const bar = uprightBar(m, g, h);
  const x = bar.x + m.barSpace - m.font * 0.6 + m.gap,
    right = width - 8;
  const ph = (used - 2 * m.title - m.gap * 0.5 - m.footer) / 2;
  const loss = { x, y: m.title, w: right - x, h: ph };
  const distance = { x, y: loss.y + ph + m.gap * 0.5 + m.title, w: right - x, h: ph };
  return arrangement(header, g, { narrow: false, stacked: false, bar, loss, distance, height: used });
}

// The maps across the width, the panels under them: side by side, or on a phone one under the other
// (with the colour bar lying under the maps).
function below(header, width, height, m, aspect, n, columns) {
  const rows = Math.ceil(n / columns),
    space = gridSpace(header, m, rows, columns),
    right = width - 8;
  const panelRows = m.narrow ? 2 : 1;
  const panelsFixed = panelRows * (m.title + m.footer) + m.gap * panelRows;
  const availW = right - m.left - (m.narrow ? m.font : m.barSpace) - space.extraW; // a phone: room for the last x tick label
  const availH = height - m.top - space.extraH - m.barBlock - panelsFixed - panelRows * m.panelMin;
  const [w, h] = fitBox(availW / columns, availH / rows, aspect);
  const g = grid(header, m, n, columns, m.left, m.top, w, h);
  let bar;
  if (m.narrow)
    bar = { x: m.left, y: g.bottom + m.xAxis + m.line + 4, w: g.width, h: m.font * 0.6, horizontal: true };
  else bar = uprightBar(m, g, h);
  const top = g.bottom + m.xAxis + m.barBlock + m.gap;
  // the panels take what height is left, up to about half a map's (a phone: a third of its width)
  const spare = (height - top - panelsFixed + m.gap) / panelRows;
  const ph = Math.max(
    m.panelMin,
    Math.min(spare, Math.max(m.panelMin, m.narrow ? width * 0.4 : h * rows * 0.5)),
  );
  let loss, distance;
  if (m.narrow) {
    loss = { x: m.left, y: top + m.title, w: right - m.left, h: ph };
    distance = { x: m.left, y: loss.y + ph + m.footer + m.gap + m.title, w: right - m.left, h: ph };
  } else {
    const pw = (right - m.left - m.gap * 2) / 2;
    loss = { x: m.left, y: top + m.title, w: pw, h: ph };
    distance = { x: m.left + pw + m.gap * 2, y: top + m.title, w: pw, h: ph };
  }
  const used = Math.min(height, distance.y + ph + m.footer);
  return arrangement(header, g, { narrow: m.narrow, stacked: true, bar, loss, distance, height: used });
}

// The shape every layout returns (see the top of this file), from an arrangement's grid of maps and boxes.
function arrangement(header, g, { narrow, stacked, bar, loss, distance, height }) {
  return {
    narrow,
    stacked,
    multiples: !!header.multiples,
    map: g.maps[0],
    maps: g.maps,
    bar,
    loss,
    distance,
    height,
  };
}

// The colour bar beside the maps, its title above it (clear of its top tick label) inside the canvas.
function uprightBar(m, g, h) {
  const y = Math.max(g.maps[0].y + h * 0.04, 1.5 * m.line + 4),
    bottom = g.bottom - h * 0.04;
  return { x: m.left + g.width + m.font * 0.6, y, w: m.font * 0.7, h: Math.max(bottom - y, 10) };
}
