"""The map player's message: compact, linear in steps, exact round trips, and divergence shown as it is."""

import dataclasses

import numpy as np
import pytest

from tests.viz.helpers import Bowl, lanes
from viz import landscape, message_schema, player
from viz.figures import InspectArrows, LanePath, MarkedPoint, TheoryOverlay
from viz.geometry import distance_to_minima
from viz.loss_panels import FLOOR
from viz.palette import lane_style
from viz.png import PNG_SIGNATURE


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=60, image_resolution=180)


def message(land, paths, **options) -> tuple[dict, bytes]:
    return player.unpack(player.payload(land, paths, minima=Bowl.minima, min_loss=0.0, **options))


def raw_bytes(paths) -> int:
    """float32 positions and losses: the data itself, the yardstick of the message's size."""
    return sum(len(p.positions) * 3 * 4 for p in paths)


def test_positions_and_panel_values_round_trip_as_float32(land):
    paths = lanes(3, 120)
    header, blob = message(land, paths)
    for lane, entry in zip(paths, header["lanes"], strict=True):
        xy = player.array(blob, entry["xy"]).reshape(-1, 2)
        assert np.array_equal(xy, lane.positions.astype(np.float32).astype(float))
        loss = player.array(blob, entry["loss"])
        expected = np.maximum(lane.losses, FLOOR * max(p.losses[0] for p in paths))
        assert np.allclose(loss, expected, rtol=1e-6)
        distance = player.array(blob, entry["distance"])
        assert np.allclose(distance, distance_to_minima(lane.positions, Bowl.minima), rtol=1e-6)
    assert header["steps"] == 120 and header["step"] == 120, "opens on the full paths"
    assert [entry["label"] for entry in header["lanes"]] == [p.label for p in paths]


def test_the_landscape_png_travels_as_bytes(land):
    header, blob = message(land, lanes(1, 10))
    offset, count = header["image"]
    assert blob[offset : offset + len(PNG_SIGNATURE)] == PNG_SIGNATURE and count > 100
    assert len(header["colorbar"]["bands"]) == land.n_levels
    assert header["colorbar"]["ticks"], "the colour bar names loss values"


@pytest.mark.parametrize("n_lanes", [1, 6])
def test_the_message_is_linear_in_steps_and_within_4x_of_the_raw_data(land, n_lanes):
    sizes = {}
    for steps in (1000, 2000, 4000):
        paths = lanes(n_lanes, steps)
        sizes[steps] = len(player.payload(land, paths, minima=Bowl.minima, min_loss=0.0))
        assert sizes[steps] <= 4 * raw_bytes(paths) + 40_000  # the image and header are paid once
    per_step = (sizes[4000] - sizes[2000]) / 2000
    assert per_step == pytest.approx((sizes[2000] - sizes[1000]) / 1000, rel=0.02)
    assert per_step <= n_lanes * 16 * 1.02  # x, y, loss and distance as float32 per lane and step
    six = lanes(6, 1000)
    assert len(player.payload(land, six, minima=Bowl.minima)) <= 4 * raw_bytes(six)


def test_a_diverged_lane_keeps_its_numbers_and_says_where_it_left(land):
    paths = lanes(2, 400, diverge=1)
    diverged = paths[1]
    assert diverged.diverged_at is not None
    header, blob = message(land, paths)
    entry = header["lanes"][1]
    xy = player.array(blob, entry["xy"]).reshape(-1, 2)
    finite = np.all(np.isfinite(diverged.positions), axis=1)
    # nothing is clipped: every finite point is sent as it is (far outside the window too), NaN stays NaN
    assert np.array_equal(np.isfinite(xy).all(axis=1), finite)
    assert np.allclose(xy[finite], diverged.positions[finite], rtol=1e-6)
    assert np.abs(xy[finite]).max() > 100 * np.abs(np.array(land.window)).max()
    assert entry["diverged_at"] == diverged.diverged_at and entry["end"] == int(finite.sum()) - 1
    cross = entry["cross"]
    (x_min, x_max), (y_min, y_max) = land.window
    on_border = np.isclose(cross["x"], [x_min, x_max]).any() or np.isclose(cross["y"], [y_min, y_max]).any()
    assert on_border and f"diverged at step {diverged.diverged_at}" in cross["text"]
    assert cross["faint_from"] is not None and cross["step"] <= entry["end"]
    assert header["panels"]["loss"]["range"][1] < np.log10(np.nanmax(diverged.losses)), (
        "the diverging loss leaves through the top instead of squashing the others"
    )


def test_a_lane_that_is_nan_from_the_start_is_sent_and_ends_before_step_0(land):
    steps = 20
    broken = LanePath("broken", np.full((steps + 1, 2), np.nan), np.full(steps + 1, np.nan), lane_style(1), 0)
    header, blob = message(land, [lanes(1, steps)[0], broken])
    assert header["lanes"][1]["end"] == -1 and header["lanes"][1]["cross"] is None
    assert np.isnan(player.array(blob, header["lanes"][1]["xy"])).all()


