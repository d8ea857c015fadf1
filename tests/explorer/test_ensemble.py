"""Ensembles over seeds: the noise ball, reproducible member by member."""

import numpy as np
import pytest

import optimizers
import surfaces
from explorer import ensemble

START = (3.0, 1.0)


@pytest.fixture(scope="module")
def bowl():
    return surfaces.get("ravine", condition_number=4)


@pytest.fixture(scope="module")
def data():
    return surfaces.get("linear_regression", standardize=True)


def test_ensemble_statistics_are_reproducible_by_seed(bowl):
    sgd = optimizers.get("sgd", lr=0.1)
    first = ensemble(bowl, sgd, START, seeds=[3, 7, 11], noise=0.5, steps=150)
    again = ensemble(bowl, sgd, START, seeds=[3, 7, 11], noise=0.5, steps=150)
    other = ensemble(bowl, sgd, START, seeds=[4, 8, 12], noise=0.5, steps=150)
    assert np.array_equal(first.members.final_points, again.members.final_points)
    assert first.spread == again.spread and first.loss_quantiles().tolist() == again.loss_quantiles().tolist()
    assert not np.array_equal(first.members.final_points, other.members.final_points)


def test_each_member_is_the_playground_run_with_its_seed(bowl, data):
    sgd = optimizers.get("sgd", lr=0.1)
    cloud = ensemble(bowl, sgd, START, seeds=[0, 5], noise=0.5, steps=100)
    alone = optimizers.run(sgd, bowl, START, 100, noise=0.5, seed=5)
    assert np.array_equal(cloud.members.final_points[1], alone[-1])
    batched = surfaces.get("linear_regression", standardize=True, batch_size=8)
    cloud = ensemble(data, optimizers.get("sgd", lr=0.3), (-2.0, 2.0), seeds=[0, 1], batch_size=8, steps=60)
    seed_zero = optimizers.run(optimizers.get("sgd", lr=0.3), batched, (-2.0, 2.0), 60)
    assert np.array_equal(cloud.members.final_points[0], seed_zero[-1])
    assert not np.array_equal(cloud.members.final_points[1], seed_zero[-1])


def test_noise_ball_spread_grows_with_the_noise(bowl):
    sgd = optimizers.get("sgd", lr=0.1)
    quiet = ensemble(bowl, sgd, START, seeds=40, noise=0.1, steps=300)
    loud = ensemble(bowl, sgd, START, seeds=40, noise=1.0, steps=300)
    # on a quadratic the stationary spread is proportional to the noise level
    assert loud.spread / quiet.spread == pytest.approx(10.0, rel=1e-6)
    assert quiet.fraction_converged > loud.fraction_converged
    assert np.linalg.norm(loud.centroid) < 3 * loud.spread / np.sqrt(40)


def test_small_batches_spread_wider_than_large_ones(data):
    sgd = optimizers.get("sgd", lr=0.3)
    small = ensemble(data, sgd, (-2.0, 2.0), seeds=30, batch_size=2, steps=200)
    large = ensemble(data, sgd, (-2.0, 2.0), seeds=30, batch_size=64, steps=200)
    assert small.spread > 2 * large.spread
    assert small.batch_size == 2 and large.fraction_diverged == 0.0


def test_without_noise_every_member_is_the_same_run(bowl):
    cloud = ensemble(bowl, optimizers.get("sgd", lr=0.1), START, seeds=5, steps=200)
    assert cloud.spread == 0.0
    assert cloud.fraction_converged == 1.0


def test_diverged_members_are_counted_and_left_out_of_the_spread(bowl):
    cloud = ensemble(bowl, optimizers.get("sgd", lr=0.6), START, seeds=4, noise=0.1, steps=200)
    assert cloud.fraction_diverged == 1.0
    assert np.isnan(cloud.spread) and np.isnan(cloud.centroid).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seeds": 0}, "an ensemble has 1 to 1000 members"),
        ({"seeds": [1.5]}, "seeds must be"),
        ({"seeds": [-1]}, "seeds must be"),
        ({"batch_size": 4}, "batch_size needs a data surface"),
        ({"noise": -1.0}, "noise must be a finite number >= 0"),
    ],
)
def test_bad_settings_get_a_clear_message(bowl, kwargs, message):
    with pytest.raises(ValueError, match=message):
        ensemble(bowl, optimizers.get("sgd", lr=0.1), START, **{"steps": 10, **kwargs})
