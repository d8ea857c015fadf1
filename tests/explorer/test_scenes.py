"""The explorer's lecture scenes: each phenomenon its caption states, measured with the page's calls."""

import numpy as np
import pytest

import explorer
import optimizers
import scenes
from explorer.settings import sweep_axes
from playground import compute
from scenes.explorer import EXPLORER, HIMMELBLAU_BASINS, NOISE_BALL, RAVINE_PHASE_DIAGRAM


def _parts(scene):
    preset = scene.state
    surface = compute.build_surface(preset.playground)
    lane = preset.playground.lanes[0]
    opt = optimizers.get(lane.optimizer, **lane.hyperparams)
    return preset, surface, opt, tuple(compute.shared_start(preset.playground, surface))


def test_explorer_scenes_are_registered_and_open_the_explorer():
    for scene in (HIMMELBLAU_BASINS, RAVINE_PHASE_DIAGRAM, NOISE_BALL):
        assert scenes.get(scene.id) is scene and scene.page == EXPLORER
        assert scene.state.scene == scene.id


def test_himmelblau_basins_each_drain_about_a_quarter():
    preset, surface, opt, _ = _parts(HIMMELBLAU_BASINS)
    settings = preset.settings
    result = explorer.basin_map(surface, opt, None, 40, preset.playground.steps, settings.tol)
    shares = result.fractions()
    assert set(shares) == {0, 1, 2, 3} and all(0.15 <= v <= 0.35 for v in shares.values())


def test_ravine_phase_diagram_agrees_with_theory():
    preset, surface, opt, start = _parts(RAVINE_PHASE_DIAGRAM)
    axes = sweep_axes(preset.settings, "momentum")
    result = explorer.sweep(surface, opt, start, axes, preset.playground.steps, preset.settings.tol)
    rho, labels = result.theory.spectral_radius, result.grid.labels
    assert (labels[rho < 0.95] >= 0).all() and (labels[rho > 1.02] == explorer.DIVERGED).all()
    i, _ = result.fastest()
    assert abs(np.log(result.values[0][i] / result.theory.optimum["lr"])) < 1.0


@pytest.mark.parametrize("seed_count", [50])
def test_noise_ball_spread_shrinks_with_the_batch(seed_count):
    preset, surface, opt, start = _parts(NOISE_BALL)
    small, large = (
        explorer.ensemble(surface, opt, start, seed_count, batch_size=int(b), steps=preset.playground.steps)
        for b in preset.settings.levels
    )
    assert small.spread > 2 * large.spread
    assert small.fraction_diverged == large.fraction_diverged == 0.0
