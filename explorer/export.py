"""CSV and JSON of the explorer's grids, written with the standard library's ``csv`` and ``json``.

One row per start (basin map), per cell (sweep), per member (ensemble) or per step (range test); a diverged
run's final point and loss are empty in CSV and ``null`` in JSON, never a made-up number. Settings travel in
the JSON as given (user text such as a formula is data there, not markup).

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

OUTCOME_COLUMNS = ("label", "steps_to_tolerance", "diverged_at", "final_x", "final_y", "final_loss")


def _number(value):
    value = float(value)
    return value if math.isfinite(value) else None


def _outcome_rows(grid) -> list[list]:
    labels = np.asarray(grid.labels).reshape(-1)
    steps = np.asarray(grid.steps_to_tolerance).reshape(-1)
    diverged = np.asarray(grid.diverged_at).reshape(-1)
    points = np.asarray(grid.final_points).reshape(-1, 2)
    losses = np.asarray(grid.final_losses).reshape(-1)
    return [
        [int(a), int(b), int(c), _number(p[0]), _number(p[1]), _number(f)]
        for a, b, c, p, f in zip(labels, steps, diverged, points, losses, strict=True)
    ]


def basin_rows(result) -> tuple[list[str], list[list]]:
    starts = result.starts.reshape(-1, 2)
    rows = [
        [float(s[0]), float(s[1]), *row] for s, row in zip(starts, _outcome_rows(result.grid), strict=True)
    ]
    return ["start_x", "start_y", *OUTCOME_COLUMNS], rows


def sweep_rows(result) -> tuple[list[str], list[list]]:
    mesh = np.meshgrid(*result.values, indexing="ij")
    cells = np.stack([m.reshape(-1) for m in mesh], axis=1)
    header = [*result.axes, *OUTCOME_COLUMNS]
    rows = [[*map(float, cell), *row] for cell, row in zip(cells, _outcome_rows(result.grid), strict=True)]
    if result.theory is not None:
        header += ["theory_spectral_radius", "theory_steps"]
        rho = result.theory.spectral_radius.reshape(-1)
        predicted = result.theory.predicted_steps.reshape(-1)
        rows = [[*row, float(r), int(p)] for row, r, p in zip(rows, rho, predicted, strict=True)]
    return header, rows


def ensemble_rows(result) -> tuple[list[str], list[list]]:
    seeds = np.asarray(result.seeds).reshape(-1)
    rows = [[int(s), *row] for s, row in zip(seeds, _outcome_rows(result.members), strict=True)]
    return ["seed", *OUTCOME_COLUMNS], rows


def ensemble_table(levels, results) -> tuple[list[str], list[list]]:
    """The rows of several ensembles, each row led by its setting (the noise level or batch size)."""
    header = ["setting", *ensemble_rows(results[0])[0]]
    rows = [
        [level, *row]
        for level, result in zip(levels, results, strict=True)
        for row in ensemble_rows(result)[1]
    ]
    return header, rows


def range_rows(result) -> tuple[list[str], list[list]]:
    rows = [
        [i + 1, float(lr), _number(loss), _number(smooth)]
        for i, (lr, loss, smooth) in enumerate(zip(result.lrs, result.losses, result.smoothed, strict=True))
    ]
    return ["step", "lr", "loss_above_minimum", "smoothed"], rows


def to_csv(header: list[str], rows: list[list]) -> str:
    """CSV text: a header and one line per row, empty cells for missing numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def to_json(header: list[str], rows: list[list], settings: dict) -> str:
    """JSON text ``{"settings": ..., "columns": header, "rows": rows}`` (missing numbers are ``null``)."""
    return json.dumps({"settings": settings, "columns": header, "rows": rows}, allow_nan=False)
