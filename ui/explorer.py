"""The landscape explorer's Streamlit pieces: opening a link, the optimizer and settings widgets, the cached
runs of the four tools and each tool's panel (chart, caption, links, files).

What the panels say is computed in :mod:`explorer.page`; the runs are :mod:`explorer`'s, within the budget
:mod:`explorer.budget` plans and :mod:`ui.budget` enforces (its notice, one slot for expensive runs, a stop
at the CPU deadline or when the visitor leaves).
"""

from __future__ import annotations

import dataclasses
import urllib.parse

import streamlit as st

import explorer
import optimizers
import scenes
from explorer import budget as explorer_budget
from explorer import export, page
from explorer import settings as ex
from explorer.sweep import overlay
from playground.keys import freeze, surface_key
from playground.state import Lane, PlaygroundState, to_query
from scenes.explorer import EXPLORER
from ui import budget, cache, lecture, session
from ui.chart import plotly_chart
from ui.params import param_widget, params_widgets
from ui.text import plain
from viz.explorer_basins import basin_figure
from viz.explorer_stats import ensemble_figure, range_test_figure
from viz.explorer_sweep import sweep_figure
from viz.landscape import compute as landscape

SETTINGS, NOTICES, FIRST_TOOL = "ex_settings", "ex_notices", "ex_first_tool"
SCENE = "ex_scene"  # the scene the page last opened from a link: where presenter mode's clicker stands
TAB = "ex_tab"  # the tabs' key


@dataclasses.dataclass(frozen=True)
class Task:
    """What every tool runs on: the page's state and its one lane, the surface, the start and cache keys;
    ``stop`` and ``batch`` are the run loop's stop and the most points a vectorised run takes (the plan's)."""

    state: PlaygroundState
    surface: object
    start: tuple[float, float]
    stop: object = None
    batch: int | None = None

    @property
    def lane(self) -> Lane:
        return self.state.lanes[0]

    @property
    def skey(self) -> tuple:
        return surface_key(self.state)

    @property
    def okey(self) -> tuple:
        return (self.lane.optimizer, freeze(self.lane.hyperparams))


def optimizer_of(key):
    return optimizers.get(key[0], **dict(key[1]))


# ``_stop`` and ``_batch`` (left out of the cache keys by their underscores) change when a run ends or how
# it is split, never its numbers; a run the stop ends raises, and nothing is cached.
# at most about 2 MB each (a 200 x 200 basin map); dropped after 15 minutes unused, as every cache
@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner="Running every start…")
def basins(skey, okey, grid, steps, tol, _stop=None, _batch=None):
    opt = optimizer_of(okey)
    found = explorer.basin_map(cache.surface(skey), opt, None, grid, steps, tol, stop=_stop, batch=_batch)
    # the sample paths as one batch of starts (a batch may round differently from single runs: unseen here)
    starts = found.sample_starts(explorer_budget.SAMPLE_PATHS)
    paths = optimizers.run(opt, cache.surface(skey), starts, steps, stop=explorer.Halt(_stop).loop_stop)
    return found, [paths[:, i] for i in range(len(starts))]


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner="Running every cell…")
def phase(skey, okey, start, axes, steps, tol, _stop=None, _batch=None):
    surface, opt = cache.surface(skey), optimizer_of(okey)
    return explorer.sweep(surface, opt, start, dict(axes), steps, tol, stop=_stop, batch=_batch)


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner="Running every seed…")
def cloud(skey, okey, start, members, compare, level, steps, tol, _stop=None):
    option = {"noise": level} if compare == "noise" else {"batch_size": int(level)}
    return explorer.ensemble(
        cache.surface(skey),
        optimizer_of(okey),
        start,
        members,
        steps=steps,
        tolerance=tol,
        stop=_stop,
        **option,
    )


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner=False)
def ramp(skey, okey, start, lrs, count, _stop=None):
    surface, opt = cache.surface(skey), optimizer_of(okey)
    return explorer.lr_range_test(surface, opt, start, lrs[0], lrs[1], count, stop=_stop)


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner=False)
def contour(skey):
    picture = landscape(cache.surface(skey), resolution=80, image_resolution=16)
    return picture.x, picture.y, picture.normalize(picture.z)


def open_link(model: session.PageModel) -> None:
    """On the first run of a session, or when presenter mode's PageDown opened a scene of this page: the
    state and settings from the URL (a scene id opens its preset, and is the lecture's place here)."""
    jumped = lecture.arrived() is not None
    if not jumped and model.exists():
        return
    if jumped:
        st.session_state.pop(TAB, None)  # the scene's tool opens, not the tab the last scene left open
    query = session.query()
    presets = scenes.presets(EXPLORER)
    st.session_state[SCENE] = next((s for s in query.get("scene", ()) if s in presets), None)
    state, found_settings, found = ex.read_link(query, presets)
    model.set(state)
    st.session_state[SETTINGS], st.session_state[NOTICES] = found_settings, found
    st.session_state[FIRST_TOOL] = found_settings.tool  # the tabs' default must not change between reruns


