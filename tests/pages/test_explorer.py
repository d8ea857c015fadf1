"""The Landscape explorer page under AppTest: each tool opens from a link, draws, says what it measured."""

from __future__ import annotations

import functools
import json
import urllib.parse

from streamlit.testing.v1 import AppTest

from playground import budget as playground_budget
from tests.pages.helpers import open_page

open_explorer = functools.partial(open_page, page="explorer")


def chart(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_himmelblau_basins_open_from_a_link_with_all_four_minima_in_the_legend():
    app = open_explorer({"surface": "himmelblau", "lane1": "sgd:lr=0.005", "grid": "24", "steps": "400"})
    names = [trace.get("name", "") for trace in chart(app)["data"]]
    assert sum(name.startswith("→ minimum") for name in names) == 4
    assert app.query_params["tool"] == "basins" and app.query_params["grid"] == "24"
    assert [b.label for b in app.get("download_button")] == ["CSV", "JSON"]


def test_ravine_phase_diagram_draws_the_theoretical_boundary_over_the_measured_cells():
    app = open_explorer({"tool": "sweep", "cells": "12", "steps": "300"})
    traces = {trace.get("name"): trace for trace in chart(app)["data"]}
    assert "theory: stability boundary (ρ = 1)" in traces and "theory: optimum" in traces
    assert any("Cells where it is below 1" in c.value for c in app.caption)


def test_the_range_test_suggests_a_rate_and_links_it_to_a_playground_lane():
    app = open_explorer({"tool": "range", "lane1": "sgd:lr=0.01"})
    suggested = float(app.get("metric")[0].value)
    assert 0 < suggested < 2 / 10  # the default ravine: lambda_max = 10
    link = app.get("link_button")[0].proto.url
    lane = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["lane1"][0]
    assert lane.startswith("sgd:") and f"lr={suggested:.3g}"[:6] in lane


def test_a_bad_link_and_an_oversized_request_get_notices_instead_of_errors(monkeypatch):
    app = open_explorer({"tool": "ensemble", "members": "zillions", "compare": "batch_size"})
    assert any("members must be a number" in w.value for w in app.warning)
    assert any("need a data surface" in e.value for e in app.error)
    larger = open_explorer(
        {"tool": "ensemble", "surface": "logistic_regression", "compare": "batch_size", "levels": "1,1000"}
    )
    assert any("A batch of 1,000 is more than the data set's 200 points" in e.value for e in larger.error)
    refused = open_explorer({"tool": "sweep", "lane1": "adadelta", "x": "rho", "xr": "0,5", "y": "none"})
    assert any("Invalid rho value" in e.value for e in refused.error)  # rho above 1, in torch's words
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "1")  # the same decision, sooner
    monkeypatch.setattr(playground_budget, "DEADLINE_FACTOR", 100.0)  # the plan is tested, not the deadline
    big = open_explorer({"tool": "basins", "grid": "200", "steps": "5000"})
    assert any("200 × 200 starts × 5,000 Momentum steps on Ravine" in w.value for w in big.warning)
    assert big.get("plotly_chart"), "the cut map is still drawn"


def test_a_scene_link_opens_the_explorer_preset():
    app = open_explorer({"scene": "noise-ball-batch-size"})
    assert app.query_params["tool"] == "ensemble" and app.query_params["surface"] == "linear_regression"
    assert not app.warning and not app.error
    titles = [a["text"] for a in chart(app)["layout"]["annotations"]]
    assert any(t.startswith("batch of 4") for t in titles)
    assert any(t.startswith("batch of 64") for t in titles)


# the worst links, with a 500-character formula
FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))
WORST_ENSEMBLE = {
    "tool": "ensemble",
    "surface": "custom",
    "expr": FORMULA,
    "lane1": "lbfgs:lr=1,line_search_fn=strong_wolfe,max_eval=100",
    "members": "200",
    "steps": "250",
}
WORST_BASINS = {"surface": "custom", "expr": FORMULA, "lane1": "sgd:lr=0.001", "grid": "200", "steps": "100"}
WORST_SWEEP = {
    "tool": "sweep",
    "grid": "200",
    "cells": "80",
    "members": "200",
    "ramp": "1000",
    "steps": "5000",
}


def test_the_worst_links_are_cut_or_refused_with_a_notice_and_never_show_a_traceback(monkeypatch):
    from playground import budget

    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.3")  # the same decisions, sooner
    # the plan's decisions are tested here, not the CPU deadline (its own test is below): a cut run planned
    # to fit 0.3 s can pass 1.25 times its estimate on a busy machine and then, rightly, draw nothing
    monkeypatch.setattr(budget, "DEADLINE_FACTOR", 100.0)
    refused = open_explorer(WORST_ENSEMBLE)
    assert any(e.value.startswith("Seed ensemble: 2 × 200 seeds × 250 L-BFGS steps") for e in refused.error)
    assert not refused.get("plotly_chart") and "PLAYGROUND_BUDGET_SECONDS=" in refused.error[0].value
    cut = open_explorer(WORST_BASINS)
    warning = next(w.value for w in cut.warning if w.value.startswith("Basins of attraction"))
    assert "200 × 200 starts × 100 SGD steps on a custom formula" in warning and "showing" in warning
    assert cut.get("plotly_chart") and cut.query_params["grid"] == "200", "drawn; the link keeps the request"
    sweep = open_explorer(WORST_SWEEP)
    assert any(w.value.startswith("Hyperparameter sweep: 80 × 80 cells") for w in sweep.warning)
    assert sweep.get("plotly_chart")


def test_runs_stopped_at_the_deadline_say_so_and_draw_nothing(monkeypatch):
    from playground import budget

    monkeypatch.setattr(budget, "DEADLINE_FACTOR", 1e-9)  # every run is past its deadline at once
    app = open_explorer({"tool": "ensemble", "members": "100", "lane1": "sgd:lr=0.0101"})
    assert any(e.value.startswith("Stopped at this server's time limit") for e in app.error)
    assert not app.get("plotly_chart")


def test_a_scene_link_keeps_its_scene_in_the_address_until_the_page_changes():
    """Issue 24: a reload of a scene link reopens the scene (the clicker's place in the lecture)."""
    app = open_explorer({"scene": "himmelblau-basins"})
    written = {key: app.query_params[key] for key in app.query_params}
    assert written["scene"] == "himmelblau-basins" and written["surface"] == "himmelblau"
    again = open_explorer(written)  # the reload: the address as the page wrote it
    assert {key: again.query_params[key] for key in again.query_params} == written
    again.number_input[0].set_value(again.number_input[0].value + 50).run()  # the steps per run
    assert "scene" not in again.query_params
