"""Whole Network lab runs with batch normalisation against torch (fixtures from
tools/make_golden_lab_batchnorm.py, torch 2.13 in float64): every step's mini-batch loss, the checkpoints'
training and validation losses and validation accuracy in evaluation mode, the running statistics and the
final parameters."""

import json
import pathlib

import numpy as np
import pytest

import optimizers
import training
from nets import batchnorm
from training import lab

GOLDEN = json.loads(
    (pathlib.Path(__file__).parent.parent / "fixtures" / "golden" / "lab_batchnorm.json").read_text()
)
TOLERANCE = 1e-10


def _run(case, **options):
    query = dict(item.split("=", 1) for item in case["query"].split("&"))
    state, notices = lab.from_query(query)
    assert notices == [] and state.configs[0].net("norm") == "batch"
    config = state.configs[0]
    return training.train(
        lab.network_spec(state),
        lab.optimizer_of(config),
        state.steps,
        state.batch,
        state.seed,
        checkpoints=case["checkpoints"],
        schedule=lab.schedule_of(config),
        **options,
    )


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda case: case["query"][:40])
def test_the_labs_loss_curves_match_torch(case):
    run = _run(case)
    np.testing.assert_allclose(run.step_losses, case["step_losses"], rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(run.train_loss, case["train_loss"], rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(run.validation_loss, case["validation_loss"], rtol=0, atol=TOLERANCE)
    np.testing.assert_array_equal(run.validation_accuracy, case["validation_accuracy"])
    # a hidden layer's bias before its normalisation has a zero gradient in exact arithmetic (the batch mean
    # removes it): both sides step on rounding noise, which Adam rescales to ~1e-10; it changes no output
    free = np.ones(run.architecture.size, dtype=bool)
    for layer in run.architecture.layers[:-1]:
        free[layer.bias] = False
    np.testing.assert_allclose(run.params[-1][free], np.array(case["final_params"])[free], atol=TOLERANCE)
    np.testing.assert_allclose(run.params[-1][~free], np.array(case["final_params"])[~free], atol=1e-8)
    for ours, mean, var in zip(run.running[-1], case["running_mean"], case["running_var"], strict=True):
        np.testing.assert_allclose(ours.mean, mean, rtol=0, atol=1e-8)  # it carries those biases' noise
        np.testing.assert_allclose(ours.var, var, rtol=0, atol=TOLERANCE)


def test_evaluation_mode_differs_from_the_batch_statistics():
    # the checkpoints really use the running statistics: the full-set training-mode loss is another number
    case = GOLDEN["cases"][0]
    run = _run(case)
    _, objective, _ = training.build(
        lab.network_spec(lab.from_query(dict(i.split("=", 1) for i in case["query"].split("&")))[0])
    )
    training_mode = objective.value(run.params[-1])
    assert abs(training_mode - run.train_loss[-1]) > 1e-4


def test_instruments_carry_the_normalisation_statistics():
    spec = training.NetworkSpec(dataset="two_moons", hidden=(8, 8, 8), norm="batch")
    run = training.train(spec, optimizers.get("adam", lr=0.01), steps=30, batch_size=20, checkpoints=4)
    assert run.running_std.shape == (4, 3) and run.norm_scale.shape == (4, 3)
    # torch's start: mean 0, variance 1, gamma 1, beta 0
    assert (run.running_mean[0] == 0).all() and (run.running_std[0] == 1).all()
    assert (run.norm_scale[0] == 1).all() and (run.norm_shift[0] == 0).all()
    assert len(run.running) == 4 and (run.running_std[-1] != 1).all()
    gamma = run.architecture.layers[1].scale
    assert run.norm_scale[-1, 1] == pytest.approx(run.params[-1][gamma].mean())
    plain = training.train(training.NetworkSpec(dataset="two_moons"), optimizers.get("sgd"), steps=3)
    assert plain.running is None and plain.running_std is None


def test_optimizers_run_on_a_batch_norm_objective_is_the_labs_path():
    # value(p) is the training-mode loss: optimizers.run walks the same parameters as the lab's loop
    spec = training.NetworkSpec(dataset="xor", hidden=(6, 6), norm="batch")
    opt = optimizers.get("momentum", lr=0.05)
    run = training.train(spec, opt, steps=25, batch_size=16, seed=2, checkpoints=2)
    _, objective, theta = training.build(spec, batch_size=16, seed=2)
    path = optimizers.run(opt, objective, start=theta, steps=25)
    np.testing.assert_array_equal(run.params[-1], path[-1])


def test_a_stopped_run_keeps_the_running_statistics_of_its_last_step(monkeypatch):
    # stop is asked at every step, not every 50 ms: 40 steps of this network can take less than that
    monkeypatch.setattr(training.run, "STOP_CHECK_SECONDS", 0.0)
    spec = training.NetworkSpec(dataset="two_moons", hidden=(8,), norm="batch")
    run = training.train(
        spec, optimizers.get("sgd", lr=0.1), steps=40, checkpoints=2, stop=lambda done: done >= 5
    )
    stopped = run.stopped_at
    assert stopped is not None and run.checkpoint_steps[-1] == stopped
    _, objective, theta = training.build(spec)
    running = (batchnorm.initial_running(8),)
    for step in range(1, stopped + 1):
        evaluated = objective.step_pass(theta, step)
        running = (batchnorm.update(running[0], evaluated.norms[0], evaluated.rows),)
        theta = theta - 0.1 * evaluated.grad
    np.testing.assert_allclose(run.running[-1][0].var, running[0].var, rtol=1e-12)
