"""Ensembles and the learning-rate range test: a cloud of end points with its histogram of final losses
(side by side for two settings), and the range test's loss against a log learning rate.

Final losses span orders of magnitude (a noise ball sits at 1e-3, a diverged neighbour at 1e+3), so the
histogram counts them in bins evenly spaced in :math:`\\log_{10}` of the loss above the lowest known minimum.
Counting is done here with ``numpy.histogram`` over shared bins, so two settings are compared bar for bar.

Returns plain figure dicts (numpy only).
"""

import numpy as np

from viz.explorer_basins import BASIN_COLORS
from viz.theme import plain

CLOUD_COLORS = (BASIN_COLORS[0], BASIN_COLORS[1])  # blue for the first setting, vermillion for the second
SUGGESTION_COLOR = "#009E73"
LIMIT_COLOR = "#000000"
LOSS_FLOOR = 1e-16  # a loss gap of exactly 0 is counted in the lowest bin (log10 of 0 is -inf)

__all__ = ["cloud_window", "ensemble_figure", "loss_bins", "range_test_figure"]


def loss_bins(loss_sets, count: int = 24) -> np.ndarray:
    """Shared bin edges in :math:`\\log_{10}` (loss gap) over the finite losses of every set."""
    logs = [np.log10(np.maximum(v[np.isfinite(v)], LOSS_FLOOR)) for v in map(np.asarray, loss_sets)]
    logs = np.concatenate(logs) if logs else np.array([])
    if logs.size == 0:
        return np.linspace(-1.0, 1.0, count + 1)
    low, high = float(logs.min()), float(logs.max())
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, count + 1)


def _axes(k: int) -> tuple[str, str, str, str]:
    suffix = "" if k == 1 else str(k)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def cloud_window(panels, minima, pad: float = 0.25):
    """One window for every cloud: the box around all finite final points and the minima among them,
    widened by ``pad`` of its size on each side (so both settings are drawn at the same scale)."""
    points = [np.asarray(p["points"], dtype=float).reshape(-1, 2) for p in panels]
    points = np.concatenate([q[np.isfinite(q).all(axis=1)] for q in points] or [np.zeros((0, 2))])
    if len(points) == 0:
        points = np.asarray(minima, dtype=float).reshape(-1, 2)
    if len(points) == 0:
        return (-1.0, 1.0), (-1.0, 1.0)
    low, high = points.min(axis=0), points.max(axis=0)
    size = np.maximum(high - low, 1e-3 * (1.0 + np.abs(points).max()))
    low, high = low - pad * size, high + pad * size
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def ensemble_figure(
    panels, minima, window=None, *, floor: float = 0.0, contour=None, height: int = 640
) -> dict:
    """Clouds (top row) and final-loss histograms (bottom row), one column per setting.

    Args:
      panels: one or two dicts with ``title``, ``points`` ``(n, 2)``, ``losses`` ``(n,)`` (NaN: diverged),
        ``centroid`` ``(2,)`` and ``spread`` (RMS distance from the centroid).
      minima: ``(m, 2)`` known minima; window: ``((x_low, x_high), (y_low, y_high))`` of the clouds
        (:func:`cloud_window` by default).
      floor: the lowest known minimum's loss (the histogram counts ``loss - floor``).
      contour: optional ``(x, y, t)`` normalised loss grid for iso-lines under the clouds.
    """
    minima = np.asarray(minima, dtype=float).reshape(-1, 2)
    window = cloud_window(panels, minima) if window is None else window
    columns = len(panels)
    edges = loss_bins([np.asarray(p["losses"], dtype=float) - floor for p in panels])
    data, layout = [], {}
    gap = 0.08
    width = (1.0 - gap * (columns - 1)) / columns
    for c, panel in enumerate(panels):
        left = c * (width + gap)
        cloud, hist = _axes(c + 1), _axes(columns + c + 1)
        layout[cloud[2]] = {"domain": [left, left + width], "range": list(window[0]), "anchor": cloud[1]}
        layout[cloud[3]] = {"domain": [0.42, 1.0], "range": list(window[1]), "anchor": cloud[0]}
        layout[hist[2]] = {
            "domain": [left, left + width],
            "anchor": hist[1],
            "title": {"text": "log10(final loss − f*)"},
        }
        layout[hist[3]] = {"domain": [0.0, 0.3], "anchor": hist[0], "title": {"text": "members"}}
        data += _cloud_traces(panel, cloud, CLOUD_COLORS[c % 2], minima, contour, c == 0)
        data.append(_histogram(panel, hist, edges, floor, CLOUD_COLORS[c % 2]))
        layout.setdefault("annotations", []).append(_title(panel, cloud))
    layout.update(
        {
            "height": height,
            "showlegend": False,
            "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
            "plot_bgcolor": "#FFFFFF",
            "bargap": 0.05,
        }
    )
    return {"data": data, "layout": layout}


def _title(panel, axes) -> dict:
    text = f"{plain(panel['title'])}<br>spread {panel['spread']:.3g}"
    return {
        "text": text,
        "x": 0.5,
        "y": 1.0,
        "xref": f"{axes[0]} domain",
        "yref": f"{axes[1]} domain",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 14},
    }