def scene_query(state, current: ex.ExplorerSettings) -> dict[str, str]:
    """``{"scene": id}`` while the page still shows the scene it opened (its state and settings as the
    scene's link alone gives them), so that a reload reopens the scene; ``{}`` once it is changed."""
    shown = st.session_state.get(SCENE)
    if shown is None:
        return {}
    opened, opened_settings, _ = ex.read_link({"scene": [shown]}, scenes.presets(EXPLORER))
    return {"scene": shown} if (opened, opened_settings) == (state, current) else {}


def settings() -> ex.ExplorerSettings:
    return st.session_state[SETTINGS]


def store_settings(value: ex.ExplorerSettings) -> None:
    st.session_state[SETTINGS] = value


def link_notices() -> list[str]:
    return st.session_state.get(NOTICES, [])


def optimizer_picker(model: session.PageModel, lane: Lane) -> tuple[str, dict]:
    """The optimizer and its hyperparameters; a setting the optimizer refuses keeps the previous lane."""
    chosen = st.selectbox(
        "Optimizer",
        optimizers.names(),
        key=model.widget("optimizer", lane.optimizer),
        format_func=lambda n: optimizers.spec(n).title,
    )
    base = lane.hyperparams if chosen == lane.optimizer else {"lr": lane.hyperparams.get("lr", 0.01)}
    hyper = params_widgets(optimizers.spec(chosen).params, base, f"{model.widgets}{chosen}", keep=("lr",))
    try:
        optimizers.get(chosen, **hyper)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. Keeping the previous settings."))
        return lane.optimizer, dict(lane.hyperparams)
    return chosen, hyper


def widgets(current: ex.ExplorerSettings, names) -> dict:
    """The settings' widgets side by side (a learning-rate range gets boxes that show small numbers)."""
    values = {}
    for column, n in zip(st.columns(len(names)), names, strict=True):
        with column:
            if n == "lrs":
                low, high = current.lrs
                box = {"min_value": 1e-8, "max_value": 100.0, "format": "%.1e"}
                values[n] = (
                    st.number_input("lr from", value=low, key="xs:lrs0", **box),
                    st.number_input("lr to", value=high, key="xs:lrs1", **box),
                )
            else:
                values[n] = param_widget(ex.PARAMS_BY_NAME[n], f"xs:{n}", getattr(current, n))
    return values


def tool_widgets(current: ex.ExplorerSettings, tool: str, optimizer: str) -> dict:
    """The open tool's settings; the sweep's two axes are the optimizer's real-valued hyperparameters."""
    edited = {}
    if tool == "sweep":
        floats = [p.name for p in optimizers.spec(optimizer).params if p.kind == "float"]
        left, right = st.columns(2)
        with left:
            x = st.selectbox("Across", floats, index=floats.index(current.x) if current.x in floats else 0)
            edited |= widgets(current, ("xr",))
        with right:
            ups = ["none", *[f for f in floats if f != x]]
            y = st.selectbox("Up", ups, index=ups.index(current.y) if current.y in ups else 0)
            edited |= widgets(current, ("yr",))
        edited |= {"x": x, "y": y}
    return edited | widgets(current, page.TOOL_WIDGETS[tool])


def playground_link(state: PlaygroundState, lane: Lane) -> str:
    """The playground with this page's surface, start and steps and one lane."""
    return "/?" + urllib.parse.urlencode(to_query(dataclasses.replace(state, lanes=(lane,))))


def downloads(task: Task, current: ex.ExplorerSettings, rows, stem: str) -> None:
    header, table = rows
    meta = {
        "surface": task.state.surface,
        "expression": task.state.expression,
        "optimizer": task.lane.optimizer,
        "hyperparams": task.lane.hyperparams,
        "start": list(task.start),
        "steps": task.state.steps,
        **dataclasses.asdict(current),
    }
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("CSV", export.to_csv(header, table), f"{stem}.csv", "text/csv", on_click="ignore")
    right.download_button(
        "JSON", export.to_json(header, table, meta), f"{stem}.json", "application/json", on_click="ignore"
    )


