"""Many networks' evaluation passes at once give each network's own numbers, to the last bit; so do the
losses and predicted classes of a stack of outputs."""

import numpy as np
import pytest

from nets import Architecture, forward, losses
from nets.mlp import outputs_of_many


@pytest.mark.parametrize(
    ("activation", "hidden", "outputs", "scale"),
    [
        ("tanh", (8, 8), 1, 1.0),
        ("relu", (32, 32, 32), 1, 1.0),
        ("sigmoid", (16, 4), 3, 0.7),
        ("gelu", (8,), 2, 1.0),
    ],
)
def test_outputs_of_many_equal_one_pass_per_network(activation, hidden, outputs, scale):
    architecture = Architecture(2, hidden, outputs, activation)
    thetas = np.stack([1.3 * architecture.initial_params("kaiming_uniform", seed=seed) for seed in range(5)])
    inputs = np.random.default_rng(0).standard_normal((97, 2))
    many = outputs_of_many(architecture, thetas, inputs, scale)
    for theta, stacked in zip(thetas, many, strict=True):
        assert np.array_equal(forward(architecture, theta, inputs, None, scale).outputs, stacked)


def test_outputs_of_many_refuses_normalisation_and_learned_activations():
    for architecture in (Architecture(2, (4,), 1, norm="batch"), Architecture(2, (4,), 1, "prelu")):
        with pytest.raises(ValueError, match="outputs_of_many"):
            outputs_of_many(architecture, architecture.initial_params()[None], np.zeros((3, 2)))


@pytest.mark.parametrize(
    ("loss", "outputs"), [("binary_cross_entropy", 1), ("softmax_cross_entropy", 3), ("mse", 1)]
)
def test_a_stack_of_outputs_has_each_networks_loss_and_classes(loss, outputs):
    architecture = Architecture(2, (8,), outputs, "tanh")
    thetas = np.stack([2 * architecture.initial_params("xavier_uniform", seed=seed) for seed in range(4)])
    rng = np.random.default_rng(1)
    inputs = rng.standard_normal((61, 2))
    targets = rng.standard_normal(61) if loss == "mse" else rng.integers(0, max(outputs, 2), 61)
    entry = losses.get(loss)
    many = outputs_of_many(architecture, thetas, inputs)
    values, classes = entry.value(many, targets), entry.classes(many)
    for index, theta in enumerate(thetas):
        one = forward(architecture, theta, inputs).outputs
        assert entry.value(one, targets) == entry.value_and_grad(one, targets)[0] == values[index]
        assert classes[index].tolist() == entry.predict(one).argmax(axis=1).tolist()
