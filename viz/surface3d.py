"""The loss surface in 3D with every lane's path lying on it."""

import numpy as np
import plotly.io as pio

from viz.encoding import integers, typed
from viz.geometry import finite_length, inside_mask, points
from viz.landscape import Landscape, colorscale
from viz.lanes import check_lanes, legend_name
from viz.palette import OUTLINE_COLOR
from viz.theme import FONT_FAMILY, Look, plain

STILL_TITLE = "A still of the full paths (drag to turn it); the race plays on the contour map"


def _plotly_look() -> dict:
    """The layout of plotly's own default template (grey-blue 3D walls, white grid): the 3D view keeps it
    without sending the template's per-trace defaults, which this figure overrides anyway."""
    return {"layout": pio.templates["plotly"].layout.to_plotly_json()}


def _height(landscape: Landscape, values) -> np.ndarray:
    """The drawn height: on a log or quantile landscape ``log10(f - f_lo + delta)`` (the Rosenbrock valley
    stays visible, a spike does not flatten the rest), the loss itself otherwise."""
    values = np.asarray(values, float)
    if landscape.scale in ("log", "quantile"):
        with np.errstate(all="ignore"):
            return np.log10(np.maximum(values - landscape.z_low, 0.0) + landscape.delta)
    return values


def _surface_trace(landscape: Landscape, x, y, z, surface_z) -> dict:
    return {
        "type": "surface",
        "x": typed(x),
        "y": typed(y),
        "z": typed(surface_z),
        "surfacecolor": typed(landscape.normalize(z)),
        "cmin": 0.0,
        "cmax": 1.0,
        "colorscale": colorscale(landscape.n_levels),
        "showscale": False,
        "opacity": 0.85,
        "name": "loss surface",
        "hovertemplate": "x = %{x:.3g}<br>y = %{y:.3g}<extra>surface</extra>",
        "contours": {"z": {"show": True, "usecolormap": False, "color": "#666666", "width": 1}},
    }


def _path_traces(landscape: Landscape, lane, look: Look, lift: float) -> list[dict]:
    """A lane's path up to where it left the window (a 3D scene cannot leave points outside its box), and
    a diamond at the last point shown."""
    positions = np.asarray(lane.positions, float)
    shown = positions[: finite_length(positions)]
    inside = inside_mask(shown, landscape.window)
    stop = int(np.argmin(inside)) if not inside.all() else len(shown)
    heights = _height(landscape, np.asarray(lane.losses, float)[:stop]) + lift
    label = plain(lane.label)
    traces = [
        {
            "type": "scatter3d",
            "x": typed(shown[:stop, 0]),
            "y": typed(shown[:stop, 1]),
            "z": typed(heights),
            "customdata": integers(np.arange(stop)),
            "mode": "lines+markers",
            "line": {"color": lane.style.color, "width": look.line * 2, "dash": lane.style.dash},
            "marker": {"size": 2.5, "color": lane.style.color, "symbol": "circle"},
            "name": legend_name(lane),
            "hovertemplate": f"<b>{label}</b><br>step %{{customdata}}<br>x = %{{x:.4g}}"
            "<br>y = %{y:.4g}<extra></extra>",
        }
    ]
    if stop > 0:
        traces.append(
            {
                "type": "scatter3d",
                "x": [float(shown[stop - 1, 0])],
                "y": [float(shown[stop - 1, 1])],
                "z": [float(heights[-1])],
                "mode": "markers",
                "marker": {"size": 7, "color": lane.style.color, "symbol": "diamond"},
                "showlegend": False,
                "hovertemplate": f"<b>{label}</b>: last step shown<extra></extra>",
            }
        )
    return traces


def _minima_trace(landscape: Landscape, minima: np.ndarray, lift: float) -> dict:
    with np.errstate(all="ignore"):
        columns = [np.abs(landscape.x - m[0]).argmin() for m in minima]
        rows = [np.abs(landscape.y - m[1]).argmin() for m in minima]
    return {
        "type": "scatter3d",
        "x": typed(minima[:, 0], exact=True),
        "y": typed(minima[:, 1], exact=True),
        "z": typed(_height(landscape, landscape.z[rows, columns]) + lift, exact=True),
        "mode": "markers",
        "marker": {"size": 6, "color": "#FFFFFF", "line": {"color": OUTLINE_COLOR, "width": 2}},
        "name": "minimum" if len(minima) == 1 else "known minima",
    }


def surface3d_figure(
    landscape: Landscape,
    lanes,
    *,
    presenter: bool = False,
    height: int | None = None,
    minima=None,
    max_side: int = 90,
) -> dict:
    """The loss surface in 3D with every lane's path lying on it, as a figure dict (a still: the map is the
    animated view, and the title says so). The surface is subsampled to at most ``max_side`` points a side.
    Arrays are float32: a ten-thousandth of a pixel is far below what a 3D view shows."""
    lanes, look = check_lanes(lanes), Look.of(presenter)
    stride = max(1, int(np.ceil(max(landscape.z.shape) / max_side)))
    x, y, z = landscape.x[::stride], landscape.y[::stride], landscape.z[::stride, ::stride]
    surface_z = _height(landscape, z)
    data = [_surface_trace(landscape, x, y, z, surface_z)]
    # Paths float a little above the surface so that it does not hide them.
    lift = 0.02 * (np.nanmax(surface_z) - np.nanmin(surface_z)) if np.isfinite(surface_z).any() else 0.0
    for lane in lanes:
        data += _path_traces(landscape, lane, look, lift)
    minima = points(minima)
    if len(minima):
        data.append(_minima_trace(landscape, minima, lift))
    (x_min, x_max), (y_min, y_max) = landscape.window
    z_title = "log10(loss − min + δ)" if landscape.scale in ("log", "quantile") else "loss"
    # Few, large ticks: a 3D axis crowded with labels smears into a grey band. A narrow window (a ravine)
    # keeps at least half the depth so its y ticks do not pile up.
    axis = {"nticks": 5, "tickfont": {"size": look.font - 2}, "title": {"font": {"size": look.font}}}
    layout = {
        "height": height or (760 + (80 if presenter else 0)),
        "margin": {"l": 0, "r": 0, "t": 50, "b": 0},
        "font": {"size": look.font, "family": FONT_FAMILY},
        "title": {"text": STILL_TITLE, "x": 0.0, "font": {"size": look.font}},
        "scene": {
            "xaxis": {**axis, "title": {"text": "x", **axis["title"]}, "range": [x_min, x_max]},
            "yaxis": {**axis, "title": {"text": "y", **axis["title"]}, "range": [y_min, y_max]},
            "zaxis": {**axis, "title": {"text": z_title, **axis["title"]}, "exponentformat": "power"},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": max((y_max - y_min) / (x_max - x_min), 0.5), "z": 0.6},
            "camera": {"eye": {"x": -1.05, "y": -1.3, "z": 0.95}},  # close: the surface fills the view
        },
        "legend": {"orientation": "h", "y": 0.0, "font": {"size": look.font}},
        "uirevision": "surface3d",
        "template": _plotly_look(),
    }
    return {"data": data, "layout": layout}
