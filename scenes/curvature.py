"""Scenes about curvature: the learning-rate limit 2 / lambda_max, Newton's method and L-BFGS.

The caption of the learning-rate scene quotes the limit computed from the Hessian of its own surface, so the
number on the page is the number the test checks.
"""

from __future__ import annotations

import surfaces
from playground.state import Lane, PlaygroundState
from scenes.ravine import SGD_LR, STEEP_RAVINE
from scenes.scene import Scene
from surfaces.theory import quadratic_theory

TOPIC = "Learning rate and curvature"

# The default ravine (condition number 10): its parameters stay implicit, as the page keeps them.
LR_RAVINE: dict = {}
_LR_THEORY = quadratic_theory(surfaces.get("ravine", **LR_RAVINE))
LAMBDA_MAX = float(_LR_THEORY.eigenvalues[-1])
STABILITY_LR = float(_LR_THEORY.stability_lr)
# Ten percent over the limit: close enough to show that "a bit too large" is already fatal.
TOO_LARGE_LR = round(1.1 * STABILITY_LR, 6)
JUST_RIGHT_LR = round(0.9 * STABILITY_LR, 6)
TOO_SMALL_LR = round(0.05 * STABILITY_LR, 6)

LEARNING_RATE_TOO_LARGE = Scene(
    id="learning-rate-too-large",
    title="Too large a learning rate diverges, too small crawls, just right converges",
    caption=(
        "Three runs of plain gradient descent differ only in the learning rate $\\eta$. Along each "
        "eigenvector of the Hessian a step multiplies the distance to the minimum by $1 - \\eta\\lambda$, "
        "so a run is stable exactly when $\\eta < 2 / \\lambda_{\\max}$. Here "
        f"$\\lambda_{{\\max}} = {LAMBDA_MAX:g}$, so the boundary is "
        f"**lr = 2 / {LAMBDA_MAX:g} = {STABILITY_LR:g}**. Just above it (lr = {TOO_LARGE_LR:g}) the zigzag "
        f"grows until the path leaves the map, far below it (lr = {TOO_SMALL_LR:g}) the path barely moves, "
        f"and just below it (lr = {JUST_RIGHT_LR:g}) it converges."
    ),
    rules=rf"""\begin{{aligned}}
\theta_t - \theta^* &= (I - \eta H)\,(\theta_{{t-1}} - \theta^*) \\
|1 - \eta \lambda_i| < 1 &\iff \eta < 2 / \lambda_{{\max}} \\
2 / \lambda_{{\max}} &= 2 / {LAMBDA_MAX:g} = {STABILITY_LR:g}
\end{{aligned}}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=LR_RAVINE,
        lanes=(
            Lane("sgd", {"lr": TOO_LARGE_LR}, label=f"lr = {TOO_LARGE_LR:g} (too large)"),
            Lane("sgd", {"lr": TOO_SMALL_LR}, label=f"lr = {TOO_SMALL_LR:g} (too small)"),
            Lane("sgd", {"lr": JUST_RIGHT_LR}, label=f"lr = {JUST_RIGHT_LR:g} (just right)"),
        ),
        steps=100,
    ),
    check=f"lr = {TOO_LARGE_LR:g} diverges, lr = {TOO_SMALL_LR:g} is still far away after 100 steps, "
    f"lr = {JUST_RIGHT_LR:g} converges; the boundary 2 / lambda_max = {STABILITY_LR:g} lies between them.",
    topic=TOPIC,
)

NEWTON_ONE_STEP = Scene(
    id="newton-one-step",
    title="Newton's method jumps to the minimum of a quadratic in one step",
    caption=(
        "Newton's method fits the second-order Taylor expansion at the current point and jumps to the "
        "minimum of that model. On a quadratic the model is the function itself, so one step lands "
        "exactly on the minimum, with no learning rate to tune, however narrow the ravine. The catch is "
        "the Hessian: with $n$ parameters it has $n^2$ entries, far too many to store or invert for a "
        "neural network."
    ),
    rules=r"""\begin{aligned}
f(\theta_t + d) &\approx f(\theta_t) + g_t^\top d + \tfrac12 d^\top H_t\, d \\
\theta_{t+1} &= \theta_t - H_t^{-1} g_t
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        surface_params=STEEP_RAVINE,
        lanes=(
            Lane("newton", {"lr": 1.0}, label="Newton"),
            Lane("sgd", {"lr": SGD_LR}, label="SGD"),
        ),
        steps=100,
    ),
    check="after one Newton step the distance to the minimum is zero up to rounding.",
    topic=TOPIC,
)

NEWTON_AND_LBFGS = Scene(
    id="newton-and-lbfgs",
    title="Second-order methods on Rosenbrock: Newton and L-BFGS against Adam",
    caption=(
        "On the curved Rosenbrock valley Newton's method no longer lands in one step, but it follows the "
        "curvature and needs only a handful. L-BFGS approximates the inverse Hessian from the last few "
        "gradient differences, so it needs no $n \\times n$ matrix and still reaches the minimum in tens "
        "of steps, where Adam needs over a thousand. Hence the lecture's advice: use Adam by default, and "
        "try L-BFGS when you can afford full batches without noise."
    ),
    rules=r"""\begin{aligned}
\text{Newton:} && \theta_{t+1} &= \theta_t - H_t^{-1} g_t \\
\text{L-BFGS:} && \theta_{t+1} &= \theta_t - \alpha_t B_t\, g_t \\
&& B_t &\approx H_t^{-1} \text{ from the last } m \text{ steps} \\
\text{Adam:} && \theta_{t+1} &= \theta_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)
\end{aligned}""",
    state=PlaygroundState(
        surface="rosenbrock",
        lanes=(
            Lane("newton", {"lr": 1.0}, label="Newton"),
            Lane("lbfgs", {"lr": 1.0, "line_search_fn": "strong_wolfe"}, label="L-BFGS (strong Wolfe)"),
            Lane("adam", {"lr": 0.05}, label="Adam"),
        ),
        steps=1500,
    ),
    check="steps until the path stays within 0.001 of (1, 1): L-BFGS needs far fewer than Adam.",
    topic=TOPIC,
)
