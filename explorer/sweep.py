r"""Hyperparameter phase diagrams: for which settings does an optimizer converge, and how fast?

A sweep runs one optimizer from one start for every cell of a grid of hyperparameter values (for example a
log grid of learning rates times a grid of momenta) and records, per cell, the steps to tolerance, the final
loss and whether (and at which step) the run diverged; see :mod:`explorer.outcome`. All cells run as one
vectorised batch: the hyperparameters are passed to the optimizer as ``(k, 1)`` columns against ``k`` copies
of the start, which gives the same numbers as ``k`` separate runs.

On a quadratic, and for the SGD family (plain, heavy ball, Nesterov), the same grid is also computed from
theory (:mod:`explorer.theory`): the spectral radius :math:`\rho` of the iteration matrix per cell, so that
measured and predicted convergence can be compared cell by cell.

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

import optimizers
from explorer import outcome, theory
from explorer.basins import BOUND, chunk_size, run_starts
from explorer.halt import Halt
from explorer.outcome import Outcome, frozen

MAX_CELLS = 160_000


@dataclass(frozen=True, eq=False)
class SweepTheory:
    """The theoretical grid of a sweep on a quadratic (same shape as the measured grid).

    Attributes:
      spectral_radius: :math:`\\rho` per cell; the run converges where it is below 1.
      predicted_steps: the rate estimate of the steps to tolerance, ``-1`` where :math:`\\rho \\ge 1`.
      lambda_max: the largest Hessian eigenvalue (the stability limit is ``2 / lambda_max`` at momentum 0).
      nesterov: whether the Nesterov recurrence applies.
      optimum: the tuned setting (:func:`explorer.theory.optimum`), keys among the sweep's axes.
    """

    spectral_radius: np.ndarray
    predicted_steps: np.ndarray
    lambda_max: float
    nesterov: bool
    optimum: Mapping[str, float]

    @property
    def converges(self) -> np.ndarray:
        return self.spectral_radius < 1.0


@dataclass(frozen=True, eq=False)
class Sweep:
    """The result of :func:`sweep`; grids have shape ``tuple(len(v) for v in values)`` (axis order kept).

    Attributes:
      axes: the swept hyperparameter names, e.g. ``("lr", "momentum")``.
      values: the grid values per axis.
      grid: the measured :class:`~explorer.outcome.Outcome` laid out on the grid.
      theory: a :class:`SweepTheory` on quadratics for the SGD family, else ``None``.
      optimizer: the registry name; ``hyperparams``: the settings that were not swept.
      start, steps, tolerance: the settings of the runs.
    """

    axes: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    grid: Outcome
    theory: SweepTheory | None
    optimizer: str
    hyperparams: Mapping[str, object]
    start: np.ndarray
    steps: int
    tolerance: float

    def setting(self, index: tuple[int, ...]) -> dict[str, object]:
        """All hyperparameters of the cell at ``index`` (swept ones as Python floats)."""
        cells = zip(self.axes, self.values, index, strict=True)
        chosen = {axis: float(values[i]) for axis, values, i in cells}
        return {**self.hyperparams, **chosen}

    def fastest(self) -> tuple[int, ...] | None:
        """Index of the cell that reached tolerance in the fewest steps (lowest final loss breaks ties)."""
        steps = self.grid.steps_to_tolerance
        if not (steps >= 0).any():
            return None
        key = np.where(steps >= 0, steps, np.iinfo(np.int64).max).astype(float)
        order = np.lexsort((np.nan_to_num(self.grid.final_losses, nan=np.inf).ravel(), key.ravel()))
        return tuple(int(i) for i in np.unravel_index(order[0], steps.shape))


def sweep(
    surface,
    optimizer: optimizers.Optimizer,
    start,
    axes: Mapping[str, Sequence[float]],
    steps: int = 500,
    tolerance: float = 1e-2,
    *,
    stop=None,
    batch: int | None = None,
) -> Sweep:
    """Run ``optimizer`` from ``start`` for every combination of the values in ``axes``.

    Args:
      surface: a :class:`surfaces.Surface`.
      optimizer: the optimizer whose other hyperparameters stay as bound.
      start: ``(2,)`` the start point shared by every cell.
      axes: one or two hyperparameter names of the optimizer mapped to their values, for example
        ``{"lr": log_grid(1e-3, 1, 60), "momentum": np.linspace(0, 0.99, 60)}``.
      steps, tolerance: see :mod:`explorer.outcome`.
      stop, batch: as for :func:`explorer.basin_map` (cells per vectorised run instead of starts).

    Example::

        >>> import optimizers, surfaces
        >>> ravine = surfaces.get("ravine", condition_number=10)
        >>> result = sweep(ravine, optimizers.get("sgd"), (-8.0, 2.0), {"lr": [0.05, 0.25]}, steps=300)
        >>> result.grid.labels.tolist(), round(float(result.theory.spectral_radius[1]), 2)
        ([0, -2], 1.5)
    """
    tolerance = outcome.check_tolerance(tolerance)
    steps = optimizers.loop.check_steps(steps)
    start = _start(start)
    names, values = _axes(optimizer, axes)
    shape = tuple(len(v) for v in values)
    mesh = np.meshgrid(*values, indexing="ij")
    columns = {name: m.ravel() for name, m in zip(names, mesh, strict=True)}
    fixed = {k: v for k, v in optimizer.hyperparams.items() if k not in names}
    cells = _Cells(surface, optimizer.name, fixed, start, steps, tolerance, Halt(stop))
    measured = cells.run(columns, batch)
    return Sweep(
        axes=names,
        values=tuple(frozen(v) for v in values),
        grid=measured.reshape(shape),
        theory=_theory(surface, optimizer, names, mesh, start, tolerance),
        optimizer=optimizer.name,
        hyperparams=dict(fixed),
        start=frozen(start),
        steps=steps,
        tolerance=tolerance,
    )


def log_grid(low: float, high: float, count: int) -> np.ndarray:
    """``count`` values from ``low`` to ``high`` (both included), equally spaced in :math:`\\log`."""
    if not (0.0 < low < high < float("inf")) or count < 1:
        raise ValueError(f"a log grid needs 0 < low < high and count >= 1, got {low}, {high}, {count}")
    return np.geomspace(low, high, int(count))


class _Cells:
    """The runs of a sweep's cells: what every cell shares (surface, start, steps, the fixed settings)."""

    def __init__(self, surface, name, fixed, start, steps, tolerance, halt):
        self.surface, self.name, self.fixed, self.start = surface, name, fixed, start
        self.steps, self.tolerance, self.halt = steps, tolerance, halt

    def run(self, columns: Mapping[str, np.ndarray], batch: int | None) -> Outcome:
        """Batched runs: each swept hyperparameter a ``(k, 1)`` column against ``k`` copies of the start.

        A chunk of cells takes its own slice of every column, so that its settings pair with its starts;
        an optimizer that takes one value per hyperparameter (L-BFGS decides per run) runs cell by cell.
        """
        cells = len(next(iter(columns.values())))
        if optimizers.spec(self.name).scalar_only:
            return outcome.concatenate([self.alone(_cell(columns, i)) for i in range(cells)])
        size, parts = chunk_size(self.steps, batch), []
        for first in range(0, cells, size):
            broadcast = {axis: column[first : first + size, None] for axis, column in columns.items()}
            optimizer = optimizers.get(self.name, **self.fixed, **broadcast)
            starts = np.tile(self.start, (len(next(iter(broadcast.values()))), 1))
            parts.append(
                run_starts(self.surface, optimizer, starts, self.steps, self.tolerance, halt=self.halt)
            )
        return outcome.concatenate(parts)

    def alone(self, setting) -> Outcome:
        """One cell as the playground runs it: a single ``(2,)`` start (a batch of one may round
        differently)."""
        self.halt.between()
        optimizer = optimizers.get(self.name, **self.fixed, **setting)
        path = optimizers.run(optimizer, self.surface, self.start, self.steps, stop=self.halt.loop_stop)
        path = path[:, None, :]
        diverged_at = outcome.divergence_steps(path, BOUND)
        return outcome.settle(path, diverged_at, self.surface.minima, self.tolerance, self.surface.value)


