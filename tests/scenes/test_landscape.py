"""Saddles, minima of equal depth and minima of different depth, measured under small changes."""

import dataclasses

import numpy as np
import pytest

import scenes
from scenes import landscape
from tests.scenes.helpers import (
    LR_LARGER,
    LR_SMALLER,
    PRESET,
    SEEDS,
    distances,
    measures,
    perturb,
    run_perturbed,
    run_state,
    under_changes,
)

# The saddle scene starts a hair off the ridge y = 0: "moved a little" is along the ridge, or a hair
# ten times larger or smaller (moving it 0.2 off the ridge is another scene: no lingering at all).
SADDLE_STARTS = {
    "along the ridge +": (landscape.RIDGE_START[0] + 0.2, landscape.RIDGE_START[1]),
    "along the ridge -": (landscape.RIDGE_START[0] - 0.2, landscape.RIDGE_START[1]),
    "ten times the hair": (landscape.RIDGE_START[0], 10 * landscape.RIDGE_START[1]),
    "a tenth of the hair": (landscape.RIDGE_START[0], 0.1 * landscape.RIDGE_START[1]),
}


def _saddle_run(name):
    state = scenes.get("saddle-escape").state
    if name in SADDLE_STARTS:
        return run_state(dataclasses.replace(state, start=SADDLE_STARTS[name], scene=None))
    change = {str(p): p for p in (PRESET, LR_SMALLER, LR_LARGER, *SEEDS)}[name]
    return run_perturbed("saddle-escape", change)


@measures("saddle-escape")
@pytest.mark.parametrize("name", ["preset", "lr x0.8", "lr x1.25", "seed +1", "seed +2", *SADDLE_STARTS])
def test_gradient_descent_lingers_at_the_saddle_and_noise_or_momentum_escape(name):
    run = _saddle_run(name)
    near = [int(np.count_nonzero(distances(t.positions, np.zeros(2)) < 0.5)) for t in run.lanes]
    assert near[0] > 2 * near[1] and near[0] > 2 * near[2], near  # measured 123, 47, 28 (preset)
    for trajectory in run.lanes:  # all escape in the end and settle in a valley
        end = trajectory.positions[-20:].mean(axis=0)
        assert np.min(distances(run.surface.minima, end)) < 0.2


def test_the_saddle_growth_factor_in_the_caption_is_the_linearised_one():
    # near (0, 0), f_y = -2y + y^3, so one step multiplies y by 1 + 2 lr: the caption's factor
    (plain, _, _) = run_perturbed("saddle-escape", PRESET).lanes
    ratios = plain.positions[1:40, 1] / plain.positions[:39, 1]
    np.testing.assert_allclose(ratios, 1 + 2 * landscape.SADDLE_LR, rtol=1e-6)
    assert f"{1 + 2 * landscape.SADDLE_LR:g}$ per step" in scenes.get("saddle-escape").caption


@under_changes("local-minima")
def test_the_start_point_decides_which_minimum_is_reached(change):
    run = run_perturbed("local-minima", change)
    starts = [t.positions[0] for t in run.lanes]
    assert max(np.linalg.norm(a - b) for a in starts for b in starts) <= landscape.HIMMELBLAU_SPREAD + 1e-9
    reached = []
    for trajectory in run.lanes:
        gaps = distances(run.surface.minima, trajectory.positions[-1])
        assert gaps.min() < 1e-3
        reached.append(int(np.argmin(gaps)))
    assert len(set(reached)) == 4, reached
    values = run.surface.value(run.surface.minima)
    assert np.ptp(values) < 1e-9  # Himmelblau's four minima have equal depth


@under_changes("bad-local-minimum")
def test_the_start_decides_how_good_the_minimum_is(change):
    run = run_perturbed("bad-local-minimum", change)
    depths = run.surface.value(run.surface.minima)
    np.testing.assert_allclose(depths, landscape.TANG_DEPTHS)
    ends = []
    for trajectory in run.lanes:
        end = trajectory.positions[-1]
        assert np.min(distances(run.surface.minima, end)) < 1e-3
        assert np.linalg.norm(run.surface.grad(end)) < 1e-3  # converged: the gradient says nothing is left
        ends.append(float(run.surface.value(end)))
    np.testing.assert_allclose(sorted(ends), sorted(depths), atol=1e-6)  # four flat ends, three heights
    assert max(ends) - min(ends) == pytest.approx(landscape.TANG_DEPTHS[-1] - landscape.TANG_DEPTHS[0])
    state = perturb(scenes.get("bad-local-minimum").state, change)
    lanes = {lane.hyperparams["lr"] for lane in state.lanes}
    assert len(lanes) == 1  # the same learning rate everywhere: only the start differs


def test_bad_local_minimum_caption_quotes_the_depths_of_the_surface():
    caption = scenes.get("bad-local-minimum").caption
    for depth in (landscape.TANG_DEPTHS[0], landscape.TANG_DEPTHS[1], landscape.TANG_DEPTHS[-1]):
        assert f"{depth:.1f}" in caption
    assert f"{landscape.TANG_DEPTHS[-1] - landscape.TANG_DEPTHS[0]:.1f} above the best" in caption
