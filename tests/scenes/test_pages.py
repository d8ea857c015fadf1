"""The app opens every scene by its deep link, and the gallery lists every scene with working links."""

import html
import pathlib
import urllib.parse

import pytest
from streamlit.testing.v1 import AppTest

import scenes

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def _markdown(app) -> str:
    return "\n".join(str(element.value) for element in app.markdown)


# One scene of each kind of state (a built-in surface, a custom formula, mini-batches with a schedule and an
# average, L-BFGS, a data surface option): every state's numbers are tested without AppTest elsewhere.
DEEP_LINKED = [
    "sgd-zigzag",
    "learning-rate-warm-up",
    "snapshot-ensembles",
    "lbfgs-needs-full-batches",
    "zero-centring",
]


@pytest.mark.parametrize("scene_id", DEEP_LINKED)
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


def _gallery_text(app) -> str:
    return _markdown(app) + "\n".join(str(element.proto.body) for element in app.get("html"))


def test_gallery_shows_every_scene_with_its_links():
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page("app_pages/scenes.py").run()
    assert not app.exception, app.exception
    first_section = scenes.lecture.sections(scenes.scenes())[0][1]
    assert f"<strong>{len(first_section) + 1}. " not in _gallery_text(app)  # one section at first
    app.selectbox(key="sc_section").set_value("Every section").run()
    assert not app.exception, app.exception
    text = _gallery_text(app)
    for number, scene in enumerate(scenes.scenes(), start=1):
        assert f"<strong>{html.escape(f'{number}. {scene.title}')}</strong>" in text
        # AppTest has no browser address: relative links, into the scene's own page
        page = urllib.parse.urljoin("./", scene.page.url_path)
        assert f'href="{page}?scene={scene.id}"' in text
        presenting = f'href="./?scene={scene.id}&amp;presenter=1"' in text  # HTML-escaped
        assert presenting == (scene.page == scenes.PLAYGROUND)
        # one picture per card, served as a file and loaded as the card nears the screen
        assert f'src="app/static/scenes/{scene.id}.png"' in text
    assert text.count('loading="lazy"') == len(scenes.names())
    assert len(app.get("latex")) >= sum(bool(s.rules) for s in scenes.scenes())  # one rules block per card
    for title in ("Playground", "Landscape explorer", "Activation functions", "Initialisation"):
        assert f"Open in the {title}" in text
