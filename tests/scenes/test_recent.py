"""The scenes of sign methods, Schedule-Free SGD and Prodigy show what their captions say, robustly: the
preset, a moved start, lr x0.8 and x1.25, and other noise seeds where there is noise."""

import dataclasses

import numpy as np
import pytest

import optimizers
import scenes
from scenes import recent
from tests.scenes.helpers import (
    distances,
    measures,
    run_perturbed,
    run_scene,
    run_state,
    spread,
    steps_to_tolerance,
    under_changes,
)

FACTORS = (0.8, 1.0, 1.25)


def _variant(scene_id, factor=1.0, start=None, seed=None):
    state = scenes.get(scene_id).state
    lanes = tuple(
        dataclasses.replace(
            lane,
            hyperparams={**lane.hyperparams, "lr": lane.hyperparams["lr"] * factor},
            seed=lane.seed if seed is None else seed,
        )
        for lane in state.lanes
    )
    return run_state(
        dataclasses.replace(state, lanes=lanes, start=start if start is not None else state.start)
    )


@measures("sign-methods-move-on-diagonals")
@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("start", [None, (-7.0, 2.5), (-9.0, 1.5), (-8.0, 1.0), (-8.0, 3.0)])
def test_lion_and_rprop_move_on_diagonals_and_sgd_does_not(factor, start):
    lion, rprop, sgd = _variant("sign-methods-move-on-diagonals", factor, start).lanes
    lr = 0.05 * factor
    lion_steps = np.abs(np.diff(lion.positions, axis=0))
    np.testing.assert_allclose(lion_steps, lr, rtol=1e-9)  # every step: exactly lr along both axes
    rprop_steps = np.abs(np.diff(rprop.positions, axis=0))
    signs = np.sign(np.diff(rprop.positions, axis=0))
    first_flip = int(np.flatnonzero((signs[1:] != signs[:-1]).any(axis=1))[0]) + 1
    assert first_flip >= 8
    np.testing.assert_allclose(rprop_steps[:first_flip, 0], rprop_steps[:first_flip, 1], rtol=1e-12)
    np.testing.assert_allclose(
        rprop_steps[1:first_flip, 0] / rprop_steps[: first_flip - 1, 0], 1.2, rtol=1e-9
    )
    dx, dy = np.abs(np.diff(sgd.positions[:2], axis=0))[0]
    assert dy / dx > 1.1  # the gradient's direction, steeper than a diagonal (1.25 to 3.75)
    start_x, start_y = sgd.positions[0]
    x10, y10 = sgd.positions[10]
    assert abs(y10) < 0.01 * abs(start_y) and abs(x10) > abs(start_x) / 3  # on the floor, far to go
    assert rprop.diverged_at is None and lion.diverged_at is None


def test_rprop_then_settles_on_the_minimum():
    _, rprop, _ = run_scene("sign-methods-move-on-diagonals").lanes
    assert distances(rprop.positions[-1:], (0.0, 0.0))[0] < 1e-4


@measures("schedule-free-needs-no-schedule")
@pytest.mark.parametrize("factor", FACTORS)
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("start", [None, (-7.0, 2.5)])
def test_schedule_free_scatters_less_than_sgd_at_the_same_constant_lr(factor, seed, start):
    sgd, free = _variant("schedule-free-needs-no-schedule", factor, start, seed).lanes
    tail = slice(-300, None)
    assert spread(free.positions[tail]) < 0.7 * spread(sgd.positions[tail])


def test_schedule_free_scene_draws_the_gradient_point_and_records_the_average():
    _, free = run_scene("schedule-free-needs-no-schedule").lanes
    x, z = free.states["averaged_point"], free.states["base_point"]
    np.testing.assert_allclose(free.positions[1:], 0.1 * z + 0.9 * x, rtol=1e-9, atol=1e-12)


@under_changes("prodigy-finds-its-learning-rate")
def test_prodigy_grows_its_learning_rate_and_settles_where_adam_at_its_default_crawls(change):
    run = run_perturbed("prodigy-finds-its-learning-rate", change)
    prodigy, adam = run.lanes
    d = prodigy.states["lr_estimate"]
    assert d[49] > recent.PRODIGY_GROWTH * 1e-6  # measured 1.0e6 to 1.8e6 times d0
    assert np.all(np.diff(d) >= 0) and d[-1] < 1.1 * d[49]  # grows, then levels off
    minimum = run.surface.minima[0]
    distance = distances(prodigy.positions, minimum)
    arrived = int(np.argmax(distance < 1.0))
    assert arrived > 0 and distance[arrived:].max() > 1.5  # swings past it again (measured 2.0-6.3 out)
    # "several times": swings across x* reaching more than 1 (5 % of the window's width) beyond it, after the
    # first crossing (measured 6 to 8)
    offset = prodigy.positions[:, 0] - minimum[0]
    crossings = np.flatnonzero(np.sign(offset[1:]) * np.sign(offset[:-1]) < 0) + 1
    swings = [np.abs(part).max() for part in np.split(offset, crossings)[1:] if part.size]
    assert sum(swing > 1.0 for swing in swings) >= 4
    settled = steps_to_tolerance(prodigy.positions, minimum, 0.01)
    assert settled is not None and settled <= recent.PRODIGY_SETTLES  # measured 134-139
    assert distances(adam.positions[-1:], adam.positions[0])[0] < 1.0  # measured 0.33-0.52
    assert prodigy.diverged_at is None
    caption = scenes.get("prodigy-finds-its-learning-rate").caption
    assert f"{recent.PRODIGY_GROWTH:,}-fold" in caption and f"under {recent.PRODIGY_SETTLES} steps" in caption
    d0 = next(p.default for p in optimizers.spec("prodigy").params if p.name == "d0")
    assert d0 == 1e-6 and "one millionth" in caption
