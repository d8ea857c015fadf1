"""The one plotting layer: lane palette, landscape raster, figures and HTML export (plotly + numpy only).

- ``viz.palette.lane_style(i)``: colour (Okabe-Ito, no yellow), dash and marker symbol of lane ``i``.
- ``viz.landscape.compute(surface)``: the loss on a grid and a PNG raster of its contour bands (log or
  quantile levels for a huge dynamic range), drawn under the paths as a layout image: plotly.js drops
  contour and heatmap traces when frames animate without a redraw, a layout image stays. ``viz.png``
  writes the PNG with Pillow.
- ``viz.figures.map_figure(landscape, lanes)``: the animated map (overlay or small multiples) with loss and
  distance panels, Play/Pause, speeds and a slider; ``loss_figure``, ``surface3d_figure``;
  ``figure_json_size``. Every builder returns a plain figure dict; ``ui.chart`` draws it in a page.
- ``viz.export.standalone_html(figure)``: one HTML file with plotly.js inlined that plays offline.
- ``viz.player.payload(landscape, lanes)``: the same map as one compact binary message (float32 arrays, the
  landscape PNG, a JSON header) for the canvas player that draws the playground's map in the browser.

The map is built from small modules, one job each: ``encoding`` (typed arrays, JSON size), ``geometry``
(where a path left the view, distances), ``lanes`` (the input dataclass), ``traces`` (chunked paths),
``markers``, ``overlays`` (landscape image, colour bar, eigenvectors, inspect arrows), ``loss_panels``,
``frames`` (frames and controls), ``theme`` (sizes, fonts and ``plain`` for user text), ``map_figure``,
``loss_figure`` and ``surface3d``.

Size of the animation (``viz.animation`` explains the design): every step of every path is drawn, and the
JSON grows linearly with the number of steps. Measured for 6 lanes on Rosenbrock with 200 frames (overlay):
0.25 MB for 100 steps, 0.91 MB for 1,000, 1.53 MB for 2,000 and 3.69 MB for 5,000 steps (a frame per step
repeating the path would be 82 MB for 1,000 steps).
"""

from viz import animation, export, figures, landscape, palette, player, png
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
    "animation",
    "export",
    "figures",
    "landscape",
    "lane_style",
    "palette",
    "player",
    "png",
]
