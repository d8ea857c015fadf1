"""What the explorer page says about a result: computed from the result, never retyped."""

from __future__ import annotations

import numpy as np

import optimizers
import surfaces
from explorer import ensemble, export, page, sweep


def test_a_clicked_sweep_cell_is_read_from_the_points_customdata():
    event = {"selection": {"points": [{"customdata": [3, 1, 0.5]}, {"x": 1.0}, {"customdata": [0, 2]}]}}
    assert page.picked_cells(event, 2) == [(3, 1), (0, 2)]
    assert page.picked_cells(None, 2) == [] and page.picked_cells({}, 1) == []


def test_the_sweep_caption_counts_the_cells_theory_and_measurement_agree_on():
    ravine = surfaces.get("ravine")
    lrs = np.array([0.01, 0.1, 0.19, 0.25])  # 2 / lambda_max = 0.2 on the default ravine (lambda_max = 10)
    result = sweep(ravine, optimizers.get("sgd"), (-3.0, 2.0), {"lr": lrs}, steps=400, tolerance=1e-3)
    caption = page.sweep_caption(result)
    assert "λ_max = 10." in caption and "Cells where it is below 1: 3;" in caption
    assert caption.endswith(f"measured converged: {int((result.grid.labels >= 0).sum())} of 4.")
    adam = sweep(ravine, optimizers.get("adam"), (-3.0, 2.0), {"lr": [0.01]}, steps=10)
    assert page.sweep_caption(adam).startswith("No theory line")
    assert page.setting_words(result.setting((2,)), ("lr",)) == "lr = 0.19"


def test_ensemble_panels_name_their_setting_and_fractions_and_the_table_leads_each_row_with_it():
    ravine = surfaces.get("ravine")
    results = [
        ensemble(ravine, optimizers.get("sgd", lr=0.05), (-3.0, 2.0), 4, steps=200, noise=level)
        for level in (0.1, 1.0)
    ]
    panel = page.ensemble_panel(results[0], "noise", 0.1)
    assert panel["title"] == f"noise std 0.1: {results[0].fraction_converged:.0%} converged, 0% diverged"
    assert panel["points"].shape == (4, 2) and panel["spread"] == results[0].spread
    assert page.ensemble_panel(results[0], "batch_size", 8.0)["title"].startswith("batch of 8:")
    header, rows = export.ensemble_table((0.1, 1.0), results)
    assert header[:2] == ["setting", "seed"] and len(rows) == 8
    assert [r[0] for r in rows] == [0.1] * 4 + [1.0] * 4
    assert rows[4][1:] == export.ensemble_rows(results[1])[1][0]


def test_the_range_test_limit_is_two_over_lambda_max_for_sgd_on_a_bowl_only():
    ravine = surfaces.get("ravine", condition_number=20.0)
    assert page.sgd_limit(ravine, "sgd") == 2.0 / 20.0
    assert page.sgd_limit(ravine, "adam") is None
    assert page.sgd_limit(surfaces.get("rosenbrock"), "sgd") is None
    assert page.range_caption(100, None).endswith("it ran to the end.")
    assert page.range_caption(100, 41).endswith("it stopped at step 42.")


def test_the_loss_floor_is_the_lowest_known_minimum():
    assert page.floor(surfaces.get("rosenbrock")) == 0.0
    himmelblau = surfaces.get("himmelblau")
    assert page.floor(himmelblau) == float(min(himmelblau.value(himmelblau.minima)))


def test_the_time_limit_notice_says_what_ran_out_and_how_to_get_more():
    from explorer.page import time_limit_notice

    notice = time_limit_notice(3.2, 5.0)
    assert notice.startswith("Stopped at this server's time limit of 5 s of computing")
    assert "estimate of about 3.2 s" in notice and "PLAYGROUND_BUDGET_SECONDS" in notice


def test_batch_sizes_need_a_data_surface_and_a_batch_no_larger_than_its_data_set():
    import surfaces
    from explorer.page import batch_size_problem

    data = surfaces.get("logistic_regression", n_samples=50)
    assert batch_size_problem(data, "batch_size", (0.0, 50.0)) is None
    assert batch_size_problem(data, "noise", (0.1, 1000.0)) is None
    too_big = batch_size_problem(data, "batch_size", (1.0, 1000.0))
    assert too_big.startswith("A batch of 1,000 is more than the data set's 50 points")
    assert "need a data surface" in batch_size_problem(surfaces.get("ravine"), "batch_size", (1.0, 4.0))
