"""A training run's own path on its own loss landscape: the plane of the path's two principal directions.

For checkpoints :math:`\\theta_0, \\dots, \\theta_m` (the last is the run's answer), the differences
:math:`\\theta_i - \\theta_m` are stacked into a matrix whose two leading right singular vectors
:math:`u_1, u_2` are the directions in which the path moves most (Li et al. 2018, "Visualizing the Loss
Landscape of Neural Nets", section 7). Their share of the path's squared length,
:math:`(s_1^2 + s_2^2) / \\sum_k s_k^2`, is the **explained variance**: what the picture shows of the path.

Distances are measured on the network's own scale, with **filter normalisation** (Li et al. 2018): every
entry of a unit (a row of a weight matrix with its bias) is divided by that unit's norm in
:math:`\\theta_m` before the principal directions are taken, so a unit with large weights does not dominate
the picture because of its size; entries of no unit (batch normalisation's scale and shift, PReLU's slopes)
and units whose norm is zero keep scale 1. The principal directions :math:`u_1, u_2` of the normalised
differences are mapped back, :math:`d_k = N u_k` with :math:`N` the diagonal of unit norms, so each
direction's entries for a unit are on that unit's scale. (Li et al. rescale each random direction to the
unit norms directly; doing it to the space instead keeps a path that lies in a plane exactly on it.) The
plane is :math:`\\theta(a, b) = \\theta_m + a\\, d_1 + b\\, d_2`, a checkpoint's coordinates are
:math:`a_{ik} = u_k \\cdot N^{-1}(\\theta_i - \\theta_m)`, and the loss is the objective's value (the
training loss with its penalty, full set, dropout off) at each grid point.

The plane is not the path: a checkpoint's own loss and the plane's loss at its projection differ by
whatever the other directions held. :attr:`PathLandscape.gap` reports that difference, honestly, beside the
explained variance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PathLandscape", "path_landscape", "principal_directions", "unit_norms"]


@dataclass(frozen=True, eq=False)
class PathLandscape:
    """The plane, the path on it and the loss over it.

    Attributes:
      directions: ``(2, d)`` the directions :math:`d_1, d_2` on the units' scale.
      explained_variance: ``(2,)`` each direction's share of the path's squared length (filter
        normalised); their sum is what the plane shows of the path.
      path: ``(m, 2)`` each checkpoint's coordinates on the plane.
      grid_a, grid_b: ``(G,)`` the plane's axes; losses ``(G, G)``, rows along b, columns along a.
      loss_on_plane: ``(m,)`` the plane's loss at each checkpoint's projection.
      recorded_loss: ``(m,)`` the run's own training loss at each checkpoint.
    """

    directions: np.ndarray
    explained_variance: np.ndarray
    path: np.ndarray
    grid_a: np.ndarray
    grid_b: np.ndarray
    losses: np.ndarray
    loss_on_plane: np.ndarray
    recorded_loss: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        """``(m,)`` the plane's loss under the path minus the run's recorded loss at each checkpoint."""
        return self.loss_on_plane - self.recorded_loss

    @property
    def largest_gap(self) -> float:
        """The largest absolute gap, relative to the recorded loss's range (0: the plane tells it all)."""
        spread = float(np.ptp(self.recorded_loss)) or 1.0
        return float(np.max(np.abs(self.gap)) / spread)


def principal_directions(differences) -> tuple[np.ndarray, np.ndarray]:
    """``(directions (2, d), explained variance (2,))``: the two leading right singular vectors of the rows
    ``differences`` ``(m, d)`` and their shares of the rows' squared length.

    A path of fewer than three distinct points has fewer than two directions: the missing ones are zero
    with zero explained variance.
    """
    differences = np.asarray(differences, dtype=float)
    _, singular, right = np.linalg.svd(differences, full_matrices=False)
    total = float(np.sum(singular**2))
    directions = np.zeros((2, differences.shape[1]))
    explained = np.zeros(2)
    for k in range(min(2, len(singular))):
        if total > 0 and singular[k] > 1e-12 * singular[0]:
            directions[k] = right[k]
            explained[k] = singular[k] ** 2 / total
    return directions, explained


