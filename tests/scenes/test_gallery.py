"""The gallery's card texts and links: titles from the registries, links that the page codec reads back."""

import dataclasses
import urllib.parse

import scenes
import surfaces
from playground.state import from_query
from scenes.gallery import lanes_summary, link


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
