"""Data surfaces: full batch is the mean of per-sample losses, mini-batches are unbiased and reproducible."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad

import surfaces

NAMES = ["linear_regression", "logistic_regression"]
SETTINGS = [(name, standardize) for name in NAMES for standardize in (False, True)]


def per_sample_losses(name, data, w):
    """Loss of each sample at weights ``w`` (2,), written out independently with autograd.numpy."""
    z = anp.dot(data.features, w)
    if name == "linear_regression":
        return 0.5 * (z - data.targets) ** 2
    return anp.logaddexp(0.0, z) - data.targets * z


def per_sample_grads(name, data, w):
    z = data.features @ w
    residual = z - data.targets if name == "linear_regression" else 1 / (1 + np.exp(-z)) - data.targets
    return residual[:, None] * data.features


@pytest.mark.parametrize(("name", "standardize"), SETTINGS)
def test_full_batch_is_the_mean_over_samples(name, standardize):
    surface = surfaces.get(name, standardize=standardize)
    for w in ([0.3, -0.2], [-2.0, 2.0], surface.minima[0]):
        w = np.asarray(w, dtype=float)
        assert surface.value(w) == pytest.approx(per_sample_losses(name, surface.data, w).mean(), rel=1e-12)
        np.testing.assert_allclose(
            surface.grad(w), per_sample_grads(name, surface.data, w).mean(axis=0), rtol=1e-10, atol=1e-13
        )


@pytest.mark.parametrize(("name", "standardize"), SETTINGS)
def test_grad_and_hessian_match_autograd_and_finite_differences(name, standardize):
    surface = surfaces.get(name, standardize=standardize)

    def mean_loss(w):
        return anp.mean(per_sample_losses(name, surface.data, w))

    auto_grad = elementwise_grad(mean_loss)
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.window
    for w in rng.uniform([x0, y0], [x1, y1], size=(8, 2)):
        np.testing.assert_allclose(surface.grad(w), auto_grad(w), rtol=1e-10, atol=1e-12)
        auto_hessian = np.stack([elementwise_grad(lambda v, i=i: auto_grad(v)[i])(w) for i in range(2)])
        np.testing.assert_allclose(surface.hessian(w), auto_hessian, rtol=1e-10, atol=1e-12)
        h = 1e-6
        for i in range(2):
            step = np.eye(2)[i] * h
            fd = (surface.value(w + step) - surface.value(w - step)) / (2 * h)
            assert surface.grad(w)[i] == pytest.approx(fd, rel=1e-6, abs=1e-7)
    batch = rng.uniform(-1, 1, size=(3, 5, 2))
    assert surface.value(batch).shape == (3, 5)
    assert surface.grad(batch).shape == (3, 5, 2)
    assert surface.hessian(batch).shape == (3, 5, 2, 2)
    np.testing.assert_allclose(surface.grad(batch)[2, 1], surface.grad(batch[2, 1]), rtol=1e-13)


@pytest.mark.parametrize(("name", "standardize"), SETTINGS)
def test_minimum_has_zero_gradient_and_lies_in_the_window(name, standardize):
    surface = surfaces.get(name, standardize=standardize)
    (minimum,) = surface.minima
    assert np.abs(surface.grad(minimum)).max() < 1e-12
    assert np.all(np.linalg.eigvalsh(surface.hessian(minimum)) > 0)
    (x0, x1), (y0, y1) = surface.window
    for x, y in (minimum, *surface.starts):
        assert x0 < x < x1 and y0 < y < y1


def test_linear_regression_minimum_is_the_least_squares_solution():
    surface = surfaces.get("linear_regression", seed=3)
    expected, *_ = np.linalg.lstsq(surface.data.features, surface.data.targets, rcond=None)
    np.testing.assert_allclose(surface.minima[0], expected, rtol=1e-10)
    assert surface.is_quadratic and not surfaces.get("logistic_regression").is_quadratic


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 1, 5, 42])
def test_standardizing_turns_the_ravine_into_a_round_bowl(name, seed):
    raw = surfaces.get(name, seed=seed)
    standardized = surfaces.get(name, seed=seed, standardize=True)
    assert np.linalg.cond(raw.hessian(raw.minima[0])) > 50
    assert np.linalg.cond(standardized.hessian(standardized.minima[0])) < 3
    np.testing.assert_allclose(standardized.data.features.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(standardized.data.features.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(standardized.data.raw_features, raw.data.features)


def test_logistic_labels_are_noisy_not_separable():
    surface = surfaces.get("logistic_regression")
    labels = surface.data.targets
    assert set(np.unique(labels)) == {0.0, 1.0}
    predicted = surface.data.features @ surface.minima[0] > 0
    assert 0.05 < np.mean(predicted != labels.astype(bool)) < 0.5  # the best weights still misclassify some


@pytest.mark.parametrize(
    ("batch_size", "stochastic"), [(0, False), (1, True), (32, True), (199, True), (200, False)]
)
def test_stochastic_only_for_true_mini_batches(batch_size, stochastic):
    surface = surfaces.get("linear_regression", batch_size=batch_size)
    assert surface.stochastic is stochastic
    if not stochastic:
        assert surface.minibatch_grad is surface.grad
        assert surface.minibatch(3) == (surface.value, surface.grad, surface.hessian)
    else:
        assert not np.allclose(surface.minibatch_grad((0.0, 0.0), 1), surface.minibatch_grad((0.0, 0.0), 2))


@pytest.mark.parametrize("name", NAMES)
def test_a_steps_batch_is_reproducible_and_drawn_from_seed_and_step(name):
    surface = surfaces.get(name, batch_size=16, seed=7)
    w = np.array([0.4, -0.3])
    first = surface.minibatch_grad(w, 5)
    for step in (1, 9, 2):  # evaluation order must not matter
        surface.minibatch_grad(w, step)
    np.testing.assert_array_equal(surface.minibatch_grad(w, 5), first)
    np.testing.assert_array_equal(surfaces.get(name, batch_size=16, seed=7).minibatch_grad(w, 5), first)
    chosen = np.random.default_rng((7, 5)).choice(200, size=16, replace=False)
    expected = per_sample_grads(name, surface.data, w)[chosen].mean(axis=0)
    np.testing.assert_allclose(first, expected, rtol=1e-12)
    losses = per_sample_losses(name, surface.data, w)[chosen]
    assert surface.minibatch_value(w, 5) == pytest.approx(losses.mean(), rel=1e-12)
    objective = surface.minibatch(5)
    np.testing.assert_array_equal(objective.grad(w), first)
    assert objective.value(w) == surface.minibatch_value(w, 5)
    np.testing.assert_array_equal(objective.hessian(w), surface.minibatch_hessian(w, 5))
    assert not np.array_equal(surfaces.get(name, batch_size=16, seed=8).minibatch_grad(w, 5), first)


@pytest.mark.parametrize("name", NAMES)
def test_mini_batch_hessian_is_the_derivative_of_the_mini_batch_gradient(name):
    surface = surfaces.get(name, batch_size=10, seed=2)
    w, h = np.array([0.2, 0.1]), 1e-6
    for i in range(2):
        step = np.eye(2)[i] * h
        fd = (surface.minibatch_grad(w + step, 4) - surface.minibatch_grad(w - step, 4)) / (2 * h)
        np.testing.assert_allclose(surface.minibatch_hessian(w, 4)[:, i], fd, rtol=1e-6, atol=1e-8)
        fd_value = (surface.minibatch_value(w + step, 4) - surface.minibatch_value(w - step, 4)) / (2 * h)
        assert surface.minibatch_grad(w, 4)[i] == pytest.approx(fd_value, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_mini_batch_gradients_are_unbiased(name):
    surface = surfaces.get(name, batch_size=8)
    w = np.array([-1.0, 1.5])
    steps = 3000
    grads = np.array([surface.minibatch_grad(w, step) for step in range(1, steps + 1)])
    spread = grads.std(axis=0) / np.sqrt(steps)
    assert np.all(spread > 0)
    assert np.all(np.abs(grads.mean(axis=0) - surface.grad(w)) < 4 * spread)


def test_batch_gradients_work_on_many_points_at_once():
    surface = surfaces.get("logistic_regression", batch_size=20)
    points = np.random.default_rng(1).normal(size=(50, 2))
    together = surface.minibatch_grad(points, 3)
    np.testing.assert_allclose(together[17], surface.minibatch_grad(points[17], 3), rtol=1e-13)
    assert surface.minibatch_hessian(points, 3).shape == (50, 2, 2)


def test_seed_and_sample_count_shape_the_data():
    a, b = surfaces.get("linear_regression", seed=1), surfaces.get("linear_regression", seed=2)
    assert not np.array_equal(a.data.features, b.data.features)
    np.testing.assert_array_equal(a.data.features, surfaces.get("linear_regression", seed=1).data.features)
    assert surfaces.get("logistic_regression", n_samples=50).data.features.shape == (50, 2)
    assert "50 samples" in surfaces.get("logistic_regression", n_samples=50).description


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"batch_size": 300}, ValueError, "batch_size must be at most n_samples \\(200\\)"),
        ({"batch_size": -1}, ValueError, "batch_size must be between 0 and 1000"),
        ({"batch_size": 2.5}, ValueError, "whole number"),
        ({"standardize": "yes"}, ValueError, "true or false"),
        ({"seed": -3}, ValueError, "seed must be"),
        ({"n_samples": 5}, ValueError, "n_samples must be between 10 and 1000"),
        ({"learning_rate": 1}, TypeError, "unexpected parameter"),
    ],
)
def test_bad_parameters_are_refused_clearly(params, error, message):
    for name in NAMES:
        with pytest.raises(error, match=message):
            surfaces.get(name, **params)
