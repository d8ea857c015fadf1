"""The tuner's measure, and the defaults table holds exactly what it measures (a fair race by design)."""

import numpy as np
import pytest

import surfaces
from playground import defaults
from playground.lane import Lane
from playground.tuning import GRID, settled_at, tune
from tools.tune_defaults import tuned_rates


def test_settled_means_staying_below_the_target_not_passing_it():
    assert settled_at([10.0, 0.001, 5.0, 0.001, 0.0], 0.0, 0.01) == 3
    assert settled_at([10.0, 0.001], 0.0, 0.01) == 1
    assert settled_at([10.0, 5.0, 0.001, 5.0], 0.0, 0.01) is None  # left again at the last step
    assert settled_at([1.0, np.nan, 0.0], 0.0, 0.5) == 2  # a NaN row is not settled


def test_grid_is_readable_and_covers_five_decades():
    assert GRID[0] == 1e-5 and GRID[-1] == 7.0
    assert {0.15, 0.2, 0.3, 0.5, 0.7, 1.0} <= set(GRID)


def test_tune_picks_the_fastest_rate_on_a_quadratic():
    bowl = surfaces.get("ravine")  # Hessian diag(1, 10): the best constant SGD rate is 2 / 11 = 0.18
    result = tune(bowl, Lane("sgd"), bowl.starts[0], 200)
    assert result.lr == 0.15  # the largest grid rate below 2 / 11 settles first
    slower = tune(bowl, Lane("sgd"), bowl.starts[0], 200, grid=(0.05, 0.1))
    assert slower.lr == 0.1 and slower.settled_at > result.settled_at


@pytest.mark.parametrize("name", defaults.TUNED_SURFACES)
def test_tuned_rows_of_the_table_are_what_the_tuner_measures(name):
    measured = tuned_rates(surfaces.get(name))
    assert {opt: lr for opt, (lr, _) in measured.items()} == {
        opt: defaults.LEARNING_RATES[name][opt] for opt in defaults.STORY_OPTIMIZERS
    }


def test_opening_rates_are_tuned_on_the_opening_ravine():
    measured = tuned_rates(surfaces.get(defaults.OPENING_SURFACE, **defaults.OPENING_PARAMS))
    assert {opt: lr for opt, (lr, _) in measured.items()} == defaults.OPENING_RATES
