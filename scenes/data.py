"""Scenes on the data surfaces: averaging noisy iterates, feature scaling, mini-batch noise, weight decay.

They use ``linear_regression``: a two-weight least-squares fit over a seeded synthetic data set whose raw
features have very different scales (a ravine) and which can be standardized (a round bowl). Its mini-batch
gradients are real samples of the data, not added noise.
"""

from __future__ import annotations

import surfaces
from playground.state import Lane, PlaygroundState
from scenes.scene import Scene
from scenes.schedules import TOPIC as AVERAGING_TOPIC
from surfaces.data import FEATURE_MEAN, FEATURE_STD
from surfaces.theory import quadratic_theory

TOPIC = "Data, noise and regularization"

ROUND_BOWL = {"standardize": True}
_RAW = quadratic_theory(surfaces.get("linear_regression"))
_ROUND = quadratic_theory(surfaces.get("linear_regression", **ROUND_BOWL))
# cs231n's "Polyak averaging": x_test = 0.995 x_test + 0.005 x, an exponential moving average.
LECTURE_EMA_DECAY = 0.995
# ...which averages about the last 1 / (1 - decay) points: a window that does not grow with the run
LECTURE_EMA_WINDOW = round(1 / (1 - LECTURE_EMA_DECAY))

ITERATE_AVERAGING = Scene(
    id="iterate-averaging",
    title="Averaging the iterates lands closer than the last noisy one",
    caption=(
        "With one sample per step, SGD never settles: each mini-batch gradient points somewhere else, so "
        "the path keeps wandering around the minimum. The running mean of all the points visited (the "
        "uniform Polyak-Ruppert average, drawn) cancels much of that: over the last 500 steps it is on "
        "average more than twice as close to the minimum as the path, and it has all but stopped. The "
        f"lecture's Polyak averaging, an exponential moving average with decay {LECTURE_EMA_DECAY:g}, "
        f"forgets the start but averages only about the last {LECTURE_EMA_WINDOW} points: it is closer than "
        "the path too, yet farther than the uniform mean, and keeps wandering over a region several times "
        "wider. The theory panel's "
        f"$2 / \\lambda_{{\\max}} = {_ROUND.stability_lr:.2g}$ is the full-batch limit: with batches of 1, "
        "SGD already diverges at about half of it."
    ),
    rules=r"""\begin{aligned}
\theta_t &= \theta_{t-1} - \eta\, \nabla f_{B_t}(\theta_{t-1}), \qquad |B_t| = 1 \\
\bar\theta_t &= \frac{1}{t + 1} \sum_{s=0}^{t} \theta_s \qquad \text{(uniform, drawn)} \\
\tilde\theta_t &= 0.995\, \tilde\theta_{t-1} + 0.005\, \theta_t \qquad \text{(cs231n's EMA)}
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params={"standardize": True, "batch_size": 1},
        lanes=(Lane("sgd", {"lr": 0.3}, label="SGD, batch of 1"),),
        steps=1000,
        average="polyak",
    ),
    check="over the last 500 steps: the uniform average more than twice as close to the minimum as the path "
    "on average and spread less than a tenth as widely; the 0.995 EMA closer than the path, farther than "
    "the uniform average and spread more than 3 times as widely; for ten data seeds; batch-1 SGD diverges "
    "at 0.6 of the limit, not at 0.3.",
    topic=AVERAGING_TOPIC,  # beside the schedules: both are about what the last iterates are worth
)

FEATURE_LANES = (
    Lane("sgd", {"lr": 0.05}, label="SGD, lr = 0.05"),
    Lane("sgd", {"lr": 0.5}, label="SGD, lr = 0.5"),
)

FEATURE_SCALING = Scene(
    id="feature-scaling",
    title="Unscaled features turn the loss into a ravine",
    caption=(
        "The two input features of this linear regression have different means and spreads (about "
        f"{FEATURE_MEAN[0]:g} ± {FEATURE_STD[0]:g} and {FEATURE_MEAN[1]:g} ± {FEATURE_STD[1]:g}), so the "
        "loss over the two weights is a narrow, tilted ravine with condition number "
        f"{_RAW.condition_number:.0f}. A learning rate of 0.5 diverges within a few steps, and 0.05, "
        f"{0.05 / _RAW.stability_lr:.0%} of the stability limit $2 / \\lambda_{{\\max}} = "
        f"{_RAW.stability_lr:.2g}$, needs hundreds of steps to crawl along the floor. The next scene "
        "standardizes the same data."
    ),
    rules=r"""\begin{aligned}
f(w) &= \frac{1}{2n} \sum_i (w^\top a_i - t_i)^2 \\
H &= \frac1n \sum_i a_i a_i^\top \\
\kappa &= \lambda_{\max}(H) / \lambda_{\min}(H)
\end{aligned}""",
    state=PlaygroundState(surface="linear_regression", lanes=FEATURE_LANES, steps=400),
    check="condition number above 50 unscaled and below 1.5 standardized for every data seed; lr = 0.05 "
    "needs over 200 steps to 0.01 unscaled (or never arrives), and lr = 0.5 diverges within 10 steps.",
    topic=TOPIC,
)

FEATURE_SCALING_STANDARDIZED = Scene(
    id="feature-scaling-standardized",
    title="Standardized features make a round bowl",
    caption=(
        "Subtract each feature's mean and divide by its standard deviation, and the same data give a "
        f"nearly round bowl (condition number {_ROUND.condition_number:.2g}) whose gradient points at the "
        "minimum. The same "
        "two lanes now converge: lr = 0.05 in a third of the steps it needed before, and lr = 0.5, which "
        "diverged on the raw features, in about ten. Always preprocess: compute the mean and scale on the "
        "training data and apply the same transform to test data."
    ),
    rules=r"""\begin{aligned}
\hat a_{ij} &= (a_{ij} - \mu_j) / \sigma_j \\
H &= \frac1n \sum_i \hat a_i \hat a_i^\top \approx \text{correlations} \\
\kappa &\approx 1
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression", surface_params=ROUND_BOWL, lanes=FEATURE_LANES, steps=400
    ),
    check="condition number below 1.5; the same lanes settle within 0.01 in a quarter to under half the "
    "raw steps (lr = 0.05) and in 5 to 15 steps (lr = 0.5).",
    topic=TOPIC,
)

