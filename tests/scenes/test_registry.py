"""The scene registry: lecture order, short captions, states the page keeps as they are, one test each.

The phenomenon of every scene is measured in the family test modules next to this one (test_ravine,
test_adaptive, test_curvature, test_schedules, test_landscape, test_data, test_recent), each under small
changes of the scene's settings (tests/scenes/helpers.py: PERTURBATIONS).
"""

import dataclasses
import re

import pytest

import optimizers
import scenes
import surfaces
from optimizers import schedules
from playground.state import CUSTOM, PlaygroundState, from_query, to_query
from scenes import lecture
from scenes.scene import MeasuredScene
from tests.scenes import (
    test_adafactor,
    test_adaptive,
    test_averaged,
    test_curvature,
    test_data,
    test_landscape,
    test_ravine,
    test_recent,
    test_schedules,
)
from tests.scenes.helpers import PHENOMENA, run_scene

FAMILY_TESTS = (
    test_adafactor,
    test_adaptive,
    test_averaged,
    test_curvature,
    test_data,
    test_landscape,
    test_ravine,
    test_schedules,
    test_recent,
)
# the Playground's scenes; those of other pages are measured by their pages' tests
# (tests/explorer/test_scenes.py, tests/scenes/test_lessons.py)
PLAYGROUND_IDS = list(scenes.presets(scenes.PLAYGROUND))

# Part one, then part two (scenes/lecture.py); the Playground's scenes among the others, section by section.
LECTURE_ORDER = [
    "zero-centring",
    "feature-scaling",
    "feature-scaling-standardized",
    "weight-decay",
    "sgd-zigzag",
    "momentum-overshoot",
    "nesterov-vs-momentum",
    "adagrad-stalls",
    "rmsprop-fixes-adagrad",
    "adam-combines",
    "saddle-escape",
    "local-minima",
    "bad-local-minimum",
    "minibatch-noise",
    "sign-methods-move-on-diagonals",
    "schedule-free-needs-no-schedule",
    "schedule-free-adamw-two-points",
    "prodigy-finds-its-learning-rate",
    "adafactor-relative-steps",
    "learning-rate-schedules",
    "learning-rate-warm-up",
    "learning-rate-too-large",
    "newton-one-step",
    "newton-and-lbfgs",
    "lbfgs-needs-full-batches",
    "iterate-averaging",
    "asgd-averages-from-t0",
    "snapshot-ensembles",
]


def test_every_scene_of_the_lecture_is_registered_in_lecture_order():
    ids = scenes.names()
    assert [i for i in ids if i in LECTURE_ORDER] == LECTURE_ORDER
    assert set(PLAYGROUND_IDS) >= set(LECTURE_ORDER)
    assert len(set(ids)) == len(ids)


def test_the_lecture_runs_part_one_then_part_two_each_section_in_one_run():
    sections = [lecture.section_of(scene) for scene in scenes.scenes()]
    parts = [section.part for section in sections]
    assert parts == sorted(parts) and parts[0] == 1 and parts[-1] == 2
    runs = [s.title for k, s in enumerate(sections) if k == 0 or sections[k - 1] != s]
    assert len(runs) == len(set(runs)), runs  # the gallery draws each section once
    assert runs == [s.title for s in lecture.SECTIONS if s.title in runs]  # in the lecture's order
    # the lesson pages' scenes open the lecture: activations first, initialisation after preprocessing
    assert scenes.names()[0] == "sigmoid-vanishes-deep"
    assert lecture.section_of(scenes.get("kaiming-fixes-relu")).title == lecture.INITIALISATION


def test_a_scene_with_a_section_title_as_topic_takes_its_place_and_an_unknown_topic_has_none():
    listed = scenes.scenes()
    weight_decay = scenes.get("weight-decay")
    new = dataclasses.replace(weight_decay, id="new-dropout-scene", topic=lecture.REGULARISATION)
    ordered = [s.id for s in lecture.ordered((*listed, new))]
    last = [s.id for s in listed if lecture.section_of(s).title == lecture.REGULARISATION][-1]
    assert ordered.index("new-dropout-scene") == ordered.index(last) + 1  # at the end of its section
    with pytest.raises(KeyError, match="no lecture section"):
        lecture.section_of(dataclasses.replace(weight_decay, id="lost", topic="Nowhere"))


