"""Figures of the initialisation lecture."""

import json

import numpy as np

from tests.viz.helpers import decode
from viz import initialisation as figures
from viz.encoding import to_json


def payload(figure):
    return json.loads(to_json(figure))


def test_histograms_have_one_panel_per_layer_left_to_right():
    edges = np.linspace(-1, 1, 6)
    counts = np.arange(15).reshape(3, 5)
    spec = payload(figures.histograms_figure(edges, counts))
    assert len(spec["data"]) == 3
    np.testing.assert_allclose(decode(spec["data"][2]["y"]), counts[2])
    np.testing.assert_allclose(decode(spec["data"][0]["x"]), [-0.8, -0.4, 0, 0.4, 0.8], atol=1e-6)
    assert spec["layout"]["xaxis"]["domain"][1] < spec["layout"]["xaxis2"]["domain"][0]
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["layer 1", "layer 2", "layer 3"]


def test_layer_curves_keep_a_series_style_across_panels_and_hide_zeros_on_log_axes():
    spec = payload(
        figures.layer_curves_figure(
            [("std", {"a": [1.0, 0.5], "<b>b</b>": [2.0, 1.0]}, False), ("grad", {"a": [0.0, 1e-3]}, True)]
        )
    )
    a_first, b_first, a_second = spec["data"]
    assert a_first["line"] == a_second["line"] and a_first["line"] != b_first["line"]
    assert b_first["name"] == "&lt;b&gt;b&lt;/b&gt;"
    assert spec["layout"]["yaxis2"]["type"] == "log" and "type" not in spec["layout"]["yaxis"]
    assert np.isnan(decode(a_second["y"])[0])


def test_spread_figure_draws_exact_zero_for_a_symmetric_layer():
    spec = payload(
        figures.spread_figure(np.array([0, 10]), {"constant": np.zeros((2, 2)), "xavier": np.ones((2, 2))})
    )
    assert len(spec["data"]) == 4
    np.testing.assert_array_equal(decode(spec["data"][0]["y"]), [0.0, 0.0])


def test_histogram_rows_line_the_layers_up_in_columns_and_label_them_once():
    edges = np.linspace(-1, 1, 5)
    rows = [("without", edges, np.ones((2, 4)), "#000000"), ("with", edges * 2, np.ones((2, 4)), "#111111")]
    spec = payload(figures.histogram_rows_figure(rows))
    layout = spec["layout"]
    assert len(spec["data"]) == 4
    assert layout["xaxis"]["domain"] == layout["xaxis3"]["domain"]  # layer 1 of both rows: one column
    assert layout["yaxis"]["domain"][0] > layout["yaxis3"]["domain"][1]  # the first row above the second
    texts = [a["text"] for a in layout["annotations"]]
    assert texts == ["layer 1", "layer 2", "<b>without</b>", "<b>with</b>"]
    np.testing.assert_allclose(decode(layout["xaxis3"]["tickvals"]), [-1.0, 1.0])  # a quarter in: no clash


def test_dropout_scale_bars_are_grouped_by_layer_with_their_values_and_a_line_at_one():
    spec = payload(figures.dropout_scale_figure([1, 2], {"inverted": [1.0, 0.7], "forgotten": [2.0, 2.9]}))
    assert [t["x"] for t in spec["data"]] == [["layer 1", "layer 2"]] * 2
    assert spec["data"][1]["text"] == ["2.00", "2.90"]
    assert spec["layout"]["barmode"] == "group" and spec["layout"]["yaxis"]["type"] == "log"
    assert spec["layout"]["shapes"][0]["y0"] == 1


def test_mask_error_figure_has_a_root_k_guide_from_the_first_curve_and_the_gap_as_a_level():
    ks = np.array([1, 4, 16])
    spec = payload(figures.mask_error_figure(ks, {"a": [0.08, 0.04, 0.02], "b": [0.07, 0.05, 0.05]}, 0.05))
    guide, level = spec["data"][2], spec["data"][3]
    np.testing.assert_allclose(decode(guide["y"]), [0.08, 0.04, 0.02])
    assert level["y"] == [0.05, 0.05] and "0.050" in level["name"]
    assert spec["layout"]["xaxis"]["type"] == "log" and spec["layout"]["yaxis"]["type"] == "log"
