"""The scene bar's clicker keys: next and previous in lecture order, nothing past either end."""

from ui.scenes import PRESETS, step_scene, walk


def test_clicker_keys_walk_the_scenes_in_lecture_order():
    ids = list(PRESETS)
    assert step_scene(ids[0], "next") == ids[1]
    assert step_scene(ids[1], "prev") == ids[0]
    assert step_scene(ids[0], "prev") is None and step_scene(ids[-1], "next") is None
    assert step_scene(None, "next") == ids[0] and step_scene(None, "prev") is None


def test_keys_pressed_during_one_run_are_walked_one_after_the_other():
    ids = list(PRESETS)
    assert walk(ids[0], ["next", "next", "prev"]) == ids[1]
    assert walk(ids[1], ["next", "prev"]) == ids[1]  # there and back: the scene opens afresh
    assert walk(ids[0], ["prev", "prev", "next"]) == ids[1]  # past the first scene stays there
    assert walk(ids[-1], ["next"]) is None and walk(ids[0], []) is None
