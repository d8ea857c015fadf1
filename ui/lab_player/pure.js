// @ts-check
// The lab player's pure functions on one namespace (ui/lab_player.py sends this file last): its unit tests
// (tests/browser/test_lab_player_js.py) load the module and call these, with no Streamlit and no message.
export const labPure = {
  LAB_SCHEMA,
  checkLabHeader,
  decodeLab,
  lastAtOrBefore,
  rgbOf,
  rampColor,
  mixColor,
  upsample,
  regionPixels,
  labLayout,
  diagramLayout,
  weightStyle,
  logTicks,
};
