"""Scenes with per-coordinate learning rates: AdaGrad's stall, RMSprop's fix, Adam's combination.

All three run on the steep ravine of the SGD scenes (kappa = 100) from its default start, at the same
learning rate, so the only difference between the lanes is how the squared gradients are accumulated.
"""

from __future__ import annotations

import math

import optimizers
from playground.state import Lane, PlaygroundState
from scenes.ravine import STEEP_RAVINE
from scenes.scene import Scene

TOPIC = "Adaptive learning rates"


def _default(optimizer: str, name: str):
    """A hyperparameter's default from the optimizer registry (the lanes keep defaults implicit)."""
    return next(p.default for p in optimizers.spec(optimizer).params if p.name == name)


RMSPROP_ALPHA = _default("rmsprop", "alpha")
# RMSprop has no bias correction: v_1 = (1 - alpha) g_1^2, so its first step is lr / sqrt(1 - alpha) per axis.
RMSPROP_FIRST_STEP = 1.0 / math.sqrt(1.0 - RMSPROP_ALPHA)
ADAM_BETAS = _default("adam", "betas")
# Without Adam's bias correction the first step would be lr (1 - beta1) / sqrt(1 - beta2) per axis.
ADAM_UNCORRECTED_FIRST_STEP = (1.0 - ADAM_BETAS[0]) / math.sqrt(1.0 - ADAM_BETAS[1])

# One learning rate for the three adaptive lanes: each moves about this far per coordinate at first.
ADAPTIVE_LR = 0.05
# Long enough that AdaGrad's slowing down is a fact, not an impression (the playground caps runs at 5,000).
LONG_RUN = 1000
# Long enough to see constant-lr RMSprop thrown out of the minimum at least twice, with the start moved and
# the rate changed too (its first kick comes between steps 630 and 1,090).
RMSPROP_RUN = 1500

ADAGRAD_STALLS = Scene(
    id="adagrad-stalls",
    title="AdaGrad equalises steep and shallow directions, then slows to a crawl",
    caption=(
        "AdaGrad divides each coordinate's step by the square root of that coordinate's cache, the sum of "
        "all its past squared gradients. The steep direction gets a small factor and the shallow one a "
        "large one, so the path heads for the minimum without zigzagging. But the cache only grows: the "
        "effective learning rate $\\eta / \\sqrt{G_t}$ falls at every step, each hundred steps gain less "
        f"than the hundred before, and after {LONG_RUN:,} steps the path has covered less than two thirds "
        "of its way to the minimum: it has not stopped, but it crawls."
    ),
    rules=r"""\begin{aligned}
G_t &= G_{t-1} + g_t^2 \qquad \text{(cache)} \\
\theta_t &= \theta_{t-1} - \frac{\eta}{\sqrt{G_t} + \epsilon}\, g_t
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(Lane("adagrad", {"lr": ADAPTIVE_LR}, label="AdaGrad"),),
        steps=LONG_RUN,
    ),
    check="the effective learning rate never rises on either axis, y never changes sign, every hundred steps "
    "gain less than the previous hundred but more than nothing, and the end is more than a third of the "
    "start's distance away (measured 0.49-0.72, also with the start moved and the rate changed together).",
    topic=TOPIC,
)

RMSPROP_FIXES_ADAGRAD = Scene(
    id="rmsprop-fixes-adagrad",
    title="RMSprop fixes AdaGrad's stall with a decaying average",
    caption=(
        "RMSprop keeps AdaGrad's idea of dividing by the size of recent gradients, but replaces the "
        f"ever-growing sum by a moving average that forgets old gradients ($\\alpha = {RMSPROP_ALPHA:g}$); "
        "it has no bias correction, so its first step is "
        f"$\\eta / \\sqrt{{1 - \\alpha}} = {RMSPROP_FIRST_STEP:.3g}\\,\\eta$ on each axis. At the same "
        "learning rate it gets within 0.01 of the minimum in a few hundred steps, when AdaGrad is still "
        "more than 4 away. But with a constant learning rate it does not stay: as the gradients vanish, "
        "the average forgets them, the effective rate $\\eta / \\sqrt{v_t}$ grows until the steep "
        "direction is unstable again, and after several hundred quiet steps the path is thrown back out, "
        "again and again: RMSprop needs a decaying learning rate to converge."
    ),
    rules=r"""\begin{aligned}
\text{AdaGrad:} && G_t &= G_{t-1} + g_t^2 \\
\text{RMSprop:} && v_t &= \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2 \\
\text{both:} && \theta_t &= \theta_{t-1} - \frac{\eta}{\sqrt{G_t \text{ or } v_t} + \epsilon}\, g_t
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(
            Lane("adagrad", {"lr": ADAPTIVE_LR}, label="AdaGrad"),
            Lane("rmsprop", {"lr": ADAPTIVE_LR}, label="RMSprop"),
        ),
        steps=RMSPROP_RUN,
    ),
    check="RMSprop's first step is 10 lr per axis; it is within 0.01 by step 400, when AdaGrad is more "
    "than 4 away, then, more than 300 steps after arriving, it is thrown more than 0.1 out at least twice "
    "in the run, with or without eps.",
    topic=TOPIC,
)

# Adam's second moment averages the squared gradients of about the last 1 / (1 - beta2) steps.
ADAM_MEMORY = round(1.0 / (1.0 - ADAM_BETAS[1]))
# Steps to stay within 0.05 of the minimum at the preset (tests/scenes/test_adaptive.py measures them):
# Adam is the slowest lane of its scene, and the caption says so and why.
ADAM_SETTLES = {"momentum": 97, "rmsprop": 210, "adam": 389}
MOMENTUM_TOP_SPEED = 0.73  # momentum's longest step along the floor, per step (measured)

ADAM_COMBINES = Scene(
    id="adam-combines",
    title="Adam = momentum + RMSprop, with bias correction",
    caption=(
        "Adam keeps moving averages of the gradients, $m_t$ (the momentum part), and of their squares, "
        "$v_t$ (the RMSprop part). Both start at zero; dividing by $1 - \\beta^t$ corrects that, so the "
        "first step moves exactly the learning rate along every coordinate (uncorrected, "
        f"{ADAM_UNCORRECTED_FIRST_STEP:.3g} times that). Here Adam is the slowest lane, "
        f"{ADAM_SETTLES['adam']} steps to stay within 0.05 against {ADAM_SETTLES['momentum']} for momentum "
        f"and {ADAM_SETTLES['rmsprop']} for RMSprop: its step $\\hat m_t / \\sqrt{{\\hat v_t}}$ is never "
        f"longer than lr = {ADAPTIVE_LR:g} per axis, while momentum's reaches {MOMENTUM_TOP_SPEED:g}, and "
        f"$\\hat v_t$, averaged over about {ADAM_MEMORY:,} steps, still holds the large early gradients, so "
        "its steps shrink as the gradient along the floor does."
    ),
    rules=optimizers.spec("adam").latex,  # the rule the inspector shows, written once
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(
            Lane("momentum", {"lr": 0.02}, label="SGD + momentum 0.9"),
            Lane("rmsprop", {"lr": ADAPTIVE_LR}, label="RMSprop"),
            Lane("adam", {"lr": ADAPTIVE_LR}, label="Adam"),
        ),
        steps=400,
    ),
    check="Adam's first steps move by the learning rate on each axis, as the bias correction predicts; it "
    "settles within 0.05 after momentum and RMSprop (or not within the run), no step is longer than lr "
    "on an axis, and over its last 100 steps sqrt(v_hat) is more than 3 times the gradient along the floor.",
    topic=TOPIC,
)
