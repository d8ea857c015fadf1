"""The run loop: an optimizer, an objective and a start point in, a path (or a full :class:`Trajectory`) out.

``run`` returns positions only and is the fast path used for many lanes and for benchmarks; ``trajectory``
records everything the inspector shows (gradients, updates, learning rates, effective learning rates, every
state field). Both go through the same loop, so they agree bit for bit, noise included.

Divergence is part of the result, never an exception: the first step whose point is non-finite or has a
coordinate beyond ``bound`` is recorded in ``diverged_at``, that row keeps its value when it is finite, and
every later row is NaN. The loop checks for divergence every few steps (cheap), finds the exact step
afterwards, and stops stepping once every point of a batch has diverged.

A caller that may stop waiting (a deadline, a page whose visitor has left) passes ``stop``: the loop asks
it about every :data:`STOP_CHECK_SECONDS` of wall time between steps; when it returns True, the run ends
after that step with ``stopped_at`` set and later rows NaN, and an exception it raises leaves the loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from optimizers.base import Optimizer

MAX_STEPS = 100_000
AVERAGES = (None, "polyak", "ema")
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
      stopped_at: ``None``, or the last step taken when ``stop`` ended the run early (later rows are NaN).
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
    opt: Optimizer,
    surface: Any,
    start,
    steps: int,
    *,
    schedule=None,
    noise: float = 0.0,
    seed: int = 0,
    average: str | None = None,
    ema_decay: float = 0.9,
    bound: float = 1e6,
    stop: Callable[[int], bool] | None = None,
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
      schedule: ``None`` (constant) or a schedule ``schedule(base_lr, step, total_steps=steps) -> lr``.
      noise: standard deviation of Gaussian noise added to every gradient component.
      seed: seed of the noise generator: one ``default_rng(seed)`` per run and one draw of the start's
        shape per step, so a batch does not see the noise of its points run one by one.
      average: ``None``, ``"polyak"`` or ``"ema"``: also return averaged positions.
      ema_decay: decay of the ``"ema"`` average, in ``[0, 1)``.
      bound: a coordinate beyond this counts as divergence.
      stop: ``None``, or ``stop(step) -> bool`` asked between steps about every ``STOP_CHECK_SECONDS``:
        True ends the run after that step (later rows NaN).

    Returns:
      ``(steps + 1, ..., d)`` positions, or ``(positions, averaged)`` when ``average`` is set.

    Example::

        >>> import optimizers, surfaces
        >>> path = run(optimizers.get("adam", lr=0.02), surfaces.get("rosenbrock"), (-1.5, 2.0), 400)
        >>> path.shape
        (401, 2)
    """
    positions, _, _ = _loop(
        opt, surface, start, steps, schedule, noise, seed, ema_decay, bound, average, False, stop
    )
    if average is None:
        return positions
    return positions, _average(positions, average, ema_decay)


def trajectory(
    opt: Optimizer,
    surface: Any,
    start,
    steps: int,
    *,
    schedule=None,
    noise: float = 0.0,
    seed: int = 0,
    average: str | None = None,
    ema_decay: float = 0.9,
    bound: float = 1e6,
    stop: Callable[[int], bool] | None = None,
) -> Trajectory:
    """A :class:`Trajectory` with everything recorded; same arguments and same positions as :func:`run`.

    ``average`` is accepted for symmetry with :func:`run`; both averages are always filled in.
    """
    positions, diverged_at, record = _loop(
        opt, surface, start, steps, schedule, noise, seed, ema_decay, bound, average, True, stop
    )
    with np.errstate(all="ignore"):
        losses = _values(surface, positions)
    return Trajectory(
        positions=positions,
        losses=losses,
        grads=record["grads"],
        updates=record["updates"],
        lrs=record["lrs"],
        effective_lr=record["effective_lr"],
        states=record["states"],
        diverged_at=diverged_at,
        polyak=_average(positions, "polyak", ema_decay),
        ema=_average(positions, "ema", ema_decay),
        stopped_at=record["stopped_at"],
    )


def check_steps(steps) -> int:
    """``steps`` as an int in ``[0, MAX_STEPS]``, or a ``ValueError`` that says what is wrong."""
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise ValueError(f"steps must be a whole number, got {steps!r}")
    if steps < 0:
        raise ValueError(f"steps must be at least 0, got {steps}")
    if steps > MAX_STEPS:
        raise ValueError(f"steps must be at most {MAX_STEPS:,}, got {steps:,}")
    return int(steps)