def _cloud_traces(panel, axes, color, minima, contour, first) -> list[dict]:
    points = np.asarray(panel["points"], dtype=float)
    finite = np.isfinite(points).all(axis=1)
    traces = []
    if contour is not None:
        x, y, t = contour
        traces.append(
            {
                "type": "contour",
                "x": np.asarray(x).tolist(),
                "y": np.asarray(y).tolist(),
                "z": np.round(np.asarray(t, dtype=float), 4).tolist(),
                "xaxis": axes[0],
                "yaxis": axes[1],
                "contours": {"coloring": "lines", "start": 0.05, "end": 0.95, "size": 0.05},
                "colorscale": [[0, "#B0B0B0"], [1, "#B0B0B0"]],
                "showscale": False,
                "hoverinfo": "skip",
                "line": {"width": 1},
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": points[finite, 0].tolist(),
            "y": points[finite, 1].tolist(),
            "xaxis": axes[0],
            "yaxis": axes[1],
            "mode": "markers",
            "marker": {"size": 7, "color": color, "opacity": 0.75},
            "hovertemplate": "final point (%{x:.4g}, %{y:.4g})<extra></extra>",
        }
    )
    centroid = np.asarray(panel["centroid"], dtype=float)
    if np.isfinite(centroid).all():
        traces.append(
            {
                "type": "scatter",
                "x": [float(centroid[0])],
                "y": [float(centroid[1])],
                "xaxis": axes[0],
                "yaxis": axes[1],
                "mode": "markers",
                "marker": {"symbol": "cross-thin", "size": 18, "line": {"color": "#000000", "width": 3}},
                "hovertemplate": "centroid (%{x:.4g}, %{y:.4g})<extra></extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": minima[:, 0].tolist(),
            "y": minima[:, 1].tolist(),
            "xaxis": axes[0],
            "yaxis": axes[1],
            "mode": "markers",
            "marker": {
                "symbol": "star",
                "size": 14,
                "color": "#FFFFFF",
                "line": {"color": "#000000", "width": 1.5},
            },
            "hovertemplate": "known minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
        }
    )
    return traces


def _histogram(panel, axes, edges, floor, color) -> dict:
    losses = np.asarray(panel["losses"], dtype=float) - floor
    finite = losses[np.isfinite(losses)]
    counts, _ = np.histogram(np.log10(np.maximum(finite, LOSS_FLOOR)), bins=edges)
    centres = 0.5 * (edges[1:] + edges[:-1])
    return {
        "type": "bar",
        "x": centres.tolist(),
        "y": counts.tolist(),
        "width": float(edges[1] - edges[0]),
        "xaxis": axes[0],
        "yaxis": axes[1],
        "marker": {"color": color},
        "hovertemplate": "log10 loss %{x:.2f}: %{y} members<extra></extra>",
    }


def range_test_figure(lrs, losses, smoothed, suggestion=None, stability_lr=None, height: int = 460) -> dict:
    """Loss (faint) and smoothed loss against the learning rate on log axes, the suggestion and, on a
    quadratic, the stability limit ``2 / lambda_max`` as vertical lines."""
    lrs, losses, smoothed = (np.asarray(v, dtype=float) for v in (lrs, losses, smoothed))
    positive = bool((smoothed[np.isfinite(smoothed)] > 0).all() and (losses[np.isfinite(losses)] > 0).all())
    data = [
        {
            "type": "scatter",
            "x": lrs.tolist(),
            "y": [v if np.isfinite(v) else None for v in losses.tolist()],
            "mode": "lines",
            "name": "loss after the step",
            "line": {"color": "#9ECAE1", "width": 1.5},
        },
        {
            "type": "scatter",
            "x": lrs.tolist(),
            "y": [v if np.isfinite(v) else None for v in smoothed.tolist()],
            "mode": "lines",
            "name": "smoothed loss",
            "line": {"color": "#08306B", "width": 3},
        },
    ]
    shapes = []
    for value, color, name, dash in (
        (suggestion, SUGGESTION_COLOR, "suggested lr", "solid"),
        (stability_lr, LIMIT_COLOR, "theory: 2 / λ_max", "dash"),
    ):
        if value is None:
            continue
        shapes.append(
            {
                "type": "line",
                "x0": float(value),
                "x1": float(value),
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": color, "width": 2.5, "dash": dash},
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "name": f"{name} = {value:.3g}",
                "line": {"color": color, "dash": dash},
            }
        )
    return {
        "data": data,
        "layout": {
            "xaxis": {"type": "log", "title": {"text": "learning rate"}},
            "yaxis": {"type": "log" if positive else "linear", "title": {"text": "loss − f*"}},
            "shapes": shapes,
            "legend": {"orientation": "h", "x": 0.0, "y": -0.22},
            "margin": {"l": 70, "r": 20, "t": 20, "b": 100},
            "height": height,
            "plot_bgcolor": "#FFFFFF",
        },
    }
