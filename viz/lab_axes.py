"""The network lab's axes: steps from 0, log ticks of three digits, the divergence step marked at the
chart's edge, and in compare mode one range per axis for both configurations (plain dicts, numpy only)."""

from __future__ import annotations

import numpy as np

from viz.theme import plain

GUIDE_RATIO = 1e-3  # cs231n: updates about a thousandth of the weights
# log-axis ticks with at most three significant digits (the default wrote 0.00100000000000000197)
LOG_TICKS = {"type": "log", "tickformat": ".3~g", "exponentformat": "power"}
DIVERGED = "#D55E00"


def step_axis(steps, diverged_at: int | None = None) -> dict:
    """The step axis of a run: from 0 to its last checkpoint (or its divergence step), never below (an
    empty or flat trace made Plotly guess a range from step -200)."""
    last = max(int(np.max(steps)) if len(steps) else 1, diverged_at or 0)
    return {"title": {"text": "step"}, "range": [0, max(last, 1)], "autorange": False}


def divergence_marks(diverged_at, xref: str = "x") -> tuple[list, list]:
    """A red line at the divergence step and a label at the chart's top edge: the values after it left
    every chart (they are not finite or beyond the bound), so the edge says where they went."""
    if diverged_at is None:
        return [], []
    line = {
        "type": "line",
        "xref": xref,
        "yref": "paper",
        "x0": diverged_at,
        "x1": diverged_at,
        "y0": 0,
        "y1": 1,
        "line": {"color": DIVERGED, "width": 2},
    }
    label = {
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1.0,
        "xanchor": "right",
        "yanchor": "bottom",
        "text": plain(f"diverged at step {diverged_at}: beyond the top edge"),
        "showarrow": False,
        "font": {"color": DIVERGED},
    }
    return [line], [label]


def log_range(*arrays, extra=()) -> list[float] | None:
    """A log axis's range (in decades, as plotly wants it) that holds every finite positive value of
    ``arrays`` and ``extra``, padded by a twentieth of a decade; None when there is none."""
    values = np.concatenate(
        [np.ravel(np.asarray(a, dtype=float)) for a in arrays] + [np.asarray(extra, float)]
    )
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return None
    low, high = np.log10(values.min()), np.log10(values.max())
    return [float(low - 0.05), float(high + 0.05)]


def shared_ranges(runs) -> dict[str, dict[str, list]]:
    """The axis ranges every compared configuration's figures share, ``{figure: {axis: range}}``: steps
    from 0 to the last step any run reached, one loss axis, one gradient-norm axis, one update/weight axis
    (with the 1e-3 guide) and one count axis per hidden layer. ``runs`` carry the arrays of
    ``training.Run`` (checkpoint_steps, train_loss, validation_loss, grad_norms, update_ratio, histograms,
    diverged_at)."""
    last = max(max(int(r.checkpoint_steps[-1]), r.diverged_at or 0) for r in runs)
    steps = [0, max(last, 1)]
    layers = min(r.histograms.shape[1] for r in runs)
    return {
        "curves": {
            "xaxis": steps,
            "xaxis2": steps,
            "yaxis": log_range(*(r.train_loss for r in runs), *(r.validation_loss for r in runs)),
        },
        "gradients": {"xaxis": steps, "yaxis": log_range(*(r.grad_norms for r in runs))},
        "ratios": {"xaxis": steps, "yaxis": log_range(*(r.update_ratio for r in runs), extra=[GUIDE_RATIO])},
        "histograms": {
            f"yaxis{j + 1}": [0, float(max(np.nanmax(r.histograms[:, j]) for r in runs)) * 1.05 or 1.0]
            for j in range(layers)
        },
    }


def apply_ranges(figures: dict[str, dict], ranges: dict[str, dict[str, list]]) -> None:
    """Set the axes of ``figures`` (by figure name) to ``ranges`` (:func:`shared_ranges`), in place."""
    for name, axes in ranges.items():
        layout = figures[name]["layout"]
        for axis, bounds in axes.items():
            if bounds is not None and axis in layout:
                layout[axis] = {**layout[axis], "range": bounds, "autorange": False}
