"""Scenes of the lesson pages' sections that had none: dropout at test time and as an ensemble of masks, batch
normalisation under a bad initialisation (the Initialisation page's "deeper lesson"), symmetry from constant
weights (its symmetry section) and a deep linear network's collapse (the Activations page).

Every number of a caption is formatted from the measurement the page draws, at the page's size: the same
pure functions of plain values (``nets.lessons_dropout``, ``nets.lessons``, ``nets.lessons_extra``), cached
once per process, so a page and a caption cannot disagree. ``tests/scenes/test_lesson_sections.py``
measures each claim over five seeds and under small changes.
"""

from __future__ import annotations

import functools

import numpy as np

from nets import lessons, lessons_dropout, lessons_extra
from nets.lesson_settings import COMPARE_POINTS, COMPARE_WIDTH, INIT_PAGE
from scenes import lecture
from scenes.lessons import ACTIVATIONS_PAGE, INITIALISATION_PAGE, _scene

LAYERS = next(p.default for p in INIT_PAGE if p.name == "layers")  # the page's depth, which the sections use


# --- dropout at test time ----------------------------------------------------------------------------------
@functools.cache  # pure: the page, the caption and the tests share one result
def scale_measurement(keep: float = 0.5, layers: int = 3, width: int = COMPARE_WIDTH, seed: int = 0):
    """The page's dropout section: :func:`nets.lessons_dropout.dropout_scale` on its comparison's size."""
    return lessons_dropout.dropout_scale(keep, layers, width, COMPARE_POINTS, seed)


_SCALE = scale_measurement()
_INVERTED, _PLAIN, _UNSCALED = (_SCALE.ratio(mode) for mode in ("inverted", "plain", "plain_unscaled"))
_COMPOUND = _UNSCALED / _INVERTED

DROPOUT_TEST_TIME = _scene(
    "dropout-scale-at-test-time",
    "Dropout at test time: keep the scale, or the next layer sees 1/q times more",
    f"Dropout keeps each hidden unit with probability q = {_SCALE.keep:g} while training, so the next layer "
    "sees on average q times the activation. Inverted dropout (torch's) divides the kept units by q while "
    "training and changes nothing at test time; plain dropout multiplies by q at test time. In a "
    f"{len(_INVERTED)} x {COMPARE_WIDTH} ReLU network on unit-Gaussian inputs the first layer passes on "
    f"{_INVERTED[0]:.2f} times its training mean at test time with inverted dropout and {_PLAIN[0]:.2f} with "
    f"plain dropout. Forgetting the scaling gives {_UNSCALED[0]:.2f}, 1/q, and it compounds: "
    f"{_UNSCALED[1]:.2f} and {_UNSCALED[2]:.2f} at layers 2 and 3, {_COMPOUND[1]:.0f} and "
    f"{_COMPOUND[2]:.0f} times the scaled rules' ({_INVERTED[1]:.2f} and {_INVERTED[2]:.2f}: dropout's "
    "noise raises a ReLU layer's mean while training, so even they pass deeper layers less at test time).",
    INITIALISATION_PAGE,
    (("activation", "relu"), ("setting", "kaiming"), ("deeper", "dropout")),
    lecture.REGULARISATION,
)


# --- dropout as an ensemble of subnetworks --------------------------------------------------------------
@functools.cache  # pure: the page, the caption and the tests share one result
def mask_measurement(keep: float = 0.5, hidden=(32, 32), lr: float = 0.5, seed: int = 0):
    """The page's mask-average section: :func:`nets.lessons_dropout.mask_average_curve`."""
    return lessons_dropout.mask_average_curve(keep, hidden=tuple(hidden), lr=lr, seed=seed)


_MASKS = mask_measurement()

DROPOUT_MASKS = _scene(
    "dropout-averages-masks",
    "Dropout as an ensemble: the average over k masks converges as 1/√k",
    "Each dropout mask picks one subnetwork of shared weights; dropout's prediction is the average over all "
    "of them, which k sampled masks estimate. A 2-32-32-1 ReLU network trained on two moons with inverted "
    f"dropout (q = {_MASKS.keep:g}, validation accuracy {_MASKS.validation_accuracy:.0%}): against the "
    f"average of {_MASKS.reference:,} other masks, the k-mask average's error (root-mean-square difference "
    f"of the predicted probabilities, over {_MASKS.streams} streams of masks) falls from "
    f"{_MASKS.to_average[0]:.3f} at k = 1 to {_MASKS.to_average[-1]:.4f} at k = {_MASKS.ks[-1]}, slope "
    f"{_MASKS.slope():.2f} on the log-log axes: 1/√k. The scaled network's one pass is the cheap stand-in, "
    f"{_MASKS.gap:.3f} from that average (exact only for a linear network): the k-mask average approaches "
    f"it from {_MASKS.to_scaled[0]:.3f} at k = 1 and levels off at {_MASKS.to_scaled[-1]:.3f}.",
    INITIALISATION_PAGE,
    (("activation", "relu"), ("setting", "kaiming"), ("deeper", "masks")),
    lecture.REGULARISATION,
)


# --- batch normalisation under a bad initialisation -------------------------------------------------------
@functools.cache  # pure: the page, the caption and the tests share one result
def batchnorm_measurement(
    setting: str = "large",
    norm: str = "batch",
    layers: int = LAYERS,
    width: int = COMPARE_WIDTH,
    seed: int = 0,
    activation: str = "tanh",
):
    """The page's batch-norm section: the deep experiment at the comparison's size (the scene's: tanh)."""
    return lessons.deep_init_experiment(
        activation, setting, layers, width, COMPARE_POINTS, seed=seed, norm=norm
    )


