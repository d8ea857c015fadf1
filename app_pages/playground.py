"""Playground: optimizers racing side by side on a loss surface, animated, inspectable, shareable.

The page state is a :class:`playground.state.PlaygroundState` (the model, see :mod:`ui.session`); the URL is
that state written down. Top to bottom: read the URL, the sidebar's widgets, the next state, the URL again;
then the numbers (cached per lane), the chart, the theory, the inspector, the share box and the files.
"""

from __future__ import annotations

import dataclasses
import time

import streamlit as st

from playground import compute, defaults, edits, story
from playground.keys import lane_key, surface_key
from playground.picture import lane_title, lanes_key
from playground.state import (
    AVERAGES,
    CUSTOM,
    LAYOUTS,
    MAX_LANES,
    MAX_PAGE_STEPS,
    VIEWS,
    from_query,
    to_query,
)
from ui import budget, cache, figures, inspector, lanes, map_player, scenes, session, share, surface
from ui.params import radio
from ui.text import notices, plain

MODEL = session.PageModel("pg_state", "w:")
NOTICES = "pg_notices"  # (the state the URL gave, its notices): shown while the page still shows that state
VIEW_TITLES = dict(zip(VIEWS, ("Contour map", "3D surface"), strict=True))
LAYOUT_TITLES = dict(zip(LAYOUTS, ("All on one map", "Small multiples"), strict=True))
AVERAGE_TITLES = dict(
    zip(["none", *AVERAGES[1:]], ("none", "Polyak (running mean)", "EMA (decay 0.9)"), strict=True)
)

# A link to another scene can arrive in a session that already has a page state: the URL wins, as on a
# fresh load, unless it holds a scene this page wrote there itself (an older address, see ui/scenes.py).
scenes.open_its_page(st.query_params.get("scene"))  # a lecture scene of another page opens there
jumped = scenes.lecture_arrived()  # presenter mode's PageDown came from another page's scene
if jumped or not MODEL.exists() or scenes.link_arrived(st.query_params.get("scene")):
    query = session.query()  # no query at all: the fresh page's fair race (playground/story.py)
    loaded, found = from_query(query, scenes.PRESETS) if query else (story.opening(), [])
    (MODEL.replace if jumped else MODEL.set)(loaded)  # a jump: the last scene's widgets are not reused
    st.session_state[NOTICES] = (loaded, found)

screen = scenes.keys(MODEL, "pg_map")  # clicker keys move the scene; the window's size fits the map
state = MODEL.state
scenes.presenter_style(state)

with st.sidebar:
    trial, loss, start = surface.surface_section(MODEL, state)
    steps = st.number_input(
        f"Steps (at most {MAX_PAGE_STEPS:,})",
        min_value=1,
        max_value=MAX_PAGE_STEPS,
        step=50,
        key=MODEL.widget("steps", int(state.steps)),
        help=f"Capped at {MAX_PAGE_STEPS:,} so that every lane stays fast to compute and to draw.",
    )

    st.header("Lanes")
    st.caption(f"Up to {MAX_LANES} optimizers race from the same start.")
    edited = lanes.lanes_editor(
        MODEL,
        new_lane=lambda used: edits.new_lane(trial.surface, used),
        hyperparams_for=lambda optimizer: defaults.new_lane_hyperparams(trial.surface, optimizer),
        own_start=edits.own_start(loss, compute.shared_start(trial, loss)),
    )

    st.header("View")
    view = radio("Map", MODEL.widget("view", state.view), VIEW_TITLES)
    layout = radio("Layout", MODEL.widget("layout", state.layout), LAYOUT_TITLES)
    average = st.selectbox(
        "Averaged iterates",
        tuple(AVERAGE_TITLES),
        key=MODEL.widget("average", state.average or "none"),
        format_func=AVERAGE_TITLES.get,
        help="Draw the average of the iterates as a second, thinner path per lane.",
    )
    presenter = st.toggle(
        "Presenter mode",
        key=MODEL.widget("presenter", state.presenter),
        help="Hide the sidebar, enlarge text and lines.",
    )

state = dataclasses.replace(
    trial,
    lanes=edited,
    start=start,
    steps=int(steps),
    view=view,
    layout=layout,
    average=None if average == "none" else average,
    presenter=presenter,
)
presenter_changed = state.presenter != MODEL.state.presenter
if MODEL.store(state) and presenter_changed:
    st.rerun()  # the presenter CSS is written at the top of the script

