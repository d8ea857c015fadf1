// How the map player paints the lanes on its maps (see ui/map_player.py): each frame's paths up to the
// step shown, the fixed markers (minima, marks, starts), each lane's marker and cross with its note, and the
// inspector's step with its arrows. Methods of Player.

Object.assign(Player.prototype, {
  // A path through lane points first..last in the map's projection, lifted over non-finite points.
  polyline(ctx, xy, first, last, project) {
    tracePath(ctx, first, last, (i) => {
      const x = xy[2 * i],
        y = xy[2 * i + 1];
      return Number.isFinite(x) && Number.isFinite(y) ? project(x, y) : null;
    });
  },

  // The map box lane k is drawn in: its own in small multiples, the one map otherwise.
  mapOf(k) {
    return this.geometry.multiples ? this.geometry.maps[k] : this.geometry.map;
  },

  // One frame of the lanes on the maps: their paths, the fixed markers over them, each lane's marker and
  // cross, then the inspected step.
  drawLanes(ctx) {
    this.notes = []; // this frame's notes on the maps (where a path ended early)
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    this.drawPaths(ctx);
    this.drawFixedMarkers(ctx);
    this.drawLaneMarkers(ctx);
    const inspected = this.header.inspected;
    if (inspected)
      this.drawInspected(
        ctx,
        (x, y) => this.toMap(x, y, this.mapOf(inspected.lane)),
        this.mapOf(inspected.lane),
      );
  },

  // Each lane's path up to the step shown (faint after its cross), its points and its running average.
  drawPaths(ctx) {
    const h = this.header,
      t = this.step,
      look = h.line;
    this.lanes.forEach((lane, k) => {
      const end = Math.min(t, lane.end);
      if (end < 0) return;
      const m = this.mapOf(k),
        project = (x, y) => this.toMap(x, y, m);
      ctx.save();
      ctx.beginPath();
      ctx.rect(m.x, m.y, m.w, m.h);
      ctx.clip();
      ctx.globalAlpha = this.alpha(k);
      const faint = lane.cross && lane.cross.faint_from !== null ? lane.cross.faint_from : null;
      ctx.strokeStyle = lane.color;
      ctx.lineWidth = look;
      ctx.setLineDash(lane.dash.map((d) => d * look));
      this.polyline(ctx, lane.xy, 0, faint === null ? end : Math.min(end, faint), project);
      if (faint !== null && end > faint) {
        ctx.save();
        ctx.globalAlpha = 0.3 * this.alpha(k);
        ctx.setLineDash([]);
        ctx.lineWidth = look * 0.7;
        this.polyline(ctx, lane.xy, faint, end, project);
        ctx.restore();
      }
      if (h.show_points) {
        ctx.fillStyle = lane.color;
        const last = faint === null ? end : Math.min(end, faint);
        for (let i = 0; i <= last; i++) {
          const x = lane.xy[2 * i],
            y = lane.xy[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const [px, py] = project(x, y);
          ctx.fillRect(px - look * 0.6, py - look * 0.6, look * 1.2, look * 1.2);
        }
      }
      if (lane.avg) {
        ctx.save();
        ctx.setLineDash([1, 2.5].map((d) => d * look * 0.8));
        ctx.lineWidth = look * 0.8;
        this.polyline(ctx, lane.avg.xy, 0, end, project);
        ctx.restore();
      }
      ctx.restore();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  },

  // The minima, the marks and the starts, on every map.
  drawFixedMarkers(ctx) {
    const h = this.header;
    for (const m of this.geometry.maps) {
      const project = (x, y) => this.toMap(x, y, m);
      for (const [x, y] of h.minima) {
        const [px, py] = project(x, y);
        marker(ctx, "star", px, py, (h.marker + 6) / 2, "#FFFFFF", "#111111", 2);
      }
      for (const mark of h.marks) {
        const [px, py] = project(mark.x, mark.y);
        marker(ctx, "diamond", px, py, (h.marker + 2) / 2, "#FFFFFF", "#111111", 2.5);
      }
      for (const [x, y] of h.start) {
        const [px, py] = project(x, y);
        marker(ctx, "circle", px, py, (h.marker + 3) / 2, "#FFFFFF", "#111111", 3);
      }
    }
  },

  // Each lane's marker at the step shown and, once it is reached, its cross with a note on the map.
  drawLaneMarkers(ctx) {
    const h = this.header,
      t = this.step,
      font = h.font;
    const labelFont = this.geometry.multiples ? smallFont(h) : `${font}px Arial, Helvetica, sans-serif`;
    // the lanes' markers and crosses: a note keeps clear of them as of other labels
    const marks = [];
    this.lanes.forEach((lane, k) => {
      const at = Math.min(t, lane.end),
        m = this.mapOf(k),
        r = (h.marker + 4) / 2; // as the cross is drawn
      const points = at < 0 ? [] : [[lane.xy[2 * at], lane.xy[2 * at + 1]]];
      if (lane.cross && t >= lane.cross.step) points.push([lane.cross.x, lane.cross.y]);
      for (const [x, y] of points) {
        const [px, py] = this.toMap(x, y, m);
        if (Number.isFinite(px) && Number.isFinite(py))
          marks.push({ x: px - r, y: py - r, w: 2 * r, h: 2 * r });
      }
    });
    this.lanes.forEach((lane, k) => {
      const at = Math.min(t, lane.end);
      if (at < 0) return;
      const m = this.mapOf(k),
        project = (x, y) => this.toMap(x, y, m);
      ctx.globalAlpha = this.alpha(k);
      const [px, py] = project(lane.xy[2 * at], lane.xy[2 * at + 1]);
      const inside = px >= m.x && px <= m.x + m.w && py >= m.y && py <= m.y + m.h;
      if (inside && Number.isFinite(px) && Number.isFinite(py))
        marker(ctx, lane.symbol, px, py, h.marker / 2, lane.color, "#FFFFFF", 2);
      if (lane.cross && t >= lane.cross.step) {
        const [cx, cy] = project(lane.cross.x, lane.cross.y);
        cross(ctx, cx, cy, (h.marker + 4) / 2, lane.color);
        // inside its map, clear of the theory's labels, the markers and the other lanes' notes
        const avoid = this.texts.filter((r) => r.kind === "theory").concat(this.notes, marks);
        const note = placeNote(
          ctx,
          [lane.cross.text],
          cx,
          cy,
          labelFont,
          lane.color,
          m,
          avoid,
          (h.marker + 4) / 2 + 6,
        );
        this.notes.push({ ...note, kind: "cross", text: lane.cross.text });
      }
    });
    ctx.globalAlpha = 1;
  },

  // The inspector's step ringed in its lane's map (``m``), with the gradient and the step taken as arrows.
  drawInspected(ctx, project, m) {
    const h = this.header,
      inspected = h.inspected;
    if (!inspected || inspected.step !== this.step) return;
    const lane = this.lanes[inspected.lane],
      a = inspected.arrows;
    const i = Math.min(inspected.step - 1, lane.end);
    if (i < 0) return;
    const base = a && a.position.every(Number.isFinite) ? a.position : [lane.xy[2 * i], lane.xy[2 * i + 1]];
    const [px, py] = project(base[0], base[1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    ctx.save();
    ctx.strokeStyle = "#FFFFFF";
    ctx.lineWidth = 6;
    ctx.beginPath();
    ctx.arc(px, py, h.marker, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.strokeStyle = lane.color;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.arc(px, py, h.marker, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
    if (!a) return;
    const visible = Math.min(m.w, m.h) * 0.2,
      font = smallFont(h);
    const [gx, gy] = a.gradient;
    if (Number.isFinite(gx) && Number.isFinite(gy) && Math.hypot(gx, gy) > 0) {
      const [tx, ty] = project(base[0] - gx, base[1] - gy);
      const len = Math.hypot(tx - px, ty - py),
        k = visible / len;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#222222", h.line);
      labelBox(
        ctx,
        "−gradient",
        px + (tx - px) * k,
        py + (ty - py) * k - 6,
        font,
        "#222222",
        "center",
        "bottom",
      );
    }
    const [ux, uy] = a.update;
    if (Number.isFinite(ux) && Number.isFinite(uy) && Math.hypot(ux, uy) > 0) {
      const [tx, ty] = project(base[0] + ux, base[1] + uy);
      const len = Math.hypot(tx - px, ty - py),
        least = h.marker * 2.6;
      // a step shorter than the marker would vanish under it: drawn longer, and the label says by how much
      const k = len < least ? least / len : 1;
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, "#FFFFFF", h.line + 4);
      arrow(ctx, px, py, px + (tx - px) * k, py + (ty - py) * k, lane.color, h.line + 1);
      const text = k > 1 ? `step taken (drawn ×${k.toPrecision(2)})` : "step taken";
      labelBox(ctx, text, px + (tx - px) * k, py + (ty - py) * k + 6, font, lane.color, "center", "top");
    }
  },
});
