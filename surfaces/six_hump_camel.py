"""The six-hump camel function
:math:`f(x, y) = \\left(4 - 2.1x^2 + \\tfrac{x^4}{3}\\right)x^2 + xy + (-4 + 4y^2)\\,y^2`.

Six minima: two global ones :math:`(\\pm 0.0898, \\mp 0.7126)` with :math:`f \\approx -1.0316`, two local
ones :math:`(\\mp 1.7036, \\pm 0.7961)` with :math:`f \\approx -0.2155` and two shallow ones
:math:`(\\pm 1.6071, \\pm 0.5687)` with :math:`f \\approx 2.1043` (refined here by Newton's method). The
:math:`xy` coupling tilts the valleys. Gradient :math:`(8x - 8.4x^3 + 2x^5 + y,\\; x - 8y + 16y^3)`. From
L. C. W. Dixon and G. P. Szegő (1978); a standard test function (Jamil & Yang 2013, No. 30).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y = p[..., 0], p[..., 1]
    x2, y2 = x * x, y * y
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y = p[..., 0], p[..., 1]
    x2 = x * x
    g = np.empty_like(p)
    g[..., 0] = x * (8.0 - 8.4 * x2 + 2.0 * x2 * x2) + y
    g[..., 1] = x + y * (16.0 * y * y - 8.0)
    return g


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    x2 = p[..., 0] ** 2
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = 8.0 - 25.2 * x2 + 10.0 * x2 * x2
    h[..., 0, 1] = h[..., 1, 0] = 1.0
    h[..., 1, 1] = 48.0 * p[..., 1] ** 2 - 8.0
    return h


_MINIMA = newton_refine(
    _grad,
    _hessian,
    [(0.0898, -0.7126), (-0.0898, 0.7126), (-1.7036, 0.7961), (1.7036, -0.7961), (1.6071, 0.5687),
     (-1.6071, -0.5687)],
)  # fmt: skip


def six_hump_camel() -> Surface:
    """The six-hump camel function; see the module docstring."""
    return SIX_HUMP_CAMEL.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-2.5, 2.5), (-1.5, 1.5)),
        starts=((-2.0, -1.0), (1.0, 1.2), (-0.9, -0.2)),
        minima=_MINIMA,
    )


SIX_HUMP_CAMEL = SurfaceSpec(
    name="six_hump_camel",
    title="Six-hump camel",
    description="Six valleys: two equally deep global minima, two local ones and two shallow ones.",
    latex=r"f(x, y) = \left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
    params=(),
    build=six_hump_camel,
)
