"""Train a small network on a toy data set and read the lecture's instruments at checkpoints.

>>> import optimizers, training
>>> spec = training.NetworkSpec(dataset="xor", hidden=(8, 8), activation="tanh", init="xavier_uniform")
>>> run = training.train(spec, optimizers.get("adam", lr=0.02), steps=300, checkpoints=4)
>>> run.checkpoint_steps.tolist(), bool(run.validation_accuracy[-1] > 0.9)
([0, 100, 200, 300], True)

A :class:`NetworkSpec` holds plain values only (names, numbers, tuples), so a page can cache on it.
:func:`budget` is the work a run costs, known before it starts; :func:`train` refuses runs above
:data:`MAX_WORK` with a message that says by how much.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import datasets
import nets

from . import stats
from .run import Run, checkpoint_steps, run_loop

__all__ = ["MAX_WORK", "NetworkSpec", "Run", "budget", "build", "checkpoint_steps", "stats", "train"]

# Multiply-adds a run may cost: about 5 s on one core of the development machine; a 6 x 32 network on
# 1,000 points for 1,000 full-batch steps is about 1.2e10.
MAX_WORK = 2.5e10


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

    def __post_init__(self):
        for name in ("dataset_params", "activation_params", "init_params"):
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, tuple(sorted(value.items())))
        object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))


def build(spec: NetworkSpec, batch_size: int = 0, seed: int = 0):
    """``(data, objective, initial parameters)`` of ``spec``; bad names or values raise a clear message."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
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
        batch_size=batch_size,
        seed=seed,
    )
    theta = objective.architecture.initial_params(spec.init, dict(spec.init_params), seed=spec.init_seed)
    return data, objective, theta


def budget(
    spec: NetworkSpec, steps: int, batch_size: int = 0, checkpoints: int = 50, grid: int = 40
) -> float:
    """Multiply-adds of a run: three per weight per sample each step (forward and backward), and at each
    checkpoint a pass over the training, validation and grid points."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    widths = (data.input_dim, *spec.hidden, 10)
    per_sample = sum(a * b for a, b in itertools.pairwise(widths))
    n_train = len(data.train_inputs)
    rows = batch_size if 0 < batch_size < n_train else n_train
    n_checkpoints = checkpoints if isinstance(checkpoints, int) else len(checkpoints)
    per_checkpoint = (3 * n_train + len(data.validation_inputs) + grid * grid) * per_sample
    return float(3 * steps * rows * per_sample + n_checkpoints * per_checkpoint)


def train(
    spec: NetworkSpec,
    optimizer,
    steps: int,
    batch_size: int = 0,
    seed: int = 0,
    checkpoints=50,
    *,
    schedule=None,
    noise: float = 0.0,
    bound: float = 1e6,
    grid: int = 40,
    bins: int = 30,
) -> Run:
    """Train ``spec``'s network with ``optimizer`` (``optimizers.get(...)``) for ``steps`` steps.

    ``batch_size`` 0 is the full batch; ``seed`` seeds the mini-batches, the dropout masks and the gradient
    noise (the initialisation has ``spec.init_seed``); ``checkpoints`` is a count or a list of steps.
    Returns the immutable :class:`Run`; divergence is in ``run.diverged_at``, never an exception.
    """
    from optimizers.loop import check_steps

    steps = check_steps(steps)
    if getattr(optimizer, "batch_shape", ()) != ():
        raise ValueError("train takes one optimizer setting at a time; give scalar hyperparameters")
    work = budget(spec, steps, batch_size, checkpoints, grid)
    if work > MAX_WORK:
        raise ValueError(
            f"this run would cost about {work:.1e} multiply-adds, {work / MAX_WORK:.1f} times the budget of "
            f"{MAX_WORK:.1e}: use fewer steps, points or units, or a smaller batch"
        )
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
    )
