"""The Plotly figures of the 3D view: the loss figure and the surface with every path."""

import json

import numpy as np
import pytest

from tests.viz.helpers import Bowl, decode, lanes, payload
from viz import figures, landscape
from viz.figures import LanePath


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=80, image_resolution=240)


def test_loss_figure_is_log_with_markers_and_divergence_lines():
    paths = lanes(3, 300, diverge=2)
    spec = payload(figures.loss_figure(paths, minima=Bowl.minima, step=40))
    assert spec["layout"]["yaxis"]["type"] == "log" and spec["layout"]["yaxis2"]["type"] == "log"
    markers = [t for t in spec["data"] if t.get("mode") == "markers"]
    assert markers and all(t["x0"] == 40 and t["dx"] == 0 for t in markers)  # every marker at step 40
    assert all(np.isfinite(decode(t["y"])[:2]).all() and np.isnan(decode(t["y"])[2]) for t in markers)
    shapes = spec["layout"]["shapes"]
    assert any(s["x0"] == paths[2].diverged_at for s in shapes)
    assert f"diverged at step {paths[2].diverged_at}" in json.dumps(spec["layout"]["annotations"])


def test_loss_figure_handles_losses_at_or_below_zero():
    paths = lanes(2, 100)
    shifted = [LanePath(p.label, p.positions, p.losses - 5.0, p.style) for p in paths]  # goes negative
    spec = payload(figures.loss_figure(shifted, minima=Bowl.minima))
    assert "lowest loss" in spec["layout"]["yaxis"]["title"]["text"]
    curves = [decode(t["y"]) for t in spec["data"] if t.get("yaxis") == "y" and t.get("mode") == "lines"]
    assert all(np.all(c[np.isfinite(c)] > 0) for c in curves)
    spec = payload(figures.loss_figure(shifted, minima=Bowl.minima, min_loss=-5.0))
    assert spec["layout"]["yaxis"]["title"]["text"].startswith("loss − f*")


def test_surface3d_has_the_surface_and_every_path(land):
    paths = lanes(3, 80, diverge=2)
    spec = payload(figures.surface3d_figure(land, paths, minima=Bowl.minima))
    assert spec["data"][0]["type"] == "surface"
    lines = [t for t in spec["data"] if t["type"] == "scatter3d" and t.get("mode") == "lines+markers"]
    assert len(lines) == 3
    assert len(decode(lines[0]["x"])) == 81
    assert len(decode(lines[2]["x"])) <= paths[2].diverged_at + 1
