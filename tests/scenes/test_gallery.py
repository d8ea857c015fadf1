"""The gallery's card texts and links: titles from the registries, links that the page codec reads back."""

import dataclasses
import html
import urllib.parse

import pytest

import scenes
import surfaces
from playground.state import from_query
from scenes.gallery import (
    PICTURE_SIZE,
    app_base,
    card_alt,
    card_check,
    card_head,
    lanes_summary,
    link,
    numbered,
)


def test_a_playground_scene_is_summarised_with_registry_titles_once_each():
    scene = scenes.get("nesterov-vs-momentum")
    ravine = surfaces.spec("ravine").title
    assert lanes_summary(scene) == f"{ravine} · Momentum, Nesterov · {scene.state.steps:,} steps"
    nesterov_twice = dataclasses.replace(
        scene, state=dataclasses.replace(scene.state, lanes=scene.state.lanes * 2)
    )
    assert lanes_summary(nesterov_twice) == lanes_summary(scene)  # each title once


def test_a_scene_of_another_page_is_summarised_by_its_page_title():
    other = next(s for s in scenes.scenes() if s.page != scenes.PLAYGROUND)
    assert lanes_summary(other) == other.page.title


def test_links_open_the_scenes_page_path_with_a_query_the_codec_reads_back():
    scene = scenes.get("nesterov-vs-momentum")
    address = urllib.parse.urlsplit(link("http://host:8501/app/", scene.page, scene.query))
    assert (address.scheme, address.netloc, address.path) == ("http", "host:8501", "/app/")
    query = urllib.parse.parse_qs(address.query)
    state, notices = from_query(query, scenes.presets())
    assert notices == [] and state.scene == scene.id
    other = next(s for s in scenes.scenes() if s.page != scenes.PLAYGROUND)
    assert (
        urllib.parse.urlsplit(link("http://host/", other.page, other.query)).path == "/" + other.page.url_path
    )


def test_the_app_address_is_the_scenes_page_address_without_its_page():
    assert app_base("http://localhost:8501/scenes") == "http://localhost:8501/"
    assert app_base("https://demo.example/course/scenes/") == "https://demo.example/course/"
    assert app_base("http://[::1]:8501/scenes") == "http://[::1]:8501/"
    assert app_base(None) == app_base("") == "./"  # no browser (AppTest): links relative to the page


@pytest.mark.parametrize(
    "reported",
    [
        'http://host/a"><img src="http://evil.example/i.png">/scenes',
        "http://host/a'onmouseover='alert(1)/scenes",
        "http://host/a`b <script>x</script>/scenes",
        "http://host/%22%3E%3Cimg%20src%3Dx%3E/scenes",
    ],
)
def test_a_hostile_path_is_quoted_so_no_link_or_html_can_end_early(reported):
    base = app_base(reported)
    assert base.startswith("http://host/") and base.endswith("/")
    assert not set("\"'<>` ") & set(base)
    href = link(base, scenes.get("nesterov-vs-momentum").page, {"scene": 'x"><b>'})
    assert not set("\"'<>` ") & set(href)


@pytest.mark.parametrize(
    "reported",
    [
        "javascript:alert(1)//scenes",
        "data:text/html,<img src=x>/scenes",
        "http://user:pass@evil.example/scenes",
        'http://host"onmouseover=x/scenes',
        "//evil.example/scenes",
    ],
)
def test_an_address_that_is_not_plain_http_gives_relative_links(reported):
    assert app_base(reported) == "./"


def test_a_map_card_is_described_by_its_surface_lanes_steps_and_marks():
    scene = scenes.get("nesterov-vs-momentum")
    ravine = surfaces.spec("ravine").title
    assert card_alt(scene) == (
        f"Contour map of the {ravine} surface with the paths of Momentum and Nesterov over "
        f"{scene.state.steps:,} steps; a white dot marks where a path starts and a smaller one the known "
        "minimum."
    )
    one_lane = dataclasses.replace(scene, state=dataclasses.replace(scene.state, lanes=scene.state.lanes[:1]))
    assert "with the path of Momentum over" in card_alt(one_lane)


def test_every_card_picture_has_its_own_text_alternative():
    texts = [card_alt(scene) for scene in scenes.scenes()]
    assert all(text.endswith(".") and len(text) > 30 for text in texts)
    maps = [s for s in scenes.scenes() if hasattr(getattr(s.state, "playground", s.state), "lanes")]
    title_cards = [s for s in scenes.scenes() if s not in maps]
    assert title_cards, "the gallery has title cards (pages without a map)"
    for scene in title_cards:
        assert card_alt(scene) == f"Title card: {scene.page.title} page, {scene.title}."


def test_a_card_head_is_escaped_html_with_a_lazy_picture_of_the_card_size():
    scene = scenes.get("nesterov-vs-momentum")
    head = card_head(7, scene, "app/static/scenes/a b.png")
    assert head.startswith(f'<p class="scene-title"><strong>7. {html.escape(scene.title)}</strong></p>')
    width, height = PICTURE_SIZE
    assert f'width="{width}" height="{height}" loading="lazy"' in head
    assert f'alt="{html.escape(card_alt(scene), quote=True)}"' in head
    assert html.escape(lanes_summary(scene)) in head
    assert card_head(7, scene, None).count("<img") == 0  # no picture drawn: none asked for
    hostile = dataclasses.replace(scene, title='<script>x</script> & "y"')
    assert "<script>" not in card_head(1, hostile, 'x" onerror="alert(1)')
    assert "x&quot; onerror=&quot;alert(1)" in card_head(1, hostile, 'x" onerror="alert(1)')


def test_a_card_says_which_test_checks_it_in_escaped_html():
    checked = next(s for s in scenes.scenes() if s.check)
    assert (
        card_check(checked) == f'<p class="scene-summary">Checked by a test: {html.escape(checked.check)}</p>'
    )
    assert card_check(dataclasses.replace(checked, check="")) == ""


def test_sections_are_numbered_across_the_lecture_and_empty_ones_left_out():
    outline = scenes.lecture.sections(scenes.scenes())
    entries = numbered([*outline[:1], (outline[1][0], ()), *outline[1:]])
    assert [section for section, _ in entries] == [section for section, group in outline if group]
    numbers = [number for _, cards in entries for number, _ in cards]
    assert numbers == list(range(1, len(scenes.names()) + 1))
    assert [scene for _, cards in entries for _, scene in cards] == [s for _, g in outline for s in g]
