"""Sweeps against the theory of gradient descent and heavy ball on quadratics."""

import numpy as np
import pytest

import optimizers
import surfaces
from explorer import DIVERGED, log_grid, sweep
from explorer import theory as explorer_theory
from explorer.sweep import overlay
from surfaces.theory import quadratic_theory

RAVINE_START = (-8.0, 2.0)


@pytest.fixture(scope="module")
def ravine():
    return surfaces.get("ravine", condition_number=10)


@pytest.fixture(scope="module")
def phase_diagram(ravine):
    axes = {"lr": log_grid(1e-3, 1.0, 16), "momentum": np.linspace(0.0, 0.95, 8)}
    return sweep(ravine, optimizers.get("momentum"), RAVINE_START, axes, steps=400, tolerance=1e-3)


def test_plain_gradient_descent_diverges_beyond_two_over_lambda_max(ravine):
    lrs = log_grid(1e-3, 1.0, 40)
    result = sweep(ravine, optimizers.get("sgd"), RAVINE_START, {"lr": lrs}, steps=400, tolerance=1e-3)
    limit = 2.0 / 10.0  # lambda_max of the ravine is its condition number
    rho = np.abs(1.0 - lrs * 10.0)
    # clearly beyond the limit: |1 - lr lambda|^400 outgrows any bound; clearly inside: fast contraction
    assert (result.grid.labels[lrs > 1.1 * limit] == DIVERGED).all()
    assert (result.grid.labels[(lrs < 0.9 * limit) & (lrs > 0.03)] == 0).all()
    assert np.allclose(result.theory.spectral_radius, np.maximum(rho, np.abs(1.0 - lrs)))
    assert result.theory.lambda_max == pytest.approx(10.0)


def test_heavy_ball_cells_well_inside_the_stable_region_converge(phase_diagram):
    rho = phase_diagram.theory.spectral_radius
    labels = phase_diagram.grid.labels
    # rho^400 < 1e-6 leaves a start 8 away well inside 1e-3 whatever the constant in front
    assert (labels[rho < 0.95] == 0).all()
    assert (labels[rho > 1.02] == DIVERGED).all()
    assert (rho < 0.95).sum() > 20 and (rho > 1.02).sum() > 20


def test_heavy_ball_stability_boundary_matches_the_spectral_radius(ravine):
    momenta = np.linspace(0.0, 0.9, 10)
    edge = explorer_theory.stability_lr(10.0, momenta)
    eigenvalues = np.array([1.0, 10.0])
    assert np.allclose(explorer_theory.spectral_radius(eigenvalues, edge * 0.999, momenta) < 1, True)
    assert np.allclose(explorer_theory.spectral_radius(eigenvalues, edge * 1.001, momenta) > 1, True)
    nesterov_edge = explorer_theory.stability_lr(10.0, momenta, nesterov=True)
    inside = explorer_theory.spectral_radius(eigenvalues, nesterov_edge * 0.999, momenta, nesterov=True)
    outside = explorer_theory.spectral_radius(eigenvalues, nesterov_edge * 1.001, momenta, nesterov=True)
    assert (inside < 1).all() and (outside > 1).all()


def test_tuned_heavy_ball_contracts_at_the_textbook_rate(ravine):
    known = quadratic_theory(ravine)
    rho = explorer_theory.spectral_radius(known.eigenvalues, known.heavy_ball_lr, known.heavy_ball_momentum)
    assert float(rho) == pytest.approx(known.heavy_ball_rate, rel=1e-6)
    best = explorer_theory.optimum(explorer_theory.bowl(ravine), momentum_free=False)
    assert best == pytest.approx({"lr": known.heavy_ball_lr, "momentum": known.heavy_ball_momentum})


def test_predicted_steps_match_measured_steps_for_gradient_descent_on_a_round_bowl():
    # on a round bowl every direction contracts by |1 - lr|: the rate estimate is exact up to one step
    bowl = surfaces.get("ravine", condition_number=1)
    lrs = np.linspace(0.05, 0.9, 12)
    result = sweep(bowl, optimizers.get("sgd"), (3.0, 4.0), {"lr": lrs}, steps=500, tolerance=1e-4)
    measured = result.grid.steps_to_tolerance
    predicted = result.theory.predicted_steps
    assert (measured > 0).all()
    assert np.abs(measured - predicted).max() <= 1


