r"""Closed-form theory of gradient descent on a quadratic bowl.

For a loss with a constant Hessian,

.. math::

    f(\theta) = \tfrac12 (\theta - \theta^*)^\top H (\theta - \theta^*) + f^*,
    \qquad 0 < \mu = \lambda_{\min}(H) \le \lambda_{\max}(H) = L,

everything about plain and heavy-ball gradient descent can be read off the eigen-decomposition of ``H``:

- along the eigenvector of eigenvalue :math:`\lambda`, one step of gradient descent multiplies the distance to
  the minimum by :math:`1 - \eta\lambda`, so it converges exactly when :math:`0 < \eta < 2 / L`
  (the *stability limit*) and the best constant step, :math:`\eta = 2 / (L + \mu)`, contracts by
  :math:`(\kappa - 1) / (\kappa + 1)` per step with the *condition number* :math:`\kappa = L / \mu`;
- Polyak's heavy ball,
  :math:`\theta_{t+1} = \theta_t - \eta \nabla f(\theta_t) + \beta (\theta_t - \theta_{t-1})`, contracts by
  :math:`(\sqrt\kappa - 1) / (\sqrt\kappa + 1)` per step with

  .. math::

      \eta = \frac{4}{(\sqrt L + \sqrt \mu)^2}, \qquad
      \beta = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2 .

  This is torch's ``SGD(lr=eta, momentum=beta)`` (dampening 0): its velocity
  :math:`v_{t+1} = \beta v_t + g_t`, :math:`\theta_{t+1} = \theta_t - \eta v_{t+1}` is the same recursion.

It lives with the surfaces because it needs nothing but a surface: the playground (the theory panel,
snapping a lane to the heavy ball) and the scenes (captions that quote the limit) both read it from here.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

__all__ = ["QuadraticTheory", "quadratic_theory"]


@dataclasses.dataclass(frozen=True)
class QuadraticTheory:
    """What the eigen-decomposition of a constant Hessian says about gradient descent on it.

    Attributes:
      hessian: ``(2, 2)`` the constant Hessian ``H``.
      eigenvalues: ``(2,)`` ascending, ``mu`` first and ``L`` last.
      eigenvectors: ``(2, 2)`` unit eigenvectors as *columns*, in the order of ``eigenvalues``.
      condition_number: ``kappa = L / mu``.
      stability_lr: ``2 / L``; plain gradient descent diverges for any larger learning rate.
      best_sgd_lr: ``2 / (L + mu)``, the constant learning rate with the fastest worst-case contraction.
      heavy_ball_lr: ``4 / (sqrt(L) + sqrt(mu))**2``.
      heavy_ball_momentum: ``((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2``.
      minimum: ``(2,)`` the unique minimiser ``theta* = theta - H^{-1} grad f(theta)`` (any ``theta``).
    """

    hessian: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    condition_number: float
    stability_lr: float
    best_sgd_lr: float
    heavy_ball_lr: float
    heavy_ball_momentum: float
    minimum: np.ndarray

    @property
    def sgd_rate(self) -> float:
        """Per-step contraction of gradient descent at ``best_sgd_lr``: ``(kappa - 1) / (kappa + 1)``."""
        return (self.condition_number - 1.0) / (self.condition_number + 1.0)

    @property
    def heavy_ball_rate(self) -> float:
        """Per-step contraction of the tuned heavy ball: ``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)``."""
        root = math.sqrt(self.condition_number)
        return (root - 1.0) / (root + 1.0)


def quadratic_theory(surface) -> QuadraticTheory | None:
    """The quadratic theory of ``surface``, or ``None`` when it does not apply.

    It applies when the surface says its Hessian is constant (``surface.is_quadratic``) and that Hessian is
    positive definite (a bowl with one minimum). For a data surface the Hessian is that of the full-batch
    loss, the bowl that the mini-batches scatter around.
    """
    if not getattr(surface, "is_quadratic", False):
        return None
    anchor = np.zeros(2)
    hessian = np.asarray(surface.hessian(anchor), dtype=float)
    gradient = np.asarray(surface.grad(anchor), dtype=float)
    if hessian.shape != (2, 2) or not (np.all(np.isfinite(hessian)) and np.all(np.isfinite(gradient))):
        return None
    hessian = 0.5 * (hessian + hessian.T)  # a closed form may be symmetric only up to rounding
    eigenvalues, eigenvectors = np.linalg.eigh(hessian)
    mu, big_l = float(eigenvalues[0]), float(eigenvalues[-1])
    if mu <= 0.0:
        return None
    kappa = big_l / mu
    root_kappa = math.sqrt(kappa)
    # Newton's step from the anchor lands on the minimum of a quadratic exactly.
    minimum = anchor - np.linalg.solve(hessian, gradient)
    for array in (hessian, eigenvalues, eigenvectors, minimum):
        array.setflags(write=False)
    return QuadraticTheory(
        hessian=hessian,
        eigenvalues=eigenvalues,
        eigenvectors=eigenvectors,
        condition_number=kappa,
        stability_lr=2.0 / big_l,
        best_sgd_lr=2.0 / (big_l + mu),
        heavy_ball_lr=4.0 / (math.sqrt(big_l) + math.sqrt(mu)) ** 2,
        heavy_ball_momentum=((root_kappa - 1.0) / (root_kappa + 1.0)) ** 2,
        minimum=minimum,
    )
