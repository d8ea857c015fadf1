"""Share and export: the link that reproduces the page, and the files (CSV, JSON, offline HTML)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from playground import export
from playground.state import PlaygroundState

# Left unescaped in a shared link, so that it reads like the URL form (lane1=adam:lr=0.02,betas=0.9|0.999).
READABLE = ":,|=*"


def link(base: str | None, query: dict[str, str]) -> str:
    """The address of ``base``'s page with ``query``: ``http://host/?surface=ravine&...``.

    ``base`` is the browser's address (``st.context.url``, maybe with a query of its own, maybe without the
    ``/`` of the root path); None gives a relative link ``./?...``.
    """
    if not base:
        return "./?" + urlencode(query, safe=READABLE)
    scheme, netloc, path, _, _ = urlsplit(base)
    return urlunsplit((scheme, netloc, path or "/", urlencode(query, safe=READABLE), ""))


def share_box(query: dict[str, str]) -> None:
    st.caption(
        "Copy this link: opening it reproduces this picture (the copy button is at the right of the box)."
    )
    st.code(link(st.context.url, query), language=None, wrap_lines=True)


def downloads(state: PlaygroundState, trajectories: list, surface, html: Callable[[], str]) -> None:
    """Three download buttons; each file is built only when its button is pressed."""
    columns = st.columns(3)
    with columns[0]:
        st.download_button(
            "Trajectories (CSV)",
            data=lambda: export.trajectories_csv(state, trajectories),
            file_name="trajectories.csv",
            mime="text/csv",
            key="pg_csv",
            on_click="ignore",
        )
    with columns[1]:
        st.download_button(
            "Trajectories and state (JSON)",
            data=lambda: export.trajectories_json(state, trajectories, surface),
            file_name="trajectories.json",
            mime="application/json",
            key="pg_json",
            on_click="ignore",
        )
    with columns[2]:
        st.download_button(
            "Animation (HTML, plays offline)",
            data=html,
            file_name="optimizer-race.html",
            mime="text/html",
            key="pg_html",
            on_click="ignore",
        )