def test_sweep_cells_equal_separate_scalar_runs_bit_for_bit(ravine):
    lrs, momenta = [0.01, 0.05, 0.2], [0.0, 0.5, 0.9]
    result = sweep(ravine, optimizers.get("momentum"), RAVINE_START, {"lr": lrs, "momentum": momenta}, 120)
    for i, lr in enumerate(lrs):
        for j, momentum in enumerate(momenta):
            heavy_ball = optimizers.get("momentum", lr=lr, momentum=momentum)
            alone = optimizers.run(heavy_ball, ravine, RAVINE_START, 120)
            assert np.array_equal(result.grid.final_points[i, j], alone[-1], equal_nan=True)
            assert result.setting((i, j))["lr"] == lr


def test_the_fastest_cell_is_near_the_theoretical_optimum(phase_diagram):
    i, j = phase_diagram.fastest()
    best = phase_diagram.theory.optimum
    lr, momentum = phase_diagram.values[0][i], phase_diagram.values[1][j]
    assert abs(np.log(lr / best["lr"])) < 1.0
    assert abs(momentum - best["momentum"]) < 0.35


def test_theory_is_absent_off_quadratics_and_outside_the_sgd_family(ravine):
    rosenbrock = surfaces.get("rosenbrock")
    assert sweep(rosenbrock, optimizers.get("sgd"), (-1.0, 1.0), {"lr": [1e-3]}, 10).theory is None
    assert sweep(ravine, optimizers.get("adam"), RAVINE_START, {"lr": [1e-2]}, 10).theory is None
    decayed = optimizers.get("sgd", weight_decay=0.1)
    assert sweep(ravine, decayed, RAVINE_START, {"lr": [1e-2]}, 10).theory is None


def test_adam_sweeps_over_its_own_hyperparameters(ravine):
    result = sweep(ravine, optimizers.get("adam"), RAVINE_START, {"lr": [0.01, 0.3], "eps": [1e-8, 1.0]}, 50)
    assert result.grid.labels.shape == (2, 2)
    assert result.axes == ("lr", "eps")


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ({}, "one or two hyperparameter names"),
        ({"lr": [0.1], "momentum": [0.1], "dampening": [0.0]}, "one or two hyperparameter names"),
        ({"nesterov": [0, 1]}, "not a number that can be swept"),
        ({"lr": [-0.1]}, "Invalid learning rate: -0.1"),
        ({"lr": []}, "at least one value"),
        ({"lr": [np.nan]}, "all finite"),
    ],
)
def test_bad_axes_get_a_clear_message(ravine, axes, message):
    with pytest.raises(ValueError, match=message):
        sweep(ravine, optimizers.get("sgd"), RAVINE_START, axes, 10)


def test_an_unknown_axis_names_the_valid_ones(ravine):
    with pytest.raises(KeyError, match="valid: lr, momentum"):
        sweep(ravine, optimizers.get("sgd"), RAVINE_START, {"learning_rate": [0.1]}, 10)


def test_lbfgs_takes_one_setting_at_a_time_and_is_swept_cell_by_cell(ravine):
    result = sweep(ravine, optimizers.get("lbfgs"), RAVINE_START, {"lr": [0.1, 1.0]}, 20)
    for i, lr in enumerate([0.1, 1.0]):
        alone = optimizers.run(optimizers.get("lbfgs", lr=lr), ravine, RAVINE_START, 20)
        assert np.array_equal(result.grid.final_points[i], alone[-1], equal_nan=True)


def test_overlay_draws_the_heavy_ball_boundary_and_the_tuned_optimum(phase_diagram, ravine):
    drawn = overlay(phase_diagram)
    lrs, momenta = drawn["boundary"]
    assert np.allclose(lrs, 2 * (1 + momenta) / 10.0)
    known = quadratic_theory(ravine)
    assert drawn["optimum"] == pytest.approx((known.heavy_ball_lr, known.heavy_ball_momentum))
    i, j = phase_diagram.fastest()
    assert drawn["fastest"] == (phase_diagram.values[0][i], phase_diagram.values[1][j])
    alone = sweep(ravine, optimizers.get("sgd"), RAVINE_START, {"lr": [0.01, 0.1]}, 50)
    assert overlay(alone)["boundary"] == pytest.approx(0.2)