MINIBATCH_BATCH_SIZE = 2
# the share of the full-batch limit 2 / lambda_max at which batches of 2 diverge within 1,000 steps, for
# every data seed 0-5 (at 60 % none does; at 70 % four of six)
MINIBATCH_DIVERGES = 0.8

MINIBATCH_NOISE = Scene(
    id="minibatch-noise",
    title="Mini-batch noise: small batches hover in a noise ball",
    caption=(
        f"Each step here sees only {MINIBATCH_BATCH_SIZE} of the 200 samples, so its gradient is a noisy "
        "estimate of the full one. Far from the minimum the signal dominates and the path heads inwards; "
        "near it the noise dominates and the path hovers in a noise ball instead of settling. The ball "
        "shrinks as the batch grows (raise the batch size in the sidebar) and as the learning rate falls "
        "(second lane), at the price of more work per step or a slower approach, and the noise lowers the "
        "stability limit: the theory panel's $2 / \\lambda_{\\max}$ is that of the full batch, and with "
        f"batches of {MINIBATCH_BATCH_SIZE} SGD already diverges at {MINIBATCH_DIVERGES:.0%} of it."
    ),
    rules=r"""\begin{aligned}
\theta_t &= \theta_{t-1} - \eta\, \frac{1}{|B_t|} \sum_{i \in B_t} \nabla f_i(\theta_{t-1}) \\
\operatorname{Var}\big[\nabla f_{B_t}\big] &\approx \frac{1}{|B_t|} \operatorname{Var}\big[\nabla f_i\big]
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params={"standardize": True, "batch_size": MINIBATCH_BATCH_SIZE},
        lanes=(
            Lane("sgd", {"lr": 0.3}, label="SGD, lr = 0.3"),
            Lane("sgd", {"lr": 0.05}, label="SGD, lr = 0.05"),
        ),
        steps=500,
    ),
    check="the spread of the last 200 iterates shrinks as the batch size grows (1, 2, 8, 32, full), the "
    "smaller learning rate hovers in a smaller ball, and batches of 2 diverge at 0.8 of 2 / lambda_max, "
    "not at 0.6, for data seeds 0-5.",
    topic=TOPIC,
)

WEIGHT_DECAY = 0.5

WEIGHT_DECAY_SCENE = Scene(
    id="weight-decay",
    title="L2 regularization pulls the minimum towards the origin; Adam + L2 is not AdamW",
    caption=(
        "Adding $\\tfrac{\\lambda}{2}\\lVert w \\rVert^2$ to the loss moves its minimum towards the origin: "
        "SGD with weight decay 0.5 ends closer to $(0, 0)$ than plain SGD. Adam with L2 adds $\\lambda w$ "
        "to the gradient before its per-coordinate rescaling, so it reaches the same regularized minimum "
        "by its own path. AdamW subtracts $\\eta \\lambda w$ after the rescaling instead, against a step "
        "$\\hat m / \\sqrt{\\hat v}$ of size about 1 whatever the gradient, which can balance the decay only "
        f"where $\\lambda |w_i| \\approx 1$: every coordinate of this minimum is below $1 / \\lambda = "
        f"{1 / WEIGHT_DECAY:g}$, so AdamW does not stop at the regularized minimum but drifts, slowly, "
        "towards the unregularized one, still short of it after these 600 steps and closer the longer it "
        "runs."
    ),
    rules=r"""\begin{aligned}
\tilde f(w) &= f(w) + \tfrac{\lambda}{2} \lVert w \rVert^2 \\
\text{L2:} \ g_t &= \nabla f(w_{t-1}) + \lambda\, w_{t-1} \\
\text{AdamW:} \ w_t &= (1 - \eta \lambda)\, w_{t-1} - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params=ROUND_BOWL,
        lanes=(
            Lane("sgd", {"lr": 0.3}, label="SGD"),
            Lane("sgd", {"lr": 0.3, "weight_decay": WEIGHT_DECAY}, label="SGD + L2 0.5"),
            Lane("adam", {"lr": 0.05, "weight_decay": WEIGHT_DECAY}, label="Adam + L2 0.5"),
            Lane("adamw", {"lr": 0.05, "weight_decay": WEIGHT_DECAY}, label="AdamW 0.5"),
        ),
        start=(-2.5, 0.5),  # off the bowl's diagonal, so that the per-coordinate rescaling bends the paths
        steps=600,
    ),
    check="SGD + L2 and Adam + L2 end at the regularized minimum; AdamW ends more than 0.1 from both minima "
    "after 600 steps and comes closer to the unregularized one at 2,000 and 5,000.",
    topic=TOPIC,
)
