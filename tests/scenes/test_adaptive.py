"""AdaGrad slows, RMSprop forgets (and is thrown out again), Adam corrects its bias: measured."""

import dataclasses

import numpy as np

import optimizers
import scenes
from scenes import adaptive
from scenes.scene import update_row
from tests.scenes.helpers import (
    PRESET,
    distances,
    perturb,
    run_perturbed,
    run_state,
    sign_changes,
    steps_to_tolerance,
    under_changes,
)


@under_changes("adagrad-stalls")
def test_adagrad_slows_down_without_stopping(change):
    run = run_perturbed("adagrad-stalls", change)
    (adagrad,) = run.lanes
    effective = adagrad.effective_lr  # (steps, 2): lr / (sqrt(cache) + eps) per axis
    assert np.all(np.diff(effective, axis=0) <= 0)  # never rises on either axis
    assert sign_changes(adagrad.positions[:, 1]) == 0  # heads for the minimum without zigzagging
    lr = scenes.get("adagrad-stalls").state.lanes[0].hyperparams["lr"] * change.lr_factor
    np.testing.assert_allclose(np.abs(adagrad.updates[0]), [lr, lr], rtol=1e-6)  # equalised first step
    distance = distances(adagrad.positions, run.surface.minima[0])
    gains = -np.diff(distance[::100])  # progress of each hundred steps
    assert np.all(np.diff(gains) < 0)  # each hundred gains less than the hundred before...
    assert gains[-1] > 0.05  # ...but it has not stopped (measured 0.12 to 0.16)
    assert distance[-1] > distance[0] / 3  # "covered less than two thirds of its way" (measured 0.49-0.72)


def _excursions(distance, settled: float, out: float) -> list[int]:
    """Steps at which the path, after being within ``settled``, first leaves by more than ``out``."""
    starts, inside = [], False
    for step, d in enumerate(distance):
        if d < settled:
            inside = True
        elif inside and d > out:
            starts.append(step)
            inside = False
    return starts


@under_changes("rmsprop-fixes-adagrad")
def test_rmsprop_reaches_the_minimum_where_adagrad_crawls_then_is_thrown_out(change):
    run = run_perturbed("rmsprop-fixes-adagrad", change)
    adagrad, rmsprop = run.lanes
    minimum = run.surface.minima[0]
    lr = scenes.get("rmsprop-fixes-adagrad").state.lanes[1].hyperparams["lr"] * change.lr_factor
    # no bias correction: v_1 = (1 - alpha) g^2, so the first step is lr / sqrt(1 - alpha) = 10 lr per axis
    np.testing.assert_allclose(np.abs(rmsprop.updates[0]), adaptive.RMSPROP_FIRST_STEP * lr, rtol=1e-6)
    distance = distances(rmsprop.positions, minimum)
    arrived = int(np.argmax(distance < 0.01))
    assert 0 < arrived < 400  # "a few hundred steps" (measured 193-321)
    # "when AdaGrad is still more than 4 away" (measured 5.6-7.6 at RMSprop's arrival)
    assert distances(adagrad.positions[arrived : arrived + 1], minimum)[0] > 4
    kicks = _excursions(distance, settled=0.01, out=0.1)
    assert len(kicks) >= 2, kicks  # thrown back out, again and again
    assert kicks[0] - arrived > 300  # after several hundred quiet steps (measured 344-798)


def test_rmsprop_is_thrown_out_with_or_without_eps():
    # The instability comes from lr / sqrt(v) growing as v forgets, not from eps: without eps it is the same.
    state = scenes.get("rmsprop-fixes-adagrad").state
    lanes = list(state.lanes)
    lanes[1] = dataclasses.replace(lanes[1], hyperparams={**lanes[1].hyperparams, "eps": 0.0})
    no_eps = run_state(dataclasses.replace(state, lanes=tuple(lanes), scene=None)).lanes[1]
    with_eps = run_perturbed("rmsprop-fixes-adagrad", PRESET).lanes[1]
    minimum = run_perturbed("rmsprop-fixes-adagrad", PRESET).surface.minima[0]
    kicks = [_excursions(distances(t.positions, minimum), 0.01, 0.1) for t in (with_eps, no_eps)]
    assert kicks[0] and kicks[1] and abs(kicks[0][0] - kicks[1][0]) <= 5, kicks


