"""One tour of the app for the accessibility tests (tests/browser/test_accessibility.py): every page in
every state it can be in, checked the ways a visitor who uses a keyboard, a screen reader or a zoomed
window meets it.

One browser tab a page, all of a test file's pages open together: while one tab is checked, the others
load and rerun for their new window, so that the tour waits for the server about once, not once a page.
Each page is seen:

1. by default at a laptop's 1400x900: axe-core's WCAG 2.0/2.1 A and AA rules and the keyboard walk
   (tests/browser/keyboard.py);
2. at a projector's 1280x720: axe again (the page has rerun for the window: charts and the map resize);
3. at 200 % zoom of the 1280x720 window (640x360 CSS pixels at two device pixels each, as the browser's
   zoom gives): no text cut, nothing beyond the page's width, every control on screen once scrolled to;
4. in presenter mode at 1280x720 (the Welcome page has none): axe and the keyboard walk;
5. in presenter mode at 1400x900: axe; then a clicker key pressed while typing in a field moves nothing,
   and the same key outside the field does (the page then leaves for the next scene: the tab's last check).

axe runs once in each of these states.
"""

from __future__ import annotations

import functools
import sys
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from playground import story
from playground.compute import build_surface
from tests.browser.keyboard import DRAWN, keyboard_problems
from tools.browser import PLAYER, wait_for_idle, wait_for_player

LAPTOP = {"width": 1400, "height": 900}
PROJECTOR = {"width": 1280, "height": 720}
ZOOMED = {"width": 640, "height": 360}  # 1280x720 at 200 %
PAGES = ("", "scenes", "explorer", "activations", "initialisation", "network_lab", "welcome")
PRESENTER = tuple(p for p in PAGES if p != "welcome")  # the Welcome page has no presenter mode
CHECKS = ("keyboard", "axe at 1400x900", "axe at 1280x720", "200 % zoom")
PRESENTER_CHECKS = ("presenter: axe at 1280x720", "presenter: keyboard", "presenter: axe at 1400x900")
TYPING = "presenter: clicker keys while typing"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # passes are counted, not listed node by node (the slow part)
}
AXE = Axe()

# The page has run with this window (ui/clicker.py writes --pg-screen once the browser has reported it;
# a page without the clicker reruns for nothing), and in presenter mode has fitted its key figure.
RAN_FOR_WINDOW = """(presenter) => {
    const root = getComputedStyle(document.documentElement);
    const clicker = !!document.querySelector('.st-key-pg_keys');
    const size = `${window.innerWidth}x${window.innerHeight}`;
    return !!document.querySelector('[data-testid="stMainBlockContainer"] .stElementContainer')
        && (!clicker || [size, 'unused'].includes(root.getPropertyValue('--pg-screen').trim()))
        && (!presenter || !clicker || root.getPropertyValue('--pg-fitted').trim() === '1');
}"""


def settle(tab, path: str, presenter: bool = False, loaded: bool = False) -> None:
    """Until the page has run for its window, drawn every chart and map, and stayed idle for a second (3 s
    after a load: a page may run again once its first run has drawn, as the Explorer does when its tool's
    runs end)."""
    tab.wait_for_function(RAN_FOR_WINDOW, arg=presenter, timeout=180_000, polling=300)
    if path == "":
        wait_for_player(tab, timeout=180_000)  # the Playground's map keeps its height
    wait_for_idle(tab, timeout=180_000, polls=10 if loaded else 4)
    tab.wait_for_function(DRAWN, timeout=180_000, polling=300)


def violations(tab) -> list[str]:
    """axe-core's WCAG A/AA violations on the page, one line each (rule, impact, first elements)."""
    results = AXE.run(tab, options=WCAG_AA).response
    assert len(results["passes"]) > 10, "axe-core checked (almost) nothing: the page was not there"
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}; "
        + " | ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in results["violations"]
    ]


def walked(tab) -> list[str]:
    tab.bring_to_front()
    return [f"{kind}: {what}" for kind, what in keyboard_problems(tab).items() if what]


