"""Lecture scenes on a page: the bar that steps through them, their header, and presenter mode."""

from __future__ import annotations

import dataclasses

import streamlit as st

import scenes
from playground.state import PlaygroundState
from ui import chart, clicker, inspector, lecture, surface
from ui.session import PageModel

WRITTEN = "pg_url_scenes"  # every scene id this page has written into the URL in this session
OPENINGS = "pg_openings"  # how many times this session opened a scene: the map player restarts on a change
# What belongs to the scene on screen beside its state: the inspector's lane and step, the map's last step,
# the formula box.
_SCENE_KEYS = (
    inspector.LANE,
    inspector.STEP,
    inspector.STEPS_SEEN,
    inspector.MAP_SHOWN,
    surface.EXPRESSION,
    surface.EXPRESSION_ERROR,
)

# Every mode: less empty space above the title (Streamlit's default is 6rem), the map starts higher; not
# less than Streamlit's header (3.75rem, white), which would hide the top of the scene bar's buttons.
PAGE_CSS = """
.stMainBlockContainer, .block-container { padding-top: 4rem; }
.stApp h1 { padding-top: 0.25rem; font-size: 2.4rem; }
"""

# Presenter mode: no sidebar and no Streamlit header; text sized by the window (2.25 vh is 24 px at
# 1080p, 18 px at 720p; narrow windows by their width), so that the title, the bar, the folded caption
# and the whole map fit one screen. The title keeps its whole height (Streamlit pulls the next element 1rem
# up under a heading, which a title of two lines then overlaps).
PRESENTER_CSS = """
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"], .pg-secondary {
    display: none !important; }
.stApp {
    --pg-text: clamp(18px, min(2.25vh, 1.3vw), 32px);
    --pg-title: clamp(26px, min(3.4vh, 2vw), 46px);
    --pg-subtitle: clamp(22px, min(2.8vh, 1.6vw), 38px);
    font-size: var(--pg-text); }
.stMainBlockContainer, .block-container {
    padding: 0.5rem 1.2rem 1rem 1.2rem !important; max-width: 100% !important; }
.stApp h1 { font-size: var(--pg-title) !important; padding: 0 !important; line-height: 1.15; }
[data-testid="stHeading"]:has(h1) [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.stApp h2, .stApp h3 { font-size: var(--pg-subtitle) !important; }
.stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stExpander"] summary, [data-testid="stExpander"] summary p, .stButton button,
.stButton button p, [data-testid="stWidgetLabel"] p { font-size: var(--pg-text) !important; }
.stTabs [role="tab"] p { font-size: var(--pg-text) !important; }
.stButton button { min-height: 0; padding: 0.1em 0.6em; }
[data-testid="stExpander"] summary { padding-top: 0.25em; padding-bottom: 0.25em; }
"""


PRESETS = scenes.presets()  # scene id -> state: what the URL codec reads ?scene=ID with


def preset(scene_id: str, presenter: bool = False) -> PlaygroundState:
    """The state scene ``scene_id`` opens (``KeyError`` for an unknown id)."""
    return dataclasses.replace(PRESETS[scene_id], presenter=presenter)


def _open(state: PlaygroundState, scene_id: str) -> PlaygroundState:
    return preset(scene_id, state.presenter)


def open_scene(model: PageModel, scene_id: str) -> None:
    """Open scene ``scene_id`` as a fresh page shows it (a callback, or before the widgets): its preset,
    the inspector and the map at its opening step, not at the step the previous scene was left on."""
    model.replace(_open(model.state, scene_id))
    for key in _SCENE_KEYS:
        st.session_state.pop(key, None)
    st.session_state[OPENINGS] = openings() + 1


def lecture_arrived() -> bool:
    """Whether a lecture move from another page opened this page on the URL's scene (:func:`ui.lecture.go`):
    the URL then wins over the page's remembered state, and the last scene's inspector and map are gone."""
    if lecture.arrived() is None:
        return False
    for key in _SCENE_KEYS:
        st.session_state.pop(key, None)
    st.session_state[OPENINGS] = openings() + 1
    return True


