"""Newton's method: rescale the gradient by the inverse Hessian, with an explicit rule for negative curvature.

.. math::

    \\nabla^2 f(x_k) = V \\Lambda V^\\top, \\qquad
    x_{k+1} = x_k - \\eta\\, V\\, \\tilde\\Lambda^{-1} V^\\top g_k

with step size :math:`\\eta` (``lr``, default 1), damping :math:`\\delta` (``damping``, default 0) and
:math:`\\tilde\\Lambda` the curvatures after the ``negative_curvature`` rule:

- ``"saddle_free"`` (default): :math:`\\tilde\\lambda_i = \\max(|\\lambda_i|, \\epsilon) + \\delta`, the
  saddle-free Newton method (Dauphin et al., 2014: :math:`|H| + \\delta I`). Along a direction of negative
  curvature the step goes downhill instead of uphill, so Newton escapes saddles; where the Hessian is
  positive definite with eigenvalues above :math:`\\epsilon` it is damped Newton.
- ``"gradient"``: where :math:`H + \\delta I` has an eigenvalue below :math:`\\epsilon` (not safely
  positive definite), take a gradient step :math:`-\\eta g_k` instead; damped Newton elsewhere.
- ``"none"``: plain (damped) Newton, :math:`\\tilde\\lambda_i = \\lambda_i + \\delta`. It solves
  :math:`\\nabla f = 0` and does not care whether that point is a minimum: on :math:`x^2 - y^2` it jumps
  onto the saddle in one step. A singular Hessian gives a non-finite step, which the run loop records as
  divergence.

:math:`\\epsilon` is ``eigenvalue_floor`` (default 1e-2: below the smallest curvature at the minimum of
every built-in surface, about 0.07, and large enough that a flat region cannot fling the point far away).
On a quadratic with positive-definite Hessian and ``lr=1``, ``damping=0``, one step lands on the minimum.
Damping shortens every step and interpolates towards gradient descent with step :math:`\\eta/\\delta`
(Levenberg-Marquardt style); with ``saddle_free`` it is added after the absolute value, so it shortens
steps along negative curvature too.

Everything is vectorized over a batch of points ``(..., d)`` for any ``d`` (batched ``eigh``); the Hessian
comes from ``objective.hessian`` (the same mini-batch as the gradient). Torch has no Newton optimizer, so
there is nothing to match; the tests check the closed forms instead.

Example::

    opt = optimizers.get("newton", damping=0.1)
    path = optimizers.run(opt, surfaces.get("rosenbrock"), start=(-1.5, 2.0), steps=20)

References: Nocedal & Wright, *Numerical Optimization* (2006), ch. 3.4; Dauphin et al., "Identifying and
attacking the saddle point problem in high-dimensional non-convex optimization", NeurIPS 2014.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from paramspec import Param

from .base import OptimizerSpec, UpdateRule, as_float, check, check_lr, lr_param

__all__ = ["NEGATIVE_CURVATURE_RULES", "SPEC", "NewtonState", "newton", "newton_direction"]

NEGATIVE_CURVATURE_RULES = ("saddle_free", "gradient", "none")


class NewtonState(NamedTuple):
    """What the inspector shows after a Newton step; ``...`` is the batch of points."""

    hessian: np.ndarray  # (..., d, d) the Hessian at x_k (undamped)
    eigenvalues: np.ndarray  # (..., d) eigenvalues of the Hessian (undamped), ascending
    min_eigenvalue: np.ndarray  # (...,) the smallest of them: negative at a saddle or a maximum
    curvature_modified: np.ndarray  # (...,) bool: the negative-curvature rule changed this step
    newton_direction: np.ndarray  # (..., d) the direction taken before the step size, -H~^{-1} g
    inverse_hessian_diag: np.ndarray  # (..., d) diagonal of the inverse the step used (1 for a gradient step)


def newton(*, lr: float, damping: float, negative_curvature: str, eigenvalue_floor: float) -> UpdateRule:
    """Newton's method (see the module docstring for the math and the negative-curvature rules).

    Args:
      lr: step size along the Newton direction, default 1 (a full Newton step).
      damping: added to the Hessian's diagonal before solving, default 0.
      negative_curvature: ``"saddle_free"`` (default), ``"gradient"`` or ``"none"`` (plain Newton).
      eigenvalue_floor: smallest curvature used by the rules, default 1e-2.
    """
    check_lr(lr)
    check("Invalid damping value", damping, lambda v: v >= 0.0)
    if negative_curvature not in NEGATIVE_CURVATURE_RULES:
        raise ValueError(
            f"Invalid negative_curvature value: {negative_curvature!r}; "
            f"choose one of {', '.join(NEGATIVE_CURVATURE_RULES)}"
        )
    check("Invalid eigenvalue_floor value", eigenvalue_floor, lambda v: v > 0.0)
    lr, damping, eigenvalue_floor = as_float(lr), as_float(damping), as_float(eigenvalue_floor)

    def init(params) -> NewtonState:
        params = np.asarray(params, dtype=float)
        batch, d = params.shape[:-1], params.shape[-1]
        return NewtonState(
            hessian=np.zeros((*batch, d, d)),
            eigenvalues=np.zeros(params.shape),
            min_eigenvalue=np.zeros(batch),
            curvature_modified=np.zeros(batch, dtype=bool),
            newton_direction=np.zeros(params.shape),
            inverse_hessian_diag=np.ones(params.shape),
        )

    def update(grads, state: NewtonState, params, *, lr: float = lr, objective: Any = None):
        grads = np.asarray(grads, dtype=float)
        if not hasattr(objective, "hessian"):
            raise TypeError("newton needs the step's objective: update(..., objective=...) with hessian(p)")
        hessian = np.broadcast_to(
            np.asarray(objective.hessian(params), dtype=float), (*grads.shape, grads.shape[-1])
        )
        with np.errstate(all="ignore"):
            direction, eigenvalues, modified, inverse_diag = newton_direction(
                grads, hessian, damping=damping, rule=negative_curvature, floor=eigenvalue_floor
            )
            updates = lr * direction
        new_state = NewtonState(
            hessian=np.array(hessian),
            eigenvalues=eigenvalues,
            min_eigenvalue=eigenvalues[..., 0],
            curvature_modified=modified,
            newton_direction=direction,
            inverse_hessian_diag=inverse_diag,
        )
        return updates, new_state

    def effective_lr(state: NewtonState, lr: float) -> np.ndarray:
        """``lr * diag(H~^{-1})``: per axis, the step per unit of gradient when the Hessian is diagonal.

        For a non-diagonal Hessian the off-diagonal terms also mix the gradient's components; the full
        direction is the state field ``newton_direction``.
        """
        return lr * state.inverse_hessian_diag

    return UpdateRule(init, update, effective_lr)


def newton_direction(grads, hessian, *, damping=0.0, rule="saddle_free", floor=1e-2):
    """The Newton step direction, the Hessian's eigenvalues, whether the rule fired and ``diag(H~^{-1})``.

    Gradients ``(..., d)``, Hessians ``(..., d, d)``.

    ``direction = -V diag(1 / lambda~) V^T g`` with ``lambda~`` from ``rule``; points whose Hessian or
    gradient is not finite get NaN (the caller records divergence) without ``eigh`` ever seeing them.
    """
    grads = np.asarray(grads, dtype=float)
    d = grads.shape[-1]
    finite = np.isfinite(hessian).all(axis=(-2, -1)) & np.isfinite(grads).all(axis=-1)
    eigenvalues, vectors = symmetric_eigh(np.where(finite[..., None, None], hessian, np.eye(d)))
    if rule == "saddle_free":
        curvature = np.maximum(np.abs(eigenvalues), floor) + damping
        modified = (eigenvalues < floor).any(axis=-1)
    elif rule == "gradient":
        curvature = eigenvalues + damping
        modified = curvature[..., 0] < (floor[..., 0] if np.ndim(floor) else floor)
    else:
        curvature = eigenvalues + damping
        modified = np.zeros(eigenvalues.shape[:-1], dtype=bool)
    inverse_curvature = 1.0 / curvature
    # V diag(1/lambda~) V^T g, and the diagonal of V diag(1/lambda~) V^T, without forming the matrix
    coordinates = np.einsum("...ji,...j->...i", vectors, grads)
    direction = -np.einsum("...ij,...j->...i", vectors, inverse_curvature * coordinates)
    inverse_diag = np.einsum("...ij,...j->...i", vectors**2, inverse_curvature)
    if rule == "gradient":
        direction = np.where(modified[..., None], -grads, direction)
        inverse_diag = np.where(modified[..., None], 1.0, inverse_diag)
    nan = ~finite[..., None]
    return (
        np.where(nan, np.nan, direction),
        np.where(nan, np.nan, eigenvalues),
        modified & finite,
        np.where(nan, np.nan, inverse_diag),
    )


def symmetric_eigh(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.linalg.eigh`` (ascending eigenvalues, eigenvectors as columns), in closed form for 2x2 matrices.

    For ``[[a, b], [b, c]]``: :math:`\\lambda = \\tfrac{a+c}{2} \\mp \\sqrt{(\\tfrac{a-c}{2})^2 + b^2}`,
    and the eigenvector of the larger one at angle
    :math:`\\theta = \\tfrac12 \\operatorname{atan2}(2b, a - c)`.
    About twice as fast as LAPACK's batched ``eigh`` on a batch of 2x2 matrices (a basin picture: thousands
    of start points); a single matrix goes to LAPACK.
    """
    if matrix.shape[-1] != 2 or matrix.ndim == 2:  # one matrix: LAPACK costs less than a dozen ufuncs
        return np.linalg.eigh(matrix)
    a, b, c = matrix[..., 0, 0], matrix[..., 0, 1], matrix[..., 1, 1]
    mean = 0.5 * (a + c)
    radius = np.hypot(0.5 * (a - c), b)
    theta = 0.5 * np.arctan2(2.0 * b, a - c)
    cos, sin = np.cos(theta), np.sin(theta)
    # an axis-aligned Hessian (ravine, saddle) gets exact eigenpairs: cos(pi/2) is 6e-17, not 0
    aligned = b == 0
    cos = np.where(aligned, a >= c, cos)
    sin = np.where(aligned, a < c, sin)
    low = np.where(aligned, np.minimum(a, c), mean - radius)
    high = np.where(aligned, np.maximum(a, c), mean + radius)
    eigenvalues = np.stack([low, high], axis=-1)
    vectors = np.stack([np.stack([-sin, cos], axis=-1), np.stack([cos, sin], axis=-1)], axis=-1)
    return eigenvalues, vectors


