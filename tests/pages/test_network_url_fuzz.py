"""No URL shows a traceback on the Network lab or the lesson pages: their query keys fuzzed with the size caps
combined, at the level of the pure functions the pages call (the codec, the budget's plan, the network's
build), and a handful of the worst links opened under AppTest."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

import datasets
import training
from nets import lesson_settings
from nets.lesson_settings import ACTIVATION_PAGE, INIT_PAGE, MAX_DEEP_WORK
from playground.budget import DEFAULT_SECONDS
from tests.fuzz import assert_short, fuzz, near
from tests.pages import helpers as pages
from training import lab
from ui import network_lab

FUZZ = fuzz(150)
# pieces near the lab's grammar, the caps among them, so that fuzzing reaches past the first check
ATOMS = [
    *datasets.names(),
    "newton",
    "lbfgs",
    "muon",
    "adam",
    "n_points=2000",
    "n_points=20",
    "hidden_layers=6",
    "width=32",
    "activation=gelu",
    "dropout=0.9",
    "line_search_fn=strong_wolfe",
    "max_eval=100",
    "history_size=200",
    "ns_steps=20",
    "schedule=cosine",
    "schedule.T_max=0",
    "5000",
    "2000",
    "1e309",
    "nan",
    "-1",
]
VALUES = near(ATOMS, ":,=|%.&-", text=10, pieces=8)
LAB_KEYS = st.sampled_from(["data", "opt1", "net1", "opt2", "net2", "steps", "batch", "seed", "scene"])
WORST = {
    "data": "spirals:n_points=2000,x1_squared=1,x2_squared=1,x1_x2=1,sin_x1=1,sin_x2=1",
    "net1": "hidden_layers=6,width=32,activation=gelu,dropout=0.5",
    "opt1": "lbfgs:line_search_fn=strong_wolfe,max_eval=100,history_size=200",
    "net2": "hidden_layers=1,width=32",
    "opt2": "newton",
    "steps": "5000",
}


@FUZZ
@given(st.dictionaries(LAB_KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=2))))
@example(WORST)
@example({"opt1": "muon:ns_steps=20", "net1": "hidden_layers=6,width=32", "steps": "5000", "batch": "1"})
@example({"data": "x" * 100_000, "opt1": "sgd:lr=" + "9" * 5000})
def test_any_lab_link_reads_plans_within_the_budget_and_builds(query):
    state, notices = lab.from_query(query)
    assert_short(notices)
    assert lab.from_query(lab.to_query(state)) == (state, [])
    plan = network_lab.decide(state, DEFAULT_SECONDS)
    if plan.refused:
        assert plan.steps == 0 and "even cut to" in plan.notice
    else:
        assert network_lab.estimate(state, plan.steps).seconds <= DEFAULT_SECONDS
        assert (plan.notice is None) == (plan.steps == state.steps)
    for index, config in enumerate(state.configs):
        training.build(lab.network_spec(state, index), state.batch, state.seed)
        lab.optimizer_of(config)
        lab.schedule_of(config)


LESSON_KEYS = st.sampled_from([*(p.name for p in ACTIVATION_PAGE + INIT_PAGE), "scene"])


@FUZZ
@given(st.dictionaries(LESSON_KEYS, st.one_of(VALUES, st.integers(-(10**9), 10**9).map(str))))
@example({"layers": "20", "width": "1000", "points": "2000", "depth": "40", "lr": "100"})
def test_any_lesson_link_reads_and_stays_within_the_experiment_cap(query):
    for params in (ACTIVATION_PAGE, INIT_PAGE):
        values, notices = lesson_settings.from_query(params, query)
        assert_short(notices, 300)
        assert lesson_settings.from_query(params, lesson_settings.to_query(params, values)) == (values, [])
    values, _ = lesson_settings.from_query(INIT_PAGE, query)
    lesson_settings.deep_work_notice(values)
    assert lesson_settings.deep_work(values) <= MAX_DEEP_WORK


def test_the_worst_lab_link_shows_a_notice_not_a_traceback(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.5")  # refused or cut quickly, never computed in full
    app = pages.open_page(WORST, page="network_lab", timeout=180)
    said = " ".join(str(e.value) for e in [*app.error, *app.warning])
    assert "Training 2 configurations (6 × 32 with L-BFGS, 1 × 32 with Newton) for 5,000 steps" in said


def test_a_capped_initialisation_link_shows_its_notices_not_a_traceback(monkeypatch):
    # three layers of 1,000 units on 2,000 points: over the size cap, and then over a small budget
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.6")
    app = pages.open_page(
        {"layers": "3", "width": "1000", "points": "2000", "scene": "%00"}, page="initialisation"
    )
    assert any("multiply-adds" in str(i.value) for i in app.info), "the size cap says what it cut"
    assert any("would take about" in str(w.value) for w in app.warning), "and so does the budget"
