"""The map in words: the canvas's name and description say what the runs the page draws did."""

import dataclasses

import numpy as np
import pytest

import surfaces
from playground import compute, story
from playground.describe import lane_outcome, map_text
from playground.lane import Lane
from playground.picture import lane_title
from playground.state import PlaygroundState
from playground.tuning import settled_at


@pytest.fixture(scope="module")
def race():
    """The fresh page's race: its state, surface and the runs it draws."""
    state = story.opening()
    surface = compute.build_surface(state)
    start = compute.shared_start(state, surface)
    runs = [compute.run_lane(surface, lane, start, state.steps) for lane in state.lanes]
    return state, surface, runs


def test_the_fresh_page_is_described_with_the_steps_each_lane_settles_at(race):
    state, surface, runs = race
    f_min = float(surface.value(surface.minima[0]))
    titles = [lane_title(i, lane) for i, lane in enumerate(state.lanes)]
    text = map_text(surfaces.spec(state.surface).title, titles, runs, f_min=f_min, layout="overlay")
    assert text.name == (
        f"Contour map of the {surfaces.spec(state.surface).title} surface with 3 optimizer paths over "
        f"{state.steps} steps"
    )
    for title, run in zip(titles, runs, strict=True):
        when = settled_at(run.losses, f_min)
        assert when is not None
        assert f"{title} settles at step {when}, loss {run.losses[-1]:.3g}" in text.description
    x, y = runs[0].positions[0]
    assert f"The paths start at ({x:.3g}, {y:.3g})" in text.description
    assert "distance to the nearest minimum" in text.description


def test_a_diverging_lane_is_said_to_diverge_at_the_step_the_run_reports(race):
    state, surface, _ = race
    wild = Lane("sgd", {"lr": 5.0})
    run = compute.run_lane(surface, wild, compute.shared_start(state, surface), 50)
    assert run.diverged_at is not None
    said = f"1. SGD · lr 5 diverged at step {int(run.diverged_at)}"  # the map's and the warning's words
    assert lane_outcome("1. SGD · lr 5", run, 0.0) == lane_outcome("1. SGD · lr 5", run, 0.0, surface) == said


def test_a_lane_that_leaves_the_formulas_domain_is_said_to_as_the_warning_says():
    state = PlaygroundState(surface="custom", expression="log(x) + y**2", lanes=(Lane("sgd", {"lr": 0.3}),))
    surface, (run,) = compute.run_state(dataclasses.replace(state, start=(2.5, -2.0), steps=200))
    outcome = lane_outcome("1. SGD", run, None, surface)
    assert compute.stop_reason(run, surface).startswith(outcome.removeprefix("1. SGD ") + ":")
    assert "left the formula's domain at step" in outcome


def test_without_a_known_minimum_only_the_last_loss_is_told(race):
    _, _, runs = race
    outcome = lane_outcome("2. Momentum", runs[1], None)
    assert outcome == f"2. Momentum ends at loss {runs[1].losses[-1]:.3g} at step {len(runs[1].losses) - 1}"
    text = map_text("Custom f(x, y)", ["2. Momentum"], runs[1:2], f_min=None, layout="overlay")
    assert "1 optimizer path over" in text.name and "The path starts at" in text.description
    assert "settles" not in text.description and "distance" not in text.description


def test_a_lane_that_never_settles_and_one_stopped_by_the_time_limit(race):
    _, _, runs = race
    flat = dataclasses.replace(runs[0], losses=np.full_like(runs[0].losses, 3.0))
    assert "does not settle within 200 steps, loss 3 at step 200" in lane_outcome("1. SGD", flat, 0.0)
    stopped = dataclasses.replace(runs[0], stopped_at=120)
    assert "stops at step 120 (the server's time limit)" in lane_outcome("1. SGD", stopped, 0.0)


def test_small_multiples_are_named_as_one_map_per_lane(race):
    runs = race[2]
    text = map_text("Ravine", ["a", "b", "c"], runs, f_min=0.0, layout="multiples")
    assert text.name.startswith("Contour maps, one per lane, of the Ravine surface")
