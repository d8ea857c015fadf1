"""A page's state in ``st.session_state``: one immutable model, the widgets that mirror it, and the URL.

The pattern every page follows: the model (a frozen dataclass) is the truth. Widgets are initialised from
it when their key is missing; after the widgets the page builds the next model from their values and
:meth:`PageModel.store` s it. An edit that is not a single widget (open a scene, add a lane, click the map)
runs in a callback, :meth:`PageModel.edit`, which replaces the model and drops the mirrored widget keys so
they re-initialise from it on the rerun.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import streamlit as st

# Widget keys given their first value, with how many more runs send that value to the browser again.
RESEND = "_session:resend"
RESENDS = 2


def init(key: str, value: Any) -> str:
    """Give widget ``key`` its first value (a widget must not get both ``value=`` and session state).

    The browser shows a value set this way only if it draws the widget of the run that set it. A run that
    follows at once (the clicker reports the window's size as the page loads) can replace that widget before
    the browser has drawn it, and the browser then draws the widget's default while the server keeps the
    value: a shared link's "Small multiples" was drawn as "All on one map", and the next rerun would have sent
    the default back. So the value is sent again, as set, in the next ``RESENDS`` runs that draw the widget
    (whatever it is then: the visitor's change, if any, stands).
    """
    resend = st.session_state.setdefault(RESEND, {})
    if key not in st.session_state:
        st.session_state[key] = value
        resend[key] = RESENDS
    elif resend.get(key):
        st.session_state[key] = st.session_state[key]
        resend[key] -= 1
    else:
        resend.pop(key, None)
    return key


@dataclasses.dataclass(frozen=True)
class PageModel:
    """The model of one page: ``key`` holds the state, widget keys starting with ``stem`` mirror it."""

    key: str
    stem: str

    def exists(self) -> bool:
        return self.key in st.session_state

    @property
    def state(self):
        return st.session_state[self.key]

    @property
    def widgets(self) -> str:
        """The prefix of the mirrored widgets' keys: ``stem`` (``w:``), after a :meth:`replace` ``stem`` and
        its count (``w:2:``). The widgets of a replaced state then have other keys than the new ones, so that
        a value the browser sends late for one of them (it left before the browser had the new page) reaches
        no widget of the new state."""
        count = st.session_state.get(self.key + ":replaced", 0)
        return f"{self.stem}{count}:" if count else self.stem

    def widget(self, name: str, value: Any = None) -> str:
        """The key of mirrored widget ``name``, initialised to ``value`` unless it has a value already."""
        key = self.widgets + name
        if value is not None:
            init(key, value)
        return key

    def set(self, state) -> None:
        """Replace the model and drop every mirrored widget key (they re-initialise from the new model)."""
        st.session_state[self.key] = state
        resend = st.session_state.get(RESEND, {})
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(self.stem)]:
            del st.session_state[key]
            resend.pop(key, None)

    def replace(self, state) -> None:
        """:meth:`set` a state the widgets have not shown (a scene opens), with widgets under new keys."""
        self.set(state)
        st.session_state[self.key + ":replaced"] = st.session_state.get(self.key + ":replaced", 0) + 1

    def store(self, state) -> bool:
        """Keep ``state`` (read from the widgets, which stay as they are); whether it changed."""
        changed = not self.exists() or state != self.state
        st.session_state[self.key] = state
        return changed

    def edit(self, change: Callable, *args: Any) -> None:
        """A callback: ``set(change(state, *args))``. Use as ``on_click=model.edit, args=(change, ...)``."""
        self.set(change(self.state, *args))


def query() -> dict[str, list[str]]:
    """The URL's query parameters, every key with all its values (a repeated key keeps them all)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def write_query(wanted: dict[str, str]) -> None:
    """Make the address bar hold ``wanted`` (only when it differs: each write is a browser history step)."""
    if {key: st.query_params[key] for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