@under_changes("adam-combines")
def test_adam_first_steps_have_the_size_bias_correction_predicts(change):
    state = perturb(scenes.get("adam-combines").state, change)
    momentum, rmsprop, adam = run_perturbed("adam-combines", change).lanes
    lr = state.lanes[2].hyperparams["lr"]
    beta1, beta2 = adaptive.ADAM_BETAS
    # step 1: m_hat = g, v_hat = g^2, so the step is lr per coordinate whatever the gradient
    np.testing.assert_allclose(np.abs(adam.updates[0]), [lr, lr], rtol=1e-6)
    assert np.sqrt(10) - 0.01 < adaptive.ADAM_UNCORRECTED_FIRST_STEP < np.sqrt(10) + 0.01  # 0.1 / sqrt(0.001)
    assert f"{adaptive.ADAM_UNCORRECTED_FIRST_STEP:.3g} times" in scenes.get("adam-combines").caption
    np.testing.assert_allclose(np.abs(adam.updates[:3]), lr, rtol=0.01)  # the first steps stay at about lr
    m = v = np.zeros(2)
    for t in range(1, 11):  # the prediction from the gradients the run used, step by step
        g = adam.grads[t - 1]
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        predicted = -lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + 1e-8)
        np.testing.assert_allclose(adam.updates[t - 1], predicted, rtol=1e-9, atol=1e-15)
    assert abs(momentum.updates[0, 1]) > 10 * abs(momentum.updates[0, 0])  # momentum starts across the valley
    assert np.all(np.isfinite(rmsprop.positions))


@under_changes("adam-combines")
def test_adam_is_the_slowest_lane_because_its_steps_are_capped_and_shrink(change):
    run = run_perturbed("adam-combines", change)
    lr = adaptive.ADAPTIVE_LR * change.lr_factor
    minimum = run.surface.minima[0]
    settled = {
        name: steps_to_tolerance(t.positions, minimum, 0.05) or len(t.positions)  # not at all: the whole run
        for name, t in zip(("momentum", "rmsprop", "adam"), run.lanes, strict=True)
    }
    assert settled["momentum"] < settled["rmsprop"] < settled["adam"], settled  # measured 97, 210, 389
    momentum, _, adam = run.lanes
    assert np.abs(adam.updates).max() <= 1.001 * lr  # never longer than lr along an axis
    assert np.abs(np.diff(momentum.positions[:, 0])).max() > 5 * lr  # measured 13.5-15.6 lr
    beta2 = adaptive.ADAM_BETAS[1]
    steps = np.arange(1, len(adam.updates) + 1)
    v_hat = adam.states["second_moment"][:, 0] / (1 - beta2**steps)
    late = slice(-100, None)  # v_hat still holds the early gradients along the floor (measured 5.5-58 times)
    assert np.all(np.sqrt(v_hat[late]) > 3 * np.abs(adam.grads[late, 0]))
    assert np.abs(adam.updates[late, 0]).mean() < 0.2 * lr  # so the steps shrank (measured 0.008-0.13 lr)
    if change == PRESET:
        assert settled == adaptive.ADAM_SETTLES
        fastest = np.abs(np.diff(momentum.positions[:, 0])).max()
        assert round(fastest, 2) == adaptive.MOMENTUM_TOP_SPEED
        caption = scenes.get("adam-combines").caption
        assert f"about {adaptive.ADAM_MEMORY:,} steps" in caption and adaptive.ADAM_MEMORY == 1000


def test_adams_rules_are_the_optimizers_own_and_other_scenes_quote_its_step():
    assert adaptive.ADAM_COMBINES.rules == optimizers.spec("adam").latex
    step = update_row("adam")
    assert step.startswith(r"\theta_t &= \theta_{t-1}") and r"\hat v_t" in step
    assert step in scenes.get("newton-and-lbfgs").rules
