"""The figures of the playground, one import away: the animated map, the loss figure and the 3D view.

Every builder takes plain arrays and dataclasses (``LanePath``), never surfaces or optimizers to run, and
returns a plain plotly figure dict (``{"data", "layout"[, "frames"]}``) whose arrays are already encoded
for the browser, so it can be tested, cached and handed to ``ui.chart`` or ``viz.export`` as it is.

Where each part lives:

- ``viz.map_figure``: the animated map and its layout; ``viz.frames``: frames and controls;
- ``viz.traces``, ``viz.markers``, ``viz.overlays``, ``viz.loss_panels``: the pieces of a map;
- ``viz.loss_figure``, ``viz.surface3d``: the two figures of the 3D view;
- ``viz.encoding``: typed arrays and the JSON size; ``viz.geometry``: crossings and distances;
  ``viz.theme``: sizes, fonts and :func:`viz.theme.plain` for user text.
"""

from viz.encoding import figure_json_size
from viz.frames import FRAME_MS, SPEEDS
from viz.geometry import divergence_marker
from viz.lanes import LanePath
from viz.loss_figure import loss_figure
from viz.map_figure import DEFAULT_CHUNKS, LAYOUTS, map_figure
from viz.markers import MarkedPoint
from viz.overlays import InspectArrows, TheoryOverlay
from viz.surface3d import surface3d_figure

__all__ = [
    "DEFAULT_CHUNKS",
    "FRAME_MS",
    "LAYOUTS",
    "SPEEDS",
    "InspectArrows",
    "LanePath",
    "MarkedPoint",
    "TheoryOverlay",
    "divergence_marker",
    "figure_json_size",
    "loss_figure",
    "map_figure",
    "surface3d_figure",
]