def _check_options(start, steps, noise, seed, average, ema_decay, bound):
    steps = check_steps(steps)
    try:
        start = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be numbers of shape (d,) or (k, d), got {start!r}") from None
    if start.ndim == 0 or start.shape[-1] == 0:
        raise ValueError(f"start must have shape (d,) or (k, d), got shape {start.shape}")
    if not np.all(np.isfinite(start)):
        raise ValueError("start must be finite")
    for name, value in (("noise", noise), ("ema_decay", ema_decay), ("bound", bound)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"{name} must be a number, got {value!r}")
    if not (0.0 <= noise < float("inf")):
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    if average not in AVERAGES:
        raise ValueError(f"average must be None, 'polyak' or 'ema', got {average!r}")
    if not (0.0 <= ema_decay < 1.0):
        raise ValueError(f"ema_decay must be in [0, 1), got {ema_decay}")
    if not (0.0 < bound < float("inf")):
        raise ValueError(f"bound must be a positive finite number, got {bound}")
    return start, steps


def _learning_rates(opt: Optimizer, schedule, steps: int) -> list:
    """The learning rate of each step: Python floats, or arrays of the shape of an array of learning rates."""
    base_lr = opt.lr
    if schedule is None:
        return [base_lr] * steps
    if isinstance(base_lr, np.ndarray):  # one schedule per distinct setting, each exactly as a scalar run's
        distinct, inverse = np.unique(base_lr, return_inverse=True)
        table = np.array([_learning_rates_of(schedule, float(lr), steps) for lr in distinct])
        table = table.reshape(-1, steps)
        return list(np.moveaxis(table[inverse.reshape(base_lr.shape)], -1, 0))
    return _learning_rates_of(schedule, base_lr, steps)


def _learning_rates_of(schedule, base_lr: float, steps: int) -> list[float]:
    lrs = getattr(schedule, "lrs", None)
    if lrs is not None:
        return [float(lr) for lr in lrs(base_lr, steps)]
    return [float(schedule(base_lr, step, total_steps=steps)) for step in range(1, steps + 1)]


def _broadcast_start(start: np.ndarray, batch_shape: tuple[int, ...]) -> np.ndarray:
    """``start`` broadcast against the settings' batch shape (a copy: the path is written from it)."""
    if batch_shape == ():
        return start
    try:
        shape = np.broadcast_shapes(start.shape[:-1], batch_shape)
    except ValueError:
        raise ValueError(
            f"start of shape {start.shape} does not pair with hyperparameter settings of batch shape "
            f"{batch_shape}: give one start or one start per setting"
        ) from None
    return np.array(np.broadcast_to(start, (*shape, start.shape[-1])))


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


def _loop(opt, surface, start, steps, schedule, noise, seed, ema_decay, bound, average, record, stop=None):
    start, steps = _check_options(start, steps, noise, seed, average, ema_decay, bound)
    start = _broadcast_start(start, opt.batch_shape)
    lrs = _learning_rates(opt, schedule, steps)
    batch_shape = start.shape[:-1]
    stochastic = getattr(surface, "stochastic", True) and hasattr(surface, "minibatch_grad")
    minibatch = getattr(surface, "minibatch", None)
    grad = surface.minibatch_grad if stochastic else surface.grad
    rng = np.random.default_rng(seed) if noise > 0 else None
    noise = float(noise)
    update = opt.update

    positions = np.empty((steps + 1, *start.shape))
    positions[0] = start
    params = start
    state = opt.init(params)
    diverged_at = np.full(batch_shape, -1, dtype=np.int64)
    recorder = _Recorder(steps, start, state, opt.shown_fields) if record else None

    last_checked = 0  # rows 0..last_checked have been checked for divergence
    done = steps
    stopped_at = None
    ask_at = time.perf_counter() + STOP_CHECK_SECONDS
    with np.errstate(all="ignore"):
        last_checked = _check(positions, 0, 0, bound, diverged_at)
        if (diverged_at >= 0).all():
            done = 0
        for step in range(1, done + 1):
            lr = lrs[step - 1]
            if stochastic:
                g = grad(params, step)
                objective = minibatch(step) if minibatch is not None else _StepObjective(surface, step)
            else:
                g = grad(params)
                objective = surface
            if rng is not None:
                g = g + noise * rng.standard_normal(start.shape)
            updates, state = update(g, state, params, lr=lr, objective=objective)
            # written straight into the preallocated path: no temporary array per step
            params = np.add(params, updates, out=positions[step])
            if recorder is not None:
                recorder.add(step, g, updates, state, opt.effective_lr(state, lr))
            if stop is not None and step < done and time.perf_counter() >= ask_at:
                if stop(step):
                    stopped_at = done = step
                ask_at = time.perf_counter() + STOP_CHECK_SECONDS
            if step - last_checked >= _CHECK_EVERY or step == done:
                last_checked = _check(positions, last_checked + 1, step, bound, diverged_at)
                if (diverged_at >= 0).all() or step == done:
                    done = step
                    break
        positions[done + 1 :] = np.nan
        _blank_after_divergence(positions, diverged_at, offset=1)
        record_arrays = recorder.finish(lrs, diverged_at) if recorder is not None else None
        if record_arrays is not None:
            record_arrays["stopped_at"] = stopped_at

    if batch_shape != ():
        return positions, diverged_at, record_arrays
    return positions, (int(diverged_at) if diverged_at >= 0 else None), record_arrays


