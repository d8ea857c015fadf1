"""The network lab's player as a Streamlit component (components v2): one transport for every figure.

One Play/Pause, Step, Reset, speed menu and scrubber (the map player's transport, ``ui/map_player/
transport.js``, with its clock by elapsed time, Space key and live region) drive every figure of one or two
configurations, drawn on canvases in the browser from one binary message (:mod:`viz.lab_player`): the
decision regions, the loss and accuracy curves with a moving step marker, the network diagram, the hidden
activations' histograms, the gradient norms and the update/weight ratios. Its JavaScript (the map player's
drawing helpers and transport, then ``ui/lab_player/``) and CSS are sent inline with the element: nothing is
fetched, so it plays offline, and no Plotly figure (no 4.7 MB chunk, no frames) is involved.

It reports ``step`` (a state: the step shown when playback pauses, ends, steps or the scrubber is released).
"""

from __future__ import annotations

import base64
import functools
import html
import pathlib

import streamlit as st

from ui import map_player

ASSETS = pathlib.Path(__file__).with_name("lab_player")
NAME = "cs231n_lab_player"
SHARED = ("canvas.js", "transport.js")  # the map player's drawing helpers and its transport
SCRIPTS = ("decode.js", "figures.js", "paint.js", "instruments.js", "diagram.js", "player.js", "pure.js")


def script() -> str:
    """The player's JavaScript, one module (default export ``mountLabPlayer(component)``, export ``labPure``
    the functions its unit tests call), headed by the message's schema as ``LAB_SCHEMA``."""
    schema = (ASSETS / "schema.json").read_text(encoding="utf-8").strip()
    shared = [(map_player.ASSETS / name).read_text(encoding="utf-8") for name in SHARED]
    own = [(ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS]
    return "\n".join([f"// ui/lab_player/schema.json\nconst LAB_SCHEMA = {schema};", *shared, *own])


def style() -> str:
    return map_player.style() + (ASSETS / "player.css").read_text(encoding="utf-8")


@functools.cache
def _component():
    # Registered on first use, inside a script run (registering at import time logs a warning).
    return st.components.v2.component(NAME, js=script(), css=style(), isolate_styles=False)


def lab_player(message: bytes, *, key: str, on_step=None):
    """Draw the lab's message ``message`` (:func:`viz.lab_player.payload`); ``on_step`` runs (a widget
    callback) when the visitor paused, stepped or scrubbed: the step is :func:`shown_step`."""
    return _component()(key=key, data=message, height="content", on_step_change=on_step or _ignore)


def _ignore() -> None:
    return None


def shown_step(key: str) -> int | None:
    """The step the player ``key`` last reported, None before any."""
    return map_player.shown_step(key)


# Runs once the module above has defined the player: the inlined message, decoded, drawn in #lab.
_START = """
const text = document.getElementById("lab-message").textContent.trim();
const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const ignore = () => {};
mountLabPlayer({ data: bytes, parentElement: document.getElementById("lab"), setStateValue: ignore,
  setTriggerValue: ignore });
"""


def page(message: bytes, *, title: str) -> str:
    """The lab's message as one HTML page that plays offline, as the map's export does
    (:func:`ui.map_player.page`): the script, its CSS and the message (base64) inline, nothing fetched.
    ``title`` is escaped; the runs' titles travel in the message and are drawn as text."""
    code = script()
    if "</script" in code.lower():
        raise ValueError("the player's script cannot be inlined: it contains </script")
    data = base64.b64encode(message).decode("ascii")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{style()}{map_player.PAGE_STYLE}</style></head>\n"
        f'<body><main><h1>{html.escape(title)}</h1><div id="lab"></div></main>\n'
        f'<script type="application/octet-stream" id="lab-message">{data}</script>\n'
        f'<script type="module">\n{code}\n{_START}</script>\n</body></html>\n'
    )
