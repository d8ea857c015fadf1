"""The Network lab's regularisation and augmentation scenes hold: measured on the runs the lab draws
(``scenes.lab_runs``), at the preset, for four more draws of the data and the weights, and with every learning
rate scaled by 0.8 and 1.25; each scene's link opens its preset with no notice and its caption quotes the
preset's runs. The four scenes share their large network's run (one training per change)."""

import numpy as np
import pytest

import scenes
from scenes import lab_regularisation as reg
from scenes.lab_runs import lab_run, reseeded, with_lr
from ui.network_lab import read_link

# five draws (the preset's and four more), and the learning rate x0.8 and x1.25 on the preset's draw
CHANGES = [("seed", s) for s in range(5)] + [("lr", 0.8), ("lr", 1.25)]


def changed(state, change):
    kind, value = change
    return reseeded(state, value) if kind == "seed" else with_lr(state, value)


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_the_small_network_underfits_and_the_large_one_overfits(change):
    state = changed(reg.CAPACITY_STATE, change)
    small, large = lab_run(state, 0), lab_run(state, 1)
    assert abs(reg.gap(small)) < reg.UNDERFIT_GAP and small.train_loss[-1] > 0.15  # both high, close
    # memorised: a training loss near zero (5e-04 at the preset, 0.07 at seed 6) far below its validation loss
    assert large.train_loss[-1] < 0.1 and reg.gap(large) > reg.OVERFIT_GAP
    assert large.validation_loss[-1] > small.validation_loss[-1]


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_the_validation_loss_turns_up_after_an_early_minimum(change):
    run = lab_run(changed(reg.EARLY_STOPPING_STATE, change), 0)
    assert run.best_step <= reg.STEPS / 2
    assert run.validation_loss[-1] > reg.TURNS_UP * run.validation_loss[run.best_index]
    assert run.train_loss[-1] < run.train_loss[run.best_index]  # the training loss still falls


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_l2_and_dropout_both_lower_the_final_validation_loss_and_l2_shrinks_the_weights(change):
    state = changed(reg.L2_DROPOUT_STATE, change)
    l2, dropout, plain = lab_run(state, 0), lab_run(state, 1), reg.unregularised(state)
    assert l2.validation_loss[-1] < plain.validation_loss[-1]
    assert dropout.validation_loss[-1] < plain.validation_loss[-1]
    assert reg.weight_norm(l2) < reg.SMALLER_WEIGHTS * reg.weight_norm(dropout)


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_jittered_copies_narrow_the_validation_gap(change):
    state = changed(reg.AUGMENT_STATE, change)
    plain, augmented = lab_run(state, 0), lab_run(state, 1)
    assert augmented.validation_loss[-1] < reg.NARROWER * plain.validation_loss[-1]
    assert reg.gap(augmented) < reg.NARROWER * reg.gap(plain)


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_mixup_narrows_the_validation_gap(change):
    state = changed(reg.MIXUP_STATE, change)
    plain, mixed = lab_run(state, 0), lab_run(state, 1)
    assert mixed.validation_loss[-1] < reg.NARROWER * plain.validation_loss[-1]
    assert reg.gap(mixed) < reg.NARROWER * reg.gap(plain)


def test_the_shared_network_is_one_run_and_the_unregularised_twin_is_it():
    assert lab_run(reg.CAPACITY_STATE, 1) is lab_run(reg.EARLY_STOPPING_STATE, 0)
    assert reg.unregularised(reg.L2_DROPOUT_STATE) is lab_run(reg.EARLY_STOPPING_STATE, 0)
    assert lab_run(reg.AUGMENT_STATE, 0) is lab_run(reg.EARLY_STOPPING_STATE, 0)


PRESETS = {
    "underfitting-and-overfitting": reg.CAPACITY_STATE,
    "early-stopping": reg.EARLY_STOPPING_STATE,
    "l2-against-dropout": reg.L2_DROPOUT_STATE,
    "augmentation-narrows-the-gap": reg.AUGMENT_STATE,
    "mixup-blends-pairs-of-points": reg.MIXUP_STATE,
}


@pytest.mark.parametrize("scene_id", PRESETS)
def test_the_link_opens_the_preset(scene_id):
    loaded, notices, opened = read_link({"scene": [scene_id]})
    assert notices == [] and opened == scene_id and loaded == PRESETS[scene_id]
    assert scenes.get(scene_id) in reg.SCENES


def test_the_captions_quote_the_preset_runs():
    small, large = lab_run(reg.CAPACITY_STATE, 0), lab_run(reg.CAPACITY_STATE, 1)
    caption = scenes.get("underfitting-and-overfitting").caption
    assert f"training loss stays at {small.train_loss[-1]:.2f}" in caption
    assert f"validation loss, {small.validation_loss[-1]:.2f}," in caption
    assert f"validation loss ends at {large.validation_loss[-1]:.2f}" in caption
    assert f"the same {reg.train_points(reg.CAPACITY_STATE)} noisy points" in caption
    assert reg.train_points(reg.CAPACITY_STATE) == 70  # "100 noisy moons: 70 training points"

    run = lab_run(reg.EARLY_STOPPING_STATE, 0)
    caption = scenes.get("early-stopping").caption
    assert f"{run.validation_loss[run.best_index]:.3f}, at step {run.best_step}" in caption
    assert f"turns up to {run.validation_loss[-1]:.2f} at step {reg.STEPS}" in caption

    l2, dropout = lab_run(reg.L2_DROPOUT_STATE, 0), lab_run(reg.L2_DROPOUT_STATE, 1)
    caption = scenes.get("l2-against-dropout").caption
    assert f"ends at validation loss {large.validation_loss[-1]:.2f}" in caption
    assert (
        f"it ends at {l2.validation_loss[-1]:.2f}, with dropout 0.5 at {dropout.validation_loss[-1]:.2f}"
        in caption
    )
    assert f"total norm {reg.weight_norm(l2):.0f}, against {reg.weight_norm(dropout):.0f}" in caption

    augmented = lab_run(reg.AUGMENT_STATE, 1)
    caption = scenes.get("augmentation-narrows-the-gap").caption
    assert (
        f"training loss {large.train_loss[-1]:.0e} and validation loss {large.validation_loss[-1]:.2f}"
        in caption
    )
    assert f"it ends at validation loss {augmented.validation_loss[-1]:.2f}" in caption
    assert f"falls from {reg.gap(large):.2f} to {reg.gap(augmented):.2f}" in caption
    assert "4 jittered copies" in caption and "std 0.5" in caption
    assert np.isfinite(augmented.validation_loss[-1])

    mixed = lab_run(reg.MIXUP_STATE, 1)
    caption = scenes.get("mixup-blends-pairs-of-points").caption
    assert f"ends at {mixed.validation_loss[-1]:.2f} against {large.validation_loss[-1]:.2f}" in caption
    assert f"falls from {reg.gap(large):.2f} to {reg.gap(mixed):.2f}" in caption
    assert "4 copies" in caption and "Beta(2, 2)" in caption
