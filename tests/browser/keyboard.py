"""The keyboard walk of a page: Tab from the top until the focus comes back round (tests/browser/).

Every element Tab can stop at (links, buttons, fields, sliders, expanders, the map, scrollable formulas, the
main area) is listed before the walk, with the look of it and of its nearest ancestors (outline, shadow,
border, background). :func:`keyboard_problems` then says what went wrong: a stop that was not listed, a
control never reached, stops out of document order, a stop that looks the same focused as unfocused.
"""

import re

TOOLBAR = re.compile(r"elementToolbar|modebar-btn|dvn-scroller")
# every Plotly chart drawn, every canvas map with its picture and the lab's player at a checkpoint: the
# page is complete
DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every((c) => c.querySelector('.js-plotly-plot .main-svg'))
    && [...document.querySelectorAll('.mp-root:not(.lp-root)')].every((r) => r.dataset.image === '1')
    && [...document.querySelectorAll('.lp-root')].every((r) => !!r.querySelector('.lp-column[data-step]'))"""
MAX_STOPS = 400  # more Tab stops than any page has: a walk that does not come back round is a trap

# Every element Tab stops at, visible and enabled; its look (and its ancestors': Streamlit draws some focus
# rings on a wrapper) is recorded unfocused, to compare with the look at its stop.
_LIST = """() => {
    const look = (el) => {
        const parts = [];
        for (let e = el, k = 0; e && k < 4; e = e.parentElement, k++) {
            const s = getComputedStyle(e);
            parts.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
                        s.backgroundColor].join());
        }
        return parts.join("|");
    };
    window.__look = look;
    const candidates = document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]');
    const controls = [...candidates].filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length
        && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert], [aria-hidden="true"]'));
    controls.forEach((e, i) => { e.dataset.walk = String(i); e.dataset.walkLook = look(e); });
    const name = (e) => e.getAttribute('aria-label') || e.textContent || e.tagName;
    return controls.map((e) => name(e).trim().slice(0, 40));
}"""

# Each stop is recorded as the focus arrives (one round trip per key, not two): which control, and whether it
# looks different now (transitions finished: a focus ring that fades in is judged by its end state).
_RECORD = """() => {
    window.__stops = [];
    document.addEventListener("focusin", (event) => {
        const e = event.target;
        getComputedStyle(e).outlineStyle;
        document.getAnimations().forEach((a) => a.finish());
        window.__stops.push({index: e.dataset.walk === undefined ? -1 : +e.dataset.walk,
                             what: (e.textContent || "").trim().slice(0, 40) + " " + e.outerHTML.slice(0, 80),
                             ring: window.__look(e) !== e.dataset.walkLook,
                             grid: !!e.closest('[data-testid^="stDataFrame"], .stDataFrame')});
    });
    document.activeElement && document.activeElement.blur();
    window.scrollTo(0, 0);
}"""
BATCH = 20  # Tab presses between two looks at the stops so far


def walk(page) -> tuple[list[str], list[dict]]:
    """The page's controls, and the Tab stops from the top of the page until the focus comes back round."""
    names = page.evaluate(_LIST)
    page.evaluate(_RECORD)
    stops = []
    for _ in range(0, MAX_STOPS, BATCH):
        for _ in range(BATCH):
            page.keyboard.press("Tab")
        stops = page.evaluate("() => window.__stops")
        listed = [k for k, stop in enumerate(stops) if stop["index"] >= 0]  # (a toolbar's stops are not)
        again = [k for k in listed[1:] if stops[k]["index"] == stops[listed[0]]["index"]]
        if again:
            return names, stops[: again[0]]
    return names, stops


def keyboard_problems(page) -> dict:
    """What the walk found wrong, by kind (all empty lists on a page a keyboard can use)."""
    names, stops = walk(page)
    assert len(names) > 5, "the page's controls were not there"
    # toolbars (a code block's copy button, a chart's Plotly buttons) may come only once their element is
    # focused or drawn: they are stops, but need not have been there before the walk
    listed = [stop for stop in stops if stop["index"] >= 0]
    reached = [stop["index"] for stop in listed]
    if reached:  # the walk may start mid-page (where the browser's focus starting point was) and wrap round
        first = reached.index(min(reached))
        reached = reached[first:] + reached[:first]
    return {
        "not a control": [s["what"] for s in stops if s["index"] < 0 and not TOOLBAR.search(s["what"])],
        "not reached": [names[i] for i in range(len(names)) if i not in reached],
        "out of order": [] if reached == sorted(reached) else [names[i] for i in reached],
        # a dataframe (glide data grid) draws its focus on its own canvas, which styles do not show
        "no visible focus": [names[s["index"]] for s in listed if not s["ring"] and not s["grid"]],
    }
