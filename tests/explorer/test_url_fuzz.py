"""The explorer's links under fuzzing, with every size cap combined: no query raises, the plan fits the
budget or refuses with a notice, and the planned tool runs to its end or to its deadline, never to a
traceback (benchmarks/explorer_budget.run_tool runs what the page runs)."""

from __future__ import annotations

import contextlib

from hypothesis import example, given
from hypothesis import strategies as st

import explorer
import scenes
import surfaces
from benchmarks.explorer_budget import run_tool
from explorer import budget
from explorer.settings import AXES, COMPARE, PARAMS_BY_NAME, TOOLS, read_link
from playground import compute
from scenes.explorer import EXPLORER
from tests.fuzz import assert_short, fuzz

PRESETS = scenes.presets(EXPLORER)
SECONDS = 4.0
FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))  # ~500 characters


def _number(low, high):
    return st.one_of(st.integers(low, high).map(str), st.sampled_from(["", "-1", "1e309", "nan", "2.5", "x"]))


def _pair():
    number = st.one_of(
        st.floats(-1, 2000, allow_nan=False).map(lambda v: f"{v:g}"), st.sampled_from(["0", "1e-9"])
    )
    return st.one_of(st.tuples(number, number).map(",".join), st.sampled_from(["", "1", "1,2,3", "a,b"]))


VALUES = {
    "tool": st.sampled_from([*TOOLS, "nope", ""]),
    "grid": _number(0, 400),
    "cells": _number(0, 200),
    "members": _number(0, 400),
    "ramp": _number(0, 2000),
    "steps": _number(0, 10_000),
    "tol": st.sampled_from(["1e-2", "1e-6", "1", "0", "-1", "inf"]),
    "x": st.sampled_from([*AXES, "none", "bogus"]),
    "y": st.sampled_from([*AXES, "none", "bogus"]),
    "xr": _pair(),
    "yr": _pair(),
    "levels": _pair(),
    "lrs": _pair(),
    "compare": st.sampled_from([*COMPARE, "x"]),
    "surface": st.sampled_from([*surfaces.names(), "custom", "nope"]),
    "expr": st.sampled_from([FORMULA, "x**2 + 3*y**2", "log(x) + sqrt(y)", "x+(", "1/(x*y)", ""]),
    "lane1": st.sampled_from(
        [
            "adadelta",
            "rmsprop",
            "lbfgs:lr=1,line_search_fn=strong_wolfe,max_eval=100",
            "lbfgs",
            "newton",
            "sgd:lr=0.001",
            "momentum:lr=5",
            "adam:lr=10",
            "prodigy",
            "rprop",
            "sgd:lr=-1",
            "nope:lr=1",
        ]
    ),
    "start": st.sampled_from(["1,1", "1e6,-1e6", "nan,0", "x"]),
    "scene": st.sampled_from([*PRESETS, "nope"]),
    "batch_size": st.sampled_from(["0", "1", "64", "100000"]),
    "n_samples": st.sampled_from(["10", "50", "1000"]),
}
QUERIES = st.dictionaries(st.sampled_from(sorted(VALUES)), st.just(None)).flatmap(
    lambda keys: st.fixed_dictionaries({key: VALUES[key] for key in keys})
)
CAPS = {name: str(int(PARAMS_BY_NAME[name].high)) for name in ("grid", "cells", "members", "ramp")}
WORST = {**CAPS, "steps": "5000", "surface": "custom", "expr": FORMULA}


@fuzz(200)
@given(QUERIES)
@example({**WORST, "tool": "sweep", "lane1": "momentum:lr=0.01", "surface": "ravine"})
@example({**WORST, "tool": "ensemble", "lane1": "lbfgs:lr=1,line_search_fn=strong_wolfe,max_eval=100"})
@example({**WORST, "tool": "basins", "lane1": "newton"})
@example({**WORST, "tool": "range", "lane1": "lbfgs:lr=1,line_search_fn=strong_wolfe,max_eval=100"})
def test_no_link_raises_and_every_plan_fits_the_budget_or_is_refused_with_a_notice(query):
    state, found, notices = read_link(query, PRESETS)
    assert_short(notices)
    compute.build_surface(state)  # the codec keeps only formulas that build
    decision = budget.plan(found, state, SECONDS)
    assert decision.refused or decision.planned.seconds <= SECONDS
    assert (decision.notice is not None) == (decision.cut or decision.refused)
    for name, value in vars(decision.settings).items():
        PARAMS_BY_NAME[name].validate(value)  # a cut keeps values the page offers


@fuzz(25)
@given(QUERIES)
@example({**WORST, "tool": "sweep", "lane1": "momentum:lr=0.01", "surface": "ravine"})
@example(
    {**WORST, "tool": "ensemble", "compare": "batch_size", "levels": "1,1000", "surface": "linear_regression"}
)
@example(  # a batch larger than the data set: the page says so
    {
        "tool": "ensemble",
        "compare": "batch_size",
        "levels": "1,1000",
        "surface": "logistic_regression",
        "members": "2",
    }
)
@example(
    {"tool": "sweep", "lane1": "adadelta", "x": "rho", "xr": "0,5", "y": "none", "cells": "4"}
)  # rho > 1
def test_the_planned_tool_runs_to_its_end_or_its_deadline(query):
    state, found, _ = read_link(query, PRESETS)
    decision = budget.plan(found, state, 0.2)  # small, so that the runs stay quick
    if decision.refused:
        return
    stop = compute.cpu_deadline(decision.deadline_seconds)
    with contextlib.suppress(explorer.TimeLimitError):  # the page says so (explorer.page.time_limit_notice)
        run_tool(decision.settings, state, decision.steps, decision.batch, stop)
