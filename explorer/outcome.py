r"""Where a batch of runs ended up: the shared bookkeeping of basin maps, sweeps and ensembles.

A run *reaches* the known minimum :math:`m_j` when its last point lies within ``tolerance`` of it,

.. math::

    \text{label} = j \quad\text{if}\quad \lVert \theta_T - m_j \rVert \le \text{tol}
    \;\text{ for the nearest } m_j,

and its *steps to tolerance* is the first step from which it stays there,

.. math::

    t^\ast = \min \{\, t : \lVert \theta_s - m_j \rVert \le \text{tol} \ \text{for all}\ s \ge t \,\},

so a momentum run that passes through the ball and swings out again is only counted once it settles. A run
that ends elsewhere is labelled :data:`NONE`; a run that left the loop's bound (or became non-finite) is
:data:`DIVERGED`, with the step at which it did.

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NONE = -1  # ended away from every known minimum
DIVERGED = -2  # left the loop's bound or became non-finite


@dataclass(frozen=True, eq=False)
class Outcome:
    """Per-run results for a flat batch of ``k`` runs (all arrays read-only, shape ``(k,)`` unless noted).

    Attributes:
      labels: index of the minimum reached, :data:`NONE` or :data:`DIVERGED`.
      steps_to_tolerance: :math:`t^\\ast` for runs that reached a minimum, ``-1`` otherwise.
      diverged_at: the step at which a run diverged, ``-1`` for runs that did not.
      final_points: ``(k, 2)``, the last point (NaN for diverged runs).
      final_losses: the full objective at the last point (NaN for diverged runs).
    """

    labels: np.ndarray
    steps_to_tolerance: np.ndarray
    diverged_at: np.ndarray
    final_points: np.ndarray
    final_losses: np.ndarray

    def reshape(self, shape: tuple[int, ...]) -> Outcome:
        """The same results with the run axis laid out as ``shape`` (a grid)."""
        return Outcome(
            labels=frozen(self.labels.reshape(shape)),
            steps_to_tolerance=frozen(self.steps_to_tolerance.reshape(shape)),
            diverged_at=frozen(self.diverged_at.reshape(shape)),
            final_points=frozen(self.final_points.reshape(*shape, -1)),
            final_losses=frozen(self.final_losses.reshape(shape)),
        )


def frozen(array) -> np.ndarray:
    """``array`` as a read-only NumPy array (results are immutable)."""
    array = np.array(array)
    array.setflags(write=False)
    return array


def settle(positions: np.ndarray, diverged_at: np.ndarray, minima, tolerance: float, value) -> Outcome:
    """Label a batch of paths ``positions`` of shape ``(steps + 1, k, 2)`` (see the module docstring).

    Args:
      positions: the paths from :func:`optimizers.run` for a ``(k, 2)`` start.
      diverged_at: ``(k,)`` first diverged step, ``-1`` for none (the loop's convention).
      minima: ``(m, 2)`` known minima (``m`` may be 0: then every finite run is :data:`NONE`).
      tolerance: radius of the ball around a minimum that counts as reaching it (> 0).
      value: the full objective, ``value(p)`` for ``p`` of shape ``(k, 2)``.
    """
    minima = np.asarray(minima, dtype=float).reshape(-1, 2)
    diverged_at = np.asarray(diverged_at, dtype=np.int64).reshape(-1)
    final = positions[-1]
    diverged = diverged_at >= 0
    labels = np.full(len(final), NONE, dtype=np.int64)
    steps = np.full(len(final), -1, dtype=np.int64)
    with np.errstate(all="ignore"):
        if len(minima):
            gaps = np.linalg.norm(final[:, None, :] - minima[None, :, :], axis=-1)  # (k, m)
            nearest = np.argmin(np.where(np.isfinite(gaps), gaps, np.inf), axis=1)
            reached = (gaps[np.arange(len(final)), nearest] <= tolerance) & ~diverged
            labels[reached] = nearest[reached]
            steps[reached] = _settling_steps(
                positions, np.flatnonzero(reached), minima[nearest[reached]], tolerance
            )
        labels[diverged] = DIVERGED
        final = np.where(diverged[:, None], np.nan, final)
        losses = np.asarray(value(final), dtype=float)
    return Outcome(
        labels=frozen(labels),
        steps_to_tolerance=frozen(steps),
        diverged_at=frozen(diverged_at),
        final_points=frozen(final),
        final_losses=frozen(np.where(diverged, np.nan, losses)),
    )


def _settling_steps(positions, columns, targets, tolerance, block=64) -> np.ndarray:
    """:math:`t^\\ast` for the paths ``positions[:, columns]``, which end within ``tolerance`` of ``targets``.

    The paths are scanned backwards a block of rows at a time, and a path leaves the scan at its last exit
    from the ball: the work is the steps spent settled, not the whole path (most of the cost otherwise).
    """
    settled_at = np.zeros(len(columns), dtype=np.int64)
    pending = np.arange(len(columns))
    end = len(positions)
    radius2 = tolerance * tolerance
    while pending.size and end > 0:
        begin = max(0, end - block)
        gap = positions[begin:end][:, columns[pending]] - targets[pending]
        gap *= gap
        outside = ~(gap[..., 0] + gap[..., 1] <= radius2)  # (rows, pending)
        exited = outside.any(axis=0)
        last_exit = end - 1 - np.argmax(outside[::-1], axis=0)
        settled_at[pending[exited]] = last_exit[exited] + 1
        pending = pending[~exited]
        end = begin
    return settled_at


def divergence_steps(positions: np.ndarray, bound: float) -> np.ndarray:
    """``(k,)`` the first row of each path that is non-finite or beyond ``bound`` (``-1``: none).

    This is how :func:`optimizers.run` marks divergence (the row after it is NaN), read back from the
    positions it returns so that the fast path, which returns positions only, can be used.
    """
    steps = np.full(positions.shape[1], -1, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        # the loop blanks every row after divergence, so a diverged path's last row is NaN or out of bound
        suspects = np.flatnonzero(~(np.abs(positions[-1]) <= bound).all(axis=-1))
        if suspects.size:
            outside = ~(np.abs(positions[:, suspects]) <= bound).all(axis=-1)  # (steps + 1, suspects)
            steps[suspects] = outside.argmax(axis=0)
    return steps


def concatenate(parts: list[Outcome]) -> Outcome:
    """One :class:`Outcome` from the outcomes of consecutive chunks of a batch."""
    return Outcome(
        *(frozen(np.concatenate([getattr(p, name) for p in parts])) for name in Outcome.__dataclass_fields__)
    )


def check_tolerance(tolerance) -> float:
    """``tolerance`` as a positive finite float, or a ``ValueError`` that says what is wrong."""
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, np.integer, np.floating)):
        raise ValueError(f"tolerance must be a number, got {tolerance!r}")
    if not (0.0 < tolerance < float("inf")):
        raise ValueError(f"tolerance must be a positive finite number, got {tolerance}")
    return float(tolerance)
