"""``train``: an optimizer on a network objective, with the lecture's instruments read at checkpoints.

The loop is the optimizers' own protocol, stepped here rather than through ``optimizers.run`` so that the
checkpoints can be measured as the run goes instead of storing every step's parameters (a 6 x 32 network
has about 5,400): ``g = minibatch_grad(theta, step)`` (+ gradient noise from one ``default_rng(seed)``
draw per step), ``updates, state = opt.update(g, state, theta, lr=lr_step, objective=minibatch(step))``,
``theta += updates``; learning rates from the schedule's ``lrs``; a step whose parameters are non-finite or
beyond ``bound`` is the divergence step and ends the run. It follows ``optimizers.loop`` step for step, so
the final parameters equal ``optimizers.run(...)[-1]`` (tested).

With batch normalisation the loop also keeps every hidden layer's running statistics, as torch's
``BatchNorm1d`` in ``train()`` mode does: each step's gradient evaluation (at the parameters before the step)
returns its batch statistics, which move the running mean and variance once per step (momentum 0.1, the
unbiased variance), and every checkpoint evaluates in evaluation mode with the statistics after its step.
A line search's further evaluations inside a step do not move them (torch's L-BFGS closure would, once per
call: the lab's checkpoints then differ from such a torch run, not its parameters).

A caller that may stop waiting (a CPU deadline, a page whose visitor has left) passes ``stop``, the run
loop's protocol: ``stop(step) -> bool`` is asked about every ``optimizers.loop.STOP_CHECK_SECONDS`` with the
last step taken, between steps and also inside one (before each of a line search's evaluations and between
the columns of Newton's Hessian, so that an expensive step does not run on). True ends the run there with
``stopped_at`` set and a last checkpoint at that step; an exception it raises leaves the loop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nets import Architecture, NetworkObjective, batchnorm
from optimizers.loop import STOP_CHECK_SECONDS

from . import stats
from .recorder import Recorder

CHECKPOINTS = 50  # checkpoints of a run unless its caller asks for others (the lab's count)


@dataclass(frozen=True, eq=False)
class Run:
    """A training run read at ``m`` checkpoints (fewer when it diverged); ``L`` hidden layers.

    Attributes:
      architecture, steps, bound: the network, the steps asked for, the divergence bound.
      checkpoint_steps: ``(m,)`` steps at which everything below was measured (0 = initialisation).
      train_loss, validation_loss: ``(m,)`` data loss at evaluation time (dropout off); ``penalty`` ``(m,)``.
      train_accuracy, validation_accuracy: ``(m,)`` (NaN for regression).
      step_losses: ``(steps,)`` the mini-batch objective each step descended (NaN after divergence).
      lrs: ``(steps,)`` the scheduled learning rates.
      grid_x, grid_y: ``(G,)`` axes of the decision-function grid over the raw 2D inputs.
      grid_outputs: ``(m, G, G, K)`` class probabilities (or the regression output); rows are y, columns x.
      activation_mean, activation_std, dead_fraction, saturated_fraction: ``(m, L)``.
      histogram_edges: ``(bins + 1,)``; histograms ``(m, L, bins)``; outside ``(m, L, 2)`` counts below/above.
      grad_norms, weight_norms: ``(m, L + 1)`` per weight matrix (full training set, dropout off).
      update_ratio: ``(m, L + 1)`` ``|dW| / |W|`` of the step ending at the checkpoint (NaN at step 0).
      unit_spread, symmetric: ``(m, L)`` how far apart the units of a layer are, and whether all are equal.
      params: ``(m, d)`` the parameters at each checkpoint.
      best_index, best_step: the checkpoint with the lowest validation loss (early stopping).
      diverged_at: the divergence step or ``None``.
      stopped_at: ``None``, or the last step taken when ``stop`` ended the run early.
      notes: sentences about divergence, symmetry and dead layers (:func:`training.stats.notes`).
      running_mean, running_std, norm_scale, norm_shift: ``(m, L)`` with batch normalisation (means over
        each layer's units, :func:`training.stats.normalisation_statistics`), ``None`` without.
      running: per checkpoint, the hidden layers' ``nets.batchnorm.RunningStats`` (``None`` without).
      trace: the curves at (nearly) every step, :class:`Trace` (``None`` unless ``run_loop`` was asked).
    """

    architecture: Architecture
    steps: int
    bound: float
    checkpoint_steps: np.ndarray
    train_loss: np.ndarray
    validation_loss: np.ndarray
    penalty: np.ndarray
    train_accuracy: np.ndarray
    validation_accuracy: np.ndarray
    step_losses: np.ndarray
    lrs: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    grid_outputs: np.ndarray
    activation_mean: np.ndarray
    activation_std: np.ndarray
    histogram_edges: np.ndarray
    histograms: np.ndarray
    outside: np.ndarray
    dead_fraction: np.ndarray
    saturated_fraction: np.ndarray
    grad_norms: np.ndarray
    weight_norms: np.ndarray
    update_ratio: np.ndarray
    unit_spread: np.ndarray
    symmetric: np.ndarray
    params: np.ndarray
    best_index: int
    best_step: int
    diverged_at: int | None
    notes: tuple[str, ...] = field(default=())
    stopped_at: int | None = None
    running_mean: np.ndarray | None = None
    running_std: np.ndarray | None = None
    norm_scale: np.ndarray | None = None
    norm_shift: np.ndarray | None = None
    running: tuple | None = None
    trace: Trace | None = None


@dataclass(frozen=True, eq=False)
class Trace:
    """The cheap part of a checkpoint, read after every ``stride``-th step (every step up to
    :data:`TRACE_POINTS` steps): two forward passes in evaluation mode, no gradient, no grid.

    Attributes:
      steps: ``(n,)`` 0, stride, 2 stride, ... and the last step taken.
      train_loss, validation_loss: ``(n,)`` data loss (dropout off), as ``Run.train_loss``.
      train_accuracy, validation_accuracy: ``(n,)`` (NaN for regression).
      update_ratio: ``(n, L + 1)`` ``|dW| / |W|`` of the step ending there (NaN at step 0).
    """

    steps: np.ndarray
    train_loss: np.ndarray
    validation_loss: np.ndarray
    train_accuracy: np.ndarray
    validation_accuracy: np.ndarray
    update_ratio: np.ndarray


TRACE_POINTS = 1000  # a run of up to this many steps is traced at every step


def trace_stride(steps: int, points: int = TRACE_POINTS) -> int:
    """The steps between two traced points: 1 up to ``points`` steps, then the fewest that keep ``points``."""
    return max(1, -(-int(steps) // int(points)))


def checkpoint_steps(steps: int, checkpoints) -> np.ndarray:
    """The steps to measure at: ``checkpoints`` evenly spaced ones (0 and ``steps`` included) for an int,
    or the given steps (sorted, unique, within ``0..steps``)."""
    if isinstance(checkpoints, (int, np.integer)) and not isinstance(checkpoints, bool):
        if checkpoints < 2:
            raise ValueError(f"checkpoints must be at least 2 (the start and the end), got {checkpoints}")
        return np.unique(np.round(np.linspace(0, steps, min(checkpoints, steps + 1))).astype(np.int64))
    chosen = np.unique(np.asarray(list(checkpoints), dtype=np.int64))
    if len(chosen) == 0 or chosen[0] < 0 or chosen[-1] > steps:
        raise ValueError(f"checkpoint steps must lie between 0 and {steps}")
    return chosen


class _StopRequestedError(Exception):
    """``stop`` said True: leave the step in progress."""


class _Watch:
    """Asks ``stop`` about every ``STOP_CHECK_SECONDS`` with the last step taken; a True raises."""

    def __init__(self, stop):
        self.stop, self.done = stop, 0
        self.ask_at = time.perf_counter() + STOP_CHECK_SECONDS

    def check(self) -> None:
        if time.perf_counter() < self.ask_at:
            return
        if self.stop(self.done):
            raise _StopRequestedError
        self.ask_at = time.perf_counter() + STOP_CHECK_SECONDS


def run_loop(
    objective: NetworkObjective,
    data: Any,
    theta: np.ndarray,
    opt,
    steps: int,
    *,
    checkpoints=CHECKPOINTS,
    schedule=None,
    noise: float = 0.0,
    seed: int = 0,
    bound: float = 1e6,
    grid: int = 40,
    bins: int = 30,
    stop=None,
    trace: int | None = None,
) -> Run:
    """Train ``objective`` from ``theta`` with ``opt`` (see the module docstring) into a :class:`Run`;
    ``trace``: also read the curves at about this many evenly spaced steps (:class:`Trace`)."""
    at = checkpoint_steps(steps, checkpoints)
    lrs = _learning_rates(opt, schedule, steps)
    recorder = Recorder(objective, data, grid, bins)
    rng = np.random.default_rng(seed) if noise > 0 else None
    step_losses = np.full(steps, np.nan)
    state = opt.init(theta)
    theta = np.array(theta, dtype=float)
    previous = None  # the parameters before the last step taken
    diverged_at = stopped_at = None
    arch = objective.architecture
    batch_norm = arch.norm == "batch"
    running = tuple(batchnorm.initial_running(width) for width in arch.hidden) if batch_norm else None
    # a deterministic step evaluates, at the parameters it starts from, exactly what a checkpoint there
    # measures first (loss, gradient, forward pass on the training set): a checkpoint waits for that step
    reuse = not objective.stochastic and not batch_norm
    waiting = []  # (measure, step, parameters, previous parameters) that wait for the next step's evaluation
    if at[0] == 0:
        if reuse and steps > 0:
            waiting.append((recorder.add, 0, theta, None))
        else:
            recorder.add(0, theta, None, running)
    stride = trace_stride(steps, trace) if trace else 0
    if stride:
        if reuse and steps > 0:
            waiting.append((recorder.trace, 0, theta, None))
        else:
            recorder.trace(0, theta, None, running)
    wanted = set(at.tolist())
    watch = _Watch(stop) if stop is not None else None
    check = watch.check if watch is not None else None
    with np.errstate(all="ignore"):
        try:
            for step in range(1, steps + 1):
                evaluated = objective.step_pass(theta, step)
                for measure, *args in waiting:
                    measure(*args, running, evaluated)
                waiting.clear()
                value, g = evaluated.value, evaluated.grad
                step_losses[step - 1] = value
                if rng is not None:
                    g = g + noise * rng.standard_normal(theta.shape)
                updates, state = opt.update(
                    g, state, theta, lr=lrs[step - 1], objective=objective.minibatch(step, check)
                )
                new = theta + updates
                if not np.abs(new).max() <= bound:  # NaN fails the comparison too
                    diverged_at = step
                    break
                if batch_norm:  # torch's forward pass in train() mode: this step's batch statistics
                    running = tuple(
                        batchnorm.update(r, kept, evaluated.rows)
                        for r, kept in zip(running, evaluated.norms, strict=True)
                    )
                if step in wanted:
                    if reuse and step < steps:
                        waiting.append((recorder.add, step, new, theta))
                    else:
                        recorder.add(step, new, theta, running)
                if stride and (step % stride == 0 or step == steps):
                    if reuse and step < steps:
                        waiting.append((recorder.trace, step, new, theta))
                    else:
                        recorder.trace(step, new, theta, running)
                previous, theta = theta, new
                if watch is not None:
                    watch.done = step
                    check()
        except _StopRequestedError:
            stopped_at = watch.done
            step_losses[stopped_at:] = np.nan  # a step left part-way has no loss
            for measure, *args in waiting:
                measure(*args, running)
            waiting.clear()
            if stopped_at not in wanted:  # the figures end where the run did
                recorder.add(stopped_at, theta, previous, running)
            if stride and stopped_at % stride:
                recorder.trace(stopped_at, theta, previous, running)
    for measure, *args in waiting:  # the run ended (diverged) before the step that would have measured it
        measure(*args, running)
    arrays = recorder.arrays()
    validation = arrays["validation_loss"]
    finite = np.where(np.isfinite(validation), validation, np.inf)
    best = int(np.argmin(finite))
    run = Run(
        architecture=objective.architecture,
        steps=steps,
        bound=bound,
        step_losses=step_losses,
        lrs=np.asarray(lrs, dtype=float),
        grid_x=recorder.grid_x,
        grid_y=recorder.grid_y,
        histogram_edges=recorder.edges,
        best_index=best,
        best_step=int(arrays["checkpoint_steps"][best]),
        diverged_at=diverged_at,
        stopped_at=stopped_at,
        running=tuple(recorder.running) if batch_norm else None,
        trace=Trace(**recorder.traced_arrays()) if stride else None,
        **arrays,
    )
    object.__setattr__(run, "notes", stats.notes(run))
    return run


def _learning_rates(opt, schedule, steps: int) -> list[float]:
    """The run loop's learning rates: the schedule's ``lrs`` (or one call per step), constant without one."""
    if schedule is None:
        return [opt.lr] * steps
    lrs = getattr(schedule, "lrs", None)
    if lrs is not None:
        return [float(lr) for lr in lrs(opt.lr, steps)]
    return [float(schedule(opt.lr, step, total_steps=steps)) for step in range(1, steps + 1)]
