"""Figures of the activation-function lecture: each activation with its derivative, gradients over depth,
the zigzag of all-positive inputs, a deep linear network's one boundary and the share of dead units.

Plain figure dicts (numpy and plotly only); the numbers arrive as arrays measured by ``nets.lessons``.
Labels that may carry user text go through :func:`viz.theme.plain`.
"""

from __future__ import annotations

import math

import numpy as np

from viz.encoding import typed
from viz.palette import LANE_COLORS, LANE_DASHES
from viz.theme import FONT_FAMILY, plain

FUNCTION_COLOR, DERIVATIVE_COLOR = LANE_COLORS[0], LANE_COLORS[1]
SATURATED_FILL = "rgba(213, 94, 0, 0.12)"
COLUMNS = 4


def _layout(height: int, **extra) -> dict:
    return {
        "height": height,
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 50, "r": 20, "t": 40, "b": 45},
        "plot_bgcolor": "#FFFFFF",
        "paper_bgcolor": "#FFFFFF",
        **extra,
    }


def gallery_figure(x, panels, *, columns: int = COLUMNS, y_range=(-1.5, 3.0)) -> dict:
    """Small multiples, one panel per activation: ``f`` (solid) and ``f'`` (dashed) over ``x`` and the
    saturated regions (where ``f'`` is below 1 % of its largest value) shaded.

    ``panels``: sequence of ``(title, f values, f' values, saturated intervals ((a, b), ...))``."""
    rows = math.ceil(len(panels) / columns)
    width, height = 1.0 / columns, 1.0 / rows
    traces, shapes, annotations = [], [], []
    layout = _layout(230 * rows, showlegend=True, legend={"orientation": "h", "y": 1.0 + 0.3 / rows})
    xs = typed(x)
    window = (float(np.min(x)), float(np.max(x)))
    for k, (title, values, slopes, saturated) in enumerate(panels):
        row, column = divmod(k, columns)
        suffix = "" if k == 0 else str(k + 1)
        x_domain = [column * width + 0.03, (column + 1) * width - 0.02]
        y_domain = [1 - (row + 1) * height + 0.06, 1 - row * height - 0.05]
        layout[f"xaxis{suffix}"] = {
            "domain": x_domain,
            "anchor": f"y{suffix}",
            "range": list(window),
            "zeroline": True,
        }
        layout[f"yaxis{suffix}"] = {"domain": y_domain, "anchor": f"x{suffix}", "range": list(y_range)}
        for name, ys, color, dash in (
            ("f(x)", values, FUNCTION_COLOR, "solid"),
            ("f′(x)", slopes, DERIVATIVE_COLOR, "dash"),
        ):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": xs,
                    "y": typed(np.clip(ys, -1e6, 1e6)),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": k == 0,
                    "line": {"color": color, "dash": dash, "width": 2.5},
                    "hovertemplate": f"{plain(title)}<br>x=%{{x:.2f}}<br>{name}=%{{y:.3g}}<extra></extra>",
                }
            )
        for low, high in saturated:
            low, high = max(low, window[0]), min(high, window[1])
            if low >= high:
                continue
            shapes.append(
                {
                    "type": "rect",
                    "xref": f"x{suffix}",
                    "yref": f"y{suffix} domain",
                    "x0": low,
                    "x1": high,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": SATURATED_FILL,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        annotations.append(
            {
                "text": f"<b>{plain(title)}</b>",
                "x": 0.02,
                "y": 0.98,
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
            }
        )
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


def depth_figure(products: dict, measured: dict) -> dict:
    """Two log panels: left, :math:`(\\max f')^L` over depth ``L`` per activation (``products``:
    name -> ``(L,)``); right, the gradient norm of each weight matrix of a real deep network at
    initialisation (``measured``: name -> ``(L + 1,)``, input layer first)."""
    traces = []
    for k, (name, values) in enumerate(products.items()):
        style = {"color": LANE_COLORS[k % 6], "dash": LANE_DASHES[k % 6], "width": 2.5}
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(range(1, len(values) + 1)),
                "y": typed(values),
                "name": f"{plain(name)}: bound",
                "legendgroup": plain(name),
                "line": style,
            }
        )
    for k, (name, norms) in enumerate(measured.items()):
        style = {"color": LANE_COLORS[k % 6], "dash": LANE_DASHES[k % 6], "width": 2.5}
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(range(1, len(norms) + 1)),
                "y": typed(np.maximum(norms, 1e-300)),
                "xaxis": "x2",
                "yaxis": "y2",
                "name": f"{plain(name)}: measured",
                "legendgroup": plain(name),
                "line": style,
                "marker": {"symbol": "square"},
            }
        )
    layout = _layout(
        380,
        xaxis={"domain": [0, 0.45], "title": {"text": "depth L (layers passed through)"}},
        yaxis={"type": "log", "exponentformat": "power", "title": {"text": "largest product of f′"}},
        xaxis2={"domain": [0.55, 1], "anchor": "y2", "title": {"text": "layer (1 = nearest the input)"}},
        yaxis2={"type": "log", "anchor": "x2", "exponentformat": "power", "title": {"text": "‖∂J/∂W‖"}},
        legend={"orientation": "h", "y": -0.2},
    )
    return {"data": traces, "layout": layout}


