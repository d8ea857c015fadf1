"""The Network lab's scenes hold: measured with the lab's own spec (``training.lab.network_spec``) and the
checklist the lab shows, at the preset, for six seeds and under small changes of width and depth; the
scene's link opens its preset with no notice."""

import dataclasses
import math

import pytest

import scenes
from scenes import lab_runs, network_lab
from training import checklist, lab
from ui.network_lab import read_link

SCENE = "checklist-large-initial-weights"


def _changed(state, seed=0, width=32, layers=network_lab.LARGE_INIT_LAYERS):
    configs = tuple(
        dataclasses.replace(
            c, network=tuple(sorted({**dict(c.network), "width": width, "hidden_layers": layers}.items()))
        )
        for c in state.configs
    )
    return dataclasses.replace(state, configs=configs, seed=seed)


# ten draws, the width and the depth by about a fifth either way (each case trains one step: cheap)
CHANGES = [{"seed": s} for s in range(10)] + [{"width": 26}, {"width": 40}, {"layers": 3}, {"layers": 5}]


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_large_initial_weights_fail_the_first_check_and_the_default_passes(change):
    state = _changed(network_lab.LARGE_INIT_STATE, **change)
    large, fixed = network_lab.initial_checks(state)
    assert large.status == "warn" and "too large" in large.advice
    assert fixed.status == "ok"
    start_large, start_fixed = network_lab.initial_losses(state)
    assert start_large > checklist.FAR_FROM_CHANCE * math.log(2) > start_fixed  # measured 4.8 at the least


def test_the_caption_quotes_the_lab_run_and_the_link_opens_it():
    scene = scenes.get(SCENE)
    loaded, notices, opened = read_link({"scene": [SCENE]})
    assert notices == [] and opened == SCENE and loaded == network_lab.LARGE_INIT_STATE
    large, fixed = network_lab.initial_losses(loaded)
    assert f"starts at {large:.1f}, more than {checklist.FAR_FROM_CHANCE:g} times ln 2" in scene.caption
    assert f"starts at {fixed:.2f} and passes" in scene.caption
    assert lab.network_spec(loaded, 1).init == "kaiming_uniform"  # "the lab's Kaiming weights"
    spec = lab.network_spec(loaded, 0)
    assert spec.activation == "relu"
    assert f"{len(spec.hidden)} ReLU layers of {spec.hidden[0]}" in scene.caption


BN_SCENE = "batch-norm-rescues-bad-init"
# five seeds at the preset, the learning rate x0.8 and x1.25 on seed 0 (each pair of runs takes 1.5 s on
# one BLAS thread, 5-8 s at load 10-20). One layer fewer is not a small change of this claim: at 4 layers
# the plain network no longer diverges, it only starts far above chance (6 layers: measured once, holds).
BN_CHANGES = [{"seed": s} for s in range(5)] + [{"lr": 0.04}, {"lr": 0.0625}]


def _bn_changed(seed=0, lr=0.05, layers=5, width=32):
    state = _changed(network_lab.BATCH_NORM_STATE, seed=seed, width=width, layers=layers)
    configs = tuple(dataclasses.replace(c, hyperparams=(("lr", lr),)) for c in state.configs)
    return dataclasses.replace(state, configs=configs)


@pytest.mark.parametrize("change", BN_CHANGES, ids=str)
def test_batch_norm_trains_the_network_whose_plain_twin_diverges(change):
    state = _bn_changed(**change)
    assert dict(state.configs[1].network)["norm"] == "batch" and "norm" not in dict(state.configs[0].network)
    plain, normalised = network_lab.lab_run(state, 0), network_lab.lab_run(state, 1)
    assert plain.diverged_at is not None and plain.diverged_at < 20
    assert plain.train_loss[0] > 10 * math.log(2)  # far above chance: the weights are too large
    assert normalised.diverged_at is None
    assert normalised.train_loss[-1] < network_lab.FITTED
    assert normalised.validation_accuracy[-1] > 0.95


def test_the_batch_norm_caption_quotes_the_plain_run_and_the_link_opens_it():
    scene = scenes.get(BN_SCENE)
    loaded, notices, opened = read_link({"scene": [BN_SCENE]})
    assert notices == [] and opened == BN_SCENE and loaded == network_lab.BATCH_NORM_STATE
    plain = network_lab.lab_run(loaded, 0)
    assert f"starts at a loss of {plain.train_loss[0]:.0f}" in scene.caption
    assert f"diverges at step {plain.diverged_at}" in scene.caption
    assert f"loss below {network_lab.FITTED:g}" in scene.caption


# --- the deep sigmoid network and the flat loss curve (scenes measured on first read: scenes.lab_runs) ---

LAB_CHANGES = [("seed", s) for s in range(5)] + [("lr", 0.8), ("lr", 1.25)]


def _lab_changed(state, change):
    kind, value = change
    return lab_runs.reseeded(state, value) if kind == "seed" else lab_runs.with_lr(state, value)


@pytest.mark.parametrize("change", LAB_CHANGES, ids=str)
def test_batch_norm_trains_the_deep_sigmoid_network_that_stays_at_chance(change):
    state = _lab_changed(network_lab.DEEP_STATE, change)
    plain, normalised = lab_runs.lab_run(state, 0), lab_runs.lab_run(state, 1)
    assert abs(plain.train_loss[-1] - math.log(2)) < 0.01  # chance
    assert network_lab.first_to_last_gradient(plain) < 1e-2  # the vanished gradient
    assert normalised.train_loss[-1] < network_lab.DEEP_FITTED
    assert normalised.validation_accuracy[-1] > 0.9


@pytest.mark.parametrize("change", LAB_CHANGES, ids=str)
def test_a_far_too_small_rate_fails_the_curve_and_ratio_checks_and_the_fix_passes(change):
    slow, fixed = network_lab.flat_checks(_lab_changed(network_lab.FLAT_STATE, change))
    curve, ratio = (
        network_lab.check_named(slow, "Loss curve"),
        network_lab.check_named(slow, "Update/weight ratio"),
    )
    assert curve.status == "warn" and curve.measured.startswith("flat")
    assert ratio.status == "warn" and "too low" in ratio.advice
    for title in ("Loss curve", "Update/weight ratio"):
        assert network_lab.check_named(fixed, title).status == "ok"


@pytest.mark.parametrize(
    "scene_id, state",
    [
        ("batch-norm-trains-a-deep-sigmoid-net", network_lab.DEEP_STATE),
        ("checklist-flat-loss", network_lab.FLAT_STATE),
    ],
)
def test_the_deep_and_flat_links_open_their_presets(scene_id, state):
    loaded, notices, opened = read_link({"scene": [scene_id]})
    assert notices == [] and opened == scene_id and loaded == state


def test_the_deep_and_flat_captions_quote_their_runs():
    plain, normalised = (lab_runs.lab_run(network_lab.DEEP_STATE, i) for i in (0, 1))
    caption = scenes.get("batch-norm-trains-a-deep-sigmoid-net").caption
    assert f"gradient is {network_lab.first_to_last_gradient(plain):.0e} of the output" in caption
    assert f"training loss is still {plain.train_loss[-1]:.3f}" in caption
    assert f"reach {normalised.train_loss[-1]:.3f} and {normalised.validation_accuracy[-1]:.0%}" in caption
    slow, _ = network_lab.flat_checks()
    caption = scenes.get("checklist-flat-loss").caption
    assert network_lab.check_named(slow, "Update/weight ratio").measured in caption
    assert "loss curve is flat (mean loss" in caption