def _check(positions, first, last, bound, diverged_at) -> int:
    """Mark points whose rows ``first..last`` leave ``bound`` (or are not finite); return ``last``."""
    block = positions[first : last + 1]
    # NaN makes the comparison false, so "not within bound" also catches non-finite values
    if np.abs(block).max(initial=0.0) <= bound:
        return last
    outside = ~(np.abs(block) <= bound).all(axis=-1)  # (rows, ...)
    first_outside = np.where(outside.any(axis=0), outside.argmax(axis=0) + first, -1)
    fresh = (diverged_at < 0) & (first_outside >= 0)
    diverged_at[fresh] = first_outside[fresh]
    return last


def _blank_after_divergence(rows, diverged_at, offset):
    """NaN in every row after each point's divergence step (``offset`` = 1 for positions, 0 for step rows).

    For positions, the diverged row itself is blanked as well when it is not finite.
    """
    if not (diverged_at >= 0).any():
        return
    for index in zip(*np.nonzero(diverged_at >= 0), strict=True) if diverged_at.ndim else [()]:
        at = int(diverged_at[index])
        point = (slice(None), *index)
        column = rows[point]
        column[at + offset :] = np.nan
        if offset == 1 and not np.isfinite(column[at]).all():
            column[at] = np.nan


class _Recorder:
    """Preallocated arrays for :func:`trajectory`; rows never reached stay NaN."""

    def __init__(self, steps, start, state, fields):
        self.grads = np.full((steps, *start.shape), np.nan)
        self.updates = np.full((steps, *start.shape), np.nan)
        self.effective_lr = np.full((steps, *start.shape), np.nan)
        self.states = {}
        for name, value in state._asdict().items():
            if fields is not None and name not in fields:
                continue  # working memory such as L-BFGS's history: large, and not what the inspector shows
            value = np.asarray(value)
            if value.dtype.kind not in "biuf":
                continue  # not a number or an array of numbers (a history list, say): nothing to plot
            dtype = value.dtype if value.dtype.kind in "biu" else float
            fill = 0 if dtype is not float else np.nan
            self.states[name] = np.full((steps, *value.shape), fill, dtype=dtype)
        self.batch_ndim = start.ndim - 1

    def add(self, step, grads, updates, state, effective_lr):
        row = step - 1
        self.grads[row] = grads
        self.updates[row] = updates
        self.effective_lr[row] = effective_lr
        for name, value in zip(state._fields, state, strict=True):
            rows = self.states.get(name)
            if rows is None:
                continue
            if np.shape(value) != rows.shape[1:]:
                del self.states[name]  # a field whose shape changes between steps cannot be tabulated
                continue
            rows[row] = value

    def finish(self, lrs, diverged_at):
        for rows in (self.grads, self.updates, self.effective_lr):
            _blank_after_divergence(rows, diverged_at, offset=0)
        for rows in self.states.values():
            # only per-point float fields are blanked; shared scalars (the step count) describe the batch
            if (
                rows.dtype.kind == "f"
                and rows.shape[1 : 1 + self.batch_ndim] == diverged_at.shape
                and rows.ndim > 1
            ):
                _blank_after_divergence(rows, diverged_at, offset=0)
        return {
            "grads": self.grads,
            "updates": self.updates,
            "effective_lr": self.effective_lr,
            "states": self.states,
            "lrs": np.array(lrs, dtype=float),
        }


def _values(surface, positions):
    """The full objective at every position, vectorised when the objective takes a batch."""
    try:
        values = np.asarray(surface.value(positions), dtype=float)
        if values.shape == positions.shape[:-1]:
            return values
    except (ValueError, TypeError, IndexError):
        pass
    flat = positions.reshape(-1, positions.shape[-1])
    return np.array([float(surface.value(p)) for p in flat]).reshape(positions.shape[:-1])


def _average(positions, kind, ema_decay):
    """Polyak (running mean) or EMA of the positions, row by row, started at the start."""
    with np.errstate(all="ignore"):
        if kind == "polyak":
            counts = np.arange(1, len(positions) + 1).reshape((-1,) + (1,) * (positions.ndim - 1))
            return np.cumsum(positions, axis=0) / counts
        averaged = np.empty_like(positions)
        averaged[0] = positions[0]
        keep = float(ema_decay)
        for row in range(1, len(positions)):
            averaged[row] = keep * averaged[row - 1] + (1.0 - keep) * positions[row]
        return averaged
