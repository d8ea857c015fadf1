// How the map player paints (see ui/map_player.py, which sends this file after player.js): the
// background (maps, colour bar, theory, panel frames) drawn once per size, then each frame's paths,
// markers and panel curves over it. Methods of Player, kept apart from its state and controls.

Object.assign(Player.prototype, {
  drawBackground() {
    const h = this.header, font = h.font;
    const box = (g) => [g.x, g.y, g.w, g.h].map((v) => v.toFixed(1)).join(",");
    this.root.dataset.map = box(this.geometry.map);
    this.root.dataset.maps = this.geometry.maps.map(box).join(";");
    this.root.dataset.panels = [this.geometry.loss, this.geometry.distance].map(box).join(";");
    this.root.dataset.window = JSON.stringify(h.window);
    const canvas = document.createElement("canvas");
    canvas.width = this.canvas.width; canvas.height = this.canvas.height;
    const ctx = canvas.getContext("2d");
    ctx.scale(this.dpr, this.dpr);
    ctx.fillStyle = "#FFFFFF"; ctx.fillRect(0, 0, this.width, this.height);
    const small = smallFont(h);
    this.texts = []; // every label drawn, as boxes (x, y, w, h): a later label keeps clear of them
    for (const name of ["loss", "distance"]) this.drawPanelFrame(ctx, name, small);
    this.geometry.maps.forEach((box, k) => { this.drawMapFrame(ctx, box, k, small); });
    this.drawColorbar(ctx, small);
    const m = this.geometry.map; // the theory's lines and a notice: on the first map only, as the Plotly map
    ctx.save(); ctx.beginPath(); ctx.rect(m.x, m.y, m.w, m.h); ctx.clip();
    if (h.theory) this.drawTheory(ctx, font);
    ctx.restore();
    if (h.notice) labelBox(ctx, h.notice, m.x + m.w / 2, m.y + m.h / 2, `${font}px Arial`, "#222222", "center", "middle");
    this.background = canvas;
  },

  // A label drawn as plain text at (x, y), unless it would run into one already drawn or out of the
  // canvas (``keep``: drawn anyway, an axis title); returns whether it was drawn. Its box is kept in
  // ``this.texts`` (and the page's tests read them: data-labels).
  label(ctx, text, x, y, align, baseline, kind, keep = false) {
    const rect = labelRect(ctx, text, x, y, ctx.font, align, baseline);
    const outside = rect.x < 0 || rect.y < 0 || rect.x + rect.w > this.width || rect.y + rect.h > this.height;
    if (!keep && (outside || this.texts.some((t) => overlaps(t, rect)))) return false;
    ctx.textAlign = align; ctx.textBaseline = baseline; ctx.fillText(text, x, y);
    this.texts.push({ ...rect, kind });
    return true;
  },

  // One map's landscape, frame and ticks; in small multiples its lane's name above it, in its colour, and the
  // axis titles on the first column and the bottom row only.
  drawMapFrame(ctx, m, k, small) {
    const h = this.header, font = h.font, [[x0, x1], [y0, y1]] = h.window;
    const multiples = this.geometry.multiples;
    if (this.image) { ctx.imageSmoothingEnabled = true; ctx.drawImage(this.image, m.x, m.y, m.w, m.h); }
    else { ctx.fillStyle = "#E4ECE8"; ctx.fillRect(m.x, m.y, m.w, m.h); }
    ctx.strokeStyle = "#444444"; ctx.lineWidth = 1; ctx.strokeRect(m.x, m.y, m.w, m.h);
    ctx.fillStyle = "#222222"; ctx.font = small;
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const xTicks = niceTicks(x0, x1, Math.max(multiples ? 2 : 3, Math.floor(m.w / (font * 5))));
    const line = parseFloat(small) * 1.25 + 2;
    for (const v of xTicks) {
      const [px] = this.toMap(v, y0, m);
      ctx.fillRect(px - 0.5, m.y + m.h, 1, 5); this.label(ctx, tickText(v), px, m.y + m.h + 7, "center", "top", "tick");
    }
    if (!multiples || m.last) this.label(ctx, "x", m.x + m.w / 2, m.y + m.h + 8 + line, "center", "top", "title", true);
    for (const v of niceTicks(y0, y1, Math.max(multiples ? 2 : 4, Math.floor(m.h / (font * 3))))) {
      const [, py] = this.toMap(x0, v, m);
      ctx.fillRect(m.x - 5, py - 0.5, 5, 1); this.label(ctx, tickText(v), m.x - 7, py, "right", "middle", "tick");
    }
    if (!multiples || m.column === 0) {
      ctx.save(); ctx.translate(m.x - font * 2.7, m.y + m.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("y", 0, 0); ctx.restore();
    }
    if (!multiples) return;
    const lane = this.lanes[k];
    const size = this.geometry.narrow && !h.presenter ? Math.round(font * 0.87) : font;
    ctx.font = `bold ${size}px Arial, Helvetica, sans-serif`; ctx.fillStyle = lane.color;
    ctx.textAlign = "left"; ctx.textBaseline = "bottom";
    let title = h.multiples.titles[k];
    while (title.length > 2 && ctx.measureText(title).width > m.w) title = title.slice(0, -2) + "…";
    ctx.fillText(title, m.x, m.y - 4); // user text: fillText shows it literally
  },

  // The colour bar beside the maps, or lying under them on a phone (``bar.horizontal``), its ticks kept
  // apart as every label is.
  drawColorbar(ctx, small) {
    const bar = this.geometry.bar, cb = this.header.colorbar, n = cb.bands.length, across = !!bar.horizontal;
    cb.bands.forEach((colour, k) => {
      ctx.fillStyle = colour;
      if (across) ctx.fillRect(bar.x + (k / n) * bar.w, bar.y, bar.w / n + 0.5, bar.h);
      else ctx.fillRect(bar.x, bar.y + bar.h - ((k + 1) / n) * bar.h, bar.w, bar.h / n + 0.5);
    });
    ctx.strokeStyle = "#666666"; ctx.lineWidth = 1; ctx.strokeRect(bar.x, bar.y, bar.w, bar.h);
    ctx.fillStyle = "#222222"; ctx.font = small;
    const line = parseFloat(small) * 1.25 + 2;
    this.label(ctx, cb.title, Math.max(2, across ? bar.x : bar.x - 4), bar.y - (across ? 4 : line / 2 + 3), "left", "bottom", "title", true);
    for (const [t, text] of cb.ticks) {
      if (across) {
        const x = bar.x + t * bar.w;
        if (this.label(ctx, text, x, bar.y + bar.h + 4, "center", "top", "tick")) ctx.fillRect(x - 0.5, bar.y + bar.h, 1, 4);
      } else {
        const y = bar.y + bar.h - t * bar.h;
        if (this.label(ctx, text, bar.x + bar.w + 6, y, "left", "middle", "tick")) ctx.fillRect(bar.x + bar.w, y - 0.5, 4, 1);
      }
    }
  },

  drawTheory(ctx, font) {
    const t = this.header.theory, [[x0, x1], [y0, y1]] = this.header.window;
    const reach = Math.hypot(x1 - x0, y1 - y0);
    ctx.save(); ctx.strokeStyle = "#444444"; ctx.lineWidth = Math.max(1.5, this.header.line / 2); ctx.setLineDash([6, 4]);
    for (const [mx, my, vx, vy] of t.lines) {
      const [ax, ay] = this.toMap(mx - reach * vx, my - reach * vy), [bx, by] = this.toMap(mx + reach * vx, my + reach * vy);
      ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
    }
    ctx.restore();
    // A small multiple is too small for the κ box too: there the legend's entry names κ.
    const multiples = this.geometry.multiples, f = multiples ? smallFont(this.header) : `${font}px Arial, Helvetica, sans-serif`;
    const m = this.geometry.map, drawn = [];
    for (const [x, y, text, xanchor, yanchor] of m.w < font * 10 ? [] : t.labels) { // a phone's multiple: lines only
      const [px, py] = this.toMap(x, y), baseline = yanchor === "bottom" ? "bottom" : "top";
      const r = labelRect(ctx, text, px, py, f, xanchor, baseline); // moved into the map where it pokes out
      const dx = Math.max(m.x - r.x, 0) + Math.min(m.x + m.w - (r.x + r.w), 0);
      const dy = Math.max(m.y - r.y, 0) + Math.min(m.y + m.h - (r.y + r.h), 0);
      drawn.push(labelBox(ctx, text, px + dx, py + dy, f, "#333333", xanchor, baseline));
    }
    // The κ box is left out where it would cover an eigenvalue's label (a phone's small map): the
    // legend's entry names κ too.
    const kappa = labelRect(ctx, t.kappa, m.x + 6, m.y + 6, f, "left", "top");
    if (!multiples && !drawn.some((r) => overlaps(r, kappa))) drawn.push(labelBox(ctx, t.kappa, m.x + 6, m.y + 6, f, "#222222", "left", "top"));
    for (const r of drawn) this.texts.push({ ...r, kind: "theory" });
  },

  // The log panels' decade labels sit inside the panels: drawn after the curves, on a light box, so that a
  // curve passing under a label neither hides it nor is read as part of it.
  drawDecadeLabels(ctx) {
    const small = smallFont(this.header);
    for (const [text, x, y] of this.decades || []) labelBox(ctx, text, x, y, small, "#222222", "left", "middle");
  },

  drawPanelFrame(ctx, name, small) {
    const box = this.geometry[name], panel = this.header.panels[name], font = this.header.font;
    const line = parseFloat(small) * 1.25 + 2;
    if (name === "loss") this.decades = [];
    ctx.strokeStyle = "#BBBBBB"; ctx.lineWidth = 1; ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222222"; ctx.font = smallFont(this.header, 0.93);
    this.label(ctx, panel.title, box.x, box.y - 4, "left", "bottom", "title", true);
    ctx.font = small;
    if (panel.range) {
      for (const k of decadeLabels(box, panel.range, line, panel.decades)) {
        const [, y] = this.toPanel(box, panel.range, 0, 10 ** k);
        ctx.fillStyle = "#EEEEEE"; ctx.fillRect(box.x + 1, y - 0.5, box.w - 2, 1);
        // drawn over the curves, each frame (drawDecadeLabels); their boxes are kept here
        this.texts.push({ ...labelRect(ctx, decade(k), box.x + 4, y, small, "left", "middle"), kind: "tick" });
        this.decades.push([decade(k), box.x + 4, y]);
      }
      if (panel.floored) {
        const [, y] = this.toPanel(box, panel.range, 0, panel.floor);
        if (y >= box.y && y <= box.y + box.h) {
          ctx.save(); ctx.strokeStyle = "#777777"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
          ctx.beginPath(); ctx.moveTo(box.x, y); ctx.lineTo(box.x + box.w, y); ctx.stroke(); ctx.restore();
        }
      }
    } else if (panel.none) {
      this.label(ctx, panel.none, box.x + box.w / 2, box.y + box.h / 2, "center", "middle", "title", true);
    }
    ctx.fillStyle = "#222222";
    if (name === "distance" || this.geometry.stacked) {
      const steps = Math.max(this.header.steps, 1);
      for (const v of niceTicks(0, steps, Math.max(2, Math.floor(box.w / (font * 4))))) {
        const x = box.x + (v / steps) * box.w, text = String(Math.round(v)), half = ctx.measureText(text).width / 2;
        if (this.label(ctx, text, Math.max(half + 4, Math.min(x, this.width - half - 4)), box.y + box.h + 6, "center", "top", "tick")) {
          ctx.fillRect(x - 0.5, box.y + box.h, 1, 4);
        }
      }
      this.label(ctx, "step", box.x + box.w / 2, box.y + box.h + 7 + line, "center", "top", "title", true);
    }
    this.lanes.forEach((lane) => {
      if (lane.diverged_at === null) return;
      const x = box.x + (lane.diverged_at / Math.max(this.header.steps, 1)) * box.w;
      ctx.save(); ctx.strokeStyle = lane.color; ctx.lineWidth = 2; ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(x, box.y); ctx.lineTo(x, box.y + box.h); ctx.stroke(); ctx.restore();
      if (name !== "loss") return;
      // beside its line, inside the panel, clear of the decade labels and of the other lanes' notes
      const near = this.texts.filter((t) => t.kind !== "title");
      const note = placeNote(ctx, [lane.stop], x, box.y + 2, small, lane.color, box, near, 4);
      this.texts.push({ ...note, kind: "stop", text: lane.stop });
    });
  },

  // Points closer than a pixel to the last one drawn add nothing visible but cost every frame: skipped,
  // except the path's last point (the data keep every step; the scrubber reaches each one).
  polyline(ctx, xy, first, last, project) {
    let open = false, lx = 0, ly = 0;
    ctx.beginPath();
    for (let i = first; i <= last; i++) {
      const x = xy[2 * i], y = xy[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) { open = false; continue; }
      const [px, py] = project(x, y);
      if (!open) { ctx.moveTo(px, py); open = true; lx = px; ly = py; continue; }
      if (i < last && Math.abs(px - lx) < 1 && Math.abs(py - ly) < 1) continue;
      ctx.lineTo(px, py); lx = px; ly = py;
    }
    ctx.stroke();
  },

  // The map box lane k is drawn in: its own in small multiples, the one map otherwise.
  mapOf(k) { return this.geometry.multiples ? this.geometry.maps[k] : this.geometry.map; },

  drawPaths(ctx) {
    const h = this.header, t = this.step, look = h.line;
    this.notes = []; // this frame's notes on the maps (where a path ended early)
    ctx.lineJoin = "round"; ctx.lineCap = "round";
    this.lanes.forEach((lane, k) => {
      const end = Math.min(t, lane.end);
      if (end < 0) return;
      const m = this.mapOf(k), project = (x, y) => this.toMap(x, y, m);
      ctx.save(); ctx.beginPath(); ctx.rect(m.x, m.y, m.w, m.h); ctx.clip();
      ctx.globalAlpha = this.alpha(k);
      const faint = lane.cross && lane.cross.faint_from !== null ? lane.cross.faint_from : null;
      ctx.strokeStyle = lane.color; ctx.lineWidth = look; ctx.setLineDash(lane.dash.map((d) => d * look));
      this.polyline(ctx, lane.xy, 0, faint === null ? end : Math.min(end, faint), project);
      if (faint !== null && end > faint) {
        ctx.save(); ctx.globalAlpha = 0.3 * this.alpha(k); ctx.setLineDash([]); ctx.lineWidth = look * 0.7;
        this.polyline(ctx, lane.xy, faint, end, project); ctx.restore();
      }
      if (h.show_points) {
        ctx.fillStyle = lane.color;
        const last = faint === null ? end : Math.min(end, faint);
        for (let i = 0; i <= last; i++) {
          const x = lane.xy[2 * i], y = lane.xy[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const [px, py] = project(x, y);
          ctx.fillRect(px - look * 0.6, py - look * 0.6, look * 1.2, look * 1.2);
        }
      }
      if (lane.avg) {
        ctx.save(); ctx.setLineDash([1, 2.5].map((d) => d * look * 0.8)); ctx.lineWidth = look * 0.8;
        this.polyline(ctx, lane.avg.xy, 0, end, project); ctx.restore();
      }
      ctx.restore();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    const font = h.font, labelFont = this.geometry.multiples ? smallFont(h) : `${font}px Arial, Helvetica, sans-serif`;
    for (const m of this.geometry.maps) {
      const project = (x, y) => this.toMap(x, y, m);
      for (const [x, y] of h.minima) { const [px, py] = project(x, y); marker(ctx, "star", px, py, (h.marker + 6) / 2, "#FFFFFF", "#111111", 2); }
      for (const mark of h.marks) { const [px, py] = project(mark.x, mark.y); marker(ctx, "diamond", px, py, (h.marker + 2) / 2, "#FFFFFF", "#111111", 2.5); }
      for (const [x, y] of h.start) { const [px, py] = project(x, y); marker(ctx, "circle", px, py, (h.marker + 3) / 2, "#FFFFFF", "#111111", 3); }
    }
    // the lanes' markers and crosses: a note keeps clear of them as of other labels
    const marks = [];
    this.lanes.forEach((lane, k) => {
      const at = Math.min(t, lane.end), m = this.mapOf(k), r = (h.marker + 4) / 2; // as the cross is drawn
      const points = at < 0 ? [] : [[lane.xy[2 * at], lane.xy[2 * at + 1]]];
      if (lane.cross && t >= lane.cross.step) points.push([lane.cross.x, lane.cross.y]);
      for (const [x, y] of points) {
        const [px, py] = this.toMap(x, y, m);
        if (Number.isFinite(px) && Number.isFinite(py)) marks.push({ x: px - r, y: py - r, w: 2 * r, h: 2 * r });
      }
    });
    this.lanes.forEach((lane, k) => {
      const at = Math.min(t, lane.end);
      if (at < 0) return;
      const m = this.mapOf(k), project = (x, y) => this.toMap(x, y, m);
      ctx.globalAlpha = this.alpha(k);
      const [px, py] = project(lane.xy[2 * at], lane.xy[2 * at + 1]);
      const inside = px >= m.x && px <= m.x + m.w && py >= m.y && py <= m.y + m.h;
      if (inside && Number.isFinite(px) && Number.isFinite(py)) marker(ctx, lane.symbol, px, py, h.marker / 2, lane.color, "#FFFFFF", 2);
      if (lane.cross && t >= lane.cross.step) {
        const [cx, cy] = project(lane.cross.x, lane.cross.y);
        cross(ctx, cx, cy, (h.marker + 4) / 2, lane.color);
        // inside its map, clear of the theory's labels, the markers and the other lanes' notes
        const avoid = this.texts.filter((r) => r.kind === "theory").concat(this.notes, marks);
        const note = placeNote(ctx, [lane.cross.text], cx, cy, labelFont, lane.color, m, avoid, (h.marker + 4) / 2 + 6);
        this.notes.push({ ...note, kind: "cross", text: lane.cross.text });
      }
    });
    ctx.globalAlpha = 1;
    const inspected = h.inspected;
    if (inspected) this.drawInspected(ctx, (x, y) => this.toMap(x, y, this.mapOf(inspected.lane)), this.mapOf(inspected.lane));
  },

  // The inspector's step ringed in its lane's map (``m``), with the gradient and the step taken as arrows.
  drawInspected(ctx, project, m) {
    const h = this.header, inspected = h.inspected;
    if (!inspected || inspected.step !== this.step) return;
    const lane = this.lanes[inspected.lane], a = inspected.arrows;
    const i = Math.min(inspected.step - 1, lane.end);
    if (i < 0) return;
    const base = a && a.position.every(Number.isFinite) ? a.position : [lane.xy[2 * i], lane.xy[2 * i + 1]];
    const [px, py] = project(base[0], base[1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    ctx.save();
    ctx.strokeStyle = "#FFFFFF"; ctx.lineWidth = 6; ctx.beginPath(); ctx.arc(px, py, h.marker, 0, 2 * Math.PI); ctx.stroke();
    ctx.strokeStyle = lane.color; ctx.lineWidth = 3; ctx.beginPath(); ctx.arc(px, py, h.marker, 0, 2 * Math.PI); ctx.stroke();
    ctx.restore();
    if (!a) return;
    const visible = Math.min(m.w, m.h) * 0.2, font = smallFont(h);
    const [gx, gy] = a.gradient;
    if (Number.isFinite(gx) && Number.isFinite(gy) && Math.hypot(gx, gy) > 0) {
      const [tx, ty] = project(base[0] - gx, base[1] - gy);
      const len = Math.hypot(tx - px, ty - py), k = visible / len;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#222222", h.line);
      labelBox(ctx, "−gradient", px + (tx - px) * k, py + (ty - py) * k - 6, font, "#222222", "center", "bottom");
    }
    const [ux, uy] = a.update;
    if (Number.isFinite(ux) && Number.isFinite(uy) && Math.hypot(ux, uy) > 0) {
      const [tx, ty] = project(base[0] + ux, base[1] + uy);
      const len = Math.hypot(tx - px, ty - py), least = h.marker * 2.6;
      // a step shorter than the marker would vanish under it: drawn longer, and the label says by how much
      const k = len < least ? least / len : 1;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#FFFFFF", h.line + 4);
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, lane.color, h.line + 1);
      const text = k > 1 ? `step taken (drawn ×${k.toPrecision(2)})` : "step taken";
      labelBox(ctx, text, px + (tx - px) * k, py + (ty - py) * k + 6, font, lane.color, "center", "top");
    }
  },

  drawPanels(ctx) {
    const t = this.step, look = this.header.line * 0.8;
    for (const name of ["loss", "distance"]) {
      const box = this.geometry[name], panel = this.header.panels[name];
      if (!panel.range) continue;
      const range = panel.range;
      ctx.save(); ctx.beginPath(); ctx.rect(box.x, box.y - 1, box.w, box.h + 2); ctx.clip();
      ctx.lineJoin = "round";
      const values = name === "loss" ? "lossValues" : "distanceValues";
      this.lanes.forEach((lane, k) => {
        const series = lane[values];
        const end = Math.min(t, series.length - 1);
        ctx.globalAlpha = this.alpha(k);
        ctx.strokeStyle = lane.color; ctx.lineWidth = look; ctx.setLineDash(lane.dash.map((d) => d * look));
        this.curve(ctx, box, range, series, end);
        if (lane.avg && lane.avg[name]) {
          ctx.save(); ctx.setLineDash([1, 2.5].map((d) => d * look)); ctx.lineWidth = look * 0.75;
          this.curve(ctx, box, range, lane.avg[name], end); ctx.restore();
        }
      });
      ctx.setLineDash([]);
      this.lanes.forEach((lane, k) => {
        const series = lane[values];
        if (t > lane.end || t >= series.length) return;
        ctx.globalAlpha = this.alpha(k);
        const v = series[t];
        if (!(v > 0) || !Number.isFinite(v)) return;
        const [px, py] = this.toPanel(box, range, t, v);
        marker(ctx, lane.symbol, px, py, (this.header.marker - 3) / 2, lane.color, "#FFFFFF", 1.5);
      });
      ctx.globalAlpha = 1;
      ctx.restore();
    }
  },

  curve(ctx, box, range, series, end) {
    let open = false;
    ctx.beginPath();
    const steps = Math.max(this.header.steps, 1), span = range[1] - range[0];
    let lx = 0, ly = 0;
    for (let i = 0; i <= end; i++) {
      const v = series[i];
      if (!(v > 0) || !Number.isFinite(v)) { open = false; continue; }
      const px = box.x + (i / steps) * box.w, py = box.y + box.h - ((Math.log10(v) - range[0]) / span) * box.h;
      if (!open) { ctx.moveTo(px, py); open = true; lx = px; ly = py; continue; }
      if (i < end && px - lx < 1 && Math.abs(py - ly) < 1) continue; // under a pixel: see polyline
      ctx.lineTo(px, py); lx = px; ly = py;
    }
    ctx.stroke();
  },
});
