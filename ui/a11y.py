"""Keyboard access to what Streamlit draws scrollable: one small components v2 element that every page mounts.

A displayed formula (``st.latex``, a ``$$`` block) wider than its column scrolls sideways (KaTeX's
``.katex-display`` has ``overflow-x: auto``), and a region that scrolls must be reachable with the keyboard
(WCAG 2.1.1; axe-core's rule ``scrollable-region-focusable``). Streamlit offers no attribute for that, so
this element (components v2 run in the page, no iframe) watches the document and gives each formula that
overflows ``tabindex="0"``, the role ``group`` and a name: Tab reaches it and the arrow keys scroll it. A
formula that fits gets nothing, so the Tab order holds only what needs a key.
"""

from __future__ import annotations

import functools

import streamlit as st

KEY = "a11y_scrollers"
SCROLLERS = ".katex-display"
NAME = "formula, wider than the page: scroll it with the arrow keys"
SLACK = 1  # px: KaTeX's own margins overflow by a pixel or two without anything to scroll to

_JS = """
export default function (component) {
    const { data } = component;
    const mark = () => {
        for (const el of document.querySelectorAll(data.selector)) {
            const wide = el.scrollWidth > el.clientWidth + data.slack;
            if (wide && el.getAttribute("tabindex") !== "0") {
                el.setAttribute("tabindex", "0");
                el.setAttribute("role", "group");
                el.setAttribute("aria-label", data.name);
            } else if (!wide && el.hasAttribute("tabindex")) {
                el.removeAttribute("tabindex");
                el.removeAttribute("role");
                el.removeAttribute("aria-label");
            }
        }
    };
    let queued = false;
    const soon = () => {
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => { queued = false; mark(); });
    };
    if (window.__a11yScrollersCleanup) window.__a11yScrollersCleanup();
    const observer = new MutationObserver(soon);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", soon);
    soon();
    const cleanup = () => { observer.disconnect(); window.removeEventListener("resize", soon); };
    window.__a11yScrollersCleanup = cleanup;
    return cleanup;
}
"""

# Out of the flow of the page: the element draws nothing and must not add a gap above the title. A formula
# that Tab reaches, and the page's main area (Streamlit makes it a Tab stop, to scroll it with the keys),
# show a focus ring when the keyboard puts the focus there.
CSS = f"""
.st-key-{KEY} {{ position: absolute !important; width: 0; height: 0; overflow: hidden; }}
{SCROLLERS}:focus-visible, [data-testid="stMain"]:focus-visible {{
  outline: 3px solid #0072B2; outline-offset: -3px;
}}
"""


@functools.cache
def _component():
    # Registered on first use, inside a script run (registering at import time logs a warning).
    return st.components.v2.component("a11y_scrollers", js=_JS, css=CSS, isolate_styles=False)


def scrollers() -> None:
    """Mount the element (once per page run; ``app.py`` does it for every page)."""
    _component()(key=KEY, data={"selector": SCROLLERS, "slack": SLACK, "name": NAME})
