"""Lecture scenes of the activation-function and initialisation pages: each a URL preset of one page.

A :class:`LessonPreset` is the page's ``url_path`` and the query it opens with, read back by the page
through ``nets.lesson_settings.from_query`` (so a preset can never hold a value the page would refuse:
``tests/scenes/test_lessons.py`` checks each with no notice).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nets.activations import SELU_ALPHA
from nets.lesson_settings import COMPARE_POINTS, COMPARE_WIDTH
from nets.lessons import dead_after_large_step, derivative_product, gradient_norms_at_init, large_step
from nets.lessons_deep import residual_variance, self_normalisation
from nets.mlp import forward
from scenes.scene import Scene, ScenePage

ACTIVATIONS_PAGE, INITIALISATION_PAGE, NETWORK_LAB = "activations", "initialisation", "network_lab"
# The Network lab: a scene of it is a LessonPreset of its URL keys (training.lab.from_query reads them).
LAB_PAGE = ScenePage("Network lab", NETWORK_LAB)
# the pages as the gallery links them (titles and url_paths as in app.py)
PAGES = {
    ACTIVATIONS_PAGE: ScenePage("Activation functions", ACTIVATIONS_PAGE),
    INITIALISATION_PAGE: ScenePage("Initialisation", INITIALISATION_PAGE),
    NETWORK_LAB: LAB_PAGE,
}


@dataclass(frozen=True)
class LessonPreset:
    """``page``: the page's ``url_path``; ``query``: ``(key, value)`` text pairs; ``scene``: the scene id."""

    page: str
    query: tuple[tuple[str, str], ...] = ()
    scene: str = ""


def _scene(scene_id, title, caption, page, query, topic):
    return Scene(
        id=scene_id,
        title=title,
        caption=caption,
        rules="",
        state=LessonPreset(page, tuple(query)),
        topic=topic,
        page=PAGES[page],
    )


# The vanishing-gradient scene: the page's bound (the sigmoid's largest slope to the power L) and its measured
# network's first-to-last layer gradient ratio at that depth (the page's metrics)
SIGMOID_DEPTH = 30


def sigmoid_gradient_ratio(depth: int = SIGMOID_DEPTH, seed: int = 0) -> float:
    """The page's sigmoid network (``depth`` x 32, Xavier normal) at initialisation: the first layer's
    gradient norm over the last layer's."""
    norms = gradient_norms_at_init("sigmoid", depth, 32, "xavier_normal", seed=seed)
    return float(norms[0] / norms[-1])


SIGMOID_SLOPE = float(derivative_product("sigmoid", 1)[0])
SIGMOID_BOUND = float(derivative_product("sigmoid", SIGMOID_DEPTH)[-1])
SIGMOID_MEASURED = sigmoid_gradient_ratio()

# The dying-ReLU scene's step, and what it does to the second hidden layer: on the page's network (seed 0)
# and on nine other draws of data and weights, which lose far fewer units.
DYING_LR = 30.0
OTHER_SEEDS = range(1, 10)
_SECOND = 1  # the second hidden layer: the one a large step empties most


