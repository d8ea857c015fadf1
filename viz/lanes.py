"""What the builders draw for one lane: its trajectory as plain arrays, and its names in the figure."""

from dataclasses import dataclass

import numpy as np

from choices import stop_words
from viz.palette import LaneStyle
from viz.theme import plain


@dataclass(eq=False)
class LanePath:
    """One lane's trajectory, ready to draw.

    ``positions (T + 1, 2)`` and ``losses (T + 1,)``, NaN rows after a divergence; ``diverged_at`` the first
    step whose point is non-finite or out of bounds (``None`` if it did not diverge); ``average`` optional
    averaged iterates ``(T + 1, 2)`` (Polyak or EMA), drawn as a dotted path of the same colour, with
    ``average_losses (T + 1,)`` (the loss at the averaged point) for the loss panel and ``average_name`` in
    its legend entry. ``label`` is user text: it is drawn literally (see ``viz.theme.plain``).
    """

    label: str
    positions: np.ndarray
    losses: np.ndarray
    style: LaneStyle
    diverged_at: int | None = None
    average: np.ndarray | None = None
    average_losses: np.ndarray | None = None
    average_name: str = "averaged iterate"
    left_domain: bool = False  # it ended at ``diverged_at`` where the formula is not a number


def check_lanes(lanes) -> list[LanePath]:
    """The lanes as a list, with a clear error for arrays of the wrong shape."""
    lanes = list(lanes or [])
    for index, lane in enumerate(lanes):
        positions = np.asarray(lane.positions, dtype=float)
        losses = np.asarray(lane.losses, dtype=float)
        if positions.ndim != 2 or positions.shape[1] != 2 or len(positions) == 0:
            raise ValueError(f"lane {index}: positions must have shape (T + 1, 2), got {positions.shape}")
        if losses.shape != (len(positions),):
            raise ValueError(f"lane {index}: losses must have shape ({len(positions)},), got {losses.shape}")
        if lane.average is not None and np.shape(lane.average) != positions.shape:
            raise ValueError(f"lane {index}: average must have shape {positions.shape}")
        if lane.average_losses is not None and np.shape(lane.average_losses) != losses.shape:
            raise ValueError(f"lane {index}: average_losses must have shape {losses.shape}")
    return lanes


def n_steps_of(lanes: list[LanePath]) -> int:
    """The number of steps of the longest lane (0 without lanes)."""
    return max((len(lane.positions) - 1 for lane in lanes), default=0)


def stop_text(lane: LanePath) -> str | None:
    """Where the lane's path ends early, in the words of every drawing and message
    (:func:`choices.stop_words`): "diverged at step 85"; None when it ran every step."""
    if lane.diverged_at is None:
        return None
    return stop_words(int(lane.diverged_at), left_domain=lane.left_domain)


def legend_name(lane: LanePath) -> str:
    """The lane's legend entry (escaped), saying where it ended early."""
    suffix = f" — {stop_text(lane)}" if lane.diverged_at is not None else ""
    return plain(lane.label) + suffix


def average_legend_name(lane: LanePath) -> str:
    return f"{plain(lane.label)} · {plain(lane.average_name)}"