def _cell(columns, i) -> dict[str, float]:
    return {axis: float(column[i]) for axis, column in columns.items()}


def _theory(surface, optimizer, names, mesh, start, tolerance) -> SweepTheory | None:
    bowl = theory.bowl(surface)
    hyperparams = optimizer.hyperparams
    applies = (
        bowl is not None
        and optimizer.name in theory.MOMENTUM_FAMILY
        and set(names) <= set(theory.THEORY_AXES)
        and hyperparams.get("weight_decay", 0.0) == 0.0
        and not hyperparams.get("maximize", False)
    )
    if not applies:
        return None
    setting = {k: hyperparams.get(k, 0.0) for k in theory.THEORY_AXES}
    setting.update(zip(names, mesh, strict=True))
    nesterov = optimizer.name == "nesterov" or bool(hyperparams.get("nesterov", False))
    rho = theory.spectral_radius(bowl.eigenvalues, **setting, nesterov=nesterov)
    distance = float(np.linalg.norm(start - bowl.minimum))
    momentum_free = "momentum" not in names and setting["momentum"] == 0.0
    best = theory.optimum(bowl, momentum_free)
    return SweepTheory(
        spectral_radius=frozen(rho),
        predicted_steps=frozen(theory.predicted_steps(rho, distance, tolerance)),
        lambda_max=float(bowl.eigenvalues[-1]),
        nesterov=nesterov,
        optimum={k: v for k, v in best.items() if k in names},
    )


