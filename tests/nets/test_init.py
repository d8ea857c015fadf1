"""Initialisations: torch's formulas, in the statistics of the weights they draw."""

import math

import numpy as np
import pytest

from nets import Architecture, init


def _weights(scheme, params=None, fan_in=32, fan_out=256, seed=0):
    architecture = Architecture(fan_in, (), fan_out, "relu")
    theta = architecture.initial_params(scheme, params, seed=seed)
    return theta[architecture.layers[0].weight]


def _within_sampling_error(sample, std):
    # the sample std of m normal draws has standard error std / sqrt(2 m); allow five of them
    return abs(sample.std() - std) < 5 * std / math.sqrt(2 * sample.size)


def test_kaiming_normal_std_for_fan_in_32_is_sqrt_2_over_32():
    weights = _weights("kaiming_normal", {"nonlinearity": "relu"})
    assert _within_sampling_error(weights, math.sqrt(2 / 32))
    assert abs(weights.mean()) < 5 * math.sqrt(2 / 32) / math.sqrt(weights.size)


@pytest.mark.parametrize(
    ("scheme", "params", "std"),
    [
        ("kaiming_uniform", {}, math.sqrt(2 / 32)),  # torch's default nonlinearity leaky_relu with a = 0
        ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "relu"}, math.sqrt(2 / 256)),
        ("kaiming_normal", {"a": 0.2}, math.sqrt(2 / 1.04) / math.sqrt(32)),
        ("kaiming_normal", {"nonlinearity": "tanh"}, 5 / 3 / math.sqrt(32)),
        ("xavier_uniform", {}, math.sqrt(2 / (32 + 256))),
        ("xavier_normal", {"gain": 5 / 3}, 5 / 3 * math.sqrt(2 / (32 + 256))),
        ("normal", {"std": 0.01}, 0.01),
        ("uniform", {"a": -0.5, "b": 0.5}, 1 / math.sqrt(12)),
        ("pytorch_default", {}, 1 / math.sqrt(3 * 32)),
    ],
)
def test_weights_have_the_std_of_torchs_formula(scheme, params, std):
    weights = _weights(scheme, params)
    assert _within_sampling_error(weights, std)
    entry = init.get(scheme)
    assert entry.std(32, 256, **entry.resolve(params)) == pytest.approx(std)


def test_uniform_schemes_stay_inside_sqrt3_std():
    weights = _weights("xavier_uniform")
    bound = math.sqrt(3) * math.sqrt(2 / (32 + 256))
    assert weights.max() <= bound and weights.min() >= -bound
    assert weights.max() > 0.98 * bound  # and fill the interval


def test_zeros_and_constant_make_every_weight_equal_and_biases_start_at_zero():
    architecture = Architecture(2, (4, 4), 1, "prelu")
    theta = architecture.initial_params("constant", {"val": 0.3})
    for layer in architecture.layers:
        assert np.all(theta[layer.weight] == 0.3)
        assert np.all(theta[layer.bias] == 0.0)
    assert [theta[layer.slope] for layer in architecture.layers[:-1]] == [0.25, 0.25]
    assert np.count_nonzero(architecture.initial_params("zeros")[architecture.weight_mask()]) == 0


def test_initialisation_is_seeded():
    np.testing.assert_array_equal(_weights("xavier_normal", seed=5), _weights("xavier_normal", seed=5))
    assert not np.array_equal(_weights("xavier_normal", seed=5), _weights("xavier_normal", seed=6))


def test_unknown_scheme_and_bad_parameters_are_refused():
    architecture = Architecture(2, (3,), 1)
    with pytest.raises(KeyError, match="unknown initialisation 'glorot'; choose one of zeros"):
        architecture.initial_params("glorot")
    with pytest.raises(ValueError, match="mode must be one of fan_in, fan_out"):
        architecture.initial_params("kaiming_normal", {"mode": "fan_middle"})
    with pytest.raises(TypeError, match="unexpected parameter"):
        architecture.initial_params("xavier_normal", {"std": 1})
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        init.calculate_gain("swish")