def test_the_lecture_walk_crosses_pages_and_stays_at_either_end():
    ids = scenes.names()
    on_page = len(scenes.on_page("activations"))  # the lecture opens with the Activations page's scenes
    last_activation = scenes.lecture.walk(ids, "sigmoid-vanishes-deep", ["next"] * (on_page - 1))
    assert scenes.get(last_activation).page.title == "Activation functions"
    assert scenes.get(lecture.step(ids, last_activation, "next")).page == scenes.PLAYGROUND
    assert lecture.walk(ids, ids[-1], ["next"]) is None and lecture.walk(ids, ids[0], ["prev"]) is None
    starts = lecture.part_starts(scenes.scenes())
    assert starts[1].id == ids[0] and lecture.section_of(starts[2]).title == lecture.OPTIMIZERS


def test_unknown_scene_raises_a_key_error_that_lists_the_ids():
    with pytest.raises(KeyError, match="unknown scene 'no-such-scene'; choose one of sigmoid-vanishes-deep"):
        scenes.get("no-such-scene")


def test_every_scene_opens_a_page_and_the_playground_presets_are_its_states():
    presets = scenes.presets(scenes.PLAYGROUND)
    for scene in scenes.scenes():
        assert isinstance(scene.page, scenes.ScenePage) and scene.page.title
        if scene.page == scenes.PLAYGROUND:
            assert presets[scene.id] is scene.state and isinstance(scene.state, PlaygroundState)
    assert list(presets) == [s.id for s in scenes.scenes() if s.page == scenes.PLAYGROUND]
    assert scenes.presets(scenes.ScenePage("Network lab", "lab")) == {}


def test_a_scene_of_another_page_needs_no_playground_state():
    @dataclasses.dataclass(frozen=True)
    class LabState:
        width: int = 8
        scene: str | None = None

    lab = scenes.ScenePage("Network lab", "lab")
    scene = scenes.Scene(
        "relu-dies", "Dead ReLUs", "One. Two.", r"\begin{aligned}a\end{aligned}", LabState(), page=lab
    )
    assert scene.state.scene == "relu-dies" and scene.page.url_path == "lab"
    assert scene.query == {"scene": "relu-dies"}
    assert scene.fingerprint != dataclasses.replace(scene, state=LabState(width=16)).fingerprint


def _sentences(caption: str) -> list[str]:
    text = re.sub(r"\$[^$]*\$", "MATH", caption)  # inline LaTeX may hold periods
    text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)  # decimals are not sentence ends
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


@pytest.mark.parametrize("scene_id", scenes.names())
def test_scene_of_any_page_has_a_title_a_short_caption_a_topic_and_its_own_state(scene_id):
    scene = scenes.get(scene_id)
    assert scene.id == scene_id and scene.state.scene == scene_id
    assert 10 <= len(scene.title) <= 90
    assert 1 <= len(_sentences(scene.caption)) <= 5, _sentences(scene.caption)
    assert scene.caption.count("$") % 2 == 0
    assert scene.topic


def test_scenes_of_the_explorer_and_the_lesson_pages_are_registered_with_their_pages():
    by_page = {scene.page.url_path: [] for scene in scenes.scenes()}
    for scene in scenes.scenes():
        by_page[scene.page.url_path].append(scene.id)
    assert len(by_page["explorer"]) == 3
    assert len(by_page["activations"]) == 4 and len(by_page["initialisation"]) == 11
    for url_path, ids in by_page.items():
        page = scenes.get(ids[0]).page
        assert list(scenes.presets(page)) == ids, url_path


