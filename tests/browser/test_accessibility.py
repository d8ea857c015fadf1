"""WCAG 2.0/2.1 level A and AA on every page, as axe-core checks them, at a laptop's and a projector's size,
and the same pages by keyboard alone.

axe-core comes with the ``axe-playwright-python`` package (requirements-dev.txt); it runs in the page, so the
rules see what a visitor's browser shows. One browser page visits the seven pages (and the Playground in
presenter mode, the only page that has one); on each, Tab walks every control (tests/browser/keyboard.py),
axe checks it at 1400x900, then at 1280x720 once the app has rerun for the new size. The map's player is
then played, scrubbed and its start moved from the keyboard, its words and live region read, and the
Playground opened at 200 % zoom.
"""

import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe

from playground import story
from playground.compute import build_surface
from tests.browser.keyboard import DRAWN, keyboard_problems
from tools.browser import PLAYER, player_state, wait_for_idle, wait_for_player

# presenter mode has rerun for the window's size (a page with the clicker), or has no clicker to wait for
FITTED = """() => getComputedStyle(document.documentElement).getPropertyValue('--pg-fitted').trim() === '1'
    || (!!document.querySelector('[data-testid="stMainBlockContainer"] .stElementContainer')
        && !document.querySelector('.st-key-pg_keys'))"""
QUIET = 10  # idle polls (3 s): past the clicker's report of the window, which reruns the page
SIZES = ({"width": 1400, "height": 900}, {"width": 1280, "height": 720})
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = ("", "?presenter=1", "scenes", "explorer", "activations", "initialisation", "network_lab", "welcome")


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=SIZES[0])
    yield context.new_page()
    context.close()


