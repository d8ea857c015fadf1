"""train(): the run loop's semantics, the checkpoint instruments, early stopping and honest failures."""

import doctest

import numpy as np
import pytest

import optimizers
import training
from nets import forward
from tests.training.specs import MOONS, dead_relus
from training import NetworkSpec
from training import run as run_module


def test_final_parameters_equal_the_optimizers_own_run_loop():
    # mini-batches, dropout, a schedule and gradient noise: the same steps as optimizers.run
    spec = NetworkSpec(**{**MOONS.__dict__, "dropout": 0.2, "init": "xavier_uniform"})
    opt = optimizers.get("momentum", lr=0.05)
    schedule = optimizers.schedules.get("cosine")
    run = training.train(
        spec, opt, steps=40, batch_size=16, seed=3, checkpoints=3, schedule=schedule, noise=0.01
    )
    _, objective, theta = training.build(spec, batch_size=16, seed=3)
    path = optimizers.run(opt, objective, start=theta, steps=40, schedule=schedule, noise=0.01, seed=3)
    np.testing.assert_array_equal(run.params[-1], path[-1])
    np.testing.assert_array_equal(run.params[0], theta)


def test_checkpoints_hold_what_the_lecture_measures():
    run = training.train(
        MOONS, optimizers.get("sgd", lr=0.5), steps=20, checkpoints=range(21), grid=12, bins=10
    )
    m, layers = 21, 2
    assert run.checkpoint_steps.tolist() == list(range(21))
    assert run.grid_outputs.shape == (m, 12, 12, 2)
    np.testing.assert_allclose(run.grid_outputs.sum(axis=-1), 1.0)
    assert run.histograms.shape == (m, layers, 10) and run.histogram_edges.tolist()[::10] == [-1.0, 1.0]
    _, objective, _ = training.build(MOONS)
    n, width = objective.inputs.shape[0], 8
    assert (run.histograms.sum(axis=-1) + run.outside.sum(axis=-1) == n * width).all()
    theta = run.params[7]
    fwd = forward(objective.architecture, theta, objective.inputs)
    assert run.activation_mean[7, 1] == pytest.approx(fwd.inputs[2].mean())
    assert run.activation_std[7, 0] == pytest.approx(fwd.inputs[1].std())
    grad = objective.grad(theta)
    assert run.grad_norms[7, 2] == pytest.approx(
        np.linalg.norm(grad[objective.architecture.layers[2].weight])
    )
    first = objective.architecture.layers[0].weight
    step = run.params[7][first] - run.params[6][first]
    assert run.update_ratio[7, 0] == pytest.approx(
        np.linalg.norm(step) / np.linalg.norm(run.params[6][first])
    )
    assert np.isnan(run.update_ratio[0]).all()
    assert run.train_loss[-1] < run.train_loss[0]
    assert not run.train_loss.flags.writeable and not run.grid_outputs.flags.writeable


def test_early_stopping_marks_the_lowest_validation_loss():
    # 30 noisy training points and a 32 x 32 network: the validation loss turns up while training loss falls
    spec = NetworkSpec(
        dataset="two_moons",
        dataset_params={"n_points": 60, "noise": 0.35, "validation_fraction": 0.5, "seed": 2},
        hidden=(32, 32),
        activation="tanh",
        init="xavier_uniform",
    )
    run = training.train(spec, optimizers.get("adam", lr=0.01), steps=400, checkpoints=21, grid=10)
    assert run.best_index == int(np.argmin(run.validation_loss))
    assert 0 < run.best_step < 400
    assert run.validation_loss[-1] > 2 * run.validation_loss[run.best_index]
    assert run.train_loss[-1] < 0.01 < run.train_loss[run.best_index]


def test_zero_initialisation_keeps_every_unit_identical_and_says_so():
    spec = NetworkSpec(**{**MOONS.__dict__, "activation": "sigmoid", "init": "zeros"})
    run = training.train(spec, optimizers.get("sgd", lr=1.0), steps=200, checkpoints=5)
    assert run.symmetric.all()
    assert run.grad_norms[-1, 0] > 0  # the layers do learn, all units alike
    assert run.params[-1][run.architecture.layers[0].weight].std() > 0
    assert any("Layer 1: all 8 units are identical from the start to step 200" in note for note in run.notes)
    broken = training.train(MOONS, optimizers.get("sgd", lr=1.0), steps=10, checkpoints=2)
    assert not broken.symmetric.any() and not any("identical" in note for note in broken.notes)


