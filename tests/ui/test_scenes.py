"""The scene bar's clicker keys: next and previous in lecture order, nothing past either end."""

from ui.scenes import PRESETS, step_scene


def test_clicker_keys_walk_the_scenes_in_lecture_order():
    ids = list(PRESETS)
    assert step_scene(ids[0], "next") == ids[1]
    assert step_scene(ids[1], "prev") == ids[0]
    assert step_scene(ids[0], "prev") is None and step_scene(ids[-1], "next") is None
    assert step_scene(None, "next") == ids[0] and step_scene(None, "prev") is None
