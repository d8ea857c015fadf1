"""A run's path on its own loss plane: PCA as numpy's SVD gives it, filter normalisation's unit norms, an
exact projection for a path that lies in a plane, and a real run's explained variance and gap reported."""

import numpy as np
import pytest

import optimizers
import training
from training import landscape

SPEC = training.NetworkSpec(dataset="two_moons", hidden=(8, 8), activation="tanh", init="xavier_uniform")


def test_principal_directions_are_the_leading_singular_vectors():
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((12, 30)) * np.linspace(5, 0.1, 30)
    directions, explained = landscape.principal_directions(rows)
    _, singular, right = np.linalg.svd(rows, full_matrices=False)
    for k in range(2):
        assert abs(directions[k] @ right[k]) == pytest.approx(1.0)
    np.testing.assert_allclose(explained, singular[:2] ** 2 / np.sum(singular**2))


def test_a_straight_path_has_one_direction_and_a_zero_second():
    path = np.outer(np.linspace(1, 0, 5), np.arange(1.0, 7.0))
    directions, explained = landscape.principal_directions(path - path[-1])
    assert explained[0] == pytest.approx(1.0)
    assert explained[1] == 0.0 and not directions[1].any()


def test_unit_norms_are_each_units_weight_row_and_bias_norm():
    _, objective, theta = training.build(SPEC)
    norms = landscape.unit_norms(objective.architecture, theta)
    layer = objective.architecture.layers[1]
    rows = theta[layer.weight].reshape(layer.shape)
    expected = np.sqrt((rows**2).sum(axis=1) + theta[layer.bias] ** 2)
    np.testing.assert_allclose(norms[layer.weight].reshape(layer.shape)[:, 0], expected)
    np.testing.assert_allclose(norms[layer.bias], expected)


def test_a_path_in_a_plane_is_drawn_exactly_with_explained_variance_one_and_no_gap():
    _, objective, theta = training.build(SPEC)
    rng = np.random.default_rng(1)
    plane = rng.standard_normal((2, objective.size)) * 0.3
    weights = np.stack([np.linspace(1, 0, 9) ** 2, np.sin(np.linspace(0, 3, 9)) * np.linspace(1, 0, 9)], 1)
    params = theta + weights @ plane
    recorded = np.array([objective.value(p) for p in params])
    result = landscape.path_landscape(objective, params, recorded, grid=9)
    assert result.explained_variance.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(result.gap, 0.0, atol=1e-12)
    rebuilt = params[-1] + result.path @ result.directions
    np.testing.assert_allclose(rebuilt, params, atol=1e-12)
    assert result.losses.shape == (9, 9)


def test_a_real_run_reports_its_explained_variance_and_gap():
    objective = training.build(SPEC)[1]
    run = training.train(SPEC, optimizers.get("adam", lr=0.02), 200, checkpoints=20)
    recorded = run.train_loss + run.penalty
    result = landscape.path_landscape(objective, run.params, recorded, grid=11)
    assert 0.5 < result.explained_variance.sum() <= 1.0
    assert result.gap[-1] == pytest.approx(0.0, abs=1e-12)  # the plane passes through the run's answer
    assert np.isfinite(result.largest_gap)
    # the grid covers the path
    assert result.grid_a[0] <= result.path[:, 0].min() and result.path[:, 0].max() <= result.grid_a[-1]


def test_it_stops_when_asked_and_refuses_bad_sizes():
    _, objective, theta = training.build(SPEC)
    params = np.stack([theta, theta * 0.9, theta * 0.8 + 0.01])
    with pytest.raises(StopIteration):
        landscape.path_landscape(objective, params, np.zeros(3), grid=5, stop=lambda row: True)
    with pytest.raises(ValueError, match="grid must be"):
        landscape.path_landscape(objective, params, np.zeros(3), grid=1000)
    with pytest.raises(ValueError, match="at least two checkpoints"):
        landscape.path_landscape(objective, params[:1], np.zeros(1))