def openings() -> int:
    """How many times this session opened a scene (the map player starts over when it changes)."""
    return int(st.session_state.get(OPENINGS, 0))


def _close(state: PlaygroundState) -> PlaygroundState:
    return dataclasses.replace(state, scene=None)


def _presenter(state: PlaygroundState, flag: bool) -> PlaygroundState:
    return dataclasses.replace(state, presenter=flag)


def presenter_style(state: PlaygroundState) -> None:
    """The page's CSS, and presenter mode's (written first, so it applies from the first paint). Style-only
    ``st.html`` goes to Streamlit's event container: it adds no gap to the page."""
    style(state.presenter)


def style(presenter: bool) -> None:
    """The CSS of :func:`presenter_style`, for any page (presenter mode on every page, :mod:`ui.lecture`)."""
    st.html("<style>" + clicker.CSS + PAGE_CSS + (PRESENTER_CSS if presenter else "") + "</style>")


def keys(model: PageModel, map_key: str):
    """The clicker keys (next / previous scene, as the bar's buttons do) and the reported screen size
    (:func:`ui.clicker.clicker`). The keys pressed since the last run move the scene, all at once; call it
    before reading the page's state. Presenter mode walks the whole lecture (:func:`scenes.names`): a scene
    of another page opens in that page, and this run ends; otherwise the keys walk the Playground's scenes."""
    state = model.state
    navigate = state.scene is not None or state.presenter
    walker = lecture.walk if state.presenter else walk
    target = clicker.target(navigate, state.scene, walker, lecture=state.presenter)
    if target is not None and target not in PRESETS:
        lecture.go(target)  # presenter mode walks the whole lecture
    if target is not None:
        open_scene(model, target)  # in this run: the widgets below start from the scene's preset
        clicker.opened()
    clicker_screen = clicker.clicker(navigate, map_key)
    chart.fit(None, clicker_screen)  # the Playground fits its map, not a chart
    if clicker_screen is not None:  # a mark the browser tests wait for: this run sizes the map for the window
        st.html("<style>:root { --pg-fitted: 1; }</style>")
    return clicker_screen


def open_its_page(url_scene: str | None) -> None:
    """A link to a lecture scene of another page (``/?scene=sigmoid-vanishes-deep``, the lecture's first)
    opens that page on the scene, in presenter mode if the link asks for it (this run ends); a Playground
    scene or an unknown id stays here (the URL codec names an unknown one)."""
    if url_scene is None or url_scene in PRESETS or url_scene not in scenes.names():
        return
    page = lecture.SCRIPTS[scenes.get(url_scene).page.url_path]
    st.switch_page(page, query_params={**scenes.get(url_scene).query, **lecture.presenter_query()})


def link_arrived(url_scene: str | None) -> bool:
    """Whether the URL's scene is a link that arrived in this session (the URL then wins, as on a fresh
    load), not an address this page wrote there itself: a request the browser sends before it has the
    page's newest address (a key pressed while the page runs) carries an older one, and must not send the
    lecture back."""
    return url_scene is not None and url_scene not in st.session_state.get(WRITTEN, ())


def wrote(scene_id: str | None) -> None:
    """Remember that this page wrote ``scene_id`` into the URL (see :func:`link_arrived`)."""
    written = st.session_state.get(WRITTEN, ())
    if scene_id is not None and scene_id not in written:
        st.session_state[WRITTEN] = (*written, scene_id)


def step_scene(scene_id: str | None, move: str) -> str | None:
    """The Playground scene ``move`` ("next" / "prev") leads to from ``scene_id`` (None: none that way).
    Outside a scene, "next" opens the first one."""
    return scenes.lecture.step(PRESETS, scene_id, move)


