"""The playground's map as a Streamlit component (components v2): a canvas the browser animates itself.

Why not ``st.plotly_chart``: the first Plotly chart of a page loads Streamlit's plotly.js chunk (about
4.7 MB), which alone made the page 1.7x slower to show than the chart-free shell, and plotly.js repaints the
whole SVG on every animation frame (4-10 frames per second at 6 lanes x 1,000 steps). This component
receives one binary message (:mod:`viz.player`: float32 arrays and the landscape PNG, linear in steps) and
draws the map (one map, or small multiples: one map per lane in a grid, all moving together), its colour
bar, the loss and distance panels and the legend on a ``<canvas>`` with
``requestAnimationFrame``; Play/Pause, the speed menu and a scrubber over every step are HTML controls, and
Space toggles Play when the focus is not in a text field. Its JavaScript and CSS (``ui/map_player/``) are
sent inline with the element: nothing is fetched, so it works offline.

It reports back two values: ``click`` (a trigger: the map point clicked, ``{"x", "y"}`` rounded to two
decimals) and ``step`` (a state: the step shown when playback pauses, ends or the scrubber is released),
which the page hands to the inspector. The element's container carries the CSS class ``st-key-<key>``.
"""

from __future__ import annotations

import functools
import pathlib

import streamlit as st

ASSETS = pathlib.Path(__file__).with_name("map_player")
NAME = "cs231n_map_player"
SCRIPTS = ("canvas.js", "layout.js", "player.js", "paint.js")  # one module: drawing helpers, where things
# go (one map or multiples), the player (state and controls), how it paints


@functools.cache
def _component():
    # Registered on first use, inside a script run (registering at import time logs a warning).
    return st.components.v2.component(
        NAME,
        js="\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS),
        css=(ASSETS / "player.css").read_text(encoding="utf-8"),
        isolate_styles=False,  # the page's tests and the presenter's CSS can reach the player's elements
    )


def map_player(message: bytes, *, key: str, height: int, on_click=None, on_step=None):
    """Draw the map message ``message`` (:func:`viz.player.payload`) ``height`` pixels tall.

    ``on_click`` / ``on_step`` run (as widget callbacks, before the next rerun) when the visitor clicked the
    map / paused or scrubbed; the values are in ``st.session_state[key]``, see :func:`clicked` and
    :func:`shown_step`.
    """
    return _component()(
        key=key,
        data=message,
        height=int(height),
        on_click_change=on_click or _ignore,
        on_step_change=on_step or _ignore,
    )


def _ignore() -> None:
    return None


def clicked(key: str) -> tuple[float, float] | None:
    """The map point of the last click on the player ``key`` (None when there was none or it is odd)."""
    value = _value(key, "click")
    try:
        x, y = float(value["x"]), float(value["y"])
    except (TypeError, KeyError, ValueError):
        return None
    return (round(x, 2), round(y, 2)) if all(abs(v) < 1e300 for v in (x, y)) else None


def shown_step(key: str) -> int | None:
    """The step the player ``key`` last reported (paused, ended or scrubbed), None before any."""
    value = _value(key, "step")
    return int(value) if isinstance(value, int | float) and value == value else None


def _value(key: str, name: str):
    state = st.session_state.get(key)
    if state is None:
        return None
    try:
        return state[name]
    except (KeyError, TypeError):
        return getattr(state, name, None)
