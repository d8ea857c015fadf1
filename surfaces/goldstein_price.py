"""The Goldstein–Price function :math:`f(x, y) = A(x, y)\\,B(x, y)` with

.. math::
   A = 1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2), \\quad
   B = 30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2).

Values span six orders of magnitude (3 to about :math:`10^6` in the window), so a log colour scale is the
way to look at it. Global minimum :math:`f(0, -1) = 3`; local minima near :math:`(-0.6, -0.4)` with
:math:`f = 30`, :math:`(1.8, 0.2)` with :math:`f = 84` and :math:`(1.2, 0.8)` with :math:`f = 840`
(refined here by Newton's method). Derivatives by the product rule,
:math:`\\nabla f = B \\nabla A + A \\nabla B`,
:math:`\\nabla^2 f = B \\nabla^2 A + \\nabla A \\nabla B^\\top + \\nabla B \\nabla A^\\top + A \\nabla^2 B`,
with :math:`A = 1 + u^2 P`, :math:`B = 30 + v^2 Q` for :math:`u = x + y + 1`, :math:`v = 2x - 3y`.
From A. A. Goldstein and J. F. Price (1971).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine


def _factors(p):
    x, y = p[..., 0], p[..., 1]
    u = x + y + 1.0
    v = 2.0 * x - 3.0 * y
    P = 19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y
    Q = 18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y
    return x, y, u, v, P, Q


def _value(p, step=None):
    _, _, u, v, P, Q = _factors(np.asarray(p, dtype=float))
    return (1.0 + u * u * P) * (30.0 + v * v * Q)


def _first_derivatives(x, y, u, v, P, Q):
    # P_x = P_y = 6(x + y) - 14 and u_x = u_y = 1, so A_x = A_y; v = (2, -3) . (x, y)
    P_1 = 6.0 * (x + y) - 14.0
    A = 1.0 + u * u * P
    A_1 = u * (2.0 * P + u * P_1)
    Q_x = 24.0 * x - 36.0 * y - 32.0
    Q_y = 54.0 * y - 36.0 * x + 48.0
    B = 30.0 + v * v * Q
    B_x = v * (4.0 * Q + v * Q_x)
    B_y = v * (-6.0 * Q + v * Q_y)
    return A, A_1, P_1, B, B_x, B_y, Q_x, Q_y


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y, u, v, P, Q = _factors(p)
    A, A_1, _, B, B_x, B_y, _, _ = _first_derivatives(x, y, u, v, P, Q)
    g = np.empty_like(p)
    g[..., 0] = A_1 * B + A * B_x
    g[..., 1] = A_1 * B + A * B_y
    return g


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y, u, v, P, Q = _factors(p)
    A, A_1, P_1, B, B_x, B_y, Q_x, Q_y = _first_derivatives(x, y, u, v, P, Q)
    # A_ij = 2P + 4u P_1 + 6u^2 for every pair (P_ij = 6);
    # B_ij = 2 v_i v_j Q + 2v (v_i Q_j + v_j Q_i) + v^2 Q_ij
    A_2 = 2.0 * P + 4.0 * u * P_1 + 6.0 * u * u
    B_xx = 8.0 * Q + 8.0 * v * Q_x + 24.0 * v * v
    B_xy = -12.0 * Q + 2.0 * v * (2.0 * Q_y - 3.0 * Q_x) - 36.0 * v * v
    B_yy = 18.0 * Q - 12.0 * v * Q_y + 54.0 * v * v
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = A_2 * B + 2.0 * A_1 * B_x + A * B_xx
    h[..., 0, 1] = h[..., 1, 0] = A_2 * B + A_1 * (B_x + B_y) + A * B_xy
    h[..., 1, 1] = A_2 * B + 2.0 * A_1 * B_y + A * B_yy
    return h


_MINIMA = newton_refine(_grad, _hessian, [(0.0, -1.0), (-0.6, -0.4), (1.8, 0.2), (1.2, 0.8)])


def goldstein_price() -> Surface:
    """The Goldstein–Price function; see the module docstring."""
    return GOLDSTEIN_PRICE.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-2.0, 2.0), (-2.0, 2.0)),
        starts=((-1.0, 1.0), (1.5, 1.5), (-1.6, -1.6)),
        minima=_MINIMA,
    )


GOLDSTEIN_PRICE = SurfaceSpec(
    name="goldstein_price",
    title="Goldstein–Price",
    description="Values spanning six orders of magnitude around several valleys; the best is at (0, -1).",
    latex=(
        r"f(x, y) = \left[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)\right]"
        r"\left[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)\right]"
    ),
    params=(),
    build=goldstein_price,
)
