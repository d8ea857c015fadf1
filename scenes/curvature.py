"""Scenes about curvature: the learning-rate limit 2 / lambda_max, Newton's method and L-BFGS.

The caption of the learning-rate scene quotes the limit computed from the Hessian of its own surface, so the
number on the page is the number the test checks.
"""

from __future__ import annotations

import numpy as np

import surfaces
from playground.state import Lane, PlaygroundState
from scenes.ravine import SGD_LR, STEEP_RAVINE
from scenes.scene import Scene, update_row
from surfaces.theory import quadratic_theory

TOPIC = "Learning rate and curvature"

# The default ravine (condition number 10): its parameters stay implicit, as the page keeps them.
LR_RAVINE: dict = {}
_LR_SURFACE = surfaces.get("ravine", **LR_RAVINE)
_LR_THEORY = quadratic_theory(_LR_SURFACE)
LAMBDA_MAX = float(_LR_THEORY.eigenvalues[-1])
STABILITY_LR = float(_LR_THEORY.stability_lr)
# Ten percent over the limit: close enough to show that "a bit too large" is already fatal.
TOO_LARGE_LR = round(1.1 * STABILITY_LR, 6)
JUST_RIGHT_LR = round(0.9 * STABILITY_LR, 6)
TOO_SMALL_LR = round(0.05 * STABILITY_LR, 6)
LR_STEPS = 100


def covered_fraction(lr: float, steps: int) -> float:
    """How much of the distance to the minimum plain gradient descent covers in ``steps`` steps.

    On a quadratic the error after ``t`` steps is :math:`(I - \\eta H)^t (\\theta_0 - \\theta^*)`: along each
    eigenvector the distance shrinks by :math:`|1 - \\eta \\lambda_i|` per step.
    """
    start = np.asarray(_LR_SURFACE.starts[0], dtype=float) - _LR_THEORY.minimum
    along = _LR_THEORY.eigenvectors.T @ start
    after = (1.0 - lr * _LR_THEORY.eigenvalues) ** steps * along
    return float(1.0 - np.linalg.norm(after) / np.linalg.norm(along))


TOO_SMALL_COVERED = covered_fraction(TOO_SMALL_LR, LR_STEPS)

LEARNING_RATE_TOO_LARGE = Scene(
    id="learning-rate-too-large",
    title="Too large a learning rate diverges, too small crawls, just right converges",
    caption=(
        "Three runs of plain gradient descent differ only in the learning rate $\\eta$. On a quadratic "
        "like this one a step multiplies the distance to the minimum along each eigenvector of the Hessian "
        "by $1 - \\eta\\lambda$, so a run is stable exactly when $\\eta < 2 / \\lambda_{\\max}$ (elsewhere "
        "this holds only near a minimum, and mini-batch noise lowers the limit further). Here "
        f"$\\lambda_{{\\max}} = {LAMBDA_MAX:g}$, so the boundary is "
        f"**lr = 2 / {LAMBDA_MAX:g} = {STABILITY_LR:g}**. Just above it (lr = {TOO_LARGE_LR:g}) the zigzag "
        f"grows until the path leaves the map, just below it (lr = {JUST_RIGHT_LR:g}) it converges, and far "
        f"below it (lr = {TOO_SMALL_LR:g}) it covers only {TOO_SMALL_COVERED:.0%} of the distance in "
        f"{LR_STEPS} steps."
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
        steps=LR_STEPS,
    ),
    check=f"with the lrs scaled by 0.8 or 1.25 or the start moved, a lane diverges exactly when its lr is "
    f"over 2 / lambda_max = {STABILITY_LR:g}; lr = {TOO_SMALL_LR:g} covers {TOO_SMALL_COVERED:.0%} of the "
    "way, as the closed form says.",
    topic=TOPIC,
)

NEWTON_ONE_STEP = Scene(
    id="newton-one-step",
    title="Newton's method jumps to the minimum of a quadratic in one step",
    caption=(
        "Newton's method fits the second-order Taylor expansion at the current point and jumps to the "
        "minimum of that model. On a quadratic the model is the function itself, so one full step "
        "(lr = 1) lands exactly on the minimum, with no learning rate to tune, however narrow the ravine. "
        "The catch is the Hessian: with $n$ parameters it has $n^2$ entries, far too many to store or "
        "invert for a neural network."
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
    check="after one Newton step the distance to the minimum is zero up to rounding, from any start and for "
    "condition numbers 1 to 1,000, while SGD is not within 0.001 after the whole run.",
    topic=TOPIC,
)

NEWTON_AND_LBFGS = Scene(
    id="newton-and-lbfgs",
    title="Second-order methods on Rosenbrock: Newton and L-BFGS against Adam",
    caption=(
        "On the curved Rosenbrock valley Newton's method no longer lands in one step, but it follows the "
        "curvature and needs only a few steps (at most 15 from starts near this one). L-BFGS approximates "
        "the inverse Hessian from the last few gradient differences, so it needs no $n \\times n$ matrix "
        "and still gets within 0.001 of the "
        "minimum in tens of steps, where Adam is not there after a thousand. Hence the lecture's advice: "
        "use Adam by default, and try L-BFGS when you can afford full batches without noise."
    ),
    rules=r"""\begin{aligned}
\text{Newton:} && \theta_t &= \theta_{t-1} - H_t^{-1} g_t \\
\text{L-BFGS:} && \theta_t &= \theta_{t-1} - \alpha_t B_t\, g_t \\
&& B_t &\approx H_t^{-1} \text{ from the last } m \text{ steps} \\
\text{Adam:} && """
    + update_row("adam")
    + r"""
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
    check="steps until the path stays within 0.001 of (1, 1): Newton at most 15 (3 to 13 from a grid of "
    "starts 0.3 around this one), L-BFGS under 100, Adam more than 1,000 or never in the run.",
    topic=TOPIC,
)

LBFGS_BATCH = 10
LBFGS_LANES = (Lane("lbfgs", {"lr": 1.0, "line_search_fn": "strong_wolfe"}, label="L-BFGS (strong Wolfe)"),)

LBFGS_MINIBATCH = Scene(
    id="lbfgs-needs-full-batches",
    title="L-BFGS on mini-batches: its curvature model needs one consistent loss",
    caption=(
        "On the full batch of this unscaled regression (a ravine) L-BFGS lands on the minimum in a handful "
        f"of steps: set the batch size to 0 in the sidebar and see. Here each step sees {LBFGS_BATCH} of the "
        "200 samples, a different loss every time: the line search fits the current batch, the "
        "curvature pairs that make up its Hessian model mix different batches, and the path keeps jumping "
        "around the minimum instead of settling. "
        "That is the lecture's warning: L-BFGS is for full-batch, deterministic problems, and "
        "does not carry over to mini-batch training."
    ),
    rules=r"""\begin{aligned}
\theta_{t+1} &= \theta_t - \alpha_t B_t\, \nabla f_{B_t}(\theta_t) \\
B_t &\approx H^{-1} \text{ from } s_k = \theta_{k+1} - \theta_k, \ y_k = \nabla f_{B_k}(\theta_{k+1})
- \nabla f_{B_k}(\theta_k) \\
f_{B_t} &\ne f_{B_{t+1}}: \ \text{each step, a different loss}
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params={"batch_size": LBFGS_BATCH},
        lanes=LBFGS_LANES,
        steps=150,
    ),
    check="with the full batch it stays within 0.001 of the minimum from step 10 on; with batches of 10 it "
    "never settles within 0.01 and its last 100 points spread over more than 0.02 (0.08-0.15 at the preset).",
    topic=TOPIC,
)
