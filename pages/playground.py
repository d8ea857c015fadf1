"""Playground: optimizers racing side by side on a loss surface, animated, inspectable, shareable.

The page state is a :class:`playground.state.PlaygroundState` kept in ``st.session_state["pg_state"]`` (the
model). Widgets are initialised from the model when their key is missing; after the widgets, the page builds a
new state from their values, stores it and writes it to the URL. Changes that are not a single widget (open a
scene, add or remove a lane, switch surface, click on the map, snap to theory) edit the model in a callback
and drop the widget keys so they re-initialise from it. Heavy work is cached on plain values, per lane.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
import time
from urllib.parse import urlencode

import numpy as np
import streamlit as st

import optimizers
import surfaces
from optimizers import schedules
from paramspec import Param
from playground import compute, defaults, export
from playground.state import (
    CONSTANT,
    CUSTOM,
    MAX_LANES,
    MAX_STEPS,
    NOISE,
    Lane,
    PlaygroundState,
    from_query,
    scene_ids,
    to_query,
)
from surfaces.expression import FUNCTIONS
from ui import chart

MODEL = "pg_state"
NOTICES = "pg_notices"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$|<>~])")


def plain(text: str) -> str:
    """``text`` shown literally by st.markdown and friends: a typed ``x**2`` is not bold, ``$`` not LaTeX."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


W = "w:"  # prefix of every widget key that mirrors the model

# ---------------------------------------------------------------------------------------------------------
# Cached pure computations (keyed on plain values only)


def _freeze(mapping: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in mapping.items()))


def surface_key(state: PlaygroundState) -> tuple:
    return (state.surface, _freeze(state.surface_params), state.expression if state.surface == CUSTOM else "")


def lane_key(lane: Lane) -> tuple:
    return (
        lane.optimizer,
        _freeze(lane.hyperparams),
        lane.schedule,
        _freeze(lane.schedule_params),
        float(lane.noise),
        int(lane.seed),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def get_surface(key: tuple):
    """The Surface object (holds functions, so it is shared rather than pickled)."""
    name, params, expression = key
    if name == CUSTOM:
        return surfaces.from_expression(expression)
    return surfaces.get(name, **dict(params))


@st.cache_data(max_entries=512, show_spinner=False)
def run_lane_cached(skey: tuple, lkey: tuple, start: tuple, steps: int, average: str | None):
    """One lane's trajectory; a change of one lane's hyperparameter recomputes that lane only."""
    optimizer, hyper, schedule, sched_params, noise, seed = lkey
    lane = Lane(optimizer, dict(hyper), schedule, dict(sched_params), noise, seed)
    return compute.run_lane(get_surface(skey), lane, start, steps, average=average)


@st.cache_data(max_entries=64, show_spinner=False)
def landscape_cached(skey: tuple, resolution: int):
    from viz import landscape

    return landscape.compute(get_surface(skey), resolution=resolution)


@st.cache_data(max_entries=64, show_spinner=False)
def theory_cached(skey: tuple):
    surface = get_surface(skey)
    if not surface.is_quadratic:
        return None
    try:
        from scenes.theory import quadratic_theory
    except ImportError:
        return None
    return quadratic_theory(surface)


# ---------------------------------------------------------------------------------------------------------
# Model <-> widgets


def model() -> PlaygroundState:
    return st.session_state[MODEL]


def set_model(state: PlaygroundState) -> None:
    """Replace the model and drop every mirrored widget key (they re-initialise from the new model)."""
    st.session_state[MODEL] = state
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(W)]:
        del st.session_state[key]


def init(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def log_grid(low: float, high: float, value: float) -> list[float]:
    """Log-spaced values from ``low`` to ``high`` (12 a decade), plus ``value`` if it is off the grid."""
    low = low if low and low > 0 else 1e-8
    high = high if high and high > low else low * 1e6
    mantissas = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)
    grid = [
        float(f"{m * 10.0**e:.6g}")
        for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        for m in mantissas
    ]
    grid = [v for v in grid if low <= v <= high]
    if value is not None and value not in grid:
        grid = sorted([*grid, float(value)])
    return grid


def _help(param: Param) -> str:
    return f"{param.help} Range: {param.range_text()}. Default: {param.format(param.default)}.".strip()


def widget_label(param: Param) -> str:
    """``name`` or, when the Param has a LaTeX label, ``$label$ (name)``: the symbol of the lecture and the
    keyword of torch.optim."""
    if not param.label or param.label == param.name:
        return param.name
    symbol = param.label if "$" in param.label else f"${param.label}$"
    return f"{symbol} ({param.name})"


