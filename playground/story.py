"""The story a fresh page tells: its opening state, and the sentence that says which lane settled first.

The sentence is measured on the very runs the page draws (:func:`playground.tuning.settled_at`), so it is true
for whatever the visitor sets; on the opening state ``tests/playground/test_story.py`` checks the lecture's
claim, that momentum and Adam settle sooner than plain SGD, each at its tuned rate.
"""

from __future__ import annotations

from playground import defaults
from playground.picture import lane_title
from playground.state import PlaygroundState
from playground.tuning import SETTLE_FRACTION, settled_at


def opening() -> PlaygroundState:
    """The state of a fresh page (no query): the steeper ravine, every lane at its tuned rate."""
    return PlaygroundState(
        surface=defaults.OPENING_SURFACE,
        surface_params=dict(defaults.OPENING_PARAMS),
        lanes=defaults.opening_lanes(),
        steps=defaults.TUNING_STEPS,
    )


def race_sentence(surface, lanes, trajectories) -> str | None:
    """Who settled first, measured on the runs the page draws (``None`` without a known minimum).

    "Steps until the loss stays within 0.1 % of its start gap: 1. SGD · lr 0.03: 91; 2. Momentum · lr
    0.005: 62; 3. Adam · lr 0.5: 56." A lane that has not settled reads "not within 200 steps".
    """
    if not len(surface.minima) or not lanes:
        return None
    f_min = float(surface.value(surface.minima[0]))
    parts = []
    for index, (lane, run) in enumerate(zip(lanes, trajectories, strict=True)):
        when = settled_at(run.losses, f_min)
        steps = len(run.losses) - 1
        parts.append(f"{lane_title(index, lane)}: {when if when is not None else f'not within {steps:,}'}")
    percent = f"{100 * SETTLE_FRACTION:g} %"
    return f"Steps until the loss stays within {percent} of its start gap: " + "; ".join(parts) + "."
