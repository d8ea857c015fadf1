"""Every scene has its gallery picture, made from the scene as it is now (tools/make_scene_cards.py).

The pictures are photographs of the map player taken in Chromium; these tests need no browser: a picture
is current when the fingerprint of the scene it was made from, recorded beside it, is the scene's own.
"""

import numpy as np
import pytest
from PIL import Image

import scenes
from playground.picture import lanes_key
from tools import make_scene_cards as cards
from viz import player


@pytest.mark.parametrize("scene_id", scenes.names())
def test_every_scene_has_a_current_picture(scene_id):
    path = cards.card_path(scene_id)
    assert path.exists(), f"no picture for {scene_id}: run python -m tools.make_scene_cards {scene_id}"
    with Image.open(path) as image:
        assert image.size == cards.CARD_SIZE
        pixels = np.asarray(image.convert("RGB"))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20  # a map or a lettered card, not blank
    assert cards.read_manifest().get(scene_id) == scenes.get(scene_id).fingerprint, (
        f"the picture of {scene_id} was drawn from another version of the scene: "
        f"run python -m tools.make_scene_cards {scene_id}"
    )


def test_no_picture_is_left_from_a_scene_that_is_gone():
    drawn = {path.stem for path in cards.CARDS.glob("*.png")}
    assert drawn <= set(scenes.names())
    assert set(cards.read_manifest()) <= set(scenes.names())


def test_card_window_widens_the_map_to_the_card_shape_without_cutting_it():
    window = ((-10.0, 10.0), (-4.0, 4.0))
    (x_low, x_high), (y_low, y_high) = cards.card_window(window)
    assert (x_high - x_low) / (y_high - y_low) == pytest.approx(cards.CARD_SIZE[0] / cards.CARD_SIZE[1])
    assert x_low <= -10 and x_high >= 10 and y_low <= -4 and y_high >= 4
    tall = cards.card_window(((0.0, 1.0), (0.0, 5.0)))
    assert tall[1] == (0.0, 5.0) and tall[0][1] - tall[0][0] > 1.0


def test_a_card_is_the_players_message_on_the_card_shaped_window():
    scene = scenes.get("sgd-zigzag")
    header, _ = player.unpack(cards.card_message(scene.state))
    (x_low, x_high), (y_low, y_high) = header["window"]
    assert (x_high - x_low) / (y_high - y_low) == pytest.approx(cards.CARD_SIZE[0] / cards.CARD_SIZE[1])
    titles = [title for *_, title in lanes_key(scene.state, (0.0, 0.0))]
    assert [lane["label"] for lane in header["lanes"]] == titles
    assert header["step"] == header["steps"] == scene.state.steps, "the full paths"
    assert header["clickable"] is False and header["theory"] is None
    assert cards.has_map(scene) and cards.has_map(scenes.get("himmelblau-basins"))


def test_a_scene_of_a_page_without_a_map_gets_a_title_card_that_says_so():
    scene = scenes.get("kaiming-fixes-relu")
    assert not cards.has_map(scene)
    image = cards.render_title_card(scene).convert("RGB")
    background = Image.new("RGB", (1, 1), cards.TITLE_CARD_BACKGROUND).getpixel((0, 0))
    assert image.size == cards.CARD_SIZE
    assert np.abs(np.subtract(image.getpixel((4, 20)), background)).max() <= 8  # the plain card, not a map
    assert np.asarray(image).min() < 60  # dark lettering on the light card
