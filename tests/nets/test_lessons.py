"""Each lesson of the activation and initialisation lectures, measured in the numbers."""

import math

import numpy as np
import pytest

import datasets
import nets
from nets import Architecture, forward, lessons, lessons_extra


def test_sigmoid_is_not_zero_centred_and_saturates_tanh_is_zero_centred():
    sigmoid, tanh, relu = (lessons.activation_properties(n) for n in ("sigmoid", "tanh", "relu"))
    assert (sigmoid.low, sigmoid.high) == (0.0, 1.0) and not sigmoid.zero_centred
    assert sigmoid.mean_output == pytest.approx(0.5, abs=1e-12)  # symmetric around 1/2 for a symmetric input
    assert sigmoid.max_derivative == pytest.approx(0.25)
    # sigmoid' < 0.0025 where |x| > log of about 400: both tails
    assert sigmoid.saturated[0][0] == -10.0 and sigmoid.saturated[-1][1] == 10.0
    assert sigmoid.saturated[-1][0] == pytest.approx(5.99, abs=0.01)
    assert tanh.zero_centred and (tanh.low, tanh.high) == (-1.0, 1.0)
    assert relu.low == 0.0 and relu.high == math.inf and not relu.zero_centred
    assert relu.mean_output == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-9)  # E max(0, z)
    assert lessons.activation_properties("selu").zero_centred  # self-normalising: mean 0, std 1
    assert lessons.activation_properties("selu").std_output == pytest.approx(1.0, abs=1e-3)
    assert lessons.activation_properties("leaky_relu").saturated == ()


def test_cost_is_measured_for_every_activation():
    for name in nets.activations.names():
        forward_cost, derivative_cost = lessons.cost_per_million(name, size=20_000, repeats=1)
        assert 0 < forward_cost < np.inf and 0 < derivative_cost < np.inf  # measured, never a timing claim


def test_sigmoid_gradients_vanish_with_depth():
    bound = lessons.derivative_product("sigmoid", 10)
    np.testing.assert_allclose(bound, 0.25 ** np.arange(1, 11))
    norms = lessons.gradient_norms_at_init("sigmoid", depth=10, width=32)
    assert norms[0] < 1e-5 * norms[-1]  # the first layer hears almost nothing
    kaiming = lessons.gradient_norms_at_init("relu", 10, 32, "kaiming_normal", {"nonlinearity": "relu"})
    assert kaiming[0] > 0.05 * kaiming.max()


def test_all_positive_inputs_give_same_sign_weight_gradients():
    rng = np.random.default_rng(0)
    upstream = rng.standard_normal(500)
    assert lessons.same_sign_share(rng.uniform(0, 1, (500, 3)), upstream) == 1.0
    # centred inputs: 2 of the 2^3 sign patterns are "all the same", so about a quarter
    assert lessons.same_sign_share(rng.standard_normal((500, 3)), upstream) == pytest.approx(0.25, abs=0.06)
    path, share = lessons.quadrant_path(positive=True)
    assert share == 1.0 and path.shape == (61, 2)
    assert np.linalg.norm(path[-1] - (1, -1)) < np.linalg.norm(path[0] - (1, -1))
    _, centred_share = lessons.quadrant_path(positive=False)
    assert centred_share < 0.7


def test_a_deep_linear_network_is_one_linear_layer():
    architecture = Architecture(2, (7, 5, 6), 3, "linear")
    theta = architecture.initial_params("xavier_normal", seed=3) + 0.1
    W, b = lessons.collapse_linear(architecture, theta)
    points = np.random.default_rng(1).standard_normal((50, 2))
    np.testing.assert_allclose(
        forward(architecture, theta, points).outputs, points @ W.T + b, rtol=1e-12, atol=1e-14
    )
    assert W.shape == (3, 2)
    with pytest.raises(ValueError, match="only a network with linear activations collapses"):
        lessons.collapse_linear(Architecture(2, (3,), 1, "tanh"), np.zeros(13))


def test_linear_network_decision_boundary_is_a_line_however_deep():
    data = datasets.get("circles", n_points=100)
    net = nets.network(data, hidden=(16, 16, 16), activation="linear", loss="binary_cross_entropy")
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    W, b = lessons.collapse_linear(net.architecture, theta)
    grid = np.random.default_rng(2).uniform(-1, 1, (200, 2))
    predicted = net.predict(theta, grid)[:, 1] > 0.5
    np.testing.assert_array_equal(predicted, (grid @ W.T + b)[:, 0] > 0)


def test_a_large_step_kills_relus_but_not_leaky_relus_or_elus():
    _, relu_after = lessons.dead_after_large_step("relu", lr=10.0)
    assert relu_after.max() > 0.5
    for name in ("leaky_relu", "elu"):
        before, after = lessons.dead_after_large_step(name, lr=10.0)
        assert before.max() == after.max() == 0.0


