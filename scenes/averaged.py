"""Scenes of optimizers whose answer is an averaged point of their own: ASGD and Schedule-Free AdamW.

The playground draws that point (``OptimizerSpec.averaged_field``) dotted beside the path, so both points of
the method are on the map: the path, where the gradients are taken, and the average, the point to evaluate.
"""

from __future__ import annotations

import optimizers
from playground.state import Lane, PlaygroundState
from scenes import recent
from scenes.scene import Scene
from scenes.schedules import TOPIC as AVERAGING_TOPIC

ASGD_LR, ASGD_T0, ASGD_STEPS, NOISE = 0.05, 200.0, 1000, 2.0
TAIL = 300  # the last steps over which the scene tests compare distances
# ASGD's average spreads less than 1/ASGD_CALMER as widely as its iterates over the last TAIL steps (measured
# 0.025-0.13 over noise seeds 0-19, lr x0.8, x1, x1.25; its distance to the minimum: 0.04-0.73 times theirs)
ASGD_CALMER = 5
_ASGD = optimizers.get("asgd", lr=ASGD_LR, t0=ASGD_T0).hyperparams
# eta_T = eta / (1 + lambda eta T)^alpha: how much ASGD's step size has shrunk at the end of the run
ASGD_SHRINK = 1 - (1 + _ASGD["lambd"] * ASGD_LR * ASGD_STEPS) ** -_ASGD["alpha"]

ASGD_AVERAGE = Scene(
    id="asgd-averages-from-t0",
    title="ASGD's answer is the average of its noisy iterates since step t0",
    caption=(
        "ASGD is SGD whose step size shrinks as $\\eta / (1 + \\lambda\\eta t)^{\\alpha}$: at the default "
        f"$\\lambda = {_ASGD['lambd']:g}$ by only {ASGD_SHRINK:.1%} over these {ASGD_STEPS} steps, so its "
        "path is as noisy as the SGD lane's. Its answer is the running mean of its iterates since step "
        f"$t_0 = {ASGD_T0:g}$, drawn dotted: the Polyak average of the iterate-averaging scene, begun at "
        "$t_0$ instead of at the start, so the walk down from the start does not weigh on it (the SGD lane "
        f"draws the Polyak average from step 0). Over the last {TAIL} steps ASGD's average is nearer the "
        f"minimum than its own iterates, on average, and wanders less than 1/{ASGD_CALMER} as widely: a "
        "tight knot, though not always on the minimum, as the noise of the steps it averages does not cancel "
        "fully."
    ),
    rules=r"""\begin{aligned}
\theta_t &= \theta_{t-1}(1 - \lambda\eta_{t-1}) - \eta_{t-1}\, g_t, \qquad
  \eta_t = \eta\,(1 + \lambda\eta t)^{-\alpha} \\
\bar\theta_t &= \bar\theta_{t-1} + \mu_{t-1}\,(\theta_t - \bar\theta_{t-1}), \qquad
  \mu_t = 1 / \max(1,\ t - t_0) \quad \text{(the mean of the iterates since } t_0) \\
\bar\theta^{\,\mathrm{Polyak}}_t &= \tfrac{1}{t+1} \textstyle\sum_{s=0}^{t} \theta_s
  \quad \text{(from the start)}
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("sgd", {"lr": ASGD_LR}, noise=NOISE, label="SGD, Polyak average from step 0"),
            Lane("asgd", {"lr": ASGD_LR, "t0": ASGD_T0}, noise=NOISE, label="ASGD, average since t0"),
        ),
        steps=ASGD_STEPS,
        average="polyak",
    ),
    check=f"ASGD's average equals its iterate until t0 and is then exactly the mean of the iterates since "
    f"t0; over the last {TAIL} steps it is nearer the minimum than those iterates on average (at most 0.8 "
    f"times as far) and spreads less than 1/{ASGD_CALMER} as widely, for 10 noise seeds, moved starts and "
    "lr x0.8 and x1.25; ASGD's path stays within 0.01 of SGD's.",
    topic=AVERAGING_TOPIC,
)

SF_ADAMW_LR, SF_ADAMW_STEPS = 0.05, 1000
SF_BETA1 = optimizers.get("schedule_free_adamw").hyperparams["betas"][0]
SMOOTHER = 50  # the averaged point turns at least this many times less than y from step to step
LAG_STEP = 100

SCHEDULE_FREE_ADAMW = Scene(
    id="schedule-free-adamw-two-points",
    title="Schedule-Free AdamW: gradients at y, the answer at its average x",
    caption=(
        "Schedule-Free AdamW takes its gradients at $y$ (the solid path), which sits "
        f"{SF_BETA1:.0%} of the way from the fast, Adam-normalised sequence $z$ to the average $x$; $x$, "
        "the point to evaluate, is drawn dotted. Being the plain mean of every $z$ since the start, $x$ is "
        f"smooth: over the last {TAIL} steps its step changes from one step to the next by less than "
        f"1/{SMOOTHER} as much as $y$'s, which jitter with the noise. The price of averaging without a "
        f"schedule shows in the long descent: at step {LAG_STEP} both $x$ and $y$ are still farther from "
        "the minimum than AdamW at the same constant learning rate."
    ),
    rules=r"""\begin{aligned}
y_t &= (1-\beta_1)\, z_t + \beta_1 x_t, \qquad
  z_{t+1} = z_t - \eta\, \frac{g_t}{\sqrt{v_t / (1-\beta_2^t)} + \epsilon}, \quad g_t = \nabla f(y_t) \\
x_{t+1} &= \Bigl(1 - \tfrac{1}{t+1}\Bigr) x_t + \tfrac{1}{t+1}\, z_{t+1} \qquad \text{(uniform average of } z)
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("adamw", {"lr": SF_ADAMW_LR}, noise=NOISE, label="AdamW, constant lr"),
            Lane("schedule_free_adamw", {"lr": SF_ADAMW_LR}, noise=NOISE, label="Schedule-Free AdamW"),
        ),
        steps=SF_ADAMW_STEPS,
    ),
    check=f"y = 0.1 z + 0.9 x at every step; x's mean turn over the last {TAIL} steps is under 1/{SMOOTHER} "
    f"of y's; at step {LAG_STEP} x and y are farther from the minimum than AdamW; for 4 noise seeds, moved "
    "starts and lr x0.8 and x1.25.",
    topic=recent.TOPIC,
)
