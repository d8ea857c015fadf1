"""Closed-form gradients and Hessians of the built-in surfaces against autograd and finite differences."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from surfaces.base import find_minima

# Independent textbook formulas in autograd.numpy: the reference the closed forms must match.
REFERENCE = {
    "ravine": lambda x, y, condition_number=10.0: 0.5 * (x**2 + condition_number * y**2),
    "saddle": lambda x, y, variant="bounded": x**2 - y**2 + (0.25 * y**4 if variant == "bounded" else 0.0),
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "beale": lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "rastrigin": lambda x, y: 20 + x**2 - 10 * anp.cos(2 * anp.pi * x) + y**2 - 10 * anp.cos(2 * anp.pi * y),
    "ackley": lambda x, y: (
        -20 * anp.exp(-0.2 * anp.sqrt(0.5 * (x**2 + y**2)))
        - anp.exp(0.5 * (anp.cos(2 * anp.pi * x) + anp.cos(2 * anp.pi * y)))
        + anp.e
        + 20
    ),
    "six_hump_camel": lambda x, y: (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2,
    "styblinski_tang": lambda x, y: 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y),
    "goldstein_price": lambda x, y: (
        (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2))
        * (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2))
    ),
}

CASES = [
    ("ravine", {}),
    ("ravine", {"condition_number": 1000.0}),
    ("ravine", {"condition_number": 1.0}),
    ("saddle", {"variant": "plain"}),
    ("saddle", {"variant": "bounded"}),
    *[(name, {}) for name in REFERENCE if name not in ("ravine", "saddle")],
]
CASES = [case for case in CASES if case[0] in surfaces.names()]
IDS = [name + "".join(f"-{v}" for v in params.values()) for name, params in CASES]


def reference_functions(name, params):
    def f(p):
        return REFERENCE[name](p[..., 0], p[..., 1], **params)

    grad = elementwise_grad(f)

    def hess(p):
        return np.stack([elementwise_grad(lambda q, i=i: grad(q)[..., i])(p) for i in range(2)], axis=-2)

    return f, grad, hess


def central_difference(f, p, h):
    """Central differences of ``f`` along each coordinate: shape ``f(p).shape + (2,)``."""
    columns = []
    for i in range(2):
        step = np.zeros(2)
        step[i] = h
        columns.append((f(p + step) - f(p - step)) / (2 * h))
    return np.stack(columns, axis=-1)


def grid_in_window(surface, n=9, margin=0.0):
    (x0, x1), (y0, y1) = surface.window
    xs = np.linspace(x0 - margin, x1 + margin, n)
    ys = np.linspace(y0 - margin, y1 + margin, n)
    return np.stack(np.meshgrid(xs, ys), axis=-1)  # (n, n, 2)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_value_grad_hessian_match_autograd_on_a_grid(name, params):
    surface = surfaces.get(name, **params)
    points = grid_in_window(surface, n=13, margin=0.5) + 0.0123  # off the symmetric points
    f, grad, hess = reference_functions(name, params)
    np.testing.assert_allclose(surface.value(points), f(points), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(surface.grad(points), grad(points), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(surface.hessian(points), hess(points), rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_grad_and_hessian_match_central_differences(name, params):
    surface = surfaces.get(name, **params)
    points = grid_in_window(surface, n=11) + 0.0371
    h = 1e-5
    fd_grad = central_difference(surface.value, points, h)
    fd_hess = central_difference(surface.grad, points, h)
    grad, hess = surface.grad(points), surface.hessian(points)
    value_scale = np.abs(surface.value(points))[..., None] + 1.0
    # central differences err by O(h^2 f''') + O(eps f / h): scale the tolerance with the function
    np.testing.assert_allclose(fd_grad, grad, rtol=1e-5, atol=1e-6 * value_scale.max())
    np.testing.assert_allclose(fd_hess, hess, rtol=1e-5, atol=1e-6 * np.abs(grad).max() + 1e-6)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_grad_matches_autograd_at_random_points(name, params):
    surface = surfaces.get(name, **params)
    f, grad, hess = reference_functions(name, params)
    (x0, x1), (y0, y1) = surface.window

    @settings(max_examples=40, deadline=None)
    @given(st.floats(x0 - 1, x1 + 1), st.floats(y0 - 1, y1 + 1))
    def check(x, y):
        p = np.array([x, y])
        if name == "ackley" and np.hypot(x, y) < 1e-6:
            return  # the cone tip is not differentiable; see test_ackley_cone_tip
        np.testing.assert_allclose(surface.value(p), f(p), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(surface.grad(p), grad(p), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(surface.hessian(p), hess(p), rtol=1e-9, atol=1e-8)

    check()


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_shapes_broadcast_over_leading_axes(name, params):
    surface = surfaces.get(name, **params)
    points = np.random.default_rng(0).uniform(-2, 2, size=(3, 4, 2))
    assert surface.value(points).shape == (3, 4)
    assert surface.grad(points).shape == (3, 4, 2)
    assert surface.hessian(points).shape == (3, 4, 2, 2)
    assert np.shape(surface.value([0.5, -0.5])) == ()
    assert surface.grad([0.5, -0.5]).shape == (2,)
    assert surface.hessian((0.5, -0.5)).shape == (2, 2)
    one_by_one = np.array([[surface.grad(p) for p in row] for row in points])
    np.testing.assert_allclose(surface.grad(points), one_by_one, rtol=1e-14)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_listed_minima_are_minima_inside_the_window(name, params):
    surface = surfaces.get(name, **params)
    minima = surface.minima
    assert minima.ndim == 2 and minima.shape[1] == 2
    (x0, x1), (y0, y1) = surface.window
    assert np.all((x0 < minima[:, 0]) & (minima[:, 0] < x1) & (y0 < minima[:, 1]) & (minima[:, 1] < y1))
    values = surface.value(minima)
    if len(minima):
        assert values[0] == pytest.approx(values.min(), abs=1e-12), "global minimum first"
    for point in minima:
        assert np.abs(surface.grad(point)).max() < 1e-8 * (1 + np.abs(surface.hessian(point)).max())
        assert np.all(np.linalg.eigvalsh(surface.hessian(point)) > 0)
        # and no lower point nearby: a minimum, not just a stationary point
        ring = point + 1e-3 * np.stack([np.cos(np.arange(16)), np.sin(np.arange(16))], axis=-1)
        assert np.all(surface.value(ring) > surface.value(point))


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_starts_lie_in_the_window_and_are_not_minima(name, params):
    surface = surfaces.get(name, **params)
    assert 1 <= len(surface.starts) <= 4
    (x0, x1), (y0, y1) = surface.window
    for x, y in surface.starts:
        assert x0 < x < x1 and y0 < y < y1
        assert np.abs(surface.grad((x, y))).max() > 1e-6 or name == "saddle"


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_deterministic_surfaces_hand_the_optimizer_the_very_same_functions(name, params):
    surface = surfaces.get(name, **params)
    assert surface.stochastic is False
    assert surface.minibatch_grad is surface.grad
    assert surface.minibatch_value is surface.value
    assert surface.minibatch(7) == (surface.value, surface.grad, surface.hessian)


def test_quadratic_flag_means_constant_hessian():
    rng = np.random.default_rng(1)
    for name, params in CASES:
        surface = surfaces.get(name, **params)
        hessians = surface.hessian(rng.uniform(-3, 3, size=(20, 2)))
        constant = np.allclose(hessians, hessians[0], rtol=0, atol=1e-12)
        assert surface.is_quadratic == constant, name


def test_ravine_condition_number_is_the_hessian_condition_number():
    for kappa in (1.0, 10.0, 250.0, 1000.0):
        h = surfaces.get("ravine", condition_number=kappa).hessian((3.0, -1.0))
        assert np.linalg.cond(h) == pytest.approx(kappa)


def test_saddle_origin_is_a_saddle_in_both_variants():
    for variant in ("plain", "bounded"):
        surface = surfaces.get("saddle", variant=variant)
        np.testing.assert_array_equal(surface.grad((0.0, 0.0)), 0.0)
        eigenvalues = np.linalg.eigvalsh(surface.hessian((0.0, 0.0)))
        assert eigenvalues[0] < 0 < eigenvalues[1]
    assert len(surfaces.get("saddle", variant="plain").minima) == 0
    np.testing.assert_allclose(surfaces.get("saddle").value(surfaces.get("saddle").minima), -1.0)


def test_gradient_descent_off_the_saddle_ridge_escapes_and_settles():
    surface = surfaces.get("saddle", variant="bounded")
    p = np.array(surface.starts[0])
    for _ in range(300):
        p = p - 0.1 * surface.grad(p)
    np.testing.assert_allclose(p, surface.minima[0], atol=1e-6)
    on_ridge = np.array(surface.starts[1])
    for _ in range(300):
        on_ridge = on_ridge - 0.1 * surface.grad(on_ridge)
    np.testing.assert_allclose(on_ridge, (0.0, 0.0), atol=1e-6)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_a_numerical_search_finds_the_listed_minima_and_no_others(name, params):
    surface = surfaces.get(name, **params)
    found = find_minima(surface.value, surface.grad, surface.hessian, surface.window, limit=200)

    def contains(points, point):
        return len(points) > 0 and np.abs(points - point).max(axis=1).min() < 1e-6

    assert all(contains(found, m) for m in surface.minima), "every listed minimum is a minimum"
    if name not in ("rastrigin", "ackley"):  # those list only the minima nearest the global one
        assert all(contains(surface.minima, m) for m in found), "no minimum in the window is left out"


def test_ackley_cone_tip_has_zero_subgradient_and_finite_curvature():
    surface = surfaces.get("ackley")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(surface.grad((0.0, 0.0)), 0.0)
        h = surface.hessian((0.0, 0.0))
    assert np.all(np.isfinite(h)) and np.all(np.linalg.eigvalsh(h) > 1e100)
    assert surface.value((0.0, 0.0)) == pytest.approx(0.0, abs=1e-14)
    # just off the tip f ~ 4 r = 2 sqrt(2) |p|: the gradient has the cone's slope whatever the direction
    for direction in ((1.0, 0.0), (0.6, -0.8)):
        tip = 1e-9 * np.array(direction)
        assert np.linalg.norm(surface.grad(tip)) == pytest.approx(2.0 * np.sqrt(2.0), rel=1e-6)


@pytest.mark.parametrize(
    ("name", "point", "value"),
    [
        ("rosenbrock", (1.0, 1.0), 0.0),
        ("beale", (3.0, 0.5), 0.0),
        ("himmelblau", (3.0, 2.0), 0.0),
        ("booth", (1.0, 3.0), 0.0),
        ("rastrigin", (0.0, 0.0), 0.0),
        ("six_hump_camel", (0.0898, -0.7126), -1.0316),
        ("styblinski_tang", (-2.903534, -2.903534), -78.33233),
        ("goldstein_price", (0.0, -1.0), 3.0),
    ],
)
def test_textbook_minimum_values(name, point, value):
    assert surfaces.get(name).value(point) == pytest.approx(value, abs=1e-4)
    np.testing.assert_allclose(surfaces.get(name).minima[0], point, atol=1e-4)
