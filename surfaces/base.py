"""The two types every surface is made of: :class:`SurfaceSpec` (the catalogue entry) and :class:`Surface`.

A surface is a function :math:`f: \\mathbb{R}^2 \\to \\mathbb{R}` with its gradient and Hessian, evaluated at
points ``p`` of shape ``(..., 2)``: ``value(p)`` has shape ``(...)``, ``grad(p)`` shape ``(..., 2)`` and
``hessian(p)`` shape ``(..., 2, 2)``.

Every evaluation function takes an optional ``step`` argument that deterministic surfaces ignore, so that
for them ``minibatch_grad`` *is* ``grad`` (the optimizer loop calls it once per step; one Python call less
per step matters when a step costs a few microseconds). Data surfaces pass ``step`` to pick the mini-batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from paramspec import Param

Window = tuple[tuple[float, float], tuple[float, float]]
Fn = Callable[..., np.ndarray]


class Objective(NamedTuple):
    """What an optimizer sees at one step: value, gradient and Hessian of the same mini-batch."""

    value: Fn
    grad: Fn
    hessian: Fn


@dataclass(frozen=True, eq=False)
class Surface:
    """One loss surface with its parameters filled in (see the module docstring for shapes).

    Attributes:
      name, title, description: registry name, display title, one line for a student.
      latex: the formula with the parameters filled in.
      params: the resolved parameters (defaults included), read-only.
      value, grad, hessian: the full objective, ``f(p, step=None)``.
      window: ``((x_min, x_max), (y_min, y_max))``, the suggested view.
      starts: default start points, the first is the default.
      minima: ``(m, 2)`` read-only array of known minima, global first.
      stochastic: whether ``minibatch_*`` differ from the full objective.
      is_quadratic: the Hessian is constant.
      minibatch_value, minibatch_grad, minibatch_hessian: ``f(p, step)``, what the optimizer sees at ``step``
        (1-based); the very same functions as ``value``/``grad``/``hessian`` unless given.
      data: for data surfaces, the :class:`surfaces.data.DataSet` behind the loss; ``None`` otherwise.
    """

    name: str
    title: str
    description: str
    latex: str
    params: Mapping[str, Any]
    value: Fn
    grad: Fn
    hessian: Fn
    window: Window
    starts: tuple[tuple[float, float], ...]
    minima: np.ndarray
    stochastic: bool = False
    is_quadratic: bool = False
    minibatch_value: Fn | None = None
    minibatch_grad: Fn | None = None
    minibatch_hessian: Fn | None = None
    data: Any = None
    _full: Objective = field(init=False, repr=False)

    def __post_init__(self):
        setattr_ = object.__setattr__
        for name in ("value", "grad", "hessian"):
            if getattr(self, "minibatch_" + name) is None:
                setattr_(self, "minibatch_" + name, getattr(self, name))
        minima = np.array(self.minima, dtype=float).reshape(-1, 2)
        minima.setflags(write=False)
        setattr_(self, "minima", minima)
        # get() hands the same surface to every caller: nobody may change its parameters under the others
        setattr_(self, "params", MappingProxyType(dict(self.params)))
        (x_low, x_high), (y_low, y_high) = self.window
        setattr_(self, "window", ((float(x_low), float(x_high)), (float(y_low), float(y_high))))
        setattr_(self, "starts", tuple((float(x), float(y)) for x, y in self.starts))
        setattr_(self, "_full", Objective(self.value, self.grad, self.hessian))

    def minibatch(self, step: int) -> Objective:
        """The objective the optimizer sees at ``step``: value, gradient and Hessian of one mini-batch."""
        if not self.stochastic:
            return self._full
        value, grad, hessian = self.minibatch_value, self.minibatch_grad, self.minibatch_hessian
        return Objective(
            lambda p, step_=None: value(p, step),
            lambda p, step_=None: grad(p, step),
            lambda p, step_=None: hessian(p, step),
        )

    def __repr__(self) -> str:
        return f"Surface({self.name!r}, {dict(self.params)!r})"


@dataclass(frozen=True)
class SurfaceSpec:
    """A catalogue entry: what a surface is before its parameters are chosen.

    ``latex`` uses the parameter symbols (``\\kappa``); ``build(**params)`` receives validated parameters and
    returns the :class:`Surface`.
    """

    name: str
    title: str
    description: str
    latex: str
    params: tuple[Param, ...]
    build: Callable[..., Surface] = field(repr=False)

    def surface(self, **fields) -> Surface:
        """A :class:`Surface` whose name, title, description, latex and params default to this entry's."""
        for name in ("name", "title", "description", "latex"):
            fields.setdefault(name, getattr(self, name))
        fields.setdefault("params", {})
        return Surface(**fields)


