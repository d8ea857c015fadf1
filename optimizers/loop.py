"""The run loop: an optimizer, an objective and a start point in, a path (or a full :class:`Trajectory`) out.

``run`` returns positions only and is the fast path used for many lanes and for benchmarks; ``trajectory``
records everything the inspector shows (gradients, updates, learning rates, effective learning rates, every
state field). Both go through the same loop, so they agree bit for bit, noise included.

Divergence is part of the result, never an exception: the first step whose point is non-finite or has a
coordinate beyond ``bound`` is recorded in ``diverged_at``, that row keeps its value when it is finite, and
every later row is NaN. The loop checks for divergence every few steps (cheap), finds the exact step
afterwards, and stops stepping once every point of a batch has diverged.

A caller that may stop waiting (a deadline, a page whose visitor has left) passes ``stop``: the loop asks
it about every :data:`STOP_CHECK_SECONDS` of wall time with the last step completed, between steps and also
inside one, before each evaluation of the step's objective (the ``value``/``grad``/``hessian`` an optimizer
calls itself: L-BFGS's line search, Newton's Hessian), so that a step that evaluates many times neither runs
on past a deadline nor keeps a page that gives way (``ui.fairness``) from doing so. Asking computes
nothing, so a path is the same bit for bit with or without ``stop``. When it returns True the run ends at
the last completed step (a step under way is abandoned: its row stays NaN) with ``stopped_at`` set and
later rows NaN; an exception it raises leaves the loop.

The options are checked and laid out by :mod:`optimizers.run_options`; the table, divergence marks, losses
and averages are :mod:`optimizers.recording`'s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from optimizers.base import Optimizer
from optimizers.recording import (
    Recorder,
    averaged_positions,
    blank_after_divergence,
    losses_at,
    mark_divergence,
)
from optimizers.run_options import (
    AVERAGES,
    MAX_STEPS,
    RunOptions,
    broadcast_start,
    check_start,
    check_steps,
    learning_rates,
)

__all__ = ["AVERAGES", "MAX_STEPS", "RunOptions", "Trajectory", "check_steps", "run", "trajectory"]

# Divergence is looked for every this many steps: a check costs about as much as a step on one point.
_CHECK_EVERY = 32
# How often ``stop`` is asked: soon enough to stop within a fraction of a second, too rarely to cost much.
STOP_CHECK_SECONDS = 0.05


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Everything about a run of ``steps`` steps; ``...`` is the start's batch shape (empty for one point).

    Attributes:
      positions: ``(steps + 1, ..., d)``, row 0 is the start.
      losses: ``(steps + 1, ...)``, the full objective at each position.
      grads: ``(steps, ..., d)``, row ``i`` is the gradient step ``i + 1`` used (noise included).
      updates: ``(steps, ..., d)``, ``positions[i + 1] - positions[i]``.
      lrs: ``(steps,)``, the scheduled learning rate of each step; ``(steps, ..., 1)`` for an array of
        learning rates.
      effective_lr: ``(steps, ..., d)``, the per-axis factor in front of the descent direction.
      states: state field -> ``(steps, ...)`` array of the state after each step.
      diverged_at: first diverged step (``None`` if none) for one point; for a batch an int array, ``-1`` for
        points that did not diverge.
      polyak: ``(steps + 1, ..., d)``, running mean of the positions so far.
      ema: ``(steps + 1, ..., d)``, exponential moving average of the positions, started at the start.
      stopped_at: ``None``, or the last step completed when ``stop`` ended the run early (later rows are
        NaN; ``0`` when it ended during the first step).
    """

    positions: np.ndarray
    losses: np.ndarray
    grads: np.ndarray
    updates: np.ndarray
    lrs: np.ndarray
    effective_lr: np.ndarray
    states: dict[str, np.ndarray]
    diverged_at: int | np.ndarray | None
    polyak: np.ndarray
    ema: np.ndarray
    stopped_at: int | None = None

    @property
    def steps(self) -> int:
        return len(self.lrs)


