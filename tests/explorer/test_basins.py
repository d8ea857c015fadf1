"""Basin maps: which of Himmelblau's four minima a start reaches, and the bookkeeping behind the labels."""

import doctest
import importlib

import numpy as np
import pytest

import explorer
import optimizers
import surfaces
from explorer import DIVERGED, NONE, basin_map, cell_centres
from explorer.outcome import divergence_steps, settle


@pytest.fixture(scope="module")
def himmelblau():
    return surfaces.get("himmelblau")


@pytest.fixture(scope="module")
def gradient_flow_basins(himmelblau):
    # a small step follows the gradient flow, whose basins are the textbook picture
    return basin_map(himmelblau, optimizers.get("sgd", lr=0.005), resolution=24, steps=600, tolerance=1e-3)


def test_starts_near_each_of_himmelblaus_minima_reach_that_minimum(himmelblau):
    offsets = np.array([[0.3, 0.0], [0.0, 0.3], [-0.3, 0.0], [0.0, -0.3], [0.2, 0.2]])
    for index, minimum in enumerate(himmelblau.minima):
        starts = minimum + offsets
        result = explorer.basins.run_starts(himmelblau, optimizers.get("sgd", lr=0.005), starts, 600, 1e-3)
        assert (result.labels == index).all(), (index, result.labels)


def test_gradient_flow_splits_himmelblau_into_four_basins_one_per_quadrant(gradient_flow_basins):
    grid = gradient_flow_basins.grid.labels
    # Each minimum sits in its own quadrant of the window; the corner cells are deep inside its basin.
    assert grid[-1, -1] == 0  # (3, 2): top right
    assert grid[-1, 0] == 1  # (-2.8, 3.1): top left
    assert grid[0, 0] == 2  # (-3.8, -3.3): bottom left
    assert grid[0, -1] == 3  # (3.6, -1.8): bottom right
    shares = gradient_flow_basins.fractions()
    assert set(shares) == {0, 1, 2, 3}
    assert all(0.15 < share < 0.35 for share in shares.values())


def test_steps_to_tolerance_grow_with_the_distance_from_the_minimum(gradient_flow_basins, himmelblau):
    starts = gradient_flow_basins.starts.reshape(-1, 2)
    steps = gradient_flow_basins.grid.steps_to_tolerance.reshape(-1)
    labels = gradient_flow_basins.grid.labels.reshape(-1)
    home = labels == 0
    distance = np.linalg.norm(starts[home] - himmelblau.minima[0], axis=1)
    assert (steps[home] > 0).all()
    assert steps[home][np.argmin(distance)] < steps[home][np.argmax(distance)]


def test_a_step_far_beyond_stability_diverges_and_records_the_step(himmelblau):
    result = basin_map(himmelblau, optimizers.get("sgd", lr=0.2), resolution=6, steps=100)
    assert (result.grid.labels == DIVERGED).all()
    assert ((result.grid.diverged_at > 0) & (result.grid.diverged_at <= 100)).all()
    assert np.isnan(result.grid.final_losses).all()
    assert (result.grid.steps_to_tolerance == -1).all()


def test_a_run_too_short_to_arrive_is_labelled_none(himmelblau):
    result = basin_map(himmelblau, optimizers.get("sgd", lr=1e-4), resolution=4, steps=5)
    assert (result.grid.labels == NONE).all()
    assert np.isfinite(result.grid.final_losses).all()


def test_settling_counts_from_the_last_exit_not_the_first_entry():
    minimum = np.zeros((1, 2))
    # in at step 1, out again at step 2, in for good from step 3
    path = np.array([[[2.0, 0.0]], [[0.0, 0.0]], [[1.0, 0.0]], [[0.001, 0.0]], [[0.0, 0.0]]])
    result = settle(path, np.array([-1]), minimum, 0.01, lambda p: (p**2).sum(axis=-1))
    assert result.labels.tolist() == [0]
    assert result.steps_to_tolerance.tolist() == [3]


def test_divergence_is_read_back_as_the_loop_marks_it(himmelblau):
    record = optimizers.trajectory(optimizers.get("sgd", lr=0.2), himmelblau, [[4.0, 4.0], [3.0, 2.0]], 50)
    path = optimizers.run(optimizers.get("sgd", lr=0.2), himmelblau, [[4.0, 4.0], [3.0, 2.0]], 50)
    assert divergence_steps(path, 1e6).tolist() == record.diverged_at.tolist()
    assert record.diverged_at[0] > 0 and record.diverged_at[1] == -1


def test_cell_centres_tile_the_window_exactly():
    xs, ys = cell_centres(((-5, 5), (0, 1)), (10, 4))
    assert np.allclose(xs, np.arange(-4.5, 5, 1.0))
    assert np.allclose(ys, [0.125, 0.375, 0.625, 0.875])


def test_results_are_read_only(gradient_flow_basins):
    with pytest.raises(ValueError):
        gradient_flow_basins.grid.labels[0, 0] = 3


def test_sample_starts_lie_inside_the_grid(gradient_flow_basins):
    starts = gradient_flow_basins.sample_starts(6)
    assert starts.shape == (6, 2)
    assert (np.abs(starts) < 5).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resolution": 0}, "resolution must be whole numbers from 1 to 400"),
        ({"resolution": 401}, "resolution must be whole numbers from 1 to 400"),
        ({"resolution": (3, 4, 5)}, "resolution must be a whole number or a pair"),
        ({"window": ((1, 0), (0, 1))}, "window must be finite with min < max"),
        ({"window": "big"}, "window must be"),
        ({"tolerance": 0}, "tolerance must be a positive finite number"),
        ({"steps": -1}, "steps must be at least 0"),
    ],
)
def test_bad_settings_get_a_clear_message(himmelblau, kwargs, message):
    with pytest.raises(ValueError, match=message):
        basin_map(himmelblau, optimizers.get("sgd", lr=0.01), **{"resolution": 4, **kwargs})


@pytest.mark.parametrize("module", ["explorer", "basins", "sweep", "ensemble", "range_test"])
def test_docstring_examples_run(module):
    name = "explorer" if module == "explorer" else f"explorer.{module}"
    failures, tried = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0
