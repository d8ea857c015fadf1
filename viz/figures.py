"""The Plotly figures of the playground, one import away: the 3D view and the loss figure beside it.

The contour map is not one of them: the canvas player draws it (:mod:`viz.player` builds its message).
Every builder takes plain arrays and dataclasses (``LanePath``), never surfaces or optimizers to run, and
returns a plain plotly figure dict (``{"data", "layout"}``) whose arrays are already encoded for the
browser, so it can be tested, cached and handed to ``ui.chart`` as it is.

- ``viz.loss_figure``, ``viz.surface3d``: the two figures of the 3D view; ``viz.loss_panels``: their loss
  and distance rules, shared with the player's panels;
- ``viz.overlays``: what the map draws over the paths (theory, inspected step, marked points), as values;
- ``viz.encoding``: typed arrays; ``viz.geometry``: crossings and distances; ``viz.theme``: sizes, fonts
  and :func:`viz.theme.plain` for user text.
"""

from viz.geometry import divergence_marker
from viz.lanes import LanePath
from viz.loss_figure import loss_figure
from viz.overlays import InspectArrows, MarkedPoint, TheoryOverlay
from viz.surface3d import surface3d_figure

__all__ = [
    "InspectArrows",
    "LanePath",
    "MarkedPoint",
    "TheoryOverlay",
    "divergence_marker",
    "loss_figure",
    "surface3d_figure",
]
