"""Zero-centring, feature scaling, mini-batch noise and weight decay on the regression data: measured."""

import dataclasses
import itertools

import numpy as np
import pytest

import scenes
import surfaces
from scenes import centring, data
from surfaces.theory import quadratic_theory
from tests.scenes.helpers import (
    PRESET,
    SEEDS,
    distances,
    measures,
    perturb,
    perturbations,
    run_perturbed,
    run_state,
    spread,
    steps_to_tolerance,
    under_changes,
)


@under_changes("zero-centring")
def test_all_positive_inputs_make_every_step_go_up_up_or_down_down(change):
    state = perturb(scenes.get("zero-centring").state, change)
    run = run_perturbed("zero-centring", change)
    (sgd,) = run.lanes
    raw = run.surface.data.features
    assert centring.same_sign_fraction(raw) > 0.9  # measured 0.97
    updates = sgd.updates
    assert np.mean(np.sign(updates[:, 0]) == np.sign(updates[:, 1])) > 0.9  # the run's steps, too
    minimum, start = run.surface.minima[0], sgd.positions[0]
    assert np.sign(minimum[0] - start[0]) != np.sign(minimum[1] - start[1])  # one weight up, one down
    centred_state = dataclasses.replace(state, surface_params={**state.surface_params, "center": True})
    centred_run = run_state(centred_state)
    (centred,) = centred_run.lanes
    assert centring.same_sign_fraction(centred_run.surface.data.features) < 0.6  # measured 0.49
    # the run's steps: measured 0.43 at seed 0, up to 0.62 over 20 data seeds (raw: above 0.9 on all)
    assert np.mean(np.sign(centred.updates[:, 0]) == np.sign(centred.updates[:, 1])) < 0.7


@pytest.mark.parametrize("seed", range(6))
def test_centring_and_scaling_each_help_and_both_help_most(seed):
    kappas = {
        name: quadratic_theory(surfaces.get("linear_regression", seed=seed, **params)).condition_number
        for name, params in centring.PREPROCESSING.items()
    }
    assert kappas["raw"] > kappas["centred only"] > kappas["scaled only"] > kappas["standardized"]
    assert kappas["standardized"] < 1.5
    if seed == 0:  # the caption's figures are this data set's
        expected = {"raw": 90, "centred only": 17, "scaled only": 11.7, "standardized": 1.1}
        for name, value in expected.items():
            assert kappas[name] == pytest.approx(value, rel=0.02), name
            assert centring.FACTS[name][1] == kappas[name]
        caption = scenes.get("zero-centring").caption
        assert "97%" in caption and "49%" in caption


def test_standardize_is_centring_and_scaling_together():
    both = surfaces.get("linear_regression", center=True, scale=True)
    standardized = surfaces.get("linear_regression", standardize=True)
    np.testing.assert_allclose(both.data.features, standardized.data.features)
    np.testing.assert_allclose(both.minima, standardized.minima)
    centred = surfaces.get("linear_regression", center=True).data.features
    np.testing.assert_allclose(centred.mean(axis=0), 0, atol=1e-12)
    scaled = surfaces.get("linear_regression", scale=True).data.features
    np.testing.assert_allclose(scaled.std(axis=0), 1)
    assert np.all(scaled.mean(axis=0) > 1)  # scaled, not centred: still far from zero mean


@measures("feature-scaling", "feature-scaling-standardized")
@pytest.mark.parametrize("change", perturbations("feature-scaling"), ids=str)
def test_standardized_features_turn_the_ravine_into_a_round_bowl(change):
    raw = run_perturbed("feature-scaling", change)
    standardized = run_perturbed("feature-scaling-standardized", change)
    raw_theory, std_theory = quadratic_theory(raw.surface), quadratic_theory(standardized.surface)
    assert raw_theory.condition_number > 50  # measured 76-90 over the seeds
    assert std_theory.condition_number < 1.5  # measured 1.11-1.41
    (raw_small, raw_large), (std_small, std_large) = raw.lanes, standardized.lanes
    raw_steps = steps_to_tolerance(raw_small.positions, raw.surface.minima[0], 0.01)
    std_steps = steps_to_tolerance(std_small.positions, standardized.surface.minima[0], 0.01)
    # "hundreds of steps" (measured 290-365, or not in 400; 230 at the least with lr x1.25 and other seeds)
    assert raw_steps is None or raw_steps > 200
    assert std_steps is not None
    if raw_steps is not None:  # "in a third of the steps it needed before" (measured 0.29-0.35)
        assert 0.25 < std_steps / raw_steps < 0.45
    assert raw_large.diverged_at is not None and raw_large.diverged_at <= 10  # "within a few steps"
    large_steps = steps_to_tolerance(std_large.positions, standardized.surface.minima[0], 0.01)
    assert large_steps is not None and 5 <= large_steps <= 15  # "in about ten" (measured 7-13)


def test_feature_scaling_captions_quote_their_surfaces():
    raw = quadratic_theory(run_perturbed("feature-scaling", PRESET).surface)
    std = quadratic_theory(run_perturbed("feature-scaling-standardized", PRESET).surface)
    caption = scenes.get("feature-scaling").caption
    assert f"condition number {raw.condition_number:.0f}" in caption
    assert f"0.05, {0.05 / raw.stability_lr:.0%} of the stability limit" in caption
    assert 0.7 < 0.05 / raw.stability_lr < 0.8  # three quarters of the limit, not "just under" it
    assert (
        f"condition number {std.condition_number:.2g}" in scenes.get("feature-scaling-standardized").caption
    )