def unit_norms(architecture, theta) -> np.ndarray:
    """``(d,)``: every entry's unit norm in ``theta`` (a weight row with its bias), 1 for entries of no unit
    and for units whose norm is zero: the diagonal :math:`N` of filter normalisation."""
    theta = np.asarray(theta, dtype=float)
    norms = np.ones_like(theta)
    for layer in architecture.layers:
        fan_out, fan_in = layer.shape
        rows = theta[layer.weight].reshape(fan_out, fan_in)
        unit = np.sqrt(np.sum(rows * rows, axis=1) + theta[layer.bias] ** 2)
        unit = np.where(unit > 0, unit, 1.0)
        norms[layer.weight] = np.repeat(unit, fan_in)
        norms[layer.bias] = unit
    return norms


def path_landscape(objective, params, recorded_loss, grid: int = 41, margin: float = 0.25, stop=None):
    """The :class:`PathLandscape` of a run's checkpoints ``params`` ``(m, d)`` on ``objective`` (a
    ``NetworkObjective``; its ``value`` is the loss drawn); ``recorded_loss`` ``(m,)`` is the same quantity
    as the run recorded it (for a lab run: ``train_loss + penalty``). ``grid`` points per axis over the path's
    extent plus ``margin`` of it on each side. ``stop(row)``: asked before each grid row; True raises
    StopIteration.
    """
    params = np.asarray(params, dtype=float)
    if params.ndim != 2 or len(params) < 2:
        raise ValueError("a path needs at least two checkpoints")
    if not 2 <= grid <= 201:
        raise ValueError(f"grid must be 2..201 points per axis, got {grid}")
    final = params[-1]
    scale = unit_norms(objective.architecture, final)
    unit_directions, explained = principal_directions((params - final) / scale)
    directions = unit_directions * scale
    path = ((params - final) / scale) @ unit_directions.T
    axes = []
    for k in range(2):
        low, high = float(path[:, k].min()), float(path[:, k].max())
        pad = margin * max(high - low, 1e-3)
        axes.append(np.linspace(low - pad, high + pad, grid))
    grid_a, grid_b = axes
    losses = np.empty((grid, grid))
    with np.errstate(all="ignore"):
        for row, b in enumerate(grid_b):
            if stop is not None and stop(row):
                raise StopIteration("path_landscape stopped")
            for column, a in enumerate(grid_a):
                losses[row, column] = objective.value(final + a * directions[0] + b * directions[1])
        on_plane = np.array([objective.value(final + a * directions[0] + b * directions[1]) for a, b in path])
    return PathLandscape(
        directions=directions,
        explained_variance=explained,
        path=path,
        grid_a=grid_a,
        grid_b=grid_b,
        losses=losses,
        loss_on_plane=on_plane,
        recorded_loss=np.asarray(recorded_loss, dtype=float),
    )


# One point of the plane is one loss evaluation over the training set, without its gradient; the Python
# per point makes it cost about a loss-and-gradient evaluation of training/cost.py's model: measured
# 0.95-2.1x of cost.eval_seconds on a 2 x 8 and a 6 x 32 net on 280 points (load 18-21, 2026-12-07).
POINT_EVALS = 1.5


def seconds(architecture, rows: int, grid: int, checkpoints: int) -> float:
    """The estimated CPU seconds of :func:`path_landscape` with ``grid`` points per axis for a path of
    ``checkpoints`` on ``rows`` training rows: ``grid**2 + checkpoints`` loss evaluations."""
    from training import cost

    return POINT_EVALS * (grid * grid + checkpoints) * cost.eval_seconds(architecture, rows)
