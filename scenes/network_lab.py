"""Lecture scenes of the Network lab: each a :class:`scenes.lessons.LessonPreset` of the lab's URL keys
(``training.lab.to_query``), read back by ``ui.network_lab.read_link``."""

from __future__ import annotations

import dataclasses
import math

import optimizers
import training
from scenes import lecture
from scenes.lessons import NETWORK_LAB, _scene
from training import checklist, lab

# The debugging checklist's first check: two networks that differ only in their initial weights.
LARGE_INIT_STATE = lab.LabState(
    configs=(
        lab.Config(network=(("init", "normal"), ("width", 32))),  # N(0, 1): far too large for 32 inputs
        lab.Config(network=(("width", 32),)),  # the lab's default, Kaiming uniform
    )
)


def initial_losses(state: lab.LabState = LARGE_INIT_STATE) -> tuple[float, ...]:
    """Every configuration's training loss at initialisation, as the lab's run records it (one step)."""
    return tuple(
        float(training.train(lab.network_spec(state, i), optimizers.get("adam", lr=0.01), 1).train_loss[0])
        for i in range(len(state.configs))
    )


def initial_checks(state: lab.LabState = LARGE_INIT_STATE) -> tuple:
    """The checklist's "Loss at initialisation" of every configuration (two classes: ln 2 is chance)."""
    runs = [
        training.train(lab.network_spec(state, i), optimizers.get("adam", lr=0.01), 1)
        for i in range(len(state.configs))
    ]
    return tuple(checklist.initial_loss_check(run, "softmax_cross_entropy", 2) for run in runs)


_LARGE, _FIXED = initial_losses()

CHECKLIST_LARGE_INIT = _scene(
    "checklist-large-initial-weights",
    "The checklist's first check: a loss far above chance at initialisation",
    "Before training, a classifier with small random weights predicts every class about equally: its "
    f"loss is ln C, ln 2 = {math.log(2):.3f} on two moons. With N(0, 1) weights the first network starts at "
    f"{_LARGE:.1f}, more than {checklist.FAR_FROM_CHANCE:g} times ln 2, and its checklist warns that the "
    f"initial weights are too large; the fix, the lab's Kaiming weights, starts at {_FIXED:.2f} and passes.",
    NETWORK_LAB,
    tuple(lab.to_query(LARGE_INIT_STATE).items()),
    lecture.DEBUGGING,
)

# Batch normalisation rescuing a bad initialisation: 5 x 32 ReLU layers with N(0, 1) weights, plain SGD.
_BAD_INIT = (("hidden_layers", 5), ("init", "normal"), ("width", 32))
_SGD = {"optimizer": "sgd", "hyperparams": (("lr", 0.05),)}
BATCH_NORM_STATE = lab.LabState(
    configs=(
        lab.Config(network=_BAD_INIT, **_SGD),
        lab.Config(network=tuple(sorted((*_BAD_INIT, ("norm", "batch")))), **_SGD),
    )
)
FITTED = 0.01  # the batch-norm network's final training loss is below this (tests/scenes/test_network_lab.py)


def lab_run(state: lab.LabState, index: int, stop=None) -> training.Run:
    """Configuration ``index`` trained as the lab trains it (its steps, batch and seed)."""
    config = state.configs[index]
    spec = lab.network_spec(state, index)
    return training.train(spec, lab.optimizer_of(config), state.steps, state.batch, state.seed, stop=stop)


def _plain_start() -> tuple[float, int | None]:
    # the plain network alone: it diverges within a few steps, so this costs next to nothing at import
    run = lab_run(dataclasses.replace(BATCH_NORM_STATE, configs=BATCH_NORM_STATE.configs[:1]), 0)
    return float(run.train_loss[0]), run.diverged_at


_PLAIN_START, _PLAIN_DIVERGED = _plain_start()

BATCH_NORM_RESCUES = _scene(
    "batch-norm-rescues-bad-init",
    "Batch normalisation rescues a deep network with too large initial weights",
    f"Five ReLU layers of 32 units with N(0, 1) weights multiply the activations' scale at every layer: the "
    f"plain network starts at a loss of {_PLAIN_START:.0f} (chance is ln 2 = {math.log(2):.3f}) and SGD "
    f"with learning rate 0.05 diverges at step {_PLAIN_DIVERGED}. The same network and weights with batch "
    "normalisation, which brings every hidden unit's pre-activations to mean 0 and variance 1 over the "
    f"batch, train with the same SGD and fit the training set (loss below {FITTED:g}).",
    NETWORK_LAB,
    tuple(lab.to_query(BATCH_NORM_STATE).items()),
    lecture.BATCH_NORM,
)

SCENES = (CHECKLIST_LARGE_INIT, BATCH_NORM_RESCUES)
