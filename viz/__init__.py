"""The one plotting layer: lane palette, landscape raster, figures and HTML export (plotly + numpy only)."""

from viz import animation, export, figures, landscape, palette, png
from viz.figures import InspectArrows, LanePath, TheoryOverlay
from viz.landscape import Landscape
from viz.palette import LaneStyle, lane_style

__all__ = [
    "InspectArrows",
    "Landscape",
    "LanePath",
    "LaneStyle",
    "TheoryOverlay",
    "animation",
    "export",
    "figures",
    "landscape",
    "lane_style",
    "palette",
    "png",
]
