// The player's pure functions on one namespace (see ui/map_player.py, which sends this file last): its unit
// tests (tests/browser/test_player_js.py) load the module and call these, with no Streamlit and no message.
export const pure = {
  SCHEMA, checkHeader, decode, // the message
  niceTicks, tickText, decade, decadeLabels: Player.prototype.decadeLabels, // ticks and their labels
  metrics, fitBox, layout, // where the maps and panels go
  labelRect, overlaps, overlapArea, placeNote, // labels that keep apart
};
