"""Edits of the page state: new surface, lanes added and removed, a map click, snapping to the heavy ball."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import surfaces
from playground import compute, edits
from playground.defaults import default_lr
from playground.state import MAX_LANES, Lane, PlaygroundState, from_query, to_query
from surfaces.theory import quadratic_theory


def _ravine_runs(kappa, *lanes, steps):
    state = PlaygroundState(
        surface="ravine", surface_params={"condition_number": kappa}, lanes=tuple(lanes), steps=steps
    )
    return compute.run_state(state)[1]


def _steps_to_tolerance(positions, target, tol):
    outside = np.flatnonzero(~(np.linalg.norm(positions - target, axis=-1) < tol))
    if outside.size == 0:
        return 0
    return None if outside[-1] == len(positions) - 1 else int(outside[-1] + 1)


def test_a_new_surface_gives_every_lane_its_learning_rate_and_resets_the_start():
    state = PlaygroundState(start=(1.0, 1.0), scene="sgd-zigzag")
    state = dataclasses.replace(state, lanes=(*state.lanes[:1], Lane("adam", {"lr": 0.3}, start=(2.0, 2.0))))
    new = edits.with_surface(state, "rosenbrock")
    assert (
        new.surface == "rosenbrock" and new.surface_params == {} and new.start is None and new.scene is None
    )
    assert [lane.hyperparams["lr"] for lane in new.lanes] == [
        default_lr("rosenbrock", "sgd"),
        default_lr("rosenbrock", "adam"),
    ]
    assert all(lane.start is None for lane in new.lanes)


def test_a_custom_surface_opens_on_the_last_formula_or_a_safe_one():
    assert edits.with_surface(PlaygroundState(), "custom").expression == edits.FIRST_EXPRESSION
    assert edits.with_surface(PlaygroundState(), "custom", "x**4 + y**2").expression == "x**4 + y**2"
    assert edits.with_surface(PlaygroundState(), "custom", "x +* y").expression == edits.SAFE_EXPRESSION
    assert edits.with_surface(PlaygroundState(surface="custom", expression="x**2"), "ravine").expression == ""


def test_a_formula_that_does_not_parse_is_refused_with_the_parser_message():
    with pytest.raises(ValueError):
        edits.with_expression(PlaygroundState(), "x**2 + (")
    state = edits.with_expression(PlaygroundState(scene="sgd-zigzag"), "x**2 + 4*y**2")
    assert (state.surface, state.expression, state.scene) == ("custom", "x**2 + 4*y**2", None)


def test_a_new_lane_races_an_optimizer_not_yet_racing_up_to_the_limit():
    lanes = PlaygroundState().lanes  # sgd, momentum, adam
    make = lambda used: edits.new_lane("ravine", used)  # noqa: E731
    lanes = edits.add_lane(lanes, make)
    assert lanes[-1] == Lane("rmsprop", {"lr": default_lr("ravine", "rmsprop")})
    while len(lanes) < MAX_LANES:
        lanes = edits.add_lane(lanes, make)
    assert edits.add_lane(lanes, make) == lanes


def test_removing_a_lane_keeps_the_others_and_never_the_last_one():
    lanes = PlaygroundState().lanes
    assert [lane.optimizer for lane in edits.remove_lane(lanes, 0)] == ["momentum", "adam"]
    assert edits.remove_lane(lanes[:1], 0) == lanes[:1]
    assert edits.remove_lane(lanes, 7) == lanes


def test_an_own_start_is_neither_the_shared_start_nor_the_minimum():
    for name in ("ravine", "rosenbrock", "booth", "himmelblau"):
        surface = surfaces.get(name)
        shared = tuple(float(v) for v in surface.starts[0])
        point = edits.own_start(surface, shared)
        assert point != shared
        assert np.min(np.linalg.norm(surface.minima - np.asarray(point), axis=-1)) > 0.1, name


@pytest.mark.parametrize("kappa", [10.0, 100.0])
def test_sgd_converges_just_below_the_stability_limit_and_diverges_just_above(kappa):
    limit = quadratic_theory(surfaces.get("ravine", condition_number=kappa)).stability_lr
    below, above = Lane("sgd", {"lr": 0.98 * limit}), Lane("sgd", {"lr": 1.02 * limit})
    converged, diverged = _ravine_runs(kappa, below, above, steps=1500)
    assert converged.diverged_at is None
    assert converged.losses[-1] < 1e-6 * converged.losses[0]
    # |1 - 1.02 * 2| = 1.04 per step along the steep axis: past the 1e6 bound well within 1,500 steps
    assert diverged.diverged_at is not None
    finite = diverged.losses[np.isfinite(diverged.losses)]
    assert finite[-1] > 1e6 * finite[0]


def test_heavy_ball_setting_beats_plain_sgd_at_its_best_learning_rate():
    kappa = 100.0
    theory = quadratic_theory(surfaces.get("ravine", condition_number=kappa))
    plain = Lane("sgd", {"lr": theory.best_sgd_lr})
    heavy_ball = edits.snap_lane(Lane("adam", {"lr": 0.1}), theory)
    runs = _ravine_runs(kappa, plain, heavy_ball, steps=2000)
    plain_steps, heavy_steps = (_steps_to_tolerance(t.positions, theory.minimum, 1e-6) for t in runs)
    assert heavy_steps is not None and plain_steps is not None
    # rates 0.980 vs 0.818 per step: about 7 times fewer steps in theory
    assert heavy_steps * 4 < plain_steps
    # and the measured contraction is the predicted one (within 5% per step)
    distance = np.linalg.norm(runs[1].positions, axis=-1)
    half = heavy_steps // 2
    measured = (distance[heavy_steps] / distance[half]) ** (1.0 / (heavy_steps - half))
    assert measured == pytest.approx(theory.heavy_ball_rate, rel=0.05)


def test_snap_lane_sets_short_heavy_ball_values_and_keeps_the_lane_in_place():
    theory = quadratic_theory(surfaces.get("ravine", condition_number=37.0))
    lane = Lane(
        "adam",
        {"lr": 0.1, "weight_decay": 0.1},
        schedule="step",
        schedule_params={"step_size": 10},
        noise=0.5,
        seed=3,
        start=(1.0, 2.0),
        color="#E69F00",
        label="mine",
    )
    snapped = edits.snap_lane(lane, theory)
    assert snapped.optimizer == "sgd"
    assert snapped.hyperparams == {
        "lr": pytest.approx(theory.heavy_ball_lr, rel=1e-3),
        "momentum": pytest.approx(theory.heavy_ball_momentum, rel=1e-3),
    }
    assert all(len(repr(v).lstrip("0.")) <= 4 for v in snapped.hyperparams.values())  # short in the link
    assert (snapped.schedule, snapped.schedule_params) == ("constant", {})
    assert (snapped.noise, snapped.seed, snapped.start, snapped.color) == (0.5, 3, (1.0, 2.0), "#E69F00")


def test_a_snapped_lane_survives_the_url_round_trip():
    state = PlaygroundState(surface="ravine", surface_params={"condition_number": 37.0})
    theory = quadratic_theory(surfaces.get("ravine", condition_number=37.0))
    snapped = edits.snap(state, 0, theory)
    assert snapped.lanes[1:] == state.lanes[1:]
    assert from_query(to_query(snapped)) == (snapped, [])
    assert len(to_query(snapped)["lane1"]) < len("sgd:lr=0.1234,momentum=0.5678") + 1
