"""What is drawn over the paths of a map, as plain values: the Hessian's eigenvectors of a quadratic, the
inspected step's gradient and update, extra marked points; and where the colour bar's and the eigenvalues'
labels go."""

from dataclasses import dataclass

import numpy as np

from viz.landscape import Landscape
from viz.theme import format_number


@dataclass(frozen=True, eq=False)
class InspectArrows:
    """One inspected step of one lane: at ``position`` the update used ``gradient``, then moved by
    ``update``."""

    lane: int
    step: int
    position: np.ndarray
    gradient: np.ndarray
    update: np.ndarray


@dataclass(frozen=True, eq=False)
class TheoryOverlay:
    """The Hessian of a quadratic: eigenvector directions (the columns of ``eigenvectors``) drawn through
    ``minimum``, labelled with their eigenvalues and the condition number."""

    minimum: np.ndarray
    eigenvectors: np.ndarray
    eigenvalues: np.ndarray
    condition_number: float


@dataclass(frozen=True, eq=False)
class MarkedPoint:
    """An extra point to mark on the map, such as the minimum of a regularised objective. ``label`` is
    shown in the legend (user text, drawn as text)."""

    position: tuple[float, float]
    label: str
    symbol: str = "diamond"


def colorbar_ticks(landscape: Landscape) -> tuple[np.ndarray, np.ndarray]:
    """Loss values to label on the colour bar and their positions (0..1) on it."""
    if landscape.scale == "quantile":
        values = landscape.levels[:: max(1, int(np.ceil(len(landscape.levels) / 6)))]
        values = np.unique(np.append(values, landscape.levels[-1]))
    elif landscape.scale == "log":
        decades = np.arange(np.floor(np.log10(landscape.delta)), np.ceil(np.log10(landscape.z_high)) + 1)
        candidates = landscape.z_low + 10.0**decades
        values = candidates[(candidates >= landscape.z_low) & (candidates <= landscape.z_high)]
        values = values[:: max(1, int(np.ceil(len(values) / 7)))]
    else:
        values = np.linspace(landscape.z_low, landscape.z_high, 6)
    return values, landscape.normalize(values)


def eigen_label(k: int, value: float, minimum, v, window) -> tuple[float, float, str, str, str]:
    """Eigenvalue ``k``'s label ``(x, y, text, xanchor, yanchor)``, near the window's border along its
    direction ``v`` (the two labels of a ravine then sit far apart, at its end and at its wall), on the
    inner side of the border."""
    (x_min, x_max), (y_min, y_max) = window
    reach = [np.inf]
    for axis, (low, high) in enumerate(((x_min, x_max), (y_min, y_max))):
        if v[axis] > 0:
            reach.append((high - minimum[axis]) / v[axis])
        elif v[axis] < 0:
            reach.append((low - minimum[axis]) / v[axis])
    distance = max(min(reach), 0.0)
    if not np.isfinite(distance):
        distance = 0.22 * min(x_max - x_min, y_max - y_min)
    at = minimum + 0.85 * distance * v
    along_x = abs(v[0]) >= abs(v[1])
    text = f"λ{'₁₂'[k] if k < 2 else k + 1} = {format_number(value)}"
    xanchor = ("right" if v[0] > 0 else "left") if along_x else "left"
    yanchor = "bottom" if along_x else ("top" if v[1] > 0 else "bottom")
    return float(at[0]), float(at[1]), text, xanchor, yanchor