def test_a_layer_of_dead_relus_is_named_by_its_numbers():
    spec = dead_relus((8, 8))
    run = training.train(spec, optimizers.get("adam", lr=0.01), steps=50, checkpoints=3)
    assert (run.dead_fraction[:, 0] == 1.0).all()
    assert run.grad_norms[:, 0].max() == 0.0  # nothing reaches the first layer
    assert "Layer 1: all 8 units are dead from step 0 on" in " ".join(run.notes)


def test_divergence_is_recorded_with_its_step_and_the_run_stops():
    run = training.train(MOONS, optimizers.get("sgd", lr=1e9), steps=100, checkpoints=101)
    assert run.diverged_at is not None and run.diverged_at < 100
    assert run.checkpoint_steps[-1] == run.diverged_at - 1
    assert np.isnan(run.step_losses[run.diverged_at :]).all()
    assert run.notes[0].startswith(f"Diverged at step {run.diverged_at}")


def test_regression_has_no_accuracy_and_one_output():
    spec = NetworkSpec(dataset="regression", hidden=(16,), activation="tanh", loss="mse")
    run = training.train(spec, optimizers.get("adam", lr=0.02), steps=200, checkpoints=3)
    assert run.grid_outputs.shape[-1] == 1 and np.isnan(run.validation_accuracy).all()
    assert run.train_loss[-1] < 0.5 * run.train_loss[0]


def test_bad_arguments_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="checkpoints must be at least 2"):
        training.train(MOONS, optimizers.get("sgd"), steps=10, checkpoints=1)
    with pytest.raises(ValueError, match="one optimizer setting at a time"):
        training.train(MOONS, optimizers.get("sgd", lr=np.array([[0.1], [0.2]])), steps=10)
    with pytest.raises(ValueError, match="steps must be at least 0"):
        training.train(MOONS, optimizers.get("sgd"), steps=-1)


def _stop_after(calls: int):
    """A stop that says True at its ``calls``-th question, and records the steps it was asked at."""
    asked = []

    def stop(step: int) -> bool:
        asked.append(step)
        return len(asked) >= calls

    return stop, asked


def test_stop_ends_a_training_run_early_with_the_last_step_checkpointed(monkeypatch):
    monkeypatch.setattr(run_module, "STOP_CHECK_SECONDS", 0.0)  # ask at every chance
    stop, asked = _stop_after(5)
    run = training.train(MOONS, optimizers.get("adam", lr=0.02), steps=400, checkpoints=5, stop=stop)
    assert run.stopped_at == asked[-1] == 5
    assert run.checkpoint_steps.tolist() == [0, 5], "the figures end where the run stopped"
    assert np.isfinite(run.step_losses[:5]).all() and np.isnan(run.step_losses[5:]).all()
    assert run.notes[0].startswith("Stopped after step 5 of 400")
    full = training.train(MOONS, optimizers.get("adam", lr=0.02), steps=5, checkpoints=2)
    assert np.array_equal(run.params[-1], full.params[-1]), "the same five steps"


def test_stop_is_asked_inside_an_expensive_step_and_leaves_it_part_way(monkeypatch):
    monkeypatch.setattr(run_module, "STOP_CHECK_SECONDS", 0.0)
    stop, asked = _stop_after(10)
    # Newton's one step is 2 d gradients (d = 114 here): the stop is asked between its Hessian's columns
    run = training.train(MOONS, optimizers.get("newton"), steps=50, checkpoints=3, stop=stop)
    assert asked == [0] * 10 and run.stopped_at == 0
    assert run.checkpoint_steps.tolist() == [0] and np.isnan(run.step_losses).all()
    stop, asked = _stop_after(3)
    searching = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    run = training.train(MOONS, searching, steps=50, checkpoints=3, stop=stop)
    assert run.stopped_at == asked[-1] < 3, "asked before each line-search evaluation too"


def test_an_exception_from_stop_leaves_the_run():
    def gone(step):
        raise KeyboardInterrupt("the visitor left")

    with pytest.raises(KeyboardInterrupt):
        training.train(MOONS, optimizers.get("sgd"), steps=100_000, stop=gone)


def test_module_example_runs():
    assert doctest.testmod(training).failed == 0
