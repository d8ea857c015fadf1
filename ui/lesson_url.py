"""URL state and lecture presets of the two lesson pages (activations, initialisation).

Each setting is a widget whose key is ``{prefix}_{name}``. On a page's first run the widgets are filled from
``st.query_params`` (or from ``?scene=ID``, one of the page's scenes), with one short notice per value the
URL could not use; afterwards the address bar is kept equal to the widgets' values (defaults left out).
"""

from __future__ import annotations

import streamlit as st

from nets.lesson_settings import from_query, to_query
from paramspec.registry import excerpt


def load(prefix: str, params, presets) -> list[str]:
    """Fill the page's widget keys from the URL or a scene once per visit; return the notices."""
    notices: list[str] = []
    if all(f"{prefix}_{p.name}" in st.session_state for p in params):
        return notices
    query = {key: st.query_params[key] for key in st.query_params}
    scene_id = query.pop("scene", None)
    if scene_id is not None:
        by_id = {scene.id: scene for scene in presets}
        if scene_id in by_id:
            query = {**dict(by_id[scene_id].state.query), **query}
        else:
            notices.append(f"No scene {excerpt(scene_id)!r} on this page (valid: {', '.join(by_id)}).")
    values, more = from_query(params, query)
    for param in params:
        st.session_state[f"{prefix}_{param.name}"] = values[param.name]
    return notices + more


def apply_preset(prefix: str, params, scene) -> None:
    """Set the widgets to ``scene``'s query (an ``on_change``/``on_click`` callback)."""
    values, _ = from_query(params, dict(scene.state.query))
    for param in params:
        st.session_state[f"{prefix}_{param.name}"] = values[param.name]


def values(prefix: str, params) -> dict:
    return {p.name: st.session_state[f"{prefix}_{p.name}"] for p in params}


def sync(params, current: dict) -> None:
    """Write the page's state into the address bar when it differs."""
    query = to_query(params, current)
    if {key: st.query_params[key] for key in st.query_params} != query:
        st.query_params.from_dict(query)


def preset_picker(prefix: str, params, presets) -> None:
    """One button per lecture scene of the page, in a row."""
    st.caption("Lecture scenes (presets): each sets the controls to show one lesson.")
    columns = st.columns(len(presets))
    for column, scene in zip(columns, presets, strict=True):
        column.button(
            scene.title,
            key=f"{prefix}_preset_{scene.id}",
            help=scene.caption,
            on_click=apply_preset,
            args=(prefix, params, scene),
            use_container_width=True,
        )
