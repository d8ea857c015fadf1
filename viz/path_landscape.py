"""A network's training path on its own loss plane, as a message for the map player (:mod:`viz.player`).

The plane and its losses come from :func:`training.landscape.path_landscape`; here they become what the
Playground's map draws: the loss over the plane as the contour raster (:func:`viz.landscape.from_grid`),
the path as one lane whose "steps" are the run's checkpoints, the run's answer (the plane's origin) as a
marked point (not called a minimum: it need not be one), and words for the canvas's text alternative. The
loss panel beside the map shows the plane's loss under the path; what the plane misses (explained
variance, the gap to the recorded loss) is measured by :func:`summary` and said under the map.
"""

from __future__ import annotations

import numpy as np

from viz import player
from viz.landscape import from_grid
from viz.lanes import LanePath
from viz.overlays import MarkedPoint
from viz.palette import lane_style
from viz.theme import format_number


def summary(result, checkpoint_steps) -> dict:
    """The figures the page states beside the picture: the two directions' share of the path
    (``explained``, ``first``, ``second``), the largest and the final gap between the plane's loss under
    the path and the run's recorded loss (``max_gap``, ``final_gap``, and the step of the largest,
    ``max_gap_step``), and how many checkpoints the path has."""
    gap = np.asarray(result.gap, float)
    finite = np.isfinite(gap)
    worst = int(np.argmax(np.where(finite, np.abs(gap), -1.0))) if finite.any() else 0
    steps = np.asarray(checkpoint_steps)
    return {
        "first": float(result.explained_variance[0]),
        "second": float(result.explained_variance[1]),
        "explained": float(np.sum(result.explained_variance)),
        "max_gap": float(np.abs(gap[worst])) if finite.any() else float("nan"),
        "max_gap_step": int(steps[worst]) if len(steps) > worst else worst,
        "final_gap": float(abs(gap[-1])),
        "checkpoints": len(gap),
    }


def words(facts: dict, label: str) -> dict:
    """The canvas's accessible name and description, from :func:`summary`'s ``facts``."""
    return {
        "name": f"Loss landscape of {label} on the plane of its path's two main directions",
        "description": (
            f"The path of {facts['checkpoints']} checkpoints runs to the run's final weights at the centre "
            f"mark. The plane shows {facts['explained']:.0%} of the path's movement; the loss drawn under "
            f"the path differs from the run's recorded loss by at most {format_number(facts['max_gap'])} "
            f"(at step {facts['max_gap_step']}) and by {format_number(facts['final_gap'])} at the end."
        ),
    }


def message(result, checkpoint_steps, *, label: str, presenter: bool = False, height: int | None = None):
    """The map player's message of a :class:`training.landscape.PathLandscape` (``label``: the lane's
    name, user text shown literally)."""
    landscape = from_grid(result.grid_a, result.grid_b, result.losses, title="the run's loss plane")
    path = np.asarray(result.path, float)
    lane = LanePath(
        label=str(label),
        positions=path,
        losses=np.asarray(result.loss_on_plane, float),
        style=lane_style(0),
    )
    facts = summary(result, checkpoint_steps)
    return player.payload(
        landscape,
        [lane],
        start=path[:1],
        marks=[MarkedPoint(position=(0.0, 0.0), label="final weights")],
        presenter=presenter,
        height=height,
        words=words(facts, str(label)),
        clickable=False,
        axes=("direction 1", "direction 2"),
    )
