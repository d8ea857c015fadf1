"""Every lab preset keeps the promise of its title (training.lab_files.CLAIMS) for five seeds, and every
optimizer learns on the default data from the settings the picker starts it with.

The runs read only their first and last checkpoint on a 2 x 2 grid: the claims are about where a run ends,
and the instruments the page adds cost more than the steps.
"""

from dataclasses import replace

import numpy as np
import pytest

import optimizers
import training
from training import lab, lab_files

SEEDS = range(5)


def runs(name: str, seed: int, **changes) -> list[training.Run]:
    state, notices = lab.from_query(lab_files.PRESETS[name])
    assert notices == []
    state = replace(state, seed=seed, **changes)
    return [
        training.train(
            lab.network_spec(state, index),
            lab.optimizer_of(config),
            state.steps,
            state.batch,
            state.seed,
            checkpoints=2,
            grid=2,
            schedule=lab.schedule_of(config),
        )
        for index, config in enumerate(state.configs)
    ]


def test_every_preset_has_its_claim():
    assert list(lab_files.CLAIMS) == list(lab_files.PRESETS)


@pytest.mark.parametrize("seed", SEEDS)
def test_without_dropout_the_noisy_moons_are_overfitted(seed):
    plain, dropout = runs("Dropout or not (tanh, 3 x 16)", seed)
    assert plain.validation_loss[-1] > 2 * dropout.validation_loss[-1]
    # overfitting, not a worse fit: the plain network fits its training points more closely
    assert plain.train_loss[-1] < dropout.train_loss[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_kaiming_ends_below_half_of_xaviers_validation_loss_with_sgd(seed):
    xavier, kaiming = runs("Xavier or Kaiming with ReLU (6 layers, SGD)", seed)
    assert kaiming.validation_loss[-1] < 0.5 * xavier.validation_loss[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_adam_reaches_a_lower_validation_loss_than_sgd_on_the_circles(seed):
    sgd, adam = runs("SGD or Adam", seed)
    assert adam.validation_loss[-1] < sgd.validation_loss[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_constant_initialisation_keeps_every_layer_symmetric_and_cannot_solve_xor(seed):
    (run,) = runs("Constant initialisation: symmetry", seed)
    assert run.symmetric.all()  # every hidden layer at both checkpoints
    assert run.dead_fraction[-1].max() == 0  # identical units, not dead ones (tanh)
    assert run.validation_accuracy[-1] < 0.65


@pytest.mark.parametrize("seed", SEEDS)
def test_too_high_a_learning_rate_diverges_after_a_visible_rise(seed):
    (run,) = runs("Learning rate too high: divergence", seed)
    assert run.diverged_at is not None and run.diverged_at <= 30
    (everyone,) = runs("Learning rate too high: divergence", seed, steps=run.diverged_at - 1)
    assert everyone.train_loss[-1] > 10 * everyone.train_loss[0]  # the last step before it: tenfold up


# the first-order optimizers: Newton's and L-BFGS's 500 steps cost many times more (the budget cuts them)
FIRST_ORDER = [name for name in optimizers.names(networks=True) if optimizers.spec(name).order == 1]


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_every_optimizer_learns_the_default_data_from_its_starting_settings(name):
    config = lab.Config(optimizer=name, hyperparams=tuple(sorted(lab.start_hyperparams(name).items())))
    state = replace(lab.LabState(), configs=(config,))
    run = training.train(
        lab.network_spec(state), lab.optimizer_of(config), state.steps, checkpoints=2, grid=2
    )
    assert run.validation_accuracy[-1] >= 0.9, (name, run.validation_accuracy[-1])
    assert np.isfinite(run.train_loss).all()
