"""A presentation clicker and the browser's viewport, reported to Python by one small components v2 element.

A clicker sends PageDown / PageUp (some send the arrow keys): the element listens for ``keydown`` on the
document (no iframe: components v2 run in the page) and queues ``"next"`` or ``"prev"``, unless the focus is
in something that uses those keys itself (a text box, a slider, a select box, a radio group). It also reports
the window's inner size and where the map's element starts in the page, so that the page can give the map
the height that fits the screen (:func:`viz.theme.fitted_height`).

No key is lost: the element keeps every move since the page loaded and reports the ones the server has not
applied yet (``{"from": n, "moves": [...]}``, a state, so reports that Streamlit merges lose nothing); the
page applies each move once (:func:`unapplied`) and tells the element how many it has applied. The element
reports only while no script runs: a report during a run would carry the widget values of a scene the
run is replacing, and their callbacks would act on a scene that is gone.

No move is lost or applied twice when a newer run stops this one. Streamlit may stop a run at any
read or write of ``st.session_state``, not only where something is drawn; so the count of applied moves
and the scene they lead to are written together, in one write (the cursor, :func:`target`), and that scene
stays pending, returned by every run, until the page has opened it (:func:`opened`).

Space belongs to the map player (play and pause), not to this element.
"""

from __future__ import annotations

import functools

import streamlit as st

KEY = "pg_keys"
CURSOR = "pg_keys_cursor"  # (moves applied, the scene they lead to until it is open, buttons' moves)
NEXT_KEYS = ("PageDown", "ArrowRight", "ArrowDown")
PREVIOUS_KEYS = ("PageUp", "ArrowLeft", "ArrowUp")
MOVES = ("next", "prev")
# Where these keys already mean something: typing, sliders (arrows move them), pickers and menus.
OWN_KEYS = (
    "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='slider'], "
    "[role='listbox'], [role='combobox'], [role='spinbutton'], [role='radiogroup'], [role='radio'], "
    "[role='tab'], [role='menu'], [role='option']"
)
# A script that runs longer than this gets the queued keys anyway (the lecturer wants to move on).
PATIENCE_MS = 20_000
# Keys pressed this long after the element left (a page switch: the next page mounts its own) are queued.
SWITCH_GAP_MS = 20_000
# Keys reported this long ago and still not applied while no script runs are reported again.
RESEND_MS = 3_000

