r"""The learning-rate range test: one run whose learning rate grows exponentially, and the rate it suggests.

Following the convention of Smith's range test as torch-lr-finder implements it, step :math:`i = 0, \dots,
n - 1` uses

.. math::
    \eta_i = \eta_{\min} \left( \eta_{\max} / \eta_{\min} \right)^{i / (n - 1)},

the loss is smoothed by an exponential moving average :math:`s_i = \alpha \ell_i + (1 - \alpha) s_{i-1}`
(:math:`s_0 = \ell_0`, :math:`\alpha` = ``smoothing``, 0.05 by default), and the test stops at the first step
whose smoothed loss exceeds ``diverge_threshold`` (5 by default) times the best so far. The suggested rate is
the one where the smoothed curve falls fastest, :math:`\arg\min_i \Delta s_i` over the curve without its first
``skip_start`` and last ``skip_end`` points (the noisy start and the blow-up).

Two choices differ from torch-lr-finder, because a 2D surface is not a network: :math:`\ell_i` is the full
loss *after* the step taken with :math:`\eta_i` (what that rate did), and losses are measured from the lowest
known minimum :math:`f^*` (:math:`\ell - f^*`, with :math:`f^* = 0` when no minimum is known), so that
"five times the best" means the same on a surface whose minimum is negative.

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import optimizers
from explorer.halt import Halt
from explorer.outcome import frozen


@dataclass(frozen=True, eq=False)
class RangeTest:
    """The result of :func:`lr_range_test` (arrays read-only, one entry per step taken before stopping).

    Attributes:
      lrs: the learning rate of each step.
      losses: the loss above :math:`f^*` after each step.
      smoothed: its exponential moving average.
      stopped_at: the step index at which the smoothed loss blew up (``None``: ran to ``lr_max``).
      suggestion: the learning rate at the steepest fall of the smoothed curve (``None`` if too short).
      path: ``(len(lrs) + 1, 2)`` the positions of the run.
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_at: int | None
    suggestion: float | None
    path: np.ndarray


class ExponentialRamp:
    """Schedule for :func:`optimizers.run`, :math:`\\eta_{\\min} (\\eta_{\\max}/\\eta_{\\min})^{i/(n-1)}`."""

    def __init__(self, lr_min: float, lr_max: float):
        self.lr_min, self.lr_max = float(lr_min), float(lr_max)

    def lrs(self, base_lr, steps):
        if steps == 1:
            return np.array([self.lr_min])
        return self.lr_min * (self.lr_max / self.lr_min) ** (np.arange(steps) / (steps - 1))

    def __call__(self, base_lr, step, total_steps=None):
        return float(self.lrs(base_lr, total_steps)[step - 1])


def lr_range_test(
    objective,
    optimizer: optimizers.Optimizer,
    start,
    lr_min: float = 1e-5,
    lr_max: float = 10.0,
    steps: int = 100,
    *,
    smoothing: float = 0.05,
    diverge_threshold: float = 5.0,
    skip_start: int = 10,
    skip_end: int = 5,
    stop=None,
) -> RangeTest:
    """Run the range test of the module docstring from ``start``.

    Args:
      objective: a :class:`surfaces.Surface`, or any object with ``value(p)`` and ``grad(p)`` (``minima``
        optional).
      optimizer: the optimizer; its own ``lr`` is replaced by the ramp.
      start: the start point, ``(d,)``.
      lr_min, lr_max: the ends of the ramp, ``0 < lr_min < lr_max``.
      steps: the number of steps (learning rates) of the ramp, at least 2.
      smoothing, diverge_threshold, skip_start, skip_end: torch-lr-finder's knobs and defaults.
      stop: the run loop's ``stop`` (see :mod:`explorer.halt`).

    Example::

        >>> import optimizers, surfaces
        >>> bowl = surfaces.get("ravine", condition_number=10)
        >>> test = lr_range_test(bowl, optimizers.get("sgd"), (-8.0, 2.0))
        >>> 0.0 < test.suggestion < 2 / 10
        True
    """
    if not (0.0 < lr_min < lr_max < float("inf")):
        raise ValueError(f"the range needs 0 < lr_min < lr_max, got {lr_min} and {lr_max}")
    steps = optimizers.loop.check_steps(steps)
    if steps < 2:
        raise ValueError("a range test needs at least 2 steps")
    if not (0.0 < smoothing <= 1.0) or not diverge_threshold > 1.0:
        raise ValueError("smoothing must be in (0, 1] and diverge_threshold above 1")
    ramp = ExponentialRamp(lr_min, lr_max)
    path = optimizers.run(optimizer, objective, start, steps, schedule=ramp, stop=Halt(stop).loop_stop)
    with np.errstate(all="ignore"):
        losses = np.asarray(objective.value(path[1:]), dtype=float) - _floor(objective)
    smoothed, stopped_at = _smooth_until_blow_up(losses, smoothing, diverge_threshold)
    kept = len(smoothed)
    suggestion = None
    window = smoothed[skip_start : kept - skip_end if skip_end else kept]
    if len(window) >= 2:
        suggestion = float(ramp.lrs(None, steps)[skip_start + int(np.argmin(np.gradient(window)))])
    return RangeTest(
        lrs=frozen(ramp.lrs(None, steps)[:kept]),
        losses=frozen(losses[:kept]),
        smoothed=frozen(smoothed),
        stopped_at=stopped_at,
        suggestion=suggestion,
        path=frozen(path[: kept + 1]),
    )


def _smooth_until_blow_up(losses, smoothing, threshold):
    """The smoothed losses up to and including the first blow-up, and its index (``None`` if none)."""
    smoothed = []
    best = np.inf
    for i, loss in enumerate(losses):
        value = loss if i == 0 else smoothing * loss + (1.0 - smoothing) * smoothed[-1]
        smoothed.append(value)
        if not np.isfinite(value):
            return np.array(smoothed), i
        best = min(best, value)
        if i > 0 and value > threshold * best:
            return np.array(smoothed), i
    return np.array(smoothed), None


def _floor(objective) -> float:
    minima = np.asarray(getattr(objective, "minima", np.empty((0, 2))), dtype=float)
    if minima.size == 0:
        return 0.0
    values = np.asarray(objective.value(minima), dtype=float)
    return float(values.min()) if np.isfinite(values).any() else 0.0