SPEC = OptimizerSpec(
    name="newton",
    title="Newton",
    description="Rescale the gradient by the inverse Hessian: one step to the minimum of a quadratic bowl.",
    latex=r"\begin{aligned} \nabla^2 f(x_k) &= V \Lambda V^\top \\ "
    r"\tilde\lambda_i &= \max(|\lambda_i|, \epsilon) + \delta \quad (\text{saddle-free}) \\ "
    r"x_{k+1} &= x_k - \eta\, V \tilde\Lambda^{-1} V^\top \nabla f(x_k) \end{aligned}",
    params=(
        lr_param(1.0),
        Param(
            "damping",
            0.0,
            low=0.0,
            high=100.0,
            label=r"\delta",
            help="Added to the Hessian's diagonal: larger values shorten the step towards a gradient step.",
        ),
        Param(
            "negative_curvature",
            "saddle_free",
            "choice",
            choices=NEGATIVE_CURVATURE_RULES,
            label="negative curvature",
            help="saddle_free uses |eigenvalues| (escapes saddles); gradient falls back to a gradient step; "
            "none is plain Newton, which jumps onto saddles and maxima.",
        ),
        Param(
            "eigenvalue_floor",
            1e-2,
            low=1e-8,
            high=1.0,
            log=True,
            label=r"\epsilon",
            help="Smallest curvature the rules allow, so that a flat direction cannot cause a huge step.",
        ),
    ),
    state_labels={
        "min_eigenvalue": r"\lambda_{\min}(H)",
        "newton_direction": r"-\tilde H^{-1} g",
        "curvature_modified": r"\text{curvature modified}",
        "eigenvalues": r"\lambda(H)",
        "hessian": r"H",
    },
    build=newton,
    order=2,
)
