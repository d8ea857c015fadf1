"""The registry: names, specs, errors and what every surface must carry."""

import doctest
import sys

import numpy as np
import pytest

import surfaces
from paramspec import Param

ISSUE_SURFACES = [
    "ravine",
    "saddle",
    "rosenbrock",
    "beale",
    "himmelblau",
    "booth",
    "rastrigin",
    "ackley",
    "six_hump_camel",
    "styblinski_tang",
    "goldstein_price",
    "linear_regression",
    "logistic_regression",
]


def test_names_are_unique_and_each_has_a_spec():
    names = surfaces.names()
    assert len(names) == len(set(names))
    for name in names:
        entry = surfaces.spec(name)
        assert entry.name == name
        assert entry.title and entry.latex
        assert entry.description and "\n" not in entry.description
        assert all(isinstance(p, Param) for p in entry.params)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(KeyError, match="rosenbrock") as info:
        surfaces.get("nope")
    assert "nope" in str(info.value)
    with pytest.raises(KeyError, match="ravine"):
        surfaces.spec("nope")


def test_unknown_parameter_is_a_type_error():
    with pytest.raises(TypeError, match="condition_number"):
        surfaces.get("ravine", kappa=3.0)
    with pytest.raises(TypeError, match="unexpected"):
        surfaces.get("rosenbrock", a=1.0)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"condition_number": 0.5}, "condition_number must be between 1 and 1000"),
        ({"condition_number": float("nan")}, "finite"),
        ({"condition_number": "big"}, "must be a number"),
    ],
)
def test_bad_parameter_values_are_value_errors(params, message):
    with pytest.raises(ValueError, match=message):
        surfaces.get("ravine", **params)


def test_bad_choice_is_a_value_error():
    with pytest.raises(ValueError, match="bounded, plain"):
        surfaces.get("saddle", variant="wavy")


def test_surface_carries_its_resolved_parameters_and_is_immutable():
    surface = surfaces.get("ravine", condition_number=50)
    assert surface.params == {"condition_number": 50.0}
    assert "50" in surface.latex
    assert surfaces.get("ravine").params == {"condition_number": 10.0}
    with pytest.raises(AttributeError):
        surface.name = "other"
    with pytest.raises(ValueError):
        surface.minima[0, 0] = 5.0
    with pytest.raises(TypeError):
        surface.params["condition_number"] = 3.0


def test_the_package_docstring_example_runs():
    failures, tried = doctest.testmod(surfaces, verbose=False)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("name", surfaces.names())
def test_every_surface_is_described_for_a_student(name):
    surface = surfaces.get(name)
    assert surface.name == name
    assert surface.title and surface.latex.startswith("f(")
    assert surface.description and len(surface.description) < 120
    (x0, x1), (y0, y1) = surface.window
    assert x0 < x1 and y0 < y1
    assert isinstance(surface.minima, np.ndarray)
    assert 1 <= len(surface.starts) <= 4


@pytest.mark.parametrize("name", surfaces.names())
def test_every_surface_documents_its_formula_and_minima(name):
    builder = surfaces.spec(name).build
    assert builder.__doc__, f"{name} has no docstring"
    docs = builder.__doc__ + (sys.modules[builder.__module__].__doc__ or "")
    assert "f(" in docs, "the formula"
    assert "minim" in docs.lower(), "where the minima are"


def test_the_catalogue_has_every_surface_of_the_issue_in_order():
    assert surfaces.names() == ISSUE_SURFACES


def test_get_shares_immutable_surfaces_per_parameter_set():
    assert surfaces.get("ravine", condition_number=10) is surfaces.get("ravine")
    assert surfaces.get("ravine", condition_number=20) is not surfaces.get("ravine")
