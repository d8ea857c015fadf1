"""A fair race: each lane at its own well-tuned learning rate, and the sentence that says who got there first.

"Settled" is the lecture's measure of speed on a surface with a known minimum :math:`f^*`: the first step
:math:`t` from which the loss gap stays small,

.. math::  f(\\theta_s) - f^* < \\rho \\, (f(\\theta_0) - f^*) \\quad \\text{for every } s \\ge t,

with :math:`\\rho =` ``SETTLE_FRACTION`` (0.1 % of the start's gap). A path that only passes near the minimum
and leaves again has not settled. The tuned rate of a lane is the learning rate of ``GRID`` (1, 1.5, 2, 3, 5,
7 per decade, readable numbers) with the earliest settling step in the page's number of steps, ties going to
the smaller rate; a lane that settles at no rate gets the one with the lowest final gap.
``tools/tune_defaults.py`` prints the tuned table and ``tests/playground/test_tuning.py`` checks that
:mod:`playground.defaults` holds exactly what this module measures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from playground.compute import run_lane
from playground.lane import Lane

SETTLE_FRACTION = 1e-3
GRID = tuple(sorted({round(m * 10.0**e, 8) for e in range(-5, 1) for m in (1, 1.5, 2, 3, 5, 7)}))


def settled_at(losses, f_min: float, fraction: float = SETTLE_FRACTION) -> int | None:
    """The first step from which ``losses - f_min`` stays below ``fraction`` of its start value (``None``:
    not within the run; a diverged run's NaN rows count as not settled).

    >>> settled_at([10.0, 1.0, 0.001, 0.02, 0.001, 0.0], 0.0, 0.01)
    4
    """
    gap = np.asarray(losses, dtype=float) - float(f_min)
    target = fraction * gap[0]
    unsettled = np.flatnonzero(~(gap < target))
    if len(unsettled) == 0:
        return 0
    last = int(unsettled[-1])
    return None if last == len(gap) - 1 else last + 1


@dataclass(frozen=True)
class Tuned:
    """A tuned rate, the step a lane settles at with it (``None``: at no rate of the grid), its final gap."""

    lr: float
    settled_at: int | None
    final_gap: float


def _grid_losses(surface, lane: Lane, start, steps: int, grid) -> np.ndarray:
    """Losses ``(steps + 1, len(grid))`` of ``lane`` at every rate of ``grid``: one broadcast run (see
    docs/architecture.md), or one run per rate for an optimizer that takes scalars only."""
    try:
        rates = np.asarray(grid, dtype=float).reshape(-1, 1)
        trial = dataclasses.replace(lane, hyperparams={**lane.hyperparams, "lr": rates})
        return np.asarray(run_lane(surface, trial, start, steps).losses, dtype=float).reshape(steps + 1, -1)
    except (ValueError, TypeError):
        columns = []
        for lr in grid:
            trial = dataclasses.replace(lane, hyperparams={**lane.hyperparams, "lr": float(lr)})
            columns.append(run_lane(surface, trial, start, steps).losses)
        return np.stack(columns, axis=1)


def tune(surface, lane: Lane, start, steps: int, grid=GRID) -> Tuned:
    """The rate of ``grid`` with which ``lane`` (other hyperparameters kept) settles first on ``surface``."""
    f_min = float(surface.value(surface.minima[0]))
    losses = _grid_losses(surface, lane, start, steps, grid)
    ranks = []
    for k, lr in enumerate(grid):
        when = settled_at(losses[:, k], f_min)
        gap = float(np.nan_to_num(losses[-1, k] - f_min, nan=np.inf))
        ranks.append((when if when is not None else np.inf, gap, float(lr), when))
    _, gap, lr, when = min(ranks)
    return Tuned(lr, when, gap)