def test_inspector_arrows_theory_marks_and_text_are_in_the_header(land):
    paths = lanes(2, 50)
    paths[0].label = 'Adam <b>"bold"</b> & 100%'  # user text goes as it is: the player draws it literally
    arrows = InspectArrows(
        lane=0,
        step=5,
        position=np.array([1.0, 2.0]),
        gradient=np.array([3.0, -4.0]),
        update=np.array([np.nan, 0.5]),
    )
    theory = TheoryOverlay(
        minimum=np.zeros(2),
        eigenvectors=np.eye(2),
        eigenvalues=np.array([1.0, 1000.0]),
        condition_number=1000.0,
    )
    header, _ = message(
        land,
        paths,
        step=7,
        inspected=player.Inspected(0, 5, arrows),
        theory=theory,
        marks=[MarkedPoint((0.5, 0.5), "minimum with L2 0.1")],
        presenter=True,
    )
    assert header["lanes"][0]["label"] == 'Adam <b>"bold"</b> & 100%'
    assert header["step"] == 7 and header["inspected"]["step"] == 5
    assert header["inspected"]["arrows"]["gradient"] == [3.0, -4.0]
    assert header["inspected"]["arrows"]["update"] == [None, 0.5], "NaN becomes null, never a JSON error"
    assert "1,000" in header["theory"]["kappa"] and len(header["theory"]["lines"]) == 2
    assert header["marks"] == [{"x": 0.5, "y": 0.5, "label": "minimum with L2 0.1"}]
    assert header["font"] >= player.PRESENTER_FONT


def test_step_is_clamped_and_speeds_go_from_half_to_four_times(land):
    header, _ = message(land, lanes(1, 30), step=999)
    assert header["step"] == 30
    assert [name for name, _ in header["speeds"]] == ["½×", "1×", "2×", "4×"]
    rates = dict(header["speeds"])
    assert rates["4×"] == 4 * rates["1×"] and rates["½×"] == rates["1×"] / 2


def test_the_height_is_the_maps_natural_height(land):
    # The heights the Plotly map had for this 2:1 window (650 px, 730 in presenter mode), kept by viz.grid.
    paths = lanes(2, 50)
    for presenter, height in ((False, 650), (True, 730)):
        assert player.map_height(land.window, 2, presenter=presenter) == height
        assert message(land, paths, presenter=presenter)[0]["height"] == height
    assert message(land, paths, height=480)[0]["height"] == 480


def test_a_message_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="not a map player message"):
        player.unpack(b"PNG\0" + bytes(8))


def test_small_multiples_get_their_titles_shortened_and_the_legend_keeps_them_whole():
    land = landscape.compute(Bowl(), resolution=40, window=((-3.0, 3.0), (-3.0, 3.0)))
    paths = lanes(4, 50)
    paths[3] = dataclasses.replace(paths[3], label="a lane whose name is far too long for a small panel")
    header, _ = message(land, paths, layout="multiples")
    titles = header["multiples"]["titles"]
    assert titles[:3] == ["lane 0", "lane 1", "lane 2"] and titles[3].endswith("…") and len(titles[3]) <= 26
    assert header["lanes"][3]["label"] == paths[3].label, "the legend keeps the full label"
    # the Plotly map's heights for two rows of this window: 770 px on a screen, 1,014 px on a phone
    assert header["height"] == 770
    assert message(land, paths, layout="multiples", narrow=True)[0]["height"] == 1014
    # the same data as one map: every lane's path and panel values, once each
    assert [e["xy"] for e in header["lanes"]] == [e["xy"] for e in message(land, paths)[0]["lanes"]]
    assert message(land, paths)[0]["multiples"] is None


def test_the_inspected_lane_of_small_multiples_keeps_its_arrows(land):
    wide = land  # the bowl's window is twice as wide as tall
    arrows = InspectArrows(lane=2, step=5, position=(1.0, 1.0), gradient=(1.0, 0.0), update=(-0.1, 0.0))
    header, _ = message(wide, lanes(3, 20), layout="multiples", inspected=player.Inspected(2, 5, arrows))
    assert len(header["multiples"]["titles"]) == 3
    assert header["inspected"]["lane"] == 2 and header["inspected"]["arrows"]["update"] == [-0.1, 0.0]
    with pytest.raises(ValueError, match="layout must be one of"):
        message(wide, lanes(1, 5), layout="grid")


def test_the_map_in_words_travels_in_the_header_as_plain_text(land):
    words = {"name": "Contour map <b>of</b> a bowl", "description": "1. SGD settles at step 9."}
    header, _ = message(land, lanes(1, 10), words=words)
    assert header["text"] == words  # the player sets it with setAttribute / textContent, never as HTML
    assert message(land, lanes(1, 10))[0]["text"] == {"name": "", "description": ""}


def test_every_header_keeps_the_schema_and_the_schema_refuses_what_it_does_not_declare(land):
    header, _ = message(land, lanes(2, 30, diverge=1))
    assert header["version"] == player.VERSION == player.SCHEMA["properties"]["version"]["const"]
    assert player.MAGIC == b"MAP1"
    message_schema.validate(header, player.SCHEMA)  # what payload did before it sent the message
    lane = {**header["lanes"][0], "xy": [0.5, 3]}
    for broken in (
        {**header, "undeclared": 1},
        {k: v for k, v in header.items() if k != "lanes"},
        {**header, "lanes": [lane]},
    ):
        with pytest.raises(message_schema.SchemaError):
            message_schema.validate(broken, player.SCHEMA)
