// The map player's legend (see ui/map_player.py, which sends this file after player.js): an entry per lane
// (a button: click to show that lane alone), its running average, the starts, minima, marks, the theory's
// lines, the panels' floor and the inspector's arrows, each with a swatch drawn as the map draws it.
// Methods of Player.

Object.assign(Player.prototype, {
  buildLegend() {
    const h = this.header,
      items = [];
    this.lanes.forEach((lane, index) => {
      const suffix = lane.stop ? ` — ${lane.stop}` : ""; // the page's words for where it ended early
      items.push({
        text: lane.label + suffix,
        line: lane.color,
        dash: lane.dash,
        symbol: lane.symbol,
        lane: true,
        index,
      });
      if (lane.avg) items.push({ text: lane.avg.name, line: lane.color, dash: [1, 1.5], thin: true });
    });
    if (h.start.length) items.push({ text: "start", symbol: "circle", fill: "#FFFFFF" });
    if (h.minima.length)
      items.push({
        text: h.minima.length === 1 ? "minimum" : "known minima",
        symbol: "star",
        fill: "#FFFFFF",
      });
    for (const mark of h.marks) items.push({ text: mark.label, symbol: "diamond", fill: "#FFFFFF" });
    if (h.theory) items.push({ text: h.theory.name, line: "#444444", dash: [3, 2], thin: true });
    if (h.panels.loss.floored || h.panels.distance.floored)
      items.push({ text: h.panels.floor_name, line: "#777777", dash: [3, 2], thin: true });
    if (h.inspected && h.inspected.arrows) {
      items.push({ text: "−gradient (scaled to be visible)", line: "#222222", arrow: true });
      items.push({ text: "step taken", line: this.lanes[h.inspected.lane].color, arrow: true });
    }
    this.legend.innerHTML = "";
    const font = h.font;
    for (const item of items) {
      const entry = document.createElement(item.lane ? "button" : "span");
      entry.className = "mp-entry" + (item.lane ? " mp-lane" : "");
      if (item.lane) {
        entry.type = "button";
        entry.title = "show this lane alone (click again for all)";
        entry.addEventListener("click", () => this.isolate(item.index));
      }
      const swatch = document.createElement("canvas");
      const dpr = window.devicePixelRatio || 1;
      swatch.width = Math.round(font * 2.4 * dpr);
      swatch.height = Math.round(font * 1.1 * dpr);
      swatch.style.width = font * 2.4 + "px";
      swatch.style.height = font * 1.1 + "px";
      const ctx = swatch.getContext("2d");
      ctx.scale(dpr, dpr);
      const w = font * 2.4,
        mid = font * 0.55;
      if (item.line) {
        ctx.strokeStyle = item.line;
        ctx.lineWidth = item.thin ? 2 : h.line;
        ctx.setLineDash((item.dash || []).map((d) => d * ctx.lineWidth));
        ctx.beginPath();
        ctx.moveTo(2, mid);
        ctx.lineTo(w - 2, mid);
        ctx.stroke();
        if (item.arrow) arrow(ctx, 2, mid, w - 2, mid, item.line, 2.5);
      }
      if (item.symbol)
        marker(
          ctx,
          item.symbol,
          w / 2,
          mid,
          font * 0.38,
          item.fill || item.line,
          item.fill ? "#111111" : "#FFFFFF",
          1.5,
        );
      const text = document.createElement("span");
      text.textContent = item.text; // user text, shown literally
      entry.append(swatch, text);
      this.legend.appendChild(entry);
    }
  },
});
