"""Scenes about the shape of the landscape: saddle points and local minima."""

from __future__ import annotations

import itertools
import math

import surfaces
from playground.state import Lane, PlaygroundState
from scenes.scene import Scene

TOPIC = "The shape of the landscape"

# A hair off the ridge y = 0: exactly on it, gradient descent would converge to the saddle and never leave.
RIDGE_START = (-2.5, 1e-6)
SADDLE_LR = 0.05
# Near (0, 0) the offset y grows by 1 + 2 lr per step: each factor of ten nearer the ridge costs this many.
STEPS_PER_DECADE = math.log(10) / math.log(1 + 2 * SADDLE_LR)

SADDLE_ESCAPE = Scene(
    id="saddle-escape",
    title="Gradient descent lingers at a saddle point; noise and momentum escape",
    caption=(
        "Plain gradient descent slides along $x$ into the saddle, where the gradient vanishes, and stays "
        "until its offset from the ridge $y = 0$, growing by "
        f"$1 + 2\\eta = {1 + 2 * SADDLE_LR:g}$ per step, is large: each factor of ten nearer the ridge costs "
        f"about {STEPS_PER_DECADE:.0f} steps more. From this start, a millionth off, it takes over a hundred "
        "steps to leave; from 0.2 off it never comes within 0.5 of the saddle. Momentum compounds the growth "
        "and always leaves first; noise knocks the path off the ridge at every step, so it leaves at the "
        "same step from any start near the ridge, and alone from a start exactly on it, where the other two "
        "converge to the saddle. In high dimensions saddles are far more common than bad local minima."
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
    check="each factor of ten nearer the ridge delays plain gradient descent by ln 10 / ln(1 + 2 lr) steps "
    "(within 2); from the preset it leaves after more than 100 steps, from a start moved 0.18 off it passes "
    "more than 0.5 from the saddle; momentum always leaves first; the noisy lane leaves at the same step "
    "from 1e-7 to 1e-4 off the ridge and, from exactly on it, alone (six seeds); all end in a minimum.",
    topic=TOPIC,
)

# Four starts 1.5 units from Himmelblau's hilltop (-0.27, -0.92), where the four basins meet, each in the
# middle of its basin's arc (at 56, 117, 211 and 325 degrees): moving all four together by up to 0.6 in x
# and y keeps each in its basin (one unit out, a move of 0.5 sent two starts into one basin).
HIMMELBLAU_STARTS = ((0.57, 0.32), (-0.95, 0.41), (-1.56, -1.7), (0.96, -1.78))
HIMMELBLAU_SPREAD = max(math.dist(a, b) for a, b in itertools.combinations(HIMMELBLAU_STARTS, 2))

LOCAL_MINIMA = Scene(
    id="local-minima",
    title="Where you start decides which minimum you reach",
    caption=(
        "Himmelblau's function has four minima of equal depth around a central hill. The same optimizer "
        "with the same learning rate, started from four points around the hilltop no more than "
        f"{HIMMELBLAU_SPREAD:.1f} apart, rolls into four different valleys. "
        "Gradient descent only sees the slope where it stands: it finds a "
        "minimum, not "
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
    check="the four lanes end within 0.001 of four different known minima, also with the starts moved or "
    "the learning rate changed.",
    topic=TOPIC,
)

# Styblinski-Tang is a sum of one quartic per coordinate, each with a deep and a shallow well either side of
# its hump at 0.157: the four minima have three different depths. Starts 0.65 either side of the humps.
_TANG = surfaces.get("styblinski_tang")
TANG_DEPTHS = tuple(float(v) for v in _TANG.value(_TANG.minima))  # deepest first, as the surface lists them
TANG_STARTS = ((-0.5, -0.5), (-0.5, 0.8), (0.8, -0.5), (0.8, 0.8))
TANG_LR = 0.01

BAD_LOCAL_MINIMUM = Scene(
    id="bad-local-minimum",
    title="A bad local minimum: the start decides how good the result is",
    caption=(
        "The Styblinski-Tang function has four minima of different depth: $f = "
        f"{TANG_DEPTHS[0]:.1f}$ (the global one), {TANG_DEPTHS[1]:.1f} (twice) and {TANG_DEPTHS[-1]:.1f}. "
        "Four runs of SGD with the same learning rate, started a little over a unit apart around the "
        "central hump, all converge, each to the minimum of its own quadrant, and the loss panel shows "
        "four flat ends at three heights. On a loss that is not convex the start (the initialisation) "
        "decides how good the result is, not only where it lands: the worst run ends "
        f"{TANG_DEPTHS[-1] - TANG_DEPTHS[0]:.1f} above the best."
    ),
    rules=r"""\begin{aligned}
f(x, y) &= \tfrac12 \left(x^4 - 16 x^2 + 5 x\right) + \tfrac12 \left(y^4 - 16 y^2 + 5 y\right) \\
\theta_t &= \theta_{t-1} - \eta\, \nabla f(\theta_{t-1}) \\
\nabla f(\theta_T) &\approx 0 \ \text{at every minimum, deep or not}
\end{aligned}""",
    state=PlaygroundState(
        surface="styblinski_tang",
        lanes=tuple(
            Lane("sgd", {"lr": TANG_LR}, start=start, label=f"SGD from ({start[0]:g}, {start[1]:g})")
            for start in TANG_STARTS
        ),
        steps=150,
    ),
    check="every lane ends within 0.001 of a minimum with a gradient below 1e-3, the four end losses are "
    "the four depths (best and worst included), also with the starts moved or the learning rate changed.",
    topic=TOPIC,
)
