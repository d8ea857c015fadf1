"""The network lab's drawing board for your own points: the points by class, over an invisible grid of
click targets (Streamlit reports a click on the plane only as the selection of a point of a trace)."""

from __future__ import annotations

import numpy as np

from viz.encoding import typed
from viz.network import CLASS_COLORS, CLASS_SYMBOLS
from viz.theme import FONT_FAMILY

GRID = 41  # click targets per side: a point lands on the nearest of 41 x 41 positions
SPAN = 1.5  # the empty board shows [-1.5, 1.5]^2, about the generated sets' size


def board_window(points: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The square shown: ``[-SPAN, SPAN]^2``, widened to hold every point with a 10 % margin."""
    low, high = np.array([-SPAN, -SPAN]), np.array([SPAN, SPAN])
    if len(points):
        low, high = np.minimum(low, points.min(axis=0)), np.maximum(high, points.max(axis=0))
    centre, half = 0.5 * (low + high), 0.55 * float((high - low).max())
    return tuple((float(c - half), float(c + half)) for c in centre)


def board_figure(points, targets, task: str, *, height: int = 300) -> dict:
    """Curve 0: the click targets (transparent markers); then one trace of points per class."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    targets = np.asarray(targets)
    (x_low, x_high), (y_low, y_high) = board_window(points)
    gx, gy = np.meshgrid(np.linspace(x_low, x_high, GRID), np.linspace(y_low, y_high, GRID))
    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": typed(gx.ravel()),
            "y": typed(gy.ravel()),
            "name": "click to add",
            "showlegend": False,
            "marker": {"size": 9, "color": "rgba(0,0,0,0)"},
            "hovertemplate": "add a point at (%{x:.2f}, %{y:.2f})<extra></extra>",
        }
    ]
    if task == "regression":
        traces.append(_values(points, targets))
    classes = sorted(set(targets.astype(int).tolist())) if task == "classification" else []
    for k in classes:
        chosen = points[targets.astype(int) == k]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": typed(chosen[:, 0]),
                "y": typed(chosen[:, 1]),
                "name": f"class {k}",
                "marker": {
                    "size": 8,
                    "color": CLASS_COLORS[k],
                    "symbol": CLASS_SYMBOLS[k],
                    "line": {"color": "#FFFFFF", "width": 0.5},
                },
                "hovertemplate": "(%{x:.3g}, %{y:.3g}): click to remove<extra></extra>",
            }
        )
    axis = {"zeroline": False, "showgrid": True, "gridcolor": "#E5E5E5", "fixedrange": True}
    return {
        "data": traces,
        "layout": {
            "height": height,
            "margin": {"l": 30, "r": 10, "t": 10, "b": 30},
            "font": {"family": FONT_FAMILY, "size": 11},
            "xaxis": {**axis, "range": [x_low, x_high], "title": {"text": "x1"}},
            "yaxis": {**axis, "range": [y_low, y_high], "scaleanchor": "x", "title": {"text": "x2"}},
            "legend": {"orientation": "h", "y": -0.2},
            "clickmode": "event+select",
            "dragmode": False,
            "plot_bgcolor": "#FFFFFF",
        },
    }


def _values(points: np.ndarray, targets: np.ndarray) -> dict:
    """Regression points: one trace, coloured by their value y on a diverging scale with its bar."""
    return {
        "type": "scatter",
        "mode": "markers",
        "x": typed(points[:, 0]),
        "y": typed(points[:, 1]),
        "name": "points (colour: y)",
        "customdata": targets.astype(float).tolist(),
        "marker": {
            "size": 8,
            "color": targets.astype(float).tolist(),
            "colorscale": "RdBu",
            "showscale": False,  # the hover says each value; a bar would narrow the small board
            "line": {"color": "#333333", "width": 0.5},
        },
        "hovertemplate": "(%{x:.3g}, %{y:.3g}), y = %{customdata:.3g}: click to remove<extra></extra>",
    }
