"""What the charts need to know of the lanes, as plain values: titles, cache keys and per-lane arrays.

The plotting layer takes plain arrays; this module turns the page's lanes and trajectories into them, so the
one module that calls the plotting layer (``ui/figures.py``) only forwards.
"""

from __future__ import annotations

import dataclasses

import numpy as np

import optimizers
from playground.keys import lane_key
from playground.state import Lane, PlaygroundState


def lane_title(index: int, lane: Lane) -> str:
    """``"2. Momentum · lr 0.02"``: the lane's number, its name (or the optimizer's title) and its lr."""
    spec = optimizers.spec(lane.optimizer)
    default_lr = {p.name: p.default for p in spec.params}.get("lr")
    lr = lane.hyperparams.get("lr", default_lr)
    lr_text = f" · lr {lr:g}" if lr is not None else ""
    return f"{index + 1}. {lane.label or spec.title}{lr_text}"


def lanes_key(state: PlaygroundState, shared: tuple[float, float]) -> tuple:
    """Per lane ``(lane_key, start, colour, title)``: everything a figure draws of the lanes (a cache key)."""
    return tuple(
        (
            lane_key(lane),
            tuple(lane.start) if lane.start is not None else tuple(shared),
            lane.color,
            lane_title(index, lane),
        )
        for index, lane in enumerate(state.lanes)
    )


@dataclasses.dataclass(frozen=True)
class PathArrays:
    """One lane as the plotting layer draws it.

    ``positions (steps + 1, 2)``, ``losses (steps + 1,)``, ``diverged_at`` (None or the step), ``average``
    (the averaged iterates ``(steps + 1, 2)`` or None) with ``average_losses`` (the full loss at them) and
    ``average_name`` ("Polyak average" ...), ``index`` (the lane's palette slot) and ``color`` (None: the
    palette's colour for ``index``).
    """

    title: str
    index: int
    color: str | None
    positions: np.ndarray
    losses: np.ndarray
    diverged_at: int | None
    average: np.ndarray | None
    average_losses: np.ndarray | None = None
    average_name: str = ""


AVERAGE_NAMES = {"polyak": "Polyak average", "ema": "EMA of the iterates"}


def path_arrays(lanes: tuple, runs: list, average: str | None, surface=None) -> list[PathArrays]:
    """``lanes`` as given by :func:`lanes_key` and their trajectories -> one :class:`PathArrays` each;
    with ``surface``, the loss of the averaged iterates too."""
    paths = []
    for index, ((_, _, color, title), run) in enumerate(zip(lanes, runs, strict=True)):
        averaged = {"polyak": run.polyak, "ema": run.ema}.get(average) if average else None
        paths.append(
            PathArrays(
                title=title,
                index=index,
                color=color,
                positions=run.positions,
                losses=run.losses,
                diverged_at=run.diverged_at,
                average=averaged,
                average_losses=_losses(surface, averaged),
                average_name=AVERAGE_NAMES.get(average, ""),
            )
        )
    return paths


def _losses(surface, points) -> np.ndarray | None:
    if surface is None or points is None:
        return None
    with np.errstate(all="ignore"):
        return np.asarray(surface.value(points), dtype=float)
