"""Quadratic theory: the closed forms on the ravine, Booth and a data surface, and where it does not apply."""

import math

import numpy as np
import pytest

import surfaces
from surfaces.theory import quadratic_theory


@pytest.mark.parametrize("kappa", [1.0, 10.0, 37.0, 250.0])
def test_ravine_theory_matches_the_closed_forms(kappa):
    theory = quadratic_theory(surfaces.get("ravine", condition_number=kappa))
    np.testing.assert_allclose(theory.hessian, np.diag([1.0, kappa]))
    np.testing.assert_allclose(theory.eigenvalues, [1.0, kappa])
    assert theory.condition_number == pytest.approx(kappa)
    assert theory.stability_lr == pytest.approx(2.0 / kappa)
    assert theory.best_sgd_lr == pytest.approx(2.0 / (kappa + 1.0))
    assert theory.heavy_ball_lr == pytest.approx(4.0 / (math.sqrt(kappa) + 1.0) ** 2)
    root = math.sqrt(kappa)
    assert theory.heavy_ball_momentum == pytest.approx(((root - 1.0) / (root + 1.0)) ** 2)
    np.testing.assert_allclose(theory.minimum, [0.0, 0.0], atol=1e-12)
    if kappa > 1.0:  # with a double eigenvalue any basis is right
        np.testing.assert_allclose(np.abs(theory.eigenvectors), np.eye(2), atol=1e-12)


def test_booth_theory_finds_the_diagonal_eigenvectors_and_the_minimum():
    theory = quadratic_theory(surfaces.get("booth"))
    np.testing.assert_allclose(theory.eigenvalues, [2.0, 18.0])
    assert theory.condition_number == pytest.approx(9.0)
    flat, steep = theory.eigenvectors[:, 0], theory.eigenvectors[:, 1]
    assert abs(flat @ np.array([1.0, -1.0])) / math.sqrt(2) == pytest.approx(1.0)
    assert abs(steep @ np.array([1.0, 1.0])) / math.sqrt(2) == pytest.approx(1.0)
    np.testing.assert_allclose(theory.minimum, [1.0, 3.0], atol=1e-12)
    for value, vector in zip(theory.eigenvalues, theory.eigenvectors.T, strict=True):
        np.testing.assert_allclose(theory.hessian @ vector, value * vector, atol=1e-12)


def test_data_surface_theory_finds_the_least_squares_minimum():
    surface = surfaces.get("linear_regression")
    theory = quadratic_theory(surface)
    np.testing.assert_allclose(theory.minimum, surface.minima[0], atol=1e-9)
    assert theory.condition_number > 50  # raw features: a ravine


@pytest.mark.parametrize(("name", "params"), [("rosenbrock", {}), ("himmelblau", {}), ("saddle", {})])
def test_no_theory_without_a_constant_hessian(name, params):
    assert quadratic_theory(surfaces.get(name, **params)) is None


def test_no_theory_for_an_indefinite_quadratic():
    surface = surfaces.get("saddle", variant="plain")
    assert surface.is_quadratic  # constant Hessian diag(2, -2): a saddle, not a bowl
    assert quadratic_theory(surface) is None