# At 200 % zoom: text cut by its box (an ellipsis, a clipped overflow), an element beyond the page's width
# (a reader would have to scroll sideways for every line), a control that cannot be brought on screen.
ZOOM_PROBLEMS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    // on screen once scrolled to (not in a closed expander, whose content the browser lays out unseen)
    const shown = (e) => e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})
        && !e.closest('.mp-sr, [aria-hidden="true"], .katex-mathml, .js-plotly-plot');
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways`);
    const scroller = (e) => {  // inside a region that scrolls sideways itself (a formula, a table)
        for (let p = e.parentElement; p && p !== main; p = p.parentElement) {
            const s = getComputedStyle(p).overflowX;
            if ((s === 'auto' || s === 'scroll') && p.scrollWidth > p.clientWidth) return true;
        }
        return false;
    };
    const texts = main.querySelectorAll(
        'p, h1, h2, h3, li, label, summary, button, a, [data-testid="stCaptionContainer"]');
    for (const e of texts) {
        if (!shown(e) || scroller(e)) continue;
        const s = getComputedStyle(e);
        const clipped = (s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis')
            && e.scrollWidth > e.clientWidth + 1;
        // a Streamlit slider's range input is hidden under its thumb: the slider's box is the control
        const r = (e.closest('[data-testid="stSlider"]') || e).getBoundingClientRect();
        if (clipped) problems.push(`cut: ${e.tagName} ${e.textContent.trim().slice(0, 40)}`);
        else if (r.right > width + 1 || r.left < -1) {
            problems.push(`beyond the page: ${e.tagName} ${e.textContent.trim().slice(0, 40)}`);
        }
    }
    const controls = main.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex="0"]');
    for (const e of controls) {
        if (!shown(e) || e.disabled || scroller(e)) continue;
        // a slider's range input lies under its thumb, a radio's or a checkbox's under its label
        const label = /radio|checkbox/.test(e.type) && e.closest('label');
        const box = e.closest('[data-testid="stSlider"]') || label || e;
        box.scrollIntoView({block: 'center', inline: 'center'});
        const r = box.getBoundingClientRect();
        const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
        const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
        const top = document.elementFromPoint(x, y);
        const widget = (n) => n && n.closest('[data-baseweb]');  // a field's own wrapper draws over it
        const reached = r.width > 0 && r.height > 0 && !!top
            && (box.contains(top) || top.contains(box) || (!!widget(e) && widget(top) === widget(e)));
        if (!reached) {
            const under = top ? top.tagName + '.' + String(top.className).slice(0, 30) : 'nothing';
            const name = (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40);
            problems.push(`not on screen: ${e.tagName} ${name} (under ${under})`);
        }
    }
    window.scrollTo(0, 0);
    return problems;
}"""


def zoom_problems(tab, path: str) -> list[str]:
    problems = tab.evaluate(ZOOM_PROBLEMS)
    if path == "":
        problems += squeezed_map(tab)
    return problems


def squeezed_map(tab) -> list[str]:
    """The Playground's map is not squeezed into the short window: it is drawn across the page at its
    window's aspect, and the page scrolls."""
    _, _, width, height = (float(v) for v in tab.locator(PLAYER).get_attribute("data-map").split(","))
    (x_low, x_high), (y_low, y_high) = build_surface(story.opening()).window
    aspect = (y_high - y_low) / (x_high - x_low)
    if width > 0.75 * ZOOMED["width"] and height == pytest.approx(width * aspect, rel=0.1):
        return []
    return [f"the map is squeezed: {width:.0f} x {height:.0f} px"]


_ZOOMS = {}  # tab -> its DevTools session while zoomed (detaching a session clears its emulation)


def zoom(tab) -> None:
    """The tab as a 1280x720 window at 200 % zoom: 640x360 CSS pixels, two device pixels each."""
    tab.set_viewport_size(ZOOMED)
    session = _ZOOMS[tab] = tab.context.new_cdp_session(tab)
    session.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": ZOOMED["width"], "height": ZOOMED["height"], "deviceScaleFactor": 2, "mobile": False},
    )
    # Streamlit keeps a sidebar that was open in the wide window open over the narrow page: the visitor who
    # zooms in closes it (its controls are its own concern, not the page's)
    tab.wait_for_function("() => window.innerWidth === 640 && window.devicePixelRatio === 2")
    tab.evaluate(CLOSE_SIDEBAR)


def unzoom(tab, size: dict) -> None:
    session = _ZOOMS.pop(tab)
    session.send("Emulation.clearDeviceMetricsOverride")
    session.detach()
    tab.set_viewport_size(size)


CLOSE_SIDEBAR = """() => {
    const bar = document.querySelector('section[data-testid="stSidebar"][aria-expanded="true"]');
    const close = bar && bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) close.click();
}"""


# A clicker key while typing in a field moves nothing; the same key outside it queues a move.
FIELD = """() => [...document.querySelectorAll('[data-testid="stMain"] input[type="text"], '
        + '[data-testid="stMain"] input[type="number"], [data-testid="stMain"] textarea')]
    .find((e) => e.getClientRects().length && !e.disabled)"""
SETTINGS = '[data-testid="stExpander"] summary:has-text("Settings")'
MOVES = "() => (window.__pgMoves || {moves: []}).moves.length"


def typing_problems(tab) -> list[str] | None:
    """What went wrong with the clicker keys in and out of a field; None where the page has no field
    in presenter mode (the Network lab: its controls live in the hidden sidebar)."""
    settings = tab.locator(SETTINGS)
    if settings.count() and settings.first.evaluate("(s) => !s.closest('details').open"):
        settings.first.click()  # the folded settings (an expander opens without a rerun)
    field = tab.evaluate_handle(FIELD).as_element()
    if field is None:
        return None
    field.focus()
    if not field.evaluate("(e) => document.activeElement === e"):
        return ["the field did not take the focus"]
    before = tab.evaluate(MOVES)
    for key in ("PageDown", "PageUp", "ArrowRight", "ArrowLeft"):
        tab.keyboard.press(key)
    problems = [] if tab.evaluate(MOVES) == before else ["a clicker key moved the lecture while typing"]
    tab.evaluate("() => document.activeElement.blur()")
    tab.keyboard.press("PageDown")  # outside the field: a move (the page now leaves for the next scene)
    if tab.evaluate(MOVES) != before + 1:
        problems.append("PageDown outside a field queued no move: the check above proves nothing")
    return problems


def _log(start: float, path: str, what: str) -> None:
    """Where the tour is (seen with ``pytest -s``): a slow state shows itself."""
    print(f"{time.monotonic() - start:6.1f} s  {path or 'playground'}: {what}", file=sys.stderr, flush=True)


def tour(browser, app_url, pages=PAGES) -> dict[str, dict[str, list[str]]]:
    """Every page's problems by check (empty lists where it passed), for ``pages`` (url paths)."""
    start = time.monotonic()
    log = functools.partial(_log, start)
    context = browser.new_context(viewport=LAPTOP)
    tabs = {path: context.new_page() for path in pages}
    found: dict[str, dict[str, list[str]]] = {path: {} for path in pages}
    presenting = [path for path in pages if path in PRESENTER]
    try:
        for path, tab in tabs.items():
            tab.set_default_timeout(180_000)
            tab.goto(f"{app_url}/{path}")
        for path, tab in tabs.items():
            settle(tab, path, loaded=True)
            log(path, "loaded")
            found[path]["keyboard"] = walked(tab)
            found[path]["axe at 1400x900"] = violations(tab)
            log(path, "walked and axe at 1400x900")
            tab.set_viewport_size(PROJECTOR)  # it reruns for the window while the next tab is checked
        for path, tab in tabs.items():
            settle(tab, path)
            found[path]["axe at 1280x720"] = violations(tab)
            log(path, "axe at 1280x720")
            zoom(tab)
        for path, tab in tabs.items():
            settle(tab, path)
            found[path]["200 % zoom"] = zoom_problems(tab, path)
            log(path, "200 % zoom")
            unzoom(tab, PROJECTOR)
            if path in PRESENTER:
                tab.goto(f"{app_url}/{path}?presenter=1")
        for path in presenting:
            tab = tabs[path]
            settle(tab, path, presenter=True, loaded=True)
            found[path]["presenter: axe at 1280x720"] = violations(tab)
            found[path]["presenter: keyboard"] = walked(tab)
            log(path, "presenter: axe and walk at 1280x720")
            tab.set_viewport_size(LAPTOP)
        for path in presenting:
            tab = tabs[path]
            settle(tab, path, presenter=True)
            found[path]["presenter: axe at 1400x900"] = violations(tab)
            log(path, "presenter: axe at 1400x900")
            typing = typing_problems(tab)
            if typing is not None:
                found[path]["presenter: clicker keys while typing"] = typing
    finally:
        context.close()
    return found