def show_basins(task: Task, current: ex.ExplorerSettings) -> None:
    steps = task.state.steps
    result, paths = basins(task.skey, task.okey, current.grid, steps, current.tol, task.stop, task.batch)
    grid = result.grid
    figure = basin_figure(
        task.surface.window,
        grid.labels,
        grid.steps_to_tolerance,
        result.steps,
        result.minima,
        contour=contour(task.skey),
        paths=paths,
    )
    plotly_chart(figure, key="ex_basins")
    st.caption(
        "Colour: the known minimum a run from that start reaches (within the tolerance); paler: more "
        "steps to settle there; grey: ended elsewhere; black: diverged. White: six sample paths."
    )
    downloads(task, current, export.basin_rows(result), "basins")


def show_sweep(task: Task, current: ex.ExplorerSettings) -> None:
    try:  # an axis the optimizer lacks, or a value it refuses (torch's message, e.g. "Invalid rho value")
        axes = tuple((a, tuple(v)) for a, v in ex.sweep_axes(current, task.lane.optimizer).items())
        result = phase(
            task.skey, task.okey, task.start, axes, task.state.steps, current.tol, task.stop, task.batch
        )
    except ValueError as error:
        st.error(plain(error))
        return
    names, grid = result.axes, result.grid
    figure = sweep_figure(
        names,
        result.values,
        grid.labels,
        grid.steps_to_tolerance,
        grid.diverged_at,
        result.steps,
        **overlay(result),
    )
    event = plotly_chart(figure, key="ex_sweep", on_select="rerun", selection_mode="points")
    picked = page.picked_cells(event, len(names))
    st.caption(page.sweep_caption(result))
    if picked:
        setting = result.setting(picked[0])
        lane = Lane(task.lane.optimizer, {k: setting[k] for k in (*task.lane.hyperparams, *names)})
        st.link_button(
            f"Open {page.setting_words(setting, names)} in the Playground", playground_link(task.state, lane)
        )
    else:
        st.caption("Click a cell to open that setting in the Playground.")
    downloads(task, current, export.sweep_rows(result), "sweep")


def show_ensemble(task: Task, current: ex.ExplorerSettings) -> None:
    if (problem := page.batch_size_problem(task.surface, current.compare, current.levels)) is not None:
        st.error(problem)  # registry names and numbers only
        return
    run = (task.skey, task.okey, task.start, current.members, current.compare)
    results = [cloud(*run, level, task.state.steps, current.tol, task.stop) for level in current.levels]
    panels = [
        page.ensemble_panel(r, current.compare, level)
        for r, level in zip(results, current.levels, strict=True)
    ]
    figure = ensemble_figure(panels, task.surface.minima, floor=page.floor(task.surface))
    plotly_chart(figure, key="ex_ensemble")
    st.caption(page.ensemble_caption(current.members))
    downloads(task, current, export.ensemble_table(current.levels, results), "ensemble")


def show_range(task: Task, current: ex.ExplorerSettings) -> None:
    try:
        result = ramp(task.skey, task.okey, task.start, current.lrs, current.ramp, task.stop)
    except ValueError as error:
        st.error(plain(error))
        return
    limit = page.sgd_limit(task.surface, task.lane.optimizer)
    figure = range_test_figure(result.lrs, result.losses, result.smoothed, result.suggestion, limit)
    plotly_chart(figure, key="ex_range")
    st.caption(page.range_caption(current.ramp, result.stopped_at))
    if result.suggestion is None:
        st.warning("The curve is too short for a suggestion: widen the range or add steps.")
    else:
        st.metric("Suggested learning rate", f"{result.suggestion:.3g}")
        lane = Lane(task.lane.optimizer, {**task.lane.hyperparams, "lr": result.suggestion})
        st.link_button("Send it to a Playground lane", playground_link(task.state, lane))
    downloads(task, current, export.range_rows(result), "range_test")


SHOW = {"basins": show_basins, "sweep": show_sweep, "ensemble": show_ensemble, "range": show_range}


def plan(task: Task, current: ex.ExplorerSettings) -> explorer_budget.ExplorerPlan:
    """The shown tool's plan under this server's budget (:func:`explorer.budget.plan`)."""
    return explorer_budget.plan(current, task.state, budget.budget_seconds())


def show(task: Task, decision: explorer_budget.ExplorerPlan) -> None:
    """The planned tool's panel: the plan's notice (a refusal ends the page), then the runs, holding the
    server's slot for expensive ones and stopping at the deadline or when the visitor leaves."""
    budget.show(decision)
    state = dataclasses.replace(task.state, steps=decision.steps)
    planned = dataclasses.replace(task, state=state, stop=budget.stopper(decision), batch=decision.batch)
    try:
        with budget.slot(decision):
            SHOW[decision.settings.tool](planned, decision.settings)
    except explorer.TimeLimitError:
        st.error(page.time_limit_notice(decision.planned.seconds, decision.deadline_seconds))
