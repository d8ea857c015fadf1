"""Augmentation: each data set's symmetries really are symmetries of its classes, copies keep the validation
set untouched, and mixup's sampled labels follow the mixing weight."""

import numpy as np
import pytest

import datasets
from datasets import augment

SYMMETRIC = ["circles", "xor", "spirals", "blobs", "two_moons", "linear"]


def _nearest_label(points, reference_points, reference_labels):
    distance = ((points[:, None, :] - reference_points[None, :, :]) ** 2).sum(-1)
    return reference_labels[distance.argmin(axis=1)]


@pytest.mark.parametrize("name", SYMMETRIC)
@pytest.mark.parametrize("offset", [(0.0, 0.0), (3.0, -2.0)])
def test_every_symmetry_maps_each_class_onto_its_relabelled_class(name, offset):
    """On a dense noiseless set, a transformed point's nearest original point carries the relabelled label."""
    data = datasets.get(name, n_points=1500, noise=0.0, offset=offset, validation_fraction=0.1)
    points, labels = np.asarray(data.train_points), np.asarray(data.train_targets)
    centre = np.array(offset)
    group = augment.symmetries(data)
    assert group
    for matrix, relabel in group:
        np.testing.assert_allclose(matrix @ matrix.T, np.eye(2), atol=1e-12)  # a rotation or reflection
        moved = centre + (points[:300] - centre) @ matrix.T
        agreement = np.mean(_nearest_label(moved, points, labels) == relabel(labels[:300]))
        assert agreement > 0.97, (name, matrix.round(3).tolist(), agreement)


def test_regression_symmetries_map_the_target_surface():
    data = datasets.get("regression", n_points=200, noise=0.0)
    points = np.asarray(data.train_points)

    def surface(p):
        return np.sin(np.pi * p[:, 0]) * np.cos(0.5 * np.pi * p[:, 1])

    for matrix, relabel in augment.symmetries(data):
        np.testing.assert_allclose(surface(points @ matrix.T), relabel(surface(points)), atol=1e-12)


@pytest.mark.parametrize("kind", ["jitter", "symmetry", "mixup"])
def test_copies_grow_the_training_set_only(kind):
    data = datasets.get("spirals", n_points=200, seed=4)
    more = augment.augmented(data, kind, copies=3, strength=0.2, seed=1)
    n = len(data.train_points)
    assert len(more.train_points) == len(more.train_targets) == len(more.train_inputs) == 4 * n
    np.testing.assert_array_equal(more.train_points[:n], data.train_points)
    np.testing.assert_array_equal(more.train_inputs[:n], data.train_inputs)
    assert more.validation_points is data.validation_points
    assert more.preprocessor is data.preprocessor
    assert not np.array_equal(more.train_points[n : 2 * n], data.train_points)
    assert augment.augmented(data, kind, copies=3, strength=0.2, seed=1).train_points.tolist() == (
        more.train_points.tolist()
    )


def test_jitter_moves_points_by_the_strength_in_the_sets_scale():
    data = datasets.get("circles", n_points=1000, scale=10.0)
    more = augment.augmented(data, "jitter", copies=1, strength=0.05)
    shift = more.train_points[len(data.train_points) :] - data.train_points
    assert shift.std() == pytest.approx(0.05 * 10.0, rel=0.05)


def test_mixup_labels_follow_the_mixing_weight_in_expectation():
    data = datasets.get("two_moons", n_points=2000, seed=2)
    n = len(data.train_points)
    rng = np.random.default_rng((0, 7, 0))  # the first copy's generator, as augmented draws it
    partner = rng.permutation(n)
    weight = rng.beta(0.4, 0.4, n)
    more = augment.augmented(data, "mixup", copies=1, strength=0.4, seed=0)
    mixed_points, mixed_labels = more.train_points[n:], more.train_targets[n:]
    expected = weight[:, None] * data.train_points + (1 - weight[:, None]) * data.train_points[partner]
    np.testing.assert_allclose(mixed_points, expected)
    differ = data.train_targets != data.train_targets[partner]
    took_own = mixed_labels[differ] == data.train_targets[differ]
    assert took_own.mean() == pytest.approx(weight[differ].mean(), abs=0.04)


def test_bad_settings_get_a_clear_message():
    data = datasets.get("two_moons")
    with pytest.raises(ValueError, match="augmentation must be one of"):
        augment.augmented(data, "rotate")
    with pytest.raises(ValueError, match="copies must be a whole number from 0 to 8"):
        augment.augmented(data, "jitter", copies=100)
    with pytest.raises(ValueError, match="strength must be a positive number"):
        augment.augmented(data, "jitter", strength=float("nan"))
    assert augment.augmented(data, "none", copies=3) is data
