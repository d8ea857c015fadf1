"""Figures of the landscape explorer: what each pixel, cell and bar says is what the grids say."""

import io

import numpy as np
from PIL import Image

from viz.explorer_basins import (
    BASIN_COLORS,
    DIVERGED_COLOR,
    HATCH_SHADE,
    NONE_COLOR,
    PATTERNS,
    basin_figure,
    basin_rgb,
    png_bytes,
)
from viz.explorer_stats import cloud_window, ensemble_figure, loss_bins, range_test_figure
from viz.explorer_sweep import CELLS_TRACE, cell_edges, sweep_figure
from viz.explorer_sweep import DIVERGED_COLOR as SWEEP_DIVERGED

WINDOW = ((-5.0, 5.0), (-5.0, 5.0))


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(v):02X}" for v in rgb)


def test_fastest_starts_get_the_full_basin_colour_and_slower_ones_paler():
    labels = np.array([[0, 0, 1, -1, -2]])
    steps = np.array([[0, 100, 0, -1, -1]])
    rgb = basin_rgb(labels, steps, 100)
    assert _hex(rgb[0, 0]) == BASIN_COLORS[0]
    assert _hex(rgb[0, 2]) == BASIN_COLORS[1]
    assert _hex(rgb[0, 3]) == NONE_COLOR and _hex(rgb[0, 4]) == DIVERGED_COLOR
    assert (rgb[0, 1].astype(int) > rgb[0, 0].astype(int)).all()  # lighter in every channel


def test_basin_image_covers_the_window_with_the_lowest_row_at_the_bottom():
    labels = np.array([[2, 2], [0, 1]])  # row 0 = lowest y
    figure = basin_figure(WINDOW, labels, np.zeros((2, 2), int), 10, np.zeros((3, 2)))
    image = figure["layout"]["images"][0]
    assert (image["x"], image["y"], image["sizex"], image["sizey"]) == (-5.0, 5.0, 10.0, 10.0)
    pixels = np.asarray(Image.open(io.BytesIO(png_bytes(figure))).convert("RGB"))
    half = pixels.shape[0] // 2
    # the commonest colour of each quarter (a hatched basin's lines are its colour, darker)
    assert _common(pixels[half:, :half]) == BASIN_COLORS[2]  # bottom left of the picture: row 0, column 0
    assert (
        _common(pixels[:half, :half]) == BASIN_COLORS[0] and _common(pixels[:half, half:]) == BASIN_COLORS[1]
    )


def _common(block) -> str:
    colours, counts = np.unique(block.reshape(-1, 3), axis=0, return_counts=True)
    return _hex(colours[np.argmax(counts)])


def test_each_basin_is_hatched_its_own_way_so_colour_is_not_the_only_carrier():
    labels = np.arange(7).reshape(1, 7)  # seven minima, one cell each
    figure = basin_figure(WINDOW, labels, np.zeros((1, 7), int), 10, np.zeros((7, 2)))
    pixels = np.asarray(Image.open(io.BytesIO(png_bytes(figure))).convert("RGB"))
    side = pixels.shape[1] // 7
    masks = []
    for k in range(7):
        block = pixels[:, k * side : (k + 1) * side]
        lines = np.any(block != _rgb(BASIN_COLORS[k]), axis=-1)
        assert (block[lines] == np.round(_rgb(BASIN_COLORS[k]) * (1 - HATCH_SHADE))).all()
        masks.append(lines)
    assert not masks[0].any() and all(0.05 < m.mean() < 0.6 for m in masks[1:])
    assert len({m.tobytes() for m in masks}) == 7  # no two basins share a pattern
    legend = [t for t in figure["data"] if t["type"] == "bar"]
    assert [t["marker"]["pattern"]["shape"] for t in legend] == [shape for shape, _ in PATTERNS]
    assert legend[1]["name"].endswith(", hatched /") and legend[6]["name"].endswith(", dotted")


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def test_basin_legend_gives_each_minimum_its_share_and_titles_are_plain_text():
    labels = np.array([[0, 0, 0, -2]])
    figure = basin_figure(WINDOW, labels, np.zeros((1, 4), int), 10, [[3.0, 2.0]], title="<b>50%</b>")
    names = [t.get("name", "") for t in figure["data"]]
    assert "→ minimum 1 (3, 2): 75%" in names and "diverged: 25%" in names
    assert figure["layout"]["title"]["text"] == "&lt;b&gt;50&#37;&lt;/b&gt;"


