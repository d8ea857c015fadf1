"""The figure builders: frames, exact paths, payload size, divergence, overlays, 3D and export."""

import json
import warnings

import numpy as np
import plotly.io
import pytest

from tests.viz.helpers import WINDOW, Bowl, decode, drawn_path, lanes, payload, state_at, step_frames
from viz import export, figures, landscape
from viz.figures import InspectArrows, LanePath, TheoryOverlay
from viz.palette import lane_style


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=80, image_resolution=240)


def test_frame_count_stays_under_max_frames(land):
    figure = figures.map_figure(land, lanes(3, 1000), max_frames=150)
    frames = step_frames(payload(figure))
    assert 2 <= len(frames) <= 150
    assert len(payload(figure)["layout"]["sliders"][0]["steps"]) == len(frames)


def test_first_frame_shows_the_start_and_the_last_the_exact_full_path(land):
    paths = lanes(3, 1000)
    spec = payload(figures.map_figure(land, paths))
    frames = step_frames(spec)
    for lane, path in enumerate(paths):
        first = drawn_path(state_at(spec, frames[0]["name"]), lane)
        assert np.allclose(first, path.positions[:1])
        last = drawn_path(state_at(spec, frames[-1]["name"]), lane)
        assert last.shape == path.positions.shape  # every step is drawn: no decimation of the path
        assert np.allclose(last, path.positions, rtol=1e-6, atol=1e-6)


def test_every_frame_draws_exactly_the_path_up_to_its_step(land):
    paths = lanes(2, 300)
    figure = figures.map_figure(land, paths, max_frames=60)
    spec = payload(figure)
    labels = [int(step["label"]) for step in spec["layout"]["sliders"][0]["steps"]]
    # frames are self-contained: jumping to any of them (even backwards) gives the right path
    for frame, step in reversed(list(zip(step_frames(spec), labels, strict=True))):
        traces = state_at(spec, frame["name"])
        for lane, path in enumerate(paths):
            assert np.allclose(drawn_path(traces, lane), path.positions[: step + 1], atol=1e-6), (lane, step)


def test_the_figure_opens_on_the_full_paths_or_on_the_start(land):
    paths = lanes(2, 120)
    spec = payload(figures.map_figure(land, paths))
    assert np.allclose(drawn_path(state_at(spec, None), 0), paths[0].positions, atol=1e-6)
    spec = payload(figures.map_figure(land, paths, initial="start"))
    assert len(drawn_path(state_at(spec, None), 0)) == 1


def test_decimated_frames_keep_the_first_and_the_last_step(land):
    spec = payload(figures.map_figure(land, lanes(1, 777), max_frames=100))
    labels = [int(step["label"]) for step in spec["layout"]["sliders"][0]["steps"]]
    assert labels[0] == 0 and labels[-1] == 777
    assert len(labels) == 100


def sizes(land, steps_list):
    return [figures.figure_json_size(figures.map_figure(land, lanes(6, steps))) for steps in steps_list]


def test_six_lanes_of_a_thousand_steps_fit_in_one_megabyte(land):
    (size,) = sizes(land, [1000])
    assert size <= 1_000_000


def test_payload_grows_linearly_with_steps(land):
    small, medium, large = sizes(land, [500, 1000, 2000])
    assert medium / small < 2.5  # a frame per step repeating the path would give about 4
    assert large / medium < 2.5


def test_figure_json_size_counts_the_bytes_sent(land):
    figure = figures.map_figure(land, lanes(2, 50))
    assert figures.figure_json_size(figure) == len(plotly.io.to_json(figure, validate=False).encode())


def test_diverged_lane_stops_its_path_and_marker_without_clipping(land):
    paths = lanes(3, 400, diverge=1)
    diverged = paths[1]
    assert diverged.diverged_at is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = figures.map_figure(land, paths)
    text = plotly.io.to_json(figure, validate=False)
    json.dumps(figure, allow_nan=False)  # a plain dict: no NaN or infinity outside the typed arrays
    assert "NaN" not in text and "Infinity" not in text
    spec = json.loads(text)
    last_row = diverged.diverged_at
    final = state_at(spec, step_frames(spec)[-1]["name"])
    drawn = drawn_path(final, 1)
    assert len(drawn) == last_row + 1
    assert np.allclose(drawn[-1], diverged.positions[last_row], rtol=1e-6)  # not clipped to the window
    markers = next(t for t in final if t.get("name") == "current step")
    assert np.allclose(
        [decode(markers["x"])[1], decode(markers["y"])[1]], diverged.positions[last_row], rtol=1e-5
    )
    assert f"diverged at step {last_row}" in markers["text"][1]
    assert any(f"diverged at step {last_row}" in str(t.get("name")) for t in final)  # legend
    cross = next(t for t in final if t.get("name") == "diverged")
    (x_min, x_max), (y_min, y_max) = WINDOW
    x, y = decode(cross["x"])[0], decode(cross["y"])[0]
    assert np.isclose(x, [x_min, x_max]).any() or np.isclose(y, [y_min, y_max]).any()  # on the border
    assert spec["layout"]["xaxis"]["range"] == list(WINDOW[0])
    assert spec["layout"]["yaxis"]["range"] == list(WINDOW[1])


