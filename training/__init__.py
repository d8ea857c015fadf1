"""Train a small network on a toy data set and read the lecture's instruments at checkpoints.

>>> import optimizers, training
>>> spec = training.NetworkSpec(dataset="xor", hidden=(8, 8), activation="tanh", init="xavier_uniform")
>>> run = training.train(spec, optimizers.get("adam", lr=0.02), steps=300, checkpoints=4)
>>> run.checkpoint_steps.tolist(), bool(run.validation_accuracy[-1] > 0.9)
([0, 100, 200, 300], True)

A :class:`NetworkSpec` holds plain values only (names, numbers, tuples), so a page can cache on it.
:func:`budget` is the work a run costs (multiply-adds) and :func:`estimated_seconds` its time, both known
before it starts; :func:`train` refuses a run whose estimate is above the playground's budget in seconds
(``PLAYGROUND_BUDGET_SECONDS``, 4 s by default) with a message that says by how much, and
:func:`affordable_steps` is how many steps would fit, for a page that cuts instead.
"""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass

import datasets
import nets

from . import stats
from .run import Run, checkpoint_steps, run_loop

__all__ = [
    "NetworkSpec",
    "Run",
    "affordable_steps",
    "budget",
    "budget_seconds",
    "build",
    "checkpoint_steps",
    "estimated_seconds",
    "stats",
    "train",
]

# The same knob and default as the playground's budget (playground/budget.py): one number of seconds.
BUDGET_VARIABLE = "PLAYGROUND_BUDGET_SECONDS"
DEFAULT_SECONDS = 4.0
# Fitted to training.train's two benchmark runs (benchmarks/nets.py) on the 2-core build machine shared by
# other jobs (load about 11, its usual state): a step costs about 0.38 ms of NumPy overhead plus 0.83 ns per
# multiply-add; a quiet machine is about twice as fast, so the estimate errs on the safe side.
STEP_SECONDS = 3.8e-4
SECONDS_PER_MULTIPLY_ADD = 8.3e-10
CHECKPOINT_STEPS = 30  # a checkpoint's statistics, grid and histograms cost about 30 steps' overhead


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


def estimated_seconds(
    spec: NetworkSpec, steps: int, batch_size: int = 0, checkpoints=50, grid: int = 40
) -> float:
    """Predicted seconds of a run from plain values (no step is taken): per-step overhead plus arithmetic."""
    n_checkpoints = checkpoints if isinstance(checkpoints, int) else len(checkpoints)
    overhead = (steps + CHECKPOINT_STEPS * n_checkpoints) * STEP_SECONDS
    return overhead + budget(spec, steps, batch_size, checkpoints, grid) * SECONDS_PER_MULTIPLY_ADD


def budget_seconds() -> float:
    """The budget in seconds: ``PLAYGROUND_BUDGET_SECONDS`` when set to a positive number, else 4."""
    try:
        value = float(os.environ.get(BUDGET_VARIABLE, DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 and math.isfinite(value) else DEFAULT_SECONDS


def affordable_steps(
    spec: NetworkSpec, steps: int, batch_size: int = 0, checkpoints=50, grid: int = 40
) -> int:
    """The most steps (at most ``steps``) whose estimate fits the budget; 0 if not even one does."""
    low, high = 0, steps
    while low < high:  # the estimate grows with the steps: bisect
        middle = (low + high + 1) // 2
        if estimated_seconds(spec, middle, batch_size, checkpoints, grid) <= budget_seconds():
            low = middle
        else:
            high = middle - 1
    return low


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
    seconds, allowed = estimated_seconds(spec, steps, batch_size, checkpoints, grid), budget_seconds()
    if seconds > allowed:
        fits = affordable_steps(spec, steps, batch_size, checkpoints, grid)
        raise ValueError(
            f"this run would take about {seconds:.1f} s, {seconds / allowed:.1f} times the budget of "
            f"{allowed:g} s; {fits:,} steps would fit, or use fewer points or units, or a smaller batch"
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
