"""A tool's many runs stop together: the caller's stop is asked inside and between runs, a True ends the tool
with TimeLimitError (never with a half-run result), and chunks of a sweep carry their own settings."""

from __future__ import annotations

import numpy as np
import pytest

import explorer
import optimizers
import surfaces
from explorer import TimeLimitError, basins
from explorer.halt import Halt

RAVINE_START = (-8.0, 2.0)


class Asked:
    """A stop that records the steps it was asked at and says True from its ``after``-th question on."""

    def __init__(self, after: int):
        self.after, self.steps = after, []

    def __call__(self, step: int) -> bool:
        self.steps.append(step)
        return len(self.steps) >= self.after


@pytest.fixture(scope="module")
def ravine():
    return surfaces.get("ravine", condition_number=10)


def test_a_sweep_larger_than_one_chunk_pairs_every_chunk_with_its_own_settings(ravine, monkeypatch):
    # the link /explorer?tool=sweep&grid=200&cells=80&members=200&ramp=1000&steps=5000 gave "start of shape
    # (799, 2) does not pair with hyperparameter settings of batch shape (6400,)": chunks of 799 starts
    axes = {"lr": explorer.log_grid(1e-3, 0.3, 7), "momentum": np.linspace(0.0, 0.9, 5)}
    whole = explorer.sweep(ravine, optimizers.get("momentum"), RAVINE_START, axes, steps=60)
    monkeypatch.setattr(basins, "CHUNK_FLOATS", 2 * 61 * 4)  # 4 cells a chunk: 35 cells in 9 chunks
    chunked = explorer.sweep(ravine, optimizers.get("momentum"), RAVINE_START, axes, steps=60)
    assert np.array_equal(chunked.grid.final_points, whole.grid.final_points, equal_nan=True)
    assert np.array_equal(chunked.grid.labels, whole.grid.labels)


def test_a_batch_cap_splits_the_runs_without_changing_them(ravine):
    sgd = optimizers.get("sgd", lr=0.05)
    whole = explorer.basin_map(ravine, sgd, resolution=10, steps=50)
    capped = explorer.basin_map(ravine, sgd, resolution=10, steps=50, batch=7)
    assert np.array_equal(capped.grid.final_points, whole.grid.final_points)


def test_the_stop_ends_a_batched_basin_map_early_with_time_limit_error(ravine):
    stop = Asked(after=3)
    with pytest.raises(TimeLimitError):
        explorer.basin_map(ravine, optimizers.get("adam", lr=0.1), resolution=120, steps=20_000, stop=stop)
    assert len(stop.steps) == 3 and max(stop.steps) < 20_000  # asked inside the first run, ended there


def test_the_stop_is_asked_between_ensemble_members_too_short_for_the_loop_to_ask(ravine, monkeypatch):
    import explorer.halt

    # between runs the halt asks every 50 ms; 1,000 one-step members can end sooner on a quiet machine
    monkeypatch.setattr(explorer.halt, "STOP_CHECK_SECONDS", 0.0)
    stop = Asked(after=2)
    with pytest.raises(TimeLimitError):
        # one-step members: the loop never asks inside a run (there is no step after the first)
        explorer.ensemble(ravine, optimizers.get("sgd", lr=0.05), RAVINE_START, 1000, 1.0, steps=1, stop=stop)
    assert stop.steps == [0, 0]  # asked between two runs, and the second True ended the ensemble


def test_an_exception_the_stop_raises_goes_through_unchanged(ravine):
    class VisitorLeftError(Exception):
        pass

    def stop(step):
        raise VisitorLeftError

    with pytest.raises(VisitorLeftError):
        explorer.sweep(
            ravine, optimizers.get("lbfgs"), RAVINE_START, {"lr": np.geomspace(0.01, 1, 2000)}, 50, stop=stop
        )


def test_without_a_stop_nothing_is_asked_and_the_loop_gets_none():
    halt = Halt()
    assert halt.loop_stop is None
    halt.between()  # no stop: returns at once


def test_a_range_test_hands_its_stop_to_the_loop(ravine):
    with pytest.raises(TimeLimitError):
        explorer.lr_range_test(ravine, optimizers.get("sgd"), RAVINE_START, steps=100_000, stop=Asked(1))
