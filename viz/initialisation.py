"""Figures of the initialisation lecture: cs231n's per-layer activation histograms (in rows: with and without
batch normalisation), per-layer curves of the forward and backward statistics, the spread between units over
training (symmetry), and dropout's two lessons (the test-time scale per rule, the k-mask average's error).

Plain figure dicts (numpy and plotly only); the numbers arrive as arrays from ``nets.lessons`` and
``nets.lessons_extra``. Series names go through :func:`viz.theme.plain`.
"""

from __future__ import annotations

import numpy as np

from viz.encoding import typed
from viz.palette import LANE_COLORS, LANE_DASHES, LANE_SYMBOLS
from viz.theme import FONT_FAMILY, plain

OUTLINE_GREY = "#666666"


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
    return histogram_rows_figure([("", edges, histograms, color)])


def histogram_rows_figure(rows, *, row_height: int = 240) -> dict:
    """:func:`histograms_figure` for several experiments, one row each (``rows``: ``(title, edges,
    histograms, colour)``, a title above its row when given), so that their layers line up in columns."""
    count = len(rows)
    titled = any(title for title, *_ in rows)
    layout = _layout(row_height * count, showlegend=False, bargap=0)
    if titled:
        layout["margin"] = {**layout["margin"], "t": 70}
    traces, annotations = [], []
    gap = 0.2 if titled else 0.1
    height = (1.0 - gap * (count - 1)) / count
    for row, (title, edges, histograms, color) in enumerate(rows):
        edges = np.asarray(edges, dtype=float)
        histograms = np.asarray(histograms, dtype=float)
        layers = len(histograms)
        centres, widths = 0.5 * (edges[1:] + edges[:-1]), np.diff(edges)
        quarters = edges[0] + np.array([0.25, 0.75]) * (edges[-1] - edges[0])
        width = 1.0 / layers
        top = 1.0 - row * (height + gap)
        for layer in range(layers):
            index = row * layers + layer
            suffix = "" if index == 0 else str(index + 1)
            layout[f"xaxis{suffix}"] = {
                "domain": [layer * width + 0.004, (layer + 1) * width - 0.004],
                "anchor": f"y{suffix}",
                "range": [float(edges[0]), float(edges[-1])],
                # a quarter in from either edge: labels at the edges ran into the next panel's
                "tickvals": typed(quarters),
                "ticktext": [f"{value:.2g}" for value in quarters],
            }
            layout[f"yaxis{suffix}"] = {
                "anchor": f"x{suffix}",
                "showticklabels": False,
                "domain": [top - height, top],
            }
            traces.append(
                {
                    "type": "bar",
                    "x": typed(centres),
                    "y": typed(histograms[layer]),
                    "width": typed(widths),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "marker": {"color": color, "line": {"width": 0}},
                    "name": plain(f"{title}, layer {layer + 1}" if title else f"layer {layer + 1}"),
                    "hovertemplate": f"layer {layer + 1}<br>h=%{{x:.3g}}<br>count=%{{y}}<extra></extra>",
                }
            )
            if row == 0:  # the columns are the same layers in every row: labelled once, at the top
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
        if title:  # above the row: over its layer labels in the first row, in their place below
            annotations.append(
                {
                    "text": f"<b>{plain(title)}</b>",
                    "x": 0.0,
                    "y": top,
                    "yshift": 42 if row == 0 else 14,
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "left",
                    "yanchor": "bottom",
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


def dropout_scale_figure(layers, ratios: dict) -> dict:
    """Per dropout rule (``ratios``: name -> ``(L,)``), the test-time mean of what each layer passes on over
    its training mean, grouped by layer on a log axis, each bar labelled with its value; a line at 1, the
    scale kept."""
    names = list(ratios)
    x = [f"layer {layer}" for layer in layers]
    traces = [
        {
            "type": "bar",
            "x": x,
            "y": typed(np.asarray(values, dtype=float)),
            "name": plain(name),
            "marker": {"color": LANE_COLORS[index % 6], "line": {"width": 0}},
            "text": [f"{v:.2f}" for v in values],
            "textposition": "outside",
        }
        for index, (name, values) in enumerate(zip(names, ratios.values(), strict=True))
    ]
    layout = _layout(
        360,
        barmode="group",
        yaxis={"title": {"text": "test-time mean / training mean"}, "type": "log", "exponentformat": "none"},
        legend={"orientation": "h", "y": -0.18},
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 1,
                "y1": 1,
                "line": {"color": OUTLINE_GREY, "width": 1.5, "dash": "dash"},
            }
        ],
    )
    return {"data": traces, "layout": layout}


def mask_error_figure(ks, curves: dict, gap: float) -> dict:
    """Error of the ``k``-mask average against ``k`` on log-log axes (``curves``: name -> ``(len(ks),)``), a
    :math:`1/\\sqrt k` guide through the first curve's first point, and the one pass's ``gap`` as a level."""
    ks = np.asarray(ks, dtype=float)
    traces = []
    for index, (name, values) in enumerate(curves.items()):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": typed(ks),
                "y": typed(np.asarray(values, dtype=float)),
                "name": plain(name),
                "line": {"color": LANE_COLORS[index % 6], "dash": LANE_DASHES[index % 6], "width": 2.5},
                "marker": {"symbol": LANE_SYMBOLS[index % 6], "size": 7},
            }
        )
    first = float(np.asarray(next(iter(curves.values())))[0])
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "x": typed(ks),
            "y": typed(first / np.sqrt(ks / ks[0])),
            "name": "1/√k",
            "line": {"color": LANE_COLORS[5], "dash": "dot", "width": 1.5},
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "x": typed(ks[[0, -1]]),
            "y": [gap, gap],
            "name": plain(f"one pass's distance from the mask average ({gap:.3f})"),
            "line": {"color": OUTLINE_GREY, "dash": "dash", "width": 1.5},
        }
    )
    layout = _layout(
        360,
        xaxis={
            "title": {"text": "masks averaged, k"},
            "type": "log",
            "tickvals": typed(ks),
            "ticktext": [f"{k:g}" for k in ks],
        },
        yaxis={
            "title": {"text": "mean |difference| of probabilities"},
            "type": "log",
            "exponentformat": "none",
        },
        legend={"orientation": "h", "y": -0.25},
    )
    return {"data": traces, "layout": layout}
