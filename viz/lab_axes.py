"""The network lab's axes: steps from 0, the divergence step marked at the chart's edge (the layer figures of
batch normalisation and PReLU), and a log axis's range over every value compared runs share (the player's
shared axes, :func:`viz.lab_player.shared_axes`); plain dicts, numpy only."""

from __future__ import annotations

import numpy as np

from viz.theme import plain

GUIDE_RATIO = 1e-3  # cs231n: updates about a thousandth of the weights
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
