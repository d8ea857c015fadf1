"""Landscape explorer: from where does an optimizer work, for which settings, and how lucky was that run?

The surface, optimizer, start and steps are the playground's (a one-lane
:class:`playground.state.PlaygroundState`, read with the playground's pickers and URL codec); the explorer's
own settings are :mod:`explorer.settings`. Top to bottom: the URL, the sidebar, the tabs (only the open one
computes, cached on plain values), the URL again, the chart and the files (:mod:`ui.explorer`).
"""

from __future__ import annotations

import dataclasses

import streamlit as st

import scenes
from explorer import settings as ex
from playground import compute
from playground.state import MAX_PAGE_STEPS, Lane, to_query
from ui import explorer as tools
from ui import lecture, session, surface
from ui import scenes as scenes_ui
from ui.text import notices

MODEL = session.PageModel("ex_state", "xw:")

# ---- the URL, then the sidebar ----
tools.open_link(MODEL)
state, settings = MODEL.state, tools.settings()
lecture.keys(st.session_state.get(tools.SCENE), (), f"ex_{settings.tool}")  # presenter mode's clicker
scenes_ui.style(lecture.presenter())

with st.sidebar:
    trial, loss, start_choice = surface.surface_section(MODEL, state)
    steps = st.number_input(
        "Steps per run", 1, MAX_PAGE_STEPS, key=MODEL.widget("steps", int(state.steps)), step=50
    )
    st.header("Optimizer")
    chosen, hyper = tools.optimizer_picker(MODEL, state.lanes[0])
    st.header("Explorer")
    edited = tools.widgets(settings, ("tol",))

state = dataclasses.replace(
    trial, lanes=(Lane(chosen, hyper),), start=start_choice, steps=int(steps), scene=None
)
MODEL.store(state)
task = tools.Task(state, loss, tuple(compute.shared_start(state, loss)))

# ---- the tabs: only the open one computes ----
INTRO = (
    "Many runs at once: from where an optimizer reaches which minimum, for which settings it converges, "
    "and how much one run owes to its seed."
)
if lecture.presenter():
    shown = st.session_state.get(tools.SCENE)
    lecture.header("Landscape explorer", scenes.get(shown) if shown else None, INTRO)
else:
    st.title("Landscape explorer")
    st.caption(INTRO)
notices("The link had values that could not be used:", tools.link_notices())
titles = [ex.TOOL_TITLES[t] for t in ex.TOOLS]
first = ex.TOOL_TITLES[st.session_state[tools.FIRST_TOOL]]
tabs = st.tabs(titles, key=tools.TAB, default=first, on_change="rerun")
tool = next((t for t, tab in zip(ex.TOOLS, tabs, strict=True) if tab.open), settings.tool)
panel = tabs[ex.TOOLS.index(tool)]

# presenter mode folds the tool's settings, so that its chart fits the screen below the tabs
with panel, st.expander("Settings", expanded=False) if lecture.presenter() else st.container():
    edited |= tools.tool_widgets(settings, tool, chosen)
settings = dataclasses.replace(settings, tool=tool, **edited)
tools.store_settings(settings)
# the link keeps the full request
session.write_query(
    {
        **tools.scene_query(state, settings),
        **to_query(state),
        **ex.to_query(settings),
        **lecture.presenter_query(),
    }
)
decision = tools.plan(task, settings)  # within this server's budget: run, cut with a notice, or refused

# ---- the chart and the files ----
with panel:
    tools.show(task, decision)
