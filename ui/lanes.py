"""The optimizer lanes in the sidebar: the list, a picker of the lane to edit, its controls, add and remove.

Any page whose model has a ``lanes`` field (a tuple of :class:`playground.state.Lane`) can use
:func:`lanes_editor` as it is: the page says how a new lane is made and which learning rate an optimizer
gets, and whether lanes have their own start point (a 2-D map) or not (a network).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import streamlit as st

import optimizers
from optimizers import schedules
from playground import edits
from playground.lane_url import NOISE, SEED
from playground.picture import lane_title
from playground.state import CONSTANT, MAX_LANES, Lane
from ui.figures import lane_style
from ui.params import param_widget, params_widgets
from ui.session import PageModel, init
from ui.text import plain, unlinked

COORDINATE_BOX = {"format": "%.4g", "step": 0.1, "min_value": -1e4, "max_value": 1e4}


def literal_html(text: object) -> str:
    """``text`` for Markdown with HTML allowed, shown literally and escaped once: every character but
    letters, digits and spaces as a numeric character reference, which neither Markdown (``**``, ``[a](b)``)
    nor HTML (``<b>``) reads as syntax, and which the browser shows as the character itself (``&`` as "&",
    not "&amp;").

    >>> literal_html("<b>SGD</b> & *lr*")
    '&#60;b&#62;SGD&#60;&#47;b&#62; &#38; &#42;lr&#42;'
    """
    # a bare address would still become a link (Markdown reads it after the references): broken first
    return "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"&#{ord(c)};" for c in unlinked(text))


def lane_list(lanes: tuple[Lane, ...]) -> None:
    """One line per lane: its colour, number, name or optimizer, lr, and its dash and marker."""
    for index, lane in enumerate(lanes):
        style = lane_style(index, lane.color)
        title = literal_html(lane_title(index, lane))
        st.markdown(
            f"<span style='color:{style.color};font-size:1.3em'>●</span> {title} "
            f"<small>({style.dash} {style.name})</small>",
            unsafe_allow_html=True,
        )


def _optimizer(lane: Lane, key: str, names: list[str]) -> str:
    init(key, lane.optimizer if lane.optimizer in names else names[0])
    return st.selectbox("Optimizer", names, key=key, format_func=lambda n: optimizers.spec(n).title)


def _schedule(lane: Lane, prefix: str) -> tuple[str, dict]:
    names = schedules.names()
    init(prefix + ":schedule", lane.schedule if lane.schedule in names else CONSTANT)
    schedule = st.selectbox(
        "Learning-rate schedule",
        names,
        key=prefix + ":schedule",
        format_func=lambda n: schedules.spec(n).title,
    )
    if schedule == CONSTANT:
        return schedule, {}
    spec = schedules.spec(schedule)
    st.caption(spec.description)
    base = lane.schedule_params if schedule == lane.schedule else {}
    params = params_widgets(spec.params, base, f"{prefix}:s:{schedule}")
    try:
        schedules.get(schedule, **params)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. Using the schedule's defaults."))
        params = {}
    return schedule, params


def _start(lane: Lane, prefix: str, own_start: tuple[float, float]) -> tuple[float, float] | None:
    init(prefix + ":own_start", lane.start is not None)
    if not st.checkbox("Own start point", key=prefix + ":own_start", help="Start this lane elsewhere."):
        return None
    x0, y0 = lane.start or own_start
    init(prefix + ":sx", float(x0))
    init(prefix + ":sy", float(y0))
    left, right = st.columns(2)
    with left:
        x = st.number_input("x", key=prefix + ":sx", **COORDINATE_BOX)
    with right:
        y = st.number_input("y", key=prefix + ":sy", **COORDINATE_BOX)
    return (float(x), float(y))


def lane_controls(
    lane: Lane,
    prefix: str,
    *,
    hyperparams_for: Callable[[str], dict],
    default_color: str,
    own_start: tuple[float, float] | None = None,
    names: list[str] | None = None,
) -> Lane:
    """Every control of one lane (widget keys start with ``prefix``); the lane as they read.

    ``hyperparams_for(optimizer)`` gives a newly picked optimizer's hyperparameters (its lr for this
    surface); ``own_start`` is where an own start point begins (None: lanes have no start of their own).
    """
    names = names or optimizers.names()
    name = _optimizer(lane, prefix + ":opt", names)
    spec = optimizers.spec(name)
    st.caption(f"{spec.description} {spec.on_surface}".strip())
    base = lane.hyperparams if name == lane.optimizer else hyperparams_for(name)
    hyper = params_widgets(spec.params, base, f"{prefix}:{name}", keep=tuple(k for k in ("lr",) if k in base))
    try:
        optimizers.get(name, **hyper)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. This lane keeps its previous settings until this is fixed."))
        hyper = dict(base)
        name = lane.optimizer if name != lane.optimizer and lane.optimizer in names else name

    schedule, schedule_params = _schedule(lane, prefix)
    noise = param_widget(NOISE, prefix + ":noise", lane.noise, label="Gradient noise (std)")
    seed = lane.seed
    if noise > 0:
        init(prefix + ":seed", int(lane.seed))
        seed = int(
            st.number_input("Noise seed", min_value=0, max_value=SEED.high, step=1, key=prefix + ":seed")
        )
    left, right = st.columns([1, 2])
    with left:
        color = st.color_picker("Colour", key=init(prefix + ":color", lane.color or default_color))
    with right:
        label = st.text_input("Name (optional)", key=init(prefix + ":label", lane.label or ""), max_chars=40)
    start = _start(lane, prefix, own_start) if own_start is not None else lane.start
    return Lane(
        optimizer=name,
        hyperparams=hyper,
        schedule=schedule,
        schedule_params=schedule_params,
        noise=float(noise),
        seed=seed,
        start=start,
        color=None if color.lower() == default_color.lower() else color,
        label=label or None,
    )


def _add(model: PageModel, make: Callable[[set[str]], Lane], limit: int, edit_key: str) -> None:
    lanes = model.state.lanes
    model.set(dataclasses.replace(model.state, lanes=edits.add_lane(lanes, make, limit)))
    st.session_state[edit_key] = min(len(lanes), limit - 1)  # edit the new lane


def _remove(model: PageModel, index: int, edit_key: str) -> None:
    model.set(dataclasses.replace(model.state, lanes=edits.remove_lane(model.state.lanes, index)))
    st.session_state[edit_key] = max(0, index - 1)


def edited_lane(key: str, count: int) -> int:
    """The index held by the "Edit lane" picker ``key``, reset to 0 when it is stale or not an index."""
    value = st.session_state.get(key)
    if not isinstance(value, int) or not 0 <= value < count:
        value = st.session_state[key] = 0
    return value


def lanes_editor(
    model: PageModel,
    *,
    new_lane: Callable[[set[str]], Lane],
    hyperparams_for: Callable[[str], dict],
    own_start: tuple[float, float] | None = None,
    names: list[str] | None = None,
    limit: int = MAX_LANES,
    key: str = "pg",
) -> tuple[Lane, ...]:
    """The lanes block of a sidebar; the lanes as the widgets read them.

    ``new_lane(optimizers racing)`` makes the lane that "Add a lane" appends; the other arguments are those of
    :func:`lane_controls`. Buttons are keyed ``{key}_add_lane``, ``{key}_remove_lane``; the picker
    ``{key}_edit_lane``: its options read "Lane 1", "Lane 2" whatever the lanes hold, so its value survives
    every change of a lane (Streamlit matches a select box's value by its text).
    """
    lanes = model.state.lanes
    edit_key = f"{key}_edit_lane"
    listing = st.container()  # filled below, once the lane's widgets have been read: the list shows this edit
    # One lane's controls at a time: a short sidebar, and far fewer widgets for the browser to draw.
    edited_lane(edit_key, len(lanes))
    edit = st.selectbox("Edit lane", range(len(lanes)), format_func=lambda i: f"Lane {i + 1}", key=edit_key)
    out = list(lanes)
    with st.container(border=True):
        out[edit] = lane_controls(
            lanes[edit],
            f"{model.widgets}lane{edit}",
            hyperparams_for=hyperparams_for,
            default_color=lane_style(edit).color,
            own_start=own_start,
            names=names,
        )
        if len(lanes) > 1:
            st.button(
                "Remove this lane", key=f"{key}_remove_lane", on_click=_remove, args=(model, edit, edit_key)
            )
    st.button(
        "➕ Add a lane",
        on_click=_add,
        args=(model, new_lane, limit, edit_key),
        disabled=len(lanes) >= limit,
        help=f"At most {limit} lanes.",
        key=f"{key}_add_lane",
    )
    with listing:
        lane_list(tuple(out))
    return tuple(out)