def zigzag_figure(positive_path, centred_path, target) -> dict:
    """2D weight paths towards ``target``: with all-positive inputs every step lies in the first or third
    quadrant direction (both weights up or both down, shaded at the start), so the path zigzags; with
    centred inputs it heads straight there."""
    start = np.asarray(positive_path[0], dtype=float)
    reach = 2.5
    quadrants = [
        {
            "type": "path",
            "path": f"M {start[0]} {start[1]} L {start[0] + sx * reach} {start[1]} "
            f"L {start[0] + sx * reach} {start[1] + sx * reach} L {start[0]} {start[1] + sx * reach} Z",
            "fillcolor": "rgba(0, 114, 178, 0.10)",
            "line": {"width": 0},
            "layer": "below",
        }
        for sx in (1, -1)
    ]
    traces = []
    for k, (name, path) in enumerate(
        (("all-positive inputs (after a sigmoid)", positive_path), ("zero-centred inputs", centred_path))
    ):
        path = np.asarray(path, dtype=float)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": typed(path[:, 0]),
                "y": typed(path[:, 1]),
                "name": name,
                "line": {"color": LANE_COLORS[k], "dash": LANE_DASHES[k], "width": 2.5},
                "marker": {"size": 5},
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [float(start[0]), float(target[0])],
            "y": [float(start[1]), float(target[1])],
            "text": ["start", "w*"],
            "textposition": "top center",
            "marker": {"size": 12, "color": "#111111", "symbol": ["circle-open", "x"]},
            "showlegend": False,
        }
    )
    layout = _layout(
        420,
        shapes=quadrants,
        xaxis={"title": {"text": "w₁"}, "range": [-2, 2], "zeroline": True},
        yaxis={"title": {"text": "w₂"}, "range": [-2, 2], "scaleanchor": "x", "zeroline": True},
        legend={"orientation": "h", "y": -0.18},
        annotations=[
            {
                "text": "allowed directions<br>(both up or both down)",
                "x": float(start[0]) + 0.9,
                "y": float(start[1]) + 0.6,
                "showarrow": False,
                "font": {"color": LANE_COLORS[0]},
            }
        ],
    )
    return {"data": traces, "layout": layout}


def collapse_figure(grid_x, grid_y, deep_logit, points, labels, weight, bias) -> dict:
    """The deep linear network's output sign on a grid (shaded), its zero contour, and the line
    ``weight · x + bias = 0`` of the one collapsed layer drawn over it: the two boundaries coincide."""
    grid_x, grid_y = np.asarray(grid_x, dtype=float), np.asarray(grid_y, dtype=float)
    w1, w2 = float(weight[0]), float(weight[1])
    if abs(w2) > abs(w1):
        line_x = grid_x[[0, -1]]
        line_y = -(bias + w1 * line_x) / w2
    else:
        line_y = grid_y[[0, -1]]
        line_x = -(bias + w2 * line_y) / w1
    points = np.asarray(points, dtype=float)
    labels = np.asarray(labels)
    traces = [
        {
            "type": "heatmap",
            "x": typed(grid_x),
            "y": typed(grid_y),
            "z": typed((np.asarray(deep_logit) > 0).astype(float)),
            "colorscale": [[0, "rgba(0,114,178,0.25)"], [1, "rgba(213,94,0,0.25)"]],
            "showscale": False,
            "hoverinfo": "skip",
            "name": "deep network's regions",
        },
        *(
            {
                "type": "scatter",
                "mode": "markers",
                "x": typed(points[labels == c, 0]),
                "y": typed(points[labels == c, 1]),
                "name": f"class {c}",
                "marker": {"color": LANE_COLORS[c], "size": 6, "line": {"width": 0.5, "color": "#FFFFFF"}},
            }
            for c in (0, 1)
        ),
        {
            "type": "scatter",
            "mode": "lines",
            "x": typed(line_x),
            "y": typed(line_y),
            "name": "one linear layer W·x + b = 0",
            "line": {"color": "#000000", "dash": "dash", "width": 3},
        },
    ]
    layout = _layout(
        420,
        xaxis={"range": [float(grid_x[0]), float(grid_x[-1])], "title": {"text": "x₁"}},
        yaxis={"range": [float(grid_y[0]), float(grid_y[-1])], "title": {"text": "x₂"}, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.18},
    )
    return {"data": traces, "layout": layout}


def dead_figure(names, before, after) -> dict:
    """Share of dead units per hidden layer, before and after one large step, per activation
    (``before``/``after``: ``(A, L)``)."""
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    labels = [plain(n) for n in names]
    traces = []
    for layer in range(before.shape[1]):
        for k, (when, values) in enumerate((("at initialisation", before), ("after the large step", after))):
            traces.append(
                {
                    "type": "bar",
                    "x": labels,
                    "y": typed(100 * values[:, layer]),
                    "name": f"layer {layer + 1}, {when}",
                    "marker": {"color": LANE_COLORS[2 * layer + k], "opacity": 0.55 + 0.45 * k},
                    "texttemplate": "%{y:.0f}%",
                    "textposition": "outside",
                }
            )
    layout = _layout(
        360,
        barmode="group",
        yaxis={"title": {"text": "dead units (%)"}, "range": [0, 110]},
        legend={"orientation": "h", "y": -0.18},
    )
    return {"data": traces, "layout": layout}
