"""Charts that tell the truth: floors are marked, crosses name the right step, labels stay readable."""

import numpy as np
import pytest

from tests.viz.helpers import WINDOW, Bowl, decode, lanes, payload
from viz import figures, landscape, player
from viz.figures import LanePath, MarkedPoint, TheoryOverlay
from viz.palette import lane_style


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=60, image_resolution=180)


def newton_like(steps: int = 50) -> LanePath:
    """A lane that lands exactly on the minimum after one step: its loss minus f* is 0 from then on."""
    positions = np.zeros((steps + 1, 2))
    positions[0] = (-3.5, 1.5)
    return LanePath("Newton", positions, Bowl().value(positions), lane_style(0))


def test_a_lane_that_reaches_the_minimum_exactly_is_drawn_on_a_marked_floor():
    slow = lanes(2, 50)[1]
    spec = payload(figures.loss_figure([newton_like(), slow], minima=Bowl.minima, min_loss=0.0))
    floor = 1e-12 * Bowl().value(np.array([-3.5, 1.5]))
    low, _ = spec["layout"]["yaxis"]["range"]
    assert low <= np.log10(floor)  # the Newton curve is inside the panel, not below it
    newton = next(t for t in spec["data"] if t.get("name") == "Newton" and t.get("yaxis") == "y")
    assert np.allclose(decode(newton["y"])[1:], floor, rtol=1e-6)
    mark = [s for s in spec["layout"]["shapes"] if s.get("y0") == floor and s["line"]["dash"] == "dash"]
    assert mark and any("floor" in str(t.get("name")) for t in spec["data"] if t.get("showlegend", True))


def test_without_a_lane_on_the_floor_there_is_no_floor_mark():
    spec = payload(figures.loss_figure(lanes(2, 50), minima=Bowl.minima, min_loss=0.0))
    assert not any("floor" in str(t.get("name")) for t in spec["data"])


def header_of(land, paths, **options) -> dict:
    return player.unpack(player.payload(land, paths, **options))[0]


def test_log_axes_label_whole_decades_only(land):
    header = header_of(land, [newton_like(), *lanes(2, 200)], minima=Bowl.minima, min_loss=0.0)
    for name in ("loss", "distance"):
        panel = header["panels"][name]
        low, high = panel["range"]
        assert all(isinstance(k, int) and low <= k <= high for k in panel["decades"])
        # every whole decade in range: the player labels as many of them as keep apart at its height
        assert panel["decades"] == list(range(int(np.ceil(low)), int(np.floor(high)) + 1))
        assert len(panel["decades"]) >= 2


def exit_step(positions, window) -> int:
    (x_min, x_max), (y_min, y_max) = window
    x, y = positions[:, 0], positions[:, 1]
    inside = (x >= x_min) & (x <= x_max) & (y >= y_min) & (y <= y_max)
    last_inside = np.flatnonzero(inside[np.all(np.isfinite(positions), axis=1)])[-1]
    return int(last_inside) + 1


def test_the_cross_names_the_step_the_path_left_the_view(land):
    paths = lanes(2, 400, diverge=1)
    left = exit_step(paths[1].positions, WINDOW)
    assert left < paths[1].diverged_at  # the zigzag leaves the view long before it diverges
    cross = header_of(land, paths)["lanes"][1]["cross"]
    assert f"left the view at step {left}" in cross["text"]
    assert f"diverged at step {paths[1].diverged_at}" in cross["text"]


def test_after_leaving_the_view_for_good_the_zigzag_is_faint(land):
    paths = lanes(2, 400, diverge=1)
    header = header_of(land, paths)
    assert header["lanes"][1]["cross"]["faint_from"] == exit_step(paths[1].positions, WINDOW)
    assert header["lanes"][0]["cross"] is None


def test_a_condition_number_of_a_thousand_is_written_out_and_its_labels_sit_apart():
    window = ((-10.0, 10.0), (-1.0, 1.0))
    ravine = landscape.compute(Bowl(), window=window, resolution=60, image_resolution=180)
    theory = TheoryOverlay(np.zeros(2), np.eye(2), np.array([1.0, 1000.0]), 1000.0)
    drawn = header_of(ravine, lanes(1, 20), theory=theory)["theory"]
    texts = [label[2] for label in drawn["labels"]]
    assert drawn["kappa"] == "κ = λmax / λmin = 1,000" and "λ₂ = 1,000" in texts
    assert not any("e+" in text for text in texts)
    (a, b) = ((label[0], label[1]) for label in drawn["labels"])
    assert abs(a[0] - b[0]) > 5  # one at the ravine's end, one at its wall: far apart on a 20-wide map


def test_averaged_iterates_are_labelled_and_get_loss_and_distance_curves(land):
    (path,) = lanes(1, 300)
    average = np.cumsum(path.positions, axis=0) / np.arange(1, 302)[:, None]
    lane = LanePath(
        path.label,
        path.positions,
        path.losses,
        path.style,
        None,
        average,
        Bowl().value(average),
        "Polyak average",
    )
    message = player.payload(land, [lane], minima=Bowl.minima)
    header, blob = player.unpack(message)
    drawn = header["lanes"][0]["average"]
    assert drawn["name"] == "lane 0 · Polyak average" and drawn["distance"] is not None
    floor = header["panels"]["loss"]["floor"]
    loss = player.array(blob, drawn["loss"])
    assert np.allclose(loss, np.maximum(Bowl().value(average), floor), rtol=1e-5)


def test_extra_marked_points_get_a_marker_and_a_legend_entry(land):
    mark = MarkedPoint((0.5, -0.25), "minimum with L2 0.5")
    assert header_of(land, lanes(1, 20), marks=[mark])["marks"] == [
        {"x": 0.5, "y": -0.25, "label": "minimum with L2 0.5"}
    ]


class Spike:
    """1 / (x^2 + y^2): a huge spike over a nearly flat plain."""

    window = ((-2.0, 2.0), (-2.0, 2.0))
    minima = np.zeros((0, 2))

    def value(self, p):
        p = np.asarray(p, dtype=float)
        return 1.0 / (p[..., 0] ** 2 + p[..., 1] ** 2)


def test_a_huge_range_gets_bands_of_equal_area_instead_of_one_flat_colour():
    land = landscape.compute(Spike(), resolution=80, image_resolution=240)
    assert land.scale == "quantile"
    bands = land.bands[land.bands != 255]
    shares = np.bincount(bands, minlength=land.n_levels) / bands.size
    assert shares.max() < 0.15 and (shares > 0).sum() >= 10
    bar = header_of(land, [])["colorbar"]
    assert len(bar["ticks"]) >= 4 and "equal area" in bar["title"]


def test_the_3d_view_says_it_is_a_still_and_keeps_its_ticks_few_and_large(land):
    spec = payload(figures.surface3d_figure(land, lanes(2, 40), minima=Bowl.minima))
    assert "still" in spec["layout"]["title"]["text"] and "contour map" in spec["layout"]["title"]["text"]
    assert spec["layout"]["height"] >= 700
    for axis in ("xaxis", "yaxis", "zaxis"):
        assert spec["layout"]["scene"][axis]["nticks"] <= 6
        assert spec["layout"]["scene"][axis]["tickfont"]["size"] >= 13
