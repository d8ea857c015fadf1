"""Landscape explorer: many runs at once, to ask *from where*, *for which settings* and *how lucky*.

- :func:`basin_map`: a grid of starts, labelled by the minimum each run reaches (basins of attraction);
- :func:`sweep`: a grid of hyperparameters from one start (phase diagrams), with quadratic theory beside it;
- :func:`ensemble`: one setting over many seeds of noise or mini-batches (the noise ball);
- :func:`lr_range_test`: one run with an exponentially growing learning rate, and the suggested rate.

>>> import optimizers, surfaces
>>> result = basin_map(surfaces.get("himmelblau"), optimizers.get("sgd", lr=0.01), resolution=4, steps=200)
>>> sorted(result.fractions())
[0, 1, 2, 3]

Pure NumPy on top of :mod:`optimizers` and :mod:`surfaces`: no streamlit, no plotly; results are frozen
dataclasses of read-only arrays.
"""

from explorer.basins import BasinMap, basin_map, cell_centres
from explorer.ensemble import Ensemble, ensemble
from explorer.halt import Halt, TimeLimitError
from explorer.outcome import DIVERGED, NONE, Outcome
from explorer.range_test import RangeTest, lr_range_test
from explorer.sweep import Sweep, SweepTheory, log_grid, sweep

__all__ = [
    "DIVERGED",
    "NONE",
    "BasinMap",
    "Ensemble",
    "Halt",
    "Outcome",
    "RangeTest",
    "Sweep",
    "SweepTheory",
    "TimeLimitError",
    "basin_map",
    "cell_centres",
    "ensemble",
    "log_grid",
    "lr_range_test",
    "sweep",
]