def test_feature_scaling_scene_pair_differs_only_in_standardization():
    raw = scenes.get("feature-scaling").state
    standardized = scenes.get("feature-scaling-standardized").state
    assert not raw.surface_params.get("standardize", False)
    assert standardized.surface_params == {**raw.surface_params, **data.ROUND_BOWL}
    assert dataclasses.replace(standardized, surface_params=raw.surface_params, scene=raw.scene) == raw


@under_changes("minibatch-noise")
def test_smaller_batches_and_larger_rates_hover_in_a_larger_noise_ball(change):
    fast, slow = run_perturbed("minibatch-noise", change).lanes
    tail = 200
    assert spread(slow.positions[-tail:]) < 0.5 * spread(fast.positions[-tail:])  # measured 0.074 vs 0.224


@pytest.mark.parametrize("seed", range(6))
def test_the_noise_ball_shrinks_as_the_batch_grows(seed):
    scene = scenes.get("minibatch-noise")
    tail, spreads = 200, {}
    for batch_size in (1, 2, 8, 32, 0):
        params = {**scene.state.surface_params, "batch_size": batch_size, "seed": seed}
        state = dataclasses.replace(scene.state, surface_params=params, lanes=scene.state.lanes[:1])
        spreads[batch_size] = spread(run_state(state).lanes[0].positions[-tail:])
    noisy = [spreads[b] for b in (1, 2, 8, 32)]  # measured: 0.38, 0.22, 0.11, 0.048 (seed 0)
    # "shrinks as the batch grows": 1.68 to 2.5 times a step at seeds 0-5, 1.27 from 1 to 2 at seed 8
    assert all(a > 1.15 * b for a, b in itertools.pairwise(noisy)), spreads
    assert spreads[0] < 1e-6  # full batch: no noise ball at all
    if seed == 0:
        fast = run_perturbed("minibatch-noise", PRESET).lanes[0]
        assert spreads[data.MINIBATCH_BATCH_SIZE] == pytest.approx(spread(fast.positions[-tail:]))


@pytest.mark.parametrize(("fraction", "diverges"), [(0.6, False), (data.MINIBATCH_DIVERGES, True)])
def test_mini_batches_diverge_well_below_the_full_batch_limit(fraction, diverges):
    # the full-batch limit holds, yet batches of 2 diverge at 80 % of it (within 232 steps), not at 60 %
    scene = scenes.get("minibatch-noise")
    assert f"diverges at {data.MINIBATCH_DIVERGES:.0%} of it" in scene.caption
    for seed in range(6):
        params = {**scene.state.surface_params, "seed": seed}
        limit = quadratic_theory(surfaces.get("linear_regression", **params)).stability_lr
        lane = dataclasses.replace(scene.state.lanes[0], hyperparams={"lr": fraction * limit})
        trial = dataclasses.replace(scene.state, surface_params=params, lanes=(lane,), steps=1000, scene=None)
        assert (run_state(trial).lanes[0].diverged_at is not None) == diverges, seed


def _regularized_minimum(theory, decay):
    """The minimum of f + decay / 2 |w|^2 on a quadratic: (H + decay I)^-1 H w*."""
    return np.linalg.solve(theory.hessian + decay * np.eye(2), theory.hessian @ theory.minimum)


@under_changes("weight-decay")
def test_weight_decay_pulls_the_minimum_in_and_adamw_is_not_adam_with_l2(change):
    run = run_perturbed("weight-decay", change)
    sgd, sgd_l2, adam_l2, adamw = run.lanes
    theory = quadratic_theory(run.surface)
    regularized = _regularized_minimum(theory, data.WEIGHT_DECAY)
    assert np.linalg.norm(regularized) < 0.8 * np.linalg.norm(theory.minimum)
    assert np.all(np.abs(theory.minimum) < 1 / data.WEIGHT_DECAY)  # every coordinate below 1 / lambda
    assert distances(sgd.positions[-1:], theory.minimum)[0] < 1e-6
    assert distances(sgd_l2.positions[-1:], regularized)[0] < 1e-6
    assert distances(adam_l2.positions[-1:], regularized)[0] < 1e-3  # coupled L2: the same minimum
    # AdamW stops at neither minimum after 600 steps (measured 0.25-0.29 and 0.28-0.33 away)
    assert distances(adamw.positions[-1:], regularized)[0] > 0.1
    assert distances(adamw.positions[-1:], theory.minimum)[0] > 0.1


@pytest.mark.parametrize("change", [PRESET, *SEEDS[:5]], ids=str)  # 5,000 steps each: six draws
def test_adamw_drifts_towards_the_unregularized_minimum_the_longer_it_runs(change):
    state = perturb(scenes.get("weight-decay").state, change)
    adamw_only = dataclasses.replace(state, lanes=state.lanes[3:], steps=5000)
    run = run_state(adamw_only)
    theory = quadratic_theory(run.surface)
    gaps = distances(run.lanes[0].positions[[600, 2000, 5000]], theory.minimum)
    assert gaps[0] > gaps[1] > gaps[2], gaps  # measured 0.30, 0.17, 0.057 (preset)
    assert (
        gaps[2] < distances(run.lanes[0].positions[-1:], _regularized_minimum(theory, data.WEIGHT_DECAY))[0]
    )