def run(
    opt: Optimizer, surface: Any, start, steps: int, **options: Any
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Positions of ``steps`` steps of ``opt`` on ``surface`` from ``start``.

    Args:
      opt: an :class:`~optimizers.base.Optimizer` (``optimizers.get(...)``).
      surface: any object with ``grad(p)`` and ``value(p)``; ``minibatch_grad(p, step)`` is used when present
        (data surfaces), and ``minibatch(step)`` gives second-order methods the objective of the step.
      start: ``(d,)`` for one point or ``(k, d)`` (any batch shape ``(..., d)``) for many. With broadcast
        hyperparameters (``opt.batch_shape`` not empty) the start is broadcast against that shape: one start
        becomes ``k`` copies of it for ``k`` settings, or ``k`` starts pair with ``k`` settings.
      steps: number of updates, ``0 <= steps <= 100_000``.
      options: the fields of :class:`~optimizers.run_options.RunOptions` (``schedule``, ``noise``, ``seed``,
        ``average``, ``ema_decay``, ``bound``, ``stop``); another name is a ``TypeError``.

    Returns:
      ``(steps + 1, ..., d)`` positions, or ``(positions, averaged)`` when ``average`` is set.

    Example::

        >>> import optimizers, surfaces
        >>> path = run(optimizers.get("adam", lr=0.02), surfaces.get("rosenbrock"), (-1.5, 2.0), 400)
        >>> path.shape
        (401, 2)
    """
    options = RunOptions(**options)
    positions, _, _ = _loop(opt, surface, start, steps, options, record=False)
    if options.average is None:
        return positions
    return positions, averaged_positions(positions, options.average, options.ema_decay)


def trajectory(opt: Optimizer, surface: Any, start, steps: int, **options: Any) -> Trajectory:
    """A :class:`Trajectory` with everything recorded; same arguments and same positions as :func:`run`.

    ``average`` is accepted for symmetry with :func:`run`; both averages are always filled in.
    """
    options = RunOptions(**options)
    positions, diverged_at, record = _loop(opt, surface, start, steps, options, record=True)
    with np.errstate(all="ignore"):
        losses = losses_at(surface, positions)
    return Trajectory(
        positions=positions,
        losses=losses,
        grads=record["grads"],
        updates=record["updates"],
        lrs=record["lrs"],
        effective_lr=record["effective_lr"],
        states=record["states"],
        diverged_at=diverged_at,
        polyak=averaged_positions(positions, "polyak", options.ema_decay),
        ema=averaged_positions(positions, "ema", options.ema_decay),
        stopped_at=record["stopped_at"],
    )


class _StoppedInsideStepError(Exception):
    """``stop`` said True during a step: the step is abandoned and the run ends at the one before."""


class _Asker:
    """Asks ``stop`` about every :data:`STOP_CHECK_SECONDS` of wall time, with the last step completed."""

    def __init__(self, stop):
        self.stop = stop
        self.done = 0  # the last step completed
        self.ask_at = time.perf_counter() + STOP_CHECK_SECONDS

    def due(self) -> bool:
        return time.perf_counter() >= self.ask_at

    def ask(self) -> bool:
        try:
            return bool(self.stop(self.done))
        finally:  # the interval counts from the answer: time spent giving way inside ``stop`` is not stepping
            self.ask_at = time.perf_counter() + STOP_CHECK_SECONDS

    def inside_step(self) -> None:
        """Before an evaluation inside a step: ask if due; a True raises :class:`_StoppedInsideStepError`."""
        if time.perf_counter() >= self.ask_at and self.ask():
            raise _StoppedInsideStepError


class _AskingObjective:
    """A step's objective that lets the :class:`_Asker` ask ``stop`` before each evaluation; every other
    attribute (``weight_matrices``, ``minibatch_*``) is the objective's own."""

    def __init__(self, objective, asker: _Asker):
        self._objective, self._inside_step = objective, asker.inside_step

    def value(self, p, *args):
        self._inside_step()
        return self._objective.value(p, *args)

    def grad(self, p, *args):
        self._inside_step()
        return self._objective.grad(p, *args)

    def __getattr__(self, name):
        found = getattr(self._objective, name)
        if name != "hessian":
            return found

        def hessian(p, *args):
            self._inside_step()
            return found(p, *args)

        return hessian


def _asking(objective, asker: _Asker | None):
    """``objective`` as the step's optimizer sees it: asking ``stop`` before each evaluation, when given."""
    if asker is None or not hasattr(objective, "value") or not hasattr(objective, "grad"):
        return objective
    return _AskingObjective(objective, asker)


class _StepObjective:
    """value/grad/hessian of one mini-batch, for objects with ``minibatch_*`` but no ``minibatch(step)``."""

    def __init__(self, surface, step):
        self.surface, self.step = surface, step

    def value(self, p):
        return self.surface.minibatch_value(p, self.step)

    def grad(self, p):
        return self.surface.minibatch_grad(p, self.step)

    def hessian(self, p):
        hessian = getattr(self.surface, "minibatch_hessian", None)
        return hessian(p, self.step) if hessian is not None else self.surface.hessian(p)


def _loop(opt, surface, start, steps, options: RunOptions, *, record: bool):
    start, steps = check_start(start), check_steps(steps)
    noise, bound, stop = options.noise, options.bound, options.stop
    start = broadcast_start(start, opt.batch_shape)
    lrs = learning_rates(opt, options.schedule, steps)
    batch_shape = start.shape[:-1]
    stochastic = getattr(surface, "stochastic", True) and hasattr(surface, "minibatch_grad")
    minibatch = getattr(surface, "minibatch", None)
    grad = surface.minibatch_grad if stochastic else surface.grad
    rng = np.random.default_rng(options.seed) if noise > 0 else None
    noise = float(noise)
    update = opt.update

    positions = np.empty((steps + 1, *start.shape))
    positions[0] = start
    params = start
    state = opt.init(params)
    diverged_at = np.full(batch_shape, -1, dtype=np.int64)
    recorder = Recorder(steps, start, state, opt.shown_fields) if record else None

    last_checked = 0  # rows 0..last_checked have been checked for divergence
    done = steps
    stopped_at = None
    asker = _Asker(stop) if stop is not None else None
    whole = None if stochastic else _asking(surface, asker)  # the same objective at every step
    with np.errstate(all="ignore"):
        last_checked = mark_divergence(positions, 0, 0, bound, diverged_at)
        if (diverged_at >= 0).all():
            done = 0
        for step in range(1, done + 1):
            lr = lrs[step - 1]
            if stochastic:
                g = grad(params, step)
                objective = minibatch(step) if minibatch is not None else _StepObjective(surface, step)
                objective = _asking(objective, asker)
            else:
                g = grad(params)
                objective = whole
            if rng is not None:
                g = g + noise * rng.standard_normal(start.shape)
            try:
                updates, state = update(g, state, params, lr=lr, objective=objective)
            except _StoppedInsideStepError:
                stopped_at = done = step - 1
                mark_divergence(positions, last_checked + 1, done, bound, diverged_at)
                break
            # written straight into the preallocated path: no temporary array per step
            params = np.add(params, updates, out=positions[step])
            if recorder is not None:
                recorder.add(step, g, updates, state, opt.effective_lr(state, lr))
            if asker is not None:
                asker.done = step
                if step < done and asker.due() and asker.ask():
                    stopped_at = done = step
            if step - last_checked >= _CHECK_EVERY or step == done:
                last_checked = mark_divergence(positions, last_checked + 1, step, bound, diverged_at)
                if (diverged_at >= 0).all() or step == done:
                    done = step
                    break
        positions[done + 1 :] = np.nan
        blank_after_divergence(positions, diverged_at, offset=1)
        record_arrays = recorder.finish(lrs, diverged_at) if recorder is not None else None
        if record_arrays is not None:
            record_arrays["stopped_at"] = stopped_at

    if batch_shape != ():
        return positions, diverged_at, record_arrays
    return positions, (int(diverged_at) if diverged_at >= 0 else None), record_arrays
