"""The compute budget: a rerun's cost is known before any work, and a request that is too big is cut or
refused with a notice that says what and how to get the full run."""

import dataclasses

import pytest

from playground import budget
from playground.state import MAX_PAGE_STEPS, Lane, PlaygroundState

LONG_FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 15))


def worst_case() -> PlaygroundState:
    """A long formula, 6 L-BFGS lanes with strong-Wolfe and max_eval 100, 5,000 steps, small multiples and
    Polyak averaging, each lane at its own lr so that no lane comes from the cache."""
    lanes = tuple(
        Lane("lbfgs", {"lr": 1.0 + k / 100, "line_search_fn": "strong_wolfe", "max_eval": 100}, noise=0.1)
        for k in range(6)
    )
    return PlaygroundState(
        surface="custom",
        expression=LONG_FORMULA,
        lanes=lanes,
        steps=MAX_PAGE_STEPS,
        layout="multiples",
        average="polyak",
    )


def test_the_worst_case_is_cut_to_the_budget_and_says_what_and_how():
    plan = budget.plan(worst_case(), 5.0)
    assert plan.cut and not plan.refused
    assert budget.MIN_STEPS <= plan.steps < MAX_PAGE_STEPS
    assert budget.estimate(worst_case(), plan.steps).seconds <= 5.0
    assert plan.notice.startswith("6 L-BFGS lanes × 5,000 steps on a custom formula would take about")
    assert f"showing the first {plan.steps:,} steps" in plan.notice
    assert "make run" in plan.notice and budget.ENVIRONMENT_VARIABLE in plan.notice
    # the suggested budget really runs it all
    suggested = float(plan.notice.split(f"{budget.ENVIRONMENT_VARIABLE}=")[1].rstrip("."))
    assert budget.plan(worst_case(), suggested).steps == MAX_PAGE_STEPS


def test_the_default_page_and_a_big_built_in_race_run_in_full():
    assert budget.plan(PlaygroundState(), budget.DEFAULT_SECONDS).notice is None
    six_adam = PlaygroundState(surface="rosenbrock", lanes=(Lane("adam"),) * 6, steps=MAX_PAGE_STEPS)
    plan = budget.plan(six_adam, budget.DEFAULT_SECONDS)
    assert plan.steps == MAX_PAGE_STEPS and not plan.cut and plan.notice is None


def test_a_request_that_cannot_show_even_a_few_steps_is_refused():
    plan = budget.plan(worst_case(), 0.05)
    assert plan.refused and plan.steps == 0
    assert f"even cut to {budget.MIN_STEPS} steps" in plan.notice and "fewer lanes" in plan.notice


def test_cut_steps_are_round_and_the_cost_grows_with_what_the_lecture_says_is_expensive():
    assert [budget._round_down(v) for v in (0.5, 1, 3, 7, 19, 4999, 5000)] == [0, 1, 2, 5, 10, 2000, 5000]
    bowl = PlaygroundState(surface="ravine", lanes=(Lane("sgd"),), steps=1000)
    costs = {
        "sgd on the ravine": budget.estimate(bowl).seconds,
        "newton on the ravine": budget.estimate(dataclasses.replace(bowl, lanes=(Lane("newton"),))).seconds,
        "sgd on a formula": budget.estimate(
            dataclasses.replace(bowl, surface="custom", expression="x**2 + 10*y**2")
        ).seconds,
        "sgd on a long formula": budget.estimate(
            dataclasses.replace(bowl, surface="custom", expression=LONG_FORMULA)
        ).seconds,
    }
    assert costs["sgd on the ravine"] < costs["newton on the ravine"] < costs["sgd on a formula"]
    assert costs["sgd on a formula"] < costs["sgd on a long formula"]
    plain = Lane("lbfgs")
    searching = Lane("lbfgs", {"line_search_fn": "strong_wolfe"})
    assert budget.lane_step_seconds(plain, "rosenbrock") < budget.lane_step_seconds(searching, "rosenbrock")
    two_lanes = dataclasses.replace(bowl, lanes=(Lane("sgd"), Lane("sgd")))
    assert budget.estimate(two_lanes).seconds == pytest.approx(2 * budget.estimate(bowl).seconds)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({}, budget.DEFAULT_SECONDS), ({"PLAYGROUND_BUDGET_SECONDS": "120"}, 120.0)]
    + [({"PLAYGROUND_BUDGET_SECONDS": bad}, budget.DEFAULT_SECONDS) for bad in ("", "-3", "nan", "inf", "x")],
)
def test_the_budget_is_one_setting_raised_by_an_environment_variable(environ, expected):
    assert budget.budget_seconds(environ) == expected


def test_durations_read_as_a_person_says_them():
    assert [budget.duration(s) for s in (0.04, 4.49, 45, 600, 4000, 9000)] == [
        "0.04 s",
        "4.5 s",
        "45 s",
        "10 min",
        "67 min",
        "2.5 h",
    ]
