"""The Playground page within its compute budget: a worst-case link is cut with a notice that says what
and how to get the full run; formulas and lanes that leave a formula's domain say so."""

from __future__ import annotations

import pathlib
import sys

from streamlit.testing.v1 import AppTest

from playground import budget
from playground.state import Lane, PlaygroundState, to_query
from tests.pages import helpers as pages

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402


def open_page(state: PlaygroundState) -> AppTest:
    return pages.open_page(to_query(state))


def test_the_worst_case_link_is_cut_to_the_budget_with_a_notice_and_still_draws():
    hostile = load.hostile_state(0)
    plan = budget.plan(hostile, budget.DEFAULT_SECONDS)
    app = open_page(hostile)
    warnings = "\n".join(w.value for w in app.warning)
    assert "6 L-BFGS lanes × 5,000 steps on a custom formula would take about" in warnings
    assert f"showing the first {plan.steps:,} steps" in warnings and "make run" in warnings
    assert app.get("bidi_component") or app.get("plotly_chart"), "the cut run is still drawn"
    assert app.query_params["steps"] == "5000", "the link keeps asking for the full run"
    assert app.slider(key="pg_inspect_step").max == plan.steps


def test_a_formula_undefined_on_part_of_the_window_says_so_and_so_does_a_lane_that_walks_out():
    state = PlaygroundState(
        surface="custom",
        expression="sqrt(1 - x**2 - y**2)",
        lanes=(Lane("sgd", {"lr": 0.3}),),
        start=(0.1, 0.1),
    )
    app = open_page(state)
    assert any("is not a real number on about" in info.value for info in app.info)
    warnings = "\n".join(w.value for w in app.warning)
    assert "left the formula's domain at step" in warnings and "Lower its learning rate" not in warnings
