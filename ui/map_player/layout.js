// Where the maps, the colour bar and the two panels go, in CSS pixels (see ui/map_player.py; this file is
// sent ahead of player.js, in the same element). Every layout returns the same shape: ``maps`` (one box per
// map, ``map`` the first), ``bar`` (the colour bar), ``loss`` and ``distance`` (the panels), ``narrow``
// (a phone-wide player) and ``stacked`` (the panels below the maps, both with step ticks).

function layout(header, width, height, font) {
  return header.multiples ? multiplesLayout(header, width, height, font) : oneMapLayout(header, width, height, font);
}

// One map:
// Beside: the map on the left, the panels in a column on the right (a tall or square window). Below: the
// map across the width, the panels under it (a wide window such as the ravine, or a phone): whichever
// gives the map more area.
function oneMapLayout(header, width, height, font) {
  const [[x0, x1], [y0, y1]] = header.window;
  const aspect = (y1 - y0) / (x1 - x0);
  const narrow = width < 640;
  const pad = { left: font * 3.4, bottom: font * 2.6, top: font * 0.8 };
  const barWidth = font * 4.8;
  const fit = (availW, availH) => { const w = Math.max(Math.min(availW, availH / aspect), 10); return [w, w * aspect]; };
  const [sw, sh] = fit(width * 0.6 - barWidth - pad.left, height - pad.top - pad.bottom);
  const panelRow = narrow ? Math.max(font * 7, height * 0.2) : Math.max(font * 8.5, height * 0.3);
  const below = narrow ? 2 * panelRow + font * 7.2 : panelRow + font * 4;
  const [bw, bh] = fit(width - pad.left - barWidth - 8, height - below - pad.top - pad.bottom);
  let mapBox, loss, distance, stacked = narrow || bw * bh > 1.25 * sw * sh;
  if (stacked) {
    mapBox = { x: pad.left, y: pad.top, w: bw, h: bh };
    const top = pad.top + bh + pad.bottom + font * 1.4, right = width - 8;
    if (narrow) {
      loss = { x: pad.left, y: top, w: right - pad.left, h: panelRow };
      distance = { x: pad.left, y: top + panelRow + font * 4.4, w: right - pad.left, h: panelRow };
    } else {
      const w = (right - pad.left - font * 2) / 2;
      loss = { x: pad.left, y: top, w, h: panelRow };
      distance = { x: pad.left + w + font * 2, y: top, w, h: panelRow };
    }
  } else {
    mapBox = { x: pad.left, y: pad.top + (height - pad.top - pad.bottom - sh) / 2, w: sw, h: sh };
    const left = mapBox.x + sw + barWidth + font * 1.2, right = width - 8;
    const gap = font * 3.4, top = font * 1.7;
    const panelH = (height - top - gap - font * 2.8) / 2;
    loss = { x: left, y: top, w: right - left, h: panelH };
    distance = { x: left, y: top + panelH + gap, w: right - left, h: panelH };
  }
  const bar = { x: mapBox.x + mapBox.w + font * 0.6, y: mapBox.y + mapBox.h * 0.08, w: font * 0.7, h: mapBox.h * 0.84 };
  return { narrow, stacked, map: mapBox, maps: [mapBox], bar, loss, distance };
}

// Small multiples, as viz/grid.py's Grid arranges them (the Plotly map's rule): one map per lane, in
// ``columns`` a row, left to right then top to bottom, all the same size at equal aspect; the colour bar
// beside the grid; the panels in a column on the right. On a phone (narrower than 640 px) the grid has
// ``narrow_columns`` a row across the width and the two panels go below it, one under the other. Each map
// keeps a title row above it (its lane's name) and its x tick labels below it; the first column has the y
// axis title, the bottom row the x axis title.
function multiplesLayout(header, width, height, font) {
  const [[x0, x1], [y0, y1]] = header.window;
  const aspect = (y1 - y0) / (x1 - x0), n = header.lanes.length, narrow = width < 640;
  const columns = Math.max(1, Math.min(n, narrow ? header.multiples.narrow_columns : header.multiples.columns));
  const rows = Math.ceil(n / columns);
  const titleH = font * 1.45, tickH = font * 1.55, xTitleH = font * 1.25, left = font * 3.4, gapX = font * 2.9;
  const barWidth = font * 4.8, top = font * 0.2;
  const panelRow = narrow ? Math.max(font * 7, height * 0.16) : 0;
  const below = narrow ? 2 * panelRow + font * 7.2 : 0;
  const gridRight = narrow ? width - barWidth - 8 : width * 0.62;
  const cellW = (gridRight - left - gapX * (columns - 1)) / columns;
  const availH = (height - top - below - rows * (titleH + tickH) - xTitleH) / rows;
  const w = Math.max(Math.min(cellW, availH / aspect), 10), h = w * aspect;
  const usedH = rows * (titleH + h + tickH) + xTitleH;
  const first = narrow ? top : top + Math.max(0, (height - top - usedH) / 2);
  const maps = [];
  for (let k = 0; k < n; k++) {
    const row = Math.floor(k / columns), column = k % columns;
    maps.push({ x: left + column * (w + gapX), y: first + row * (titleH + h + tickH) + titleH, w, h, row, column, last: k + columns >= n }); // last: no map below it
  }
  const gridW = columns * w + gapX * (columns - 1), bottom = maps[n - 1].y + h;
  const bar = { x: left + gridW + font * 0.6, y: maps[0].y + h * 0.04, w: font * 0.7, h: bottom - maps[0].y - h * 0.08 };
  let loss, distance;
  if (narrow) { // the maps are as wide as the phone allows: the panels take what height is left
    const panelTop = bottom + tickH + xTitleH + font * 1.4, right = width - 8;
    const row = Math.max(panelRow, (height - panelTop - font * 7.2) / 2);
    loss = { x: left, y: panelTop, w: right - left, h: row };
    distance = { x: left, y: panelTop + row + font * 4.4, w: right - left, h: row };
  } else {
    const sideLeft = left + gridW + barWidth + font * 1.2, right = width - 8;
    const gap = font * 3.4, panelTop = font * 1.7, panelH = (height - panelTop - gap - font * 2.8) / 2;
    loss = { x: sideLeft, y: panelTop, w: right - sideLeft, h: panelH };
    distance = { x: sideLeft, y: panelTop + panelH + gap, w: right - sideLeft, h: panelH };
  }
  return { narrow, stacked: narrow, multiples: true, map: maps[0], maps, bar, loss, distance };
}