def param_widget(param: Param, key: str, value, label: str | None = None):
    """A widget for ``param`` (log slider, slider, number, checkbox, select, pair); returns its value."""
    label = label or widget_label(param)
    if param.kind == "bool":
        init(key, bool(value))
        return st.checkbox(label, key=key, help=_help(param))
    if param.kind == "choice":
        init(key, value)
        return st.selectbox(label, param.choices, key=key, help=_help(param), format_func=str)
    if param.kind == "pair":
        columns = st.columns(2)
        out = []
        for j, column in enumerate(columns):
            init(f"{key}:{j}", float(value[j]))
            with column:
                out.append(
                    st.number_input(
                        f"{label} [{j + 1}]",
                        min_value=param.low,
                        max_value=param.high,
                        step=0.001,
                        format="%.4f",
                        key=f"{key}:{j}",
                        help=_help(param),
                    )
                )
        return (float(out[0]), float(out[1]))
    if param.kind == "int":
        init(key, int(value))
        low = int(param.low) if param.low is not None else None
        high = int(param.high) if param.high is not None else None
        return int(st.number_input(label, min_value=low, max_value=high, step=1, key=key, help=_help(param)))
    if param.log:
        current = float(st.session_state.get(key, value))
        options = log_grid(param.low, param.high, current)
        init(key, current)
        return float(
            st.select_slider(
                label, options=options, key=key, help=_help(param), format_func=lambda v: f"{v:g}"
            )
        )
    init(key, float(value))
    span = (param.high - param.low) if param.low is not None and param.high is not None else None
    step = None if span is None else 0.001 if span <= 1 else 0.01 if span <= 10 else 0.1
    default = float(param.default)
    on_grid = step is not None and abs(default / step - round(default / step)) < 1e-6
    if on_grid:  # a slider only when its steps hold the default (not for tolerance_grad = 1e-7)
        return float(
            st.slider(
                label,
                min_value=float(param.low),
                max_value=float(param.high),
                step=step,
                key=key,
                help=_help(param),
            )
        )
    return float(
        st.number_input(
            label, min_value=param.low, max_value=param.high, key=key, help=_help(param), format="%g"
        )
    )


def params_widgets(params, base: dict, prefix: str, *, keep: tuple = ()) -> dict:
    """Widgets for a tuple of Params; returns the values that differ from the defaults (plus ``keep``)."""
    values = {}
    for param in params:
        value = param_widget(param, f"{prefix}:{param.name}", base.get(param.name, param.default))
        if param.name in keep or value != param.default:
            values[param.name] = value
    return values


# ---------------------------------------------------------------------------------------------------------
# Callbacks (edit the model, then widgets re-initialise from it)


def on_surface_change() -> None:
    """A new surface: its default parameters and start, and each lane's learning rate for that surface."""
    state = model()
    name = st.session_state[W + "surface"]
    expression = state.expression or st.session_state.get("pg_expression", "")
    lanes = tuple(
        dataclasses.replace(
            lane,
            hyperparams={**lane.hyperparams, **defaults.new_lane_hyperparams(name, lane.optimizer)},
            start=None,
        )
        for lane in state.lanes
    )
    new = dataclasses.replace(state, surface=name, surface_params={}, lanes=lanes, start=None, scene=None)
    if name == CUSTOM:
        new = dataclasses.replace(new, expression=expression or "(x - 1)**2 + 3*(y + 0.5)**2 + sin(2*x)")
        try:
            surfaces.from_expression(new.expression)
        except ValueError:
            new = dataclasses.replace(new, expression="x**2 + 3*y**2")
    else:
        new = dataclasses.replace(new, expression="")
    set_model(new)
    st.session_state.pop("pg_expression_error", None)
    st.toast("Learning rates set to this surface's defaults.")


def on_expression_change() -> None:
    text = st.session_state["pg_expression"]
    try:
        surfaces.from_expression(text)
    except ValueError as error:
        st.session_state["pg_expression_error"] = str(error)
        return
    st.session_state.pop("pg_expression_error", None)
    set_model(dataclasses.replace(model(), surface=CUSTOM, expression=text, scene=None))


def add_lane() -> None:
    state = model()
    if len(state.lanes) >= MAX_LANES:
        return
    used = {lane.optimizer for lane in state.lanes}
    optimizer = next((n for n in ("adam", "rmsprop", "nesterov", "adagrad", "sgd") if n not in used), "sgd")
    if optimizer not in optimizers.names():
        optimizer = optimizers.names()[0]
    lane = Lane(optimizer=optimizer, hyperparams=defaults.new_lane_hyperparams(state.surface, optimizer))
    set_model(dataclasses.replace(state, lanes=(*state.lanes, lane)))
    st.session_state["pg_edit_lane"] = len(state.lanes)  # edit the new lane


