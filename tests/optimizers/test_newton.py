"""Newton's method: one step on a quadratic, what it does at a saddle under each rule, damping, batches."""

import warnings

import numpy as np
import pytest

import optimizers
import surfaces
from optimizers.newton import newton_direction, symmetric_eigh
from tests.optimizers.objectives import random_quadratic


@pytest.mark.parametrize("condition_number", [1.0, 10.0, 1000.0])
def test_one_step_lands_on_the_minimum_of_the_ravine(condition_number):
    surface = surfaces.get("ravine", condition_number=condition_number)
    path = optimizers.run(optimizers.get("newton"), surface, (-8.0, 2.0), 1)
    np.testing.assert_allclose(path[1], [0.0, 0.0], atol=1e-12)


def test_one_step_on_a_rotated_quadratic_from_many_starts():
    surface = surfaces.get("booth")  # Hessian [[10, 8], [8, 10]]: not axis-aligned
    starts = np.array([[-7.0, 9.0], [8.0, -8.0], [0.0, 0.0], [100.0, -50.0]])
    path = optimizers.run(optimizers.get("newton"), surface, starts, 1)
    np.testing.assert_allclose(path[1], np.tile([1.0, 3.0], (4, 1)), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("standardize", [False, True])
def test_one_step_solves_least_squares(standardize):
    surface = surfaces.get("linear_regression", standardize=standardize)
    path = optimizers.run(optimizers.get("newton"), surface, surface.starts[0], 1)
    np.testing.assert_allclose(path[1], surface.minima[0], rtol=1e-10)


def test_a_mini_batch_step_solves_that_mini_batch():
    # gradient and Hessian come from the same mini-batch: one step zeroes that batch's gradient
    surface = surfaces.get("linear_regression", batch_size=8, seed=3)
    path = optimizers.run(optimizers.get("newton"), surface, surface.starts[0], 2)
    np.testing.assert_allclose(surface.minibatch_grad(path[1], 1), [0.0, 0.0], atol=1e-10)
    np.testing.assert_allclose(surface.minibatch_grad(path[2], 2), [0.0, 0.0], atol=1e-10)
    assert np.abs(surface.grad(path[2])).max() > 1e-3  # and not the full batch's: the batches differ


def test_floor_and_damping_tame_newton_on_logistic_regression():
    # far from the minimum the smallest curvature is about 0.003: a full Newton step with a tiny floor
    # overshoots into the saturated region (curvature ~0) and never comes back. The default floor (1e-2)
    # bounds the steps there (the path wanders, then finds the bowl); damping shortens the detour.
    surface = surfaces.get("logistic_regression")
    start, minimum = surface.starts[0], surface.minima[0]
    tiny_floor = optimizers.run(optimizers.get("newton", eigenvalue_floor=1e-4), surface, start, 100)
    assert np.abs(tiny_floor[-1] - minimum).max() > 10
    default = optimizers.run(optimizers.get("newton"), surface, start, 100)
    np.testing.assert_allclose(default[-1], minimum, atol=1e-8)
    damped = optimizers.run(optimizers.get("newton", damping=0.1), surface, start, 60)
    assert np.abs(damped - minimum).max() < np.abs(default - minimum).max() / 5  # a shorter detour
    np.testing.assert_allclose(damped[-1], minimum, atol=1e-4)


def test_step_size_scales_the_newton_step():
    surface = surfaces.get("ravine", condition_number=50)
    path = optimizers.run(optimizers.get("newton", lr=0.5), surface, (-8.0, 2.0), 2)
    np.testing.assert_allclose(path[1:], [[-4.0, 1.0], [-2.0, 0.5]], rtol=1e-15)


def test_damping_solves_with_h_plus_delta_i():
    surface = surfaces.get("ravine", condition_number=10)
    path = optimizers.run(optimizers.get("newton", damping=2.0), surface, (-8.0, 2.0), 1)
    # (diag(1, 10) + 2 I)^{-1} diag(1, 10) (x, y): each axis shrinks by 2 / (lambda + 2)
    np.testing.assert_allclose(path[1], [-8.0 * 2 / 3, 2.0 * 2 / 12], rtol=1e-14)


def test_plain_newton_jumps_onto_the_saddle():
    surface = surfaces.get("saddle", variant="plain")
    path = optimizers.run(optimizers.get("newton", negative_curvature="none"), surface, (1.0, 0.5), 1)
    np.testing.assert_allclose(path[1], [0.0, 0.0], atol=1e-15)


def test_saddle_free_newton_moves_away_from_the_saddle():
    surface = surfaces.get("saddle", variant="plain")
    trajectory = optimizers.trajectory(optimizers.get("newton"), surface, (1.0, 0.5), 2)
    # |H| = diag(2, 2): the x step is Newton's, the y step goes downhill, away from the ridge
    np.testing.assert_allclose(trajectory.positions[1:], [[0.0, 1.0], [0.0, 2.0]], atol=1e-15)
    assert np.all(np.diff(trajectory.losses) < 0)
    np.testing.assert_allclose(trajectory.states["min_eigenvalue"], [-2.0, -2.0])
    assert trajectory.states["curvature_modified"].all()


def test_damping_shortens_saddle_free_steps_along_negative_curvature_too():
    surface = surfaces.get("saddle", variant="plain")  # gradient (2, -1) at (1, 0.5), |H| = diag(2, 2)
    path = optimizers.run(optimizers.get("newton", damping=2.0), surface, (1.0, 0.5), 1)
    np.testing.assert_allclose(path[1], [1.0 - 2.0 / 4.0, 0.5 + 1.0 / 4.0], rtol=1e-15)


def test_gradient_rule_takes_a_gradient_step_where_the_hessian_is_indefinite():
    surface = surfaces.get("saddle", variant="plain")
    trajectory = optimizers.trajectory(
        optimizers.get("newton", negative_curvature="gradient", lr=0.1), surface, (1.0, 0.5), 1
    )
    np.testing.assert_allclose(trajectory.updates[0], -0.1 * surface.grad([1.0, 0.5]))
    np.testing.assert_allclose(trajectory.effective_lr[0], [0.1, 0.1])


def test_on_the_bounded_saddle_saddle_free_finds_a_minimum_and_plain_newton_the_saddle():
    surface = surfaces.get("saddle", variant="bounded")
    start = (1.0, 0.1)
    plain = optimizers.run(optimizers.get("newton", negative_curvature="none"), surface, start, 30)
    saddle_free = optimizers.run(optimizers.get("newton"), surface, start, 30)
    np.testing.assert_allclose(plain[-1], [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(saddle_free[-1], [0.0, np.sqrt(2.0)], atol=1e-12)


def test_newton_converges_on_rosenbrock():
    path = optimizers.run(optimizers.get("newton"), surfaces.get("rosenbrock"), (-1.5, 2.0), 10)
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-12)


def test_any_dimension_one_step():
    rng = np.random.default_rng(1)
    quadratic = random_quadratic(rng, 6)
    starts = rng.standard_normal((3, 6))
    path = optimizers.run(optimizers.get("newton"), quadratic, starts, 1)
    np.testing.assert_allclose(path[1], np.tile(quadratic.minimum, (3, 1)), atol=1e-12)


def test_batch_equals_individual_runs():
    surface = surfaces.get("himmelblau")
    starts = np.array([[0.0, 0.0], [-1.0, 3.0], [4.0, -4.0], [-0.27, -0.92]])  # the last one near the maximum
    opt = optimizers.get("newton", damping=0.1)
    batch = optimizers.run(opt, surface, starts, 15)
    for k, start in enumerate(starts):
        np.testing.assert_allclose(batch[:, k], optimizers.run(opt, surface, start, 15), rtol=1e-13)


def test_effective_lr_is_the_inverse_curvature_per_axis_on_the_ravine():
    trajectory = optimizers.trajectory(
        optimizers.get("newton", lr=0.5), surfaces.get("ravine", condition_number=20), (-8.0, 2.0), 1
    )
    np.testing.assert_allclose(trajectory.effective_lr[0], [0.5, 0.5 / 20])
    np.testing.assert_allclose(trajectory.states["hessian"][0], np.diag([1.0, 20.0]))


def test_flat_direction_plain_newton_diverges_visibly_saddle_free_does_not():
    class Trough:  # x^2 + 0.1 y: Hessian diag(2, 0), singular
        def value(self, p):
            return p[..., 0] ** 2 + 0.1 * p[..., 1]

        def grad(self, p):
            return np.stack([2 * p[..., 0], np.full(p.shape[:-1], 0.1)], axis=-1)

        def hessian(self, p):
            return np.broadcast_to(np.diag([2.0, 0.0]), (*p.shape, 2))

    surface = Trough()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = optimizers.trajectory(
            optimizers.get("newton", negative_curvature="none"), surface, (1.0, 1.0), 3
        )
        floored = optimizers.run(optimizers.get("newton", eigenvalue_floor=1.0), surface, (1.0, 1.0), 3)
    assert plain.diverged_at == 1 and np.isnan(plain.positions[1:]).all()
    # the floor caps the flat direction's step at lr * g_y / floor = 0.1 per step
    np.testing.assert_allclose(floored[1:], [[0.0, 0.9], [0.0, 0.8], [0.0, 0.7]], atol=1e-14)


def test_direction_helper_handles_non_finite_input_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        direction, eigenvalues, modified, _ = newton_direction(
            np.array([[1.0, 1.0], [np.nan, 1.0]]), np.array([np.eye(2), np.full((2, 2), np.inf)])
        )
    np.testing.assert_allclose(direction[0], [-1.0, -1.0])
    assert np.isnan(direction[1]).all() and np.isnan(eigenvalues[1]).all() and not modified.any()


def test_closed_form_2x2_eigendecomposition_matches_lapack():
    rng = np.random.default_rng(3)
    random = rng.standard_normal((200, 2, 2)) * rng.lognormal(0, 3, (200, 1, 1))
    special = [
        np.diag([1.0, 10.0]),
        np.diag([10.0, 1.0]),
        np.eye(2),
        [[10.0, 8.0], [8.0, 10.0]],
        np.diag([2.0, -2.0]),
    ]
    matrices = np.concatenate([random + np.swapaxes(random, -1, -2), np.array(special)])
    eigenvalues, vectors = symmetric_eigh(matrices)
    expected = np.linalg.eigh(matrices).eigenvalues
    scale = np.abs(matrices).max(axis=(-2, -1), keepdims=True)[..., 0]
    np.testing.assert_allclose(eigenvalues / scale, expected / scale, atol=1e-15)
    np.testing.assert_allclose(
        np.swapaxes(vectors, -1, -2) @ vectors, np.broadcast_to(np.eye(2), matrices.shape), atol=1e-15
    )
    rebuilt = vectors @ (eigenvalues[..., :, None] * np.swapaxes(vectors, -1, -2))
    np.testing.assert_allclose(rebuilt / scale[..., None], matrices / scale[..., None], atol=1e-14)
    # axis-aligned matrices get exact eigenvectors (the ravine's one-step landing depends on it)
    _, aligned = symmetric_eigh(np.array([np.diag([1.0, 10.0]), np.diag([3.0, -2.0])]))
    np.testing.assert_array_equal(aligned, [[[-1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    # a single matrix goes to LAPACK
    np.testing.assert_array_equal(symmetric_eigh(np.diag([2.0, 1.0]))[0], [1.0, 2.0])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lr": -1}, "Invalid learning rate: -1"),
        ({"damping": -0.5}, "Invalid damping value: -0.5"),
        ({"negative_curvature": "abs"}, "must be one of saddle_free, gradient, none"),
        ({"eigenvalue_floor": 0.0}, "Invalid eigenvalue_floor value: 0.0"),
    ],
)
def test_validation(params, message):
    with pytest.raises(ValueError, match=message):
        optimizers.get("newton", **params)


def test_update_without_an_objective_says_what_is_missing():
    opt = optimizers.get("newton")
    params = np.array([1.0, 2.0])
    with pytest.raises(TypeError, match="newton needs the step's objective"):
        opt.update(params, opt.init(params), params, lr=1.0, objective=None)


def test_spec():
    spec = optimizers.spec("newton")
    assert spec.order == 2 and [p.name for p in spec.params][:2] == ["lr", "damping"]
    assert set(spec.state_labels) <= set(optimizers.get("newton").init(np.zeros(2))._fields)
