"""Figures of the network lab: decision regions over training, loss and accuracy, per-layer instruments.

Plain figure dicts (numpy and plotly only, like the rest of viz/); the arrays come from ``training.Run``
but arrive here as arrays, so this module knows nothing of the engine. Every animated figure has one frame
per checkpoint, Play/Pause and a slider; the frames replace only the traces that change.
"""

from __future__ import annotations

import numpy as np

from viz.encoding import typed
from viz.lab_axes import LOG_TICKS, divergence_marks, step_axis
from viz.palette import LANE_COLORS
from viz.png import data_uri, encode_png
from viz.regions import SMOOTH, discretised, interpolated
from viz.theme import FONT_FAMILY, plain

# Okabe-Ito, as the lanes; the fourth class is black, not the lanes' reddish purple, which a red-green
# colour-vision deficiency shows near the bluish green (ΔE 18 as points, 8 as pale regions; black: 37, 26)
CLASS_COLORS = ("#0072B2", "#D55E00", "#009E73", "#000000")
# Colour is never the only carrier: each class has its own marker shape too (open: validation points).
CLASS_SYMBOLS = ("circle", "diamond", "square", "triangle-up")


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def region_colours(probabilities: np.ndarray, strength: float = 0.55) -> np.ndarray:
    """``(..., 3)`` uint8 colours of the decision regions: each class's colour weighted by its probability,
    mixed with white so the points stay readable (``probabilities`` ``(..., K)``, rows summing to 1)."""
    palette = np.stack([_rgb(c) for c in CLASS_COLORS[: probabilities.shape[-1]]])
    mixed = probabilities @ palette
    confidence = probabilities.max(axis=-1, keepdims=True)
    # half-and-half (no confidence) is pale, a certain region is the class colour at ``strength``
    k = probabilities.shape[-1]
    weight = strength * (confidence - 1 / k) / (1 - 1 / k)
    return np.clip(255 * (1 - weight) + mixed * weight, 0, 255).astype(np.uint8)


def _controls(steps, duration=120) -> tuple[list, list]:
    play = {
        "label": "Play",
        "method": "animate",
        "args": [
            None,
            {
                "frame": {"duration": duration, "redraw": True},
                "fromcurrent": True,
                "transition": {"duration": 0},
            },
        ],
    }
    pause = {
        "label": "Pause",
        "method": "animate",
        "args": [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}],
    }
    menus = [
        {
            "type": "buttons",
            "direction": "left",
            "x": 0.0,
            "y": -0.16,
            "xanchor": "left",
            "yanchor": "top",
            "buttons": [play, pause],
        }
    ]
    slider = {
        "active": len(steps) - 1,
        "x": 0.18,
        "len": 0.82,
        "y": -0.12,
        "currentvalue": {"prefix": "step ", "xanchor": "right"},  # the left end has the Play button
        "steps": [
            {
                "label": str(int(s)),
                "method": "animate",
                "args": [[str(int(s))], {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}],
            }
            for s in steps
        ],
    }
    return menus, [slider]


def decision_figure(
    grid_x,
    grid_y,
    outputs,
    steps,
    train_points,
    train_targets,
    validation_points,
    validation_targets,
    *,
    task="classification",
    height=520,
    validation=True,
    discrete=False,
) -> dict:
    """Decision regions (class probabilities as colours, or the regression output as a heatmap) at every
    checkpoint, with the training points (filled) and validation points (open, left out when
    ``validation`` is False) on top; opens on the last. The grid is interpolated to :data:`viz.regions.SMOOTH`
    times its resolution; ``discrete`` colours each point by its most likely class alone (regression: the
    output in a few levels), as TensorFlow Playground's option does (:mod:`viz.regions`)."""
    grid_x, grid_y, outputs = np.asarray(grid_x), np.asarray(grid_y), np.asarray(outputs)
    grid_x, grid_y, outputs = interpolated(grid_x, grid_y, outputs, SMOOTH)
    if discrete:
        outputs = discretised(outputs, task)
    steps = [int(s) for s in steps]
    targets = np.asarray(train_targets, dtype=float)
    span = (float(targets.min()), float(targets.max())) if task != "classification" else None
    region = _region_maker(grid_x, grid_y, outputs, task, smooth=not discrete, span=span)
    shown = (validation_points, validation_targets) if validation else (np.zeros((0, 2)), np.zeros(0))
    traces = [region(len(steps) - 1), *_point_traces(train_points, train_targets, *shown, task)]
    frames = [{"name": str(s), "data": [region(i)], "traces": [0]} for i, s in enumerate(steps)]
    menus, sliders = _controls(steps)
    layout = {
        "height": height,
        "font": {"family": FONT_FAMILY, "size": 14},
        "margin": {"l": 50, "r": 20, "t": 60, "b": 110},  # the plot takes most of the height
        "xaxis": {
            "title": {"text": "x1"},
            "range": [float(grid_x[0]), float(grid_x[-1])],
            "constrain": "domain",
        },
        "yaxis": {
            "title": {"text": "x2"},
            "range": [float(grid_y[0]), float(grid_y[-1])],
            "scaleanchor": "x",
        },
        # above the plot in the top margin, clear of the data (it covered the top rows and the modebar)
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "updatemenus": menus,
        "sliders": sliders,
    }
    return {"data": traces, "layout": layout, "frames": frames}


