"""Train a small network on a toy data set and read the lecture's instruments at checkpoints.

>>> import optimizers, training
>>> spec = training.NetworkSpec(dataset="xor", hidden=(8, 8), activation="tanh", init="xavier_uniform")
>>> run = training.train(spec, optimizers.get("adam", lr=0.02), steps=300, checkpoints=4)
>>> run.checkpoint_steps.tolist(), bool(run.validation_accuracy[-1] > 0.9)
([0, 100, 200, 300], True)

A :class:`NetworkSpec` holds plain values only (names, numbers, tuples), so a page can cache on it.
:func:`estimated_seconds` is a run's time, known before it starts, priced per optimizer and network size
(:mod:`training.cost`); the page decides from it whether to run, cut or refuse (one budget for all of its
configurations), and hands :func:`train` a ``stop`` that ends the run at a CPU deadline or when nobody
waits for it any more.
"""

from __future__ import annotations

from dataclasses import dataclass

import datasets
import nets
from datasets.augment import augmented

from . import cost, stats
from .cost import estimated_seconds
from .run import CHECKPOINTS, Run, checkpoint_steps, run_loop

__all__ = [
    "NetworkSpec",
    "Run",
    "build",
    "checkpoint_steps",
    "cost",
    "estimated_seconds",
    "stats",
    "train",
]


@dataclass(frozen=True)
class NetworkSpec:
    """Data, network, loss and regularisation of a run, as plain values (dicts are turned into tuples)."""

    dataset: str = "two_moons"
    dataset_params: tuple = ()
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "relu"
    activation_params: tuple = ()
    init: str = "kaiming_uniform"
    init_params: tuple = ()
    init_seed: int = 0
    loss: str = "softmax_cross_entropy"
    l2: float = 0.0
    l1: float = 0.0
    dropout: float = 0.0
    dropout_mode: str = "inverted"
    norm: str = "none"  # "batch": batch normalisation before every hidden activation
    augment: str = "none"  # datasets.augment's kind: "jitter", "symmetry" or "mixup"
    augment_copies: int = 1  # augmented copies of the training set appended to it
    augment_strength: float = 0.1  # jitter's std (in the set's scale) or mixup's alpha

    def __post_init__(self):
        for name in ("dataset_params", "activation_params", "init_params"):
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, tuple(sorted(value.items())))
        object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))


def build(spec: NetworkSpec, batch_size: int = 0, seed: int = 0):
    """``(data, objective, initial parameters)`` of ``spec``; bad names or values raise a clear message.

    With ``spec.augment`` the training split carries its augmented copies (:mod:`datasets.augment`, drawn
    from ``spec.init_seed``, the lab's seed); the validation split is never augmented."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    if spec.augment != "none":
        data = augmented(data, spec.augment, spec.augment_copies, spec.augment_strength, seed=spec.init_seed)
    objective = nets.network(
        data,
        hidden=spec.hidden,
        activation=spec.activation,
        activation_params=dict(spec.activation_params),
        loss=spec.loss,
        l2=spec.l2,
        l1=spec.l1,
        dropout=spec.dropout,
        dropout_mode=spec.dropout_mode,
        norm=spec.norm,
        batch_size=batch_size,
        seed=seed,
    )
    theta = objective.architecture.initial_params(spec.init, dict(spec.init_params), seed=spec.init_seed)
    return data, objective, theta


def train(
    spec: NetworkSpec,
    optimizer,
    steps: int,
    batch_size: int = 0,
    seed: int = 0,
    checkpoints=CHECKPOINTS,
    *,
    schedule=None,
    noise: float = 0.0,
    bound: float = 1e6,
    grid: int = 40,
    bins: int = 30,
    stop=None,
    trace: int | None = None,
) -> Run:
    """Train ``spec``'s network with ``optimizer`` (``optimizers.get(...)``) for ``steps`` steps.

    ``batch_size`` 0 is the full batch; ``seed`` seeds the mini-batches, the dropout masks and the gradient
    noise (the initialisation has ``spec.init_seed``); ``checkpoints`` is a count or a list of steps.
    Returns the immutable :class:`Run`; divergence is in ``run.diverged_at``, never an exception.
    ``stop`` is the run loop's (see :mod:`training.run`): a True ends the run with ``run.stopped_at``.
    ``trace``: read the curves at about this many evenly spaced steps too (``run.trace``, every step up to
    that many steps; :class:`training.run.Trace`), ``None`` for none.
    """
    from optimizers.loop import check_steps

    steps = check_steps(steps)
    if getattr(optimizer, "batch_shape", ()) != ():
        raise ValueError("train takes one optimizer setting at a time; give scalar hyperparameters")
    if not 2 <= grid <= 200 or not 1 <= bins <= 200:
        raise ValueError(f"grid must be 2..200 and bins 1..200, got {grid} and {bins}")
    data, objective, theta = build(spec, batch_size, seed)
    return run_loop(
        objective,
        data,
        theta,
        optimizer,
        steps,
        checkpoints=checkpoints,
        schedule=schedule,
        noise=noise,
        seed=seed,
        bound=bound,
        grid=grid,
        bins=bins,
        stop=stop,
        trace=trace,
    )
