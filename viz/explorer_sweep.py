"""The phase diagram of a hyperparameter sweep: steps to tolerance per cell, divergence, and the theory.

Two axes give a heatmap (first axis across, second up; log axes for log-spaced values): blue cells
converged, darker is faster; light grey cells ran out of steps; vermillion cells diverged (blue against
vermillion stays distinct for every colour vision). On a quadratic the theoretical stability boundary
(spectral radius 1) is drawn over it as a dashed line, the theoretical optimum as a star and the fastest
measured cell as a ring. One axis gives a line of steps to tolerance against the value.

A transparent scatter sits on the cell centres, because plotly's selection events carry no points for
heatmap traces: a click on a cell selects that scatter point, whose ``customdata`` is the cell's index.

Returns plain figure dicts (numpy only).
"""

import numpy as np

from viz.theme import legend_swatch

FAST_COLOR = "#08306B"
SLOW_COLOR = "#9ECAE1"
NOT_REACHED_COLOR = "#E0E0E0"
DIVERGED_COLOR = "#D55E00"
THEORY_COLOR = "#000000"
CELLS_TRACE = "cells"  # the name of the clickable scatter, for the page to find the selected cell

__all__ = ["CELLS_TRACE", "cell_edges", "is_log_spaced", "sweep_figure"]


def is_log_spaced(values) -> bool:
    """Whether ``values`` (positive, increasing) are evenly spaced in log rather than linearly."""
    values = np.asarray(values, dtype=float)
    if len(values) < 3 or (values <= 0).any():
        return False
    return bool(np.allclose(np.diff(np.log(values)), np.log(values[1] / values[0]), rtol=1e-6))


def cell_edges(values, log: bool) -> np.ndarray:
    """``n + 1`` cell boundaries around ``n`` centres: midpoints (geometric ones on a log axis)."""
    values = np.asarray(values, dtype=float)
    if len(values) == 1:
        half = abs(values[0]) * 0.1 or 0.5
        return (
            np.array([values[0] - half, values[0] + half]) if not log else values[0] * np.array([0.8, 1.25])
        )
    scaled = np.log(values) if log else values
    inner = 0.5 * (scaled[1:] + scaled[:-1])
    edges = np.concatenate([[2 * scaled[0] - inner[0]], inner, [2 * scaled[-1] - inner[-1]]])
    return np.exp(edges) if log else edges


def _axis(name: str, values, log: bool) -> dict:
    edges = cell_edges(values, log)
    low, high = (np.log10(edges[[0, -1]]) if log else edges[[0, -1]]).tolist()
    return {"title": {"text": name}, "type": "log" if log else "linear", "range": [low, high]}


def _layer(x_edges, y_edges, z, colorscale, **extra) -> dict:
    return {
        "type": "heatmap",
        "x": x_edges.tolist(),
        "y": y_edges.tolist(),
        "z": [[None if not np.isfinite(v) else float(v) for v in row] for row in z],
        "colorscale": colorscale,
        "hoverinfo": "skip",
        **extra,
    }


def _cells_trace(x_values, y_values, labels, steps_to_tolerance, diverged_at, names) -> dict:
    xs, ys = np.meshgrid(x_values, y_values, indexing="ij")
    index = np.stack(np.meshgrid(np.arange(len(x_values)), np.arange(len(y_values)), indexing="ij"), -1)
    outcome = np.where(labels >= 0, steps_to_tolerance, np.where(labels == -2, -2 - diverged_at, -1))
    return {
        "type": "scatter",
        "name": CELLS_TRACE,
        "x": xs.ravel().tolist(),
        "y": ys.ravel().tolist(),
        "mode": "markers",
        "marker": {"size": 10, "opacity": 0, "color": "#000000"},
        "customdata": np.column_stack([index.reshape(-1, 2), outcome.ravel()]).tolist(),
        "hovertemplate": f"{names[0]} = %{{x:.4g}}<br>{names[1]} = %{{y:.4g}}<br>"
        "%{customdata[2]}<extra>steps to tolerance (-1: not reached, -2-k: diverged at k)</extra>",
        "showlegend": False,
    }