def _region_maker(grid_x, grid_y, outputs, task: str, smooth: bool = True, span=None):
    """``region(i)``: the trace that colours the plane at checkpoint ``i``."""
    if task == "classification":
        # one small PNG per checkpoint (a few kB; the image's z as a list would be 100 kB); row i of the
        # grid is drawn at y0 + i dy, on an upward y axis (checked in a browser screenshot)
        uris = [data_uri(encode_png(np.ascontiguousarray(image))) for image in region_colours(outputs)]
        dx, dy = float(grid_x[1] - grid_x[0]), float(grid_y[1] - grid_y[0])

        def region(i):
            return {
                "type": "image",
                "source": uris[i],
                "x0": float(grid_x[0]),
                "dx": dx,
                "y0": float(grid_y[0]),
                "dy": dy,
                "zsmooth": "fast",  # the browser scales the raster up smoothly, not in blocks
                "hoverinfo": "skip",
            }

    else:
        # the colours span the training targets: over the outputs of every checkpoint, one early or diverged
        # checkpoint made every other frame one colour; a prediction beyond the targets gets an end colour
        low, high = span if span else (float(np.nanmin(outputs)), float(np.nanmax(outputs)))

        def region(i):
            return {
                "type": "heatmap",
                "x": typed(grid_x),
                "y": typed(grid_y),
                "z": typed(outputs[i, :, :, 0]),
                "zmin": low,
                "zmax": high,
                "colorscale": "RdBu",
                "zsmooth": "best" if smooth else False,
                "colorbar": {"title": {"text": "prediction"}, "thickness": 12},
            }

    return region


def _point_traces(train_points, train_targets, validation_points, validation_targets, task: str):
    """The data set on top of the regions: training points filled, validation points open, one colour and
    one marker shape per class."""
    traces = []
    for name, points, targets, filled in (
        ("training", train_points, train_targets, True),
        ("validation", validation_points, validation_targets, False),
    ):
        points, targets = np.asarray(points), np.asarray(targets)
        classes = np.unique(targets.astype(int)) if task == "classification" else [None]
        for k in classes:
            chosen = points if k is None else points[targets.astype(int) == k]
            colour = "#333333" if k is None else CLASS_COLORS[k]
            symbol = "circle" if k is None else CLASS_SYMBOLS[k]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": typed(chosen[:, 0]),
                    "y": typed(chosen[:, 1]),
                    "name": f"{name}" + ("" if k is None else f", class {k}"),
                    "marker": {
                        "size": 7,
                        "color": colour,  # an open symbol draws its outline in this colour
                        "line": {
                            "color": colour if not filled else "#FFFFFF",
                            "width": 1.5 if not filled else 0.5,
                        },
                        "symbol": symbol if filled else f"{symbol}-open",
                    },
                }
            )
    return traces


def curves_figure(
    steps, train_loss, validation_loss, train_accuracy, validation_accuracy, best_step, diverged_at=None
) -> dict:
    """Train and validation loss (log axis) and accuracy against the step, the early-stopping point marked."""
    steps = np.asarray(steps)
    traces = []
    for name, values, dash, axis in (
        ("training loss", train_loss, "solid", "y"),
        ("validation loss", validation_loss, "dash", "y"),
        ("training accuracy", train_accuracy, "solid", "y2"),
        ("validation accuracy", validation_accuracy, "dash", "y2"),
    ):
        values = np.asarray(values, dtype=float)
        if np.isnan(values).all():
            continue  # regression: no accuracy
        colour = LANE_COLORS[0] if "training" in name else LANE_COLORS[1]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": typed(steps),
                "y": typed(values),
                "name": name,
                "yaxis": axis,
                "xaxis": "x2" if axis == "y2" else "x",
                "line": {"color": colour, "dash": dash},
            }
        )
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": best_step,
            "x1": best_step,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#009E73", "dash": "dot"},
        }
    ]
    annotations = [
        {
            "xref": "x",
            "yref": "paper",
            "x": best_step,
            "y": 1.02,
            "text": f"early stop: step {best_step}",
            "showarrow": False,
            "font": {"color": "#009E73"},
        }
    ]
    red_lines, red_labels = divergence_marks(diverged_at)
    shapes += red_lines
    annotations += red_labels
    layout = {
        "height": 420,
        "font": {"family": FONT_FAMILY, "size": 14},
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "xaxis": {"domain": [0, 0.47], **step_axis(steps, diverged_at)},
        "xaxis2": {"domain": [0.55, 1], **step_axis(steps, diverged_at), "anchor": "y2"},
        "yaxis": {**LOG_TICKS, "title": {"text": "loss"}},
        "yaxis2": {"range": [0, 1.02], "title": {"text": "accuracy"}, "anchor": "x2"},
        "legend": {"orientation": "h", "y": -0.2},
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}