@pytest.mark.parametrize("scene_id", PLAYGROUND_IDS)
def test_playground_scene_has_a_caption_of_two_to_four_sentences_rules_and_a_check(scene_id):
    scene = scenes.get(scene_id)
    assert 2 <= len(_sentences(scene.caption)) <= 4, _sentences(scene.caption)
    assert r"\begin{aligned}" in scene.rules and r"\end{aligned}" in scene.rules
    assert 1 <= len(scene.state.lanes) <= 6
    assert 1 <= scene.state.steps <= 5000
    assert scene.check


@pytest.mark.parametrize("scene_id", PLAYGROUND_IDS)
def test_scene_state_survives_the_url_round_trip(scene_id):
    state = scenes.get(scene_id).state
    assert from_query(to_query(state, scenes.presets()), scenes.presets()) == (state, [])
    # spelled out in full (as after any edit on the page), every value must still be representable
    edited = dataclasses.replace(state, scene=None)
    assert from_query(to_query(edited, scenes.presets()), scenes.presets()) == (edited, [])
    presenting = dataclasses.replace(state, presenter=True)
    assert from_query(to_query(presenting, scenes.presets()), scenes.presets()) == (presenting, [])


@pytest.mark.parametrize("scene_id", PLAYGROUND_IDS)
def test_scene_state_is_in_the_canonical_form_the_page_keeps(scene_id):
    # The page keeps a lane's lr and otherwise only values that differ from the defaults; a preset in any
    # other form would be rewritten on load, and its short ?scene= link would turn into a long one.
    state = scenes.get(scene_id).state
    for lane in state.lanes:
        spec = {p.name: p for p in optimizers.spec(lane.optimizer).params}
        assert "lr" in lane.hyperparams
        for name, value in lane.hyperparams.items():
            assert name == "lr" or value != spec[name].default, (scene_id, lane.optimizer, name)
        schedule = {p.name: p.default for p in schedules.spec(lane.schedule).params}
        for name, value in lane.schedule_params.items():
            assert value != schedule[name], (scene_id, lane.schedule, name)
    if state.surface == CUSTOM:
        assert state.expression and not state.surface_params
        return
    defaults = {p.name: p.default for p in surfaces.spec(state.surface).params}
    for name, value in state.surface_params.items():
        assert value != defaults[name], (scene_id, name)
    if state.start is not None:
        assert tuple(state.start) != tuple(surfaces.get(state.surface, **state.surface_params).starts[0])


DIVERGING_LANES = {"learning-rate-too-large": {0}, "feature-scaling": {1}, "learning-rate-warm-up": {0}}


@pytest.mark.parametrize("scene_id", PLAYGROUND_IDS)
def test_scene_runs_without_divergence_unless_it_is_about_divergence(scene_id):
    for index, trajectory in enumerate(run_scene(scene_id).lanes):
        assert (trajectory.diverged_at is not None) == (index in DIVERGING_LANES.get(scene_id, set())), index


def test_every_scene_has_a_test_of_its_phenomenon():
    # a new scene is not done until a test in a family module measures what it claims to show
    assert FAMILY_TESTS
    assert sorted(PHENOMENA) == sorted(PLAYGROUND_IDS)
    for scene_id, tests in PHENOMENA.items():
        assert all(any(hasattr(module, name) for module in FAMILY_TESTS) for name in tests), scene_id


def test_a_measured_scene_formats_its_caption_once_on_first_read():
    calls = []

    def measure():
        calls.append(1)
        return "Measured once. Then kept."

    scene = MeasuredScene(
        id="measured-once",
        title="A scene measured on first read",
        caption="",
        rules="",
        state=scenes.PLAYGROUND,
        measure=measure,
    )
    assert calls == [] and scene.fingerprint  # building, registering and fingerprinting measure nothing
    assert scene.caption == "Measured once. Then kept." and scene.caption == "Measured once. Then kept."
    assert calls == [1]
    with pytest.raises(AttributeError):
        scene.no_such_field  # noqa: B018