def _marker(x, y, symbol: str, name: str, size: int = 18) -> dict:
    return {
        "type": "scatter",
        "x": [float(x)],
        "y": [float(y)],
        "mode": "markers",
        "marker": {
            "symbol": symbol,
            "size": size,
            "color": "#FFFFFF" if symbol == "star" else "rgba(0,0,0,0)",
            "line": {"color": THEORY_COLOR, "width": 2.5},
        },
        "name": name,
        "hovertemplate": f"{name}: (%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
    }


def sweep_figure(
    names,
    values,
    labels,
    steps_to_tolerance,
    diverged_at,
    steps: int,
    *,
    boundary=None,
    optimum=None,
    fastest=None,
    predicted_steps=None,
    height: int = 540,
) -> dict:
    """The sweep as a plain figure dict.

    Args:
      names, values: the axis names and their grid values (one or two axes).
      labels, steps_to_tolerance, diverged_at: grids of shape ``tuple(len(v) for v in values)``.
      steps: the steps each run had.
      boundary: on two axes, ``(x, y)`` points of the theoretical stability boundary; on one axis, the
        stability limit of the value (a vertical line).
      optimum: the theoretical optimum, ``(x, y)`` (or ``(x,)`` on one axis).
      fastest: the fastest measured cell's values, ``(x, y)`` (or ``(x,)``).
      predicted_steps: on one axis, the theory's steps to tolerance per value (``-1``: diverges).
    """
    labels, steps_to_tolerance = np.asarray(labels), np.asarray(steps_to_tolerance)
    if len(names) == 1:
        return _line_figure(
            names[0],
            values[0],
            labels,
            steps_to_tolerance,
            steps,
            boundary,
            optimum,
            fastest,
            predicted_steps,
            height,
        )
    x_log, y_log = is_log_spaced(values[0]), is_log_spaced(values[1])
    x_edges, y_edges = cell_edges(values[0], x_log), cell_edges(values[1], y_log)
    data = [
        *_outcome_layers(x_edges, y_edges, labels, steps_to_tolerance, steps),
        *_theory_traces(boundary, optimum, fastest),
    ]
    data.append(
        _cells_trace(values[0], values[1], labels, steps_to_tolerance, np.asarray(diverged_at), names)
    )
    return {
        "data": data,
        "layout": {
            "xaxis": _axis(names[0], values[0], x_log),
            "yaxis": _axis(names[1], values[1], y_log),
            "legend": {"orientation": "h", "x": 0.0, "y": -0.18},
            "margin": {"l": 70, "r": 20, "t": 30, "b": 110},
            "height": height,
            "clickmode": "event+select",
            "dragmode": False,
            "plot_bgcolor": "#FFFFFF",
        },
    }


def _outcome_layers(x_edges, y_edges, labels, steps_to_tolerance, steps: int) -> list[dict]:
    """The grid's three colour layers (steps to tolerance, diverged, not reached) and their legend rows."""
    reached = np.where(labels >= 0, steps_to_tolerance, np.nan).T.astype(float)  # rows = second axis
    return [
        _layer(
            x_edges,
            y_edges,
            reached,
            [[0, FAST_COLOR], [1, SLOW_COLOR]],
            zmin=0,
            zmax=steps,
            colorbar={"title": {"text": "steps to tolerance"}, "len": 0.75},
            name="converged",
        ),
        _layer(
            x_edges,
            y_edges,
            np.where(labels.T == -2, 1.0, np.nan),
            [[0, DIVERGED_COLOR], [1, DIVERGED_COLOR]],
            showscale=False,
            name="diverged",
        ),
        _layer(
            x_edges,
            y_edges,
            np.where(labels.T == -1, 1.0, np.nan),
            [[0, NOT_REACHED_COLOR], [1, NOT_REACHED_COLOR]],
            showscale=False,
            name="not reached",
        ),
        legend_swatch("diverged", DIVERGED_COLOR),
        legend_swatch(f"not within tolerance after {steps} steps", NOT_REACHED_COLOR),
    ]


