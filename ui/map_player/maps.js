// How the map player paints its maps (see ui/map_player.py, which sends this file after player.js): the
// background drawn once per size (each map's landscape, frame and ticks, the colour bar, the theory's lines,
// the panels' frames from panels.js) and the labels that keep apart on it. Methods of Player.

Object.assign(Player.prototype, {
  drawBackground() {
    const h = this.header,
      font = h.font;
    const box = (g) => [g.x, g.y, g.w, g.h].map((v) => v.toFixed(1)).join(",");
    this.root.dataset.map = box(this.geometry.map);
    this.root.dataset.maps = this.geometry.maps.map(box).join(";");
    this.root.dataset.panels = [this.geometry.loss, this.geometry.distance].map(box).join(";");
    this.root.dataset.window = JSON.stringify(h.window);
    const canvas = document.createElement("canvas");
    canvas.width = this.canvas.width;
    canvas.height = this.canvas.height;
    const ctx = canvas.getContext("2d");
    ctx.scale(this.dpr, this.dpr);
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, this.width, this.height);
    const small = smallFont(h);
    this.texts = []; // every label drawn, as boxes (x, y, w, h): a later label keeps clear of them
    for (const name of ["loss", "distance"]) this.drawPanelFrame(ctx, name, small);
    this.geometry.maps.forEach((box, k) => {
      this.drawMapFrame(ctx, box, k, small);
    });
    this.drawColorbar(ctx, small);
    const m = this.geometry.map; // the theory's lines and a notice: on the first map only, as the Plotly map
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.x, m.y, m.w, m.h);
    ctx.clip();
    if (h.theory) this.drawTheory(ctx, font);
    ctx.restore();
    if (h.notice)
      labelBox(ctx, h.notice, m.x + m.w / 2, m.y + m.h / 2, `${font}px Arial`, "#222222", "center", "middle");
    this.background = canvas;
  },

  // A label drawn as plain text at (x, y), unless it would run into one already drawn or out of the
  // canvas (``keep``: drawn anyway, an axis title); returns whether it was drawn. Its box is kept in
  // ``this.texts`` (and the page's tests read them: data-labels).
  label(ctx, text, x, y, align, baseline, kind, keep = false) {
    const rect = labelRect(ctx, text, x, y, ctx.font, align, baseline);
    const outside = rect.x < 0 || rect.y < 0 || rect.x + rect.w > this.width || rect.y + rect.h > this.height;
    if (!keep && (outside || this.texts.some((t) => overlaps(t, rect)))) return false;
    ctx.textAlign = align;
    ctx.textBaseline = baseline;
    ctx.fillText(text, x, y);
    this.texts.push({ ...rect, kind });
    return true;
  },

  // One map's landscape, frame and ticks; in small multiples its lane's name above it, in its colour, and the
  // axis titles on the first column and the bottom row only.
  drawMapFrame(ctx, m, k, small) {
    const h = this.header,
      font = h.font,
      [[x0, x1], [y0, y1]] = h.window;
    const multiples = this.geometry.multiples;
    if (this.image) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.image, m.x, m.y, m.w, m.h);
    } else {
      ctx.fillStyle = "#E4ECE8";
      ctx.fillRect(m.x, m.y, m.w, m.h);
    }
    ctx.strokeStyle = "#444444";
    ctx.lineWidth = 1;
    ctx.strokeRect(m.x, m.y, m.w, m.h);
    ctx.fillStyle = "#222222";
    ctx.font = small;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xTicks = niceTicks(x0, x1, Math.max(multiples ? 2 : 3, Math.floor(m.w / (font * 5))));
    const line = parseFloat(small) * 1.25 + 2;
    for (const v of xTicks) {
      const [px] = this.toMap(v, y0, m);
      ctx.fillRect(px - 0.5, m.y + m.h, 1, 5);
      this.label(ctx, tickText(v), px, m.y + m.h + 7, "center", "top", "tick");
    }
    if (!multiples || m.last)
      this.label(ctx, h.axes[0], m.x + m.w / 2, m.y + m.h + 8 + line, "center", "top", "title", true);
    for (const v of niceTicks(y0, y1, Math.max(multiples ? 2 : 4, Math.floor(m.h / (font * 3))))) {
      const [, py] = this.toMap(x0, v, m);
      ctx.fillRect(m.x - 5, py - 0.5, 5, 1);
      this.label(ctx, tickText(v), m.x - 7, py, "right", "middle", "tick");
    }
    if (!multiples || m.column === 0) {
      ctx.save();
      ctx.translate(m.x - font * 2.7, m.y + m.h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.fillText(h.axes[1], 0, 0);
      ctx.restore();
    }
    if (!multiples) return;
    const lane = this.lanes[k];
    const size = this.geometry.narrow && !h.presenter ? Math.round(font * 0.87) : font;
    ctx.font = `bold ${size}px Arial, Helvetica, sans-serif`;
    ctx.fillStyle = lane.color;
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    let title = h.multiples.titles[k];
    while (title.length > 2 && ctx.measureText(title).width > m.w) title = title.slice(0, -2) + "…";
    ctx.fillText(title, m.x, m.y - 4); // user text: fillText shows it literally
  },

  // The colour bar beside the maps, or lying under them on a phone (``bar.horizontal``), its ticks kept
  // apart as every label is.
  drawColorbar(ctx, small) {
    const bar = this.geometry.bar,
      cb = this.header.colorbar,
      n = cb.bands.length,
      across = !!bar.horizontal;
    cb.bands.forEach((colour, k) => {
      ctx.fillStyle = colour;
      if (across) ctx.fillRect(bar.x + (k / n) * bar.w, bar.y, bar.w / n + 0.5, bar.h);
      else ctx.fillRect(bar.x, bar.y + bar.h - ((k + 1) / n) * bar.h, bar.w, bar.h / n + 0.5);
    });
    ctx.strokeStyle = "#666666";
    ctx.lineWidth = 1;
    ctx.strokeRect(bar.x, bar.y, bar.w, bar.h);
    ctx.fillStyle = "#222222";
    ctx.font = small;
    const line = parseFloat(small) * 1.25 + 2;
    this.label(
      ctx,
      cb.title,
      Math.max(2, across ? bar.x : bar.x - 4),
      bar.y - (across ? 4 : line / 2 + 3),
      "left",
      "bottom",
      "title",
      true,
    );
    for (const [t, text] of cb.ticks) {
      if (across) {
        const x = bar.x + t * bar.w;
        if (this.label(ctx, text, x, bar.y + bar.h + 4, "center", "top", "tick"))
          ctx.fillRect(x - 0.5, bar.y + bar.h, 1, 4);
      } else {
        const y = bar.y + bar.h - t * bar.h;
        if (this.label(ctx, text, bar.x + bar.w + 6, y, "left", "middle", "tick"))
          ctx.fillRect(bar.x + bar.w, y - 0.5, 4, 1);
      }
    }
  },

  drawTheory(ctx, font) {
    const t = this.header.theory,
      [[x0, x1], [y0, y1]] = this.header.window;
    const reach = Math.hypot(x1 - x0, y1 - y0);
    ctx.save();
    ctx.strokeStyle = "#444444";
    ctx.lineWidth = Math.max(1.5, this.header.line / 2);
    ctx.setLineDash([6, 4]);
    for (const [mx, my, vx, vy] of t.lines) {
      const [ax, ay] = this.toMap(mx - reach * vx, my - reach * vy),
        [bx, by] = this.toMap(mx + reach * vx, my + reach * vy);
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
    }
    ctx.restore();
    // A small multiple is too small for the κ box too: there the legend's entry names κ.
    const multiples = this.geometry.multiples,
      f = multiples ? smallFont(this.header) : `${font}px Arial, Helvetica, sans-serif`;
    const m = this.geometry.map,
      drawn = [];
    for (const [x, y, text, xanchor, yanchor] of m.w < font * 10 ? [] : t.labels) {
      // a phone's multiple: lines only
      const [px, py] = this.toMap(x, y),
        baseline = yanchor === "bottom" ? "bottom" : "top";
      const r = labelRect(ctx, text, px, py, f, xanchor, baseline); // moved into the map where it pokes out
      const dx = Math.max(m.x - r.x, 0) + Math.min(m.x + m.w - (r.x + r.w), 0);
      const dy = Math.max(m.y - r.y, 0) + Math.min(m.y + m.h - (r.y + r.h), 0);
      drawn.push(labelBox(ctx, text, px + dx, py + dy, f, "#333333", xanchor, baseline));
    }
    // The κ box is left out where it would cover an eigenvalue's label (a phone's small map): the
    // legend's entry names κ too.
    const kappa = labelRect(ctx, t.kappa, m.x + 6, m.y + 6, f, "left", "top");
    if (!multiples && !drawn.some((r) => overlaps(r, kappa)))
      drawn.push(labelBox(ctx, t.kappa, m.x + 6, m.y + 6, f, "#222222", "left", "top"));
    for (const r of drawn) this.texts.push({ ...r, kind: "theory" });
  },
});