def newton_refine(grad: Fn, hessian: Fn, points, iterations: int = 30) -> np.ndarray:
    """Polish approximate stationary points with plain Newton steps (to list minima to full precision)."""
    points = np.array(points, dtype=float).reshape(-1, 2)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            step = np.linalg.solve(hessian(points), grad(points)[..., None])[..., 0]
            points = points - step
    return points


def as_points(p) -> np.ndarray:
    """``p`` as a float array (no copy when it already is one)."""
    return np.asarray(p, dtype=float)


def find_minima(value: Fn, grad: Fn, hessian: Fn, window: Window, *, resolution: int = 81, limit: int = 25):
    """Local minima of ``value`` inside ``window``, found numerically, lowest first (shape ``(m, 2)``).

    Candidates are the grid points of a ``resolution`` x ``resolution`` grid that are no higher than their
    eight neighbours; each is polished by saddle-free Newton steps (the Hessian's eigenvalues replaced by
    their absolute values, so every step goes downhill) with step halving. Kept: points inside the window
    where the gradient vanishes and the Hessian is positive definite; duplicates merged, at most ``limit``
    returned.
    """
    (x_low, x_high), (y_low, y_high) = window
    xs = np.linspace(x_low, x_high, resolution)
    ys = np.linspace(y_low, y_high, resolution)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    with np.errstate(all="ignore"):
        heights = np.where(np.isfinite(value(grid)), value(grid), np.inf)
        centre = heights[1:-1, 1:-1]
        is_low = np.isfinite(centre)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di or dj:
                    is_low &= centre <= heights[1 + di : resolution - 1 + di, 1 + dj : resolution - 1 + dj]
        candidates = grid[1:-1, 1:-1][is_low]
        candidates = candidates[np.argsort(centre[is_low])[: 8 * limit]]
        points = _saddle_free_newton(value, grad, hessian, candidates)
        g, h, f = grad(points), hessian(points), value(points)
        finite = np.isfinite(f) & np.isfinite(g).all(axis=-1) & np.isfinite(h).all(axis=(-1, -2))
        h = np.where(finite[:, None, None], h, 0.0)
        eigenvalues = np.linalg.eigvalsh(h)
        scale = np.abs(eigenvalues).max(axis=-1) + 1.0
        keep = (
            finite
            & (eigenvalues[:, 0] > 1e-9 * scale)
            & (np.abs(g).max(axis=-1) < 1e-7 * scale)
            & (x_low <= points[:, 0])
            & (points[:, 0] <= x_high)
            & (y_low <= points[:, 1])
            & (points[:, 1] <= y_high)
        )
    points, f = points[keep], f[keep]
    order = np.argsort(f, kind="stable")
    size = max(x_high - x_low, y_high - y_low)
    found: list[np.ndarray] = []
    for point in points[order]:
        if all(np.abs(point - other).max() > 1e-6 * size for other in found):
            found.append(point)
    return np.array(found[:limit]).reshape(-1, 2)


def _saddle_free_newton(value: Fn, grad: Fn, hessian: Fn, points: np.ndarray, iterations: int = 40):
    points = points.copy()
    if len(points) == 0:
        return points
    for _ in range(iterations):
        eigenvalues, eigenvectors = np.linalg.eigh(hessian(points))
        magnitude = np.abs(eigenvalues)
        magnitude = np.maximum(magnitude, 1e-8 * (magnitude.max(axis=-1, keepdims=True) + 1e-12))
        g = grad(points)
        coefficients = np.einsum("...ji,...j->...i", eigenvectors, g) / magnitude
        step = np.einsum("...ij,...j->...i", eigenvectors, coefficients)
        step = np.where(np.isfinite(step), step, 0.0)
        current = value(points)
        scale = np.ones(len(points))
        for _ in range(20):  # halve until the step goes downhill (or is negligible)
            trial = points - scale[:, None] * step
            worse = ~(value(trial) <= current)
            if not worse.any():
                break
            scale = np.where(worse, 0.5 * scale, scale)
        moved = value(trial) <= current
        points = np.where(moved[:, None], trial, points)
        step_size = np.abs(scale[:, None] * step).max(axis=-1)
        if not np.any(moved & (step_size > 1e-13 * (1.0 + np.abs(points).max(axis=-1)))):
            break  # converged (or stuck) everywhere
    return points
