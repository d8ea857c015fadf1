"""Landscape explorer: from where does an optimizer work, for which settings, and how lucky was that run?

The surface, optimizer, start and steps are the playground's (a one-lane
:class:`playground.state.PlaygroundState`, read with the playground's pickers and URL codec); the explorer's
own settings are :mod:`explorer.settings`. Top to bottom: the URL, the sidebar, the tabs (only the open one
computes, cached on plain values), the URL again, the chart, the files.
"""

from __future__ import annotations

import dataclasses
import urllib.parse

import streamlit as st

import explorer
import optimizers
import scenes
from explorer import export
from explorer import settings as ex
from explorer.sweep import overlay
from playground import compute
from playground.budget import budget_seconds
from playground.keys import freeze, surface_key
from playground.state import CUSTOM, MAX_PAGE_STEPS, Lane, from_query, to_query
from scenes.explorer import EXPLORER
from ui import cache, session, surface
from ui.chart import plotly_chart
from ui.params import param_widget, params_widgets
from ui.text import notices, plain
from viz.explorer_basins import basin_figure
from viz.explorer_stats import ensemble_figure, range_test_figure
from viz.explorer_sweep import sweep_figure
from viz.landscape import compute as landscape

MODEL = session.PageModel("ex_state", "xw:")
LECTURE = scenes.presets(EXPLORER)  # scene id -> ExplorerPreset, what ?scene=ID opens
SETTINGS, NOTICES, FIRST_TOOL = "ex_settings", "ex_notices", "ex_first_tool"
TOOL_WIDGETS = {
    "basins": ("grid",),
    "sweep": ("cells",),
    "ensemble": ("members", "compare", "levels"),
    "range": ("lrs", "ramp"),
}


def optimizer_of(key):
    return optimizers.get(key[0], **dict(key[1]))


@st.cache_data(max_entries=16, show_spinner="Running every start…")
def basins(skey, okey, grid, steps, tol):
    return explorer.basin_map(cache.surface(skey), optimizer_of(okey), None, grid, steps, tol)


@st.cache_data(max_entries=16, show_spinner="Running every cell…")
def phase(skey, okey, start, axes, steps, tol):
    return explorer.sweep(cache.surface(skey), optimizer_of(okey), start, dict(axes), steps, tol)


@st.cache_data(max_entries=16, show_spinner="Running every seed…")
def cloud(skey, okey, start, members, compare, level, steps, tol):
    option = {"noise": level} if compare == "noise" else {"batch_size": int(level)}
    return explorer.ensemble(
        cache.surface(skey), optimizer_of(okey), start, members, steps=steps, tolerance=tol, **option
    )


@st.cache_data(max_entries=16, show_spinner=False)
def ramp(skey, okey, start, lrs, count):
    return explorer.lr_range_test(cache.surface(skey), optimizer_of(okey), start, lrs[0], lrs[1], count)


@st.cache_data(max_entries=16, show_spinner=False)
def contour(skey):
    picture = landscape(cache.surface(skey), resolution=80, image_resolution=16)
    return picture.x, picture.y, picture.normalize(picture.z)


def widgets(names) -> dict:
    """The settings' widgets side by side (a learning-rate range gets boxes that show small numbers)."""
    values = {}
    for column, n in zip(st.columns(len(names)), names, strict=True):
        with column:
            if n == "lrs":
                low, high = settings.lrs
                box = {"min_value": 1e-8, "max_value": 100.0, "format": "%.1e"}
                values[n] = (
                    st.number_input("lr from", value=low, key="xs:lrs0", **box),
                    st.number_input("lr to", value=high, key="xs:lrs1", **box),
                )
            else:
                values[n] = param_widget(ex.PARAMS_BY_NAME[n], f"xs:{n}", getattr(settings, n))
    return values


def playground_query(state) -> dict:
    """The playground codec's query of ``state`` without a scene id (its lanes written out)."""
    return {k: [v] for k, v in to_query(dataclasses.replace(state, scene=None)).items()}


def playground_link(state, lane: Lane) -> str:
    """The playground with this page's surface, start and steps and one lane."""
    return "/?" + urllib.parse.urlencode(to_query(dataclasses.replace(state, lanes=(lane,))))


def downloads(rows, stem: str) -> None:
    header, table = rows
    meta = {
        "surface": state.surface,
        "expression": state.expression,
        "optimizer": lane.optimizer,
        "hyperparams": lane.hyperparams,
        "start": list(start),
        "steps": state.steps,
        **dataclasses.asdict(settings),
    }
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("CSV", export.to_csv(header, table), f"{stem}.csv", "text/csv", on_click="ignore")
    right.download_button(
        "JSON", export.to_json(header, table, meta), f"{stem}.json", "application/json", on_click="ignore"
    )


