"""What tells two lab configurations apart: the settings that differ (the headings of compare mode) and a
one-line verdict computed from their runs.

A heading names the optimizer and every setting in which its configuration differs from the other one, with
defaults filled in, so two Adam runs read "Adam, dropout 0" and "Adam, dropout 0.5" rather than "Adam"
twice.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import optimizers
from optimizers import schedules

from .lab import LAYER_WIDTHS, NETWORK, LabState, optimizer_of, widths

PER_LAYER = {"width", *(p.name for p in LAYER_WIDTHS)}  # said once, as the units of every layer


def _network_label(name: str) -> str:
    return NETWORK[name].label or name.replace("_", " ")


def _written(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(_written(v) for v in value)
    return str(value)


def settings(state: LabState, index: int) -> dict[str, str]:
    """Every setting of configuration ``index`` as ``{label: value}`` in words, defaults included."""
    config = state.configs[index]
    found = {_network_label(n): _written(config.net(n)) for n in NETWORK if n not in PER_LAYER}
    found["units"] = "-".join(map(str, widths(config)))
    try:
        hyperparams = dict(optimizer_of(config).hyperparams)  # resolved: torch's defaults filled in
    except (ValueError, TypeError):
        hyperparams = dict(config.hyperparams)
    found |= {name: _written(value) for name, value in hyperparams.items()}
    found["schedule"] = schedules.spec(config.schedule).title
    found |= {f"schedule {k}": _written(v) for k, v in config.schedule_params}
    return found


def heading(state: LabState, index: int) -> str:
    """``Configuration i: Optimizer, setting value, ...``: every setting in which configuration ``index``
    differs from another one that has it (two optimizers' own hyperparameters, Adam's betas, are not
    compared; their shared ones, the learning rate, are)."""
    config = state.configs[index]
    mine = settings(state, index)
    others = [settings(state, j) for j in range(len(state.configs)) if j != index]
    differ = [
        f"{label} {value}"
        for label, value in mine.items()
        if any(label in other and other[label] != value for other in others)
    ]
    return f"Configuration {index + 1}: " + ", ".join([optimizers.spec(config.optimizer).title, *differ])


def _at(values: np.ndarray, index: int) -> float:
    return float(values[index]) if 0 <= index < len(values) else math.nan


def verdict(runs) -> str:
    """One line from two runs: their lowest validation loss (the early-stopping point) and its step, which
    is lower, and the final validation losses; a diverged run is named as such."""
    first, second = runs
    parts = []
    for number, run in enumerate(runs, start=1):
        if run.diverged_at is not None:
            parts.append(f"configuration {number} diverged at step {run.diverged_at}")
    best = [_at(run.validation_loss, run.best_index) for run in runs]
    if not all(math.isfinite(b) for b in best):
        return "; ".join(parts) or "No finite validation loss to compare."
    winner = 1 if best[0] < best[1] else 2
    line = (
        f"Validation loss {best[0]:.3g} vs {best[1]:.3g} at the early-stopping point (step "
        f"{first.best_step} and {second.best_step}): configuration {winner} generalises better"
    )
    if best[0] == best[1]:
        line = f"Validation loss {best[0]:.3g} for both at the early-stopping point"
    final = [_at(run.validation_loss, len(run.validation_loss) - 1) for run in runs]
    line += f"; final validation loss {final[0]:.3g} vs {final[1]:.3g}"
    return "; ".join([line, *parts]) + "."
