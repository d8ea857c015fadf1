"""Learning-rate schedules: the factor a run applies to an optimizer's base ``lr`` at each step.

A schedule is a frozen object called as ``schedule(base_lr, step)`` with a 1-based ``step``: the run loop
asks it for the learning rate of step 1, 2, ... ``steps``. Step ``s`` uses the learning rate that
``torch.optim.lr_scheduler`` gives after ``s - 1`` calls of ``scheduler.step()``, so a run with a schedule
matches a torch loop that steps the optimizer, then the scheduler::

    sched = schedules.get("step", step_size=30, gamma=0.5)
    sched(0.1, 1), sched(0.1, 30), sched(0.1, 31)        # 0.1, 0.1, 0.05
    sched.lrs(0.1, 100)                                  # all 100 learning rates, as an array

Schedules whose shape depends on the length of the run (``cosine``'s ``T_max`` and ``one_cycle``'s
``total_steps``) take ``0`` to mean "the whole run": the run loop then passes the run's length as
``schedule(base_lr, step, total_steps=steps)``. Every formula is the closed form of the torch scheduler
(torch updates most of them recursively; the two agree to rounding, about 1e-15 relative).

The registry mirrors the optimizer and surface registries: :func:`names`, :func:`spec`, :func:`get`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from paramspec import Param, resolve
from paramspec.registry import Registry

__all__ = ["REGISTRY", "Schedule", "ScheduleSpec", "get", "names", "spec"]


@dataclass(frozen=True)
class ScheduleSpec:
    """What the picker, the URL codec, the CLI and the docs know about one schedule."""

    name: str
    title: str
    description: str  # one line
    latex: str  # eta_t as a function of the step t (1-based) and the base learning rate eta
    params: tuple[Param, ...]
    factory: Callable[..., Schedule]

    def make(self, **params: Any) -> Schedule:
        resolved = resolve(self.params, params, owner=f"schedule {self.name!r}")
        coerced = {p.name: _coerce(p, resolved[p.name]) for p in self.params}
        return self.factory(**coerced)


class Schedule:
    """Base of the frozen schedule objects: ``schedule(base_lr, step, total_steps=None) -> lr``."""

    name: str = ""

    @property
    def params(self) -> dict[str, Any]:
        """The resolved parameters, in the order of the spec."""
        return {p.name: getattr(self, p.name) for p in spec(self.name).params}

    def __call__(self, base_lr: float, step: int, total_steps: int | None = None) -> float:
        if step < 1:
            raise ValueError(f"schedule steps are 1-based, got step {step}")
        return float(self._lr(float(base_lr), int(step) - 1, total_steps))

    def lrs(self, base_lr: float, steps: int) -> np.ndarray:
        """The learning rates of steps ``1..steps`` of a run of ``steps`` steps, shape ``(steps,)``."""
        return np.array([self(base_lr, step, steps) for step in range(1, steps + 1)], dtype=float)

    def _lr(self, base_lr: float, epoch: int, total_steps: int | None) -> float:
        """The learning rate after ``epoch`` (0-based) scheduler steps."""
        raise NotImplementedError


def _run_length(name: str, value: int, total_steps: int | None) -> int:
    """``value`` if set, else the run's length; a schedule that needs a length and has none says so."""
    if value > 0:
        return value
    if total_steps is None or total_steps < 1:
        raise ValueError(f"{name} = 0 means the run's number of steps, but the run did not say how many")
    return int(total_steps)


@dataclass(frozen=True)
class Constant(Schedule):
    """eta_t = eta."""

    name = "constant"

    def _lr(self, base_lr, epoch, total_steps):
        return base_lr


