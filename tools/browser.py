"""Waiting for the served app in Chromium: the selectors of its charts and map, and when they are drawn.

Shared by the browser tests (tests/browser/) and tools/screenshots.py; tools/serve.py serves the app.
"""

PLOT = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def wait_for_chart(page, timeout: float = 30_000, index: int = 0) -> None:
    """Wait until the index-th Plotly chart on the page has been laid out and drawn."""
    page.wait_for_function(
        """([selector, index]) => {
            const plots = document.querySelectorAll(selector);
            const gd = plots[index];
            return !!(gd && gd._fullLayout && gd._fullData && gd.querySelector('.main-svg'));
        }""",
        arg=[PLOT, index],
        timeout=timeout,
    )


MAP = ".st-key-pg_map"  # the playground map's container: the canvas player
PLAYER = ".st-key-pg_map .mp-root"


def wait_for_fit(page, timeout: float = 60_000) -> None:
    """Wait until the page has run with the window's size (ui/clicker.py reports it once the map is there)
    and the map's element has kept its height for half a second: the map is then sized for the window,
    and no rerun for it comes later to interrupt what a test does."""
    page.wait_for_function(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--pg-fitted').trim() === '1'",
        timeout=timeout,
    )
    page.wait_for_function(
        """(selector) => {
            const el = document.querySelector(selector);
            const h = el ? Math.round(el.getBoundingClientRect().height) : -1;
            const seen = window.__pgHeights = (window.__pgHeights || []).concat([h]).slice(-3);
            return h > 0 && seen.length === 3 && seen.every((v) => v === h);
        }""",
        arg=MAP,
        timeout=timeout,
        polling=250,
    )


def wait_for_player(page, timeout: float = 60_000) -> None:
    """Wait until the playground's canvas player has drawn its map (its landscape image decoded), at the
    height that fits the window."""
    wait_for_fit(page, timeout)
    page.wait_for_function(
        """(selector) => {
            const root = document.querySelector(selector);
            const canvas = root && root.querySelector('canvas.mp-canvas');
            return !!(canvas && canvas.width > 0 && root.dataset.image === '1');
        }""",
        arg=PLAYER,
        timeout=timeout,
    )


def wait_for_map(page, timeout: float = 60_000) -> None:
    """Wait until the playground's map (the canvas player) is drawn, sized for the window."""
    wait_for_player(page, timeout)


def player_state(page) -> dict:
    """The player's step, frames drawn while playing, speed and whether it plays, read from its element."""
    return page.evaluate(
        """(selector) => { const d = document.querySelector(selector).dataset;
            return {step: +d.step, frames: +(d.frames || 0), rate: +d.rate, playing: d.playing === '1'}; }""",
        PLAYER,
    )


def wait_for_idle(page, timeout: float = 120_000, polls: int = 4) -> None:
    """Wait until the page's script has finished and nothing on the page is stale (Streamlit fades what a
    running script has not yet redrawn), for ``polls`` polls of 0.3 s in a row: the page as a visitor reads
    it. Ten polls (3 s) also outlast the clicker's report of the window's size, which comes after 2 s of
    quiet on a page without the map and reruns the page."""
    page.locator("[data-testid='stMain']").wait_for(timeout=timeout)
    page.evaluate("() => { window.__idlePolls = 0; }")
    page.wait_for_function(
        """(polls) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-stale="true"]')
                && !!document.querySelector('[data-testid="stMainBlockContainer"] .stElementContainer');
            window.__idlePolls = idle ? (window.__idlePolls || 0) + 1 : 0;
            return window.__idlePolls >= polls;
        }""",
        arg=polls,
        timeout=timeout,
        polling=300,
    )


def file_only(target) -> list[str]:
    """Let ``target`` (a page or a browser context) load ``file:`` addresses only, as an exported page must
    play offline: every other request is refused, and its address added to the list returned."""
    asked: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    target.route("**/*", block)
    return asked
