"""The run loop's options checked, and its inputs laid out: the step count, the start broadcast against the
settings' batch, and the learning rate of every step (a schedule's, or the constant one).

Bad options are a ``ValueError`` that says what is wrong; nothing here steps an optimizer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from optimizers.base import Optimizer

MAX_STEPS = 100_000  # the engine's limit on one run (pages set lower caps of their own)
AVERAGES = (None, "polyak", "ema")


@dataclass(frozen=True)
class RunOptions:
    """The options of :func:`optimizers.run` and :func:`optimizers.trajectory`, given to both as keywords.

    Attributes:
      schedule: ``None`` (constant) or a schedule ``schedule(base_lr, step, total_steps=steps) -> lr``.
      noise: standard deviation of Gaussian noise added to every gradient component.
      seed: seed of the noise generator: one ``default_rng(seed)`` per run and one draw of the start's
        shape per step, so a batch does not see the noise of its points run one by one.
      average: ``None``, ``"polyak"`` or ``"ema"``: :func:`~optimizers.run` also returns averaged positions.
      ema_decay: decay of the ``"ema"`` average, in ``[0, 1)``.
      bound: a coordinate beyond this counts as divergence.
      stop: ``None``, or ``stop(step) -> bool`` asked about every ``STOP_CHECK_SECONDS`` with the last step
        completed, between steps and before each evaluation an optimizer makes inside one: True ends the
        run after that step (a step under way is abandoned; later rows NaN).
    """

    schedule: Any = None
    noise: float = 0.0
    seed: int = 0
    average: str | None = None
    ema_decay: float = 0.9
    bound: float = 1e6
    stop: Callable[[int], bool] | None = None

    def __post_init__(self):
        """A bad option is a ``ValueError`` that says what is wrong."""
        for name in ("noise", "ema_decay", "bound"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"{name} must be a number, got {value!r}")
        if not (0.0 <= self.noise < float("inf")):
            raise ValueError(f"noise must be a finite number >= 0, got {self.noise}")
        seed = self.seed
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        if self.average not in AVERAGES:
            raise ValueError(f"average must be None, 'polyak' or 'ema', got {self.average!r}")
        if not (0.0 <= self.ema_decay < 1.0):
            raise ValueError(f"ema_decay must be in [0, 1), got {self.ema_decay}")
        if not (0.0 < self.bound < float("inf")):
            raise ValueError(f"bound must be a positive finite number, got {self.bound}")


def check_steps(steps) -> int:
    """``steps`` as an int in ``[0, MAX_STEPS]``, or a ``ValueError`` that says what is wrong."""
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise ValueError(f"steps must be a whole number, got {steps!r}")
    if steps < 0:
        raise ValueError(f"steps must be at least 0, got {steps}")
    if steps > MAX_STEPS:
        raise ValueError(f"steps must be at most {MAX_STEPS:,}, got {steps:,}")
    return int(steps)


def check_start(start) -> np.ndarray:
    """``start`` as a float array of shape ``(..., d)``, or a ``ValueError`` that says what is wrong."""
    try:
        start = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be numbers of shape (d,) or (k, d), got {start!r}") from None
    if start.ndim == 0 or start.shape[-1] == 0:
        raise ValueError(f"start must have shape (d,) or (k, d), got shape {start.shape}")
    if not np.all(np.isfinite(start)):
        raise ValueError("start must be finite")
    return start


def learning_rates(opt: Optimizer, schedule, steps: int) -> list:
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


def broadcast_start(start: np.ndarray, batch_shape: tuple[int, ...]) -> np.ndarray:
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
