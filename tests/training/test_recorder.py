"""What a run measures does not depend on whether its passes were read one step at a time or stacked."""

import numpy as np
import pytest

import optimizers
import training
from training import recorder


def _train(spec, batch_size=0):
    return training.train(spec, optimizers.get("adam", lr=0.02), 40, batch_size, 1, checkpoints=6, trace=1000)


@pytest.mark.parametrize(
    ("spec", "batch_size"),
    [
        (training.NetworkSpec(hidden=(8, 8), activation="tanh", loss="binary_cross_entropy"), 0),
        (
            training.NetworkSpec(
                "blobs", hidden=(6,), activation="sigmoid", dropout=0.2, dropout_mode="plain"
            ),
            16,
        ),
        (training.NetworkSpec("regression", hidden=(8,), activation="relu", loss="mse"), 0),
    ],
)
def test_stacked_and_one_at_a_time_passes_measure_the_same(spec, batch_size, monkeypatch):
    stacked = _train(spec, batch_size)
    monkeypatch.setattr(recorder, "PASS_VALUES", 1)  # every pass alone, in the workspaces
    alone = _train(spec, batch_size)
    names = ["validation_loss", "validation_accuracy", "grid_outputs", "histograms", "activation_std"]
    for name in names:
        np.testing.assert_array_equal(getattr(stacked, name), getattr(alone, name), err_msg=name)
    for name in ["train_loss", "validation_loss", "validation_accuracy"]:
        np.testing.assert_array_equal(getattr(stacked.trace, name), getattr(alone.trace, name), err_msg=name)
    np.testing.assert_allclose(stacked.trace.update_ratio, alone.trace.update_ratio, rtol=1e-12)


def test_every_checkpoint_keeps_its_own_grid_when_the_predictions_are_the_outputs(monkeypatch):
    spec = training.NetworkSpec("regression", hidden=(8,), activation="tanh", loss="mse")
    monkeypatch.setattr(recorder, "PASS_VALUES", 1)
    run = _train(spec)
    assert not np.array_equal(run.grid_outputs[0], run.grid_outputs[-1])  # once, all were the last one
