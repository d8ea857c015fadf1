"""Network lab scenes of the lecture's first part: capacity (underfitting against overfitting), early
stopping, L2 against dropout, and data augmentation, all on one small noisy two-moons set that a large
network memorises within 200 Adam steps (learning rate 0.01, the lab's default).

Every caption is formatted from the runs the lab draws (:mod:`scenes.lab_runs`), on its first read;
``tests/scenes/test_lab_regularisation.py`` measures each claim at the preset, over four more draws of the
data and the weights, and with the learning rate scaled by 0.8 and 1.25.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses

import numpy as np

import datasets
from scenes import lecture
from scenes.lab_runs import lab_run, lab_scene
from training import lab

# 100 noisy moons: 70 training points, 30 for validation
DATA = (("n_points", 100), ("noise", 0.3))
SMALL = (("hidden_layers", 1), ("width", 2))
LARGE = (("hidden_layers", 3), ("width", 32))
_ADAM = {"optimizer": "adam", "hyperparams": (("lr", 0.01),)}
STEPS = 200


def _state(*networks) -> lab.LabState:
    configs = tuple(lab.Config(network=tuple(sorted(n)), **_ADAM) for n in networks)
    return lab.LabState(dataset_params=DATA, configs=configs, steps=STEPS)


def train_points(state: lab.LabState) -> int:
    return len(datasets.get(state.dataset, **dict(state.dataset_params)).train_inputs)


def gap(run) -> float:
    """Final validation loss minus final training loss: how much the network learned that does not carry."""
    return float(run.validation_loss[-1] - run.train_loss[-1])


def weight_norm(run) -> float:
    """The final weights' total Euclidean norm over every weight matrix (biases left out)."""
    return float(np.sqrt(np.sum(np.asarray(run.weight_norms[-1]) ** 2)))


# --- capacity ----------------------------------------------------------------------------------------------

CAPACITY_STATE = _state(SMALL, LARGE)
UNDERFIT_GAP = 0.25  # the small network's validation loss stays within this of its training loss
OVERFIT_GAP = 0.5  # the large one's ends more than this above its training loss


def _capacity_caption(state: lab.LabState = CAPACITY_STATE) -> str:
    small, large = lab_run(state, 0), lab_run(state, 1)
    return (
        f"Both networks see the same {train_points(state)} noisy points for {state.steps} Adam steps. The "
        f"one with 2 hidden units cannot bend its boundary around the moons: its training loss stays at "
        f"{small.train_loss[-1]:.2f} and its validation loss, {small.validation_loss[-1]:.2f}, is close "
        f"to it: it underfits. Three layers of 32 units drive the training loss to "
        f"{large.train_loss[-1]:.0e} and memorise the noise: their validation loss ends at "
        f"{large.validation_loss[-1]:.2f}, the overfitting a larger network buys."
    )


CAPACITY = lab_scene(
    "underfitting-and-overfitting",
    "Too small a network underfits, too large a one overfits",
    _capacity_caption,
    CAPACITY_STATE,
    lecture.REGULARISATION,
    f"the small network's validation loss stays within {UNDERFIT_GAP:g} of its training loss, the large "
    f"network's ends over {OVERFIT_GAP:g} above its own and above the small one's, for five draws of data "
    "and weights and the learning rate x0.8 and x1.25.",
)

# --- early stopping ----------------------------------------------------------------------------------------

EARLY_STOPPING_STATE = _state(LARGE)
TURNS_UP = 2.0  # the final validation loss is more than this many times its minimum


def _early_stopping_caption(state: lab.LabState = EARLY_STOPPING_STATE) -> str:
    run = lab_run(state, 0)
    lowest = float(run.validation_loss[run.best_index])
    return (
        f"The validation loss is lowest, {lowest:.3f}, at step {run.best_step}; from there the network "
        f"learns the training points' noise: the training loss falls to {run.train_loss[-1]:.0e} while the "
        f"validation loss turns up to {run.validation_loss[-1]:.2f} at step {state.steps}, "
        f"{run.validation_loss[-1] / lowest:.1f} times its minimum. Early stopping keeps the network of "
        "the marked step, the lowest point of the validation curve."
    )


EARLY_STOPPING = lab_scene(
    "early-stopping",
    "Early stopping: the validation loss turns up while the training loss falls",
    _early_stopping_caption,
    EARLY_STOPPING_STATE,
    lecture.REGULARISATION,
    f"the lowest validation loss comes in the first half of the run and the final one is over "
    f"{TURNS_UP:g} times it, for five draws of data and weights and the learning rate x0.8 and x1.25.",
)

# --- L2 against dropout ------------------------------------------------------------------------------------

L2, DROPOUT = 0.01, 0.5
L2_DROPOUT_STATE = _state((*LARGE, ("l2", L2)), (*LARGE, ("dropout", DROPOUT)))
SMALLER_WEIGHTS = 0.5  # L2's weights end under this share of dropout's norm


