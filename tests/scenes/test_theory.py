"""Quadratic theory: closed forms on the ravine and Booth, and what they predict about real runs."""

import dataclasses
import math

import numpy as np
import pytest

import surfaces
from playground.state import Lane, PlaygroundState, from_query, to_query
from scenes.theory import quadratic_theory, snap_lane
from tests.scenes.helpers import run_state, steps_to_tolerance


@pytest.mark.parametrize("kappa", [1.0, 10.0, 37.0, 250.0])
def test_ravine_theory_matches_the_closed_forms(kappa):
    theory = quadratic_theory(surfaces.get("ravine", condition_number=kappa))
    np.testing.assert_allclose(theory.hessian, np.diag([1.0, kappa]))
    np.testing.assert_allclose(theory.eigenvalues, [1.0, kappa])
    assert theory.condition_number == pytest.approx(kappa)
    assert theory.stability_lr == pytest.approx(2.0 / kappa)
    assert theory.best_sgd_lr == pytest.approx(2.0 / (kappa + 1.0))
    assert theory.heavy_ball_lr == pytest.approx(4.0 / (math.sqrt(kappa) + 1.0) ** 2)
    root = math.sqrt(kappa)
    assert theory.heavy_ball_momentum == pytest.approx(((root - 1.0) / (root + 1.0)) ** 2)
    np.testing.assert_allclose(theory.minimum, [0.0, 0.0], atol=1e-12)
    if kappa > 1.0:  # with a double eigenvalue any basis is right
        np.testing.assert_allclose(np.abs(theory.eigenvectors), np.eye(2), atol=1e-12)


def test_booth_theory_finds_the_diagonal_eigenvectors_and_the_minimum():
    theory = quadratic_theory(surfaces.get("booth"))
    np.testing.assert_allclose(theory.eigenvalues, [2.0, 18.0])
    assert theory.condition_number == pytest.approx(9.0)
    flat, steep = theory.eigenvectors[:, 0], theory.eigenvectors[:, 1]
    assert abs(flat @ np.array([1.0, -1.0])) / math.sqrt(2) == pytest.approx(1.0)
    assert abs(steep @ np.array([1.0, 1.0])) / math.sqrt(2) == pytest.approx(1.0)
    np.testing.assert_allclose(theory.minimum, [1.0, 3.0], atol=1e-12)
    for value, vector in zip(theory.eigenvalues, theory.eigenvectors.T, strict=True):
        np.testing.assert_allclose(theory.hessian @ vector, value * vector, atol=1e-12)


def test_data_surface_theory_finds_the_least_squares_minimum():
    surface = surfaces.get("linear_regression")
    theory = quadratic_theory(surface)
    np.testing.assert_allclose(theory.minimum, surface.minima[0], atol=1e-9)
    assert theory.condition_number > 50  # raw features: a ravine


@pytest.mark.parametrize(("name", "params"), [("rosenbrock", {}), ("himmelblau", {}), ("saddle", {})])
def test_no_theory_without_a_constant_hessian(name, params):
    assert quadratic_theory(surfaces.get(name, **params)) is None


def test_no_theory_for_an_indefinite_quadratic():
    surface = surfaces.get("saddle", variant="plain")
    assert surface.is_quadratic  # constant Hessian diag(2, -2): a saddle, not a bowl
    assert quadratic_theory(surface) is None


def _ravine_run(kappa, *lanes, steps):
    state = PlaygroundState(
        surface="ravine", surface_params={"condition_number": kappa}, lanes=tuple(lanes), steps=steps
    )
    return run_state(state)


@pytest.mark.parametrize("kappa", [10.0, 100.0])
def test_sgd_converges_just_below_the_stability_limit_and_diverges_just_above(kappa):
    limit = quadratic_theory(surfaces.get("ravine", condition_number=kappa)).stability_lr
    below, above = Lane("sgd", {"lr": 0.98 * limit}), Lane("sgd", {"lr": 1.02 * limit})
    run = _ravine_run(kappa, below, above, steps=1500)
    converged, diverged = run.lanes
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
    heavy_ball = snap_lane(Lane("adam", {"lr": 0.1}), theory)
    run = _ravine_run(kappa, plain, heavy_ball, steps=2000)
    plain_steps, heavy_steps = (steps_to_tolerance(t.positions, theory.minimum, 1e-6) for t in run.lanes)
    assert heavy_steps is not None and plain_steps is not None
    # rates 0.980 vs 0.818 per step: about 7 times fewer steps in theory
    assert heavy_steps * 4 < plain_steps
    # and the measured contraction is the predicted one (within 5% per step)
    distance = np.linalg.norm(run.lanes[1].positions, axis=-1)
    half = heavy_steps // 2
    measured = (distance[heavy_steps] / distance[half]) ** (1.0 / (heavy_steps - half))
    assert measured == pytest.approx(theory.heavy_ball_rate, rel=0.05)


def test_snap_lane_sets_the_heavy_ball_values_and_keeps_the_lane_in_place():
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
    snapped = snap_lane(lane, theory)
    assert snapped.optimizer == "sgd"
    assert snapped.hyperparams == {"lr": theory.heavy_ball_lr, "momentum": theory.heavy_ball_momentum}
    assert (snapped.schedule, snapped.schedule_params) == ("constant", {})
    assert (snapped.noise, snapped.seed, snapped.start, snapped.color) == (0.5, 3, (1.0, 2.0), "#E69F00")


def test_a_snapped_lane_survives_the_url_round_trip():
    state = PlaygroundState(surface="ravine", surface_params={"condition_number": 37.0})
    theory = quadratic_theory(surfaces.get("ravine", condition_number=37.0))
    snapped = dataclasses.replace(state, lanes=(snap_lane(state.lanes[0], theory), *state.lanes[1:]))
    assert from_query(to_query(snapped)) == (snapped, [])