def show_sweep() -> None:
    try:
        axes = ex.sweep_axes(settings, lane.optimizer)
    except ValueError as error:
        st.error(plain(error))
        return
    result = phase(
        skey, okey, start, tuple((a, tuple(v)) for a, v in axes.items()), state.steps, settings.tol
    )
    theory, names = result.theory, result.axes
    figure = sweep_figure(
        names,
        result.values,
        result.grid.labels,
        result.grid.steps_to_tolerance,
        result.grid.diverged_at,
        result.steps,
        **overlay(result),
    )
    event = plotly_chart(figure, key="ex_sweep", on_select="rerun", selection_mode="points")
    picked = [
        p["customdata"][: len(names)]
        for p in (event or {}).get("selection", {}).get("points", [])
        if "customdata" in p
    ]
    if theory is None:
        st.caption("No theory line: it needs a quadratic surface and SGD, momentum or Nesterov.")
    else:
        st.caption(
            f"Theory: spectral radius of the iteration matrix, λ_max = {theory.lambda_max:.4g}. Cells "
            f"where it is below 1: {int(theory.converges.sum())}; measured converged: "
            f"{int((result.grid.labels >= 0).sum())} of {result.grid.labels.size}."
        )
    if picked:
        cell = tuple(int(i) for i in picked[0])
        setting = result.setting(cell)
        words = ", ".join(f"{a} = {setting[a]:.4g}" for a in names)
        st.link_button(
            f"Open {words} in the Playground",
            playground_link(
                state, Lane(lane.optimizer, {k: setting[k] for k in (*lane.hyperparams, *names)})
            ),
        )
    else:
        st.caption("Click a cell to open that setting in the Playground.")
    downloads(export.sweep_rows(result), "sweep")


def show_ensemble() -> None:
    if settings.compare == "batch_size" and getattr(loss, "data", None) is None:
        st.error(
            "Batch sizes need a data surface (linear or logistic regression); compare noise levels here."
        )
        return
    panels, results = [], []
    for level in settings.levels:
        result = cloud(
            skey, okey, start, settings.members, settings.compare, level, state.steps, settings.tol
        )
        what = f"noise std {level:g}" if settings.compare == "noise" else f"batch of {int(level)}"
        panels.append(
            {
                "title": f"{what}: {result.fraction_converged:.0%} converged, "
                f"{result.fraction_diverged:.0%} diverged",
                "points": result.members.final_points,
                "losses": result.members.final_losses,
                "centroid": result.centroid,
                "spread": result.spread,
            }
        )
        results.append(result)
    floor = float(min(loss.value(loss.minima))) if len(loss.minima) else 0.0
    plotly_chart(
        ensemble_figure(panels, loss.minima, floor=floor),
        key="ex_ensemble",
    )
    st.caption(
        f"{settings.members} seeds per setting; seed s is the Playground's run with seed s. Spread: the "
        "root-mean-square distance of the final points from their centroid (the cross)."
    )
    header, rows = export.ensemble_rows(results[0])
    second = export.ensemble_rows(results[1])[1]
    downloads(
        (
            ["setting", *header],
            [[settings.levels[0], *r] for r in rows] + [[settings.levels[1], *r] for r in second],
        ),
        "ensemble",
    )


def show_range() -> None:
    try:
        result = ramp(skey, okey, start, settings.lrs, settings.ramp)
    except ValueError as error:
        st.error(plain(error))
        return
    bowl = explorer.theory.bowl(loss)
    limit = 2.0 / float(bowl.eigenvalues[-1]) if bowl is not None and lane.optimizer == "sgd" else None
    plotly_chart(
        range_test_figure(result.lrs, result.losses, result.smoothed, result.suggestion, limit),
        key="ex_range",
    )
    stop = "ran to the end" if result.stopped_at is None else f"stopped at step {result.stopped_at + 1}"
    st.caption(f"One run of {settings.ramp} steps with the learning rate growing exponentially; it {stop}.")
    if result.suggestion is None:
        st.warning("The curve is too short for a suggestion: widen the range or add steps.")
    else:
        st.metric("Suggested learning rate", f"{result.suggestion:.3g}")
        st.link_button(
            "Send it to a Playground lane",
            playground_link(state, Lane(lane.optimizer, {**lane.hyperparams, "lr": result.suggestion})),
        )
    downloads(export.range_rows(result), "range_test")


