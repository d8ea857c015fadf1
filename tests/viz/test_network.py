"""The network lab's colour rule, its decision plane's interpolation and discretisation, and its axes (the
figures themselves are the player's: tests/viz/test_lab_player.py and tests/browser/test_lab_player_js.py)."""

import numpy as np

from viz import lab_axes, network, regions


def test_region_colour_is_the_class_colour_where_certain_and_white_where_undecided():
    certain = network.region_colours(np.array([[1.0, 0.0, 0.0]]))[0]
    blue = np.array([0x00, 0x72, 0xB2])
    np.testing.assert_allclose(certain, 255 * 0.45 + 0.55 * blue, atol=1)
    undecided = network.region_colours(np.full((1, 3), 1 / 3))[0]
    assert undecided.tolist() == [255, 255, 255]


def test_regions_are_interpolated_three_times_finer_through_the_measured_points():
    grid = np.linspace(-1, 1, 5)
    outputs = np.random.default_rng(0).random((2, 5, 5, 3))
    fine_x, _, fine = regions.interpolated(grid, grid, outputs, 3)
    assert fine.shape == (2, 13, 13, 3) and len(fine_x) == 13
    np.testing.assert_allclose(fine[:, ::3, ::3], outputs)  # the measured points stay exact
    np.testing.assert_allclose(fine_x[::3], grid)
    np.testing.assert_allclose(fine[0, 0, 1], (2 * outputs[0, 0, 0] + outputs[0, 0, 1]) / 3)


def test_discretised_output_is_one_class_per_point_or_a_few_bands():
    probabilities = np.array([[[[0.6, 0.4], [0.2, 0.8]]]])
    assert regions.discretised(probabilities, "classification").tolist() == [[[[1, 0], [0, 1]]]]
    values = np.linspace(0, 1, 100).reshape(1, 10, 10, 1)
    assert len(np.unique(regions.discretised(values, "regression"))) == regions.LEVELS


def test_step_axes_start_at_zero_and_reach_the_divergence_step():
    assert lab_axes.step_axis([0, 50, 100], diverged_at=150)["range"] == [0, 150]
    assert lab_axes.step_axis([], None)["range"] == [0, 1]
    lines, labels = lab_axes.divergence_marks(7)
    assert lines[0]["x0"] == 7 and labels[0]["text"] == "diverged at step 7: beyond the top edge"
    assert lab_axes.divergence_marks(None) == ([], [])


def test_a_log_range_holds_every_positive_value_and_nothing_else():
    low, high = lab_axes.log_range([1e-3, 0.0, np.nan, 10.0], extra=[1e-4])
    assert low < -4 < 1 < high and high - low < 5.2
    assert lab_axes.log_range([0.0, np.nan]) is None  # nothing a log axis can show