def layer_series_figure(
    steps, values, *, title: str, guide: float | None = None, diverged_at: int | None = None
) -> dict:
    """One line per weight matrix (``values`` ``(m, layers)``) against the step on a log axis: gradient
    norms, or update/weight ratios with the 1e-3 guide line (``guide``). A log axis cannot show zero, so
    a run whose values are all zero (zero initialisation: no gradient reaches the weights) says so in the
    chart instead of drawing an empty one; the divergence step is marked (:func:`divergence_marks`)."""
    steps, values = np.asarray(steps), np.asarray(values, dtype=float)
    n = values.shape[1]
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": typed(steps),
            "y": typed(np.where(values[:, j] > 0, values[:, j], np.nan)),
            "name": "output layer" if j == n - 1 else f"layer {j + 1}",
            "line": {"color": LANE_COLORS[j % len(LANE_COLORS)]},
            "marker": {"size": 4},
        }
        for j in range(n)
    ]
    shapes, annotations = divergence_marks(diverged_at)
    if not np.any(values > 0):
        annotations.append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "text": "every value is 0 at every checkpoint (a log axis cannot show 0)",
                "showarrow": False,
            }
        )
    if guide is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": guide,
                "y1": guide,
                "line": {"color": "#777777", "dash": "dash"},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "y": float(np.log10(guide)),
                "yanchor": "bottom",
                "text": f"rule of thumb {guide:g}",
                "showarrow": False,
                "font": {"color": "#555555"},
            }
        )
    layout = {
        "height": 340,
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
        "title": {"text": plain(title), "x": 0},
        "xaxis": step_axis(steps, diverged_at),
        "yaxis": dict(LOG_TICKS),
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}


def histograms_figure(steps, edges, histograms, *, height=340) -> dict:
    """Per-layer activation histograms (``histograms`` ``(m, L, bins)``), one panel per layer, animated."""
    steps, edges, histograms = [int(s) for s in steps], np.asarray(edges), np.asarray(histograms)
    layers = histograms.shape[1]
    centres = 0.5 * (edges[1:] + edges[:-1])
    width = 1.0 / layers

    def bars(i):
        return [
            {
                "type": "bar",
                "x": typed(centres),
                "y": typed(histograms[i, j]),
                "xaxis": f"x{j + 1}",
                "yaxis": f"y{j + 1}",
                "marker": {"color": LANE_COLORS[j % 6]},
                "name": f"layer {j + 1}",
                "showlegend": False,
            }
            for j in range(layers)
        ]

    layout = {
        "height": height,
        "font": {"family": FONT_FAMILY, "size": 12},
        "margin": {"l": 40, "r": 10, "t": 40, "b": 100},
        "bargap": 0,
    }
    for j in range(layers):
        layout[f"xaxis{j + 1}"] = {
            "domain": [j * width + 0.02, (j + 1) * width - 0.02],
            "anchor": f"y{j + 1}",
        }
        layout[f"yaxis{j + 1}"] = {"anchor": f"x{j + 1}"}  # own count axis: layers differ in spread
    menus, sliders = _controls(steps)
    titles = [
        {
            "xref": "paper",
            "yref": "paper",
            "x": (j + 0.5) * width,
            "y": 1.0,
            "yanchor": "bottom",
            "text": f"layer {j + 1}",
            "showarrow": False,
        }
        for j in range(layers)
    ]
    layout.update(
        {
            "updatemenus": menus,
            "sliders": sliders,
            "annotations": titles,
            "title": {"text": "hidden activations", "x": 0},
        }
    )
    frames = [{"name": str(s), "data": bars(i), "traces": list(range(layers))} for i, s in enumerate(steps)]
    return {"data": bars(len(steps) - 1), "layout": layout, "frames": frames}