def unregularised(state: lab.LabState):
    """Configuration 1 of ``state`` without its L2 or dropout: the network both regularisers start from."""
    plain = tuple((k, v) for k, v in state.configs[0].network if k not in ("l2", "dropout"))
    config = dataclasses.replace(state.configs[0], network=plain)
    return lab_run(dataclasses.replace(state, configs=(config,)), 0)


def _l2_dropout_caption(state: lab.LabState = L2_DROPOUT_STATE) -> str:
    l2, dropout, plain = lab_run(state, 0), lab_run(state, 1), unregularised(state)
    return (
        f"Unregularised, this network ends at validation loss {plain.validation_loss[-1]:.2f} (the "
        f"early-stopping scene). With L2 (λ = {L2:g}) it ends at {l2.validation_loss[-1]:.2f}, with "
        f"dropout {DROPOUT:g} at {dropout.validation_loss[-1]:.2f}: both keep it from memorising the noise. "
        f"They do it differently: L2 shrinks the weights (total norm {weight_norm(l2):.0f}, against "
        f"{weight_norm(dropout):.0f} under dropout), dropout leaves them large and trains every unit to do "
        "without the others."
    )


L2_AND_DROPOUT = lab_scene(
    "l2-against-dropout",
    "L2 and dropout both stop the overfitting, in different ways",
    _l2_dropout_caption,
    L2_DROPOUT_STATE,
    lecture.REGULARISATION,
    "both regularised networks end below the unregularised one's validation loss and L2's weights under "
    f"{SMALLER_WEIGHTS:.0%} of dropout's norm, for five draws of data and weights and the learning rate x0.8 "
    "and x1.25.",
)

# --- data augmentation -------------------------------------------------------------------------------------

JITTER = (("augment", "jitter"), ("copies", 4), ("strength", 0.5))
AUGMENT_STATE = _state(LARGE, (*LARGE, *JITTER))
# the augmented network's gap and final validation loss end below this share of the plain one's (measured
# over seeds 0-9: at most 0.72, mixup's validation loss at seed 8; 0.7 failed there)
NARROWER = 0.8


def _augment_caption(state: lab.LabState = AUGMENT_STATE) -> str:
    plain, augmented = lab_run(state, 0), lab_run(state, 1)
    jitter = dict(JITTER)
    return (
        f"On its {train_points(state)} points alone the network ends at training loss "
        f"{plain.train_loss[-1]:.0e} and validation loss {plain.validation_loss[-1]:.2f}. Trained on "
        f"{jitter['copies']} jittered copies of every point as well (Gaussian noise of std "
        f"{jitter['strength']:g}: nearby places get the same label), it ends at validation loss "
        f"{augmented.validation_loss[-1]:.2f}, and the gap to its training loss falls from {gap(plain):.2f} "
        f"to {gap(augmented):.2f}. The augmentation picker also turns the moons by their symmetry (a half "
        "turn swaps the two classes) or mixes pairs of points (mixup)."
    )


AUGMENTATION = lab_scene(
    "augmentation-narrows-the-gap",
    "Jittered copies of the training points narrow the validation gap",
    _augment_caption,
    AUGMENT_STATE,
    lecture.AUGMENTATION,
    f"with augmentation both the final validation loss and the validation gap end below {NARROWER:.0%} of "
    "the plain network's, for five draws of data and weights and the learning rate x0.8 and x1.25.",
)

MIXUP = (("augment", "mixup"), ("copies", 4), ("strength", 2.0))
MIXUP_STATE = _state(LARGE, (*LARGE, *MIXUP))


def _mixup_caption(state: lab.LabState = MIXUP_STATE) -> str:
    plain, mixed = lab_run(state, 0), lab_run(state, 1)
    mixup = dict(MIXUP)
    return (
        f"Mixup trains on blends of two points: {mixup['copies']} copies of the set, each point "
        r"$\lambda x_i + (1 - \lambda) x_j$ with $\lambda$ drawn from "
        f"Beta({mixup['strength']:g}, {mixup['strength']:g}) and labelled $y_i$ with probability "
        r"$\lambda$, so that in expectation the loss is mixup's soft-label loss and the "
        "network learns to change its prediction gradually between the classes. The validation loss "
        f"ends at {mixed.validation_loss[-1]:.2f} against {plain.validation_loss[-1]:.2f} without it, and "
        f"the gap to the training loss falls from {gap(plain):.2f} to {gap(mixed):.2f}."
    )


MIXUP_SCENE = lab_scene(
    "mixup-blends-pairs-of-points",
    "Mixup: training on blends of pairs of points narrows the gap too",
    _mixup_caption,
    MIXUP_STATE,
    lecture.AUGMENTATION,
    f"with mixup both the final validation loss and the validation gap end below {NARROWER:.0%} of the "
    "plain network's, for five draws of data and weights and the learning rate x0.8 and x1.25.",
)

SCENES = (CAPACITY, EARLY_STOPPING, L2_AND_DROPOUT, AUGMENTATION, MIXUP_SCENE)
