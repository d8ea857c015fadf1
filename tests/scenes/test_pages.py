"""The app opens every scene by its deep link, and the gallery lists every scene with working links."""

import pathlib

import pytest
from streamlit.testing.v1 import AppTest

import scenes

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def _markdown(app) -> str:
    return "\n".join(str(element.value) for element in app.markdown)


@pytest.mark.parametrize("scene_id", scenes.names())
def test_deep_link_opens_the_scene_with_its_title(scene_id):
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["scene"] = scene_id
    app.run()
    assert not app.exception, app.exception
    scene = scenes.get(scene_id)
    assert scene.title in [title.value for title in app.title]
    assert not [w.value for w in app.warning if "could not be used" in str(w.value)]


def test_deep_link_in_presenter_mode_opens_the_scene():
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["scene"] = "adagrad-stalls"
    app.query_params["presenter"] = "1"
    app.run()
    assert not app.exception, app.exception
    assert scenes.get("adagrad-stalls").title in [title.value for title in app.title]


def test_gallery_shows_every_scene_with_its_links():
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page("pages/scenes.py").run()
    assert not app.exception, app.exception
    text = _markdown(app)
    for number, scene in enumerate(scenes.scenes(), start=1):
        assert f"**{number}. {scene.title}**" in text
        assert f'href="./?scene={scene.id}"' in text  # AppTest has no browser address: relative links
        assert f'href="./?scene={scene.id}&presenter=1"' in text
    assert len(app.get("latex")) >= len(scenes.names())  # one rules block per card
