"""The HTML export: the canvas player's own script and its message in one page that fetches nothing."""

import base64
import re

import pytest

from tests.viz.helpers import Bowl, lanes
from ui import map_player
from viz import landscape, player


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=60, image_resolution=240)


def message_in(page: str) -> bytes:
    found = re.search(r'<script type="application/octet-stream" id="map-message">([^<]*)</script>', page)
    return base64.b64decode(found.group(1))


def test_the_page_carries_the_message_byte_for_byte_and_the_players_script(land):
    message = player.payload(land, lanes(2, 50), minima=Bowl.minima, clickable=False)
    page = map_player.page(message, title="t")
    assert message_in(page) == message
    assert map_player.script() in page and "mountPlayer(" in page
    assert player.unpack(message)[0]["clickable"] is False


def test_six_lanes_of_a_thousand_steps_stay_well_under_a_megabyte(land):
    message = player.payload(land, lanes(6, 1000), minima=Bowl.minima)
    page = map_player.page(message, title="race", formula="f(x, y) = x^2")
    assert len(page.encode("utf-8")) < 400_000, len(page)


def test_nothing_is_fetched_and_user_text_stays_text(land):
    page = map_player.page(
        player.payload(land, lanes(1, 5)),
        title='</title><script src="http://evil.example/x.js"></script>',
        notes=['<img src="http://evil.example/t.png">', ""],
    )
    assert "evil.example" in page, "the text is kept"
    assert "<img" not in page and page.count("<script") == 2, "as text, not as elements"
    assert not re.search(r"<[a-zA-Z][^<>]*\s(src|href)\s*=", page), "no element loads anything"


def test_formulas_are_mathml_and_an_unreadable_one_stays_its_latex():
    assert map_player.formula_markup(r"f(x, y) = \tfrac{1}{2}x^2").startswith("<math")
    assert "<mfrac>" in map_player.formula_markup(r"\frac{1}{2}")
    assert map_player.formula_markup(r"\frac{1}{").startswith("<code>")


def test_a_scene_caption_draws_its_dollar_parts_as_formulas(land):
    page = map_player.page(
        player.payload(land, lanes(1, 5)), title="t", caption=r"decays by $\mu = 0.9$ per step, a < b"
    )
    caption = re.search(r'<p class="caption">(.*?)</p>', page).group(1)
    assert caption.startswith("decays by <math") and caption.endswith("per step, a &lt; b")


def test_the_export_is_titled_by_its_scene_or_else_by_its_surface():
    import scenes
    from playground.state import PlaygroundState
    from ui.scenes import export_words

    scene = scenes.get("sgd-zigzag")
    assert export_words(scene.state, "Ravine") == (scene.title, scene.caption)
    assert export_words(PlaygroundState(), "Ravine") == ("Optimizer race on Ravine", "")