def killed_and_revived(lr: float = DYING_LR, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per hidden layer of :func:`nets.lessons.large_step`'s ReLU network: the share of units the step
    kills (firing on some training point before it, on none after it) and the share it revives (dead before,
    firing after). Counted unit by unit: the dead share's net change hides that one step does both (at seed 7
    the second layer's dead share falls while the step kills one of its units)."""
    step = large_step("relu", lr=lr, seed=seed)
    inputs = step.objective.inputs
    before, after = (
        [np.all(z <= 0, axis=0) for z in forward(step.architecture, theta, inputs).pre_activations]
        for theta in (step.before, step.after)
    )
    killed = np.array([np.mean(~b & a) for b, a in zip(before, after, strict=True)])
    revived = np.array([np.mean(b & ~a) for b, a in zip(before, after, strict=True)])
    return killed, revived


PAGE_DYING = tuple(float(share[_SECOND]) for share in dead_after_large_step("relu", lr=DYING_LR))
OTHER_KILLS = np.array([killed_and_revived(seed=s)[0][_SECOND] for s in OTHER_SEEDS])
OTHER_REVIVALS = np.array([killed_and_revived(seed=s)[1][_SECOND] for s in OTHER_SEEDS])

# A steeper negative side for both: Leaky ReLU's slope, and ELU's alpha at SELU's value (the page's slider
# takes two decimals), where the mean output of unit-Gaussian inputs is zero.
STEEP_SLOPE = 0.3
ELU_ALPHA = round(SELU_ALPHA, 2)


def gaussian_mean_output(name: str, slope_or_alpha: float) -> float:
    """:math:`E f(z)`, :math:`z \\sim N(0, 1)`, in closed form (the page measures it numerically, as
    ``nets.lessons.activation_properties``; the scene test checks that they agree):

    Leaky ReLU, slope :math:`s`: :math:`(1 - s) / \\sqrt{2\\pi}`; ELU:
    :math:`1 / \\sqrt{2\\pi} + \\alpha\\,(e^{1/2}\\,\\Phi(-1) - \\tfrac12)`, zero at SELU's
    :math:`\\alpha \\approx 1.6733`."""
    positive = 1 / math.sqrt(2 * math.pi)  # E[z; z > 0]
    if name == "leaky_relu":
        return (1 - slope_or_alpha) * positive
    below = math.exp(0.5) * 0.5 * math.erfc(1 / math.sqrt(2))  # E[e^z; z < 0] = e^(1/2) Phi(-1)
    return positive + slope_or_alpha * (below - 0.5)


ACTIVATION_SCENES = (
    _scene(
        "sigmoid-vanishes-deep",
        f"Sigmoid gradients vanish through {SIGMOID_DEPTH} layers",
        f"Each sigmoid passes back at most its largest slope, {SIGMOID_SLOPE:g}, of the gradient, so through "
        f"{SIGMOID_DEPTH} layers at most {SIGMOID_SLOPE:g}^{SIGMOID_DEPTH} = {SIGMOID_BOUND:.2e} of it. The "
        f"page's {SIGMOID_DEPTH} x 32 sigmoid network at initialisation keeps even less: its first layer's "
        f"gradient is {SIGMOID_MEASURED:.1e} of its last layer's.",
        ACTIVATIONS_PAGE,
        (("depth", f"{SIGMOID_DEPTH}"),),
        "Activation functions",
    ),
    _scene(
        "relus-die-large-step",
        f"One step with learning rate {DYING_LR:g} kills ReLUs; Leaky ReLU and ELU lose none",
        f"One gradient step with learning rate {DYING_LR:g} pushes some ReLUs' inputs below zero on every "
        "training point: such a unit outputs zero and passes no gradient to its own weights, so only a "
        f"change in the layer below can revive it. Here the second layer goes from {PAGE_DYING[0]:.0%} to "
        f"{PAGE_DYING[1]:.0%} dead, an unlucky draw: for seeds {OTHER_SEEDS[0]} to {OTHER_SEEDS[-1]} the "
        f"same step kills {OTHER_KILLS.min():.0%} to {OTHER_KILLS.max():.0%} of that layer's units and, as "
        f"the layer below moves, revives up to {OTHER_REVIVALS.max():.0%}. Leaky ReLU and ELU keep a slope "
        "everywhere and lose no unit.",
        ACTIVATIONS_PAGE,
        (("lr", f"{DYING_LR:g}"),),
        "Activation functions",
    ),
    _scene(
        "leaky-relu-steep-slope",
        "Negative sides pull the mean output towards zero: Leaky ReLU 0.3, ELU at SELU's alpha",
        f"A Leaky ReLU with slope {STEEP_SLOPE:g} on negative inputs (torch's: 0.01) keeps "
        f"{STEEP_SLOPE:.0%} of each negative input and of its gradient, so no part of it is flat, and its "
        f"mean output on unit-Gaussian inputs falls to (1 − {STEEP_SLOPE:g}) times ReLU's, "
        f"{gaussian_mean_output('leaky_relu', STEEP_SLOPE):.3f}: nearer zero, not zero-centred. An ELU "
        f"reaches down to −α, and at α = {ELU_ALPHA:g}, SELU's α, its mean output is "
        f"{gaussian_mean_output('elu', ELU_ALPHA):.3f}, zero-centred in the table: a smaller α leaves it "
        f"positive ({gaussian_mean_output('elu', 1.0):.2f} at torch's α = 1), a larger "
        "one makes it negative.",
        ACTIVATIONS_PAGE,
        (("negative_slope", f"{STEEP_SLOPE:g}"), ("alpha", f"{ELU_ALPHA:g}")),
        "Activation functions",
    ),
)

# The deeper lessons of the Initialisation page, at the page's comparison size (what its section draws).
RESIDUAL_BLOCKS = 10  # the page's default depth
SELU_LAYERS = 20
SELU_INPUT = (1.0, 2.0)  # mean and std of the inputs: far from (0, 1)


def residual_measurement(blocks: int = RESIDUAL_BLOCKS, width: int = COMPARE_WIDTH, seed: int = 0):
    """The page's residual section: :func:`nets.lessons_deep.residual_variance` at its size."""
    return residual_variance(blocks=blocks, width=width, n_points=COMPARE_POINTS, seed=seed)


def selu_measurement(activation="selu", layers=SELU_LAYERS, width=COMPARE_WIDTH, inputs=SELU_INPUT, seed=0):
    """The page's SELU section: ``(mean, variance)`` per layer of :func:`nets.lessons_deep.self_normalisation`
    from inputs of mean and std ``inputs``."""
    mean, std = inputs
    return self_normalisation(
        activation,
        layers=layers,
        width=width,
        n_points=COMPARE_POINTS,
        input_mean=mean,
        input_std=std,
        seed=seed,
    )


def per_block_growth(result) -> float:
    """The stream's variance growth per block, geometric mean over the blocks."""
    return float((result.residual_kaiming[-1] / result.input_variance) ** (1 / len(result.residual_kaiming)))


_RESIDUAL = residual_measurement()
_SELU, _RELU = selu_measurement(), selu_measurement("relu")

DEEP_SCENES = (
    _scene(
        "residual-zero-last-layer",
        "Residual blocks: a zero last layer keeps the stream's variance",
        f"A residual block adds its branch to the stream, x + F(x): with Kaiming weights in both of F's "
        f"layers the branch carries about twice the stream's variance, so the variance grows "
        f"{per_block_growth(_RESIDUAL):.1f}-fold per block, from {_RESIDUAL.input_variance:.2f} to "
        f"{_RESIDUAL.residual_kaiming[-1]:.3g} after {RESIDUAL_BLOCKS} blocks. Starting every block's last "
        "layer at zero makes each block the identity: the variance stays "
        f"{_RESIDUAL.residual_zero_last[-1]:.2f}, however deep.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "kaiming"), ("deeper", "residual")),
        "Weight initialisation",
    ),
    _scene(
        "selu-self-normalises",
        f"SELU pulls every layer towards mean 0 and variance 1 over {SELU_LAYERS} layers",
        f"Inputs of mean {SELU_INPUT[0]:g} and std {SELU_INPUT[1]:g} through {SELU_LAYERS} SELU layers with "
        f"LeCun-normal weights (variance 1/fan_in): the first layer's activations have mean "
        f"{_SELU[0][0]:.2f} and variance {_SELU[1][0]:.2f}, the last's mean {_SELU[0][-1]:.2f} and "
        f"variance {_SELU[1][-1]:.2f}, with no normalisation layer. ReLU with the same weights loses half "
        f"its second moment a layer: variance {_RELU[1][-1]:.0e} at the last.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "xavier"), ("layers", f"{SELU_LAYERS}"), ("deeper", "selu")),
        "Weight initialisation",
    ),
)

INITIALISATION_SCENES = (
    _scene(
        "tanh-small-init-collapses",
        "Small weights: tanh activations collapse to zero",
        "N(0, 0.01²) weights shrink the activations by the same factor every layer, towards zero.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "small")),
        "Weight initialisation",
    ),
    _scene(
        "tanh-large-init-saturates",
        "Large weights: tanh saturates at ±1",
        "N(0, 1) weights on 500 inputs push almost every unit into tanh's flat tails.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "large")),
        "Weight initialisation",
    ),
    _scene(
        "xavier-keeps-tanh",
        "Xavier keeps tanh's spread",
        "Weights of variance 1/fan_in (with torch's tanh gain) keep the activations' spread layer after "
        "layer.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "xavier_gain")),
        "Weight initialisation",
    ),
    _scene(
        "xavier-halves-relu",
        "Xavier with ReLU halves the variance every layer",
        "ReLU zeroes half of its inputs, so Xavier's variance 1/fan_in loses about half the second moment a "
        "layer.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "xavier")),
        "Weight initialisation",
    ),
    _scene(
        "kaiming-fixes-relu",
        "Kaiming's factor 2 fixes ReLU",
        "Weights of variance 2/fan_in keep ReLU's second moment about constant through the layers.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "kaiming")),
        "Weight initialisation",
    ),
    *DEEP_SCENES,
)
