"""Toy data sets: registry, seeding, split, offset and scale, features and preprocessing."""

import numpy as np
import pytest

import datasets
from datasets import generators
from paramspec import Param

SETS = datasets.names()


def test_the_catalogue():
    assert SETS == ["two_moons", "circles", "xor", "spirals", "blobs", "linear", "regression"]
    for name in SETS:
        entry = datasets.spec(name)
        assert entry.title and entry.description and "\n" not in entry.description
        assert all(isinstance(p, Param) for p in entry.params)


@pytest.mark.parametrize("name", SETS)
def test_every_set_is_seeded_split_and_read_only(name):
    data = datasets.get(name, n_points=100, seed=7)
    again = datasets.get(name, n_points=100, seed=7, noise=0.1)  # the default, spelled out
    np.testing.assert_array_equal(data.train_inputs, again.train_inputs)
    assert not np.array_equal(data.train_points, datasets.get(name, n_points=100, seed=8).train_points)
    assert len(data.train_inputs) == 70 and len(data.validation_inputs) == 30
    for array in (data.train_inputs, data.validation_inputs, data.train_targets, data.train_points):
        assert not array.flags.writeable
    if data.task == "classification":
        assert set(np.unique(data.train_targets)) == set(range(data.n_classes))
    assert data.feature_names == ("x1", "x2")


def test_blobs_have_two_to_four_balanced_classes():
    for classes in (2, 3, 4):
        data = datasets.get("blobs", n_classes=classes, n_points=400, validation_fraction=0.1)
        targets = np.concatenate([data.train_targets, data.validation_targets])
        counts = np.bincount(targets)
        assert len(counts) == classes and counts.max() - counts.min() <= 1
    with pytest.raises(ValueError, match="n_classes must be between 2 and 4, got 5"):
        datasets.get("blobs", n_classes=5)


def test_label_noise_moves_that_share_of_labels():
    clean = datasets.get("linear", n_points=2000, seed=1)
    noisy = datasets.get("linear", n_points=2000, seed=1, label_noise=0.2)
    # same points (the labels are drawn after them), a fifth of the labels changed
    moved = np.mean(clean.train_targets != noisy.train_targets)
    assert moved == pytest.approx(0.2, abs=0.03)


def test_offset_and_scale_give_uncentred_unscaled_inputs():
    data = datasets.get("two_moons", offset=(40.0, -20.0), scale=10.0, n_points=400)
    assert np.abs(data.train_inputs.mean(axis=0) - (40, -20)).max() < 3
    assert data.train_inputs.std(axis=0).min() > 3
    (x_low, x_high), _ = data.window
    assert x_low < data.train_points[:, 0].min() and data.train_points[:, 0].max() < x_high


@pytest.mark.parametrize("kind", ["zero_centre", "standardise", "pca_whiten"])
def test_preprocessing_uses_training_statistics_only(kind):
    data = datasets.get("two_moons", offset=(5.0, 3.0), scale=4.0, preprocessing=kind, n_points=300, seed=2)
    train, validation = data.train_inputs, data.validation_inputs
    np.testing.assert_allclose(train.mean(axis=0), 0.0, atol=1e-12)
    assert np.abs(validation.mean(axis=0)).max() > 1e-6  # its own statistics were not used
    if kind == "standardise":
        np.testing.assert_allclose(train.std(axis=0), 1.0)
    if kind == "pca_whiten":
        covariance = train.T @ train / len(train)
        np.testing.assert_allclose(covariance, np.eye(2), atol=1e-4)  # identity up to eps = 1e-5
    # the same map sends raw points (a decision-function grid) to what the network sees
    np.testing.assert_allclose(data.inputs(data.validation_points), validation)


def test_features_are_added_from_the_raw_coordinates():
    data = datasets.get("circles", x1_squared=True, x1_x2=True, sin_x2=True, n_points=50)
    assert data.feature_names == ("x1", "x2", "x1_squared", "x1_x2", "sin_x2")
    x1, x2 = data.train_points.T
    np.testing.assert_allclose(data.train_inputs, np.stack([x1, x2, x1**2, x1 * x2, np.sin(x2)], axis=1))
    grid = np.zeros((3, 4, 2))
    assert data.inputs(grid).shape == (3, 4, 5)


def test_regression_targets_are_the_smooth_surface_plus_noise():
    data = datasets.get("regression", noise=0.0, n_points=200)
    x1, x2 = data.train_points.T
    np.testing.assert_allclose(data.train_targets, np.sin(np.pi * x1) * np.cos(np.pi * x2 / 2))
    assert data.n_classes == 1 and data.task == "regression"


def test_bad_input_gets_a_clear_message():
    with pytest.raises(KeyError, match="unknown data set 'moons'; choose one of two_moons, circles"):
        datasets.get("moons")
    with pytest.raises(TypeError, match="unexpected parameter"):
        datasets.get("xor", n_classes=3)
    with pytest.raises(ValueError, match="preprocessing must be one of none, zero_centre"):
        datasets.get("xor", preprocessing="normalise")
    with pytest.raises(ValueError, match="n_points must be between 20 and 2000"):
        datasets.get("xor", n_points=10**6)


def test_module_example_runs():
    import doctest

    assert doctest.testmod(datasets).failed == 0


def test_two_moons_are_the_upper_half_circle_at_0_and_the_lower_half_circle_at_1_half():
    points, labels = generators.two_moons(np.random.default_rng(0), 200, noise=0.0)
    centres = {0: np.array([0.0, 0.0]), 1: np.array([1.0, 0.5])}
    for label, centre in centres.items():
        moon = points[labels == label] + np.array([0.5, 0.25])  # undo the centring shift
        np.testing.assert_allclose(np.linalg.norm(moon - centre, axis=1), 1.0)
        assert np.all((moon[:, 1] >= centre[1]) if label == 0 else (moon[:, 1] <= centre[1]))
    assert np.allclose(points.min(axis=0) + points.max(axis=0), 0.0, atol=0.05)  # the pair sits on the origin