_JS = """
export default function (component) {
    const { setStateValue, data } = component;
    const moves = {};
    for (const key of data.next) moves[key] = "next";
    for (const key of data.previous) moves[key] = "prev";
    // Every move since the page loaded; kept on the window, which outlives this function's reruns.
    const queue = window.__pgMoves = window.__pgMoves || { moves: [], sent: 0 };
    queue.applied = data.applied;  // what the page has applied (the browser tests wait for every key)
    const app = () => document.querySelector('[data-testid="stApp"]');
    const busy = () => {  // a script runs: a report now would interrupt it
        const state = (app() && app().getAttribute("data-test-script-state")) || "";
        return state !== "notRunning" && /run/i.test(state);
    };
    let idleAt = Date.now();
    const flush = () => {
        if (!busy()) idleAt = Date.now();
        const from = Math.min(Math.max(data.applied, 0), queue.moves.length);
        if (queue.moves.length <= from) return;
        // sent, and the page idle for a while without applying it: a run that a page switch overtook
        // dropped the report; send it again (numbered: Streamlit drops a report equal to the last)
        const lost = !busy() && Date.now() - (queue.sentAt || 0) > data.resend;
        if (queue.sent === queue.moves.length && !lost) return;
        if (busy() && Date.now() - idleAt < data.patience) return;
        queue.sent = queue.moves.length;
        queue.sentAt = Date.now();
        queue.reports = (queue.reports || 0) + 1;
        setStateValue("moves", { from, moves: queue.moves.slice(from), report: queue.reports });
    };
    // The key listener is the window's, installed once: it outlives this element, which a page switch
    // unmounts before the next page mounts its own; a key pressed in that gap is queued, not lost. It
    // reads the newest element's settings; an element gone for longer than a page switch takes none.
    window.__pgClicker = { moves, navigate: data.navigate, own: data.own, gone: null };
    if (!window.__pgOnKey) {
        window.__pgOnKey = (event) => {
            const c = window.__pgClicker;
            const move = c && c.moves[event.key];
            if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
            if (!c.navigate || (c.gone !== null && Date.now() - c.gone > data.gap)) return;
            const target = event.target;
            if (target && target.closest && target.closest(c.own)) return;
            event.preventDefault();
            window.__pgMoves.moves.push(move);
            if (window.__pgFlush) window.__pgFlush();
        };
        document.addEventListener("keydown", window.__pgOnKey);
    }
    window.__pgFlush = flush;
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
    let polls = 0;
    const poll = () => {
        flush();
        if (!data.report) return;  // nothing on the page uses the window: a report would rerun it for nothing
        if (++polls % 3) return;  // the keys every 80 ms, the screen every 240 ms
        if (busy()) { steadyPolls = 0; return; }
        const size = measure();
        steadyPolls = same(size, pending) ? steadyPolls + 1 : 0;
        pending = size;
        if (steadyPolls < (size[2] === null ? 8 : 1) || same(size, last)) return;
        last = size;
        setStateValue("screen", size);
    };
    const timer = setInterval(poll, 80);
    const onResize = () => { pending = null; };
    if (window.__pgClickerCleanup) window.__pgClickerCleanup();
    window.addEventListener("resize", onResize);
    const settings = window.__pgClicker;
    const cleanup = () => {
        window.removeEventListener("resize", onResize);
        clearInterval(timer);
        if (window.__pgFlush === flush) window.__pgFlush = null;
        settings.gone = Date.now();
    };
    window.__pgClickerCleanup = cleanup;
    flush();
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
    """The moves and the screen are read from the element's result; the callbacks only register them."""


def _cursor() -> tuple[int | None, str | None, tuple[str, ...], str | None]:
    """``(moves applied, pending scene, moves of the ◀ / ▶ buttons not walked yet, where the lecture
    stands)``: how many of the element's moves the page has applied (None: none yet in this session), the
    scene they lead to until the page has opened it, button presses waiting for the next run, and the last
    scene a move opened."""
    value = st.session_state.get(CURSOR)
    return value if isinstance(value, tuple) and len(value) == 4 else (None, None, (), None)


def press(move: str) -> None:
    """A callback of the ◀ / ▶ buttons: ``move`` waits in the cursor for :func:`target`, as a key does."""
    applied, pending, pressed, at = _cursor()
    st.session_state[CURSOR] = (applied, pending, (*pressed, move), at)


def target(navigate: bool, current: str | None, walk, lecture: bool = False) -> str | None:
    """The scene the moves not applied yet lead to: the element's keys and the buttons', walked with
    ``walk(scene, moves)`` from the scene still pending or else ``current``; the pending scene when there are
    none (None: nothing to open). Without ``navigate`` moves are counted and dropped.

    ``lecture``: presenter mode's walk across pages. A page switch can be overtaken: a request the browser
    sent from a page the lecture left (its element's report, before the browser had the next page) runs that
    page again, showing a scene the lecture left. Such a run (``current`` is not where the lecture stands:
    every other way to open a scene in presenter mode goes through the cursor or :func:`stand`) walks from
    where the lecture stands, and without moves reopens it.

    Call it before anything is drawn; open the scene it returns, then call :func:`opened`. The count and the
    scene are one write: a run stopped anywhere after it leaves the scene pending for the next run, which
    opens it again; a run stopped before it leaves the moves unapplied for the next run.
    """
    cursor = _cursor()
    applied, pending, pressed, at = cursor
    moves, count = unapplied(_reported("moves"), applied)
    moves = [*moves, *pressed] if navigate else []
    if lecture and moves and at is None and pending is None:
        at = current  # the first move of the session: the lecture stood on the page's scene
    overtaken = lecture and navigate and pending is None and at is not None and current != at
    start = pending or (at if overtaken else current)
    goal = (walk(start, moves) if moves else None) or pending
    if goal is None and overtaken and current is not None:
        goal = at  # the page the lecture left ran again: back to where it stands
    if (count, goal, (), at) != cursor:
        st.session_state[CURSOR] = (count, goal, (), at)
    return goal


