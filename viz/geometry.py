"""Geometry of paths against the view: where a path left the window, and distances to the minima."""

import numpy as np


def points(values) -> np.ndarray:
    """Any point or list of points as an ``(n, 2)`` float array (``(0, 2)`` for None or empty)."""
    if values is None:
        return np.zeros((0, 2))
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return np.zeros((0, 2))
    return values.reshape(-1, 2)


def inside(point, window) -> bool:
    (x_min, x_max), (y_min, y_max) = window
    return bool(x_min <= point[0] <= x_max and y_min <= point[1] <= y_max)


def inside_mask(positions: np.ndarray, window) -> np.ndarray:
    """Which rows of ``positions (n, 2)`` lie in the window (NaN rows do not)."""
    (x_min, x_max), (y_min, y_max) = window
    x, y = positions[:, 0], positions[:, 1]
    with np.errstate(invalid="ignore"):
        return (x >= x_min) & (x <= x_max) & (y >= y_min) & (y <= y_max)


def exit_point(inside_point, outside_point, window) -> np.ndarray:
    """Where the segment from a point inside the window to one outside crosses the window's border."""
    (x_min, x_max), (y_min, y_max) = window
    p = np.asarray(inside_point, float)
    d = np.asarray(outside_point, float) - p
    fractions = [1.0]
    for axis, (low, high) in enumerate(((x_min, x_max), (y_min, y_max))):
        if d[axis] > 0:
            fractions.append((high - p[axis]) / d[axis])
        elif d[axis] < 0:
            fractions.append((low - p[axis]) / d[axis])
    return p + min(fractions) * d


def divergence_marker(positions: np.ndarray, window) -> tuple[int, np.ndarray] | None:
    """For a path that left the window for good: the last step inside and the point where it crossed the
    border. ``None`` when the path's last finite point is inside the window."""
    end = finite_length(positions) - 1
    if end < 0 or inside(positions[end], window):
        return None
    rows = np.flatnonzero(inside_mask(positions[: end + 1], window))
    if rows.size == 0:
        return None
    last_inside = int(rows[-1])
    return last_inside, exit_point(positions[last_inside], positions[last_inside + 1], window)


def distance_to_minima(positions: np.ndarray, minima: np.ndarray) -> np.ndarray:
    """Distance of every row to the nearest of ``minima (m, 2)``; NaN when no minimum is known."""
    if len(minima) == 0:
        return np.full(len(positions), np.nan)
    with np.errstate(all="ignore"):
        gaps = positions[:, None, :] - minima[None, :, :]
        return np.min(np.hypot(gaps[..., 0], gaps[..., 1]), axis=1)


def finite_length(positions: np.ndarray) -> int:
    """The number of leading rows whose coordinates are all finite (a diverged path stops there)."""
    positions = np.asarray(positions, dtype=float)
    if positions.size == 0:
        return 0
    bad = ~np.all(np.isfinite(positions.reshape(len(positions), -1)), axis=1)
    return int(np.argmax(bad)) if bad.any() else len(positions)
