"""Ensembles and dropout's mask average: Jensen's gain is measured and never negative, one member is no
ensemble, and the average over sampled masks approaches the scaled network as k grows."""

import itertools

import numpy as np
import pytest

import datasets
import nets
from nets import Architecture, ensemble


def _thetas(architecture, count, spread=1.0):
    return [architecture.initial_params("xavier_normal", seed=s) * spread for s in range(count)]


@pytest.mark.parametrize(
    ("loss", "output_dim"), [("softmax_cross_entropy", 3), ("binary_cross_entropy", 1), ("mse", 1)]
)
def test_ensemble_loss_is_at_most_the_members_mean_loss(loss, output_dim):
    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((50, 2))
    targets = rng.integers(0, max(output_dim, 2), 50) if loss != "mse" else rng.standard_normal(50)
    architecture = Architecture(2, (8,), output_dim, "tanh")
    scores = ensemble.ensemble_scores(architecture, loss, _thetas(architecture, 5, 2.0), inputs, targets)
    assert len(scores.member_losses) == 5
    assert scores.loss_gain > 0  # strictly: the members disagree
    assert np.isnan(scores.ensemble_accuracy) == (loss == "mse")


def test_one_member_or_identical_members_gain_nothing():
    data = datasets.get("two_moons", n_points=100)
    architecture = Architecture(2, (6,), 2, "relu")
    theta = architecture.initial_params(seed=1)
    for thetas in ([theta], [theta, theta, theta]):
        scores = ensemble.ensemble_scores(
            architecture, "softmax_cross_entropy", thetas, data.validation_inputs, data.validation_targets
        )
        assert scores.loss_gain == pytest.approx(0.0, abs=1e-15)
        assert scores.accuracy_gain == pytest.approx(0.0, abs=1e-15)


def test_keep_one_is_the_plain_network():
    architecture = Architecture(2, (5, 5), 3, "gelu")
    theta = architecture.initial_params(seed=2)
    inputs = np.random.default_rng(3).standard_normal((20, 2))
    plain = ensemble.predictions(architecture, "softmax_cross_entropy", theta, inputs)
    averaged = ensemble.mask_average(architecture, "softmax_cross_entropy", theta, inputs, keep=1.0, k=4)
    np.testing.assert_allclose(averaged, plain, rtol=1e-14)


def test_mask_average_approaches_the_scaled_linear_network_as_k_grows():
    """For a linear network the expected output over inverted-dropout masks IS the unmasked output, so the
    error of the k-mask average shrinks like 1/sqrt(k)."""
    architecture = Architecture(2, (16, 16), 1, "linear")
    theta = architecture.initial_params("xavier_normal", seed=4)
    inputs = np.random.default_rng(5).standard_normal((40, 2))
    scaled = ensemble.predictions(architecture, "mse", theta, inputs)
    ks = [1, 4, 16, 64, 256]
    errors = ensemble.mask_average_error(architecture, "mse", theta, inputs, 0.5, ks, scaled)
    assert all(a > b for a, b in itertools.pairwise(errors))
    assert errors[-1] < errors[0] / 8  # 1/sqrt(256) = 1/16 in expectation; 8 leaves room for noise
    first = ensemble.mask_average(architecture, "mse", theta, inputs, 0.5, k=16)
    assert np.mean(np.abs(first - scaled)) == pytest.approx(errors[2])  # the same stream of masks


def test_bad_keep_or_k_is_refused():
    architecture = Architecture(2, (4,), 1, "relu")
    theta = architecture.initial_params()
    with pytest.raises(ValueError, match="keep must be in"):
        ensemble.mask_average(architecture, "mse", theta, np.zeros((2, 2)), keep=0.0, k=3)
    with pytest.raises(ValueError, match="k must be at least 1"):
        ensemble.mask_average(architecture, "mse", theta, np.zeros((2, 2)), keep=0.5, k=0)


def test_trained_members_form_a_better_ensemble():
    """Five nets trained from different seeds on noisy moons: the averaged prediction's validation loss is
    below the members' mean (the gain measured, not assumed)."""
    import optimizers

    data = datasets.get("two_moons", n_points=200, noise=0.3, seed=1)
    thetas = []
    for seed in range(5):
        objective = nets.network(data, hidden=(16, 16), activation="relu")
        start = objective.architecture.initial_params(seed=seed)
        thetas.append(optimizers.run(optimizers.get("adam", lr=0.02), objective, start, 300)[-1])
    scores = ensemble.ensemble_scores(
        objective.architecture,
        "softmax_cross_entropy",
        thetas,
        data.validation_inputs,
        data.validation_targets,
    )
    assert scores.loss_gain > 0.01