def outermost(result) -> float:
    """The last layer's share in the histogram's two outermost bins (saturated, for tanh's ±1)."""
    return float(result.outcomes()["last layer in the outermost bins"])


_PLAIN_LARGE, _NORMED_LARGE = batchnorm_measurement(norm="none"), batchnorm_measurement()
_PLAIN_SMALL = batchnorm_measurement("small", "none")

BATCH_NORM_HISTOGRAMS = _scene(
    "batch-norm-histograms",
    "Batch normalisation divides a bad initialisation's scale out of every layer",
    f"N(0, 1) weights on {COMPARE_WIDTH} inputs through {LAYERS} tanh layers: without normalisation "
    f"{outermost(_PLAIN_LARGE):.0%} of the last layer's activations sit in the histogram's two outermost "
    "bins, saturated at ±1. Normalising every layer's pre-activations to mean 0 and variance 1 before tanh "
    "(batch statistics, γ = 1, β = 0) divides the weights' scale out: every layer's activations have std "
    f"{_NORMED_LARGE.std.min():.3f} to {_NORMED_LARGE.std.max():.3f} and {outermost(_NORMED_LARGE):.0%} of "
    "the last layer is in the outermost bins, the same histograms as from N(0, 0.01²) weights, with which "
    f"tanh alone collapses to std {_PLAIN_SMALL.std[-1]:.0e} at the last layer.",
    INITIALISATION_PAGE,
    (("activation", "tanh"), ("setting", "large"), ("deeper", "batchnorm")),
    lecture.BATCH_NORM,
)


# --- symmetry from constant weights -----------------------------------------------------------------------
@functools.cache  # pure: the page, the caption and the tests share one result
def symmetry_measurement(scheme: str = "constant", width: int = 4, lr: float = 0.5, seed: int = 0):
    """The page's symmetry section: :func:`nets.lessons_extra.symmetry` (the page draws the defaults)."""
    return lessons_extra.symmetry(scheme, width=width, lr=lr, seed=seed)


def row_difference(result) -> float:
    """The largest difference between two units' rows of the first nonzero first-layer gradient."""
    return float(np.abs(result.first_grad - result.first_grad[:1]).max())


# the draws over which tests/scenes checks that random weights end below equal ones (measured over seeds 0-29:
# random 0.03-0.39, equal 0.53-0.69; "learn XOR" was false at seeds 18 and 21, which stall near 0.38)
SYMMETRY_SEEDS = range(10)
_CONSTANT, _XAVIER = symmetry_measurement(), symmetry_measurement("xavier_normal")
_WIDTH, _STEPS = len(_CONSTANT.first_grad), int(_CONSTANT.steps[-1])

CONSTANT_SYMMETRY = _scene(
    "constant-init-symmetry",
    "Equal initial weights: every unit of a layer stays the same unit",
    "From equal weights (every weight 0.1; zero weights are the extreme case: every activation 0, as the "
    "histograms show) every unit of a hidden layer computes the same value and gets the same gradient: the "
    f"rows of the first layer's first gradient differ by at most {row_difference(_CONSTANT):g}. After "
    f"{_STEPS} steps of gradient descent on XOR the largest difference between two units' weights is still "
    f"{_CONSTANT.spread.max():g}, so each layer of the 2-{_WIDTH}-{_WIDTH}-1 tanh network acts as one "
    f"unit and its loss only gets from {_CONSTANT.loss[0]:.3f} to {_CONSTANT.loss[-1]:.3f}. Random (Xavier) "
    f"weights start {_XAVIER.spread[0].min():.2f} apart and learn: loss {_XAVIER.loss[-1]:.3f}, and lower "
    f"than equal weights end at every draw of data and weights from seed {SYMMETRY_SEEDS[0]} to "
    f"{SYMMETRY_SEEDS[-1]}.",
    INITIALISATION_PAGE,
    (("activation", "tanh"), ("setting", "zeros")),
    lecture.INITIALISATION,
)


# --- a deep linear network is one linear layer ------------------------------------------------------------
@functools.cache  # pure: the page, the caption and the tests share one result
def collapse_measurement(hidden=(16, 16, 16), lr: float = 0.1, seed: int = 0):
    """The Activations page's collapse section: :func:`nets.lessons_extra.linear_collapse`."""
    return lessons_extra.linear_collapse(tuple(hidden), lr=lr, seed=seed)


_COLLAPSE = collapse_measurement()
_MATRICES = "".join(f"W{k}" for k in range(len(_COLLAPSE.hidden) + 1, 0, -1))

LINEAR_COLLAPSE = _scene(
    "linear-network-collapses",
    "Without a nonlinearity a deep network is one linear layer",
    "A network with linear activations, however deep, computes one affine map: the product "
    f"W = {_MATRICES} and one bias. Trained on two moons, the 2-{'-'.join(map(str, _COLLAPSE.hidden))}-1 "
    "linear network and that single layer differ by at most "
    f"{_COLLAPSE.largest_difference:.0e} on the grid and give the same class at "
    f"{_COLLAPSE.agreement:.0%} of it: its boundary is one straight line.",
    ACTIVATIONS_PAGE,
    (),
    lecture.ACTIVATIONS,
)

ACTIVATION_SCENES = (LINEAR_COLLAPSE,)
INITIALISATION_SCENES = (CONSTANT_SYMMETRY, BATCH_NORM_HISTOGRAMS)  # listed apart in scenes/__init__.py
DROPOUT_SCENES = (
    DROPOUT_TEST_TIME,
    DROPOUT_MASKS,
)  # listed after the lab's: the regularisation section's end
