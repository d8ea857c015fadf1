"""Trajectories as files: CSV (one row per lane and step) and JSON (the state plus every array).

The page's download buttons and the command line (``python -m playground``) write through these functions, so
a file carries the same numbers whichever way it was made: positions, losses, the scheduled learning rate,
the gradient the update used, the effective per-axis learning rate, the step taken and the optimizer state
after each step. Row ``step = k`` describes the point reached after ``k`` steps and the step that led there
(``step = 0`` is the start and has no gradient). Optimizer state columns are prefixed ``state_`` (Adam's step
counter is ``state_step``, apart from the row's ``step``). Diverged values are empty CSV cells and JSON
``null``.

Files are safe to open: a text cell (a lane's name) that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'``, as OWASP recommends against CSV injection, so a spreadsheet shows it
as text instead of running it as a formula. Number cells are left alone: ``-0.5`` is data, and the csv
module writes every number as ``repr(float)``, which a spreadsheet reads as a number. JSON is written with
``allow_nan=False`` after NaN and infinities became ``null``, so it is always valid JSON.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from playground.state import Lane, PlaygroundState, to_query

FIXED_COLUMNS = (
    "lane",
    "optimizer",
    "step",
    "x",
    "y",
    "loss",
    "lr",
    "grad_x",
    "grad_y",
    "effective_lr_x",
    "effective_lr_y",
    "update_x",
    "update_y",
)
STATE_PREFIX = "state_"
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` for a CSV cell: a leading ``'`` when a spreadsheet would read it as a formula."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def lane_name(index: int, lane: Lane) -> str:
    return lane.label or f"lane {index + 1}: {lane.optimizer}"


def _per_axis(values: np.ndarray) -> list[np.ndarray]:
    """Split ``(steps, 2)`` into its two columns; broadcast ``(steps,)`` scalars to both."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        return [values, values]
    return [values[..., 0], values[..., 1]]


def _cell(value: float) -> str:
    return "" if not math.isfinite(value) else repr(float(value))


def _state_columns(trajectory) -> dict[str, np.ndarray]:
    """State fields as named columns: ``state_velocity_x``, ``state_velocity_y``, ``state_step`` ..."""
    columns = {}
    for name, values in trajectory.states.items():
        values = np.asarray(values, dtype=float)
        column = STATE_PREFIX + name
        if values.ndim == 2 and values.shape[-1] == 2:
            columns[f"{column}_x"], columns[f"{column}_y"] = values[..., 0], values[..., 1]
        elif values.ndim == 1:
            columns[column] = values
        # a field with more numbers per step (Newton's Hessian) is in the JSON file, not in the table
    return columns


def table(state: PlaygroundState, trajectories: Sequence) -> tuple[list[str], list[list[Any]]]:
    """The CSV table: its header and one row per lane and step, every row as long as the header."""
    state_names: list[str] = []
    for trajectory in trajectories:
        for name in _state_columns(trajectory):
            if name not in state_names:
                state_names.append(name)
    header = [*FIXED_COLUMNS, *state_names]
    rows = []
    for index, (lane, trajectory) in enumerate(zip(state.lanes, trajectories, strict=True)):
        positions = np.asarray(trajectory.positions, dtype=float)
        losses = np.asarray(trajectory.losses, dtype=float)
        step_columns = [np.asarray(trajectory.lrs, dtype=float)]
        for values in (trajectory.grads, trajectory.effective_lr, trajectory.updates):
            step_columns += _per_axis(values)
        columns = _state_columns(trajectory)
        name = safe_text(lane_name(index, lane))
        for step in range(len(positions)):
            row = [name, lane.optimizer, step, _cell(positions[step, 0]), _cell(positions[step, 1])]
            row.append(_cell(losses[step]))
            if step == 0:  # the start: no step led here
                row += [""] * (len(step_columns) + len(state_names))
            else:
                row += [_cell(values[step - 1]) for values in step_columns]
                row += [_cell(columns[c][step - 1]) if c in columns else "" for c in state_names]
            rows.append(row)
    return header, rows


def trajectories_csv(state: PlaygroundState, trajectories: Sequence) -> str:
    """One row per lane and step: position, loss, lr, gradient, effective lr, step taken, optimizer state."""
    header, rows = table(state, trajectories)
    out = io.StringIO()
    # RFC 4180's CRLF line ends: the csv module then also quotes a cell holding a lone CR or LF
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def plain(value: Any) -> Any:
    """JSON-ready: arrays and tuples as lists, numpy scalars as Python numbers, NaN and infinities as None."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def trajectories_json(state: PlaygroundState, trajectories: Sequence, surface=None) -> str:
    """The page state (as its URL query) and, per lane, every array of its trajectory."""
    lanes = []
    for index, (lane, trajectory) in enumerate(zip(state.lanes, trajectories, strict=True)):
        diverged = trajectory.diverged_at
        lanes.append(
            {
                "name": lane_name(index, lane),
                "optimizer": lane.optimizer,
                "hyperparams": lane.hyperparams,
                "schedule": lane.schedule,
                "schedule_params": lane.schedule_params,
                "noise": lane.noise,
                "seed": lane.seed,
                "start": [float(v) for v in np.asarray(trajectory.positions, dtype=float)[0]],
                "diverged_at": None if diverged is None else int(diverged),
                "positions": trajectory.positions,
                "losses": trajectory.losses,
                "lrs": trajectory.lrs,
                "grads": trajectory.grads,
                "effective_lr": trajectory.effective_lr,
                "updates": trajectory.updates,
                "states": trajectory.states,
            }
        )
    document = {
        "query": to_query(state),
        "surface": state.surface,
        "surface_params": state.surface_params,
        "expression": state.expression,
        "steps": state.steps,
        "lanes": lanes,
    }
    if surface is not None:
        document["minima"] = surface.minima
        document["latex"] = surface.latex
    return json.dumps(plain(document), indent=1, allow_nan=False)
