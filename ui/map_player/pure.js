// The player's pure functions on one namespace (see ui/map_player.py, which sends this file last): its unit
// tests (tests/browser/test_player_js.py) load the module and call these, with no Streamlit and no message.
export const pure = {
  // the message
  SCHEMA,
  checkHeader,
  decode,
  // ticks and their labels
  niceTicks,
  tickText,
  decade,
  decadeLabels,
  // where the maps and panels go
  metrics,
  fitBox,
  layout,
  // labels that keep apart
  labelRect,
  overlaps,
  overlapArea,
  placeNote,
};
