"""The loss surface in the sidebar: the catalogue, a custom formula, the surface's parameters, the start."""

from __future__ import annotations

import dataclasses

import streamlit as st

import surfaces
from playground import compute, edits
from playground.keys import surface_key
from playground.state import CUSTOM, PlaygroundState
from surfaces.base import Surface
from surfaces.expression import FUNCTIONS
from ui import cache
from ui.params import params_widgets
from ui.session import PageModel, init
from ui.text import plain

EXPRESSION = "pg_expression"  # the formula box (not mirrored: a bad formula stays in the box, not the model)
EXPRESSION_ERROR = "pg_expression_error"
CUSTOM_TITLE = "Custom expression f(x, y)"


def _title(name: str) -> str:
    return CUSTOM_TITLE if name == CUSTOM else surfaces.spec(name).title


def _on_surface(model: PageModel, key: str) -> None:
    if key not in st.session_state:  # the picker of a state the page has since replaced (ui.params._copy)
        return
    name = st.session_state[key]
    model.set(edits.with_surface(model.state, name, st.session_state.get(EXPRESSION, "")))
    st.session_state.pop(EXPRESSION_ERROR, None)
    st.toast("Learning rates set to this surface's defaults.")


def _on_expression(model: PageModel) -> None:
    if EXPRESSION not in st.session_state:  # a formula box that has left the page
        return
    try:
        state = edits.with_expression(model.state, st.session_state[EXPRESSION])
    except ValueError as error:
        st.session_state[EXPRESSION_ERROR] = str(error)
        return
    st.session_state.pop(EXPRESSION_ERROR, None)
    model.set(state)


def surface_picker(model: PageModel) -> tuple[str, dict, str]:
    """The surface select box and its parameters (or the formula box); ``(name, params, expression)``."""
    state = model.state
    key = model.widget("surface", state.surface)
    name = st.selectbox(
        "Loss surface",
        [*surfaces.names(), CUSTOM],
        key=key,
        format_func=_title,
        on_change=_on_surface,
        args=(model, key),
    )
    if name == CUSTOM:
        st.text_input(
            "f(x, y) =",
            key=init(EXPRESSION, state.expression),
            on_change=_on_expression,
            args=(model,),
            help=f"Numbers, x, y, pi, e, + - * / ** and {', '.join(FUNCTIONS)}. Press Enter to apply it.",
        )
        if st.session_state.get(EXPRESSION_ERROR):
            st.error(plain(st.session_state[EXPRESSION_ERROR]), icon="⚠️")
        return CUSTOM, {}, state.expression
    spec = surfaces.spec(name)
    st.caption(spec.description)
    params = params_widgets(spec.params, state.surface_params, f"{model.widgets}sp:{name}")
    try:
        surfaces.get(name, **params)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. Keeping the previous parameters."))
        params = dict(state.surface_params)
    return name, params, ""


def _reset_start(state: PlaygroundState) -> PlaygroundState:
    return dataclasses.replace(state, start=None)


def start_picker(model: PageModel, state: PlaygroundState, surface) -> tuple[float, float] | None:
    """Two boxes for the shared start (a click on the map moves it too); None when it is the default."""
    default = compute.shared_start(dataclasses.replace(state, start=None), surface)
    current = state.start or default
    left, right = st.columns(2)
    box = {"format": "%.4g", "step": 0.1, "min_value": -1e4, "max_value": 1e4}
    with left:
        x = st.number_input("start x", key=model.widget("start_x", float(current[0])), **box)
    with right:
        y = st.number_input("start y", key=model.widget("start_y", float(current[1])), **box)
    st.caption("Or click on the contour map to move the start.")
    if state.start is not None:
        st.button("Back to the surface's default start", on_click=model.edit, args=(_reset_start,))
    start = (float(x), float(y))
    return None if start == default else start


def surface_section(
    model: PageModel, state: PlaygroundState
) -> tuple[PlaygroundState, Surface, tuple[float, float] | None]:
    """The sidebar's surface section of a page whose state has a surface and a start (the Playground, the
    Explorer): its header, :func:`surface_picker`, the surface it builds and :func:`start_picker`.

    Returns ``(trial, surface, start)``: ``state`` with the picked surface (the last good one, and an error
    shown, when a custom formula does not build), that surface, and the start the boxes give (None: the
    surface's default).
    """
    st.header("Surface")
    name, params, expression = surface_picker(model)
    trial = dataclasses.replace(state, surface=name, surface_params=params, expression=expression)
    try:
        loss = cache.surface(surface_key(trial))
    except ValueError as error:  # a custom formula that no longer parses: keep the last good surface
        st.error(plain(error))
        trial, loss = state, cache.surface(surface_key(state))
    return trial, loss, start_picker(model, trial, loss)
