"""Quadratic bowls: ``ravine`` (condition number as a knob) and ``booth``.

A quadratic :math:`f(p) = \\tfrac12 p^\\top A p - b^\\top p + c` has gradient :math:`A p - b` and the
constant Hessian :math:`A`; gradient descent on it is the model problem of every convergence proof, with
behaviour set by the eigenvalues of :math:`A` (stable for :math:`\\eta < 2/\\lambda_{max}`, slow along the
eigenvector of :math:`\\lambda_{min}`).
"""

from __future__ import annotations

import numpy as np

from paramspec import Param

from .base import Surface, SurfaceSpec


def quadratic_functions(A, b, c=0.0):
    """``(value, grad, hessian)`` of :math:`\\tfrac12 p^\\top A p - b^\\top p + c` (``A`` symmetric)."""
    A = np.array(A, dtype=float)
    b = np.array(b, dtype=float)
    c = float(c)
    half_A = 0.5 * A

    def value(p, step=None):
        p = np.asarray(p, dtype=float)
        return ((p @ half_A - b) * p).sum(axis=-1) + c

    def grad(p, step=None):
        return np.asarray(p, dtype=float) @ A - b

    def hessian(p, step=None):
        p = np.asarray(p, dtype=float)
        h = np.empty((*p.shape, 2))
        h[...] = A
        return h

    return value, grad, hessian


CONDITION_NUMBER = Param(
    "condition_number",
    10.0,
    low=1.0,
    high=1000.0,
    log=True,
    label=r"\kappa",
    help="Ratio of the steepest to the flattest curvature: 1 is a round bowl, large values a narrow ravine.",
)


def ravine(condition_number: float = 10.0) -> Surface:
    """Ill-conditioned quadratic bowl :math:`f(x, y) = \\tfrac12 (x^2 + \\kappa y^2)`.

    Hessian :math:`\\mathrm{diag}(1, \\kappa)`, so :math:`\\kappa` is its condition number; the only minimum
    is :math:`(0, 0)`. Gradient descent is stable for :math:`\\eta < 2/\\kappa` and then needs about
    :math:`\\kappa` steps to crawl along the flat :math:`x` axis: the textbook picture of zigzagging SGD that
    momentum and adaptive methods repair. The default start lies far out on the shallow axis and off the
    valley floor.
    """
    kappa = float(condition_number)
    scale = np.array([1.0, kappa])

    def value(p, step=None):
        p = np.asarray(p, dtype=float)
        return 0.5 * (p * p) @ scale

    def grad(p, step=None):
        return np.asarray(p, dtype=float) * scale

    _, _, hessian = quadratic_functions(np.diag(scale), np.zeros(2))
    return RAVINE.surface(
        description=f"A long narrow valley: the curvature along y is {kappa:g} times that along x.",
        latex=rf"f(x, y) = \tfrac{{1}}{{2}}\left(x^2 + {kappa:g}\, y^2\right)",
        params={"condition_number": kappa},
        value=value,
        grad=grad,
        hessian=hessian,
        window=((-10.0, 10.0), (-4.0, 4.0)),
        starts=((-8.0, 2.0), (8.0, -3.0), (-3.0, 3.5)),
        minima=[(0.0, 0.0)],
        is_quadratic=True,
    )


def booth() -> Surface:
    """Booth function :math:`f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2`.

    A quadratic (Hessian :math:`[[10, 8], [8, 10]]`, eigenvalues 18 and 2, condition number 9) whose
    valley runs diagonally, so per-coordinate methods cannot simply rescale the axes. Minimum
    :math:`f(1, 3) = 0`. A standard optimization test function (Jamil & Yang 2013, No. 21).
    """
    _, grad, hessian = quadratic_functions([[10.0, 8.0], [8.0, 10.0]], [34.0, 38.0], 74.0)

    def value(p, step=None):
        p = np.asarray(p, dtype=float)
        x, y = p[..., 0], p[..., 1]
        return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2

    return BOOTH.surface(
        value=value,
        grad=grad,
        hessian=hessian,
        window=((-10.0, 10.0), (-10.0, 10.0)),
        starts=((-7.0, 9.0), (8.0, -8.0), (-8.0, -8.0)),
        minima=[(1.0, 3.0)],
        is_quadratic=True,
    )


RAVINE = SurfaceSpec(
    name="ravine",
    title="Ravine (ill-conditioned bowl)",
    description="A long narrow valley whose steepness ratio (condition number) you choose.",
    latex=r"f(x, y) = \tfrac{1}{2}\left(x^2 + \kappa\, y^2\right)",
    params=(CONDITION_NUMBER,),
    build=ravine,
)

BOOTH = SurfaceSpec(
    name="booth",
    title="Booth",
    description="A tilted quadratic bowl: the valley runs diagonally, with condition number 9.",
    latex=r"f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2",
    params=(),
    build=booth,
)
