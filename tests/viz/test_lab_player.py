"""The lab player's message: what the browser draws, as one binary message checked against its schema."""

import numpy as np
import pytest

import datasets
import optimizers
import training
from viz import lab_player
from viz.lab_player import array, payload, quantised, unpack

SPEC = training.NetworkSpec(dataset="two_moons", dataset_params={"n_points": 200, "seed": 1}, hidden=(8, 8))
DATA = datasets.get("two_moons", n_points=200, seed=1)


@pytest.fixture(scope="module")
def runs():
    adam = training.train(SPEC, optimizers.get("adam", lr=0.02), 120, checkpoints=13, trace=1000)
    sgd = training.train(SPEC, optimizers.get("sgd", lr=0.1), 80, checkpoints=9, trace=1000)
    return adam, sgd


def test_the_message_holds_every_step_of_the_curves_and_every_checkpoint(runs):
    adam, _ = runs
    header, blob = unpack(payload([adam], ["Adam"], DATA))
    assert header["version"] == lab_player.VERSION and header["steps"] == 120
    run = header["runs"][0]
    trace = run["trace"]
    assert array(blob, trace["steps"]).tolist() == list(range(121))
    np.testing.assert_allclose(array(blob, trace["validation_loss"]), adam.trace.validation_loss, rtol=1e-6)
    np.testing.assert_allclose(array(blob, run["checkpoints"]), adam.checkpoint_steps)
    regions = array(blob, run["regions"]["values"], "u1").reshape(13, 40, 40, 2)
    np.testing.assert_allclose(regions / 255, adam.grid_outputs, atol=0.5 / 255 + 1e-12)
    counts = array(blob, run["histograms"]["counts"]).reshape(adam.histograms.shape)
    np.testing.assert_array_equal(counts, adam.histograms)
    np.testing.assert_allclose(array(blob, run["gradients"]).reshape(13, 3), adam.grad_norms, rtol=1e-6)
    assert run["best_step"] == adam.best_step and run["diagram"] is None


def test_compared_runs_share_their_axes_and_the_longest_run_sets_the_steps(runs):
    header, _ = unpack(payload(runs, ["Configuration 1: Adam", "Configuration 2: SGD"], DATA))
    assert header["steps"] == 120 and [r["last"] for r in header["runs"]] == [120, 80]
    low, high = header["axes"]["loss"]
    for run in runs:
        losses = np.log10(np.concatenate([run.trace.train_loss, run.trace.validation_loss]))
        assert low <= losses.min() and losses.max() <= high
    assert header["axes"]["ratios"][0] <= -3 <= header["axes"]["ratios"][1], "the 1e-3 guide is on the axis"
    assert "Configuration 2: SGD" in header["text"]["description"]


def test_the_message_is_about_the_size_of_its_arrays_in_float32(runs):
    adam, _ = runs
    message = payload([adam], ["Adam"], DATA)
    raw = 4 * (adam.grid_outputs.size + adam.histograms.size + adam.grad_norms.size)
    raw += 4 * (5 + adam.trace.update_ratio.shape[1]) * len(adam.trace.steps)
    assert len(message) < raw, "the regions travel as bytes, not as float32"


def test_a_run_without_its_trace_or_titles_is_refused(runs):
    untraced = training.train(SPEC, optimizers.get("sgd", lr=0.1), 5, checkpoints=2)
    with pytest.raises(ValueError, match="traced"):
        payload([untraced], ["SGD"], DATA)
    with pytest.raises(ValueError, match="title"):
        payload(list(runs), ["one"], DATA)


def test_regression_outputs_are_scaled_to_the_training_targets():
    assert quantised([0.0, 0.5, 1.0, 2.0, np.nan], 0.0, 1.0).tolist() == [0, 128, 255, 255, 128]
    data = datasets.get("regression")
    spec = training.NetworkSpec(dataset="regression", hidden=(4,), loss="mse")
    run = training.train(spec, optimizers.get("adam", lr=0.02), 20, checkpoints=3, trace=1000)
    header, _ = unpack(payload([run], [""], data))
    assert header["task"] == "regression" and header["runs"][0]["trace"]["train_accuracy"] is None
    span = header["runs"][0]["regions"]["span"]
    targets = np.asarray(data.train_targets, float)
    assert span == [pytest.approx(targets.min()), pytest.approx(targets.max())]


def test_the_diagram_travels_as_bytes_with_its_spans_and_marks(runs):
    from training.diagram import diagram

    adam, _ = runs
    drawn = diagram(adam, SPEC, size=8)
    header, blob = unpack(payload([adam], ["Adam"], DATA, diagrams=[drawn]))
    d = header["runs"][0]["diagram"]
    assert d["widths"] == [2, 8, 8, 2] and d["size"] == 8 and d["capped"] is None
    maps = array(blob, d["maps"], "u1").reshape(13, 16, 8, 8)
    np.testing.assert_array_equal(maps[:, 8:], quantised(drawn.maps[1], *drawn.spans[1]))
    assert (array(blob, d["twin"], "u1") == 255).all(), "no unit equals another"
    weights = array(blob, d["weights"]).reshape(13, -1)
    assert weights.shape[1] == 2 * 8 + 8 * 8 + 8 * 2
    assert d["scale"] == pytest.approx(max(np.abs(w).max() for w in drawn.weights), rel=1e-6)


def test_the_table_reads_the_curves_at_eleven_steps_and_keeps_an_ended_runs_last_values(runs):
    adam, sgd = runs
    rows = lab_player.table_rows([adam, sgd], ["Adam", "SGD"])
    assert [row["step"] for row in rows] == list(range(0, 121, 12))
    assert rows[5]["Adam: training loss"] == pytest.approx(adam.trace.train_loss[60], rel=1e-3)
    assert rows[-1]["SGD: validation loss"] == pytest.approx(sgd.trace.validation_loss[-1], rel=1e-3)
    alone = lab_player.table_rows([adam], [""])
    assert list(alone[0]) == ["step", "training loss", "validation loss", "validation accuracy"]


def test_a_diverged_run_reaches_its_divergence_step_on_the_axis():
    wild = training.train(SPEC, optimizers.get("sgd", lr=1e9), 100, checkpoints=5, trace=1000)
    header, _ = unpack(payload([wild], [""], DATA))
    run = header["runs"][0]
    assert run["diverged_at"] == header["steps"] == run["last"] + 1
