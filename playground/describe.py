"""The map in words: the text alternative of the Playground's map for a screen reader (WCAG 1.1.1).

The canvas player draws pixels; what it shows is said here from the very runs it draws: an accessible name
(what is plotted) and a short description (each lane's outcome: the step it settles at, as the race caption
measures it, where its loss ends, or where it ended early, in the map's words, or stops).
``ui.figures.player_message`` sends both in the message's header; the player puts them on its canvas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from choices import stop_words
from playground import compute
from playground.tuning import SETTLE_FRACTION, settled_at


def format_loss(value: float) -> str:
    """A loss in three significant digits ("3.1e-07", "0.0123"); "not a number" where f is undefined."""
    return f"{float(value):.3g}" if np.isfinite(value) else "not a number"


@dataclass(frozen=True)
class MapText:
    """``name``: one line, what the map is; ``description``: the lanes' outcomes, a few sentences."""

    name: str
    description: str


def lane_outcome(title: str, trajectory, f_min: float | None, surface=None) -> str:
    """One lane's outcome as a clause: "2. Momentum · lr 0.005 settles at step 62, loss 3.1e-07 at step 200".

    Settling is :func:`playground.tuning.settled_at` (the loss stays within 0.1 % of its start gap from that
    step on), the measure of the race caption under the map; without a known minimum only the last loss.
    A path that ends early is named as the map and the page's warning name it (:func:`choices.stop_words`,
    at :func:`playground.compute.stop_event`'s step when the ``surface`` is given).
    """
    losses = np.asarray(trajectory.losses, dtype=float)
    steps = len(losses) - 1
    if trajectory.diverged_at is not None:
        event = compute.stop_event(trajectory, surface) if surface is not None else None
        step, left_domain = event if event is not None else (int(trajectory.diverged_at), False)
        return f"{title} {stop_words(step, left_domain=left_domain)}"
    stopped = getattr(trajectory, "stopped_at", None)
    end = f"loss {format_loss(losses[-1])} at step {steps:,}"
    if stopped is not None:
        return f"{title} stops at step {int(stopped):,} (the server's time limit), {end}"
    if f_min is None:
        return f"{title} ends at {end}"
    when = settled_at(losses, f_min)
    settles = f"settles at step {when:,}" if when is not None else f"does not settle within {steps:,} steps"
    return f"{title} {settles}, {end}"


def map_text(
    surface_title: str, titles, trajectories, *, f_min: float | None, layout: str, surface=None
) -> MapText:
    """The name and description of the map of the lanes ``titles`` (:func:`playground.picture.lane_title`)
    and their ``trajectories`` on a surface.

    ``f_min``: the loss at the known minimum (None without one); ``layout``: "overlay" (one map) or
    "multiples" (one map per lane); ``surface``: the runs' surface (where a path ends early, see
    :func:`lane_outcome`).
    """
    count = len(titles)
    steps = max((len(run.losses) - 1 for run in trajectories), default=0)
    paths = f"{count} optimizer path{'s' if count != 1 else ''}"
    maps = "Contour maps, one per lane," if layout == "multiples" else "Contour map"
    name = f"{maps} of the {surface_title} surface with {paths} over {steps:,} steps"
    starts = list(dict.fromkeys(_point(run.positions[0]) for run in trajectories))
    begin = f"The path{'s start' if count != 1 else ' starts'} at {', '.join(starts)}"
    panels = "loss" if f_min is None else "loss and the distance to the nearest minimum"
    parts = [f"{begin}; panels beside the map plot the {panels} per step." if starts else ""]
    if f_min is not None:
        parts.append(
            f"A lane settles when its loss stays within {100 * SETTLE_FRACTION:g} % of its start gap to the "
            f"minimum's loss {format_loss(f_min)}."
        )
    outcomes = [
        lane_outcome(title, run, f_min, surface) for title, run in zip(titles, trajectories, strict=True)
    ]
    if outcomes:
        parts.append("; ".join(outcomes) + ".")
    return MapText(name=name, description=" ".join(part for part in parts if part))


def _point(position) -> str:
    x, y = (float(v) for v in position)
    return f"({x:.3g}, {y:.3g})"
