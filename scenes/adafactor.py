"""The Adafactor scene: on one 2-D point nothing is factorised, and its steps are relative to the point."""

from __future__ import annotations

import optimizers
import surfaces
from playground.state import Lane, PlaygroundState
from scenes import recent
from scenes.scene import Scene

LR, STEPS, CLOSER = 0.05, 300, 10
FAR = tuple(float(v) for v in surfaces.get("ravine").starts[0])
NEAR = (FAR[0] / CLOSER, FAR[1] / CLOSER)
_DEFAULTS = optimizers.get("adafactor").hyperparams

ADAFACTOR_RELATIVE = Scene(
    id="adafactor-relative-steps",
    title="Adafactor's steps are sized relative to the parameters",
    caption=(
        "For a weight matrix Adafactor keeps only the row and column means of $g^2$ ($n + m$ numbers "
        "instead of $n m$) and rebuilds each entry from them; one 2-D point has no rows and columns, so "
        "here nothing is factorised: $v$ is kept per coordinate, as in RMSprop, with no momentum. What the "
        "surface shows is the step: the normalised gradient, clipped to an RMS of at most "
        f"$d = {_DEFAULTS['d']:g}$, times $\\rho_t = \\min(\\eta, 1/\\sqrt{{t}})$ times the parameters' "
        f"own RMS, so no step is longer than {LR:.0%} of the distance to the origin. Started {CLOSER} "
        "times closer to the origin, where this ravine's minimum is, Adafactor walks the same path "
        f"shrunk {CLOSER}-fold, step for step: its steps know no absolute length."
    ),
    rules=r"""\begin{aligned}
v_t &= (1 - t^{c})\, v_{t-1} + t^{c}\, g_t^2, \qquad u_t = g_t / \sqrt{v_t}
  \qquad \text{(per coordinate: a vector is not factorised)} \\
\theta_t &= \theta_{t-1} - \rho_t \operatorname{RMS}(\theta_{t-1})\,
  \frac{u_t}{\max(1,\ \operatorname{RMS}(u_t)/d)}, \qquad \rho_t = \min(\eta, 1/\sqrt{t}) \\
\lVert \Delta\theta_t \rVert &= \rho_t \lVert \theta_{t-1} \rVert \min\bigl(1, \operatorname{RMS}(u_t)/d\bigr)
  \le \rho_t \lVert \theta_{t-1} \rVert \quad (d = 1)
\end{aligned}""",
    state=PlaygroundState(
        surface="ravine",
        lanes=(
            Lane("adafactor", {"lr": LR}, label="Adafactor"),
            Lane("adafactor", {"lr": LR}, start=NEAR, label=f"Adafactor, {CLOSER}x closer to 0"),
        ),
        steps=STEPS,
    ),
    check=f"every step is at most rho_t times the distance to the origin, and the lane started {CLOSER} "
    f"times closer follows the other's path divided by {CLOSER} to 1e-9 at every step, from moved starts "
    "and with lr x0.8 and x1.25.",
    topic=recent.TOPIC,
)
