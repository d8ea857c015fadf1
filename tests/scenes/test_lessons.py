"""Every preset of the lesson pages opens without a notice."""

import pytest

from nets.lesson_settings import ACTIVATION_PAGE, INIT_PAGE, from_query
from scenes.lessons import ACTIVATION_SCENES, ACTIVATIONS_PAGE, INITIALISATION_SCENES

SCENES = ACTIVATION_SCENES + INITIALISATION_SCENES


@pytest.mark.parametrize("scene", SCENES, ids=[s.id for s in SCENES])
def test_preset_is_a_valid_page_state(scene):
    params = ACTIVATION_PAGE if scene.state.page == ACTIVATIONS_PAGE else INIT_PAGE
    _, notices = from_query(params, dict(scene.state.query))
    assert notices == []


@pytest.mark.parametrize("group", [ACTIVATION_SCENES, INITIALISATION_SCENES])
def test_presets_of_a_page_differ_from_each_other(group):
    assert len({scene.state.query for scene in group}) == len(group)
