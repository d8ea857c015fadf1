"""Presenter mode on a projector, and the map as the hero of the page, measured in Chromium.

The map is measured as the element ``.st-key-pg_map`` (whatever draws inside it); the figures come from
tools/screenshots.py's MEASURE, the same script that takes the screenshots of the five sizes.
"""

import pytest

import scenes
from tools.screenshots import MAP, MEASURE, fraction, inside, wait_for_map
from ui.scenes import PRESETS


def _open(page, url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    wait_for_map(page)  # the browser reports the window; the page reruns with the map fitted to it
    return page.evaluate(MEASURE, MAP)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scene_id", ["local-minima", "sgd-zigzag"])  # a square map and a wide one
def test_presenter_mode_fits_title_map_and_play_on_one_screen(
    page, app_url, artifacts_dir, width, height, scene_id
):
    figures = _open(page, f"{app_url}/?scene={scene_id}&presenter=1", width, height)
    page.screenshot(path=str(artifacts_dir / f"presenter-{scene_id}-{width}x{height}.png"))
    viewport = (width, height)
    assert inside(figures["map"], viewport), figures["map"]
    assert inside(figures["title"], viewport), figures["title"]
    assert inside(figures["play"], viewport), figures["play"]
    assert page.get_by_role("heading", name=scenes.get(scene_id).title).is_visible()
    assert fraction(figures["map"], viewport) > 0.6  # the map takes the screen below the title
    if height == 1080:  # readable from the back of a hall: no text under 24 px
        fonts = figures["fonts"]
        assert all(fonts[name] is not None and fonts[name] >= 24 for name in fonts), fonts


def test_clicker_keys_step_through_the_scenes(page, app_url):
    ids = list(PRESETS)
    _open(page, f"{app_url}/?scene={ids[0]}&presenter=1", 1280, 720)
    page.keyboard.press("PageDown")
    page.wait_for_url(f"**/?scene={ids[1]}&presenter=1", timeout=60_000)
    page.get_by_role("heading", name=scenes.get(ids[1]).title).wait_for(timeout=60_000)
    # The new scene's title shows before its run ends: a key pressed now waits for the run, and counts.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**/?scene={ids[0]}&presenter=1", timeout=60_000)
    page.get_by_role("heading", name=scenes.get(ids[0]).title).wait_for(timeout=60_000)


def test_the_map_is_the_hero_of_the_fresh_page(page, app_url, artifacts_dir):
    figures = _open(page, app_url, 1400, 900)
    page.screenshot(path=str(artifacts_dir / "playground-1400x900.png"))
    viewport = (1400, 900)
    assert inside(figures["map"], viewport), figures["map"]
    assert fraction(figures["map"], viewport) > 0.45, figures["map"]  # the map's element: half the screen
    assert fraction(figures["land"], viewport) > 0.15, figures["land"]  # the landscape alone: 7 % before