def _start(start) -> np.ndarray:
    try:
        point = np.array(start, dtype=float).reshape(2)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (x, y), got {start!r}") from None
    if not np.isfinite(point).all():
        raise ValueError("start must be finite")
    return point


def _axes(optimizer, axes) -> tuple[tuple[str, ...], tuple[np.ndarray, ...]]:
    """Validated axis names (float hyperparameters of the optimizer) and values (torch's checks per value)."""
    if not isinstance(axes, Mapping) or not 1 <= len(axes) <= 2:
        raise ValueError("axes must map one or two hyperparameter names to their values")
    spec = optimizers.spec(optimizer.name)
    names, values = [], []
    for axis, given in axes.items():
        if spec.param(axis).kind != "float":
            raise ValueError(f"{axis} is not a number that can be swept")
        column = np.array(given, dtype=float).reshape(-1)
        if column.size == 0 or not np.isfinite(column).all():
            raise ValueError(f"{axis} needs at least one value, all finite")
        for value in np.unique(column):
            optimizers.get(optimizer.name, **{**optimizer.hyperparams, axis: float(value)})  # torch's message
        names.append(axis)
        values.append(column)
    if int(np.prod([len(v) for v in values])) > MAX_CELLS:
        raise ValueError(f"a sweep has at most {MAX_CELLS:,} cells")
    return tuple(names), tuple(values)


def overlay(result: Sweep) -> dict:
    """What a phase diagram draws over the measured cells: ``boundary`` (on an lr x momentum grid the
    stability boundary as ``(lrs, momenta)``, on an lr axis the stability limit), the theory's ``optimum``
    (when it is a point of the grid's axes), the ``fastest`` measured cell's values and, on one axis, the
    ``predicted_steps``. Entries are ``None`` where they do not apply."""
    found = result.fastest()
    drawn = {
        "boundary": None,
        "optimum": None,
        "fastest": None
        if found is None
        else tuple(float(v[i]) for v, i in zip(result.values, found, strict=True)),
        "predicted_steps": None,
    }
    known, names = result.theory, result.axes
    if known is None or names[0] != "lr":
        return drawn
    if set(known.optimum) == set(names):
        drawn["optimum"] = tuple(known.optimum[a] for a in names)
    dampening = float(result.hyperparams.get("dampening", 0.0))
    if names == ("lr", "momentum"):
        up = result.values[1]
        edge = theory.stability_lr(known.lambda_max, up, dampening, nesterov=known.nesterov)
        drawn["boundary"] = (edge, up)
    elif names == ("lr",):
        momentum = float(result.hyperparams.get("momentum", 0.0))
        drawn["boundary"] = float(theory.stability_lr(known.lambda_max, momentum, dampening, known.nesterov))
        drawn["predicted_steps"] = known.predicted_steps
    return drawn