def remove_lane(index: int) -> None:
    state = model()
    if len(state.lanes) > 1:
        set_model(dataclasses.replace(state, lanes=state.lanes[:index] + state.lanes[index + 1 :]))
        st.session_state["pg_edit_lane"] = max(0, index - 1)


def on_map_select() -> None:
    """A click on the invisible grid of the map sets the shared start."""
    event = st.session_state.get("pg_map")
    points = (event or {}).get("selection", {}).get("points", [])
    if not points:
        return
    picks = set(st.session_state.get("pg_pick_traces", []))
    point = next((p for p in reversed(points) if p.get("curve_number") in picks), None)
    if point is not None and "x" in point and "y" in point:
        start = (round(float(point["x"]), 2), round(float(point["y"]), 2))
        set_model(dataclasses.replace(model(), start=start))


def reset_start() -> None:
    set_model(dataclasses.replace(model(), start=None))


def open_scene(scene_id: str) -> None:
    state, _ = from_query({"scene": scene_id, "presenter": "1" if model().presenter else "0"})
    set_model(state)


def close_scene() -> None:
    set_model(dataclasses.replace(model(), scene=None))


def snap_heavy_ball(index: int, theory) -> None:
    from scenes.theory import snap_lane

    state = model()
    lanes = (*state.lanes[:index], snap_lane(state.lanes[index], theory), *state.lanes[index + 1 :])
    set_model(dataclasses.replace(state, lanes=lanes))


def set_presenter(flag: bool) -> None:
    set_model(dataclasses.replace(model(), presenter=flag))


# ---------------------------------------------------------------------------------------------------------
# Sidebar: surface, start, steps, view; lanes


def surface_controls(state: PlaygroundState) -> tuple[str, dict, str]:
    names = [*surfaces.names(), CUSTOM]
    init(W + "surface", state.surface)

    def title(name: str) -> str:
        return "Custom expression f(x, y)" if name == CUSTOM else surfaces.spec(name).title

    name = st.selectbox(
        "Loss surface", names, key=W + "surface", format_func=title, on_change=on_surface_change
    )
    if name == CUSTOM:
        init("pg_expression", state.expression)
        st.text_input(
            "f(x, y) =",
            key="pg_expression",
            on_change=on_expression_change,
            help=f"Numbers, x, y, pi, e, + - * / ** and {', '.join(FUNCTIONS)}. Press Enter to apply it.",
        )
        if st.session_state.get("pg_expression_error"):
            st.error(plain(st.session_state["pg_expression_error"]), icon="⚠️")
        return CUSTOM, {}, state.expression
    spec = surfaces.spec(name)
    st.caption(spec.description)
    params = params_widgets(spec.params, state.surface_params, f"{W}sp:{name}")
    try:
        surfaces.get(name, **params)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. Keeping the previous parameters."))
        params = dict(state.surface_params)
    return name, params, ""


def start_controls(state: PlaygroundState, surface) -> tuple[float, float] | None:
    default = compute.shared_start(dataclasses.replace(state, start=None), surface)
    current = state.start or default
    init(W + "start_x", float(current[0]))
    init(W + "start_y", float(current[1]))
    columns = st.columns(2)
    with columns[0]:
        x = st.number_input(
            "start x", key=W + "start_x", format="%.4g", step=0.1, min_value=-1e4, max_value=1e4
        )
    with columns[1]:
        y = st.number_input(
            "start y", key=W + "start_y", format="%.4g", step=0.1, min_value=-1e4, max_value=1e4
        )
    st.caption("Or click on the contour map to move the start.")
    if state.start is not None:
        st.button("Back to the surface's default start", on_click=reset_start)
    start = (float(x), float(y))
    return None if start == default else start


