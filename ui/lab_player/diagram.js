// @ts-check
// The network diagram (methods of RunView, see paint.js): drawn in a later slice.
Object.assign(RunView.prototype, {
  drawDiagram() {},
});
