"""Presenter mode on every page, and one lecture across pages: the clicker walks :func:`scenes.names` (the
lecture's order, :mod:`scenes.lecture`) and opens a scene of another page in that page.

The machinery is the Playground's (:mod:`ui.scenes`, :mod:`ui.clicker`): the same CSS
(:func:`ui.scenes.style`), the same element
that queues PageDown / PageUp and reports the window, the same fitted height
(:func:`viz.theme.fitted_height`), applied here to a page's key figure (:func:`ui.chart.plotly_chart` fits
the chart this module names). A page other than the Playground reads presenter mode from its URL
(``?presenter=1``) on every run and writes it back.
"""

from __future__ import annotations

import streamlit as st

import scenes
from ui import chart, clicker

# url_path (app.py) -> the page's script, for st.switch_page
SCRIPTS = {
    "": "app_pages/playground.py",
    "scenes": "app_pages/scenes.py",
    "explorer": "app_pages/explorer.py",
    "activations": "app_pages/activations.py",
    "initialisation": "app_pages/initialisation.py",
    "network_lab": "app_pages/network_lab.py",
    "welcome": "app_pages/home.py",
}


def presenter() -> bool:
    """Whether the URL asks for presenter mode (``?presenter=1``)."""
    return st.query_params.get("presenter") == "1"


def presenter_query() -> dict[str, str]:
    """What a page adds to the query it writes, so that presenter mode stays on."""
    return {"presenter": "1"} if presenter() else {}


def go(scene_id: str) -> None:
    """Open scene ``scene_id`` in presenter mode in its page (ends this run). The scene stays pending in the
    clicker's cursor (:func:`ui.clicker.target`) until that page has opened it."""
    scene = scenes.get(scene_id)
    st.switch_page(SCRIPTS[scene.page.url_path], query_params=scene.presenter_query)


def arrived() -> str | None:
    """The scene a lecture move opened on this page (then the URL's scene wins over the page's remembered
    state, as on a fresh load): the clicker's pending scene when the URL holds it; None otherwise."""
    jump = clicker.pending()
    return jump if jump is not None and jump == st.query_params.get("scene") else None


def press(move: str) -> None:
    """A callback of the ◀ / ▶ buttons: the move waits for the next run, as a clicker key does."""
    clicker.press(move)


def walk(at: str | None, moves) -> str | None:
    """Where ``moves`` lead from scene ``at`` through the whole lecture (:func:`scenes.names`)."""
    return scenes.lecture.walk(scenes.names(), at, moves)


def opened() -> None:
    """The page shows the scene :func:`keys` returned (see :func:`ui.clicker.opened`)."""
    clicker.opened()


def keys(current: str | None, own_ids, figure_key, beside: tuple[str, ...] = ()):
    """The clicker on a page other than the Playground, in presenter mode: the moves since the last run
    walk the lecture from ``current``; a scene of another page opens there (this run ends), one of this
    page (in ``own_ids``) is returned to be opened here (then call :func:`opened`). A scene of this page
    that a move opened through its link (:func:`arrived`, read before) counts as open. Also mounts the
    element and names the page's key figure ``figure_key`` to fit the window: a chart key, or a function of
    the scene id that gives one. Returns ``(scene to open here or None, screen)``; call it before anything
    is drawn."""
    on = presenter()
    target = clicker.target(on, current, walk, lecture=on)
    if target is not None and target not in own_ids:
        if target != st.query_params.get("scene"):
            go(target)
        opened()  # the page opened it from its link at the top of this run
        target = None
    if callable(figure_key):  # the figure of the scene on screen (a lesson page shows it first)
        figure_key = figure_key(target or current)
    # outside presenter mode nothing is fitted to the window: no report, no rerun when the window changes
    screen = clicker.clicker(on, chart.fit_key(figure_key) if figure_key else "none", report=on)
    chart.fit(figure_key if on else None, screen, *beside, presenting=on)  # ``beside``: fitted with it
    if on and screen is not None:  # the mark the browser tests wait for, as on the Playground
        st.html("<style>:root { --pg-fitted: 1; }</style>")
    return target, screen


def position(scene_id: str | None) -> str:
    """``7 / 41``: where ``scene_id`` stands in the lecture ("" outside it)."""
    ids = scenes.names()
    return f"{ids.index(scene_id) + 1} / {len(ids)}" if scene_id in ids else ""


def header(title: str, scene, intro: str) -> None:
    """Presenter mode's top: the title with ◀ ▶ (as PageUp / PageDown do), where the lecture stands, and
    the way out on one row; the caption (or the page's ``intro``) folded in a closed expander."""
    left, right = st.columns([7, 5], vertical_alignment="center")
    with left:
        st.title(scene.title if scene else title)
    with right.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        buttons(scene.id if scene else None)
    with st.expander("About this scene" if scene else "About this page", expanded=False):
        st.markdown(scene.caption) if scene else st.caption(intro)


def buttons(scene_id: str | None) -> None:
    """◀, ▶, the lecture position, and Exit presenter."""
    ids = scenes.names()
    st.button(
        "◀",
        help="Previous scene (PageUp, ←)",
        disabled=scene_id in (None, ids[0]),
        on_click=press,
        args=("prev",),
        key="lecture_prev",
    )
    st.button(
        "▶",
        help="Next scene (PageDown, →)",
        disabled=scene_id == ids[-1],
        on_click=press,
        args=("next",),
        key="lecture_next",
    )
    if scene_id in ids:
        st.caption(position(scene_id), width="content")
    st.button("Exit presenter", on_click=_exit, key="lecture_exit")


def _exit() -> None:
    if "presenter" in st.query_params:
        del st.query_params["presenter"]
