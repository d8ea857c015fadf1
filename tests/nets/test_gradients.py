"""Backpropagation and every closed-form derivative against autograd and finite differences."""

import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import datasets
import nets
from nets import Architecture, NetworkObjective, activations
from nets.special import erf, normal_cdf

ALL_ACTIVATIONS = activations.names()


@pytest.mark.parametrize("name", ALL_ACTIVATIONS)
def test_closed_form_derivative_matches_autograd(name):
    entry = activations.get(name)
    params = entry.resolve({})
    # away from the kink at 0, where autograd and the closed form may pick different one-sided slopes
    x = np.concatenate([np.linspace(-8, -0.01, 60), np.linspace(0.01, 8, 60)])
    derivative = autograd.elementwise_grad(lambda z: entry.fn(z, xp=anp, **params))
    np.testing.assert_allclose(entry.derivative(x, **params), derivative(x), rtol=1e-12, atol=1e-12)


def test_erf_matches_math_erf_to_a_few_units_in_the_last_place():
    rng = np.random.default_rng(0)
    cell_edges = np.arange(-6, 6.001, 1 / 512)  # where the table's cell changes
    x = np.concatenate([np.linspace(-7, 7, 14001), rng.normal(0, 2, 20_000), cell_edges, cell_edges + 1e-12])
    x = np.concatenate([x, [0.0, -0.0, 6.0, -6.0, 1e300, -1e300]])
    reference = np.array([math.erf(v) for v in x])
    assert np.abs(erf(x) - reference).max() <= 4e-16


def test_normal_cdf_is_half_of_one_plus_erf():
    x = np.linspace(-10, 10, 4001)
    reference = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    assert np.abs(normal_cdf(x) - reference).max() <= 4e-16
    slope = autograd.elementwise_grad(normal_cdf)(x)
    np.testing.assert_allclose(slope, np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi), rtol=1e-15, atol=0)


def test_erf_keeps_shape_infinities_and_nan():
    x = np.array([[np.inf, -np.inf], [np.nan, 0.5]])
    value = erf(x)
    assert value.shape == (2, 2)
    assert value[0].tolist() == [1.0, -1.0]
    assert np.isnan(value[1, 0])
    assert value[1, 1] == pytest.approx(math.erf(0.5), abs=1e-16)
    assert erf(0.25) == pytest.approx(math.erf(0.25), abs=1e-16)


def _autograd_loss(objective):
    """The same loss written once more in autograd.numpy, without the hand-written backward pass."""
    arch = objective.architecture
    entry = activations.get(arch.activation)
    fixed = {k: v for k, v in arch.activation_params.items() if k != entry.learned}
    onehot = None
    if arch.output_dim > 1:
        onehot = np.eye(arch.output_dim)[objective.targets.astype(int)]

    def loss(theta):
        h = objective.inputs
        for index, layer in enumerate(arch.layers):
            W = anp.reshape(theta[layer.weight], layer.shape)
            z = anp.dot(h, W.T) + theta[layer.bias]
            if index == len(arch.layers) - 1:
                h = z
            elif layer.slope is None:
                h = entry.fn(z, xp=anp, **fixed)
            else:
                h = entry.fn(z, xp=anp, init=theta[layer.slope])
        if objective.loss == "softmax_cross_entropy":
            log_p = h - anp.log(anp.sum(anp.exp(h), axis=1, keepdims=True))
            data = -anp.mean(anp.sum(onehot * log_p, axis=1))
        elif objective.loss == "binary_cross_entropy":
            data = anp.mean(anp.logaddexp(0.0, h[:, 0]) - objective.targets * h[:, 0])
        else:
            target = onehot if onehot is not None else objective.targets[:, None]
            data = anp.mean((h - target) ** 2)
        weights = theta[arch.weight_mask()]
        return data + 0.5 * objective.l2 * anp.sum(weights**2) + objective.l1 * anp.sum(anp.abs(weights))

    return loss


CASES = [
    ("tanh", (6, 5), "softmax_cross_entropy", 0.0, 0.0),
    ("sigmoid", (4,), "binary_cross_entropy", 0.1, 0.0),
    ("relu", (7, 7, 7), "mse", 0.0, 0.03),
    ("prelu", (5, 5), "binary_cross_entropy", 0.2, 0.01),
    ("gelu", (4, 3), "mse", 0.0, 0.0),
    ("selu", (6, 6, 6, 6, 6, 6), "softmax_cross_entropy", 0.05, 0.0),
    ("softplus", (3,), "softmax_cross_entropy", 0.0, 0.0),
]


@pytest.mark.parametrize(("activation", "hidden", "loss", "l2", "l1"), CASES)
def test_backprop_matches_autograd_and_finite_differences(activation, hidden, loss, l2, l1):
    data = datasets.get("blobs" if loss == "softmax_cross_entropy" else "two_moons", n_points=30, seed=4)
    if loss == "mse":
        data = datasets.get("regression", n_points=30, seed=4)
    objective = nets.network(data, hidden=hidden, activation=activation, loss=loss, l2=l2, l1=l1)
    theta = objective.architecture.initial_params("xavier_normal", seed=2)
    theta = theta + 0.05 * np.random.default_rng(9).standard_normal(theta.shape)  # non-zero biases too
    value, grad = objective.loss_and_grad(theta)
    loss_fn = _autograd_loss(objective)
    assert value == pytest.approx(float(loss_fn(theta)), rel=1e-12)
    np.testing.assert_allclose(grad, autograd.grad(loss_fn)(theta), rtol=1e-9, atol=1e-12)
    h = 1e-6
    eye = np.eye(objective.size)
    picked = np.random.default_rng(0).choice(objective.size, size=min(25, objective.size), replace=False)
    central = [
        (objective.value(theta + h * eye[i]) - objective.value(theta - h * eye[i])) / (2 * h) for i in picked
    ]
    np.testing.assert_allclose(grad[picked], central, rtol=1e-5, atol=1e-8)


def test_dropout_gradient_is_the_gradient_of_the_masked_loss():
    data = datasets.get("xor", n_points=40, seed=1)
    objective = nets.network(
        data, hidden=(6, 6), activation="tanh", loss="binary_cross_entropy", dropout=0.5, seed=3
    )
    theta = objective.architecture.initial_params("xavier_uniform", seed=1)
    grad = objective.minibatch_grad(theta, 7)
    h, eye = 1e-6, np.eye(objective.size)
    central = [
        (objective.minibatch_value(theta + h * eye[i], 7) - objective.minibatch_value(theta - h * eye[i], 7))
        / (2 * h)
        for i in range(0, objective.size, 3)
    ]
    np.testing.assert_allclose(grad[::3], central, rtol=1e-5, atol=1e-9)


def test_finite_difference_hessian_is_symmetric_and_matches_the_gradient_slope():
    architecture = Architecture(2, (3,), 1, "tanh")
    rng = np.random.default_rng(0)
    objective = NetworkObjective(architecture, "mse", rng.standard_normal((10, 2)), rng.standard_normal(10))
    theta = architecture.initial_params("normal", {"std": 0.5}, seed=1)
    hessian = objective.hessian(theta)
    np.testing.assert_allclose(hessian, hessian.T)
    direction = rng.standard_normal(objective.size)
    slope = (objective.grad(theta + 1e-5 * direction) - objective.grad(theta - 1e-5 * direction)) / 2e-5
    np.testing.assert_allclose(hessian @ direction, slope, rtol=1e-5, atol=1e-8)
