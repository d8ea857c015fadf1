"""Scenes in the ravine: plain SGD, momentum and Nesterov momentum on an ill-conditioned bowl.

The ravine is :math:`f(x, y) = \\tfrac12 (x^2 + \\kappa y^2)`: the floor runs along x (curvature 1), the walls
rise along y (curvature kappa). With kappa = 100 the best constant learning rate of plain SGD still needs a
few hundred steps, which is the gap momentum closes.
"""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "SGD and momentum"

# kappa = 100: SGD's best rate 2 / (L + mu) = 2 / 101 contracts the floor by only 0.98 per step.
STEEP_RAVINE = {"condition_number": 100.0}
# Just under 2 / (L + mu): the steep coordinate flips sign at every step and shrinks by |1 - 1.95| = 0.95.
SGD_LR = 0.0195

SGD_ZIGZAG = Scene(
    id="sgd-zigzag",
    title="SGD zigzags across a ravine and crawls along its floor",
    caption=(
        "The valley is 100 times steeper across ($y$) than along ($x$), and the gradient points almost "
        "straight at the nearest wall, not at the minimum. With a learning rate large enough to make "
        "progress, every step jumps across the valley ($y$ changes sign at every step) while $x$ creeps "
        "towards the minimum. A larger learning rate would blow up across the valley and a smaller one "
        "would crawl even slower: the steep direction sets the speed limit for the shallow one."
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
    check="y changes sign at every one of the first 100 steps, while x moves less than a fifth as far per "
    "step and is still more than a tenth of the way out.",
    topic=TOPIC,
)

MOMENTUM_OVERSHOOT = Scene(
    id="momentum-overshoot",
    title="Momentum builds speed along the floor, overshoots, and still settles first",
    caption=(
        "Momentum keeps a velocity, a running sum of past gradients, like a ball rolling downhill. Across "
        "the valley the gradients alternate in sign and cancel; along the floor they agree and add up, so "
        "the ball gathers speed exactly where SGD crawled. It arrives too fast, rolls past the minimum "
        "along $x$ and comes back, yet it settles within tolerance in far fewer steps than SGD."
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
    check="momentum passes x = 0 and comes back; it stays within 0.05 of the minimum after far fewer steps "
    "than SGD.",
    topic=TOPIC,
)

NESTEROV_VS_MOMENTUM = Scene(
    id="nesterov-vs-momentum",
    title="Nesterov momentum looks ahead and overshoots less",
    caption=(
        "Nesterov's method takes the gradient at the point the velocity is about to carry it to, not "
        "where it stands. When the ball is about to overshoot, that look-ahead gradient already points "
        "back and brakes early. With the same learning rate and momentum, it swings less far past the "
        "minimum and settles sooner than classical momentum."
    ),
    rules=r"""\begin{aligned}
&& b_t &= \mu\, b_{t-1} + g_t \\
\text{classical:} && \theta_t &= \theta_{t-1} - \eta\, b_t \\
\text{Nesterov:} && \theta_t &= \theta_{t-1} - \eta\, (g_t + \mu\, b_t)
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("momentum", {"lr": 0.08}, label="classical momentum"),
            Lane("nesterov", {"lr": 0.08}, label="Nesterov momentum"),
        ),
        steps=200,
    ),
    check="Nesterov's overshoot past x = 0 is smaller, and it reaches tolerance in no more steps.",
    topic=TOPIC,
)
