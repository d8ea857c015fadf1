"""Scenes about the shape of the landscape: saddle points and local minima."""

from __future__ import annotations

from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "The shape of the landscape"

# A hair off the ridge y = 0: exactly on it, gradient descent would converge to the saddle and never leave.
RIDGE_START = (-2.5, 1e-6)
SADDLE_LR = 0.05

SADDLE_ESCAPE = Scene(
    id="saddle-escape",
    title="Gradient descent lingers at a saddle point; noise and momentum escape",
    caption=(
        "Started on the ridge, plain gradient descent slides along $x$ into the saddle, where the "
        "gradient is almost zero, and waits there while its tiny offset in $y$ grows by only 10% per "
        "step. Gradient noise kicks it off the ridge at once, and momentum compounds the growth, so both "
        "leave the saddle long before plain gradient descent does. In high dimensions saddle points are "
        "far more common than bad local minima, which is why this matters."
    ),
    rules=r"""\begin{aligned}
f(x, y) &= x^2 - y^2 + \tfrac14 y^4 \\
\text{near } (0, 0)\!: \ y_t &= (1 + 2\eta)\, y_{t-1} \\
\text{noise:} \ g_t &\to g_t + \sigma \xi_t \\
\text{momentum:} \ b_t &= \mu\, b_{t-1} + g_t
\end{aligned}""",
    state=PlaygroundState(
        surface="saddle",
        lanes=(
            Lane("sgd", {"lr": SADDLE_LR}, label="gradient descent"),
            Lane("sgd", {"lr": SADDLE_LR}, noise=0.3, seed=1, label="gradient descent + noise"),
            Lane("momentum", {"lr": SADDLE_LR}, label="SGD + momentum 0.9"),
        ),
        start=RIDGE_START,
        steps=250,
    ),
    check="steps spent within 0.5 of the saddle: plain gradient descent more than twice as many as either "
    "the noisy or the momentum lane, and all three end in a minimum.",
    topic=TOPIC,
)

# Four starts half a unit apart, around Himmelblau's central hill: each rolls into a different valley.
HIMMELBLAU_STARTS = ((0.0, -0.5), (-0.5, -0.5), (-0.5, -1.0), (0.0, -1.0))

LOCAL_MINIMA = Scene(
    id="local-minima",
    title="Where you start decides which minimum you reach",
    caption=(
        "Himmelblau's function has four minima of equal depth around a central hill. The same optimizer "
        "with the same learning rate, started from four points only half a unit apart, rolls into four "
        "different valleys. Gradient descent only sees the slope where it stands: it finds a minimum, not "
        "the minimum, and the start point (the initialisation) decides which one."
    ),
    rules=r"""\begin{aligned}
f(x, y) &= (x^2 + y - 11)^2 + (x + y^2 - 7)^2 \\
\theta_t &= \theta_{t-1} - \eta\, \nabla f(\theta_{t-1})
\end{aligned}""",
    state=PlaygroundState(
        surface="himmelblau",
        lanes=tuple(
            Lane("sgd", {"lr": 0.01}, start=start, label=f"SGD from ({start[0]:g}, {start[1]:g})")
            for start in HIMMELBLAU_STARTS
        ),
        steps=300,
    ),
    check="the four lanes end within 0.001 of four different known minima.",
    topic=TOPIC,
)
