"""From a page state to numbers: the surface, the start point and each lane's trajectory.

The page, the scenes' tests and the benchmark all call these functions, so what a test measures is exactly
what the page draws.
"""

from __future__ import annotations

import numpy as np

import optimizers
import surfaces
from optimizers import schedules
from playground.state import CONSTANT, CUSTOM, Lane, PlaygroundState


def build_surface(state: PlaygroundState):
    """The :class:`surfaces.Surface` of ``state``.

    Raises ``ValueError`` with the parser's message (what and where) for a bad custom expression.
    """
    if state.surface == CUSTOM:
        return surfaces.from_expression(state.expression)
    return surfaces.get(state.surface, **state.surface_params)


def shared_start(state: PlaygroundState, surface) -> tuple[float, float]:
    """The start of every lane that has none of its own: the typed/clicked one, else the surface's default."""
    if state.start is not None:
        return (float(state.start[0]), float(state.start[1]))
    x, y = surface.starts[0]
    return (float(x), float(y))


def build_optimizer(lane: Lane):
    """The bound optimizer of ``lane`` (torch.optim names and validation)."""
    return optimizers.get(lane.optimizer, **lane.hyperparams)


def build_schedule(lane: Lane):
    """The lane's learning-rate schedule, or None for a constant learning rate."""
    if lane.schedule == CONSTANT and not lane.schedule_params:
        return None
    return schedules.get(lane.schedule, **lane.schedule_params)


def run_lane(surface, lane: Lane, start, steps: int, *, average: str | None = None):
    """Run ``lane`` on ``surface`` for ``steps`` steps and return the full :class:`optimizers.Trajectory`.

    ``lane.start`` overrides the shared ``start``; the schedule, gradient noise and noise seed come from
    the lane. ``average`` (None, "polyak" or "ema") asks the engine for averaged iterates as well.
    """
    point = lane.start if lane.start is not None else start
    return optimizers.trajectory(
        build_optimizer(lane),
        surface,
        np.asarray(point, dtype=float),
        int(steps),
        schedule=build_schedule(lane),
        noise=float(lane.noise),
        seed=int(lane.seed),
        average=average,
    )


def run_state(state: PlaygroundState):
    """The surface and every lane's trajectory for ``state`` (uncached; the page caches per lane)."""
    surface = build_surface(state)
    start = shared_start(state, surface)
    runs = [run_lane(surface, lane, start, state.steps, average=state.average) for lane in state.lanes]
    return surface, runs


def distance_to_nearest_minimum(positions: np.ndarray, minima: np.ndarray) -> np.ndarray | None:
    """Distance from each position ``(n, 2)`` to the nearest known minimum; None if none is known."""
    minima = np.asarray(minima, dtype=float).reshape(-1, 2)
    if minima.size == 0:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        gaps = np.asarray(positions, dtype=float)[:, None, :] - minima[None, :, :]
        return np.sqrt((gaps**2).sum(axis=-1)).min(axis=1)
