"""Ackley's function (two dimensions)
:math:`f(x, y) = -20\\,e^{-0.2\\sqrt{(x^2 + y^2)/2}} - e^{(\\cos 2\\pi x + \\cos 2\\pi y)/2} + e + 20`.

A funnel (the first term, a cone near the origin) with a cosine ripple on top: many local minima near the
integer points, and the global minimum :math:`f(0, 0) = 0` at the tip of the cone. With
:math:`r = \\sqrt{(x^2 + y^2)/2}`, :math:`E_1 = e^{-0.2 r}`,
:math:`E_2 = e^{(\\cos 2\\pi x + \\cos 2\\pi y)/2}`, :math:`s_i = \\sin 2\\pi x_i`, :math:`u_i = x_i / r`:

.. math::
   \\partial_i f = 2 E_1 x_i / r + \\pi E_2 s_i, \\qquad
   \\partial_{ij} f = 2 E_1 \\big(\\delta_{ij}/r - u_i u_j (0.1 + 0.5/r)\\big)
                     + \\pi^2 E_2 \\big(2\\delta_{ij}\\cos 2\\pi x_i - s_i s_j\\big).

The cone tip is not differentiable: at exactly :math:`(0, 0)` we return the subgradient :math:`0` and a
huge but finite Hessian (:math:`r` is replaced by the smallest positive float), the limit of the curvature
along any line. We list the global minimum and the eight local minima around it (near :math:`(\\pm 0.969, 0)`,
:math:`(0, \\pm 0.969)`, :math:`(\\pm 0.952, \\pm 0.952)`). From D. H. Ackley (1987).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine

_TWO_PI = 2.0 * np.pi
_SQRT_HALF = np.sqrt(0.5)
_TINY = np.finfo(float).tiny


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    r = _SQRT_HALF * np.hypot(p[..., 0], p[..., 1])
    ripple = np.exp(0.5 * np.cos(_TWO_PI * p).sum(axis=-1))
    return -20.0 * np.exp(-0.2 * r) - ripple + (np.e + 20.0)


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    r = np.maximum(_SQRT_HALF * np.hypot(p[..., 0], p[..., 1]), _TINY)  # hypot: no underflow near the tip
    cone = (2.0 * np.exp(-0.2 * r) / r)[..., None]
    ripple = (np.pi * np.exp(0.5 * np.cos(_TWO_PI * p).sum(axis=-1)))[..., None]
    return cone * p + ripple * np.sin(_TWO_PI * p)


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    r = np.maximum(_SQRT_HALF * np.hypot(p[..., 0], p[..., 1]), _TINY)
    ux, uy = p[..., 0] / r, p[..., 1] / r  # bounded (|u| <= sqrt 2), so the tip gives no inf * 0
    cone = 2.0 * np.exp(-0.2 * r)
    radial = cone * (0.1 + 0.5 / r)
    ripple = np.pi**2 * np.exp(0.5 * np.cos(_TWO_PI * p).sum(axis=-1))
    s = np.sin(_TWO_PI * p)
    c = np.cos(_TWO_PI * p)
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = cone / r - radial * ux * ux + ripple * (2.0 * c[..., 0] - s[..., 0] ** 2)
    h[..., 1, 1] = cone / r - radial * uy * uy + ripple * (2.0 * c[..., 1] - s[..., 1] ** 2)
    h[..., 0, 1] = h[..., 1, 0] = -radial * ux * uy - ripple * s[..., 0] * s[..., 1]
    return h


_NEIGHBOURS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_MINIMA = np.concatenate([np.zeros((1, 2)), newton_refine(_grad, _hessian, _NEIGHBOURS)])


def ackley() -> Surface:
    """Ackley's function; see the module docstring."""
    return ACKLEY.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-4.0, 4.0), (-4.0, 4.0)),
        starts=((2.6, -3.3), (-3.5, 3.0), (0.8, 1.6)),
        minima=_MINIMA,
    )


ACKLEY = SurfaceSpec(
    name="ackley",
    title="Ackley",
    description="A funnel covered in ripples: many local minima, the global one at the tip (0, 0).",
    latex=(r"f(x, y) = -20\,e^{-0.2\sqrt{(x^2 + y^2)/2}} - e^{(\cos 2\pi x + \cos 2\pi y)/2} + e + 20"),
    params=(),
    build=ackley,
)
