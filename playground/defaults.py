"""Per-surface default learning rates, and the lanes a fresh page starts with.

On the surfaces where the lesson is speed (the quadratic bowls, Rosenbrock's valley, the two regressions)
every story optimizer's rate is *tuned*: the rate of :data:`playground.tuning.GRID` with which it
settles first in 200 steps from the surface's default start (:func:`playground.tuning.tune`;
``tools/tune_defaults.py`` prints the table and ``tests/playground/test_tuning.py`` checks these rows
against it), so a comparison on the page is a fair one. On the others the lesson is a picture (basins,
a saddle, a bumpy landscape) and the rates were picked from 1-2-5 sweeps by looking at the paths.

A fresh page opens on a steeper ravine than the surface's own default (``OPENING_PARAMS``, condition number
50): there, at their tuned rates, momentum and Adam settle sooner than plain SGD, which is the lecture's story
(on the mild default ravine, kappa = 10, tuned SGD is the fastest of the three, and the page says so).
"""

from __future__ import annotations

from optimizers import names, spec
from playground.lane import Lane

# Used when a surface has no row for an optimizer.
FALLBACK_LR = {
    "sgd": 0.01,
    "momentum": 0.005,
    "nesterov": 0.005,
    "adagrad": 0.5,
    "rmsprop": 0.02,
    "adadelta": 1.0,
    "adam": 0.05,
}

# Optimizers that take the learning rate of a sibling when a surface has no row of their own.
SIBLING = {"adamw": "adam", "adamax": "adam", "nadam": "adam", "radam": "adam", "nesterov": "momentum"}

# surface -> optimizer -> lr. Rows of TUNED_SURFACES: sgd, momentum and adam are tuned (see above).
LEARNING_RATES: dict[str, dict[str, float]] = {
    # kappa = 10: tuned SGD runs at 0.15, 3/4 of the stability limit 2/lambda_max = 0.2, and zigzags.
    "ravine": {"sgd": 0.15, "momentum": 0.01, "adagrad": 0.5, "rmsprop": 0.05, "adam": 1.0},
    "rosenbrock": {"sgd": 0.002, "momentum": 0.002, "adagrad": 1.0, "rmsprop": 0.1, "adam": 1.5},
    "himmelblau": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.5, "rmsprop": 0.02, "adam": 0.05},
    "beale": {"sgd": 0.01, "momentum": 0.002, "adagrad": 0.5, "rmsprop": 0.1, "adam": 0.1},
    "booth": {"sgd": 0.1, "momentum": 0.005, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.7},
    # Small steps so that plain gradient descent visibly lingers near the saddle.
    "saddle": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.2, "rmsprop": 0.02, "adam": 0.02},
    "rastrigin": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1},
    "ackley": {"sgd": 0.1, "momentum": 0.05, "adagrad": 0.5, "rmsprop": 0.1, "adam": 0.1},
    "six_hump_camel": {"sgd": 0.02, "momentum": 0.005, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.05},
    "styblinski_tang": {"sgd": 0.01, "momentum": 0.002, "adagrad": 0.2, "rmsprop": 0.02, "adam": 0.05},
    "goldstein_price": {"sgd": 1e-5, "momentum": 1e-6, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.5},
    "linear_regression": {"sgd": 0.05, "momentum": 0.015, "adam": 0.7},
    "logistic_regression": {"sgd": 0.2, "momentum": 0.3, "adam": 0.5},
    "custom": {"sgd": 0.01, "momentum": 0.005, "adam": 0.05},
}

# The lanes of a fresh page: a story in three optimizers (the first ones that the registry has).
STORY_OPTIMIZERS = ("sgd", "momentum", "adam")
TUNED_SURFACES = ("ravine", "rosenbrock", "booth", "linear_regression", "logistic_regression")
TUNING_STEPS = 200

# The fresh page: the ravine at condition number 50, each story optimizer at its tuned rate there.
OPENING_SURFACE = "ravine"
OPENING_PARAMS = {"condition_number": 50.0}
OPENING_RATES = {"sgd": 0.03, "momentum": 0.005, "adam": 0.5}


def default_lr(surface: str, optimizer: str) -> float | None:
    """The learning rate a new lane of ``optimizer`` gets on ``surface`` (``None``: no lr hyperparameter)."""
    params = {p.name: p for p in spec(optimizer).params}
    if "lr" not in params:
        return None
    table = LEARNING_RATES.get(surface, {})
    sibling = SIBLING.get(optimizer, optimizer)
    lr = table.get(optimizer, table.get(sibling, FALLBACK_LR.get(optimizer, FALLBACK_LR.get(sibling))))
    if lr is None:
        lr = params["lr"].default
    low, high = params["lr"].low, params["lr"].high
    if low is not None:
        lr = max(lr, low)
    if high is not None:
        lr = min(lr, high)
    return float(lr)


def new_lane_hyperparams(surface: str, optimizer: str) -> dict:
    """Hyperparameters of a fresh lane: the surface's learning rate, the optimizer's other defaults."""
    lr = default_lr(surface, optimizer)
    return {} if lr is None else {"lr": lr}


def opening_lanes() -> tuple:
    """The fresh page's lanes: the story optimizers at their tuned rates on the opening ravine."""
    return tuple(Lane(name, {"lr": lr}) for name, lr in OPENING_RATES.items())


def story_lanes(surface: str = "ravine") -> tuple:
    """The lanes a fresh page shows on ``surface``: plain SGD, SGD with momentum, Adam."""
    available = names()
    lanes = [
        Lane(name, new_lane_hyperparams(surface, name)) for name in STORY_OPTIMIZERS if name in available
    ]
    return tuple(lanes) or (Lane(available[0], new_lane_hyperparams(surface, available[0])),)