def walk(scene_id: str | None, moves) -> str | None:
    """The Playground scene the key ``moves`` lead to from ``scene_id``, one after the other (a move past
    either end stays); None when no move went anywhere."""
    return scenes.lecture.walk(PRESETS, scene_id, moves)


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
                on_click=open_scene,
                args=(model, ids[max(position - 1, 0)]),
                key="pg_prev_scene",
            )
        with columns[1]:
            st.button(
                "Next scene ▶",
                disabled=position == len(ids) - 1,
                on_click=open_scene,
                args=(model, ids[min(position + 1, len(ids) - 1)]),
                key="pg_next_scene",
            )
        changed = preset(state.scene, state.presenter) != state
        with columns[2]:
            st.caption(f"Scene {position + 1} of {len(ids)}" + (" · changed" if changed else ""))
        with columns[3]:
            if changed:
                st.button(
                    "Reset the scene", on_click=open_scene, args=(model, state.scene), key="pg_reset_scene"
                )
            else:
                st.button("Close the scene", on_click=model.edit, args=(_close,), key="pg_close_scene")
    with columns[4]:
        if state.presenter:
            st.button(
                "Exit presenter mode", on_click=model.edit, args=(_presenter, False), key="pg_exit_presenter"
            )


def top(model: PageModel, title: str, intro: str, formula: str) -> None:
    """What stands above the map: the scene bar and the title; on the page without a scene, its ``intro``
    and the surface's ``formula`` (LaTeX) too. A scene's caption, update rules and formula go below the
    map (:func:`below`), so that a scene opened from its card shows its map first.

    Presenter mode puts the title and the scene buttons on one row and folds the caption, the rules and
    the formula into one closed expander, so that the map gets the rest of the screen.
    """
    state = model.state
    scene = scenes.get(state.scene) if state.scene in PRESETS else None
    heading = scene.title if scene else title
    if not state.presenter:
        scene_bar(model)
        st.title(heading)
        if scene is None:
            _about(None, intro, formula)
        return
    left, right = st.columns([7, 5], vertical_alignment="center")
    with left:
        st.title(heading)
    # one row of buttons, also when a phone stacks the two columns
    with right.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        _presenter_buttons(model)
    with st.expander("About this scene" if scene else "About this page", expanded=False):
        _caption(scene, intro)
        if scene and scene.rules:
            st.latex(scene.rules)
        st.latex(formula)


def below(model: PageModel, formula: str) -> None:
    """A scene's caption, beside the surface's ``formula``, and its update rules, under the map (outside
    presenter mode; presenter mode folds them into the expander above the map)."""
    state = model.state
    if state.presenter or state.scene not in PRESETS:
        return
    scene = scenes.get(state.scene)
    _about(scene, "", formula)
    if scene.rules:
        with st.expander("Update rules"):
            st.latex(scene.rules)


def export_words(state, surface_title: str) -> tuple[str, str]:
    """The HTML export's title and caption: the open scene's, else the surface's name and no caption."""
    scene = scenes.get(state.scene) if state.scene in PRESETS else None
    return (scene.title, scene.caption) if scene else (f"Optimizer race on {surface_title}", "")


def _about(scene, intro: str, formula: str) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        _caption(scene, intro)
    with right:
        st.latex(formula)


def _caption(scene, intro: str) -> None:
    if scene:
        st.markdown(scene.caption)
    else:
        st.caption(intro)


def _presenter_buttons(model: PageModel) -> None:
    """◀ and ▶ through the whole lecture (as PageUp / PageDown do), where we are or reset a changed scene,
    and the way out."""
    state = model.state
    ids = scenes.names()
    st.button(
        "◀",
        help="Previous scene (PageUp, ←)",
        disabled=state.scene in (None, ids[0]),
        on_click=lecture.press,
        args=("prev",),
        key="pg_prev_scene",
    )
    st.button(
        "▶",
        help="Next scene (PageDown, →)",
        disabled=state.scene == ids[-1],
        on_click=lecture.press,
        args=("next",),
        key="pg_next_scene",
    )
    if state.scene in PRESETS and preset(state.scene, True) != state:
        st.button("Reset", on_click=open_scene, args=(model, state.scene), key="pg_reset_scene")
    elif state.scene in PRESETS:
        st.caption(lecture.position(state.scene), width="content")
    st.button("Exit presenter", on_click=model.edit, args=(_presenter, False), key="pg_exit_presenter")
