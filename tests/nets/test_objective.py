"""The network as an objective of the optimizers' run loop: protocol, mini-batches, dropout, overfitting."""

import numpy as np
import pytest

import datasets
import nets
import optimizers
from nets import Architecture, NetworkObjective, forward


def _moons(**options):
    data = datasets.get("two_moons", n_points=120, seed=2)
    return nets.network(data, hidden=(8, 8), activation="tanh", loss="binary_cross_entropy", **options)


def test_every_optimizer_trains_the_flat_vector_unchanged():
    net = _moons()
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    start = net.value(theta)
    for name in ["sgd", "momentum", "adam", "rmsprop", "adagrad", "lbfgs"]:
        opt = optimizers.get(name, lr=0.05 if name != "lbfgs" else 1.0)
        path = optimizers.run(opt, net, start=theta, steps=60)
        assert path.shape == (61, net.size)
        assert net.value(path[-1]) < 0.8 * start, name


def test_newton_refuses_a_network_too_large_for_its_hessian():
    net = nets.network(datasets.get("xor"), hidden=(32, 32), loss="softmax_cross_entropy")
    theta = net.architecture.initial_params(seed=0)
    with pytest.raises(ValueError, match="too large for Newton's method"):
        optimizers.run(optimizers.get("newton"), net, start=theta, steps=1)


def test_a_steps_minibatch_is_a_pure_function_of_seed_and_step():
    net = _moons(batch_size=16, seed=4)
    assert net.stochastic
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    first = net.minibatch_grad(theta, 5)
    net.minibatch_grad(theta, 6)
    np.testing.assert_array_equal(first, _moons(batch_size=16, seed=4).minibatch_grad(theta, 5))
    assert not np.allclose(first, net.minibatch_grad(theta, 6))
    np.testing.assert_array_equal(net.minibatch(5).grad(theta), first)
    # the batch is drawn like the data surfaces draw theirs
    chosen, _ = net._draw(5)
    np.testing.assert_array_equal(chosen, np.random.default_rng((4, 5)).choice(84, size=16, replace=False))


def test_full_batch_without_dropout_is_deterministic():
    net = _moons()
    assert not net.stochastic
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    np.testing.assert_array_equal(net.minibatch_grad(theta, 3), net.grad(theta))


def test_value_takes_a_batch_of_parameter_vectors():
    net = _moons()
    thetas = np.stack([net.architecture.initial_params("xavier_uniform", seed=s) for s in range(3)])
    np.testing.assert_allclose(net.value(thetas), [net.value(t) for t in thetas])
    assert net.grad(thetas).shape == (3, net.size)


def test_gradient_noise_schedules_and_divergence_come_with_the_run_loop():
    net = _moons()
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    schedule = optimizers.schedules.get("step", step_size=10, gamma=0.5)
    record = optimizers.trajectory(
        optimizers.get("sgd", lr=0.1), net, start=theta, steps=30, schedule=schedule, noise=0.01
    )
    assert record.lrs[0] == 0.1 and record.lrs[-1] == 0.025
    exploding = optimizers.trajectory(optimizers.get("sgd", lr=1e9), net, start=theta, steps=30)
    assert exploding.diverged_at is not None and np.isnan(exploding.positions[-1]).all()


def _hidden_activations(net, theta, steps=400):
    """Mean hidden activation of layer 1 in training mode (over many masks) and at evaluation time."""
    training = np.mean(
        [forward(net.architecture, theta, net.inputs, net._draw(s)[1]).inputs[1] for s in range(steps)],
        axis=0,
    )
    evaluation = forward(net.architecture, theta, net.inputs, None, net.test_scale).inputs[1]
    return training.mean(), evaluation.mean()


@pytest.mark.parametrize(("mode", "ratio"), [("inverted", 1.0), ("plain", 1.0), ("plain_unscaled", 0.4)])
def test_dropout_expectation(mode, ratio):
    # inverted dropout keeps the expected activation; plain dropout without test-time scaling does not:
    # while training the units were on average only keep = 0.4 times as active as at test time
    data = datasets.get("linear", n_points=60, seed=0)
    net = nets.network(
        data, hidden=(16,), activation="sigmoid", loss="binary_cross_entropy", dropout=0.6, dropout_mode=mode
    )
    theta = net.architecture.initial_params("xavier_normal", seed=1)
    training, evaluation = _hidden_activations(net, theta)
    assert training / evaluation == pytest.approx(ratio, rel=0.02)


def test_overfit_a_tiny_sample():
    # 20 training points, no regularisation: a 2-32-32-2 network drives the training loss to about zero
    data = datasets.get("spirals", n_points=29, noise=0.1, seed=3)
    assert len(data.train_inputs) == 20
    net = nets.network(data, hidden=(32, 32), activation="tanh", loss="softmax_cross_entropy")
    theta = net.architecture.initial_params("xavier_uniform", seed=0)
    path = optimizers.run(optimizers.get("adam", lr=0.01), net, start=theta, steps=1500)
    assert net.value(path[-1]) < 1e-3
    probabilities = net.predict(path[-1], data.train_inputs)
    assert (probabilities.argmax(axis=1) == data.train_targets).all()


def test_bad_configurations_get_clear_messages():
    inputs, targets = np.zeros((5, 2)), np.zeros(5)
    arch = Architecture(2, (3,), 1)
    with pytest.raises(ValueError, match="dropout must be in"):
        NetworkObjective(arch, "mse", inputs, targets, dropout=1.0)
    with pytest.raises(ValueError, match="batch_size must be between 0 and the 5 samples"):
        NetworkObjective(arch, "mse", inputs, targets, batch_size=6)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n, 2\)"):
        NetworkObjective(arch, "mse", np.zeros((5, 3)), targets)
    with pytest.raises(KeyError, match="unknown loss 'hinge'"):
        NetworkObjective(arch, "hinge", inputs, targets)
    with pytest.raises(ValueError, match="width must be a whole number between 1 and"):
        Architecture(2, (0,), 1)
    with pytest.raises(KeyError, match="unknown activation 'swish'"):
        Architecture(2, (3,), 1, "swish")
    with pytest.raises(ValueError, match="binary_cross_entropy needs 2 classes, this set has 3"):
        nets.network(datasets.get("blobs"), loss="binary_cross_entropy")


def test_module_example_runs():
    import doctest

    assert doctest.testmod(nets).failed == 0
