"""The lab's landscape picture: a loss grid as the map's raster, the path as a lane, and the words that say
what the plane shows and misses, all computed from the plane."""

import numpy as np
import pytest

import optimizers
import training
from training import landscape
from viz import path_landscape, player
from viz.landscape import from_grid

SPEC = training.NetworkSpec(dataset="two_moons", hidden=(6,), activation="tanh", init="xavier_uniform")


@pytest.fixture(scope="module")
def plane():
    run = training.train(SPEC, optimizers.get("adam", lr=0.05), 60, checkpoints=13)
    _, objective, _ = training.build(SPEC)
    return run, landscape.path_landscape(objective, run.params, run.train_loss + run.penalty, grid=9)


def test_a_grid_becomes_a_landscape_over_its_own_window():
    x, y = np.linspace(-1, 2, 7), np.linspace(0, 1, 5)
    z = np.add.outer(y**2, x**2)
    drawn = from_grid(x, y, z)
    assert drawn.window == ((-1.0, 2.0), (0.0, 1.0))
    assert drawn.z_low == pytest.approx(0.0, abs=0.02) and drawn.z_high == pytest.approx(5.0, abs=0.1)
    assert drawn.bands.shape[1] > drawn.bands.shape[0]  # a wide window gives a wide image
    with pytest.raises(ValueError, match="len"):
        from_grid(x, y, z.T)


def test_the_summary_reads_the_plane(plane):
    run, result = plane
    facts = path_landscape.summary(result, run.checkpoint_steps)
    assert facts["explained"] == pytest.approx(float(np.sum(result.explained_variance)))
    assert 0 < facts["second"] <= facts["first"] <= facts["explained"] <= 1
    assert facts["max_gap"] == pytest.approx(float(np.nanmax(np.abs(result.gap))))
    assert facts["max_gap_step"] in set(run.checkpoint_steps.tolist())
    assert facts["final_gap"] == pytest.approx(0.0, abs=1e-12)  # the plane passes through the final weights
    assert facts["checkpoints"] == len(run.params) == 13


def test_the_message_carries_the_path_as_one_lane_with_literal_text(plane):
    run, result = plane
    label = "<b>Adam</b> *lr*"
    header, blob = player.unpack(path_landscape.message(result, run.checkpoint_steps, label=label))
    assert header["steps"] == len(run.params) - 1  # the player's steps are the checkpoints
    assert [lane["label"] for lane in header["lanes"]] == [label]
    xy = player.array(blob, header["lanes"][0]["xy"]).reshape(-1, 2)
    np.testing.assert_allclose(xy, result.path, rtol=1e-6, atol=1e-6)  # float32 on the wire
    assert header["marks"][0]["label"] == "final weights" and header["minima"] == []
    assert header["axes"] == ["direction 1", "direction 2"]
    facts = path_landscape.summary(result, run.checkpoint_steps)
    assert f"{facts['explained']:.0%}" in header["text"]["description"]
    assert not header["clickable"]


def test_the_price_counts_every_grid_point_and_checkpoint():
    _, objective, _ = training.build(SPEC)
    one = landscape.seconds(objective.architecture, 200, 1, 0)
    assert landscape.seconds(objective.architecture, 200, 31, 101) == pytest.approx(one * (31 * 31 + 101))
