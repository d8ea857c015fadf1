"""Scenes for optimizers people ask about now: sign methods (Lion, Rprop), Schedule-Free SGD and Prodigy."""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "Sign steps, averaging without a schedule, learning-rate-free methods"

SIGN_DIAGONALS = Scene(
    id="sign-methods-move-on-diagonals",
    title="Lion and Rprop move on diagonals because they use signs",
    caption=(
        "Lion steps by the sign of a blend of momentum and gradient, so every step moves exactly the "
        "learning rate along both axes: a 45° diagonal, however steep the ravine is. Rprop also uses only "
        "the gradient's sign, with a step length per coordinate that grows while the sign holds: its path is "
        "diagonal until the steep coordinate overshoots and that step length is cut. Gradient descent, "
        "whose step is proportional to the gradient, heads across the ravine instead: its first step is "
        "steeper than the diagonal, it reaches the floor within ten steps and then crawls along it."
    ),
    rules=r"""\begin{aligned}
\text{Lion:} && \theta_t &= \theta_{t-1} - \eta\, \operatorname{sign}(c_t), \quad
  c_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
\text{Rprop:} && \theta_t &= \theta_{t-1} - \Delta_t \operatorname{sign}(g_t), \quad
  \Delta_t = \Delta_{t-1} \cdot \{1.2 \text{ same sign},\ 0.5 \text{ flipped}\} \\
\text{SGD:} && \theta_t &= \theta_{t-1} - \eta\, g_t
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("lion", {"lr": 0.05}, label="Lion"),
            Lane("rprop", {"lr": 0.05}, label="Rprop"),
            Lane("sgd", {"lr": 0.05}, label="SGD"),
        ),
        steps=200,
    ),
    check="every Lion step moves exactly lr in both coordinates; Rprop's first steps are diagonals whose "
    "length grows by 1.2 a step until the first sign flip; SGD's first step is steeper than 45°, and by "
    "step 10 its y is within 1 % of the floor while x is still more than a third of the way out; from "
    "starts moved 1 in x or y and with lr x0.8 and x1.25.",
    topic=TOPIC,
)

SCHEDULE_FREE = Scene(
    id="schedule-free-needs-no-schedule",
    title="Schedule-Free SGD settles like an averaged run, with no schedule",
    caption=(
        "Both lanes get the same noisy gradients at the same constant learning rate, and neither has a "
        "schedule. Schedule-Free SGD takes its gradient at a point that is 90 % its own running average "
        "(and 10 % the fast iterate), so its path scatters far less around the minimum, as an averaged run "
        "does (the Polyak average of SGD is drawn for comparison). Its averaged point x, the one to "
        "evaluate, is drawn dotted beside it."
    ),
    rules=r"""\begin{aligned}
y_t &= (1-\beta)\, z_t + \beta\, x_t, \qquad z_{t+1} = z_t - \eta\, \nabla f(y_t) \\
x_{t+1} &= \Bigl(1 - \tfrac{1}{t+1}\Bigr) x_t + \tfrac{1}{t+1}\, z_{t+1} \qquad \text{(uniform average of } z)
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("sgd", {"lr": 0.05}, noise=2.0, label="SGD, constant lr"),
            Lane("schedule_free_sgd", {"lr": 0.05}, noise=2.0, label="Schedule-Free SGD"),
        ),
        steps=1000,
        average="polyak",
    ),
    check="over the last 300 steps Schedule-Free's path spreads less than 0.7 times as widely as SGD's; "
    "the same holds for 8 noise seeds, a moved start and lr x0.8 and x1.25.",
    topic=TOPIC,
)

# Prodigy's d after 50 steps is more than this multiple of d0 (measured 1.0e6 to 1.8e6 on the ravine)
PRODIGY_GROWTH = 100_000
PRODIGY_SETTLES = 200  # steps within which it stays within 0.01 of the minimum (measured 134 to 139)

PRODIGY = Scene(
    id="prodigy-finds-its-learning-rate",
    title="Prodigy finds its own learning rate",
    caption=(
        "Prodigy starts from a step-size estimate of one millionth and raises it whenever the gradients "
        "show that the minimum lies further away than it has come. Within 50 steps the estimate $d$ has "
        f"grown more than {PRODIGY_GROWTH:,}-fold and levels off; Prodigy crosses the ravine, swings past "
        f"the minimum several times and settles within 0.01 of it in under {PRODIGY_SETTLES} steps, while "
        "Adam at its default learning rate of 0.001 has moved less than one unit from the start. The "
        "inspector shows $d_k$ growing."
    ),
    rules=r"""\begin{aligned}
d_{k+1} &= \max\Bigl(d_k,\ \frac{\sum_i \lambda_i \langle g_i,\ x_0 - x_i \rangle}{\lVert s_k \rVert_1}\Bigr),
  \qquad d_0 = 10^{-6} \\
x_{k+1} &= x_k - d_k\, \eta\, \frac{m_k}{\sqrt{v_k} + d_{k+1}\epsilon} \qquad (\eta = 1)
\end{aligned}""",
    # the ravine, not Rosenbrock: on the banana valley Prodigy's end point jumps between 0.01 and 10 away
    # from the minimum as the start moves by 0.025, so no sentence about where it ends would hold there
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("prodigy", {"lr": 1.0}, label="Prodigy (no learning rate to tune)"),
            Lane("adam", {"lr": 0.001}, label="Adam, default lr 0.001"),
        ),
        steps=300,
    ),
    check=f"d grows more than {PRODIGY_GROWTH:,}-fold in 50 steps, never shrinks and grows less than 10 % "
    f"after; Prodigy stays within 0.01 of the minimum from step {PRODIGY_SETTLES} or earlier; Adam moves "
    "less than 1; from moved starts and with lr x0.8 and x1.25.",
    topic=TOPIC,
)
