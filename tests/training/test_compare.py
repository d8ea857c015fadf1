"""Compare mode's words: headings that name every setting that differs, a verdict computed from the runs."""

from types import SimpleNamespace

import numpy as np

from training import compare, lab, lab_files


def state_of(name):
    state, notices = lab.from_query(lab_files.PRESETS[name])
    assert notices == []
    return state


def test_two_adam_runs_are_told_apart_by_their_dropout():
    state = state_of("Dropout or not (tanh, 3 x 16)")
    assert compare.heading(state, 0) == "Configuration 1: Adam, dropout 0"
    assert compare.heading(state, 1) == "Configuration 2: Adam, dropout 0.5"


def test_different_optimizers_name_their_shared_hyperparameters_only():
    state = state_of("SGD or Adam")
    assert compare.heading(state, 0) == "Configuration 1: SGD, lr 0.1"
    assert compare.heading(state, 1) == "Configuration 2: Adam, lr 0.01"  # not betas, which SGD lacks


def test_initialisation_names_the_scheme():
    state = state_of("Xavier or Kaiming with ReLU (6 layers, SGD)")
    assert compare.heading(state, 0) == "Configuration 1: SGD, init xavier_normal"
    assert compare.heading(state, 1) == "Configuration 2: SGD, init kaiming_normal"


def test_one_configuration_has_only_its_optimizer():
    assert compare.heading(lab.LabState(), 0) == "Configuration 1: Adam"


def fake(validation, best_index, diverged_at=None):
    validation = np.asarray(validation, dtype=float)
    return SimpleNamespace(
        validation_loss=validation,
        best_index=best_index,
        best_step=10 * best_index,
        diverged_at=diverged_at,
    )


def test_the_verdict_quotes_both_early_stopping_points_and_names_the_better():
    line = compare.verdict([fake([0.9, 0.47, 0.6], 1), fake([1.5, 1.02, 1.1], 1)])
    assert line == (
        "Validation loss 0.47 vs 1.02 at the early-stopping point (step 10 and 10): configuration 1 "
        "generalises better; final validation loss 0.6 vs 1.1."
    )


def test_the_verdict_names_a_divergence():
    line = compare.verdict([fake([0.7, 0.5], 1), fake([0.7, 0.8], 0, diverged_at=9)])
    assert "configuration 1 generalises better" in line
    assert line.endswith("configuration 2 diverged at step 9.")


def test_layer_widths_are_named_as_the_units_of_every_layer():
    state = lab.LabState(configs=(lab.Config(), lab.Config(network=(("width2", 3),))))
    assert compare.heading(state, 0) == "Configuration 1: Adam, units 8-8"
    assert compare.heading(state, 1) == "Configuration 2: Adam, units 8-3"
