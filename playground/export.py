"""Trajectories as files: CSV (one row per lane and step) and JSON (the state plus every array).

Both carry the same numbers the page draws: positions, losses, the scheduled learning rate, the gradient the
update used, the effective per-axis learning rate, the step taken and the optimizer state after each step.
Row ``step = k`` describes the point reached after ``k`` steps and the step that led there (``step = 0`` is
the start and has no gradient). Diverged values are written as empty CSV cells and JSON ``null``.
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

from playground.state import Lane, PlaygroundState, to_query


def _per_axis(values: np.ndarray) -> list[np.ndarray]:
    """Split ``(steps, 2)`` into its two columns; broadcast ``(steps,)`` scalars to both."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        return [values, values]
    return [values[..., 0], values[..., 1]]


def _cell(value: float) -> str:
    return "" if not math.isfinite(value) else repr(float(value))


def _state_columns(trajectory) -> dict[str, np.ndarray]:
    """State fields as named columns: ``velocity_x``, ``velocity_y``, ``step`` ..."""
    columns = {}
    for name, values in trajectory.states.items():
        values = np.asarray(values, dtype=float)
        if values.ndim >= 2 and values.shape[-1] == 2:
            columns[f"{name}_x"], columns[f"{name}_y"] = values[..., 0], values[..., 1]
        else:
            columns[name] = values.reshape(len(values))
    return columns


def lane_name(index: int, lane: Lane) -> str:
    return lane.label or f"lane {index + 1}: {lane.optimizer}"


def trajectories_csv(state: PlaygroundState, trajectories: list) -> str:
    """One row per lane and step: position, loss, lr, gradient, effective lr, step taken, optimizer state."""
    state_names = []
    for trajectory in trajectories:
        for name in _state_columns(trajectory):
            if name not in state_names:
                state_names.append(name)
    header = [
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
        *state_names,
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for index, (lane, trajectory) in enumerate(zip(state.lanes, trajectories, strict=True)):
        positions = np.asarray(trajectory.positions, dtype=float)
        losses = np.asarray(trajectory.losses, dtype=float)
        lrs = np.asarray(trajectory.lrs, dtype=float)
        gx, gy = _per_axis(trajectory.grads)
        ex, ey = _per_axis(trajectory.effective_lr)
        ux, uy = _per_axis(trajectory.updates)
        columns = _state_columns(trajectory)
        name = lane_name(index, lane)
        for step in range(len(positions)):
            row = [name, lane.optimizer, step, _cell(positions[step, 0]), _cell(positions[step, 1])]
            row.append(_cell(losses[step]))
            if step == 0:
                row += [""] * (8 + len(state_names))
            else:
                k = step - 1
                row += [_cell(v[k]) for v in (lrs, gx, gy, ex, ey, ux, uy)]
                row += [_cell(columns[c][k]) if c in columns else "" for c in state_names]
            writer.writerow(row)
    return out.getvalue()


def _nulls(values) -> list:
    """A nested list with NaN and infinities as None (JSON has no NaN)."""
    array = np.asarray(values, dtype=float)
    listed = np.where(np.isfinite(array), array, np.nan).tolist()

    def clean(item):
        if isinstance(item, list):
            return [clean(v) for v in item]
        return None if math.isnan(item) else item

    return clean(listed)


def trajectories_json(state: PlaygroundState, trajectories: list, surface=None) -> str:
    """The page state (as its URL query) and, per lane, every array of its trajectory."""
    lanes = []
    for index, (lane, trajectory) in enumerate(zip(state.lanes, trajectories, strict=True)):
        diverged = trajectory.diverged_at
        lanes.append(
            {
                "name": lane_name(index, lane),
                "optimizer": lane.optimizer,
                "hyperparams": {
                    k: list(v) if isinstance(v, tuple) else v for k, v in lane.hyperparams.items()
                },
                "schedule": lane.schedule,
                "schedule_params": dict(lane.schedule_params),
                "noise": lane.noise,
                "seed": lane.seed,
                "diverged_at": None if diverged is None else int(diverged),
                "positions": _nulls(trajectory.positions),
                "losses": _nulls(trajectory.losses),
                "lrs": _nulls(trajectory.lrs),
                "grads": _nulls(trajectory.grads),
                "effective_lr": _nulls(trajectory.effective_lr),
                "updates": _nulls(trajectory.updates),
                "states": {name: _nulls(values) for name, values in trajectory.states.items()},
            }
        )
    document = {
        "query": to_query(state),
        "surface": state.surface,
        "surface_params": dict(state.surface_params),
        "expression": state.expression,
        "steps": state.steps,
        "lanes": lanes,
    }
    if surface is not None:
        document["minima"] = _nulls(surface.minima)
        document["latex"] = surface.latex
    return json.dumps(document, indent=1)
