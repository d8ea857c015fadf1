"""Every scene has its gallery picture, drawn from the scene as it is now (tools/make_scene_cards.py)."""

import numpy as np
import pytest
from PIL import Image

import scenes
from tools import make_scene_cards as cards


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


def test_a_diverging_path_ends_where_it_leaves_the_map():
    window = ((-1.0, 1.0), (-1.0, 1.0))
    positions = np.array([[0.0, 0.0], [0.5, 0.5], [3.0, 0.0], [-9.0, 0.0], [np.nan, np.nan]])
    np.testing.assert_array_equal(cards._on_map(positions, window, diverged=True), positions[:3])
    np.testing.assert_array_equal(cards._on_map(positions, window, diverged=False), positions[:4])


def test_a_scene_of_a_page_without_a_map_gets_a_title_card_that_says_so():
    scene = scenes.get("kaiming-fixes-relu")
    image = cards.render(scene).convert("RGB")
    background = Image.new("RGB", (1, 1), cards.TITLE_CARD_BACKGROUND).getpixel((0, 0))
    assert image.size == cards.CARD_SIZE
    assert np.abs(np.subtract(image.getpixel((4, 20)), background)).max() <= 8  # the plain card, not a map
    assert np.asarray(image).min() < 60  # dark lettering on the light card