def test_averaged_iterates_are_drawn_and_animated_with_their_lane(land):
    (path,) = lanes(1, 300)
    average = np.cumsum(path.positions, axis=0) / np.arange(1, 302)[:, None]  # Polyak average
    averaged = LanePath(path.label, path.positions, path.losses, path.style, None, average)
    spec = payload(figures.map_figure(land, [averaged], max_frames=40))
    frames = step_frames(spec)
    labels = [int(step["label"]) for step in spec["layout"]["sliders"][0]["steps"]]
    for frame, step in ((frames[0], labels[0]), (frames[17], labels[17]), (frames[-1], labels[-1])):
        traces = state_at(spec, frame["name"])
        assert np.allclose(drawn_path(traces, 0, averaged=True), average[: step + 1], atol=1e-6)
        assert np.allclose(drawn_path(traces, 0), path.positions[: step + 1], atol=1e-6)


def test_lane_that_never_had_a_finite_point_does_not_break_the_figure(land):
    broken = LanePath("broken", np.full((11, 2), np.nan), np.full(11, np.nan), lane_style(0), 0, None)
    figure = figures.map_figure(land, [broken, *lanes(1, 10)])
    assert len(step_frames(payload(figure))) == 11


def test_map_has_equal_aspect_markers_legend_and_landscape_image(land):
    spec = payload(figures.map_figure(land, lanes(2, 50), minima=Bowl.minima))
    layout = spec["layout"]
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["yaxis"]["scaleratio"] == 1
    (image,) = layout["images"]
    assert image["source"].startswith("data:image/png;base64,") and image["layer"] == "below"
    assert image["sizex"] == WINDOW[0][1] - WINDOW[0][0]
    names = {t.get("name") for t in spec["data"] if t.get("showlegend")}
    assert {"lane 0", "lane 1", "minimum", "start"} <= names
    # only scatter traces: plotly.js would drop a contour or heatmap during Play
    assert {t["type"] for t in spec["data"]} == {"scatter"}
    labels = [b["label"] for menu in layout["updatemenus"] for b in menu["buttons"]]
    assert "▶ Play" in labels and "❚❚ Pause" in labels and any("speed" in label for label in labels)


def test_small_multiples_get_one_panel_per_lane_moving_together(land):
    paths = lanes(4, 200)
    spec = payload(figures.map_figure(land, paths, layout="multiples"))
    assert len(spec["layout"]["images"]) == 4
    assert all(spec["layout"][f"yaxis{k}"]["scaleanchor"] == f"x{k}" for k in (2, 3, 4))
    final = state_at(spec, step_frames(spec)[-1]["name"])
    for lane, path in enumerate(paths):
        assert np.allclose(drawn_path(final, lane), path.positions, atol=1e-6)
        axes = {t.get("xaxis") for t in final if t.get("legendgroup") == f"lane{lane}" and "dx" not in t}
        assert axes == {"x" if lane == 0 else f"x{lane + 1}"}


def test_inspect_arrows_draw_the_gradient_scaled_and_the_true_step(land):
    paths = lanes(2, 50)
    position = paths[1].positions[5]
    gradient, update = np.array([3.0, -40.0]), np.array([-0.1, 0.2])
    spec = payload(
        figures.map_figure(
            land, paths, inspect=InspectArrows(1, 6, position, gradient, update), layout="multiples"
        )
    )
    arrows = [a for a in spec["layout"]["annotations"] if a.get("showarrow")]
    assert len(arrows) == 2
    step = next(a for a in arrows if "true length" in a["hovertext"])
    assert np.allclose([step["x"] - step["ax"], step["y"] - step["ay"]], update)
    assert step["xref"] == "x2"  # the inspected lane's panel
    scaled = next(a for a in arrows if "scaled" in a["hovertext"])
    direction = np.array([scaled["x"] - scaled["ax"], scaled["y"] - scaled["ay"]])
    assert np.allclose(direction / np.linalg.norm(direction), -gradient / np.linalg.norm(gradient))
    assert any("scaled" in str(t.get("name")) for t in spec["data"] if t.get("showlegend"))


def test_theory_overlay_draws_eigenvector_lines_with_labels(land):
    theory = TheoryOverlay(np.zeros(2), np.eye(2), np.array([1.0, 10.0]), 10.0)
    spec = payload(figures.map_figure(land, lanes(1, 20), theory=theory))
    lines = next(t for t in spec["data"] if "eigenvectors" in str(t.get("name")))
    assert "κ = 10" in lines["name"]
    texts = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert "λ₁ = 1" in texts and "λ₂ = 10" in texts and "κ" in texts


def test_presenter_mode_enlarges_fonts_and_lines(land):
    normal = payload(figures.map_figure(land, lanes(1, 20)))
    large = payload(figures.map_figure(land, lanes(1, 20), presenter=True))
    assert large["layout"]["font"]["size"] > normal["layout"]["font"]["size"]
    widths = [
        trace["line"]["width"]
        for spec in (normal, large)
        for trace in spec["data"]
        if trace.get("name") == "lane 0" and trace.get("showlegend")
    ]
    assert widths[1] > widths[0]


def test_empty_lane_list_draws_the_landscape_only(land):
    spec = payload(figures.map_figure(land, []))
    assert spec["layout"]["images"] and not spec.get("frames")


def test_bad_layout_is_a_clear_error(land):
    with pytest.raises(ValueError, match="layout"):
        figures.map_figure(land, lanes(1, 5), layout="grid")


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


def test_standalone_html_inlines_plotly_and_the_frames(land):
    figure = figures.map_figure(land, lanes(2, 60))
    page = export.standalone_html(figure, title="Ravine <demo>")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<title>Ravine &lt;demo&gt;</title>" in page
    assert "<script src=" not in page.replace(" ", "")  # nothing to fetch: it plays offline
    assert len(page) > 3_000_000  # plotly.js itself is inlined
    assert '"baseframe"' in page and '"group":"steps"' in page.replace(" ", "")
