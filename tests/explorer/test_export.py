"""Exports of the explorer's grids: every row read back, diverged runs left empty rather than invented."""

import csv
import io
import json

import numpy as np

import optimizers
import surfaces
from explorer import basin_map, ensemble, lr_range_test, sweep
from explorer.export import basin_rows, ensemble_rows, range_rows, sweep_rows, to_csv, to_json


def test_basin_csv_has_one_row_per_start_and_empty_cells_where_runs_diverged():
    result = basin_map(surfaces.get("himmelblau"), optimizers.get("sgd", lr=0.03), resolution=5, steps=60)
    header, rows = basin_rows(result)
    table = list(csv.reader(io.StringIO(to_csv(header, rows))))
    assert table[0][:3] == ["start_x", "start_y", "label"] and len(table) == 26
    diverged = [row for row in table[1:] if row[2] == "-2"]
    assert diverged and all(row[-1] == "" and row[-3] == "" for row in diverged)
    assert float(table[1][0]) == result.xs[0] and float(table[1][1]) == result.ys[0]


def test_sweep_json_carries_the_theory_beside_the_measurement():
    ravine = surfaces.get("ravine", condition_number=10)
    result = sweep(ravine, optimizers.get("sgd"), (-8.0, 2.0), {"lr": [0.05, 0.3]}, 100)
    header, rows = sweep_rows(result)
    document = json.loads(to_json(header, rows, {"surface": "ravine", "note": "<b>x</b>"}))
    assert document["columns"][-2:] == ["theory_spectral_radius", "theory_steps"]
    assert document["rows"][1][header.index("final_loss")] is None  # lr 0.3 > 2 / 10 diverged
    assert np.isclose(document["rows"][1][header.index("theory_spectral_radius")], 2.0)
    assert document["settings"]["note"] == "<b>x</b>"


def test_ensemble_and_range_rows_name_their_seed_and_step():
    ravine = surfaces.get("ravine", condition_number=4)
    cloud = ensemble(ravine, optimizers.get("sgd", lr=0.1), (3.0, 1.0), seeds=[2, 9], noise=0.5, steps=50)
    header, rows = ensemble_rows(cloud)
    assert header[0] == "seed" and [row[0] for row in rows] == [2, 9]
    test = lr_range_test(ravine, optimizers.get("sgd"), (3.0, 1.0), 1e-3, 1.0, 30)
    header, rows = range_rows(test)
    assert rows[0][:2] == [1, 1e-3] and len(rows) == len(test.lrs)
