"""Scenes with per-coordinate learning rates: AdaGrad's stall, RMSprop's fix, Adam's combination.

All three run on the steep ravine of the SGD scenes (kappa = 100) from its default start, at the same
learning rate, so the only difference between the lanes is how the squared gradients are accumulated.
"""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.ravine import STEEP_RAVINE
from scenes.scene import Scene

TOPIC = "Adaptive learning rates"

# One learning rate for the three adaptive lanes: each moves about this far per coordinate at first.
ADAPTIVE_LR = 0.05
# Long enough that AdaGrad's stall is a fact, not an impression (the playground caps runs at 5,000).
LONG_RUN = 1000

ADAGRAD_STALLS = Scene(
    id="adagrad-stalls",
    title="AdaGrad equalises steep and shallow directions, then stalls",
    caption=(
        "AdaGrad divides each coordinate's step by the square root of that coordinate's cache, the sum of "
        "all its past squared gradients. The steep direction gets a small factor and the shallow one a "
        "large one, so the first steps head for the minimum instead of zigzagging. But the cache only "
        "grows: the effective learning rate $\\eta / \\sqrt{G_t}$ falls at every step, and after a thousand "
        "steps the path has stopped far short of the minimum."
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
    check="the effective learning rate never rises on either axis, and after 1,000 steps the distance to the "
    "minimum is still more than half the initial one.",
    topic=TOPIC,
)

RMSPROP_FIXES_ADAGRAD = Scene(
    id="rmsprop-fixes-adagrad",
    title="RMSprop fixes AdaGrad's stall with a decaying average",
    caption=(
        "RMSprop keeps AdaGrad's idea of dividing by the size of recent gradients, but replaces the "
        "ever-growing sum by a moving average that forgets old gradients (decay rate $\\alpha = 0.99$). "
        "Its steps therefore stay about as large as the learning rate for as long as there is progress to "
        "make. At the same learning rate it reaches the minimum while AdaGrad is still stuck far away."
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
        steps=600,  # later, with the gradient ~1e-50, eps-limited RMSprop kicks out briefly: another lesson
    ),
    check="RMSprop settles within 0.01 of the minimum, AdaGrad ends more than 1 away.",
    topic=TOPIC,
)

ADAM_COMBINES = Scene(
    id="adam-combines",
    title="Adam = momentum + RMSprop, with bias correction",
    caption=(
        "Adam keeps two moving averages: of the gradients (the momentum part) and of the squared "
        "gradients (the RMSprop part). Both start at zero and are too small at first; dividing by $1 - "
        "\\beta^t$ corrects this, so the first step moves exactly the learning rate along every coordinate "
        "(without the correction it would be about 3 times larger). Compare its path with momentum's "
        "overshoot and RMSprop's axis-by-axis steps."
    ),
    rules=r"""\begin{aligned}
m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
\hat m_t &= m_t / (1 - \beta_1^t), \quad \hat v_t = v_t / (1 - \beta_2^t) \\
\theta_t &= \theta_{t-1} - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)
\end{aligned}""",
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
    check="Adam's first steps move by the learning rate on each axis, as the bias correction predicts.",
    topic=TOPIC,
)