def _violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page, one line each (rule, impact, first elements)."""
    results = Axe().run(page, options=WCAG_AA).response
    assert len(results["passes"]) > 10, "axe-core checked (almost) nothing: the page was not there"
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}; "
        + " | ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in results["violations"]
    ]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_meets_wcag_aa_at_either_size_and_the_keyboard_reaches_every_control(tab, app_url, path):
    tab.set_viewport_size(SIZES[0])
    tab.goto(f"{app_url}/{path}")
    if path in ("", "?presenter=1"):
        wait_for_player(tab)  # the Playground reruns once it knows the window's size
    wait_for_idle(tab, polls=QUIET)
    tab.wait_for_function(DRAWN, timeout=120_000)
    found = {f"keyboard, {kind}": what for kind, what in keyboard_problems(tab).items()}
    for size in SIZES:
        tab.set_viewport_size(size)
        wait_for_idle(tab, polls=QUIET)
        found[f"axe at {size['width']}x{size['height']}"] = _violations(tab)
    assert {kind: what for kind, what in found.items() if what} == {}


@pytest.mark.parametrize("path", [p for p in PAGES if p and not p.startswith("?")])
def test_a_page_in_presenter_mode_meets_wcag_aa_on_a_projector(tab, app_url, path):
    """Every page has a presenter mode (the Playground's is checked above, with the keyboard walk): axe at
    the projector's 1280x720."""
    tab.set_viewport_size(SIZES[1])
    tab.goto(f"{app_url}/{path}?presenter=1")
    tab.wait_for_function(FITTED, timeout=120_000)
    wait_for_idle(tab, polls=QUIET)
    tab.wait_for_function(DRAWN, timeout=120_000)
    assert _violations(tab) == []


def _words(page) -> dict:
    return page.evaluate(
        """(selector) => { const root = document.querySelector(selector);
            const canvas = root.querySelector('canvas.mp-canvas');
            const about = document.getElementById(canvas.getAttribute('aria-describedby'));
            const live = root.querySelector('[aria-live="polite"]');
            return {role: canvas.getAttribute('role'), name: canvas.getAttribute('aria-label'),
                    description: about && about.textContent, live: live && live.textContent}; }""",
        PLAYER,
    )


def test_the_map_has_a_name_a_description_and_says_the_step_politely(tab, app_url):
    tab.set_viewport_size(SIZES[0])
    tab.goto(app_url)
    wait_for_player(tab)
    words = _words(tab)
    assert words["role"] == "img" and words["name"].startswith("Contour map of the Ravine")
    assert "1. SGD" in words["description"] and "settles at step" in words["description"]
    assert words["live"] == ""  # nothing is announced before the visitor moves the map
    scrub = tab.locator(f"{PLAYER} .mp-scrub")
    scrub.focus()
    tab.keyboard.press("Home")  # a keyboard scrub: input and change, as a release of the mouse
    assert _words(tab)["live"].startswith("Step 0 of 200. 1. SGD")
    tab.locator(f"{PLAYER} .mp-play").click()
    tab.wait_for_function(f"() => +document.querySelector('{PLAYER}').dataset.step > 20")
    assert _words(tab)["live"].startswith("Step 0 of 200."), "playback does not announce every frame"
    tab.locator(f"{PLAYER} .mp-play").click()  # pause: the step reached is announced
    shown = player_state(tab)["step"]
    assert shown > 20 and _words(tab)["live"].startswith(f"Step {shown} of 200.")


@pytest.mark.parametrize("query", ["", "?presenter=1"])
def test_at_200_percent_zoom_the_map_keeps_its_height_and_nothing_leaves_the_page(browser, app_url, query):
    """A 1280x720 window zoomed to 200 %: 640x360 CSS pixels at two device pixels each. The map is not
    squeezed into the short window (it is drawn across the page at its window's aspect, and the page
    scrolls) and no control or line of text lies beyond the page's width."""
    context = browser.new_context(viewport={"width": 640, "height": 360}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{app_url}/{query}")
    wait_for_player(page)
    wait_for_idle(page, polls=QUIET)
    _, _, width, height = (float(v) for v in page.locator(PLAYER).get_attribute("data-map").split(","))
    (x_low, x_high), (y_low, y_high) = build_surface(story.opening()).window
    aspect = (y_high - y_low) / (x_high - x_low)
    assert width > 0.75 * 640 and height == pytest.approx(width * aspect, rel=0.1), "the map is squeezed"
    outside = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] button, [data-testid="stMain"] input,'
                + '[data-testid="stMain"] select, [data-testid="stMain"] p, [data-testid="stMain"] h1')]
            .filter((e) => e.getClientRects().length && !e.closest('.mp-sr'))
            .map((e) => [e.tagName, e.textContent.slice(0, 40),
                // a Streamlit slider's range input is hidden under its thumb: the slider's box is the control
                (e.closest('[data-testid="stSlider"]') || e).getBoundingClientRect().right])
            .filter(([, , right]) => right > window.innerWidth + 1)"""
    )
    context.close()
    assert outside == []


def test_the_player_plays_scrubs_and_moves_the_start_from_the_keyboard(tab, app_url):
    tab.goto(app_url)
    wait_for_player(tab)
    wait_for_idle(tab, polls=QUIET)
    play = tab.locator(f"{PLAYER} .mp-play")
    play.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => document.querySelector('{PLAYER}').dataset.playing === '1'")
    tab.keyboard.press("Enter")
    assert not player_state(tab)["playing"]
    tab.keyboard.press("Tab")  # the speed menu, then the map, then the scrubber
    assert tab.evaluate("() => document.activeElement.className") == "mp-speed"
    tab.keyboard.press("ArrowDown")
    assert player_state(tab)["rate"] != 1
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.className") == "mp-canvas"
    tab.keyboard.press("ArrowRight")  # the start moves a twentieth of the window to the right
    tab.wait_for_function("() => location.search.includes('start=')", timeout=60_000)
    start = dict(urllib.parse.parse_qsl(tab.evaluate("() => location.search").lstrip("?")))["start"]
    x, y = (float(v) for v in start.split(","))
    assert (x, y) == (-7.0, 2.0), start  # from (-8, 2) on a window 20 wide
    assert tab.evaluate("() => document.activeElement.className") == "mp-canvas", "the map keeps the focus"
    wait_for_idle(tab, polls=QUIET)
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.className") == "mp-scrub"
    tab.keyboard.press("Home")
    assert player_state(tab)["step"] == 0
