"""Edits of the page state that are more than one widget: each takes a state (or lanes) and returns a new one.

The page calls these from its callbacks; they are pure, so the rules (a new surface resets the start and
gives every lane that surface's learning rate, a new lane picks an optimizer not yet racing, snapping turns a
lane into the tuned heavy ball) are tested without Streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import optimizers
import surfaces
from playground import defaults
from playground.state import CONSTANT, CUSTOM, MAX_LANES, Lane, PlaygroundState
from surfaces.theory import QuadraticTheory

# A custom surface opens on this formula (or on the last one typed), and falls back to the plain bowl.
FIRST_EXPRESSION = "(x - 1)**2 + 3*(y + 0.5)**2 + sin(2*x)"
SAFE_EXPRESSION = "x**2 + 3*y**2"
# The optimizer a new lane gets: the first of these that is not racing yet.
ADD_ORDER = ("adam", "rmsprop", "nesterov", "adagrad", "sgd")
# Significant digits of a number the page writes into the state on the user's behalf (snap, map click).
SHORT_DIGITS = 4


def short(value: float, digits: int = SHORT_DIGITS) -> float:
    """``value`` to ``digits`` significant digits, so that a link carries ``0.3275``, not 16 digits."""
    return float(f"{float(value):.{digits}g}")


def with_surface(state: PlaygroundState, name: str, typed_expression: str = "") -> PlaygroundState:
    """A new surface: its default parameters and start, each lane at that surface's learning rate.

    A custom surface opens on the state's formula, else the last one ``typed_expression``, else
    :data:`FIRST_EXPRESSION`. The scene is dropped (the picture is no longer the scene's).
    """
    lanes = tuple(
        dataclasses.replace(
            lane,
            hyperparams={**lane.hyperparams, **defaults.new_lane_hyperparams(name, lane.optimizer)},
            start=None,
        )
        for lane in state.lanes
    )
    expression = ""
    if name == CUSTOM:
        expression = state.expression or typed_expression or FIRST_EXPRESSION
        try:
            surfaces.from_expression(expression)
        except ValueError:
            expression = SAFE_EXPRESSION
    return dataclasses.replace(
        state, surface=name, surface_params={}, expression=expression, lanes=lanes, start=None, scene=None
    )


def with_expression(state: PlaygroundState, text: str) -> PlaygroundState:
    """The custom surface ``f(x, y) = text``; ``ValueError`` with the parser's message otherwise."""
    surfaces.from_expression(text)
    return dataclasses.replace(state, surface=CUSTOM, expression=text, scene=None)


def new_lane(surface: str, used: set[str] | tuple = ()) -> Lane:
    """A fresh lane for ``surface``: the first optimizer of :data:`ADD_ORDER` not in ``used``."""
    names = optimizers.names()
    optimizer = next((n for n in ADD_ORDER if n in names and n not in used), names[0])
    return Lane(optimizer=optimizer, hyperparams=defaults.new_lane_hyperparams(surface, optimizer))


def add_lane(
    lanes: tuple[Lane, ...], make: Callable[[set[str]], Lane], limit: int = MAX_LANES
) -> tuple[Lane, ...]:
    """``lanes`` with ``make(optimizers already racing)`` appended; unchanged at ``limit`` lanes."""
    if len(lanes) >= limit:
        return lanes
    return (*lanes, make({lane.optimizer for lane in lanes}))


def remove_lane(lanes: tuple[Lane, ...], index: int) -> tuple[Lane, ...]:
    """``lanes`` without lane ``index``; the last lane is never removed."""
    if len(lanes) <= 1 or not 0 <= index < len(lanes):
        return lanes
    return lanes[:index] + lanes[index + 1 :]


def replace_lane(lanes: tuple[Lane, ...], index: int, lane: Lane) -> tuple[Lane, ...]:
    return (*lanes[:index], lane, *lanes[index + 1 :])


def snap_lane(lane: Lane, theory: QuadraticTheory) -> Lane:
    """``lane`` turned into the optimally tuned heavy ball: SGD with ``lr`` and ``momentum`` from ``theory``.

    The theory is about the plain recursion, so the snapped lane drops any schedule, Nesterov or weight decay;
    its start, noise, seed and colour are kept so the snapped path is drawn where the old one was. Both
    numbers are rounded to :data:`SHORT_DIGITS` significant digits (a short link; the rate moves < 0.1 %).
    """
    return dataclasses.replace(
        lane,
        optimizer="sgd",
        hyperparams={"lr": short(theory.heavy_ball_lr), "momentum": short(theory.heavy_ball_momentum)},
        schedule=CONSTANT,
        schedule_params={},
        label=None,
    )


def snap(state: PlaygroundState, index: int, theory: QuadraticTheory) -> PlaygroundState:
    """``state`` with lane ``index`` snapped to the tuned heavy ball (see :func:`snap_lane`)."""
    if not 0 <= index < len(state.lanes):
        return state
    snapped = snap_lane(state.lanes[index], theory)
    return dataclasses.replace(state, lanes=replace_lane(state.lanes, index, snapped))


def own_start(surface, shared: tuple[float, float]) -> tuple[float, float]:
    """Where a lane's "own start point" begins: the surface's next suggested start, else off the shared one.

    Never a minimum (starting at the answer shows nothing) and never the shared start (the two paths would
    coincide): a fifth of the window away from the shared start when the surface suggests nothing else.
    """
    for start in surface.starts:
        point = (float(start[0]), float(start[1]))
        if point != tuple(shared):
            return point
    (x_min, x_max), (y_min, y_max) = surface.window
    return (short(shared[0] + 0.2 * (x_max - x_min)), short(shared[1] + 0.2 * (y_max - y_min)))
