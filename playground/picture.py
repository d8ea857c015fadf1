"""What the charts need to know of the lanes, as plain values: titles, cache keys and per-lane arrays.

The plotting layer takes plain arrays; this module turns the page's lanes and trajectories into them, so the
one module that calls the plotting layer (``ui/figures.py``) only forwards.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

import optimizers
from playground import compute
from playground.keys import lane_from_key, lane_key
from playground.state import Lane, PlaygroundState


def lane_title(index: int, lane: Lane) -> str:
    """``"2. Momentum · lr 0.02"``: the lane's number, its name (or the optimizer's title) and its lr, unless
    its name already gives that rate (``"2. SGD, lr = 0.5"``, not ``"2. SGD, lr = 0.5 · lr 0.5"``)."""
    spec = optimizers.spec(lane.optimizer)
    default_lr = {p.name: p.default for p in spec.params}.get("lr")
    lr = lane.hyperparams.get("lr", default_lr)
    name = lane.label or spec.title
    lr_text = f" · lr {lr:g}" if lr is not None and not _names_rate(name, lr) else ""
    return f"{index + 1}. {name}{lr_text}"


_NUMBER = re.compile(r"\d*\.?\d+(?:[eE][-+]?\d+)?")


def _names_rate(name: str, lr: float) -> bool:
    """Whether ``name`` writes the number ``lr`` (as ``0.5``, ``.5`` or ``5e-1``)."""
    return any(np.isclose(float(text), float(lr), rtol=1e-9, atol=0) for text in _NUMBER.findall(name))


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

    ``positions (steps + 1, 2)``, ``losses (steps + 1,)``, ``diverged_at`` (None or the step where the path
    ends early, as the page's warning names it: :func:`playground.compute.stop_event`) and ``left_domain``
    (it ended where the formula is not a number), ``average``
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
    left_domain: bool = False


AVERAGE_NAMES = {"polyak": "Polyak average", "ema": "EMA of the iterates"}


def path_arrays(lanes: tuple, runs: list, average: str | None, surface=None) -> list[PathArrays]:
    """``lanes`` as given by :func:`lanes_key` and their trajectories -> one :class:`PathArrays` each;
    with ``surface``, the loss of the averaged iterates too, and a path that left the formula's domain
    ends at the step the page's warning names."""
    paths = []
    for index, ((key, _, color, title), run) in enumerate(zip(lanes, runs, strict=True)):
        averaged, name = lane_average(lane_from_key(key).optimizer, run, average)
        event = None if surface is None else compute.stop_event(run, surface)
        diverged_at, left_domain = event if event is not None else (run.diverged_at, False)
        paths.append(
            PathArrays(
                title=title,
                index=index,
                color=color,
                positions=run.positions,
                losses=run.losses,
                diverged_at=diverged_at,
                average=averaged,
                average_losses=_losses(surface, averaged),
                average_name=name,
                left_domain=left_domain,
            )
        )
    return paths


def lane_average(optimizer: str, run, average: str | None) -> tuple[np.ndarray | None, str]:
    """The second point drawn beside a lane's path ``(steps + 1, 2)`` and its legend name, or ``(None, "")``.

    An optimizer that returns an averaged point of its own (``OptimizerSpec.averaged_field``: ASGD's
    average, Schedule-Free's ``x``) draws that point, whatever the page's average setting: it is the
    method's answer, and a Polyak average of a path that is already averaged would hide it. Row 0 is the
    start, where that average begins (ASGD's average equals the iterate until step ``t0``). Other lanes draw
    the run loop's Polyak or EMA average when the page asks for one.
    """
    spec = optimizers.spec(optimizer)
    if spec.averaged_field and spec.averaged_field in run.states:
        points = np.asarray(run.states[spec.averaged_field], dtype=float)
        return np.concatenate([run.positions[:1], points], axis=0), spec.averaged_name
    if average:
        return {"polyak": run.polyak, "ema": run.ema}[average], AVERAGE_NAMES.get(average, "")
    return None, ""


def _losses(surface, points) -> np.ndarray | None:
    if surface is None or points is None:
        return None
    with np.errstate(all="ignore"):
        return np.asarray(surface.value(points), dtype=float)
