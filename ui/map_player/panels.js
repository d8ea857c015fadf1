// How the map player paints its loss and distance panels (see ui/map_player.py): their frames, decade
// labels, step ticks and stop lines on the background, then each frame's curves and markers over it.
// Methods of Player.

Object.assign(Player.prototype, {
  // The log panels' decade labels sit inside the panels: drawn after the curves, on a light box, so that a
  // curve passing under a label neither hides it nor is read as part of it.
  drawDecadeLabels(ctx) {
    const small = smallFont(this.header);
    for (const [text, x, y] of this.decades || [])
      labelBox(ctx, text, x, y, small, "#222222", "left", "middle");
  },

  drawPanelFrame(ctx, name, small) {
    const box = this.geometry[name],
      panel = this.header.panels[name];
    const line = parseFloat(small) * 1.25 + 2;
    if (name === "loss") this.decades = [];
    ctx.strokeStyle = "#BBBBBB";
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222222";
    ctx.font = smallFont(this.header, 0.93);
    this.label(ctx, panel.title, box.x, box.y - 4, "left", "bottom", "title", true);
    ctx.font = small;
    if (panel.range) {
      for (const k of decadeLabels(box, panel.range, line, panel.decades)) {
        const [, y] = this.toPanel(box, panel.range, 0, 10 ** k);
        ctx.fillStyle = "#EEEEEE";
        ctx.fillRect(box.x + 1, y - 0.5, box.w - 2, 1);
        // drawn over the curves, each frame (drawDecadeLabels); their boxes are kept here
        this.texts.push({
          ...labelRect(ctx, decade(k), box.x + 4, y, small, "left", "middle"),
          kind: "tick",
        });
        this.decades.push([decade(k), box.x + 4, y]);
      }
      if (panel.floored) {
        const [, y] = this.toPanel(box, panel.range, 0, panel.floor);
        if (y >= box.y && y <= box.y + box.h) {
          ctx.save();
          ctx.strokeStyle = "#777777";
          ctx.lineWidth = 1.5;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(box.x, y);
          ctx.lineTo(box.x + box.w, y);
          ctx.stroke();
          ctx.restore();
        }
      }
    } else if (panel.none) {
      this.label(ctx, panel.none, box.x + box.w / 2, box.y + box.h / 2, "center", "middle", "title", true);
    }
    ctx.fillStyle = "#222222";
    if (name === "distance" || this.geometry.stacked) this.drawStepAxis(ctx, box, small);
    this.drawStops(ctx, name, box, small);
  },

  // The step axis under the distance panel (under both when they are stacked): ticks that keep apart.
  drawStepAxis(ctx, box, small) {
    const font = this.header.font,
      line = parseFloat(small) * 1.25 + 2;
    ctx.fillStyle = "#222222";
    const steps = Math.max(this.header.steps, 1);
    for (const v of niceTicks(0, steps, Math.max(2, Math.floor(box.w / (font * 4))))) {
      const x = box.x + (v / steps) * box.w,
        text = String(Math.round(v)),
        half = ctx.measureText(text).width / 2;
      if (
        this.label(
          ctx,
          text,
          Math.max(half + 4, Math.min(x, this.width - half - 4)),
          box.y + box.h + 6,
          "center",
          "top",
          "tick",
        )
      ) {
        ctx.fillRect(x - 0.5, box.y + box.h, 1, 4);
      }
    }
    this.label(ctx, "step", box.x + box.w / 2, box.y + box.h + 7 + line, "center", "top", "title", true);
  },

  // Where each lane diverged, a dotted line in its colour; on the loss panel a note says how it stopped.
  drawStops(ctx, name, box, small) {
    this.lanes.forEach((lane) => {
      if (lane.diverged_at === null) return;
      const x = box.x + (lane.diverged_at / Math.max(this.header.steps, 1)) * box.w;
      ctx.save();
      ctx.strokeStyle = lane.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x, box.y);
      ctx.lineTo(x, box.y + box.h);
      ctx.stroke();
      ctx.restore();
      if (name !== "loss") return;
      // beside its line, inside the panel, clear of the decade labels and of the other lanes' notes
      const near = this.texts.filter((t) => t.kind !== "title");
      const note = placeNote(ctx, [lane.stop], x, box.y + 2, small, lane.color, box, near, 4);
      this.texts.push({ ...note, kind: "stop", text: lane.stop });
    });
  },

  drawPanels(ctx) {
    const t = this.step,
      look = this.header.line * 0.8;
    for (const name of ["loss", "distance"]) {
      const box = this.geometry[name],
        panel = this.header.panels[name];
      if (!panel.range) continue;
      const range = panel.range;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.x, box.y - 1, box.w, box.h + 2);
      ctx.clip();
      ctx.lineJoin = "round";
      const values = name === "loss" ? "lossValues" : "distanceValues";
      this.lanes.forEach((lane, k) => {
        const series = lane[values];
        const end = Math.min(t, series.length - 1);
        ctx.globalAlpha = this.alpha(k);
        ctx.strokeStyle = lane.color;
        ctx.lineWidth = look;
        ctx.setLineDash(lane.dash.map((d) => d * look));
        this.curve(ctx, box, range, series, end);
        if (lane.avg && lane.avg[name]) {
          ctx.save();
          ctx.setLineDash([1, 2.5].map((d) => d * look));
          ctx.lineWidth = look * 0.75;
          this.curve(ctx, box, range, lane.avg[name], end);
          ctx.restore();
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

  // A panel's curve of steps 0..end on its log axis, lifted over values it cannot show (not positive).
  curve(ctx, box, range, series, end) {
    tracePath(ctx, 0, end, (i) => {
      const v = series[i];
      return v > 0 && Number.isFinite(v) ? this.toPanel(box, range, i, v) : null;
    });
  },
});
