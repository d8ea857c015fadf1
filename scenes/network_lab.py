"""Lecture scenes of the Network lab: each a :class:`scenes.lessons.LessonPreset` of the lab's URL keys
(``training.lab.to_query``), read back by ``ui.network_lab.read_link``."""

from __future__ import annotations

import dataclasses
import math

import optimizers
import training
from scenes import lab_runs, lecture
from scenes.lessons import NETWORK_LAB, _scene
from training import checklist, lab

# The debugging checklist's first check: two networks that differ only in their initial weights.
# Four hidden layers: with two, N(0, 1) weights start far above chance at most draws but not all (1.7 and
# 0.58 at seeds 9 and 16); each more layer multiplies the logits' scale, and four start at 9.3 or more for
# seeds 0-19 (16 or more at widths 26 and 40; three layers: 4.8 or more).
LARGE_INIT_LAYERS = 4
LARGE_INIT_STATE = lab.LabState(
    configs=(
        # N(0, 1): far too large for 32 inputs
        lab.Config(network=(("hidden_layers", LARGE_INIT_LAYERS), ("init", "normal"), ("width", 32))),
        lab.Config(network=(("hidden_layers", LARGE_INIT_LAYERS), ("width", 32))),  # the lab's Kaiming
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
    f"loss is ln C, ln 2 = {math.log(2):.3f} on two moons. With N(0, 1) weights every layer multiplies the "
    f"activations' scale, and the first network, {LARGE_INIT_LAYERS} ReLU layers of 32, starts at "
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

# Batch normalisation rescuing a deep sigmoid network: six layers of 16, Xavier's weights, plain SGD. The
# sigmoid's slope is at most 1/4, so the gradient shrinks at every layer on its way back to the first.
_DEEP_SIGMOID = (("activation", "sigmoid"), ("hidden_layers", 6), ("init", "xavier_uniform"), ("width", 16))
_SGD_DEEP = {"optimizer": "sgd", "hyperparams": (("lr", 0.2),)}
DEEP_STATE = lab.LabState(
    dataset_params=(("n_points", 200),),
    configs=(
        lab.Config(network=_DEEP_SIGMOID, **_SGD_DEEP),
        lab.Config(network=tuple(sorted((*_DEEP_SIGMOID, ("norm", "batch")))), **_SGD_DEEP),
    ),
    steps=200,
)
DEEP_FITTED = 0.25  # the batch-norm network's final training loss ends below this, the plain one's at chance


def first_to_last_gradient(run: training.Run) -> float:
    """The first weight matrix's gradient norm over the output layer's, at initialisation."""
    return float(run.grad_norms[0][0] / run.grad_norms[0][-1])


def _deep_caption(state: lab.LabState = DEEP_STATE) -> str:
    plain, normalised = lab_runs.lab_run(state, 0), lab_runs.lab_run(state, 1)
    return (
        "The sigmoid's slope is at most 1/4, so the gradient shrinks at each of the six layers on its way "
        "back: at initialisation the first layer's gradient is "
        f"{first_to_last_gradient(plain):.0e} of the output layer's, and after "
        f"{state.steps} SGD steps the plain network's training loss is still {plain.train_loss[-1]:.3f}, "
        f"chance (ln 2 = {math.log(2):.3f}). With batch normalisation before every sigmoid, which keeps "
        "each layer's inputs on the steep middle of the curve, the same network and SGD reach "
        f"{normalised.train_loss[-1]:.3f} and {normalised.validation_accuracy[-1]:.0%} validation accuracy."
    )


BATCH_NORM_DEEP = lab_runs.lab_scene(
    "batch-norm-trains-a-deep-sigmoid-net",
    "Batch normalisation trains a deep sigmoid network that plain SGD cannot",
    _deep_caption,
    DEEP_STATE,
    lecture.BATCH_NORM,
    "the plain network's final training loss stays within 0.01 of ln 2 while the batch-norm network's ends "
    f"below {DEEP_FITTED:g} with over 90 % validation accuracy, for five draws of data and weights and the "
    "learning rate x0.8 and x1.25.",
)

# The checklist's loss-curve and update/weight checks: a learning rate five zeros too small, and the fix.
FLAT_STATE = lab.LabState(
    configs=(
        lab.Config(optimizer="sgd", hyperparams=(("lr", 1e-6),)),
        lab.Config(optimizer="sgd", hyperparams=lab.START["sgd"]),
    ),
    steps=200,
)


def flat_checks(state: lab.LabState = FLAT_STATE) -> tuple:
    """Every configuration's checklist (without the small-sample run), as the lab shows it."""
    return tuple(
        checklist.checklist(lab_runs.lab_run(state, i), "softmax_cross_entropy", 2)
        for i in range(len(state.configs))
    )


def check_named(checks, title: str) -> checklist.Check:
    return next(c for c in checks if c.title == title)


def _flat_caption(state: lab.LabState = FLAT_STATE) -> str:
    slow, fixed = flat_checks(state)
    rates = [dict(c.hyperparams)["lr"] for c in state.configs]
    run = lab_runs.lab_run(state, 0)
    shape, figure = checklist.curve_shape(run.step_losses, run.diverged_at)
    ratio, fixed_ratio = (check_named(c, "Update/weight ratio").measured for c in (slow, fixed))
    return (
        f"At learning rate {rates[0]:g} the loss barely moves in {state.steps} SGD steps, and the "
        f"debugging checklist under the run says so: its loss curve is {shape} ({figure}), and the "
        f"update/weight ratio's {ratio}: the rate is far too small. At {rates[1]:g} the curve falls and the "
        f"ratio's {fixed_ratio.split(' (')[0]}: both checks pass."
    )


CHECKLIST_FLAT = lab_runs.lab_scene(
    "checklist-flat-loss",
    "The checklist's flat loss curve: a learning rate far too small, and the fix",
    _flat_caption,
    FLAT_STATE,
    lecture.DEBUGGING,
    "the small rate's checklist warns on the loss curve (flat) and on the update/weight ratio (below 1e-4), "
    "the fix's passes both, for five draws of data and weights and the learning rate x0.8 and x1.25.",
)

SCENES = (CHECKLIST_LARGE_INIT, BATCH_NORM_RESCUES, BATCH_NORM_DEEP, CHECKLIST_FLAT)