def stand(scene_id: str) -> None:
    """The page opened ``scene_id`` itself (a preset button): the lecture stands there now."""
    applied, pending_scene, pressed, at = _cursor()
    if at is not None and at != scene_id:
        st.session_state[CURSOR] = (applied, pending_scene, pressed, scene_id)


def pending() -> str | None:
    """The scene the clicker's moves lead to, not open yet (a move to another page: until that page opens
    it)."""
    return _cursor()[1]


def opened() -> None:
    """The page shows the scene :func:`target` returned: it is no longer pending; the lecture stands there."""
    applied, scene, pressed, _ = _cursor()
    if scene is not None:
        st.session_state[CURSOR] = (applied, None, pressed, scene)


def clicker(navigate: bool, map_key: str, report: bool = True) -> tuple[int, int, int | None] | None:
    """Mount the element (keys queue only with ``navigate``); return the last reported screen ``(width,
    height, map_top)`` in CSS pixels (``None`` until known; ``map_top`` is ``None`` while the element
    ``.st-key-<map_key>`` is not on the page). Without ``report`` the window is not reported (a page that
    fits nothing to it: every report reruns the page), and the screen is ``None``."""
    result = _component()(
        key=KEY,
        data={
            "next": NEXT_KEYS,  # tuples: a list would make Streamlit load pandas to ask if it is a table
            "previous": PREVIOUS_KEYS,
            "own": OWN_KEYS,
            "navigate": bool(navigate),
            "map": f".st-key-{map_key}",
            "applied": _cursor()[0] or 0,
            "patience": PATIENCE_MS,
            "report": bool(report),
            "gap": SWITCH_GAP_MS,
            "resend": RESEND_MS,
        },
        default={"screen": None, "moves": None},
        on_moves_change=_ignore,
        on_screen_change=_ignore,
    )
    screen = _screen(result.get("screen")) if report else None
    # what the browser tests wait for: the page has run with this window, or does not use it
    if screen is not None or not report:
        size = f"{screen[0]}x{screen[1]}" if screen else "unused"
        st.html(f"<style>:root {{ --pg-screen: {size}; }}</style>")
    return screen


def _reported(name: str):
    """The element's state ``name`` as the browser last reported it (None before any report)."""
    state = st.session_state.get(KEY)
    try:
        return state[name]
    except (KeyError, TypeError, IndexError):
        return getattr(state, name, None)


def unapplied(report, applied: int | None) -> tuple[list[str], int]:
    """The moves of ``report`` (``{"from": n, "moves": [...]}``: the element's moves from number ``n`` on)
    after the first ``applied``, and how many moves are applied with them.

    ``applied`` is None in a session that has applied none yet: a report it finds then was made for an
    earlier session (the server restarted under an open page), and is taken as applied, not replayed.
    Anything malformed counts as no move.
    """
    try:
        start, moves = int(report["from"]), [str(m) for m in report["moves"]]
    except (TypeError, KeyError, ValueError):
        return [], applied or 0
    end = start + len(moves)
    if applied is None or start < 0:
        return [], max(end, 0)
    fresh = [m for m in moves[max(applied - start, 0) :] if m in MOVES]
    return fresh, max(end, applied)


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