@pytest.fixture(scope="module")
def deep():
    # the lecture's sizes (10 layers of 500, 1,000 inputs) for the three stated outcomes, smaller for the rest
    full = [("tanh", "small"), ("tanh", "xavier_gain"), ("relu", "kaiming")]
    small = [("tanh", "large"), ("tanh", "xavier"), ("relu", "xavier"), ("tanh", "zeros")]
    results = {key: lessons.deep_init_experiment(*key) for key in full}
    results.update({key: lessons.deep_init_experiment(*key, width=200, n_points=300) for key in small})
    return results


def test_small_init_collapses_tanh_activations_towards_zero(deep):
    std = deep["tanh", "small"].std
    # each layer multiplies the spread by about 0.01 * sqrt(500) = 0.22
    assert std[9] < 1e-5 * std[0]
    np.testing.assert_allclose(std[1:] / std[:-1], 0.01 * math.sqrt(500), rtol=0.1)


def test_large_init_saturates_tanh(deep):
    result = deep["tanh", "large"]
    saturated = (result.histograms[:, 0] + result.histograms[:, -1]) / result.histograms.sum(axis=1)
    assert (saturated > 0.5).all()  # most activations in the outermost bins, at -1 and +1
    assert (result.std > 0.95).all()


def test_xavier_keeps_tanh_spread_within_a_factor_of_two_with_torchs_gain(deep):
    with_gain = deep["tanh", "xavier_gain"].std
    assert with_gain.max() / with_gain.min() < 2
    # Glorot's gain 1 lets the spread fall slowly: 0.63 at layer 1, about a third of that by layer 10
    plain = deep["tanh", "xavier"].std
    assert 2 < plain[0] / plain[9] < 4 and (np.diff(plain) < 0).all()


def test_xavier_halves_relu_variance_every_layer_and_kaiming_fixes_it(deep):
    xavier = deep["relu", "xavier"].second_moment
    assert (xavier[9] / xavier[0]) ** (1 / 9) == pytest.approx(0.5, rel=0.1)  # the average factor per layer
    assert (xavier[1:] / xavier[:-1] < 0.7).all()
    kaiming = deep["relu", "kaiming"].second_moment
    assert kaiming.max() / kaiming.min() < 2


def test_backward_pass_of_the_deep_experiment(deep):
    small = deep["tanh", "small"].input_grad_std
    assert small[0] < 1e-5 * small[-1]  # gradients collapse going down as activations did going up
    kaiming = deep["relu", "kaiming"].weight_grad_std
    assert kaiming.max() / kaiming.min() < 2
    assert not deep["tanh", "zeros"].weight_grad_std.any()  # zero weights: nothing flows back


def test_unknown_setting_is_refused():
    with pytest.raises(ValueError, match="setting must be one of zeros, small, large, xavier"):
        lessons.deep_init_experiment("tanh", "orthogonal")


def test_the_initialisation_pages_outcomes_say_what_the_lecture_says():
    def outcomes(activation, setting):
        return lessons.deep_init_experiment(activation, setting, width=200, n_points=300).outcomes()

    kaiming, xavier = outcomes("relu", "kaiming"), outcomes("relu", "xavier")
    assert abs(kaiming["second moment, factor per layer"] - 1.0) < 0.15  # Kaiming keeps ReLU's moment
    assert abs(xavier["second moment, factor per layer"] - 0.5) < 0.1  # Xavier halves it per layer
    assert outcomes("tanh", "large")["last layer in the outermost bins"] > 0.5  # saturated at +-1
    assert outcomes("tanh", "small")["std, last / first layer"] < 1e-6  # the activations vanish
    assert math.isnan(outcomes("tanh", "zeros")["std, last / first layer"])  # 0 / 0, not an error


def _stop_at(calls: int):
    asked = []

    def stop(step: int) -> bool:
        asked.append(step)
        return len(asked) >= calls

    return stop, asked


@pytest.mark.parametrize(
    "experiment",
    [
        lambda stop: lessons.deep_init_experiment("tanh", "xavier", 6, 50, 100, stop=stop),
        lambda stop: lessons.cost_per_million("gelu", 1000, stop=stop),
        lambda stop: lessons_extra.linear_collapse(steps=50, stop=stop),
        lambda stop: lessons_extra.symmetry(steps=50, stop=stop),
    ],
    ids=["deep_init", "cost", "collapse", "symmetry"],
)
def test_an_experiment_asks_its_stop_as_it_goes_and_a_true_ends_it(monkeypatch, experiment):
    monkeypatch.setattr(lessons, "STOP_CHECK_SECONDS", 0.0)
    stop, asked = _stop_at(3)
    with pytest.raises(lessons.Stopped):
        experiment(stop)
    assert asked == [0, 1, 2], "asked at each layer, step or repeat until it said True"
    experiment(lambda step: False)  # never stopped: it runs to the end

    def gone(step):
        raise KeyboardInterrupt("the visitor left")

    with pytest.raises(KeyboardInterrupt):
        experiment(gone)
