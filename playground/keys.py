"""Plain, hashable keys for the page's caches: a surface and a lane written as nested tuples.

``st.cache_data`` hashes its arguments, so the page hands it these tuples instead of the dataclasses; two
states that draw the same picture give equal keys, and a lane's key leaves out what does not change its
trajectory (start, colour, name are passed separately), so renaming a lane recomputes nothing.
"""

from __future__ import annotations

from playground.state import CUSTOM, Lane, PlaygroundState


def freeze(mapping: dict) -> tuple:
    """``{"lr": 0.1, "betas": [0.9, 0.99]}`` -> ``(("betas", (0.9, 0.99)), ("lr", 0.1))``: hashable."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in mapping.items()))


def surface_key(state: PlaygroundState) -> tuple:
    """``(name, params, expression)``; the expression only counts for a custom surface."""
    return (state.surface, freeze(state.surface_params), state.expression if state.surface == CUSTOM else "")


def lane_key(lane: Lane) -> tuple:
    """What a lane's trajectory depends on besides the surface, the start and the number of steps."""
    return (
        lane.optimizer,
        freeze(lane.hyperparams),
        lane.schedule,
        freeze(lane.schedule_params),
        float(lane.noise),
        int(lane.seed),
    )


def lane_from_key(key: tuple) -> Lane:
    """The inverse of :func:`lane_key` (start, colour and name left at their defaults)."""
    optimizer, hyperparams, schedule, schedule_params, noise, seed = key
    return Lane(optimizer, dict(hyperparams), schedule, dict(schedule_params), noise, seed)
