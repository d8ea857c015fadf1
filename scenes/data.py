"""Scenes on the data surfaces: averaging noisy iterates, feature scaling, mini-batch noise, weight decay.

They use ``linear_regression``: a two-weight least-squares fit over a seeded synthetic data set whose raw
features have very different scales (a ravine) and which can be standardized (a round bowl). Its mini-batch
gradients are real samples of the data, not added noise.
"""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "Data, noise and regularization"

ROUND_BOWL = {"standardize": True}

ITERATE_AVERAGING = Scene(
    id="iterate-averaging",
    title="Averaging the iterates lands closer than the last noisy one",
    caption=(
        "With one sample per step, SGD never settles: each mini-batch gradient points somewhere else, so "
        "the path keeps wandering around the minimum. The running average of all the points visited "
        "(Polyak averaging) cancels much of that wandering and ends far closer to the "
        "minimum than the last point. Averaging the weights of checkpoints, or ensembling models, helps "
        "for the same reason."
    ),
    rules=r"""\begin{aligned}
\theta_t &= \theta_{t-1} - \eta\, \nabla f_{B_t}(\theta_{t-1}), \qquad |B_t| = 1 \\
\bar\theta_t &= \frac{1}{t + 1} \sum_{s=0}^{t} \theta_s \qquad \text{(Polyak average)}
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params={"standardize": True, "batch_size": 1},
        lanes=(Lane("sgd", {"lr": 0.3}, label="SGD, batch of 1"),),
        steps=1000,
        average="polyak",
    ),
    check="the Polyak average ends at least 3 times closer to the minimum than the last iterate, and closer "
    "for each of 8 data seeds.",
    topic=TOPIC,
)

FEATURE_LANES = (
    Lane("sgd", {"lr": 0.05}, label="SGD, lr = 0.05"),
    Lane("sgd", {"lr": 0.5}, label="SGD, lr = 0.5"),
)

FEATURE_SCALING = Scene(
    id="feature-scaling",
    title="Unscaled features turn the loss into a ravine",
    caption=(
        "The two input features of this linear regression have different means and spreads (about 1 ± 0.5 "
        "and 5 ± 2), so the loss over the two weights is a narrow, tilted ravine with condition number "
        "about 90. A learning rate of 0.5 diverges within a few steps, and 0.05, just under the stability "
        "limit, needs hundreds of steps to crawl along the floor. The next scene standardizes the same "
        "data."
    ),
    rules=r"""\begin{aligned}
f(w) &= \frac{1}{2n} \sum_i (w^\top a_i - t_i)^2 \\
H &= \frac1n \sum_i a_i a_i^\top \\
\kappa &= \lambda_{\max}(H) / \lambda_{\min}(H)
\end{aligned}""",
    state=PlaygroundState(surface="linear_regression", lanes=FEATURE_LANES, steps=400),
    check="condition number above 50 unscaled and below 1.5 standardized; lr = 0.05 needs at least twice as "
    "many steps to tolerance unscaled, and lr = 0.5 diverges unscaled but converges standardized.",
    topic=TOPIC,
)

FEATURE_SCALING_STANDARDIZED = Scene(
    id="feature-scaling-standardized",
    title="Standardized features make a round bowl",
    caption=(
        "Subtract each feature's mean and divide by its standard deviation, and the same data give a "
        "nearly round bowl (condition number about 1.1) whose gradient points at the minimum. The same "
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
    check="condition number below 1.5; the same lanes settle within 0.01 of the minimum in less than half "
    "the steps (lr = 0.05) and within 20 steps (lr = 0.5).",
    topic=TOPIC,
)

MINIBATCH_BATCH_SIZE = 2

MINIBATCH_NOISE = Scene(
    id="minibatch-noise",
    title="Mini-batch noise: small batches hover in a noise ball",
    caption=(
        "Each step here sees only 2 of the 200 samples, so its gradient is a noisy estimate of the full "
        "one. Far from the minimum the signal dominates and the path heads inwards; near it the noise "
        "dominates and the path hovers in a noise ball instead of settling. The ball shrinks as the batch "
        "grows (raise the batch size in the sidebar) and as the learning rate falls (second lane), at the "
        "price of more work per step or a slower approach."
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
    check="the spread of the last 200 iterates shrinks as the batch size grows (1, 2, 8, 32, full), and "
    "the smaller learning rate hovers in a smaller ball.",
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
        "by its own path. AdamW subtracts $\\eta \\lambda w$ after the rescaling instead: it stops where "
        "the rescaled gradient balances the decay, which is neither minimum, so its path and its end "
        "point differ from those of Adam with L2."
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
    check="SGD + L2 and Adam + L2 end at the regularized minimum, closer to the origin than the plain one; "
    "AdamW's path separates from Adam + L2's and ends elsewhere.",
    topic=TOPIC,
)
