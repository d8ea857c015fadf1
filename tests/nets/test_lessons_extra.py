"""A trained deep linear network is one linear layer; a constant initialisation keeps units identical;
the lesson pages' URL settings."""

import numpy as np
import pytest

from nets import lesson_settings, lessons_extra
from nets.lesson_settings import ACTIVATION_PAGE, INIT_PAGE, from_query, to_query


def test_trained_deep_linear_network_has_the_decision_boundary_of_one_layer():
    result = lessons_extra.linear_collapse(hidden=(8, 8, 8), steps=50, grid=30)
    assert result.largest_difference < 1e-10
    assert result.agreement == 1.0
    assert result.weight.shape == (2,)


def test_constant_init_keeps_every_unit_of_a_layer_identical_through_training():
    result = lessons_extra.symmetry("constant", width=4, steps=60)
    assert not result.spread.any()  # every checkpoint, both hidden layers
    assert np.any(result.first_grad != 0)
    np.testing.assert_array_equal(result.first_grad, np.repeat(result.first_grad[:1], 4, axis=0))
    assert result.loss[-1] < result.loss[0]  # it learns, but as one unit per layer


def test_zero_init_gets_no_gradient_into_the_first_layer():
    result = lessons_extra.symmetry("zeros", width=4, steps=30)
    assert not result.first_grad.any() and not result.spread.any()


def test_random_init_breaks_the_symmetry():
    result = lessons_extra.symmetry("xavier_normal", width=4, steps=30)
    assert (result.spread > 0.1).all()


@pytest.mark.parametrize("params", [ACTIVATION_PAGE, INIT_PAGE])
def test_settings_round_trip_through_the_url(params):
    values = {p.name: p.default for p in params}
    values[params[-1].name] = params[-1].high if params[-1].kind != "choice" else params[-1].choices[-1]
    assert from_query(params, to_query(params, values)) == (values, [])


def test_bad_url_values_fall_back_with_a_short_notice():
    values, notices = from_query(INIT_PAGE, {"setting": "x" * 500, "layers": "3.5", "width": ["12"]})
    assert values["setting"] == "small" and values["layers"] == 10 and values["width"] == 12
    assert len(notices) == 2 and all(len(notice) < 200 for notice in notices)
    assert "one of zeros, small" in notices[0] and "…" in notices[0]


def test_deep_experiment_above_the_budget_is_cut_to_fewer_points():
    values = {"layers": 20, "width": 1000, "points": 2000}
    notice = lesson_settings.deep_work_notice(values)
    assert values["points"] * 20 * 1000**2 <= lesson_settings.MAX_DEEP_WORK
    assert "budget" in notice and f"{values['points']:,} points" in notice
    assert lesson_settings.deep_work_notice({"layers": 10, "width": 500, "points": 1000}) is None


def test_the_initialisation_page_is_priced_by_its_deep_experiment_and_a_fixed_part():
    values = {p.name: p.default for p in lesson_settings.INIT_PAGE}
    per_point, fixed = lesson_settings.deep_seconds(values)
    assert per_point > 0 and fixed >= lesson_settings.PAGE_SECONDS
    wider = lesson_settings.deep_seconds({**values, "width": 2 * values["width"]})
    deeper = lesson_settings.deep_seconds({**values, "layers": 2 * values["layers"]})
    assert 2 * per_point < wider[0] < 4 * per_point, "width^2 multiply-adds and width elements per layer"
    assert deeper[0] == 2 * per_point and deeper[1] > fixed, "the comparison has the same layers"
    said = "The deep experiment with 10 layers of 500 units on 1,000 points"
    assert lesson_settings.deep_what(values) == said
