"""Where the map goes and how its text sits, measured in Chromium: a scene opened from its card shows its
map first, whole, on the first screen; the caption follows it.

The map's drawing area is the canvas player's map box (``data-map``), read by tools/screenshots.py's MEASURE.
"""

import re

import pytest

import scenes
from tools.screenshots import MAP, MEASURE, inside, wait_for_map

CAPTION = """(words) => {  // the top of the paragraph that starts with the scene caption's first words
    const texts = Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"] p'))
        .filter((p) => p.textContent.startsWith(words)).map((p) => p.getBoundingClientRect().top);
    return texts.length ? texts[0] : null;
}"""


@pytest.mark.parametrize(
    ("scene_id", "width", "height"), [("adagrad-stalls", 1400, 900), ("sgd-zigzag", 1280, 720)]
)
def test_a_scene_opened_from_its_card_shows_its_map_first(
    page, app_url, artifacts_dir, scene_id, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?scene={scene_id}")
    wait_for_map(page)
    figures = page.evaluate(MEASURE, MAP)
    page.screenshot(path=str(artifacts_dir / f"scene-{scene_id}-{width}x{height}.png"))
    land = figures["land"]
    assert inside(land, (width, height)), land  # the whole drawing area on the first screen
    assert land["y"] < 0.4 * height, land  # under the scene bar and the title, nothing else
    words = re.sub(r"[*_$`\\]", "", scenes.get(scene_id).caption).split()[:3]  # as Markdown shows them
    caption = page.evaluate(CAPTION, " ".join(words))
    assert caption is not None and caption > land["y"] + land["h"], (caption, land)  # the caption follows
