"""Rastrigin's function (A = 10, two dimensions)
:math:`f(x, y) = 20 + x^2 - 10\\cos(2\\pi x) + y^2 - 10\\cos(2\\pi y)`.

A round bowl with an egg-crate ripple on top: a local minimum next to every integer point, the global one
:math:`f(0, 0) = 0`. Separable, so :math:`\\partial_x f = 2x + 20\\pi \\sin(2\\pi x)` and the Hessian is
diagonal with entries :math:`2 + 40\\pi^2 \\cos(2\\pi x)`. We list the global minimum and the eight around it
(near :math:`(\\pm 0.995, 0)`, :math:`(0, \\pm 0.995)`, :math:`(\\pm 0.995, \\pm 0.995)`); the others lie
near the remaining integer points. Gradient descent stops in the nearest dimple; only large steps, momentum or
noise hop between them. From L. A. Rastrigin (1974).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine

_TWO_PI = 2.0 * np.pi


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    return 20.0 + (p * p - 10.0 * np.cos(_TWO_PI * p)).sum(axis=-1)


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    return 2.0 * p + (10.0 * _TWO_PI) * np.sin(_TWO_PI * p)


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    curvature = 2.0 + (10.0 * _TWO_PI**2) * np.cos(_TWO_PI * p)
    h = np.zeros((*p.shape, 2))
    h[..., 0, 0] = curvature[..., 0]
    h[..., 1, 1] = curvature[..., 1]
    return h


_NEIGHBOURS = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_MINIMA = newton_refine(_grad, _hessian, _NEIGHBOURS)


def rastrigin() -> Surface:
    """Rastrigin's function; see the module docstring."""
    return RASTRIGIN.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-5.12, 5.12), (-5.12, 5.12)),
        starts=((3.6, 2.9), (-4.6, 4.4), (0.6, -2.4)),
        minima=_MINIMA,
    )


RASTRIGIN = SurfaceSpec(
    name="rastrigin",
    title="Rastrigin",
    description="A bowl covered in dimples: a local minimum near every integer point, the best at (0, 0).",
    latex=r"f(x, y) = 20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)",
    params=(),
    build=rastrigin,
)
