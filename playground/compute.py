"""From a page state to numbers: the surface, the start point and each lane's trajectory.

The page, the scenes' tests and the benchmark all call these functions, so what a test measures is exactly
what the page draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

import optimizers
import surfaces
from choices import stop_words
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


def run_lane(surface, lane: Lane, start, steps: int, *, average: str | None = None, stop=None):
    """Run ``lane`` on ``surface`` for ``steps`` steps and return the full :class:`optimizers.Trajectory`.

    ``lane.start`` overrides the shared ``start``; the schedule, gradient noise and noise seed come from
    the lane. ``average`` (None, "polyak" or "ema") asks the engine for averaged iterates as well. ``stop``
    is handed to the run loop (see :func:`cpu_deadline`).
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
        stop=stop,
    )


def run_state(state: PlaygroundState):
    """The surface and every lane's trajectory for ``state`` (uncached; the page caches per lane)."""
    surface = build_surface(state)
    start = shared_start(state, surface)
    runs = [run_lane(surface, lane, start, state.steps, average=state.average) for lane in state.lanes]
    return surface, runs


def cpu_deadline(seconds: float, also: Callable[[], object] | None = None) -> Callable[[int], bool]:
    """A ``stop`` for the run loop: True once this thread has used ``seconds`` more CPU time than now.

    CPU time of the thread, not wall time: a busy machine slows every session down, but only the work a
    rerun itself does counts against its budget. ``also`` is called at every check first; the page passes
    a call that raises when the visitor has left or asked for a newer rerun, which ends the run there (and
    where an expensive rerun gives way to other sessions' reruns, ``ui.fairness``).
    """
    limit = time.thread_time() + float(seconds)

    def stop(step: int) -> bool:
        if also is not None:
            also()
        return time.thread_time() > limit

    return stop


def undefined_share(surface, resolution: int = 41) -> float:
    """The fraction of the surface's window where ``f`` is not a finite number (0.0 for the built-ins)."""
    (x_low, x_high), (y_low, y_high) = surface.window
    grid = np.stack(
        np.meshgrid(np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution)), axis=-1
    )
    with np.errstate(all="ignore"):
        values = np.asarray(surface.value(grid), dtype=float)
    return float(np.mean(~np.isfinite(values)))


def domain_notice(surface) -> str | None:
    """A sentence for a formula undefined on part of its window; None when it is defined everywhere."""
    share = undefined_share(surface)
    if share == 0.0:
        return None
    percent = max(1, round(100 * share))
    return (
        f"f(x, y) is not a real number on about {percent} % of the window (for example a square root or "
        "logarithm of a negative number, or a division by zero); that part of the map is blank, and a lane "
        "that steps into it stops there."
    )


def stop_event(trajectory, surface) -> tuple[int, bool] | None:
    """Where a lane's path ends early, as ``(step, left_domain)``; None when it did not.

    ``left_domain``: the point of ``step`` is finite but ``f`` is not a number there (the lane stepped out
    of the formula's domain; the trajectory's own ``diverged_at`` is the next step, the first without
    numbers). Otherwise ``step`` is ``diverged_at``: the point left the bounded region or overflowed.
    """
    diverged = trajectory.diverged_at
    if diverged is None:
        return None
    diverged = int(diverged)
    positions = np.asarray(trajectory.positions, dtype=float)
    last = positions[diverged - 1] if diverged >= 1 else positions[0]
    with np.errstate(all="ignore"):
        value = float(np.asarray(surface.value(last), dtype=float))
    if np.isfinite(last).all() and not np.isfinite(value):
        return max(diverged - 1, 0), True
    return diverged, False


def stop_reason(trajectory, surface) -> str | None:
    """Why a lane's path ends early, as one sentence for the page; None when it ran all its steps.

    Three causes are told apart: the lane stepped into the region where ``f`` is undefined (its last point
    is finite but ``f`` is not a number there), it left the bounded region or overflowed (the learning rate
    is too large for this surface), or the compute budget's deadline stopped it. The sentence starts with
    the words and the step the map writes at its cross (:func:`choices.stop_words`).
    """
    event = stop_event(trajectory, surface)
    if event is None:
        if getattr(trajectory, "stopped_at", None) is None:
            return None
        return (
            f"stopped after step {int(trajectory.stopped_at):,}: it took longer than its estimate and "
            "reached this server's time limit"
        )
    step, left_domain = event
    words = stop_words(step, left_domain=left_domain)
    if left_domain:
        x, y = np.asarray(trajectory.positions, dtype=float)[step]
        return (
            f"{words}: at ({x:.3g}, {y:.3g}) f(x, y) is not a real number, so there is no gradient to "
            "follow. A smaller learning rate or another start may keep it inside"
        )
    return (
        f"{words}: its path stops where it left the bounded region (marked with a cross). Lower its "
        "learning rate"
    )


def l2_minima(surface, lanes) -> list[tuple[float, np.ndarray]]:
    r"""Where lanes with a coupled L2 penalty converge: the minimum of :math:`f(\theta) + \tfrac{\lambda}{2}
    \lVert\theta\rVert^2` for each distinct ``weight_decay`` :math:`\lambda > 0` (decoupled decay, AdamW's,
    has another fixed point and is left out), as ``(lambda, point)``.

    Only on a quadratic surface, where it is exact: with ``H`` the Hessian and ``m`` the minimum of ``f``,
    :math:`\theta_\lambda = m - (H + \lambda I)^{-1} \lambda m`. Elsewhere, and without a known minimum,
    the list is empty.
    """
    if not surface.is_quadratic or len(surface.minima) == 0:
        return []
    decays = set()
    for lane in lanes:
        hyper = build_optimizer(lane).hyperparams
        decay = float(hyper.get("weight_decay", 0.0))
        if decay > 0 and lane.optimizer != "adamw" and not hyper.get("decoupled_weight_decay", False):
            decays.add(decay)
    minimum = np.asarray(surface.minima[0], dtype=float)
    hessian = np.asarray(surface.hessian(minimum), dtype=float)
    return [
        (decay, minimum - np.linalg.solve(hessian + decay * np.eye(2), decay * minimum))
        for decay in sorted(decays)
    ]