# ---- the URL, then the sidebar ----
if not MODEL.exists():
    found_settings, rest, found = ex.from_query(session.query())
    preset = LECTURE.get(str(rest.pop("scene", [""])[0]).strip())
    if preset is not None:  # a lecture scene's link: its preset, whatever else the link says
        rest, found_settings = playground_query(preset.playground), preset.settings
    loaded, more = from_query(rest)
    first = loaded.lanes[0] if "lane1" in rest else Lane("momentum", {"lr": 0.01})
    # a map of 200 steps leaves most slow starts unsettled: the explorer's runs default to 500
    MODEL.set(dataclasses.replace(loaded, lanes=(first,), steps=loaded.steps if "steps" in rest else 500))
    st.session_state[SETTINGS], st.session_state[NOTICES] = found_settings, found + more
    st.session_state[FIRST_TOOL] = found_settings.tool  # the tabs' default must not change between reruns
state, settings = MODEL.state, st.session_state[SETTINGS]

with st.sidebar:
    st.header("Surface")
    name, surface_params, expression = surface.surface_picker(MODEL)
    trial = dataclasses.replace(state, surface=name, surface_params=surface_params, expression=expression)
    try:
        loss = cache.surface(surface_key(trial))
    except ValueError as error:
        st.error(plain(error))
        trial, loss = state, cache.surface(surface_key(state))
    start_choice = surface.start_picker(MODEL, trial, loss)
    steps = st.number_input(
        "Steps per run", 1, MAX_PAGE_STEPS, key=MODEL.widget("steps", int(state.steps)), step=50
    )
    st.header("Optimizer")
    lane = state.lanes[0]
    names = optimizers.names()
    chosen = st.selectbox(
        "Optimizer",
        names,
        key=MODEL.widget("optimizer", lane.optimizer),
        format_func=lambda n: optimizers.spec(n).title,
    )
    base = lane.hyperparams if chosen == lane.optimizer else {"lr": lane.hyperparams.get("lr", 0.01)}
    hyper = params_widgets(optimizers.spec(chosen).params, base, f"{MODEL.widgets}{chosen}", keep=("lr",))
    try:
        optimizers.get(chosen, **hyper)
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. Keeping the previous settings."))
        chosen, hyper = lane.optimizer, dict(lane.hyperparams)
    st.header("Explorer")
    edited = widgets(("tol",))

lane = Lane(chosen, hyper)
state = dataclasses.replace(trial, lanes=(lane,), start=start_choice, steps=int(steps), scene=None)
MODEL.store(state)
skey, okey = surface_key(state), (chosen, freeze(hyper))
start = tuple(compute.shared_start(state, loss))

st.title("Landscape explorer")
st.caption(
    "Many runs at once: from where an optimizer reaches which minimum, for which settings it converges, "
    "and how much one run owes to its seed."
)
notices("The link had values that could not be used:", st.session_state.get(NOTICES, []))
titles = [ex.TOOL_TITLES[t] for t in ex.TOOLS]
tabs = st.tabs(titles, key="ex_tab", default=ex.TOOL_TITLES[st.session_state[FIRST_TOOL]], on_change="rerun")
tool = next((t for t, tab in zip(ex.TOOLS, tabs, strict=True) if tab.open), settings.tool)
panel = tabs[ex.TOOLS.index(tool)]

with panel:
    if tool == "sweep":
        floats = [p.name for p in optimizers.spec(chosen).params if p.kind == "float"]
        left, right = st.columns(2)
        with left:
            x = st.selectbox("Across", floats, index=floats.index(settings.x) if settings.x in floats else 0)
            edited |= widgets(("xr",))
        with right:
            ups = ["none", *[f for f in floats if f != x]]
            y = st.selectbox("Up", ups, index=ups.index(settings.y) if settings.y in ups else 0)
            edited |= widgets(("yr",))
        edited |= {"x": x, "y": y}
    edited |= widgets(TOOL_WIDGETS[tool])
settings = dataclasses.replace(settings, tool=tool, **edited)
st.session_state[SETTINGS] = settings
session.write_query({**to_query(state), **ex.to_query(settings)})
refusal = ex.over_budget(settings, state.steps, state.surface == CUSTOM, budget_seconds())

with panel:
    if refusal:
        st.error(refusal)
    elif tool == "basins":
        result = basins(skey, okey, settings.grid, state.steps, settings.tol)
        paths = [optimizers.run(optimizer_of(okey), loss, p, state.steps) for p in result.sample_starts(6)]
        plotly_chart(
            basin_figure(
                loss.window,
                result.grid.labels,
                result.grid.steps_to_tolerance,
                result.steps,
                result.minima,
                contour=contour(skey),
                paths=paths,
            ),
            key="ex_basins",
        )
        st.caption(
            "Colour: the known minimum a run from that start reaches (within the tolerance); paler: more "
            "steps to settle there; grey: ended elsewhere; black: diverged. White: six sample paths."
        )
        downloads(export.basin_rows(result), "basins")
    elif tool == "sweep":
        show_sweep()
    elif tool == "ensemble":
        show_ensemble()
    else:
        show_range()
