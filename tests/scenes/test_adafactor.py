"""The Adafactor scene: relative steps, so a start ten times closer to the origin walks the same path shrunk
tenfold; from moved starts and with lr x0.8 and x1.25."""

import dataclasses

import numpy as np
import pytest

import optimizers
import scenes
from scenes.adafactor import CLOSER, FAR, LR, STEPS
from tests.scenes.helpers import measures, run_state


def _variant(factor, far):
    state = scenes.get("adafactor-relative-steps").state
    near = (far[0] / CLOSER, far[1] / CLOSER)
    lanes = tuple(
        dataclasses.replace(lane, hyperparams={"lr": LR * factor}, start=far if i == 0 else near)
        for i, lane in enumerate(state.lanes)
    )
    return run_state(dataclasses.replace(state, lanes=lanes))


@measures("adafactor-relative-steps")
@pytest.mark.parametrize("factor", (0.8, 1.0, 1.25))
@pytest.mark.parametrize("far", [FAR, (-7.4, 1.4), (-8.6, 2.6)])
def test_adafactor_steps_are_relative_to_the_parameters(factor, far):
    far_run, near_run = _variant(factor, far).lanes
    np.testing.assert_allclose(near_run.positions * CLOSER, far_run.positions, rtol=1e-9, atol=1e-12)
    steps = np.linalg.norm(np.diff(far_run.positions, axis=0), axis=-1)
    t = np.arange(1, STEPS + 1)
    rho = np.minimum(LR * factor, 1 / np.sqrt(t))
    assert np.all(steps <= rho * np.linalg.norm(far_run.positions[:-1], axis=-1) * (1 + 1e-12))
    assert far_run.diverged_at is None and near_run.diverged_at is None


def test_adafactor_is_not_factorised_on_one_point_its_second_moment_is_per_coordinate():
    opt = optimizers.get("adafactor", lr=LR)
    state = opt.init(np.array(FAR))
    assert state.variance.shape == (2,)
    g = np.array([3.0, -0.5])
    _, state = opt.update(g, state, np.array(FAR), lr=LR)
    np.testing.assert_array_equal(state.variance, g * g)  # step 1: beta2_hat = 1 - 1**c = 0
    assert "not factorised" in optimizers.spec("adafactor").description
