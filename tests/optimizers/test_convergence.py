"""Every first-order optimizer reaches the minimum of a quadratic ravine and of Rosenbrock's banana valley."""

import numpy as np
import pytest

import optimizers
import surfaces

# (optimizer, hyperparameters, steps, max |x - x*| at the end): settings a lecturer would pick, not tuned hard
ROSENBROCK = [
    ("sgd", {"lr": 1.5e-3}, 10_000, 0.01),
    ("momentum", {"lr": 1e-3}, 5000, 1e-4),
    ("nesterov", {"lr": 1e-3}, 5000, 1e-4),
    ("adagrad", {"lr": 0.5}, 5000, 0.05),
    ("rmsprop", {"lr": 1e-3}, 5000, 0.05),
    ("adam", {"lr": 0.02}, 5000, 1e-4),
    ("adamw", {"lr": 0.02, "weight_decay": 0.0}, 5000, 1e-4),
    ("adamax", {"lr": 0.05}, 5000, 1e-3),
    ("nadam", {"lr": 0.02}, 5000, 0.05),
    ("radam", {"lr": 3e-3}, 10_000, 0.01),
    ("rprop", {"lr": 0.01}, 5000, 0.01),
    ("asgd", {"lr": 1.5e-3}, 10_000, 0.01),
    ("adafactor", {"lr": 0.05}, 10_000, 0.05),
    ("lion", {"lr": 1e-3}, 5000, 1e-4),  # steps of exactly lr: it lands on (1, 1) to the last bits
    ("schedule_free_sgd", {"lr": 2e-3}, 10_000, 0.1),
    ("schedule_free_adamw", {"lr": 0.02}, 10_000, 0.01),
    ("prodigy", {}, 5000, 1e-4),  # no learning rate to tune at all
]
RAVINE = [
    ("sgd", {"lr": 0.15}, 2000, 1e-6),
    ("momentum", {"lr": 0.02}, 2000, 1e-6),
    ("nesterov", {"lr": 0.02}, 2000, 1e-6),
    ("adagrad", {"lr": 1.0}, 2000, 1e-6),
    ("rmsprop", {"lr": 0.01}, 2000, 0.01),
    ("adadelta", {"lr": 1.0}, 2000, 0.05),
    ("adam", {"lr": 0.1}, 2000, 1e-6),
    ("adamw", {"lr": 0.1, "weight_decay": 0.0}, 2000, 1e-6),
    ("adamax", {"lr": 0.1}, 2000, 1e-6),
    ("nadam", {"lr": 0.1}, 2000, 1e-6),
    ("radam", {"lr": 0.1}, 2000, 1e-6),
    ("rprop", {"lr": 0.01}, 2000, 1e-5),
    ("asgd", {"lr": 0.1}, 2000, 1e-6),
    ("adafactor", {"lr": 0.2}, 2000, 1e-3),
    ("lion", {"lr": 0.01}, 2000, 1e-6),
    ("schedule_free_sgd", {"lr": 0.1}, 2000, 1e-5),
    ("schedule_free_adamw", {"lr": 0.1}, 2000, 1e-3),
    ("prodigy", {}, 2000, 1e-6),
]


@pytest.mark.parametrize(
    ("name", "hyperparams", "steps", "tolerance"), ROSENBROCK, ids=[c[0] for c in ROSENBROCK]
)
def test_reaches_the_rosenbrock_minimum(name, hyperparams, steps, tolerance):
    path = optimizers.run(optimizers.get(name, **hyperparams), surfaces.get("rosenbrock"), (-1.2, 1.0), steps)
    assert np.abs(path[-1] - 1.0).max() < tolerance


@pytest.mark.parametrize(("name", "hyperparams", "steps", "tolerance"), RAVINE, ids=[c[0] for c in RAVINE])
def test_reaches_the_ravine_minimum(name, hyperparams, steps, tolerance):
    path = optimizers.run(optimizers.get(name, **hyperparams), surfaces.get("ravine"), (-8.0, 2.0), steps)
    assert np.abs(path[-1]).max() < tolerance


def test_tables_cover_every_first_order_optimizer():
    first_order = {name for name in optimizers.names() if optimizers.spec(name).order == 1}
    assert {c[0] for c in RAVINE} == first_order
    assert {c[0] for c in ROSENBROCK} == first_order - {"adadelta"}  # see the next test


def test_adadelta_makes_progress_along_the_banana_valley():
    # Adadelta's step is eps-driven at first and it does not settle on Rosenbrock in a few thousand steps;
    # it still descends by more than an order of magnitude
    surface = surfaces.get("rosenbrock")
    path = optimizers.run(optimizers.get("adadelta"), surface, (-1.2, 1.0), 5000)
    assert surface.value(path[-1]) < 0.05 * surface.value(path[0])


def test_plain_gradient_descent_zigzags_in_the_ravine_while_momentum_does_not_need_to():
    ravine = surfaces.get("ravine", condition_number=50.0)
    sgd = optimizers.run(optimizers.get("sgd", lr=0.039), ravine, (-8.0, 2.0), 200)
    heavy_ball = optimizers.run(optimizers.get("momentum", lr=0.039, momentum=0.6), ravine, (-8.0, 2.0), 200)
    # near the stability limit 2/kappa plain GD flips the sign of y at every step
    signs = np.sign(sgd[1:20, 1])
    assert (signs[1:] != signs[:-1]).all()
    assert np.abs(heavy_ball[-1]).max() < np.abs(sgd[-1]).max()
