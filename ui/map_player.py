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

The same script and message make the offline HTML export (:func:`page`): one file, the message inlined as
base64, the player started by its own entry point; so the export, the Welcome preview and the gallery's
cards (``tools/make_scene_cards.py`` photographs the page) are this one drawing.
"""

from __future__ import annotations

import base64
import functools
import html
import pathlib
import re

import latex2mathml.converter
import streamlit as st

ASSETS = pathlib.Path(__file__).with_name("map_player")
NAME = "cs231n_map_player"
# One module, in this order: the decoder and drawing helpers, where things go (one map or multiples), the
# transport (Play, speed, scrubber, Space, live region, clock; the network lab's player shares it), the
# player (its state, the frame's order), then its methods by what they do: the legend, the pointer and
# keys, painting the maps (background), the lanes on them and the panels; last its pure functions' namespace.
SCRIPTS = (
    "canvas.js",
    "layout.js",
    "transport.js",
    "player.js",
    "legend.js",
    "pointer.js",
    "maps.js",
    "lanes.js",
    "panels.js",
    "pure.js",
)


def script() -> str:
    """The player's JavaScript, one module (its default export is ``mountPlayer(component)``, its export
    ``pure`` the functions its unit tests call), headed by the message's schema (``schema.json``) as
    ``SCHEMA``: the one the decoder checks each message against."""
    schema = (ASSETS / "schema.json").read_text(encoding="utf-8").strip()
    code = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    return f"// The message's header schema (ui/map_player/schema.json)\nconst SCHEMA = {schema};\n{code}"


def style() -> str:
    return (ASSETS / "player.css").read_text(encoding="utf-8")


@functools.cache
def _component():
    # Registered on first use, inside a script run (registering at import time logs a warning).
    return st.components.v2.component(
        NAME,
        js=script(),
        css=style(),
        isolate_styles=False,  # the page's tests and the presenter's CSS can reach the player's elements
    )


def map_player(message: bytes, *, key: str, on_click=None, on_step=None):
    """Draw the map message ``message`` (:func:`viz.player.payload`): at most its header's ``height`` pixels
    tall, less where the layout needs less (a wide map: the player shrinks to what it draws).

    ``on_click`` / ``on_step`` run (as widget callbacks, before the next rerun) when the visitor clicked the
    map / paused or scrubbed; the values are in ``st.session_state[key]``, see :func:`clicked` and
    :func:`shown_step`.
    """
    return _component()(
        key=key,
        data=message,
        height="content",
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


PAGE_STYLE = """
body { margin: 0; background: #FFFFFF; color: #222222; font-family: Arial, Helvetica, sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 12px 24px 24px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.2em; }
.formula { font-size: 1.2em; margin: 0.3em 0 0.5em; overflow-x: auto; }
.caption { max-width: 62em; margin: 0.3em 0; line-height: 1.4; }
#map { margin-top: 0.8em; }
"""

# Runs once the module above has defined the player: the inlined message, decoded, drawn in #map; the
# callbacks that report to Streamlit do nothing here.
_START = """
const text = document.getElementById("map-message").textContent.trim();
const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const ignore = () => {};
const parentElement = document.getElementById("map");
mountPlayer({ data: bytes, parentElement, setStateValue: ignore, setTriggerValue: ignore });
"""


def formula_markup(latex: str) -> str:
    """The surface's formula as MathML (drawn by the browser itself, nothing fetched); the LaTeX as plain
    text where it cannot be converted."""
    try:
        return latex2mathml.converter.convert(latex)
    except Exception:  # any parser failure: the formula as text is still the formula
        return f"<code>{html.escape(latex)}</code>"


def _with_math(text: str) -> str:
    """A caption of the scenes' registry (not user text) with its ``$...$`` parts as MathML."""
    parts = re.split(r"\$([^$]+)\$", text)
    return "".join(formula_markup(part) if k % 2 else html.escape(part) for k, part in enumerate(parts))


def page(message: bytes, *, title: str, formula: str = "", caption: str = "", notes=()) -> str:
    """The map ``message`` as one HTML page that plays offline: ``title``, the ``formula`` (LaTeX), the
    ``caption`` (a scene's, its ``$...$`` drawn as formulas) and ``notes`` (paragraphs of plain text)
    above the player, whose legend is drawn with the map.

    Everything is inline (the script, its CSS, the message as base64): the file fetches nothing. ``title``
    and ``notes`` are user text (a lane's or a scene's name), escaped here; the lanes' labels travel in
    the message and are drawn as text.
    """
    code = script()
    if "</script" in code.lower():
        raise ValueError("the player's script cannot be inlined: it contains </script")
    paragraphs = f'<p class="caption">{_with_math(caption)}</p>' if caption else ""
    paragraphs += "".join(f'<p class="caption">{html.escape(text)}</p>' for text in notes if text)
    math = f'<p class="formula">{formula_markup(formula)}</p>' if formula else ""
    data = base64.b64encode(message).decode("ascii")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{style()}{PAGE_STYLE}</style></head>\n"
        f'<body><main><h1>{html.escape(title)}</h1>{math}{paragraphs}<div id="map"></div></main>\n'
        f'<script type="application/octet-stream" id="map-message">{data}</script>\n'
        f'<script type="module">\n{code}\n{_START}</script>\n</body></html>\n'
    )
