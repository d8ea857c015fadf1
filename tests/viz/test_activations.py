"""Figures of the activation-function lecture: what each draws is what it was given."""

import json

import numpy as np

from tests.viz.helpers import decode
from viz import activations as figures
from viz.encoding import to_json


def payload(figure):
    return json.loads(to_json(figure))


def test_gallery_draws_function_and_derivative_per_panel_and_shades_only_inside_the_window():
    x = np.linspace(-5, 5, 11)
    panels = [("Sigmoid", np.tanh(x), 1 - np.tanh(x) ** 2, ((-10.0, -6.0), (-10.0, -3.0), (4.0, 10.0)))] * 5
    spec = payload(figures.gallery_figure(x, panels))
    assert len(spec["data"]) == 10
    np.testing.assert_allclose(decode(spec["data"][1]["y"]), 1 - np.tanh(x) ** 2, rtol=1e-6)
    # per panel: (-10, -6) is outside the window and dropped, the others are clipped to it
    rects = [(s["x0"], s["x1"]) for s in spec["layout"]["shapes"] if s["xref"] == "x"]
    assert rects == [(-5.0, -3.0), (4.0, 5.0)]
    assert spec["layout"]["xaxis5"]["domain"][0] < 0.1  # the fifth panel starts the second row
    assert spec["layout"]["yaxis5"]["domain"][1] < spec["layout"]["yaxis"]["domain"][0]


def test_panel_titles_are_shown_literally():
    x = np.linspace(-1, 1, 3)
    spec = figures.gallery_figure(x, [("<b>x</b> %{y}", x, x, ())])
    text = spec["layout"]["annotations"][0]["text"]
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "%{y}" not in text


def test_depth_figure_puts_bound_and_measured_norms_on_log_axes():
    spec = figures.depth_figure(
        {"sigmoid": 0.25 ** np.arange(1, 6)}, {"sigmoid": np.array([1e-4, 1e-2, 1.0])}
    )
    assert spec["layout"]["yaxis"]["type"] == spec["layout"]["yaxis2"]["type"] == "log"
    np.testing.assert_allclose(decode(payload(spec)["data"][0]["y"]), 0.25 ** np.arange(1, 6), rtol=1e-6)
    assert spec["data"][1]["yaxis"] == "y2" and spec["data"][1]["x"] == [1, 2, 3]


def test_collapsed_line_lies_on_the_boundary_it_draws():
    grid = np.linspace(-2, 2, 5)
    weight, bias = np.array([1.0, -2.0]), 0.5
    logit = (np.stack(np.meshgrid(grid, grid), -1) @ weight) + bias
    points = np.array([[0.0, 0.0], [1.0, 1.0]])
    spec = payload(figures.collapse_figure(grid, grid, logit, points, np.array([0, 1]), weight, bias))
    line = spec["data"][-1]
    x, y = decode(line["x"]), decode(line["y"])
    np.testing.assert_allclose(weight[0] * x + weight[1] * y + bias, 0.0, atol=1e-6)


def test_dead_figure_has_a_bar_group_per_layer_and_moment():
    spec = payload(figures.dead_figure(["relu", "elu"], [[0.0, 0.1], [0, 0]], [[0.5, 0.7], [0, 0]]))
    assert len(spec["data"]) == 4
    np.testing.assert_allclose(decode(spec["data"][3]["y"]), [70.0, 0.0], rtol=1e-6)


def test_zigzag_figure_shades_the_two_allowed_quadrants_from_the_start():
    path = np.array([[-1.0, 1.0], [-0.5, 1.5], [0.0, 1.0]])
    spec = figures.zigzag_figure(path, path, (1.0, -1.0))
    assert len(spec["layout"]["shapes"]) == 2
    assert all(shape["path"].startswith("M -1.0 1.0") for shape in spec["layout"]["shapes"])
