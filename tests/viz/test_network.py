"""The network lab's figures: valid plotly, one frame per checkpoint, small, colours that mean something."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

import optimizers
import training
from viz import lab_axes, network, regions


@pytest.fixture(scope="module")
def blobs():
    spec = training.NetworkSpec(dataset="blobs", hidden=(8, 8), activation="relu")
    run = training.train(spec, optimizers.get("adam", lr=0.01), steps=100, checkpoints=11)
    return run, training.build(spec)[0]


def curves_of(run, diverged_at=None) -> dict:
    """The loss and accuracy curves of ``run``, as the lab draws them."""
    return network.curves_figure(
        run.checkpoint_steps,
        run.train_loss,
        run.validation_loss,
        run.train_accuracy,
        run.validation_accuracy,
        run.best_step,
        diverged_at=diverged_at,
    )


def test_region_colour_is_the_class_colour_where_certain_and_white_where_undecided():
    certain = network.region_colours(np.array([[1.0, 0.0, 0.0]]))[0]
    blue = np.array([0x00, 0x72, 0xB2])
    np.testing.assert_allclose(certain, 255 * 0.45 + 0.55 * blue, atol=1)
    undecided = network.region_colours(np.full((1, 3), 1 / 3))[0]
    assert undecided.tolist() == [255, 255, 255]


def test_decision_figure_has_a_frame_per_checkpoint_and_stays_small(blobs):
    run, data = blobs
    figure = network.decision_figure(
        run.grid_x,
        run.grid_y,
        run.grid_outputs,
        run.checkpoint_steps,
        data.train_points,
        data.train_targets,
        data.validation_points,
        data.validation_targets,
    )
    go.Figure(figure)  # plotly accepts every property
    assert [f["name"] for f in figure["frames"]] == [str(s) for s in run.checkpoint_steps]
    assert figure["data"][0]["source"].startswith("data:image/png;base64,")
    assert len(figure["data"]) == 1 + 3 + 3  # regions, then training and validation points per class
    assert len(json.dumps(figure)) < 100_000


def test_curves_mark_the_early_stopping_step_and_divergence(blobs):
    run, _ = blobs
    figure = curves_of(run, diverged_at=42)
    go.Figure(figure)
    assert figure["layout"]["shapes"][0]["x0"] == run.best_step
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert f"early stop: step {run.best_step}" in texts
    assert "diverged at step 42: beyond the top edge" in texts
    assert figure["layout"]["shapes"][1]["x0"] == 42  # the red line at the divergence step


def test_step_axes_start_at_zero_and_log_ticks_stay_short(blobs):
    run, _ = blobs
    curves = curves_of(run, diverged_at=150)  # after the last checkpoint: the axis reaches it
    assert curves["layout"]["xaxis"]["range"] == [0, 150] and not curves["layout"]["xaxis"]["autorange"]
    assert curves["layout"]["yaxis"]["tickformat"] == ".3~g"
    zeros = network.layer_series_figure([0, 5, 10], np.zeros((3, 2)), title="gradient norm", guide=1e-3)
    go.Figure(zeros)
    assert zeros["layout"]["xaxis"]["range"] == [0, 10]
    assert zeros["layout"]["yaxis"]["tickformat"] == ".3~g"
    texts = [a["text"] for a in zeros["layout"]["annotations"]]
    assert "every value is 0 at every checkpoint (a log axis cannot show 0)" in texts


def test_layer_panels_have_a_line_per_layer_and_the_cs231n_guide(blobs):
    run, _ = blobs
    ratios = network.layer_series_figure(
        run.checkpoint_steps, run.update_ratio, title="update / weight", guide=1e-3
    )
    go.Figure(ratios)
    assert [t["name"] for t in ratios["data"]] == ["layer 1", "layer 2", "output layer"]
    assert ratios["layout"]["shapes"][0]["y0"] == 1e-3
    histograms = network.histograms_figure(run.checkpoint_steps, run.histogram_edges, run.histograms)
    go.Figure(histograms)
    assert len(histograms["frames"]) == len(run.checkpoint_steps) and len(histograms["data"]) == 2


def test_compared_runs_share_every_axis(blobs):
    run, _ = blobs
    short = training.train(
        training.NetworkSpec(dataset="blobs", hidden=(8,), activation="relu"),
        optimizers.get("sgd", lr=0.01),
        steps=40,
        checkpoints=5,
    )
    ranges = lab_axes.shared_ranges([run, short])
    assert ranges["curves"]["xaxis"] == [0, 100]  # the longer run's last step
    low, high = ranges["curves"]["yaxis"]
    losses = np.concatenate([run.train_loss, run.validation_loss, short.train_loss, short.validation_loss])
    assert low < np.log10(losses.min()) and high > np.log10(losses.max())
    assert list(ranges["histograms"]) == ["yaxis1"]  # the layers both have
    assert lab_axes.log_range([0.0, np.nan]) is None  # nothing a log axis can show
    figures = [{"curves": curves_of(r)} for r in (run, short)]
    for figure in figures:
        lab_axes.apply_ranges(figure, {"curves": ranges["curves"]})
    assert (
        figures[0]["curves"]["layout"]["yaxis"]["range"] == figures[1]["curves"]["layout"]["yaxis"]["range"]
    )
    assert figures[1]["curves"]["layout"]["yaxis"]["type"] == "log"  # the rest of the axis kept


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


def test_validation_points_can_be_hidden_and_the_regions_fill_the_figure(blobs):
    run, data = blobs
    args = (run.grid_x, run.grid_y, run.grid_outputs, run.checkpoint_steps, data.train_points)
    rest = (data.train_targets, data.validation_points, data.validation_targets)
    shown = network.decision_figure(*args, *rest, height=560)
    hidden = network.decision_figure(*args, *rest, height=560, validation=False)
    assert [t["name"] for t in hidden["data"][1:]] == [t["name"] for t in shown["data"][1:4]]
    assert all("validation" in t["name"] for t in shown["data"][4:])
    margin = shown["layout"]["margin"]
    assert 560 - margin["t"] - margin["b"] >= 380  # the plot, not the controls, takes the height
    assert shown["data"][0]["dx"] == pytest.approx((run.grid_x[1] - run.grid_x[0]) / regions.SMOOTH)


def test_a_regression_map_spans_the_targets_not_a_diverged_checkpoint():
    grid = np.linspace(-1, 1, 4)
    outputs = np.zeros((2, 4, 4, 1))
    outputs[1] = -1e6  # a checkpoint far off
    targets = np.array([-0.5, 0.25, 2.0])
    points = np.zeros((3, 2))
    figure = network.decision_figure(
        grid, grid, outputs, [0, 1], points, targets, points, targets, task="regression"
    )
    go.Figure(figure)
    assert (figure["data"][0]["zmin"], figure["data"][0]["zmax"]) == (-0.5, 2.0)
