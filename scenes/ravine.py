"""Scenes in the ravine: plain SGD, momentum and Nesterov momentum on an ill-conditioned bowl.

The ravine is :math:`f(x, y) = \\tfrac12 (x^2 + \\kappa y^2)`: the floor runs along x (curvature 1), the walls
rise along y (curvature kappa). With kappa = 100 the best constant learning rate of plain SGD still needs a
few hundred steps, which is the gap momentum closes.
"""

from __future__ import annotations

import optimizers
import surfaces
from playground.state import Lane, PlaygroundState
from scenes.scene import Scene
from surfaces.theory import quadratic_theory

TOPIC = "SGD and momentum"

# kappa = 100: SGD's best rate 2 / (L + mu) = 2 / 101 contracts the floor by only 0.98 per step.
STEEP_RAVINE = {"condition_number": 100.0}
_STEEP = quadratic_theory(surfaces.get("ravine", **STEEP_RAVINE))
KAPPA = _STEEP.condition_number
STEEP_LIMIT = _STEEP.stability_lr
# Just under 2 / (L + mu): the steep coordinate flips sign at every step and shrinks by |1 - 1.95| = 0.95.
SGD_LR = 0.0195
# The momentum optimizer's default momentum, the lecture's 0.9 (the lanes keep it implicit, as the page does).
MOMENTUM = next(p.default for p in optimizers.spec("momentum").params if p.name == "momentum")

# Per step the steep coordinate is multiplied by 1 - lr * lambda_max: close to -1 only near the limit.
ZIGZAG_FACTOR = abs(1 - SGD_LR * _STEEP.eigenvalues.max())
SMALLER_LR = 0.8 * SGD_LR  # the rate of the tests' "lr x0.8", where the zigzag dies out at once
SMALLER_FACTOR = abs(1 - SMALLER_LR * _STEEP.eigenvalues.max())

SGD_ZIGZAG = Scene(
    id="sgd-zigzag",
    title="SGD zigzags across a ravine and crawls along its floor",
    caption=(
        f"The valley is {KAPPA:g} times steeper across ($y$) than along ($x$), and the gradient points "
        "almost straight at the nearest wall, not at the minimum. At lr = "
        f"{SGD_LR:g}, {SGD_LR / STEEP_LIMIT:.1%} of the stability limit $2 / \\lambda_{{\\max}} = "
        f"{STEEP_LIMIT:g}$, every step jumps across: $y$ changes sign and shrinks only by "
        f"$|1 - \\eta \\lambda_{{\\max}}| = {ZIGZAG_FACTOR:.2f}$ per step, so the zigzag lasts dozens of "
        "steps while $x$ creeps towards the minimum. Only a rate this close to the limit zigzags for long: "
        f"at lr = {SMALLER_LR:.3g} $y$ shrinks by {SMALLER_FACTOR:.2f} per step and the zigzag is gone "
        "within ten steps while $x$ crawls even slower, and a rate a quarter larger blows up: the steep "
        "direction sets the speed limit for the shallow one."
    ),
    rules=r"""\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) \\
\theta_t &= \theta_{t-1} - \eta\, g_t \\
\eta &< 2 / \lambda_{\max} \quad \text{(stability)}
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(Lane("sgd", {"lr": SGD_LR}, label="SGD"),),
        steps=120,  # ends visibly short of the minimum: x still at -0.76
    ),
    check="y changes sign at every one of the first 100 steps and shrinks by |1 - lr lambda_max| per step "
    "while x moves monotonically and is still more than a tenth of the way out; the jumps across stay over "
    "1 % of the view for more than 40 steps, at lr x 0.8 for at most 10; lr x 1.25 diverges and lr x 0.8 "
    "ends farther out.",
    topic=TOPIC,
)

MOMENTUM_OVERSHOOT = Scene(
    id="momentum-overshoot",
    title="Momentum builds speed along the floor, overshoots, and still settles first",
    caption=(
        f"Momentum keeps a velocity, a sum of past gradients that decays by $\\mu = {MOMENTUM:g}$ per step, "
        "like a ball rolling downhill. Across the valley the gradients alternate in sign and cancel; along "
        "the floor they agree and add up, so the ball gathers speed exactly where SGD crawled. It arrives "
        "too fast, rolls past the minimum along $x$ and comes back, yet it settles within 0.05 of the "
        "minimum in less than half the steps SGD needs."
    ),
    rules=r"""\begin{aligned}
\text{SGD:} && \theta_t &= \theta_{t-1} - \eta\, g_t \\
\text{momentum:} && b_t &= \mu\, b_{t-1} + g_t \qquad \text{(velocity)} \\
&& \theta_t &= \theta_{t-1} - \eta\, b_t
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(
            Lane("sgd", {"lr": SGD_LR}, label="SGD"),
            Lane("momentum", {"lr": 0.02}, label="SGD + momentum 0.9"),
        ),
        steps=300,
    ),
    check="momentum passes x = 0 by more than 1 and comes back; it stays within 0.05 of the minimum after "
    "less than half the steps SGD needs (or the whole run, where SGD never settles or diverges); also with "
    "the momentum 0.875 or 0.92.",
    topic=TOPIC,
)

NESTEROV_VS_MOMENTUM = Scene(
    id="nesterov-vs-momentum",
    title="Nesterov momentum looks ahead and overshoots less",
    caption=(
        "Nesterov's method takes the gradient at the look-ahead point $x + \\mu v$, where the velocity is "
        "about to carry the ball, not where it stands. torch, and the last line of the rules, store that "
        "look-ahead point itself as $\\theta = x + \\mu v$, so there $g_t$ is simply the gradient at "
        "$\\theta_{t-1}$. When the ball is about to overshoot, the look-ahead gradient already points back "
        "and brakes early: with the same learning rate and momentum it swings less far past the minimum "
        "and settles sooner than classical momentum."
    ),
    rules=r"""\begin{aligned}
\text{classical:} && b_t &= \mu\, b_{t-1} + g_t, \quad \theta_t = \theta_{t-1} - \eta\, b_t \\
\text{lecture:} && v_t &= \mu\, v_{t-1} - \eta \nabla f(x_{t-1} + \mu\, v_{t-1}), \quad x_t = x_{t-1} + v_t \\
\text{torch:} && \theta_t &= \theta_{t-1} - \eta\, (g_t + \mu\, b_t), \quad \theta = x + \mu v
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("momentum", {"lr": 0.08}, label="classical momentum"),
            Lane("nesterov", {"lr": 0.08}, label="Nesterov momentum"),
        ),
        steps=200,
    ),
    check="Nesterov's overshoot past x = 0 is less than 0.8 of classical momentum's, it reaches 0.05 and "
    "0.001 in no more steps (also with the momentum 0.875 or 0.92), and its path is the lecture's look-ahead "
    "recursion in torch's variable.",
    topic=TOPIC,
)
