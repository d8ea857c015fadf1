"""The Styblinski–Tang function in 2D, :math:`f(x, y) = \\tfrac12 \\sum_i (x_i^4 - 16 x_i^2 + 5 x_i)`.

Separable: each coordinate sees the same quartic with minima at the roots of :math:`4t^3 - 32t + 5 = 0`,
:math:`t_- \\approx -2.903534` (deeper) and :math:`t_+ \\approx 2.746803`, and a maximum near
:math:`t \\approx 0.156731`. So there are four minima: the global :math:`(t_-, t_-)` with
:math:`f \\approx -78.332`, two at :math:`(t_-, t_+)`, :math:`(t_+, t_-)` with :math:`f \\approx -64.196` and
:math:`(t_+, t_+)` with :math:`f \\approx -50.059`; gradient descent goes to the one whose quadrant it starts
in.
From M. A. Styblinski and T.-S. Tang (1990).
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec, newton_refine


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    p2 = p * p
    return 0.5 * (p2 * p2 - 16.0 * p2 + 5.0 * p).sum(axis=-1)


def _grad(p, step=None):
    p = np.asarray(p, dtype=float)
    return p * (2.0 * p * p - 16.0) + 2.5


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    curvature = 6.0 * p * p - 16.0
    h = np.zeros((*p.shape, 2))
    h[..., 0, 0] = curvature[..., 0]
    h[..., 1, 1] = curvature[..., 1]
    return h


_LOW, _HIGH = -2.9, 2.75
_MINIMA = newton_refine(_grad, _hessian, [(_LOW, _LOW), (_LOW, _HIGH), (_HIGH, _LOW), (_HIGH, _HIGH)])


def styblinski_tang() -> Surface:
    """The Styblinski–Tang function; see the module docstring."""
    return STYBLINSKI_TANG.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-5.0, 5.0), (-5.0, 5.0)),
        starts=((0.4, 0.3), (4.5, -4.5), (-0.5, 4.5)),
        minima=_MINIMA,
    )


STYBLINSKI_TANG = SurfaceSpec(
    name="styblinski_tang",
    title="Styblinski–Tang",
    description="Four valleys of different depth, one per quadrant: the start picks the valley.",
    latex=r"f(x, y) = \tfrac{1}{2}\left(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y\right)",
    params=(),
    build=styblinski_tang,
)
