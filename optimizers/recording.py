"""What the run loop records: divergence marks and the NaN rows after them, the per-step table of
:func:`optimizers.trajectory`, the loss along the path and the averaged iterates (Polyak, EMA).
"""

from __future__ import annotations

import numpy as np


def mark_divergence(positions, first, last, bound, diverged_at) -> int:
    """Mark points whose rows ``first..last`` leave ``bound`` (or are not finite); return ``last``."""
    block = positions[first : last + 1]
    # NaN makes the comparison false, so "not within bound" also catches non-finite values
    if np.abs(block).max(initial=0.0) <= bound:
        return last
    outside = ~(np.abs(block) <= bound).all(axis=-1)  # (rows, ...)
    first_outside = np.where(outside.any(axis=0), outside.argmax(axis=0) + first, -1)
    fresh = (diverged_at < 0) & (first_outside >= 0)
    diverged_at[fresh] = first_outside[fresh]
    return last


def blank_after_divergence(rows, diverged_at, offset):
    """NaN in every row after each point's divergence step (``offset`` = 1 for positions, 0 for step rows).

    For positions, the diverged row itself is blanked as well when it is not finite.
    """
    if not (diverged_at >= 0).any():
        return
    for index in zip(*np.nonzero(diverged_at >= 0), strict=True) if diverged_at.ndim else [()]:
        at = int(diverged_at[index])
        point = (slice(None), *index)
        column = rows[point]
        column[at + offset :] = np.nan
        if offset == 1 and not np.isfinite(column[at]).all():
            column[at] = np.nan


class Recorder:
    """Preallocated arrays for :func:`trajectory`; rows never reached stay NaN."""

    def __init__(self, steps, start, state, fields):
        self.grads = np.full((steps, *start.shape), np.nan)
        self.updates = np.full((steps, *start.shape), np.nan)
        self.effective_lr = np.full((steps, *start.shape), np.nan)
        self.states = {}
        for name, value in state._asdict().items():
            if fields is not None and name not in fields:
                continue  # working memory such as L-BFGS's history: large, and not what the inspector shows
            value = np.asarray(value)
            if value.dtype.kind not in "biuf":
                continue  # not a number or an array of numbers (a history list, say): nothing to plot
            dtype = value.dtype if value.dtype.kind in "biu" else float
            fill = 0 if dtype is not float else np.nan
            self.states[name] = np.full((steps, *value.shape), fill, dtype=dtype)
        self.batch_ndim = start.ndim - 1

    def add(self, step, grads, updates, state, effective_lr):
        row = step - 1
        self.grads[row] = grads
        self.updates[row] = updates
        self.effective_lr[row] = effective_lr
        for name, value in zip(state._fields, state, strict=True):
            rows = self.states.get(name)
            if rows is None:
                continue
            if np.shape(value) != rows.shape[1:]:
                del self.states[name]  # a field whose shape changes between steps cannot be tabulated
                continue
            rows[row] = value

    def finish(self, lrs, diverged_at):
        for rows in (self.grads, self.updates, self.effective_lr):
            blank_after_divergence(rows, diverged_at, offset=0)
        for rows in self.states.values():
            # only per-point float fields are blanked; shared scalars (the step count) describe the batch
            if (
                rows.dtype.kind == "f"
                and rows.shape[1 : 1 + self.batch_ndim] == diverged_at.shape
                and rows.ndim > 1
            ):
                blank_after_divergence(rows, diverged_at, offset=0)
        return {
            "grads": self.grads,
            "updates": self.updates,
            "effective_lr": self.effective_lr,
            "states": self.states,
            "lrs": np.array(lrs, dtype=float),
        }


def losses_at(surface, positions):
    """The full objective at every position, vectorised when the objective takes a batch."""
    try:
        values = np.asarray(surface.value(positions), dtype=float)
        if values.shape == positions.shape[:-1]:
            return values
    except (ValueError, TypeError, IndexError):
        pass
    flat = positions.reshape(-1, positions.shape[-1])
    return np.array([float(surface.value(p)) for p in flat]).reshape(positions.shape[:-1])


def averaged_positions(positions, kind, ema_decay):
    """Polyak (running mean) or EMA of the positions, row by row, started at the start."""
    with np.errstate(all="ignore"):
        if kind == "polyak":
            counts = np.arange(1, len(positions) + 1).reshape((-1,) + (1,) * (positions.ndim - 1))
            return np.cumsum(positions, axis=0) / counts
        averaged = np.empty_like(positions)
        averaged[0] = positions[0]
        keep = float(ema_decay)
        for row in range(1, len(positions)):
            averaged[row] = keep * averaged[row - 1] + (1.0 - keep) * positions[row]
        return averaged
