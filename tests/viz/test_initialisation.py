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
