"""The explorer's compute budget, decided from plain values: priced per optimizer, surface and tool; run,
cut with a notice that says what and how to get the full run, or refused, as the Playground's."""

from __future__ import annotations

import dataclasses
import re

import pytest

from explorer import budget
from explorer.settings import PARAMS_BY_NAME, ExplorerSettings
from playground import budget as playground_budget
from playground.state import Lane, PlaygroundState

SECONDS = 4.0
# about 500 characters, as the issue's worst links
FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))
LBFGS = Lane("lbfgs", {"lr": 1.0, "line_search_fn": "strong_wolfe", "max_eval": 100})
MOMENTUM = Lane("momentum", {"lr": 0.01})


def page(lane=MOMENTUM, steps=500, **surface) -> PlaygroundState:
    return PlaygroundState(lanes=(lane,), steps=steps, **surface)


def custom(lane, steps) -> PlaygroundState:
    return page(lane, steps, surface="custom", expression=FORMULA)


def seconds(settings, state) -> float:
    return budget.estimate(settings, state).seconds


def test_every_tool_with_the_page_defaults_runs_as_asked():
    for tool in ("basins", "sweep", "ensemble", "range"):
        decision = budget.plan(ExplorerSettings(tool=tool), page(), SECONDS)
        assert not decision.cut and not decision.refused and decision.notice is None, tool
        assert decision.planned == decision.estimate and decision.deadline_seconds > SECONDS


@pytest.mark.parametrize("tool", ["basins", "sweep", "ensemble", "range"])
def test_a_step_is_priced_by_its_optimizer(tool):
    settings = ExplorerSettings(tool=tool, y="none", x="lr")
    sgd = seconds(settings, page(Lane("sgd", {"lr": 0.01})))
    plain_lbfgs = seconds(settings, page(Lane("lbfgs")))
    searching = seconds(settings, page(LBFGS))
    assert sgd < plain_lbfgs < searching
    assert seconds(settings, page(Lane("newton"))) > sgd  # a Hessian a step


def test_a_longer_formula_costs_more_and_a_formula_more_than_a_closed_form():
    short = page(surface="custom", expression="x**2 + 3*y**2")
    for tool in ("basins", "ensemble"):
        settings = ExplorerSettings(tool=tool)
        assert seconds(settings, page()) < seconds(settings, short) < seconds(settings, custom(MOMENTUM, 500))


def test_each_tool_is_priced_by_its_own_size():
    state = page()
    basins = [seconds(ExplorerSettings(grid=n), state) for n in (50, 100, 200)]
    assert basins[1] / basins[0] > 3 and basins[2] / basins[1] > 3  # starts: grid squared
    members = [seconds(ExplorerSettings(tool="ensemble", members=n), state) for n in (50, 100)]
    assert members[1] / members[0] == pytest.approx(2, rel=0.05)
    ramp = ExplorerSettings(tool="range", ramp=200)
    assert seconds(ramp, page(steps=50)) == seconds(ramp, page(steps=5000))  # the ramp is its own steps
    one_axis = ExplorerSettings(tool="sweep", cells=40, y="none")
    assert seconds(dataclasses.replace(one_axis, y="momentum"), state) > 5 * seconds(one_axis, state)


def test_the_issues_sgd_basin_map_on_a_long_formula_is_cut_to_a_round_grid_with_a_notice():
    state = custom(Lane("sgd", {"lr": 0.001}), 100)
    decision = budget.plan(ExplorerSettings(grid=200), state, SECONDS)
    assert decision.cut and not decision.refused
    assert decision.steps == 100 and decision.settings.grid in (20, 50, 100)  # the size first, round
    assert decision.planned.seconds <= SECONDS < decision.estimate.seconds
    assert decision.notice.startswith(
        "Basins of attraction: 200 × 200 starts × 100 SGD steps on a custom formula would take about"
    )
    shown = f"showing {decision.settings.grid} × {decision.settings.grid} starts × 100 SGD steps"
    assert shown in decision.notice and "PLAYGROUND_BUDGET_SECONDS=" in decision.notice


def test_the_issues_lbfgs_ensemble_is_cut_to_its_smallest_size_and_says_what_it_would_take():
    state = custom(LBFGS, 250)
    decision = budget.plan(ExplorerSettings(tool="ensemble", members=200), state, SECONDS)
    assert decision.estimate.seconds > 60 * SECONDS and decision.notice.startswith(
        "Seed ensemble: 2 × 200 seeds × 250 L-BFGS steps on a custom formula would take about"
    )
    assert "PLAYGROUND_BUDGET_SECONDS=" in decision.notice
    if not decision.refused:  # the floor of 10 seeds, and the steps that fit
        assert decision.settings.members == budget.FLOORS["ensemble"] and decision.steps < 250
        assert f"showing 2 × 10 seeds × {decision.steps:,} L-BFGS steps" in decision.notice
    tighter = budget.plan(ExplorerSettings(tool="ensemble", members=200), state, SECONDS / 10)
    assert tighter.refused and "even cut to 2 × 10 seeds × 10 L-BFGS steps" in tighter.notice


