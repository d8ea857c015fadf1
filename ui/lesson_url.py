"""URL state and lecture presets of the two lesson pages (activations, initialisation).

Each setting is a widget whose key is ``{prefix}_{name}`` (:func:`key`). On a page's first run the widgets
are filled from ``st.query_params`` (or from ``?scene=ID``, one of the page's scenes), with one short notice
per value the URL could not use; afterwards the address bar is kept equal to the widgets' values (defaults
left out), with the scene's id while the widgets hold its preset, and ``presenter=1`` in presenter mode.

Presenter mode (:mod:`ui.lecture`) folds the controls and the scene buttons into a closed expander, and the
clicker walks the lecture: a scene of this page is applied here, one of another page opens there.
"""

from __future__ import annotations

import streamlit as st

from nets.lesson_settings import from_query, to_query
from paramspec.registry import excerpt
from ui import clicker, lecture
from ui import scenes as scenes_ui


def key(prefix: str, name: str) -> str:
    """The key of setting ``name``'s widget: ``{prefix}_{name}``, and after the lecture has opened a scene
    here (:func:`renew`) ``{prefix}_{count}_{name}``: a value the browser sends late for the last scene's
    widget (a key pressed before the browser had the new scene) then reaches no widget of the new one."""
    count = st.session_state.get(f"{prefix}:renewed", 0)
    return f"{prefix}_{count}_{name}" if count else f"{prefix}_{name}"


def renew(prefix: str) -> None:
    """The lecture opens a scene here: its settings go to widgets under new keys (see :func:`key`)."""
    st.session_state[f"{prefix}:renewed"] = st.session_state.get(f"{prefix}:renewed", 0) + 1


def load(prefix: str, params, presets) -> list[str]:
    """Fill the page's widget keys from the URL or a scene once per visit; return the notices."""
    notices: list[str] = []
    jumped = lecture.arrived() is not None  # presenter mode's PageDown opened a scene of this page
    if not jumped and all(key(prefix, p.name) in st.session_state for p in params):
        return notices
    if jumped:
        renew(prefix)
    query = {key: st.query_params[key] for key in st.query_params}
    scene_id = query.pop("scene", None)
    if scene_id is not None:
        by_id = {scene.id: scene for scene in presets}
        if scene_id in by_id:
            query = {**dict(by_id[scene_id].state.query), **query}
            st.session_state[f"{prefix}_scene"] = scene_id
        else:
            notices.append(f"No scene {excerpt(scene_id)!r} on this page (valid: {', '.join(by_id)}).")
    query.pop("presenter", None)
    values, more = from_query(params, query)
    for param in params:
        st.session_state[key(prefix, param.name)] = values[param.name]
    return notices + more


def pick_preset(prefix: str, params, scene) -> None:
    """A preset button's callback: :func:`apply_preset`, and presenter mode's lecture stands there now."""
    apply_preset(prefix, params, scene)
    clicker.stand(scene.id)


def apply_preset(prefix: str, params, scene) -> None:
    """Set the widgets to ``scene``'s query (an ``on_change``/``on_click`` callback)."""
    values, _ = from_query(params, dict(scene.state.query))
    for param in params:
        st.session_state[key(prefix, param.name)] = values[param.name]
    st.session_state[f"{prefix}_scene"] = scene.id


def shown_scene(prefix: str, params, presets):
    """The scene whose preset the widgets hold (the last one opened, unchanged since), else None."""
    by_id = {scene.id: scene for scene in presets}
    scene = by_id.get(st.session_state.get(f"{prefix}_scene"))
    if scene is None:
        return None
    wanted, _ = from_query(params, dict(scene.state.query))
    return scene if wanted == values(prefix, params) else None


def keys(prefix: str, params, presets, figure_key: str):
    """Presenter mode's clicker on a lesson page (:func:`ui.lecture.keys`): a move to a scene of this page
    applies its preset (call it before the widgets), one to another page's opens there. Also writes the
    page's CSS. Returns the reported screen."""
    current = st.session_state.get(f"{prefix}_scene")
    by_id = {scene.id: scene for scene in presets}
    target, screen = lecture.keys(current, by_id, figure_key)
    if target is not None:
        renew(prefix)
        apply_preset(prefix, params, by_id[target])
        lecture.opened()
    scenes_ui.style(lecture.presenter())
    return screen


def top(prefix: str, params, presets, title: str, intro: str) -> None:
    """The page's title; in presenter mode the lecture's header (:func:`ui.lecture.header`)."""
    if lecture.presenter():
        lecture.header(title, shown_scene(prefix, params, presets), intro)
    else:
        st.title(title)


def settings_box():
    """Where the controls go: the page itself, or in presenter mode a closed expander (the key figure
    gets the screen)."""
    if lecture.presenter():
        return st.expander("Settings and lecture scenes", expanded=False)
    return st.container()


def values(prefix: str, params) -> dict:
    return {p.name: st.session_state[key(prefix, p.name)] for p in params}


def sync(params, current: dict, scene=None) -> None:
    """Write the page's state into the address bar when it differs: the values, the ``scene`` the widgets
    show (:func:`shown_scene`), presenter mode."""
    query = {
        **({"scene": scene.id} if scene else {}),
        **to_query(params, current),
        **lecture.presenter_query(),
    }
    if {key: st.query_params[key] for key in st.query_params} != query:
        st.query_params.from_dict(query)


def preset_picker(prefix: str, params, presets) -> None:
    """One button per lecture scene of the page, in rows that wrap (a page may open a dozen scenes)."""
    st.caption("Lecture scenes (presets): each sets the controls to show one lesson.")
    with st.container(horizontal=True):
        for scene in presets:
            st.button(
                scene.title,
                key=f"{prefix}_preset_{scene.id}",
                help=scene.caption,
                on_click=pick_preset,
                args=(prefix, params, scene),
            )