def _theory_traces(boundary, optimum, fastest) -> list[dict]:
    """The theory's stability boundary and optimum, and the fastest measured cell, on two axes."""
    traces = []
    if boundary is not None:
        bx, by = (np.asarray(v, dtype=float) for v in boundary)
        traces.append(
            {
                "type": "scatter",
                "x": bx.tolist(),
                "y": by.tolist(),
                "mode": "lines",
                "line": {"color": THEORY_COLOR, "width": 2.5, "dash": "dash"},
                "name": "theory: stability boundary (ρ = 1)",
                "hoverinfo": "skip",
            }
        )
    if optimum is not None:
        traces.append(_marker(*optimum, "star", "theory: optimum"))
    if fastest is not None:
        traces.append(_marker(*fastest, "circle-open", "fastest measured cell", size=16))
    return traces


def _line_figure(name, values, labels, steps_to_tolerance, steps, limit, optimum, fastest, predicted, height):
    values = np.asarray(values, dtype=float)
    log = is_log_spaced(values)
    measured = np.where(labels >= 0, steps_to_tolerance, np.nan).astype(float)
    data = [
        {
            "type": "scatter",
            "name": "measured steps to tolerance",
            "x": values.tolist(),
            "y": [None if not np.isfinite(v) else float(v) for v in measured],
            "mode": "lines+markers",
            "line": {"color": FAST_COLOR},
            "marker": {"size": 7},
        },
        {
            "type": "scatter",
            "name": "diverged",
            "x": values[labels == -2].tolist(),
            "y": [steps] * int((labels == -2).sum()),
            "mode": "markers",
            "marker": {"symbol": "x", "size": 10, "color": DIVERGED_COLOR},
        },
        {
            "type": "scatter",
            "name": f"not within tolerance after {steps} steps",
            "x": values[labels == -1].tolist(),
            "y": [steps] * int((labels == -1).sum()),
            "mode": "markers",
            "marker": {"symbol": "circle-open", "size": 9, "color": "#777777"},
        },
    ]
    if predicted is not None:
        predicted = np.asarray(predicted, dtype=float)
        data.append(
            {
                "type": "scatter",
                "name": "theory: rate estimate",
                "x": values.tolist(),
                "y": [None if v < 0 else float(v) for v in predicted],
                "mode": "lines",
                "line": {"color": THEORY_COLOR, "dash": "dot"},
            }
        )
    shapes = []
    if limit is not None:
        shapes.append(
            {
                "type": "line",
                "x0": float(limit),
                "x1": float(limit),
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": THEORY_COLOR, "dash": "dash", "width": 2},
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "name": "theory: 2 / λ_max",
                "line": {"color": THEORY_COLOR, "dash": "dash"},
            }
        )
    if optimum is not None:
        data.append(_marker(optimum[0], 0, "star", "theory: optimum"))
    if fastest is not None:
        data.append(_marker(fastest[0], float(np.nanmin(measured)), "circle-open", "fastest measured"))
    index = np.arange(len(values))[:, None]
    data[0]["customdata"] = np.column_stack([index, np.zeros_like(index)]).tolist()
    data[0]["name"] = "measured steps to tolerance"
    return {
        "data": data,
        "layout": {
            "xaxis": {"title": {"text": name}, "type": "log" if log else "linear"},
            "yaxis": {"title": {"text": "steps to tolerance"}, "rangemode": "tozero"},
            "shapes": shapes,
            "legend": {"orientation": "h", "x": 0.0, "y": -0.2},
            "margin": {"l": 70, "r": 20, "t": 30, "b": 110},
            "height": height,
            "plot_bgcolor": "#FFFFFF",
        },
    }
