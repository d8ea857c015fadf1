"""Per-surface default learning rates, and the lanes a fresh page starts with.

The learning rates are chosen so that the first picture on each surface already tells a story: on the
ravine (condition number 10) plain SGD zigzags across the steep axis and crawls along the floor, momentum
builds speed and overshoots, Adam moves at an almost constant speed per axis. Each value was picked by
running the lane on the surface's default start and looking at the path, not by a formula.
"""

from __future__ import annotations

# Optimizers whose update is not scaled by a learning rate (Newton's method) simply ignore their row.
FALLBACK_LR = {
    "sgd": 0.05,
    "momentum": 0.02,
    "nesterov": 0.02,
    "adagrad": 0.5,
    "rmsprop": 0.02,
    "adam": 0.1,
    "adamw": 0.1,
    "lbfgs": 1.0,
    "newton": 1.0,
}

# surface -> optimizer -> lr. Missing entries fall back to FALLBACK_LR, then to the optimizer's own default.
LEARNING_RATES: dict[str, dict[str, float]] = {
    "ravine": {
        "sgd": 0.09,
        "momentum": 0.02,
        "nesterov": 0.02,
        "adagrad": 0.5,
        "rmsprop": 0.05,
        "adam": 0.1,
        "adamw": 0.1,
    },
    "rosenbrock": {
        "sgd": 0.001,
        "momentum": 0.0005,
        "nesterov": 0.0005,
        "adagrad": 0.5,
        "rmsprop": 0.01,
        "adam": 0.05,
        "adamw": 0.05,
    },
    "himmelblau": {"sgd": 0.01, "momentum": 0.005, "nesterov": 0.005, "adam": 0.1, "rmsprop": 0.05},
    "rastrigin": {"sgd": 0.002, "momentum": 0.001, "adam": 0.05, "rmsprop": 0.02},
    "saddle": {"sgd": 0.05, "momentum": 0.02, "adam": 0.05},
    "booth": {"sgd": 0.05, "momentum": 0.02, "adam": 0.2},
    "beale": {"sgd": 0.002, "momentum": 0.001, "adam": 0.05},
    "linear_regression": {"sgd": 0.05, "momentum": 0.02, "adam": 0.1},
    "logistic_regression": {"sgd": 0.5, "momentum": 0.2, "adam": 0.1},
    "custom": {"sgd": 0.01, "momentum": 0.005, "adam": 0.05},
}

# The lanes of a fresh page: a story in three optimizers (the first ones that the registry has).
STORY_OPTIMIZERS = ("sgd", "momentum", "adam")

# Optimizers that are not separate registry entries in some engines: (name, extra hyperparameters).
_MOMENTUM_FALLBACK = {"momentum": ("sgd", {"momentum": 0.9}), "nesterov": ("sgd", {"momentum": 0.9})}


def default_lr(surface: str, optimizer: str) -> float | None:
    """The learning rate a new lane of ``optimizer`` gets on ``surface`` (``None``: no lr hyperparameter)."""
    from optimizers import spec

    params = {p.name: p for p in spec(optimizer).params}
    if "lr" not in params:
        return None
    lr = LEARNING_RATES.get(surface, {}).get(optimizer, FALLBACK_LR.get(optimizer, params["lr"].default))
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
    from optimizers import names, spec
    from playground.state import Lane

    available = set(names())
    lanes = []
    for name in STORY_OPTIMIZERS:
        optimizer, extra = name, {}
        if name not in available and name in _MOMENTUM_FALLBACK:
            optimizer, extra = _MOMENTUM_FALLBACK[name]
            lr = LEARNING_RATES.get(surface, {}).get(name, FALLBACK_LR[name])
            extra = {**extra, "lr": lr}
        if optimizer not in available:
            continue
        known = {p.name for p in spec(optimizer).params}
        hyperparams = {**new_lane_hyperparams(surface, optimizer), **extra}
        hyperparams = {k: v for k, v in hyperparams.items() if k in known}
        lanes.append(Lane(optimizer=optimizer, hyperparams=hyperparams))
    return tuple(lanes) or (Lane(),)
