"""Rosenbrock's banana valley :math:`f(x, y) = (1 - x)^2 + 100\\,(y - x^2)^2`.

Gradient :math:`\\big(-2(1 - x) - 400\\,x\\,(y - x^2),\\; 200\\,(y - x^2)\\big)`, Hessian
:math:`\\begin{pmatrix} 2 - 400(y - 3x^2) & -400x \\\\ -400x & 200 \\end{pmatrix}`. The only minimum is
:math:`f(1, 1) = 0`, at the end of a curved, nearly flat valley floor along :math:`y = x^2`: finding the
valley is easy, following it is hard (condition number about 2500 at the minimum). Introduced by
H. H. Rosenbrock (1960) as a test for minimizers; the classic start is :math:`(-1.2, 1)`.
"""

from __future__ import annotations

import numpy as np

from .base import Surface, SurfaceSpec


def _value(p, step=None):
    p = np.asarray(p, dtype=float)
    x = p[..., 0]
    return (1.0 - x) ** 2 + 100.0 * (p[..., 1] - x * x) ** 2


def _grad(p, step=None):
    # Written for speed (the optimizer loop calls it every step): 2(x - 1) - 400 x (y - x^2) is
    # 2 (x - x * dy - 1) with dy = 200 (y - x^2), which saves temporaries.
    p = np.asarray(p, dtype=float)
    x = p[..., 0]
    dy = 200.0 * (p[..., 1] - x * x)
    g = np.empty_like(p)
    g[..., 1] = dy
    g[..., 0] = 2.0 * (x - x * dy - 1.0)
    return g


def _hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    x = p[..., 0]
    h = np.empty((*p.shape, 2))
    h[..., 0, 0] = 2.0 - 400.0 * p[..., 1] + 1200.0 * x * x
    h[..., 0, 1] = h[..., 1, 0] = -400.0 * x
    h[..., 1, 1] = 200.0
    return h


def rosenbrock() -> Surface:
    """Rosenbrock's banana valley; see the module docstring."""
    return ROSENBROCK.surface(
        value=_value,
        grad=_grad,
        hessian=_hessian,
        window=((-2.0, 2.0), (-1.0, 3.0)),
        starts=((-1.5, 2.0), (-1.2, 1.0), (1.5, -0.5)),
        minima=[(1.0, 1.0)],
    )


ROSENBROCK = SurfaceSpec(
    name="rosenbrock",
    title="Rosenbrock (banana valley)",
    description="A curved, nearly flat valley: easy to find, hard to follow to the minimum at (1, 1).",
    latex=r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
    params=(),
    build=rosenbrock,
)
