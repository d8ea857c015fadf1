"""Himmelblau's function :math:`f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2`.

Four minima, all with :math:`f = 0`: :math:`(3, 2)` and, numerically, :math:`(-2.805118, 3.131313)`,
:math:`(-3.779310, -3.283186)`, :math:`(3.584428, -1.848126)` (refined here by Newton's method); a local
maximum near :math:`(-0.2708, -0.9230)` and four saddles between them. Which minimum a run reaches depends on
the start and the step size: a picture of basins of attraction. From D. M. Himmelblau, *Applied Nonlinear
Programming* (1972).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y = p[..., 0], p[..., 1]
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y = p[..., 0], p[..., 1]
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    g = np.empty_like(p)
    g[..., 0] = 4.0 * x * a + 2.0 * b
    g[..., 1] = 2.0 * a + 4.0 * y * b
    return g


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y = p[..., 0], p[..., 1]
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = 12.0 * x * x + 4.0 * y - 42.0
    h[..., 0, 1] = h[..., 1, 0] = 4.0 * (x + y)
    h[..., 1, 1] = 4.0 * x + 12.0 * y * y - 26.0
    return h


_MINIMA = newton_refine(_grad, _hessian, [(3.0, 2.0), (-2.805, 3.131), (-3.779, -3.283), (3.584, -1.848)])


def himmelblau() -> Surface:
    """Himmelblau's function; see the module docstring."""
    return HIMMELBLAU.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-5.0, 5.0), (-5.0, 5.0)),
        starts=((-0.5, -0.5), (0.0, -4.0), (-1.0, 4.5)),
        minima=_MINIMA,
    )


HIMMELBLAU = SurfaceSpec(
    name="himmelblau",
    title="Himmelblau",
    description="Four equally deep minima: the start and the step size decide which one you reach.",
    latex=r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    params=(),
    build=himmelblau,
)
