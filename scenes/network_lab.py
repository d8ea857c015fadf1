"""Lecture scenes of the Network lab: each a :class:`scenes.lessons.LessonPreset` of the lab's URL keys
(``training.lab.to_query``), read back by ``ui.network_lab.read_link``."""

from __future__ import annotations

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

SCENES = (CHECKLIST_LARGE_INIT,)