def lane_controls(index: int, lane: Lane, surface_name: str, style) -> Lane:
    prefix = f"{W}lane{index}"
    names = optimizers.names()
    init(prefix + ":opt", lane.optimizer if lane.optimizer in names else names[0])
    name = st.selectbox(
        "Optimizer", names, key=prefix + ":opt", format_func=lambda n: optimizers.spec(n).title
    )
    spec = optimizers.spec(name)
    st.caption(spec.description)
    base = lane.hyperparams if name == lane.optimizer else defaults.new_lane_hyperparams(surface_name, name)
    hyper = params_widgets(spec.params, base, f"{prefix}:{name}", keep=tuple(k for k in ("lr",) if k in base))
    try:
        optimizers.get(name, **hyper)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. This lane keeps its previous settings until this is fixed."))
        hyper = dict(base)
        name = lane.optimizer if name != lane.optimizer and lane.optimizer in names else name

    schedule_names = schedules.names()
    init(prefix + ":schedule", lane.schedule if lane.schedule in schedule_names else CONSTANT)
    schedule = st.selectbox(
        "Learning-rate schedule",
        schedule_names,
        key=prefix + ":schedule",
        format_func=lambda n: schedules.spec(n).title,
    )
    schedule_params = {}
    if schedule != CONSTANT:
        st.caption(schedules.spec(schedule).description)
        base_sp = lane.schedule_params if schedule == lane.schedule else {}
        schedule_params = params_widgets(schedules.spec(schedule).params, base_sp, f"{prefix}:s:{schedule}")
        try:
            schedules.get(schedule, **schedule_params)
        except (ValueError, TypeError) as error:
            st.error(plain(f"{error}. Using the schedule's defaults."))
            schedule_params = {}

    noise = param_widget(NOISE, prefix + ":noise", lane.noise, label="Gradient noise (std)")
    seed = lane.seed
    if noise > 0:
        init(prefix + ":seed", int(lane.seed))
        seed = int(
            st.number_input("Noise seed", min_value=0, max_value=2**31 - 1, step=1, key=prefix + ":seed")
        )

    columns = st.columns([1, 2])
    with columns[0]:
        init(prefix + ":color", lane.color or style.color)
        color = st.color_picker("Colour", key=prefix + ":color")
    with columns[1]:
        init(prefix + ":label", lane.label or "")
        label = st.text_input("Name (optional)", key=prefix + ":label", max_chars=40)

    init(prefix + ":own_start", lane.start is not None)
    own = st.checkbox("Own start point", key=prefix + ":own_start", help="Start this lane elsewhere.")
    start = None
    if own:
        x0, y0 = lane.start or (0.0, 0.0)
        init(prefix + ":sx", float(x0))
        init(prefix + ":sy", float(y0))
        c1, c2 = st.columns(2)
        with c1:
            sx = st.number_input(
                "x", key=prefix + ":sx", format="%.4g", step=0.1, min_value=-1e4, max_value=1e4
            )
        with c2:
            sy = st.number_input(
                "y", key=prefix + ":sy", format="%.4g", step=0.1, min_value=-1e4, max_value=1e4
            )
        start = (float(sx), float(sy))

    return Lane(
        optimizer=name,
        hyperparams=hyper,
        schedule=schedule,
        schedule_params=schedule_params,
        noise=float(noise),
        seed=seed,
        start=start,
        color=None if color.lower() == style.color.lower() else color,
        label=label or None,
    )


def lane_title(index: int, lane: Lane) -> str:
    spec = optimizers.spec(lane.optimizer)
    defaults_lr = {p.name: p.default for p in spec.params}.get("lr")
    lr = lane.hyperparams.get("lr", defaults_lr)
    lr_text = f" · lr {lr:g}" if lr is not None else ""
    return f"{index + 1}. {lane.label or spec.title}{lr_text}"


# ---------------------------------------------------------------------------------------------------------
# Presenter mode

PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
[data-testid="stExpandSidebarButton"], .pg-secondary { display: none !important; }
.stApp { font-size: 1.25rem; }
.stMainBlockContainer, .block-container { padding-top: 3.2rem !important; max-width: 100% !important; }
.stApp h1 { font-size: 2.3rem; padding-top: 0; }
.stMarkdown p, .stMarkdown li, .stCaptionContainer { font-size: 1.3rem !important; }
</style>
"""


def scene_bar(state: PlaygroundState) -> None:
    """Previous / next scene, where we are, reset a changed scene, close it, leave presenter mode."""
    ids = scene_ids()
    columns = st.columns([1.2, 1.2, 1.4, 1.4, 1.4], vertical_alignment="center")
    if state.scene in ids:
        position = ids.index(state.scene)
        with columns[0]:
            st.button(
                "◀ Previous scene",
                disabled=position == 0,
                on_click=open_scene,
                args=(ids[max(position - 1, 0)],),
                key="pg_prev_scene",
            )
        with columns[1]:
            st.button(
                "Next scene ▶",
                disabled=position == len(ids) - 1,
                on_click=open_scene,
                args=(ids[min(position + 1, len(ids) - 1)],),
                key="pg_next_scene",
            )
        with columns[2]:
            preset, _ = from_query({"scene": state.scene})
            changed = dataclasses.replace(preset, presenter=state.presenter) != state
            st.caption(f"Scene {position + 1} of {len(ids)}" + (" · changed" if changed else ""))
        with columns[3]:
            if changed:
                st.button("Reset the scene", on_click=open_scene, args=(state.scene,), key="pg_reset_scene")
            else:
                st.button("Close the scene", on_click=close_scene, key="pg_close_scene")
    with columns[4]:
        if state.presenter:
            st.button("Exit presenter mode", on_click=set_presenter, args=(False,), key="pg_exit_presenter")


# ---------------------------------------------------------------------------------------------------------
# Figures


def lanes_spec(state: PlaygroundState, shared: tuple[float, float]) -> tuple:
    """Everything a figure needs to know of the lanes, as plain values (a cache key)."""
    return tuple(
        (
            lane_key(lane),
            tuple(lane.start) if lane.start is not None else shared,
            lane.color,
            lane_title(index, lane),
        )
        for index, lane in enumerate(state.lanes)
    )


def build_figure(kind, skey, lanes, steps, average, layout, inspect, presenter):
    """One of the page's figures ("map", "3d" or "loss") from plain values; trajectories come from the cache.

    ``inspect`` is ``(lane, step)`` or None; on the map it draws the gradient and the step as arrows, on the
    loss figure a marker at that step.
    """
    from viz import figures
    from viz.palette import lane_style

    surface = get_surface(skey)
    runs = [run_lane_cached(skey, lkey, start, steps, average) for lkey, start, _, _ in lanes]
    paths = []
    for index, ((_, _, color, title), run) in enumerate(zip(lanes, runs, strict=True)):
        averaged = {"polyak": run.polyak, "ema": run.ema}.get(average) if average else None
        paths.append(
            figures.LanePath(
                label=title,
                positions=run.positions,
                losses=run.losses,
                style=lane_style(index, color),
                diverged_at=run.diverged_at,
                average=averaged,
            )
        )
    land = landscape_cached(skey, 160)
    min_loss = float(surface.value(surface.minima[0])) if len(surface.minima) else None
    if kind == "3d":
        return figures.surface3d_figure(land, paths, presenter=presenter, minima=surface.minima)
    if kind == "loss":
        step = inspect[1] if inspect else None
        return figures.loss_figure(
            paths, minima=surface.minima, step=step, presenter=presenter, min_loss=min_loss
        )
    theory = theory_cached(skey)
    overlay = None
    if theory is not None:
        overlay = figures.TheoryOverlay(
            minimum=theory.minimum,
            eigenvectors=theory.eigenvectors,
            eigenvalues=theory.eigenvalues,
            condition_number=theory.condition_number,
        )
    arrows = None
    if inspect is not None:
        lane_index, step = inspect
        numbers = inspect_numbers(runs[lane_index], step)
        arrows = figures.InspectArrows(
            lane=lane_index,
            step=step,
            position=numbers["position"],
            gradient=numbers["grad"],
            update=numbers["update"],
        )
    return figures.map_figure(
        land,
        paths,
        layout=layout,
        minima=surface.minima,
        max_frames=200,
        inspect=arrows,
        theory=overlay,
        presenter=presenter,
        min_loss=min_loss,
    )


@st.cache_resource(max_entries=24, show_spinner=False)
def figure_spec(kind, skey, lanes, steps, average, layout, inspect, presenter) -> dict:
    """:func:`build_figure`'s dict, built once per combination of plain values and shared read-only.

    Building the 6 x 1,000 map costs about 0.1 s; a rerun that changes nothing drawn (the inspector's
    table, a share link) or returns to a previous setting then costs nothing here.
    """
    return build_figure(kind, skey, lanes, steps, average, layout, inspect, presenter)


def inspect_numbers(trajectory, step: int) -> dict:
    row = step - 1
    numbers = {
        "position": np.asarray(trajectory.positions[row], dtype=float),
        "grad": np.asarray(trajectory.grads[row], dtype=float),
        "lr": float(np.asarray(trajectory.lrs)[row]),
        "effective_lr": np.asarray(trajectory.effective_lr[row], dtype=float),
        "update": np.asarray(trajectory.updates[row], dtype=float),
        "next": np.asarray(trajectory.positions[row + 1], dtype=float),
        "states": {name: np.asarray(values[row], dtype=float) for name, values in trajectory.states.items()},
    }
    return numbers


def _vec(v) -> str:
    v = np.atleast_1d(np.asarray(v, dtype=float))
    parts = ", ".join(f"{x:.4g}" for x in v.ravel())
    return f"({parts})" if v.size > 1 else parts


# ---------------------------------------------------------------------------------------------------------
# The page

URL_SCENE = "pg_url_scene"  # the scene id this page last wrote into the URL
_query_scene = st.query_params.get("scene")
# A link to another scene (the gallery's st.page_link, a slide's link) can arrive in a session that already
# has a page state: when the URL's scene is not the one this page last wrote there, the URL wins, as on a
# fresh load.
if MODEL not in st.session_state or (
    _query_scene is not None and _query_scene != st.session_state.get(URL_SCENE)
):
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    loaded, notices = from_query(query)
    st.session_state[MODEL] = loaded
    st.session_state[NOTICES] = (loaded, notices)

state = model()
if state.presenter:
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)

with st.sidebar:
    st.header("Surface")
    surface_name, surface_params, expression = surface_controls(state)
    trial = dataclasses.replace(
        state, surface=surface_name, surface_params=surface_params, expression=expression
    )
    try:
        surface = get_surface(surface_key(trial))
    except ValueError as error:  # a custom expression that no longer parses: keep the last good surface
        st.error(plain(str(error)))
        trial = state
        surface = get_surface(surface_key(state))
    start = start_controls(trial, surface)
    init(W + "steps", int(state.steps))
    steps = int(
        st.number_input(
            f"Steps (at most {MAX_STEPS:,})",
            min_value=1,
            max_value=MAX_STEPS,
            step=50,
            key=W + "steps",
            help="Capped at 5,000 so that every lane stays fast to compute and to draw.",
        )
    )

    st.header("Lanes")
    st.caption(f"Up to {MAX_LANES} optimizers race from the same start.")
    from viz.palette import lane_style

    for index, lane in enumerate(state.lanes):
        style = lane_style(index, lane.color)
        st.markdown(
            f"<span style='color:{style.color};font-size:1.3em'>●</span> "
            f"{html.escape(lane_title(index, lane))} <small>({style.dash} {style.name})</small>",
            unsafe_allow_html=True,
        )
    # One lane's controls at a time: a short sidebar, and far fewer widgets for the browser to draw.
    if st.session_state.get("pg_edit_lane", 0) >= len(state.lanes):
        st.session_state["pg_edit_lane"] = 0
    edit = st.selectbox(
        "Edit lane",
        range(len(state.lanes)),
        # a stable label: Streamlit matches a selectbox's value by its text, so a label that showed the lr
        # would lose the selection when the lr changes
        format_func=lambda i: f"Lane {i + 1}",
        key="pg_edit_lane",
    )
    lanes = list(state.lanes)
    with st.container(border=True):
        lanes[edit] = lane_controls(edit, state.lanes[edit], surface_name, lane_style(edit))
        if len(state.lanes) > 1:
            st.button("Remove this lane", key="pg_remove_lane", on_click=remove_lane, args=(edit,))
    st.button(
        "➕ Add a lane",
        on_click=add_lane,
        disabled=len(state.lanes) >= MAX_LANES,
        help=f"At most {MAX_LANES} lanes.",
        key="pg_add_lane",
    )

    st.header("View")
    init(W + "view", state.view)
    view = st.radio(
        "Map",
        ("contour", "3d"),
        key=W + "view",
        horizontal=True,
        format_func={"contour": "Contour map", "3d": "3D surface"}.get,
    )
    init(W + "layout", state.layout)
    layout = st.radio(
        "Layout",
        ("overlay", "multiples"),
        key=W + "layout",
        horizontal=True,
        format_func={"overlay": "All on one map", "multiples": "Small multiples"}.get,
    )
    init(W + "average", state.average or "none")
    average = st.selectbox(
        "Averaged iterates",
        ("none", "polyak", "ema"),
        key=W + "average",
        format_func={"none": "none", "polyak": "Polyak (running mean)", "ema": "EMA (decay 0.9)"}.get,
        help="Draw the average of the iterates as a second, thinner path per lane.",
    )
    init(W + "presenter", state.presenter)
    presenter = st.toggle(
        "Presenter mode", key=W + "presenter", help="Hide the sidebar, enlarge text and lines."
    )

state = dataclasses.replace(
    trial,
    lanes=tuple(lanes),
    start=start,
    steps=steps,
    view=view,
    layout=layout,
    average=None if average == "none" else average,
    presenter=presenter,
)
if state != st.session_state[MODEL]:
    presenter_changed = state.presenter != model().presenter
    st.session_state[MODEL] = state
    if presenter_changed:  # the presenter CSS is written at the top of the script
        st.rerun()

# The URL always holds the state (a shared link reproduces the picture).
query = to_query(state)
if {key: st.query_params[key] for key in st.query_params} != query:
    st.query_params.from_dict(query)
st.session_state[URL_SCENE] = query.get("scene")

# ---- header, notices, scene ----
if state.scene is not None or state.presenter:
    scene_bar(state)
if state.scene is not None:
    try:
        import scenes

        scene = scenes.get(state.scene)
        st.title(scene.title)
        st.markdown(scene.caption)
        if scene.rules:
            with st.expander("Update rules"):
                st.latex(scene.rules)
    except (ImportError, KeyError):
        st.title("Optimizer Playground")
else:
    st.title("Optimizer Playground")
    st.caption(
        "Optimizers race from the same start across a loss surface. Press ▶ Play above the map, drag the "
        "slider to scrub, tune each lane in the sidebar, and share the link."
    )

st.latex(surface.latex)

loaded, notices = st.session_state.get(NOTICES, (None, []))
if notices and loaded == state:
    st.warning(
        "The link had values that could not be used:\n\n" + "\n".join(f"- {plain(n)}" for n in notices)
    )

# ---- compute (cached per lane) ----
started = time.perf_counter()
skey = surface_key(state)
shared = compute.shared_start(state, surface)
trajectories = []
for lane in state.lanes:
    lane_start = tuple(lane.start) if lane.start is not None else shared
    trajectories.append(run_lane_cached(skey, lane_key(lane), lane_start, state.steps, state.average))

for index, (lane, trajectory) in enumerate(zip(state.lanes, trajectories, strict=True)):
    if trajectory.diverged_at is not None:
        st.warning(
            f"**{lane_title(index, lane)}** diverged at step {int(trajectory.diverged_at)}: its path stops "
            "where it left the bounded region (marked with a cross). Lower its learning rate.",
            icon=":material/warning:",
        )

theory = theory_cached(skey)

# ---- figures ----
try:
    from viz import export as viz_export
    from viz import figures as viz_figures
except ImportError:
    viz_figures = None

inspect_on = st.session_state.get("pg_inspect_arrows", False)
inspect_lane = min(int(st.session_state.get("pg_inspect_lane", 0)), len(state.lanes) - 1)
inspect_step = min(int(st.session_state.get("pg_inspect_step", 1)), state.steps)

figure_key = None
if viz_figures is None:
    st.info("The plotting layer (viz/) is not available yet.")
else:
    lanes_key = lanes_spec(state, shared)
    inspect_key = (inspect_lane, inspect_step) if inspect_on else None
    figure_key = (skey, lanes_key, state.steps, state.average, state.layout, inspect_key, state.presenter)
    if state.view == "3d":
        left, right = st.columns([3, 2])
        with left:
            spec3d = figure_spec("3d", *figure_key)
            chart.plotly_chart(spec3d, key="pg_3d")
        with right:
            loss_spec = figure_spec("loss", *figure_key)
            chart.plotly_chart(loss_spec, key="pg_loss")
        st.caption("The 3D view is static; switch to the contour map to play the race.")
    else:
        map_spec = figure_spec("map", *figure_key)
        # Clicks count only on the invisible landscape grid (not on paths or the loss panels).
        st.session_state["pg_pick_traces"] = [
            i for i, trace in enumerate(map_spec["data"]) if trace.get("name") == "landscape"
        ]
        chart.plotly_chart(
            map_spec,
            key="pg_map",
            on_select=on_map_select,
            selection_mode="points",
            config={"scrollZoom": False},
        )

server_ms = (time.perf_counter() - started) * 1000

# ---- theory ----
if theory is not None:
    with st.container(border=True):
        lam = np.sort(np.asarray(theory.eigenvalues, dtype=float))
        kappa, limit = theory.condition_number, theory.stability_lr
        hb_lr, hb_momentum = theory.heavy_ball_lr, theory.heavy_ball_momentum
        st.markdown(
            "**Quadratic theory** (constant Hessian $H$): "
            f"eigenvalues $\\lambda$ = **{lam[0]:.4g}**, **{lam[-1]:.4g}** · "
            f"condition number $\\kappa$ = **{kappa:.4g}** · "
            f"gradient descent is stable only for lr < $2/\\lambda_{{\\max}}$ = **{limit:.4g}** · "
            f"optimal heavy ball: lr = **{hb_lr:.4g}**, momentum = **{hb_momentum:.4g}**"
        )
        st.caption(
            "Heavy ball optimum: lr = 4/(√λ_max + √λ_min)², momentum = ((√κ − 1)/(√κ + 1))². The dashed "
            "lines on the map are the Hessian's eigenvectors."
        )
        if st.session_state.get("pg_snap_lane", 0) >= len(state.lanes):
            st.session_state["pg_snap_lane"] = 0
        snap_cols = st.columns([2, 2, 3], vertical_alignment="bottom")
        with snap_cols[0]:
            target = st.selectbox(
                "Lane to snap",
                range(len(state.lanes)),
                format_func=lambda i: lane_title(i, state.lanes[i]),
                key="pg_snap_lane",
            )
        with snap_cols[1]:
            st.button(
                "Snap it to the optimal heavy ball",
                on_click=snap_heavy_ball,
                args=(int(target or 0), theory),
                key="pg_snap",
            )

# ---- inspector ----
st.subheader("Inspect one step")
st.session_state["pg_inspect_lane"] = inspect_lane
st.session_state["pg_inspect_step"] = max(1, inspect_step)
cols = st.columns([2, 3, 2])
with cols[0]:
    st.selectbox(
        "Lane",
        range(len(state.lanes)),
        format_func=lambda i: lane_title(i, state.lanes[i]),
        key="pg_inspect_lane",
    )
with cols[1]:
    st.slider("Step", 1, max(state.steps, 2), key="pg_inspect_step")
with cols[2]:
    st.toggle("Draw gradient and step on the map", key="pg_inspect_arrows")

lane = state.lanes[inspect_lane]
trajectory = trajectories[inspect_lane]
spec = optimizers.spec(lane.optimizer)
diverged = trajectory.diverged_at
if diverged is not None and inspect_step > int(diverged):
    st.warning(f"This lane diverged at step {int(diverged)}; later steps have no numbers.")
numbers = inspect_numbers(trajectory, inspect_step)
k = inspect_step
rows = [
    f"| position before, $x_{{{k - 1}}}$ | {_vec(numbers['position'])} |",
    f"| gradient used, $g_{{{k}}}$ | {_vec(numbers['grad'])} |",
]
for field, value in numbers["states"].items():
    label = spec.state_labels.get(field, field)
    rows.append(f"| {field.replace('_', ' ')}, ${label}$ | {_vec(value)} |")
rows += [
    f"| learning rate this step, $\\eta_{{{k}}}$ | {numbers['lr']:.4g} |",
    f"| effective per-axis lr | {_vec(numbers['effective_lr'])} |",
    f"| step taken, $\\Delta x_{{{k}}}$ | {_vec(numbers['update'])} |",
    f"| position after, $x_{{{k}}}$ | {_vec(numbers['next'])} |",
]
cols = st.columns([2, 3])
with cols[0]:
    st.markdown("| quantity | value (x, y) |\n|---|---|\n" + "\n".join(rows))
with cols[1]:
    st.markdown(f"**{spec.title}**: the update rule")
    st.latex(spec.latex)
    g, u, x_next = numbers["grad"], numbers["update"], numbers["next"]
    st.latex(
        "\\begin{aligned}"
        f"g_{{{k}}} &= ({g[0]:.4g},\\ {g[1]:.4g})\\\\"
        f"\\Delta x_{{{k}}} &= ({u[0]:.4g},\\ {u[1]:.4g})\\\\"
        f"x_{{{k}}} &= x_{{{k - 1}}} + \\Delta x_{{{k}}} = ({x_next[0]:.4g},\\ {x_next[1]:.4g})"
        "\\end{aligned}"
    )

# ---- share and export ----
st.subheader("Share and export")
base = st.context.url or "http://localhost:8501/"
link = base + "?" + urlencode(query, safe=":,|=*")
st.caption("Copy this link: opening it reproduces this picture (the copy button is at the right of the box).")
st.code(link, language=None, wrap_lines=True)
cols = st.columns(3)
with cols[0]:
    st.download_button(
        "Trajectories (CSV)",
        data=lambda: export.trajectories_csv(state, trajectories),
        file_name="trajectories.csv",
        mime="text/csv",
        key="pg_csv",
        on_click="ignore",
    )
with cols[1]:
    st.download_button(
        "Trajectories and state (JSON)",
        data=lambda: export.trajectories_json(state, trajectories, surface),
        file_name="trajectories.json",
        mime="application/json",
        key="pg_json",
        on_click="ignore",
    )
with cols[2]:
    st.download_button(
        "Animation (HTML, plays offline)",
        data=(lambda: viz_export.standalone_html(build_figure("map", *figure_key))) if figure_key else "",
        file_name="optimizer-race.html",
        mime="text/html",
        disabled=figure_key is None,
        key="pg_html",
        on_click="ignore",
    )
st.caption(f"Server time for the numbers and figures: {server_ms:.0f} ms.")
