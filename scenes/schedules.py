"""Scenes about the learning rate over time: decay shrinks the noise ball, warm-up, and cyclic snapshots.

The schedules are torch's (``optimizers.schedules``): step decay, cosine annealing (which climbs back past
``T_max``, as ``CosineAnnealingLR`` does) and linear warm-up. The noise is real mini-batch noise of the
standardized regression data, where a constant rate can only hover.
"""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "Learning-rate schedules and averaging"

NOISY_BOWL = {"standardize": True, "batch_size": 1}
SCHEDULE_LR = 0.3
STEP_SIZE, STEP_GAMMA = 100, 0.3
SCHEDULE_STEPS = 400

LR_SCHEDULES = Scene(
    id="learning-rate-schedules",
    title="Decaying the learning rate shrinks the noise ball a constant rate leaves",
    caption=(
        f"Three runs of SGD with one sample per step start at the same rate, lr = {SCHEDULE_LR:g}. At a "
        "constant rate the path reaches the minimum quickly and then hovers in a noise ball whose size is "
        f"set by the rate. Step decay (times {STEP_GAMMA:g} every {STEP_SIZE} steps) and cosine annealing "
        "(down to zero over the run) keep the fast start and shrink the ball as the rate falls: the last "
        "steps of either spread over a region many times smaller than the constant rate's."
    ),
    rules=r"""\begin{aligned}
\theta_t &= \theta_{t-1} - \eta_t\, \nabla f_{B_t}(\theta_{t-1}) \\
\text{step:} \ \eta_t &= \eta\, \gamma^{\lfloor (t - 1) / s \rfloor} \\
\text{cosine:} \ \eta_t &= \tfrac{\eta}{2} \left(1 + \cos \tfrac{\pi (t - 1)}{T}\right)
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params=NOISY_BOWL,
        lanes=(
            Lane("sgd", {"lr": SCHEDULE_LR}, label="constant"),
            Lane(
                "sgd",
                {"lr": SCHEDULE_LR},
                schedule="step",
                schedule_params={"step_size": STEP_SIZE, "gamma": STEP_GAMMA},
                label="step decay",
            ),
            Lane("sgd", {"lr": SCHEDULE_LR}, schedule="cosine", label="cosine annealing"),
        ),
        steps=SCHEDULE_STEPS,
    ),
    check="the spread of the last 50 iterates of step decay and of cosine is under a tenth of the constant "
    "rate's, and both end nearer the minimum than the constant rate's last 50 points are on average, for "
    "every perturbation and ten data seeds.",
    topic=TOPIC,
)

# A loss that is steep far out and gentle near its minimum: curvature 3 x^2 + 1 along each axis.
STEEP_OUTSIDE = "0.25*(x**4 + y**4) + 0.5*(x**2 + y**2)"
WARMUP_LR = 0.8
WARMUP_FACTOR, WARMUP_STEPS = 0.1, 20

WARMUP = Scene(
    id="learning-rate-warm-up",
    title="Warm-up: small steps first, where the loss is steepest",
    caption=(
        "This loss is steep far from its minimum and gentle near it (curvature $3x^2 + 1$ along $x$). A "
        f"rate of {WARMUP_LR:g} is safe near the minimum but far too large at the start, where the first "
        "step overshoots and every later one overshoots more: the constant-rate run diverges within a few "
        f"steps. Linear warm-up starts at {WARMUP_FACTOR:g} of the rate and reaches the full rate after "
        f"{WARMUP_STEPS} steps, by which time the path is where the full rate is stable, so it arrives "
        f"sooner than a run kept at the safe constant rate {WARMUP_FACTOR * WARMUP_LR:g}."
    ),
    rules=r"""\begin{aligned}
f(x, y) &= \tfrac14 (x^4 + y^4) + \tfrac12 (x^2 + y^2), \quad f_{xx} = 3x^2 + 1 \\
\text{stable where} \ \ \eta_t\, (3x^2 + 1) &< 2 \\
\text{warm-up:} \ \eta_t &= \eta \left(f_0 + (1 - f_0) \min\!\left(1, \tfrac{t - 1}{T_w}\right)\right)
\end{aligned}""",
    state=PlaygroundState(
        surface="custom",
        expression=STEEP_OUTSIDE,
        lanes=(
            Lane("sgd", {"lr": WARMUP_LR}, label=f"constant {WARMUP_LR:g}"),
            Lane(
                "sgd",
                {"lr": WARMUP_LR},
                schedule="warmup",
                schedule_params={"start_factor": WARMUP_FACTOR, "warmup_steps": WARMUP_STEPS},
                label=f"warm-up to {WARMUP_LR:g}",
            ),
            Lane("sgd", {"lr": WARMUP_FACTOR * WARMUP_LR}, label=f"constant {WARMUP_FACTOR * WARMUP_LR:g}"),
        ),
        steps=60,
    ),
    check="the constant large rate diverges within 5 steps, the warm-up lane stays within 0.001 of the "
    "minimum from step 30 or earlier, and the small constant rate is not there by step 60.",
    topic=TOPIC,
)

SNAPSHOT_T = 100
SNAPSHOT_STEPS = 6 * SNAPSHOT_T

SNAPSHOT_ENSEMBLES = Scene(
    id="snapshot-ensembles",
    title="Snapshots at the low points of a cyclic rate: what 2D can show of an ensemble",
    caption=(
        f"Run past its length $T = {SNAPSHOT_T}$, cosine annealing climbs back up, so the rate cycles: "
        f"the path tightens near the minimum at steps {SNAPSHOT_T}, {3 * SNAPSHOT_T} and "
        f"{5 * SNAPSHOT_T}, where the rate is lowest, and spreads out in between. A snapshot ensemble "
        "keeps the model at each low point and averages the predictions of those models, which helps on "
        "a network because its snapshots sit in different minima and make different mistakes. This convex "
        "bowl has one minimum, so its snapshots are noisy copies of one answer: each low point freezes the "
        "path into a tight knot wherever the noise had left it, and the three knots sit at different "
        "points of the noise ball, several times farther apart than each is wide."
    ),
    rules=r"""\begin{aligned}
\eta_t &= \tfrac{\eta}{2} \left(1 + \cos \tfrac{\pi (t - 1)}{T}\right) \quad \text{(low at } t - 1 = T, 3T,
\dots) \\
\hat y(a) &= \frac1K \sum_k w_{(k)}^\top a = \Big(\frac1K \sum_k w_{(k)}\Big)^{\!\top} a \quad
\text{(linear model only)}
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params=NOISY_BOWL,
        lanes=(
            Lane(
                "sgd",
                {"lr": SCHEDULE_LR},
                schedule="cosine",
                schedule_params={"T_max": SNAPSHOT_T},
                label=f"SGD, cosine cycles of {2 * SNAPSHOT_T}",
            ),
        ),
        steps=SNAPSHOT_STEPS,
    ),
    check="the 20 steps around each low point spread less than a quarter as much as those around each high "
    "point, and the centres of those knots are more than 2.5 times their largest spread apart, for ten "
    "data seeds.",
    topic=TOPIC,
)
