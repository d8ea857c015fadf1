r"""Basins of attraction: from which starts does an optimizer reach which minimum?

A ``resolution`` x ``resolution`` grid of start points over a window is run as one batch (the loop is
vectorised over starts), and each start is labelled by :func:`explorer.outcome.settle`: the index of the known
minimum its last point lies within ``tolerance`` of, :data:`~explorer.outcome.NONE`, or
:data:`~explorer.outcome.DIVERGED` (with the step). For gradient descent with a small step the basins are
those of the gradient flow :math:`\dot\theta = -\nabla f(\theta)`; a large step, momentum or an adaptive
method redraws them, which is the picture this module exists to show.

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import optimizers
from explorer import outcome
from explorer.halt import Halt
from explorer.outcome import Outcome, frozen

MAX_RESOLUTION = 400
BOUND = 1e6  # the loop's default: a coordinate beyond it counts as divergence
# A chunk of starts is run at a time so that its path array stays near this many floats (64 MB).
CHUNK_FLOATS = 8_000_000


@dataclass(frozen=True, eq=False)
class BasinMap:
    """The result of :func:`basin_map` (arrays read-only; grids have shape ``(ny, nx)``, row = y).

    Attributes:
      xs, ys: ``(nx,)``, ``(ny,)`` cell centres of the grid of starts.
      minima: ``(m, 2)`` the known minima the labels index.
      grid: an :class:`~explorer.outcome.Outcome` laid out on the grid (``labels``, ``steps_to_tolerance``,
        ``diverged_at``, ``final_points`` ``(ny, nx, 2)``, ``final_losses``).
      steps, tolerance: the settings of the run.
    """

    xs: np.ndarray
    ys: np.ndarray
    minima: np.ndarray
    grid: Outcome
    steps: int
    tolerance: float

    @property
    def starts(self) -> np.ndarray:
        """``(ny, nx, 2)`` the start of every cell."""
        return np.stack(np.meshgrid(self.xs, self.ys), axis=-1)

    def fractions(self) -> dict[int, float]:
        """Share of the starts per label: minimum index, ``NONE`` and ``DIVERGED`` (labels present only)."""
        labels, counts = np.unique(self.grid.labels, return_counts=True)
        total = self.grid.labels.size
        return {int(label): float(count / total) for label, count in zip(labels, counts, strict=True)}

    def sample_starts(self, count: int) -> np.ndarray:
        """``(<= count, 2)`` starts spread evenly over the grid (a lattice of cells), for sample paths."""
        side = max(1, int(np.ceil(np.sqrt(count))))
        rows = np.linspace(0, len(self.ys) - 1, side + 2)[1:-1].round().astype(int)
        columns = np.linspace(0, len(self.xs) - 1, side + 2)[1:-1].round().astype(int)
        points = [(self.xs[c], self.ys[r]) for r in rows for c in columns]
        return np.array(points[:count], dtype=float).reshape(-1, 2)


def cell_centres(window, resolution) -> tuple[np.ndarray, np.ndarray]:
    """Centres of an ``nx`` x ``ny`` grid of equal cells over ``window`` (``resolution`` an int or a pair).

    With centres, an image of the grid covers exactly the window: pixel ``i`` spans
    ``[low + i h, low + (i + 1) h]`` with ``h = (high - low) / n``.
    """
    nx, ny = _resolution(resolution)
    (x_low, x_high), (y_low, y_high) = _window(window)
    xs = x_low + (np.arange(nx) + 0.5) * (x_high - x_low) / nx
    ys = y_low + (np.arange(ny) + 0.5) * (y_high - y_low) / ny
    return xs, ys


def basin_map(
    surface,
    optimizer: optimizers.Optimizer,
    window=None,
    resolution=100,
    steps: int = 500,
    tolerance: float = 1e-2,
    *,
    stop=None,
    batch: int | None = None,
) -> BasinMap:
    """Run ``optimizer`` from every cell of a grid over ``window`` and label where each run ends.

    Args:
      surface: a :class:`surfaces.Surface` (``value``, ``grad``, ``minima``, ``window``).
      optimizer: an :class:`optimizers.Optimizer` with its hyperparameters bound.
      window: ``((x_min, x_max), (y_min, y_max))``; the surface's own window by default.
      resolution: cells per side (an int) or ``(nx, ny)``, each in ``1..400``.
      steps: updates per start.
      tolerance: distance to a minimum that counts as having reached it.
      stop: the run loop's ``stop`` (see :mod:`explorer.halt`): a True ends the map with ``OutOfTime``.
      batch: at most this many starts per vectorised run (a budget keeps one step of a batch short, so
        that ``stop`` is asked often); the memory bound :data:`CHUNK_FLOATS` applies as well.

    Example::

        >>> import optimizers, surfaces
        >>> himmelblau = surfaces.get("himmelblau")
        >>> result = basin_map(himmelblau, optimizers.get("sgd", lr=0.01), resolution=8, steps=200)
        >>> result.grid.labels.shape
        (8, 8)
    """
    window = surface.window if window is None else window
    tolerance = outcome.check_tolerance(tolerance)
    steps = optimizers.loop.check_steps(steps)
    xs, ys = cell_centres(window, resolution)
    starts = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    result = run_starts(surface, optimizer, starts, steps, tolerance, halt=Halt(stop), batch=batch)
    return BasinMap(
        xs=frozen(xs),
        ys=frozen(ys),
        minima=frozen(surface.minima),
        grid=result.reshape((len(ys), len(xs))),
        steps=steps,
        tolerance=tolerance,
    )


def chunk_size(steps: int, batch: int | None = None) -> int:
    """Starts per vectorised run: paths of about :data:`CHUNK_FLOATS` floats, and at most ``batch``."""
    size = max(1, CHUNK_FLOATS // (2 * (steps + 1)))
    return size if batch is None else max(1, min(size, int(batch)))


def run_starts(
    surface, optimizer, starts: np.ndarray, steps: int, tolerance: float, *, halt=None, batch=None
) -> Outcome:
    """:func:`~explorer.outcome.settle` of runs from ``(k, 2)`` starts, in chunks of bounded memory.

    ``halt`` (an :class:`explorer.halt.Halt`) is asked inside and between the chunks.
    """
    halt = Halt() if halt is None else halt
    chunk = chunk_size(steps, batch)
    parts = []
    for first in range(0, len(starts), chunk):
        halt.between()
        block = starts[first : first + chunk]
        positions = optimizers.run(optimizer, surface, block, steps, stop=halt.loop_stop)
        diverged_at = outcome.divergence_steps(positions, BOUND)
        parts.append(outcome.settle(positions, diverged_at, surface.minima, tolerance, surface.value))
    return outcome.concatenate(parts)


def _resolution(resolution) -> tuple[int, int]:
    pair = (resolution, resolution) if np.ndim(resolution) == 0 else tuple(resolution)
    if len(pair) != 2:
        raise ValueError(f"resolution must be a whole number or a pair (nx, ny), got {resolution!r}")
    for n in pair:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_RESOLUTION:
            raise ValueError(f"resolution must be whole numbers from 1 to {MAX_RESOLUTION}, got {pair!r}")
    return int(pair[0]), int(pair[1])


def _window(window):
    try:
        (x_low, x_high), (y_low, y_high) = window
        bounds = [float(v) for v in (x_low, x_high, y_low, y_high)]
    except (TypeError, ValueError):
        raise ValueError(f"window must be ((x_min, x_max), (y_min, y_max)), got {window!r}") from None
    x_low, x_high, y_low, y_high = bounds
    if not (np.isfinite(bounds).all() and x_low < x_high and y_low < y_high):
        raise ValueError(f"window must be finite with min < max on both axes, got {window!r}")
    return (x_low, x_high), (y_low, y_high)
