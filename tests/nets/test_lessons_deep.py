"""The deep lessons' claims, measured: residual streams grow without a zero last layer and stay put with
one, SELU self-normalises where ReLU and tanh do not, PReLU's slopes are read from the run."""

import numpy as np
import pytest

import datasets
import nets
import optimizers
from nets import lessons_deep


@pytest.mark.parametrize("seed", range(5))
def test_residual_stream_grows_about_threefold_per_block_unless_the_last_layer_starts_at_zero(seed):
    result = lessons_deep.residual_variance(blocks=8, width=128, n_points=300, seed=seed)
    growth = (result.residual_kaiming[-1] / result.input_variance) ** (1 / 8)
    assert 2.5 < growth < 3.5
    np.testing.assert_allclose(result.residual_zero_last, result.input_variance, rtol=1e-12)
    # Kaiming keeps a plain ReLU stack's second moment, not its variance, and never triples it
    assert result.plain[-1] < 3 * result.input_variance


def test_residual_measurement_stops_when_asked():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(StopIteration):
        lessons_deep.residual_variance(blocks=50, width=32, n_points=20, stop=stop)
    assert len(calls) == 3


@pytest.mark.parametrize("seed", range(5))
def test_selu_drives_mean_to_zero_and_variance_to_one(seed):
    mean, variance = lessons_deep.self_normalisation("selu", layers=30, width=200, n_points=300, seed=seed)
    assert abs(mean[0]) > 0.1 or abs(variance[0] - 1) > 0.3  # it starts away from (0, 1)
    assert abs(mean[-1]) < 0.1
    assert 0.7 < variance[-1] < 1.3
    relu_mean, relu_variance = lessons_deep.self_normalisation(
        "relu", layers=30, width=200, n_points=300, seed=seed
    )
    assert relu_variance[-1] < 1e-3  # LeCun weights halve ReLU's second moment every layer
    assert relu_mean[-1] > 0  # and ReLU's outputs are never centred


def test_prelu_slopes_are_read_from_the_run_and_move_with_training():
    data = datasets.get("spirals", n_points=200)
    objective = nets.network(data, hidden=(8, 8), activation="prelu")
    start = objective.architecture.initial_params(seed=0)
    path = optimizers.run(optimizers.get("adam", lr=0.02), objective, start, 100)
    slopes = lessons_deep.prelu_slopes(objective.architecture, path)
    assert slopes.shape == (101, 2)
    np.testing.assert_array_equal(slopes[0], [0.25, 0.25])
    assert np.abs(slopes[-1] - 0.25).max() > 0.01
    with pytest.raises(ValueError, match="no learned slope"):
        lessons_deep.prelu_slopes(nets.network(data, activation="relu").architecture, path)
