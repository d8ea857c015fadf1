"""Where the maps go and how tall the map is: small multiples' columns and rows, and the natural height.

The rule is the one the Plotly map had (it was tuned on every window shape and on phones), kept for the
canvas player, which fits the height to the visitor's window from there (:func:`viz.theme.fitted_height`).
"""

from dataclasses import dataclass

import numpy as np

PHONE_WIDTH = 340  # px of plot width a phone leaves a map
WIDE_WIDTH = 1000  # px: the width a map's share is measured against on a screen
TEXT_HEIGHT = 270  # px: the controls, the scrubber and the legend under the maps
GAP = 0.04  # the gap between small multiples, as a share of the width


@dataclass(frozen=True)
class Grid:
    """``n_maps`` maps in ``rows x columns`` within ``[0, map_right]`` of the width; beside the panels on a
    screen, above them on a phone (``narrow``), where the maps take the upper half of the height."""

    n_maps: int
    columns: int
    rows: int
    map_right: float
    narrow: bool = False

    @staticmethod
    def of(n_maps: int, window, *, layout: str, narrow: bool = False) -> "Grid":
        """Wide windows (a ravine) get two maps a row, so each keeps a readable height at equal aspect."""
        (x_min, x_max), (y_min, y_max) = window
        columns = max(1, min(n_maps, 2 if narrow or (y_max - y_min) < 0.75 * (x_max - x_min) else 3))
        rows = int(np.ceil(n_maps / columns))
        map_right = 0.84 if narrow else 0.56 if layout == "overlay" else 0.62
        return Grid(n_maps, columns, rows, map_right, narrow)

    @property
    def map_width(self) -> float:
        """One map's share of the width."""
        return (self.map_right - GAP * (self.columns - 1)) / self.columns

    def height(self, window, *, presenter: bool) -> int:
        """The map's natural height in pixels: each map about as tall as its share of the width allows at
        equal aspect, plus its title row; within 380-660 px of maps on a screen (80 px more for presenter
        mode's larger text), at least 560 px on a phone, plus the text under the maps."""
        (x_min, x_max), (y_min, y_max) = window
        aspect = (y_max - y_min) / (x_max - x_min)
        if self.narrow:
            maps = self.rows * (PHONE_WIDTH * self.map_width * aspect + 50)
            return int(max(maps / 0.5, 560)) + TEXT_HEIGHT
        maps = self.rows * (WIDE_WIDTH * self.map_width * aspect + 70)
        return int(np.clip(maps, 380, 660)) + TEXT_HEIGHT + (80 if presenter else 0)