def _sweep():
    lrs = np.geomspace(1e-3, 1.0, 4)
    momenta = np.array([0.0, 0.5, 0.9])
    labels = np.array([[0, 0, 0], [0, 0, -1], [0, -2, -2], [-2, -2, -2]])
    steps = np.where(labels >= 0, 50, -1)
    diverged = np.where(labels == -2, 7, -1)
    return lrs, momenta, labels, steps, diverged


def test_sweep_heatmap_marks_exactly_the_diverged_cells_on_geometric_cell_edges():
    lrs, momenta, labels, steps, diverged = _sweep()
    figure = sweep_figure(
        ("lr", "momentum"),
        (lrs, momenta),
        labels,
        steps,
        diverged,
        100,
        boundary=([0.2, 0.4], [0.0, 0.9]),
        optimum=(0.1, 0.5),
    )
    layers = {t.get("name"): t for t in figure["data"] if t["type"] == "heatmap"}
    flagged = np.array([[v is not None for v in row] for row in layers["diverged"]["z"]])
    assert np.array_equal(flagged, (labels == -2).T)
    assert layers["diverged"]["colorscale"][0][1] == SWEEP_DIVERGED
    assert np.allclose(layers["converged"]["x"], cell_edges(lrs, True))
    assert np.allclose(np.diff(np.log(layers["converged"]["x"])), np.log(10.0))
    assert figure["layout"]["xaxis"]["type"] == "log" and figure["layout"]["yaxis"]["type"] == "linear"


def test_every_cell_has_a_clickable_point_that_names_its_index():
    lrs, momenta, labels, steps, diverged = _sweep()
    figure = sweep_figure(("lr", "momentum"), (lrs, momenta), labels, steps, diverged, 100)
    cells = next(t for t in figure["data"] if t.get("name") == CELLS_TRACE)
    assert len(cells["x"]) == labels.size
    for x, y, (i, j, outcome) in zip(cells["x"], cells["y"], cells["customdata"], strict=True):
        assert x == lrs[i] and y == momenta[j]
        assert outcome == (steps[i, j] if labels[i, j] >= 0 else (-1 if labels[i, j] == -1 else -9))


def test_one_axis_sweep_draws_the_stability_limit_as_a_vertical_line():
    lrs = np.geomspace(1e-2, 1.0, 5)
    labels = np.array([0, 0, 0, -2, -2])
    figure = sweep_figure(
        ("lr",),
        (lrs,),
        labels,
        np.array([90, 40, 10, -1, -1]),
        np.array([-1] * 3 + [5, 3]),
        100,
        boundary=0.2,
        predicted_steps=[88, 41, 9, -1, -1],
    )
    assert figure["layout"]["shapes"][0]["x0"] == 0.2
    crosses = next(t for t in figure["data"] if t["name"] == "diverged")
    assert crosses["x"] == lrs[3:].tolist()


def test_histograms_share_bins_and_count_every_finite_member():
    first = {
        "title": "batch 4",
        "points": np.zeros((5, 2)),
        "losses": np.array([1e-3, 1e-2, 1e-1, np.nan, 1.0]),
        "centroid": np.zeros(2),
        "spread": 0.1,
    }
    second = {
        "title": "batch 64",
        "points": np.zeros((3, 2)),
        "losses": np.array([1e-4, 1e-4, 2e-4]),
        "centroid": np.zeros(2),
        "spread": 0.01,
    }
    figure = ensemble_figure([first, second], [[0.0, 0.0]], WINDOW)
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert [sum(b["y"]) for b in bars] == [4, 3]
    assert bars[0]["x"] == bars[1]["x"]
    edges = loss_bins([first["losses"], second["losses"]])
    assert edges[0] == np.log10(1e-4) and edges[-1] == 0.0


def test_range_test_figure_marks_the_suggestion_and_the_stability_limit():
    lrs = np.geomspace(1e-4, 1.0, 20)
    figure = range_test_figure(
        lrs, np.linspace(1, 0.1, 20), np.linspace(1, 0.2, 20), suggestion=0.05, stability_lr=0.2
    )
    assert [s["x0"] for s in figure["layout"]["shapes"]] == [0.05, 0.2]
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert any(t["name"] == "suggested lr = 0.05" for t in figure["data"])


def test_clouds_share_one_window_around_every_final_point():
    tight = {"points": np.array([[0.1, 0.0], [0.2, 0.1]]), "losses": np.ones(2)}
    wide = {"points": np.array([[-1.0, -0.5], [np.nan, np.nan], [1.0, 0.5]]), "losses": np.ones(3)}
    (x_low, x_high), (y_low, y_high) = cloud_window([tight, wide], [[0.0, 0.0]])
    assert (x_low, x_high) == (-1.5, 1.5) and (y_low, y_high) == (-0.75, 0.75)