@dataclass(frozen=True)
class StepDecay(Schedule):
    """eta_t = eta * gamma ** floor((t - 1) / step_size), as ``torch.optim.lr_scheduler.StepLR``."""

    step_size: int = 30
    gamma: float = 0.1
    name = "step"

    def _lr(self, base_lr, epoch, total_steps):
        return base_lr * self.gamma ** (epoch // self.step_size)


@dataclass(frozen=True)
class Exponential(Schedule):
    """eta_t = eta * gamma ** (t - 1), as ``torch.optim.lr_scheduler.ExponentialLR``."""

    gamma: float = 0.99
    name = "exponential"

    def _lr(self, base_lr, epoch, total_steps):
        return base_lr * self.gamma**epoch


@dataclass(frozen=True)
class Cosine(Schedule):
    """eta_t = eta_min + (eta - eta_min) (1 + cos(pi (t - 1) / T_max)) / 2, as ``CosineAnnealingLR``.

    ``eta_min`` is an absolute learning rate, as in torch (so it does not follow the lane's ``lr``: keep it
    below the base learning rate). Past ``T_max`` the cosine keeps going and the rate climbs back, exactly
    as torch's scheduler does; ``T_max = 0`` (the default) anneals over the whole run.
    """

    T_max: int = 0
    eta_min: float = 0.0
    name = "cosine"

    def _lr(self, base_lr, epoch, total_steps):
        period = _run_length("T_max", self.T_max, total_steps)
        return self.eta_min + (base_lr - self.eta_min) * (1 + math.cos(math.pi * epoch / period)) / 2


@dataclass(frozen=True)
class Warmup(Schedule):
    """Linear warm-up from ``start_factor * eta`` to ``eta`` over ``warmup_steps`` steps, then constant.

    eta_t = eta * (start_factor + (1 - start_factor) * min(t - 1, warmup_steps) / warmup_steps), which is
    ``torch.optim.lr_scheduler.LinearLR(start_factor, end_factor=1, total_iters=warmup_steps)``.
    """

    start_factor: float = 1.0 / 3.0
    warmup_steps: int = 5
    name = "warmup"

    def _lr(self, base_lr, epoch, total_steps):
        fraction = min(epoch, self.warmup_steps) / self.warmup_steps
        return base_lr * (self.start_factor + (1.0 - self.start_factor) * fraction)


@dataclass(frozen=True)
class OneCycle(Schedule):
    """The 1cycle policy, as ``torch.optim.lr_scheduler.OneCycleLR`` with ``anneal_strategy="cos"``.

    The base learning rate is the peak (torch's ``max_lr``). The rate rises by a half cosine from
    ``eta / div_factor`` to ``eta`` over the first ``pct_start`` of ``total_steps``, then falls by a half
    cosine to ``eta / (div_factor * final_div_factor)`` at the last step. ``total_steps = 0`` (the default)
    is the run's length. Differences from torch: momentum (or Adam's beta1) is not cycled, only the learning
    rate; steps past ``total_steps`` hold the final rate instead of raising.
    """

    total_steps: int = 0
    pct_start: float = 0.3
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    name = "one_cycle"

    def _lr(self, base_lr, epoch, total_steps):
        total = _run_length("total_steps", self.total_steps, total_steps)
        initial_lr = base_lr / self.div_factor
        min_lr = initial_lr / self.final_div_factor
        warm_end = float(self.pct_start * total) - 1
        last = total - 1
        epoch = min(epoch, last)
        if epoch <= warm_end:
            # warm_end == 0 (pct_start * total_steps == 1): a warm-up of length zero ends at the peak
            return _cos_anneal(initial_lr, base_lr, epoch / warm_end) if warm_end > 0 else base_lr
        return _cos_anneal(base_lr, min_lr, (epoch - warm_end) / (last - warm_end))


def _cos_anneal(start: float, end: float, fraction: float) -> float:
    """Half a cosine from ``start`` (fraction 0) to ``end`` (fraction 1)."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * fraction) + 1)


def _coerce(param: Param, value: Any) -> Any:
    """Type-check a schedule parameter; the app's range is checked by the widgets, the library's here."""
    if param.kind == "int":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise ValueError(f"{param.name} must be a whole number, got {value!r}")
        value = int(value)
    else:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{param.name} must be a finite number, got {value!r}")
        value = float(value)
    low = _LIBRARY_LOW.get(param.name)
    if low is not None and not (value > low[0] if low[1] else value >= low[0]):
        bound = "greater than" if low[1] else "at least"
        raise ValueError(f"{param.name} must be {bound} {low[0]:g}, got {value:g}")
    if param.name in {"start_factor", "pct_start"} and value > 1:
        raise ValueError(f"{param.name} must be at most 1, got {value:g}")
    return value


# Library bounds (what the formulas accept): name -> (bound, strict). The Params carry the app's offer.
_LIBRARY_LOW = {
    "step_size": (1, False),
    "gamma": (0.0, True),
    "T_max": (0, False),
    "eta_min": (0.0, False),
    "start_factor": (0.0, True),
    "warmup_steps": (1, False),
    "total_steps": (0, False),
    "pct_start": (0.0, True),
    "div_factor": (0.0, True),
    "final_div_factor": (0.0, True),
}

_SPECS: dict[str, ScheduleSpec] = {
    s.name: s
    for s in (
        ScheduleSpec(
            "constant",
            "Constant",
            "The same learning rate at every step.",
            r"\eta_t = \eta",
            (),
            Constant,
        ),
        ScheduleSpec(
            "step",
            "Step decay",
            "Multiply the learning rate by gamma every step_size steps (torch StepLR).",
            r"\eta_t = \eta\,\gamma^{\lfloor (t-1)/s \rfloor}",
            (
                Param("step_size", 30, "int", 1, 5000, help="Steps between two decays."),
                Param(
                    "gamma", 0.1, low=0.01, high=1.0, label=r"\gamma", help="Factor applied at each decay."
                ),
            ),
            StepDecay,
        ),
        ScheduleSpec(
            "exponential",
            "Exponential decay",
            "Multiply the learning rate by gamma after every step (torch ExponentialLR).",
            r"\eta_t = \eta\,\gamma^{t-1}",
            (
                Param(
                    "gamma", 0.99, low=0.9, high=1.0, label=r"\gamma", help="Factor applied after each step."
                ),
            ),
            Exponential,
        ),
        ScheduleSpec(
            "cosine",
            "Cosine annealing",
            "Anneal the learning rate along half a cosine to eta_min over T_max steps "
            "(torch CosineAnnealingLR).",
            r"\eta_t = \eta_{\min} + \tfrac{1}{2}(\eta - \eta_{\min})"
            r"\left(1 + \cos\frac{\pi (t-1)}{T_{\max}}\right)",
            (
                Param(
                    "T_max",
                    0,
                    "int",
                    0,
                    5000,
                    label=r"T_{\max}",
                    help="Steps of the half cosine; 0 anneals over the whole run.",
                ),
                Param(
                    "eta_min",
                    0.0,
                    low=0.0,
                    high=1.0,
                    label=r"\eta_{\min}",
                    help="Final learning rate (absolute, as in torch; keep it below lr).",
                ),
            ),
            Cosine,
        ),
        ScheduleSpec(
            "warmup",
            "Linear warm-up",
            "Grow the learning rate linearly from start_factor * lr over warmup_steps, then hold it "
            "(torch LinearLR).",
            r"\eta_t = \eta\left(f_0 + (1 - f_0)\,\frac{\min(t-1, T_w)}{T_w}\right)",
            (
                Param(
                    "start_factor",
                    1.0 / 3.0,
                    low=0.001,
                    high=1.0,
                    log=True,
                    label="f_0",
                    help="Fraction of lr at the first step.",
                ),
                Param(
                    "warmup_steps",
                    5,
                    "int",
                    1,
                    5000,
                    label="T_w",
                    help="Steps until the full learning rate is reached.",
                ),
            ),
            Warmup,
        ),
        ScheduleSpec(
            "one_cycle",
            "One cycle",
            "Rise from lr/div_factor to lr, then anneal far below it, by half cosines (torch OneCycleLR; "
            "momentum is not cycled).",
            r"\eta_t = \text{cos-anneal}\left(\tfrac{\eta}{d} \to \eta \to \tfrac{\eta}{d\,d_f}\right)",
            (
                Param(
                    "total_steps",
                    0,
                    "int",
                    0,
                    5000,
                    label="T",
                    help="Length of the cycle in steps; 0 uses the whole run.",
                ),
                Param(
                    "pct_start",
                    0.3,
                    low=0.01,
                    high=1.0,
                    help="Fraction of the cycle spent increasing the learning rate.",
                ),
                Param(
                    "div_factor",
                    25.0,
                    low=1.0,
                    high=1e4,
                    log=True,
                    label="d",
                    help="The cycle starts at lr / div_factor.",
                ),
                Param(
                    "final_div_factor",
                    1e4,
                    low=1.0,
                    high=1e6,
                    log=True,
                    label="d_f",
                    help="The cycle ends at lr / (div_factor * final_div_factor).",
                ),
            ),
            OneCycle,
        ),
    )
}


REGISTRY: Registry[ScheduleSpec] = Registry("schedule", _SPECS)


def names() -> list[str]:
    """The schedule names, in picker order."""
    return REGISTRY.names()


def spec(name: str) -> ScheduleSpec:
    """The :class:`ScheduleSpec` of ``name``; ``KeyError`` listing the valid names."""
    return REGISTRY[name]


def get(name: str, **params: Any) -> Schedule:
    """A frozen schedule. Unknown name -> ``KeyError``; unknown parameter -> ``TypeError``; bad value ->
    ``ValueError`` saying which parameter and why."""
    return spec(name).make(**params)
