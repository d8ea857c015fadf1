"""Per-surface default learning rates, and the lanes a fresh page starts with.

The learning rates are chosen so that the first picture on each surface already tells a story: on the
ravine (condition number 10) plain SGD zigzags across the steep axis, momentum builds speed along the floor
and overshoots, Adam moves at an almost constant speed per axis. Each value was picked from a sweep of
200-step runs from the surface's default start (lr on a 1-2-5 grid), then by looking at the paths.
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

# surface -> optimizer -> lr, read off 200-step runs from each surface's default start.
LEARNING_RATES: dict[str, dict[str, float]] = {
    # lr = 0.18 > 1/lambda_max: SGD overshoots across the steep axis every step (zigzag) yet stays below the
    # stability limit 2/lambda_max = 0.2; momentum 0.9 at lr 0.02 overshoots the floor; AdaGrad stalls.
    "ravine": {"sgd": 0.18, "momentum": 0.02, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1},
    "rosenbrock": {"sgd": 0.002, "momentum": 0.001, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.2},
    "himmelblau": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.5, "rmsprop": 0.02, "adam": 0.05},
    "beale": {"sgd": 0.01, "momentum": 0.002, "adagrad": 0.5, "rmsprop": 0.1, "adam": 0.1},
    "booth": {"sgd": 0.05, "momentum": 0.01, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.2},
    # Small steps so that plain gradient descent visibly lingers near the saddle.
    "saddle": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.2, "rmsprop": 0.02, "adam": 0.02},
    "rastrigin": {"sgd": 0.01, "momentum": 0.005, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1},
    "ackley": {"sgd": 0.1, "momentum": 0.05, "adagrad": 0.5, "rmsprop": 0.1, "adam": 0.1},
    "six_hump_camel": {"sgd": 0.02, "momentum": 0.005, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.05},
    "styblinski_tang": {"sgd": 0.01, "momentum": 0.002, "adagrad": 0.2, "rmsprop": 0.02, "adam": 0.05},
    "goldstein_price": {"sgd": 1e-5, "momentum": 1e-6, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.5},
    "linear_regression": {"sgd": 0.05, "momentum": 0.02, "adam": 0.1},
    "logistic_regression": {"sgd": 0.5, "momentum": 0.2, "adam": 0.1},
    "custom": {"sgd": 0.01, "momentum": 0.005, "adam": 0.05},
}

# The lanes of a fresh page: a story in three optimizers (the first ones that the registry has).
STORY_OPTIMIZERS = ("sgd", "momentum", "adam")


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


def story_lanes(surface: str = "ravine") -> tuple:
    """The lanes a fresh page shows on ``surface``: plain SGD, SGD with momentum, Adam."""
    available = names()
    lanes = [
        Lane(name, new_lane_hyperparams(surface, name)) for name in STORY_OPTIMIZERS if name in available
    ]
    return tuple(lanes) or (Lane(available[0], new_lane_hyperparams(surface, available[0])),)
