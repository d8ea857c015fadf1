"""Lecture scenes on a page: the bar that steps through them, their header, and presenter mode."""

from __future__ import annotations

import dataclasses

import streamlit as st

import scenes
from playground.state import PlaygroundState
from ui.session import PageModel

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


PRESETS = scenes.presets()  # scene id -> state: what the URL codec reads ?scene=ID with


def preset(scene_id: str, presenter: bool = False) -> PlaygroundState:
    """The state scene ``scene_id`` opens (``KeyError`` for an unknown id)."""
    return dataclasses.replace(PRESETS[scene_id], presenter=presenter)


def _open(state: PlaygroundState, scene_id: str) -> PlaygroundState:
    return preset(scene_id, state.presenter)


def _close(state: PlaygroundState) -> PlaygroundState:
    return dataclasses.replace(state, scene=None)


def _presenter(state: PlaygroundState, flag: bool) -> PlaygroundState:
    return dataclasses.replace(state, presenter=flag)


def presenter_style(state: PlaygroundState) -> None:
    """Presenter mode's CSS: no sidebar, larger text (written first, so it applies from the first paint)."""
    if state.presenter:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)


def scene_bar(model: PageModel) -> None:
    """Previous / next scene, where we are, reset a changed scene or close it, leave presenter mode."""
    state = model.state
    if state.scene is None and not state.presenter:
        return
    ids = list(PRESETS)  # presenter mode walks through the Playground's scenes
    columns = st.columns([1.2, 1.2, 1.4, 1.4, 1.4], vertical_alignment="center")
    if state.scene in ids:
        position = ids.index(state.scene)
        with columns[0]:
            st.button(
                "◀ Previous scene",
                disabled=position == 0,
                on_click=model.edit,
                args=(_open, ids[max(position - 1, 0)]),
                key="pg_prev_scene",
            )
        with columns[1]:
            st.button(
                "Next scene ▶",
                disabled=position == len(ids) - 1,
                on_click=model.edit,
                args=(_open, ids[min(position + 1, len(ids) - 1)]),
                key="pg_next_scene",
            )
        changed = preset(state.scene, state.presenter) != state
        with columns[2]:
            st.caption(f"Scene {position + 1} of {len(ids)}" + (" · changed" if changed else ""))
        with columns[3]:
            if changed:
                st.button(
                    "Reset the scene", on_click=model.edit, args=(_open, state.scene), key="pg_reset_scene"
                )
            else:
                st.button("Close the scene", on_click=model.edit, args=(_close,), key="pg_close_scene")
    with columns[4]:
        if state.presenter:
            st.button(
                "Exit presenter mode", on_click=model.edit, args=(_presenter, False), key="pg_exit_presenter"
            )


def header(state: PlaygroundState, title: str, intro: str) -> None:
    """The scene's title, caption and rules, or the page's own ``title`` and ``intro``."""
    if state.scene in PRESETS:
        scene = scenes.get(state.scene)
        st.title(scene.title)
        st.markdown(scene.caption)
        if scene.rules:
            with st.expander("Update rules"):
                st.latex(scene.rules)
        return
    st.title(title)
    st.caption(intro)
