"""Pure NumPy optimizers that match torch.optim step for step, their registry and the run loop.

>>> import optimizers, surfaces
>>> opt = optimizers.get("adam", lr=0.02)
>>> path = optimizers.run(opt, surfaces.get("rosenbrock"), start=(-1.5, 2.0), steps=400)   # (401, 2)

Adding an optimizer is one file that defines an :class:`OptimizerSpec` and one line in ``_SPECS`` below.
"""

from __future__ import annotations

from typing import Any

from optimizers import (
    adadelta,
    adafactor,
    adagrad,
    adam,
    adamax,
    asgd,
    lbfgs,
    lion,
    muon,
    nadam,
    newton,
    prodigy,
    radam,
    rmsprop,
    rprop,
    schedule_free,
    schedules,
    sgd,
)
from optimizers.base import Optimizer, OptimizerSpec
from optimizers.loop import MAX_STEPS, RunOptions, Trajectory, run, trajectory
from paramspec.registry import Registry

__all__ = [
    "MAX_STEPS",
    "REGISTRY",
    "Optimizer",
    "OptimizerSpec",
    "RunOptions",
    "Trajectory",
    "get",
    "names",
    "run",
    "schedules",
    "spec",
    "trajectory",
]

# Registry order is the picker order.
_SPECS: tuple[OptimizerSpec, ...] = (
    sgd.SPEC,
    sgd.MOMENTUM_SPEC,
    sgd.NESTEROV_SPEC,
    adagrad.SPEC,
    rmsprop.SPEC,
    adadelta.SPEC,
    adam.SPEC,
    adam.ADAMW_SPEC,
    adamax.SPEC,
    nadam.SPEC,
    radam.SPEC,
    rprop.SPEC,
    asgd.SPEC,
    adafactor.SPEC,
    lion.SPEC,
    schedule_free.SGD_SPEC,
    schedule_free.ADAMW_SPEC,
    prodigy.SPEC,
    newton.SPEC,
    lbfgs.SPEC,
    muon.SPEC,  # weight matrices only: names(networks=True)
)
REGISTRY: Registry[OptimizerSpec] = Registry("optimizer", {s.name: s for s in _SPECS})


def names(*, networks: bool = False) -> list[str]:
    """Registry names in picker order; ``networks=True`` adds those that need weight matrices (Muon), which
    only a network can be trained with (the network lab's picker)."""
    return [name for name in REGISTRY.names() if networks or not REGISTRY[name].needs_matrices]


def spec(name: str) -> OptimizerSpec:
    """The :class:`OptimizerSpec` called ``name``; ``KeyError`` listing the valid names otherwise."""
    return REGISTRY[name]


def get(name: str, **hyperparams: Any) -> Optimizer:
    """An :class:`Optimizer` with torch.optim's names, defaults and validation.

    ``get("adam", lr=-1)`` raises ``ValueError("Invalid learning rate: -1")``; an unknown hyperparameter
    raises ``TypeError`` and an unknown name ``KeyError``.
    """
    return spec(name).make(**hyperparams)