def test_the_notices_budget_is_enough_for_the_full_run():
    state = custom(Lane("sgd", {"lr": 0.001}), 100)
    decision = budget.plan(ExplorerSettings(grid=200), state, SECONDS)
    enough = float(re.search(r"PLAYGROUND_BUDGET_SECONDS=(\d+)", decision.notice).group(1))
    again = budget.plan(ExplorerSettings(grid=200), state, enough)
    assert not again.cut and not again.refused


def test_when_the_smallest_size_is_too_dear_the_steps_are_cut_to_a_round_number():
    state = custom(Lane("adam", {"lr": 0.01}), 5000)
    decision = budget.plan(ExplorerSettings(tool="ensemble", members=200), state, SECONDS)
    assert decision.cut and decision.settings.members == budget.FLOORS["ensemble"]
    assert decision.steps < 5000 and decision.steps == playground_budget.round_down(decision.steps)
    assert decision.steps >= playground_budget.MIN_STEPS and decision.planned.seconds <= SECONDS
    assert f"showing 2 × 10 seeds × {decision.steps:,} Adam steps" in decision.notice


def test_a_range_test_is_cut_by_its_ramp_alone():
    decision = budget.plan(ExplorerSettings(tool="range", ramp=1000), custom(LBFGS, 500), SECONDS)
    assert decision.cut and decision.steps == 500 and decision.settings.ramp < 1000
    assert decision.planned.seconds <= SECONDS and "showing a ramp of" in decision.notice


@pytest.mark.parametrize(
    "settings",
    [
        ExplorerSettings(tool="sweep", grid=200, cells=80, members=200, ramp=1000),
        ExplorerSettings(tool="basins", grid=200),
        ExplorerSettings(tool="ensemble", members=200),
        ExplorerSettings(tool="range", ramp=1000),
    ],
)
@pytest.mark.parametrize("lane", [Lane("sgd"), Lane("newton"), LBFGS, Lane("prodigy")])
def test_every_largest_request_fits_the_budget_or_is_refused(settings, lane):
    for state in (page(lane, 5000), custom(lane, 5000), page(lane, 5000, surface="logistic_regression")):
        decision = budget.plan(settings, state, SECONDS)
        assert decision.refused or decision.planned.seconds <= SECONDS
        assert (decision.notice is not None) == (decision.cut or decision.refused)
        size = budget.SIZE_FIELD[settings.tool]
        PARAMS_BY_NAME[size].validate(getattr(decision.settings, size))  # still a value the page offers


def test_a_batch_step_is_kept_short_so_that_the_stop_is_asked_often():
    costly = budget.plan(ExplorerSettings(grid=200), custom(LBFGS, 100), 1e9)
    cheap = budget.plan(ExplorerSettings(grid=200), page(Lane("sgd"), 100), 1e9)
    assert costly.batch < 100 < 1000 < cheap.batch
    point = budget.point_step_seconds(LBFGS, custom(LBFGS, 100))
    assert costly.batch <= max(1.0, budget.BATCH_STEP_TARGET / point)  # one point a batch if it must


def test_every_explorer_scene_runs_as_its_lecture_shows_it_within_the_default_budget():
    import scenes
    from scenes.explorer import EXPLORER

    for name, preset in scenes.presets(EXPLORER).items():
        decision = budget.plan(preset.settings, preset.playground, playground_budget.DEFAULT_SECONDS)
        assert not decision.cut and not decision.refused, name


def test_a_basin_start_is_priced_for_its_searches_in_all_other_tools_per_step():
    # a converged L-BFGS run stops searching: a basin start searches about BASIN_SEARCHES times in all
    assert budget.search_trials("basins", 10) == 1.0
    assert budget.search_trials("basins", 100) == pytest.approx(budget.BASIN_SEARCHES / 100)
    assert budget.search_trials("basins", 1000) == pytest.approx(budget.BASIN_SEARCHES / 1000)
    assert budget.search_trials("ensemble", 10) == budget.search_trials("ensemble", 1000)


def test_a_cut_to_fewer_steps_still_fits_when_fewer_steps_search_more():
    settings = ExplorerSettings(grid=200)
    decision = budget.plan(settings, custom(LBFGS, 100), SECONDS)
    assert decision.refused or decision.planned.seconds <= SECONDS
    assert decision.cut or decision.refused
