"""Figures of the initialisation lecture: cs231n's per-layer activation histograms, per-layer curves of the
forward and backward statistics, and the spread between units over training (symmetry).

Plain figure dicts (numpy and plotly only); the numbers arrive as arrays from ``nets.lessons`` and
``nets.lessons_extra``. Series names go through :func:`viz.theme.plain`.
"""

from __future__ import annotations

import numpy as np

from viz.encoding import typed
from viz.palette import LANE_COLORS, LANE_DASHES, LANE_SYMBOLS
from viz.theme import FONT_FAMILY, plain


def _layout(height: int, **extra) -> dict:
    return {
        "height": height,
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 55, "r": 20, "t": 40, "b": 45},
        "plot_bgcolor": "#FFFFFF",
        "paper_bgcolor": "#FFFFFF",
        **extra,
    }


def histograms_figure(edges, histograms, *, color: str = LANE_COLORS[0]) -> dict:
    """One small panel per layer (``histograms`` ``(L, bins)`` counts over ``edges``), left to right from the
    first hidden layer, each with its own count axis so that a collapsed layer still shows its shape."""
    edges = np.asarray(edges, dtype=float)
    histograms = np.asarray(histograms, dtype=float)
    layers = len(histograms)
    centres, widths = 0.5 * (edges[1:] + edges[:-1]), np.diff(edges)
    width = 1.0 / layers
    layout = _layout(240, showlegend=False, bargap=0)
    traces, annotations = [], []
    for layer in range(layers):
        suffix = "" if layer == 0 else str(layer + 1)
        layout[f"xaxis{suffix}"] = {
            "domain": [layer * width + 0.004, (layer + 1) * width - 0.004],
            "anchor": f"y{suffix}",
            "range": [float(edges[0]), float(edges[-1])],
            "nticks": 3,
        }
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "showticklabels": False}
        traces.append(
            {
                "type": "bar",
                "x": typed(centres),
                "y": typed(histograms[layer]),
                "width": typed(widths),
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "marker": {"color": color, "line": {"width": 0}},
                "hovertemplate": f"layer {layer + 1}<br>h=%{{x:.3g}}<br>count=%{{y}}<extra></extra>",
            }
        )
        annotations.append(
            {
                "text": f"layer {layer + 1}",
                "x": 0.5,
                "y": 1.08,
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "showarrow": False,
            }
        )
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


def layer_curves_figure(panels, *, height: int = 330) -> dict:
    """Side-by-side panels of per-layer curves: ``panels`` is a sequence of ``(title, {name: (L,) values},
    log)``; a series keeps its colour, dash and marker across panels."""
    names: list[str] = []
    for _, series, _ in panels:
        names += [name for name in series if name not in names]
    count = len(panels)
    width = 1.0 / count
    layout = _layout(height, legend={"orientation": "h", "y": -0.22})
    traces, annotations = [], []
    for k, (title, series, log) in enumerate(panels):
        suffix = "" if k == 0 else str(k + 1)
        layout[f"xaxis{suffix}"] = {
            "domain": [k * width + 0.05, (k + 1) * width - 0.02],
            "anchor": f"y{suffix}",
            "title": {"text": "layer"},
            "dtick": 1 if max(len(v) for v in series.values()) <= 12 else None,
        }
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "exponentformat": "power"}
        if log:
            layout[f"yaxis{suffix}"]["type"] = "log"
        annotations.append(
            {
                "text": f"<b>{plain(title)}</b>",
                "x": 0.5,
                "y": 1.1,
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "showarrow": False,
            }
        )
        for name, values in series.items():
            index = names.index(name)
            values = np.asarray(values, dtype=float)
            shown = np.where(values > 0, values, np.nan) if log else values  # log axes cannot draw 0
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": list(range(1, len(values) + 1)),
                    "y": typed(shown),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "name": plain(name),
                    "legendgroup": plain(name),
                    "showlegend": k == 0,
                    "line": {"color": LANE_COLORS[index % 6], "dash": LANE_DASHES[index % 6], "width": 2.5},
                    "marker": {"symbol": LANE_SYMBOLS[index % 6], "size": 7},
                }
            )
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}


def spread_figure(steps, spreads: dict) -> dict:
    """Largest difference between two units' incoming weights per hidden layer over training, one line per
    initialisation and layer (``spreads``: name -> ``(checkpoints, layers)``). Exactly 0 is drawn at 0."""
    traces = []
    for index, (name, spread) in enumerate(spreads.items()):
        spread = np.asarray(spread, dtype=float)
        for layer in range(spread.shape[1]):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": typed(steps),
                    "y": typed(spread[:, layer]),
                    "name": f"{plain(name)}, layer {layer + 1}",
                    "line": {"color": LANE_COLORS[index % 6], "dash": LANE_DASHES[layer % 6], "width": 2.5},
                    "marker": {"symbol": LANE_SYMBOLS[layer % 6]},
                }
            )
    layout = _layout(
        330,
        xaxis={"title": {"text": "gradient-descent step"}},
        yaxis={"title": {"text": "max |w_unit − w_first unit|"}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25},
    )
    return {"data": traces, "layout": layout}
