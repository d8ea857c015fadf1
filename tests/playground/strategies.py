"""Hypothesis strategies for valid playground states, drawn from the registries' own Params."""

from __future__ import annotations

from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import schedules
from paramspec import Param
from playground.lane_url import MAX_LABEL
from playground.state import MAX_LANES, MAX_PAGE_STEPS, Lane, PlaygroundState

EXPRESSIONS = ("x**2 + 3*y**2", "(1 - x)**2 + 100*(y - x**2)**2", "sin(x) + cos(y) + 0.1*(x**2 + y**2)")


def _number(param: Param, integer: bool = False):
    low = param.low if param.low is not None else -1e6
    high = param.high if param.high is not None else 1e6
    if integer:
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def param_values(param: Param):
    if param.optional:
        return st.one_of(st.none(), _values(param))
    return _values(param)


def _values(param: Param):
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    if param.kind == "pair":
        return st.tuples(_number(param), _number(param))
    return _number(param, integer=param.kind == "int")


@st.composite
def some_params(draw, params: tuple[Param, ...]) -> dict:
    chosen = draw(st.lists(st.sampled_from(params), unique_by=lambda p: p.name)) if params else []
    return {p.name: draw(param_values(p)) for p in chosen}


def _valid_or_none(factory, name, values):
    try:
        factory(name, **values)
    except (ValueError, TypeError):
        return None
    return values


@st.composite
def lanes(draw) -> Lane:
    name = draw(st.sampled_from(optimizers.names()))
    hyperparams = draw(some_params(optimizers.spec(name).params))
    hyperparams = _valid_or_none(optimizers.get, name, hyperparams) or {}
    schedule = draw(st.sampled_from(schedules.names()))
    schedule_params = draw(some_params(schedules.spec(schedule).params))
    schedule_params = _valid_or_none(schedules.get, schedule, schedule_params) or {}
    point = st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4))
    return Lane(
        optimizer=name,
        hyperparams=hyperparams,
        schedule=schedule,
        schedule_params=schedule_params,
        noise=draw(st.floats(0.0, 10.0)),
        seed=draw(st.integers(0, 2**31 - 1)),
        start=draw(st.none() | point),
        color=draw(st.none() | st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)),
        label=draw(st.none() | st.text(max_size=MAX_LABEL)),
    )


@st.composite
def states(draw) -> PlaygroundState:
    surface = draw(st.sampled_from([*surfaces.names(), "custom"]))
    params, expression = {}, ""
    if surface == "custom":
        expression = draw(st.sampled_from(EXPRESSIONS))
    else:
        params = draw(some_params(surfaces.spec(surface).params))
        params = _valid_or_none(surfaces.get, surface, params) or {}
    point = st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4))
    return PlaygroundState(
        surface=surface,
        surface_params=params,
        expression=expression,
        lanes=tuple(draw(st.lists(lanes(), min_size=1, max_size=MAX_LANES))),
        start=draw(st.none() | point),
        steps=draw(st.integers(1, MAX_PAGE_STEPS)),
        layout=draw(st.sampled_from(("overlay", "multiples"))),
        view=draw(st.sampled_from(("contour", "3d"))),
        average=draw(st.sampled_from((None, "polyak", "ema"))),
        presenter=draw(st.booleans()),
    )