query = to_query(state, scenes.PRESETS)
session.write_query(query)  # the URL always holds the state: a shared link reproduces the picture
scenes.wrote(query.get("scene"))

# ---- header, notices, numbers ----
scenes.top(
    MODEL,
    "Optimizer Playground",
    "Optimizers race from the same start across a loss surface; a fresh page starts each one at its own "
    "tuned learning rate. Press ▶ Play, drag the slider to scrub, tune each lane in the sidebar, and "
    "share the link.",
    loss.latex,
)
if state.surface == CUSTOM and (undefined := compute.domain_notice(loss)):
    st.info(undefined, icon=":material/info:")
loaded, found = st.session_state.get(NOTICES, (None, []))
if loaded == state:
    notices("The link had values that could not be used:", found)

plan = budget.plan(state)  # within this server's compute budget: a notice if cut; refused, the page ends
shown = dataclasses.replace(state, steps=plan.steps)  # what is computed and drawn; the URL keeps the request
stop = budget.stopper(plan)
started = time.perf_counter()
skey = surface_key(state)
shared = compute.shared_start(state, loss)
with budget.slot(plan):
    trajectories = [
        cache.trajectory(skey, lane_key(lane), tuple(lane.start or shared), shown.steps, state.average, stop)
        for lane in state.lanes
    ]

# ---- chart ----
inspect_lane, inspect_step, arrows = inspector.selection(shown)
key = figures.FigureKey(
    surface=skey,
    lanes=lanes_key(state, shared),
    steps=shown.steps,
    average=state.average,
    layout=state.layout,
    inspect=(inspect_lane, inspect_step) if arrows else None,
    presenter=state.presenter,
    narrow="Mobi" in (st.context.headers.get("User-Agent") or ""),  # a phone's browser says "Mobile"
)
if state.view == "3d":
    left, right = st.columns([3, 2])
    with left:
        figures.chart(figures.figure_dict("3d", key), key="pg_3d")
    with right:
        figures.chart(figures.figure_dict("loss", key), key="pg_loss")
    st.caption("The 3D view is a still; switch to the contour map to play the race.")
elif figures.map_drawing() == "none":
    st.caption("The map is left out here (PLAYGROUND_MAP=none).")
else:  # the canvas player, one map or small multiples: drawn and animated in the browser

    def on_player_click() -> None:
        if (point := map_player.clicked("pg_map")) is not None:
            MODEL.set(dataclasses.replace(MODEL.state, start=point))

    height = figures.map_height(key, screen)
    message = figures.player_message(
        key,
        step=inspector.map_step(inspect_step),
        lane=inspect_lane,
        height=height,
        screen=screen,
        opening=scenes.openings(),
    )
    figures.player_chart(
        message,
        key="pg_map",
        on_click=on_player_click,
        on_step=lambda: inspector.follow_map(map_player.shown_step("pg_map")),
    )
if (race := story.race_sentence(loss, state.lanes, trajectories)) is not None:
    st.caption(plain(race))
# why a path ends early, in the words and at the step its label on the map gives (under the map: a scene
# opened from its card shows its map first)
for index, (lane, run) in enumerate(zip(state.lanes, trajectories, strict=True)):
    if (reason := compute.stop_reason(run, loss)) is not None:
        st.warning(f"**{plain(lane_title(index, lane))}** {reason}.", icon=":material/warning:")
scenes.below(MODEL, loss.latex)
server_ms = (time.perf_counter() - started) * 1000

# ---- inspector (right under the map it draws on and follows), theory, share ----
inspector.inspector(shown, trajectories, loss)
inspector.theory_panel(MODEL, cache.theory(skey))
st.subheader("Share and export")
share.share_box(query)


def export_page() -> str:  # the map as one HTML file, built only when its button is pressed
    title, caption = scenes.export_words(state, loss.title)
    notes = [race] if race else []
    return figures.standalone_html(key, title=title, formula=loss.latex, caption=caption, notes=notes)


share.downloads(shown, trajectories, loss, html=export_page)
st.caption(f"Server time for the numbers and figures: {server_ms:.0f} ms.")
