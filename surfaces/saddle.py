"""The saddle family: :math:`x^2 - y^2` and a variant bounded below.

``plain``: :math:`f(x, y) = x^2 - y^2`, a pure saddle at the origin (gradient zero, Hessian
:math:`\\mathrm{diag}(2, -2)`, no minimum: trajectories that leave the ridge :math:`y = 0` run off to
:math:`-\\infty`).

``bounded``: :math:`f(x, y) = x^2 - y^2 + \\tfrac14 y^4`, the same saddle at the origin, but the quartic
term bounds it below, creating two minima :math:`(0, \\pm\\sqrt2)` with :math:`f = -1` (Hessian
:math:`\\mathrm{diag}(2, 4)`). A start exactly on the ridge :math:`y = 0` converges to the saddle; a start
slightly off it lingers near the saddle (the gradient is tiny there) before it escapes and settles in a
minimum: the picture behind "saddle points slow down gradient descent, noise and momentum help".
"""

from __future__ import annotations

import math

import numpy as np

from paramspec import Param

from .base import Surface, SurfaceSpec

VARIANT = Param(
    "variant",
    "bounded",
    kind="choice",
    choices=("bounded", "plain"),
    help="plain: x² − y², unbounded below; bounded: adds y⁴/4, so escaping paths settle in a minimum.",
)


def _plain_value(p, step=None):
    p = np.asarray(p, dtype=float)
    return p[..., 0] ** 2 - p[..., 1] ** 2


_PLAIN_SCALE = np.array([2.0, -2.0])


def _plain_grad(p, step=None):
    return np.asarray(p, dtype=float) * _PLAIN_SCALE


def _plain_hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    h = np.zeros((*p.shape, 2))
    h[..., 0, 0] = 2.0
    h[..., 1, 1] = -2.0
    return h


def _bounded_value(p, step=None):
    p = np.asarray(p, dtype=float)
    y2 = p[..., 1] ** 2
    return p[..., 0] ** 2 - y2 + 0.25 * y2 * y2


def _bounded_grad(p, step=None):
    p = np.asarray(p, dtype=float)
    y = p[..., 1]
    g = np.empty_like(p)
    g[..., 0] = 2.0 * p[..., 0]
    g[..., 1] = y * (y * y - 2.0)
    return g


def _bounded_hessian(p, step=None):
    p = np.asarray(p, dtype=float)
    h = np.zeros((*p.shape, 2))
    h[..., 0, 0] = 2.0
    h[..., 1, 1] = 3.0 * p[..., 1] ** 2 - 2.0
    return h


def saddle(variant: str = "bounded") -> Surface:
    """The saddle :math:`x^2 - y^2` (``plain``) or :math:`x^2 - y^2 + y^4/4` (``bounded``); see the module."""
    if variant == "plain":
        functions = (_plain_value, _plain_grad, _plain_hessian)
        latex, minima = r"f(x, y) = x^2 - y^2", np.empty((0, 2))
        description = "A saddle at the origin: downhill along y forever, uphill along x."
    else:
        functions = (_bounded_value, _bounded_grad, _bounded_hessian)
        latex = r"f(x, y) = x^2 - y^2 + \tfrac{1}{4} y^4"
        minima = [(0.0, math.sqrt(2.0)), (0.0, -math.sqrt(2.0))]
        description = "A saddle at the origin between two valleys: paths that leave the ridge settle in one."
    value, grad, hessian = functions
    return SADDLE.surface(
        description=description,
        latex=latex,
        params={"variant": variant},
        value=value,
        grad=grad,
        hessian=hessian,
        window=((-3.0, 3.0), (-3.0, 3.0)),
        starts=((-2.5, 0.01), (-2.5, 0.0), (2.0, -1.0)),
        minima=minima,
        is_quadratic=variant == "plain",  # constant (indefinite) Hessian diag(2, -2)
    )


SADDLE = SurfaceSpec(
    name="saddle",
    title="Saddle point",
    description="A saddle at the origin: flat in the middle, up along x, down along y.",
    latex=r"f(x, y) = x^2 - y^2 \;\;\text{or}\;\; x^2 - y^2 + \tfrac{1}{4} y^4",
    params=(VARIANT,),
    build=saddle,
)
