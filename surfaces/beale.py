"""Beale's function :math:`f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2`.

A sum of three squared residuals :math:`r_k = c_k - x + x y^k` (:math:`c = 1.5, 2.25, 2.625`), so
:math:`\\nabla f = 2 \\sum_k r_k \\nabla r_k` and
:math:`\\nabla^2 f = 2 \\sum_k (\\nabla r_k \\nabla r_k^\\top + r_k \\nabla^2 r_k)`. The only minimum is
:math:`f(3, 0.5) = 0`, in a narrow curved valley; the plateau along :math:`x = 0` and the steep walls for
:math:`|y| > 1` make step sizes matter. From E. M. L. Beale (1958);
a standard test function (Jamil & Yang 2013, No. 10).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec


def _residuals(p):
    x, y = p[..., 0], p[..., 1]
    y2 = y * y
    return x, y, y2, 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y2 * y


def _value(p, step=None):
    _, _, _, r1, r2, r3 = _residuals(np.asarray(p, dtype=float))
    return r1 * r1 + r2 * r2 + r3 * r3


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y, y2, r1, r2, r3 = _residuals(p)
    g = np.empty_like(p)
    g[..., 0] = 2.0 * (r1 * (y - 1.0) + r2 * (y2 - 1.0) + r3 * (y2 * y - 1.0))
    g[..., 1] = 2.0 * x * (r1 + 2.0 * y * r2 + 3.0 * y2 * r3)
    return g


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    x, y, y2, r1, r2, r3 = _residuals(p)
    # gradients of the residuals: (y^k - 1, k x y^(k-1)); second derivatives: r_xy = k y^(k-1), r_yy = ...
    a1, a2, a3 = y - 1.0, y2 - 1.0, y2 * y - 1.0
    b1, b2, b3 = x, 2.0 * x * y, 3.0 * x * y2
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = 2.0 * (a1 * a1 + a2 * a2 + a3 * a3)
    h[..., 0, 1] = h[..., 1, 0] = 2.0 * (a1 * b1 + a2 * b2 + a3 * b3 + r1 + 2.0 * y * r2 + 3.0 * y2 * r3)
    h[..., 1, 1] = 2.0 * (b1 * b1 + b2 * b2 + b3 * b3 + 2.0 * x * r2 + 6.0 * x * y * r3)
    return h


def beale() -> Surface:
    """Beale's function; see the module docstring."""
    return BEALE.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-4.5, 4.5), (-4.5, 4.5)),
        starts=((1.0, 1.5), (-2.0, -1.0), (2.5, -1.2)),
        minima=[(3.0, 0.5)],
    )


BEALE = SurfaceSpec(
    name="beale",
    title="Beale",
    description="Flat plateaus and steep walls around a narrow curved valley; the minimum is at (3, 0.5).",
    latex=r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
    params=(),
    build=beale,
)
