"""The map player for a screen reader and a keyboard, and colour as Chromium shows it to a visitor with a
red-green colour-vision deficiency (tests/browser/test_accessibility.py checks every page).

Chromium simulates deuteranopia and protanopia itself (the DevTools protocol's
``Emulation.setEmulatedVisionDeficiency``: ``page.emulate_media`` does not); the colours the app draws are
shown as swatches in a blank page, photographed under each simulation and compared in CIE L*a*b*.
"""

import io
import itertools
import urllib.parse

import numpy as np
import pytest
from PIL import Image

from tests.viz.test_colour_vision import CLEARLY_APART, lab, linear
from tools.browser import PLAYER, player_state, wait_for_idle, wait_for_player
from viz.explorer_basins import BASIN_COLORS
from viz.landscape import ramp_rgb
from viz.network import CLASS_COLORS, region_colours
from viz.palette import LANE_COLORS


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


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


def test_the_map_says_what_it_shows_announces_the_step_politely_and_plays_from_the_keyboard(tab, app_url):
    tab.goto(app_url)
    wait_for_player(tab)
    wait_for_idle(tab, polls=4)
    words = _words(tab)
    assert words["role"] == "img" and words["name"].startswith("Contour map of the Ravine")
    assert "1. SGD" in words["description"] and "settles at step" in words["description"]
    assert words["live"] == ""  # nothing is announced before the visitor moves the map
    play = tab.locator(f"{PLAYER} .mp-play")
    play.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => +document.querySelector('{PLAYER}').dataset.step > 20")
    assert _words(tab)["live"] == "", "playback does not announce every frame"
    tab.keyboard.press("Enter")  # pause: the step reached is announced
    shown = player_state(tab)["step"]
    assert not player_state(tab)["playing"] and shown > 20
    assert _words(tab)["live"].startswith(f"Step {shown} of 200.")
    tab.keyboard.press("Tab")  # the speed menu, then the map, then the scrubber
    assert tab.evaluate("() => document.activeElement.className") == "mp-speed"
    tab.keyboard.press("ArrowDown")
    assert player_state(tab)["rate"] != 1
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.className") == "mp-canvas"
    tab.keyboard.press("ArrowRight")  # the start moves a twentieth of the window to the right
    tab.wait_for_function("() => location.search.includes('start=')", timeout=120_000)
    start = dict(urllib.parse.parse_qsl(tab.evaluate("() => location.search").lstrip("?")))["start"]
    assert tuple(float(v) for v in start.split(",")) == (-7.0, 2.0), start  # from (-8, 2), window 20 wide
    assert tab.evaluate("() => document.activeElement.className") == "mp-canvas", "the map keeps the focus"
    wait_for_idle(tab, polls=4)
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.className") == "mp-scrub"
    tab.keyboard.press("Home")  # a keyboard scrub: input and change, as a release of the mouse
    assert player_state(tab)["step"] == 0 and _words(tab)["live"].startswith("Step 0 of 200. 1. SGD")


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(v):02X}" for v in rgb)


SIDE = 24  # px: a swatch
# what colour tells apart: lanes, the lab's classes (as points and as certain regions), the Explorer's
# basins, and the landscape's ramp from low to high loss
GROUPS = {
    "lanes": LANE_COLORS,
    "classes": CLASS_COLORS,
    "class regions": tuple(_hex(c) for c in region_colours(np.eye(len(CLASS_COLORS)))),
    "basins": BASIN_COLORS,
}
RAMP = tuple(_hex(c) for c in ramp_rgb(np.linspace(0.0, 1.0, 5)).round())
CHECK = ("#CC3333", "#669933")  # red and green: what the simulation must bring together


def _seen(page, colours, deficiency: str) -> list[np.ndarray]:
    """``colours`` as Chromium draws them under ``deficiency`` ("none": as they are), in L*a*b*."""
    cells = "".join(f'<div style="width:{SIDE}px;height:{SIDE}px;background:{c}"></div>' for c in colours)
    page.set_content(f'<body style="margin:0;display:flex">{cells}</body>')
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setEmulatedVisionDeficiency", {"type": deficiency})
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"), dtype=float) / 255
    session.send("Emulation.setEmulatedVisionDeficiency", {"type": "none"})
    session.detach()
    return [lab(linear(shot[SIDE // 2, SIDE * k + SIDE // 2])) for k in range(len(colours))]


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_colours_stay_apart_under_chromiums_own_red_green_simulation(browser, deficiency):
    page = browser.new_page(viewport={"width": 600, "height": 100})
    try:
        plain, simulated = _seen(page, CHECK, "none"), _seen(page, CHECK, deficiency)
        assert np.linalg.norm(simulated[0] - simulated[1]) < 0.5 * np.linalg.norm(plain[0] - plain[1])
        closest = {}
        for group, colours in GROUPS.items():
            seen = _seen(page, colours, deficiency)
            pairs = itertools.combinations(range(len(colours)), 2)
            closest[group] = min(float(np.linalg.norm(seen[a] - seen[b])) for a, b in pairs)
        ramp = [float(c[2]) for c in _seen(page, RAMP, deficiency)]  # b*: blue (low loss) to yellow (high)
    finally:
        page.close()
    assert min(closest.values()) > CLEARLY_APART, closest
    assert np.all(np.diff(ramp) > 0) and ramp[-1] - ramp[0] > 25, ramp
