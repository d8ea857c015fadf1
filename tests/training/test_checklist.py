"""The debugging checklist reads real runs the way the lecture does: a healthy run passes, a tiny rate is
flat, a huge rate explodes, large weights start far from ln C, dead ReLUs are named, the small sample fits."""

import math

import numpy as np
import pytest

import optimizers
import training
from training import checklist

SPEC = training.NetworkSpec(dataset="two_moons", hidden=(16, 16), activation="relu")


def _run(spec=SPEC, lr=0.02, name="adam", steps=300, batch_size=0):
    return training.train(spec, optimizers.get(name, lr=lr), steps, batch_size=batch_size, checkpoints=10)


def _statuses(checks):
    return {check.title: check.status for check in checks}


@pytest.mark.parametrize("seed", range(5))
def test_a_healthy_run_passes_every_check(seed):
    spec = training.NetworkSpec(dataset="two_moons", hidden=(16, 16), activation="relu", init_seed=seed)
    run = _run(spec)
    small = checklist.small_sample_run(spec, optimizers.get("adam", lr=0.02))
    checks = checklist.checklist(run, "softmax_cross_entropy", 2, small)
    assert _statuses(checks) == {
        "Loss at initialisation": "ok",
        "Overfit 20 points": "ok",
        "Loss curve": "ok",
        "Update/weight ratio": "ok",
        "Dead and saturated units": "ok",
    }, checks
    assert f"ln 2 = {math.log(2):.3f}" in checks[0].measured


def test_a_tiny_learning_rate_is_flat_and_says_try_larger():
    run = _run(name="sgd", lr=1e-5)
    checks = {c.title: c for c in checklist.checklist(run, "softmax_cross_entropy", 2)}
    assert checks["Loss curve"].status == "warn"
    assert checks["Loss curve"].measured.startswith("flat")
    assert "larger learning rate" in checks["Loss curve"].advice
    assert checks["Update/weight ratio"].status == "warn"
    assert "too low" in checks["Update/weight ratio"].advice


def test_a_huge_learning_rate_explodes():
    run = _run(name="sgd", lr=50.0)
    shape, _ = checklist.curve_shape(run.step_losses, run.diverged_at)
    assert shape == "exploding"


def test_large_initial_weights_start_far_from_ln_c():
    spec = training.NetworkSpec(dataset="spirals", hidden=(32, 32), init="normal", init_params={"std": 3.0})
    run = _run(spec, steps=5)
    check = checklist.initial_loss_check(run, "softmax_cross_entropy", 2)
    assert check.status == "warn"
    assert float(run.train_loss[0]) > 2 * math.log(2)


def test_single_sample_batches_are_noisy():
    spec = training.NetworkSpec(dataset="two_moons", dataset_params={"noise": 0.3}, hidden=(16,))
    run = _run(spec, name="sgd", lr=0.3, batch_size=1, steps=400)
    shape, figure = checklist.curve_shape(run.step_losses, run.diverged_at)
    assert shape == "noisy", figure


def test_dead_relus_are_named_and_saturation_counts_for_bounded_activations_only():
    relu = training.NetworkSpec(hidden=(8, 8), activation="relu")
    tanh = training.NetworkSpec(hidden=(8, 8), activation="tanh")

    class Measured:
        def __init__(self, spec, dead, saturated):
            self.architecture = training.build(spec)[1].architecture
            self.dead_fraction = np.array([[0.0, 0.0], dead])
            self.saturated_fraction = np.array([[0.0, 0.0], saturated])

    check = checklist.units_check(Measured(relu, [0.8, 0.1], [0.9, 0.5]))
    assert (check.status, "80%" in check.measured, "saturated" in check.measured) == ("warn", True, False)
    assert checklist.units_check(Measured(relu, [0.1, 0.1], [0.9, 0.5])).status == "ok"
    check = checklist.units_check(Measured(tanh, [0.0, 0.0], [0.9, 0.5]))
    assert (check.status, "most saturated 90%" in check.measured) == ("warn", True)


def test_mse_has_no_chance_level():
    run = _run(training.NetworkSpec(dataset="regression", loss="mse", hidden=(8,)), steps=5)
    assert checklist.initial_loss_check(run, "mse", 1).status == "n/a"


def test_the_small_sample_run_is_priced_and_stoppable(monkeypatch):
    import optimizers.loop
    from training import lab

    # the loop asks its stop every 50 ms; the 300 small steps can end sooner, so ask at every step here
    monkeypatch.setattr(optimizers.loop, "STOP_CHECK_SECONDS", 0.0)

    spec = training.NetworkSpec(dataset="two_moons", hidden=(8, 8))
    predicted = checklist.small_sample_seconds(spec, "adam", dict(optimizers.get("adam").hyperparams))
    assert 0 < predicted < 1.0
    assert checklist.small_sample_run(spec, optimizers.get("adam", lr=0.05), stop=lambda step: True) is None
    assert checklist.small_sample_check(None).status == "n/a"
    newton = lab.from_query({"opt1": "newton"})[0]
    assert lab.small_sample_seconds(newton) > 20 * lab.small_sample_seconds(lab.LabState())


def test_the_small_sample_run_keeps_batch_norm():
    spec = training.NetworkSpec(dataset="xor", hidden=(8, 8), norm="batch")
    loss = checklist.small_sample_run(spec, optimizers.get("adam", lr=0.05))
    plain = checklist.small_sample_run(
        training.NetworkSpec(dataset="xor", hidden=(8, 8)), optimizers.get("adam", lr=0.05)
    )
    assert loss < checklist.FITTED_LOSS and loss != plain
