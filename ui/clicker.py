"""A presentation clicker and the browser's viewport, reported to Python by one small components v2 element.

A clicker sends PageDown / PageUp (some send the arrow keys): the element listens for ``keydown`` on the
document (no iframe: components v2 run in the page) and reports ``"next"`` or ``"prev"`` as a trigger, unless
the focus is in something that uses those keys itself (a text box, a slider, a select box, a radio group). It
also reports the window's inner size and where the map's element starts in the page, so that the page can
give the map the height that fits the screen (:func:`viz.theme.fitted_height`).

Space belongs to the map player (play and pause), not to this element.
"""

from __future__ import annotations

import functools

import streamlit as st

KEY = "pg_keys"
NEXT_KEYS = ("PageDown", "ArrowRight", "ArrowDown")
PREVIOUS_KEYS = ("PageUp", "ArrowLeft", "ArrowUp")
# Where these keys already mean something: typing, sliders (arrows move them), pickers and menus.
OWN_KEYS = (
    "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='slider'], "
    "[role='listbox'], [role='combobox'], [role='spinbutton'], [role='radiogroup'], [role='radio'], "
    "[role='tab'], [role='menu'], [role='option']"
)

_JS = """
export default function (component) {
    const { setTriggerValue, setStateValue, data } = component;
    const moves = {};
    for (const key of data.next) moves[key] = "next";
    for (const key of data.previous) moves[key] = "prev";
    const onKey = (event) => {
        const move = moves[event.key];
        if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        if (!data.navigate) return;
        const target = event.target;
        if (target && target.closest && target.closest(data.own)) return;
        event.preventDefault();
        setTriggerValue("nav", move);
    };
    // The window's size and the map's top in the page (scrolling undone), reported when they change.
    let last = null;
    const measure = () => {
        const map = document.querySelector(data.map);
        let top = null;
        if (map) {
            top = map.getBoundingClientRect().top + window.scrollY;
            for (let e = map.parentElement; e; e = e.parentElement) top += e.scrollTop || 0;
            top = Math.round(top);
        }
        return [window.innerWidth, window.innerHeight, top];
    };
    // Once the script has finished and the map has kept its place for one poll (a page without the map:
    // for 2 s): a report reruns the script, and a rerun that interrupts a run (the first one, before its
    // widgets exist, above all) loses widget values.
    let pending = null;
    let steadyPolls = 0;
    const close = (v, w) => (v === null) === (w === null) && Math.abs(v - w) <= 3;
    const same = (a, b) => !!a && !!b && a.every((v, i) => close(v, b[i]));
    const busy = () => {  // the script is running: a report now would interrupt it
        const app = document.querySelector('[data-testid="stApp"]');
        const state = (app && app.getAttribute("data-test-script-state")) || "";
        return state !== "notRunning" && /run/i.test(state);
    };
    const report = () => {
        if (busy()) { steadyPolls = 0; return; }
        const size = measure();
        steadyPolls = same(size, pending) ? steadyPolls + 1 : 0;
        pending = size;
        if (steadyPolls < (size[2] === null ? 8 : 1) || same(size, last)) return;
        last = size;
        setStateValue("screen", size);
    };
    const timer = setInterval(report, 250);
    const onResize = () => { pending = null; };
    if (window.__pgClickerCleanup) window.__pgClickerCleanup();
    document.addEventListener("keydown", onKey);
    window.addEventListener("resize", onResize);
    const cleanup = () => {
        document.removeEventListener("keydown", onKey);
        window.removeEventListener("resize", onResize);
        clearInterval(timer);
    };
    window.__pgClickerCleanup = cleanup;
    return cleanup;
}
"""

# Out of the flow of the page: the element draws nothing and must not add a gap above the title.
CSS = f".st-key-{KEY} {{ position: absolute !important; width: 0; height: 0; overflow: hidden; }}"


@functools.cache
def _component():
    # Registered on first use, inside a script run (registering at import time logs a warning).
    return st.components.v2.component("pg_clicker", js=_JS)


def _ignore() -> None:
    """The trigger and the state are read from the element's result; the callbacks only register them."""


def clicker(navigate: bool, map_key: str) -> tuple[str | None, tuple[int, int, int | None] | None]:
    """Mount the element; return the key move of this run (``"next"``, ``"prev"`` or ``None``; only with
    ``navigate``) and the last reported screen ``(width, height, map_top)`` in CSS pixels (``None`` until
    known; ``map_top`` is ``None`` while the element ``.st-key-<map_key>`` is not on the page)."""
    result = _component()(
        key=KEY,
        data={
            "next": NEXT_KEYS,  # tuples: a list would make Streamlit load pandas to ask if it is a table
            "previous": PREVIOUS_KEYS,
            "own": OWN_KEYS,
            "navigate": bool(navigate),
            "map": f".st-key-{map_key}",
        },
        default={"screen": None},
        on_nav_change=_ignore,
        on_screen_change=_ignore,
    )
    move = result.get("nav") if navigate else None
    return (move if move in ("next", "prev") else None), _screen(result.get("screen"))


def _screen(value) -> tuple[int, int, int | None] | None:
    """The reported ``[width, height, top]`` as numbers (``None`` for anything else)."""
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        return None
    try:
        width, height = int(value[0]), int(value[1])
        top = None if value[2] is None else int(value[2])
    except (TypeError, ValueError):
        return None
    return (width, height, top) if width > 0 and height > 0 else None
