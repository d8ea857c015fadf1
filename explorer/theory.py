r"""Gradient descent and heavy ball on a quadratic, from the spectral radius of the iteration matrix.

On :math:`f(\theta) = \tfrac12 (\theta - \theta^*)^\top H (\theta - \theta^*) + f^*` the error
:math:`e_t = \theta_t - \theta^*` splits along the eigenvectors of :math:`H`; along one of eigenvalue
:math:`\lambda` torch's SGD recursions are linear two-term recurrences:

- heavy ball (``momentum`` :math:`\beta`, ``dampening`` :math:`\tau`; :math:`\beta = 0` is plain gradient
  descent), with :math:`\eta' = \eta (1 - \tau)`:

  .. math::
      e_{t+1} = (1 + \beta - \eta'\lambda)\, e_t - \beta\, e_{t-1},
      \qquad z^2 - (1 + \beta - \eta'\lambda) z + \beta = 0;

- Nesterov (torch's form, :math:`\theta_{t+1} = \theta_t - \eta (g_t + \beta b_{t+1})`):

  .. math::
      z^2 - (1 + \beta)(1 - \eta\lambda) z + \beta (1 - \eta\lambda) = 0.

The iteration matrix of each recurrence has these roots as eigenvalues, so the error shrinks (asymptotically)
by the *spectral radius* :math:`\rho = \max_\lambda \max |z|` per step: the run converges when
:math:`\rho < 1` and diverges when :math:`\rho > 1`. The Jury conditions for :math:`z^2 - T z + D`
(:math:`|D| < 1`, :math:`|T| < 1 + D`) give the stability limits in closed form:

.. math::
    \eta'\lambda_{\max} < 2 (1 + \beta) \;\;\text{(heavy ball; } 2/\lambda_{\max} \text{ at } \beta = 0),
    \qquad
    \eta\lambda_{\max} < \frac{2 (1 + \beta)}{1 + 2\beta} \;\;\text{(Nesterov)}.

From :math:`\lVert e_t \rVert \approx \rho^t \lVert e_0 \rVert` a run needs about
:math:`\lceil \log(\text{tol} / \lVert e_0 \rVert) / \log \rho \rceil` steps to come within ``tol``: a rate
estimate that ignores the constant in front of :math:`\rho^t` (exact for plain gradient descent along one
eigenvector, and off by a few steps near critical damping, where the roots coincide).

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.outcome import frozen

# The picker entries whose update is one of the recurrences above, and the hyperparameters they may vary.
MOMENTUM_FAMILY = ("sgd", "momentum", "nesterov")
THEORY_AXES = ("lr", "momentum", "dampening")


@dataclass(frozen=True, eq=False)
class Bowl:
    """The constant Hessian of a quadratic surface: eigenvalues ascending and the minimiser."""

    eigenvalues: np.ndarray
    minimum: np.ndarray

    @property
    def condition_number(self) -> float:
        return float(self.eigenvalues[-1] / self.eigenvalues[0])


def bowl(surface) -> Bowl | None:
    """The :class:`Bowl` of ``surface``, or ``None`` unless its Hessian is constant and positive definite."""
    if not getattr(surface, "is_quadratic", False):
        return None
    anchor = np.zeros(2)
    hessian = np.asarray(surface.hessian(anchor), dtype=float)
    gradient = np.asarray(surface.grad(anchor), dtype=float)
    if hessian.shape != (2, 2) or not (np.isfinite(hessian).all() and np.isfinite(gradient).all()):
        return None
    eigenvalues = np.linalg.eigvalsh(0.5 * (hessian + hessian.T))
    if eigenvalues[0] <= 0.0:
        return None
    # one Newton step from any point lands on the minimum of a quadratic
    return Bowl(frozen(eigenvalues), frozen(anchor - np.linalg.solve(hessian, gradient)))


def spectral_radius(eigenvalues, lr, momentum=0.0, dampening=0.0, nesterov=False) -> np.ndarray:
    """:math:`\\rho`, the largest root modulus over ``eigenvalues``; broadcasts over ``lr``, ``momentum``,
    ``dampening`` (see the module docstring for the recurrences)."""
    lam = np.asarray(eigenvalues, dtype=float).reshape(-1)
    lr, momentum, dampening = (np.asarray(v, dtype=float)[..., None] for v in (lr, momentum, dampening))
    if nesterov:
        shrink = 1.0 - lr * lam
        trace, det = (1.0 + momentum) * shrink, momentum * shrink
    else:
        trace, det = 1.0 + momentum - lr * (1.0 - dampening) * lam, momentum + 0.0 * lam
    root = np.sqrt((trace * trace - 4.0 * det).astype(complex))
    moduli = np.maximum(np.abs(0.5 * (trace + root)), np.abs(0.5 * (trace - root)))
    return moduli.max(axis=-1)


def stability_lr(lambda_max: float, momentum=0.0, dampening=0.0, nesterov=False) -> np.ndarray:
    """The largest stable ``lr`` for each ``momentum`` (the boundary :math:`\\rho = 1` of the lr axis)."""
    momentum = np.asarray(momentum, dtype=float)
    if nesterov:
        return 2.0 * (1.0 + momentum) / ((1.0 + 2.0 * momentum) * lambda_max)
    return 2.0 * (1.0 + momentum) / ((1.0 - np.asarray(dampening, dtype=float)) * lambda_max)


def predicted_steps(rho, distance: float, tolerance: float) -> np.ndarray:
    """Rate estimate of the steps to come within ``tolerance`` of ``distance``; ``-1`` where ``rho >= 1``."""
    rho = np.asarray(rho, dtype=float)
    if distance <= tolerance:
        return np.where(rho < 1.0, 0, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.ceil(math.log(tolerance / distance) / np.log(rho))
    return np.where(rho < 1.0, np.where(rho <= 0.0, 1, steps), -1).astype(np.int64)


def optimum(bowl_: Bowl, momentum_free: bool) -> dict[str, float]:
    """The tuned setting: ``lr = 2 / (L + mu)`` for plain gradient descent, else Polyak's heavy ball
    ``lr = 4 / (sqrt(L) + sqrt(mu))**2``, ``momentum = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2``."""
    mu, big_l = float(bowl_.eigenvalues[0]), float(bowl_.eigenvalues[-1])
    if momentum_free:
        return {"lr": 2.0 / (big_l + mu)}
    root = math.sqrt(big_l / mu)
    return {"lr": 4.0 / (math.sqrt(big_l) + math.sqrt(mu)) ** 2, "momentum": ((root - 1) / (root + 1)) ** 2}
