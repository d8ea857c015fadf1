"""The run's trace: the curves at every step (every stride-th beyond 1,000 steps), equal to the checkpoints'
own numbers where both were read, through a divergence and a stop."""

import numpy as np
import pytest

import optimizers
import training
from training import NetworkSpec, cost
from training import run as run_module
from training.run import trace_stride

MOONS = NetworkSpec(
    dataset="two_moons", dataset_params={"n_points": 200, "seed": 1}, hidden=(8, 8), activation="tanh"
)


def test_the_trace_reads_every_step_and_agrees_with_the_checkpoints():
    opt = optimizers.get("momentum", lr=0.05)
    run = training.train(MOONS, opt, steps=60, batch_size=16, seed=3, checkpoints=7, trace=1000)
    trace = run.trace
    assert trace.steps.tolist() == list(range(61))
    assert trace.update_ratio.shape == (61, 3) and np.isnan(trace.update_ratio[0]).all()
    at = np.searchsorted(trace.steps, run.checkpoint_steps)
    for name in ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy"):
        np.testing.assert_allclose(getattr(trace, name)[at], getattr(run, name), rtol=1e-12, err_msg=name)
    np.testing.assert_allclose(trace.update_ratio[at[1:]], run.update_ratio[1:], rtol=1e-12)


def test_a_long_run_is_traced_at_about_the_asked_points_with_its_last_step():
    assert [trace_stride(n) for n in (1, 1000, 1001, 5000)] == [1, 1, 2, 5]
    run = training.train(MOONS, optimizers.get("sgd", lr=0.1), steps=25, checkpoints=2, trace=10)
    assert run.trace.steps.tolist() == [0, 3, 6, 9, 12, 15, 18, 21, 24, 25]
    assert training.train(MOONS, optimizers.get("sgd", lr=0.1), steps=5, checkpoints=2).trace is None


def test_a_diverged_or_stopped_run_is_traced_to_where_it_ended(monkeypatch):
    wild = training.train(MOONS, optimizers.get("sgd", lr=1e9), steps=100, checkpoints=2, trace=1000)
    assert wild.diverged_at is not None
    assert wild.trace.steps[-1] == wild.diverged_at - 1
    assert np.isfinite(wild.trace.train_loss).all()
    monkeypatch.setattr(run_module, "STOP_CHECK_SECONDS", 0.0)  # ask at every chance
    stopped = training.train(
        MOONS, optimizers.get("sgd", lr=0.1), steps=40, checkpoints=2, trace=7, stop=lambda done: done >= 5
    )
    assert stopped.stopped_at == 5 and stopped.trace.steps.tolist() == [0, 5]


def test_the_trace_is_priced_per_traced_step_and_never_more_for_a_shorter_run():
    one = cost.trace_seconds(MOONS, 1) / 2  # steps 0 and 1
    assert cost.trace_seconds(MOONS, 100) == pytest.approx(101 * one)
    assert cost.trace_seconds(MOONS, 1000) == pytest.approx(1001 * one)
    assert cost.trace_seconds(MOONS, 5000) == pytest.approx(1001 * one)  # every fifth step: 1,001 of them
    prices = [cost.trace_seconds(MOONS, n) for n in range(1, 3000, 7)]
    assert prices == sorted(prices), "a run cut to fewer steps is priced no higher"
    wide = NetworkSpec(**{**MOONS.__dict__, "hidden": (32,) * 6})
    assert cost.trace_seconds(wide, 100) > cost.trace_seconds(MOONS, 100)


def test_the_diagram_is_priced_per_checkpoint():
    assert cost.diagram_seconds(MOONS, 500, 101) == pytest.approx(
        101 / 11 * cost.diagram_seconds(MOONS, 500, 11)
    )
    wide = NetworkSpec(**{**MOONS.__dict__, "hidden": (32,) * 6})
    assert cost.diagram_seconds(wide, 500, 101) > cost.diagram_seconds(MOONS, 500, 101)
