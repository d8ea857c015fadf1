"""The one plotting layer: lane palette, landscape raster, the map player's message and the Plotly figures
(plotly + numpy only).

- ``viz.palette.lane_style(i)``: colour (Okabe-Ito, no yellow), dash and marker symbol of lane ``i``.
- ``viz.landscape.compute(surface)``: the loss on a grid and a PNG raster of its contour bands (log or
  quantile levels for a huge dynamic range), drawn under the paths; ``viz.png`` writes the PNG with Pillow.
- ``viz.player.payload(landscape, lanes)``: the contour map (one map or small multiples, with its loss and
  distance panels) as one compact binary message (float32 arrays, the landscape PNG, a JSON header) for the
  canvas player, which draws it in the browser: on the Playground, on the Welcome page, in the offline
  HTML export and in the gallery's cards. ``viz.grid``: where small multiples go and the map's height.
- ``viz.figures``: the 3D view and the loss figure beside it (Plotly figure dicts for ``ui.chart``).

The map's pieces, one job each: ``geometry`` (where a path left the view, distances), ``lanes`` (the input
dataclass), ``overlays`` (theory, inspected step, marked points, colour-bar ticks), ``loss_panels`` (offset,
floor and ranges of the panels), ``theme`` (sizes, fonts and ``plain`` for user text).

The map message is linear in the number of steps: 16 bytes a lane-step plus the landscape image (6 lanes x
1,000 steps: about 0.1 MB; tests/viz/test_player.py holds it within 4x the raw float32 data).
"""

from viz import figures, grid, landscape, palette, player, png
from viz.landscape import Landscape
from viz.lanes import LanePath
from viz.overlays import InspectArrows, TheoryOverlay
from viz.palette import LaneStyle, lane_style

__all__ = [
    "InspectArrows",
    "Landscape",
    "LanePath",
    "LaneStyle",
    "TheoryOverlay",
    "figures",
    "grid",
    "landscape",
    "lane_style",
    "palette",
    "player",
    "png",
]
