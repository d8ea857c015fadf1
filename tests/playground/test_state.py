"""The page state and its URL: exact round trips, and malformed links that fall back with a notice."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings

import optimizers
import scenes
import surfaces
from playground.defaults import story_lanes
from playground.lane_url import LANE_FIELDS, lane_to_text
from playground.state import MAX_LANES, RESERVED, Lane, PlaygroundState, from_query, to_query
from tests.playground.strategies import states


def test_default_state_round_trips_without_notices():
    state = PlaygroundState()
    assert from_query(to_query(state)) == (state, [])


def test_empty_query_is_the_default_story():
    state, notices = from_query({})
    assert notices == []
    assert state == PlaygroundState()
    assert [lane.optimizer for lane in state.lanes][:2] == ["sgd", "momentum"]


def test_url_reads_compactly():
    state = PlaygroundState(
        surface="ravine",
        surface_params={"condition_number": 20.0},
        lanes=(
            Lane("adam", {"lr": 0.02, "betas": (0.9, 0.999)}),
            Lane("sgd", {"lr": 0.05}, noise=0.1, color="#E69F00"),
        ),
        start=(-4.0, 1.5),
        steps=300,
        layout="multiples",
    )
    query = to_query(state)
    assert query == {
        "surface": "ravine",
        "condition_number": "20",
        "start": "-4,1.5",
        "steps": "300",
        "layout": "multiples",
        "lane1": "adam:lr=0.02,betas=0.9|0.999",
        "lane2": "sgd:lr=0.05,noise=0.1,color=E69F00",
    }
    assert from_query(query) == (state, [])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_every_valid_state_round_trips_exactly(state):
    assert from_query(to_query(state)) == (state, [])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_query_values_may_arrive_as_lists(state):
    query = {key: [value] for key, value in to_query(state).items()}
    assert from_query(query) == (state, [])


def test_labels_with_separators_survive():
    lane = Lane("sgd", {"lr": 0.1}, label="a,b:c=d|e%f&g;h#i ünï")
    state = PlaygroundState(lanes=(lane,))
    assert from_query(to_query(state)) == (state, [])


def test_no_optimizer_hyperparameter_collides_with_a_lane_field():
    for name in optimizers.names():
        clashes = {p.name for p in optimizers.spec(name).params} & set(LANE_FIELDS)
        assert not clashes, f"{name} uses reserved lane keys {clashes}"


def test_no_surface_parameter_collides_with_a_top_level_key():
    for name in surfaces.names():
        clashes = {p.name for p in surfaces.spec(name).params} & set(RESERVED)
        assert not clashes, f"{name} uses reserved URL keys {clashes}"


DEFAULT = PlaygroundState()

# (query, a phrase of the notice, what must hold of the state)
MALFORMED = [
    ({"surface": "nope"}, "Unknown surface 'nope'", lambda s: s.surface == "ravine"),
    ({"steps": str(10**9)}, "cap is 5,000", lambda s: s.steps == 200),
    ({"steps": "-3"}, "steps must be between 1 and 5000", lambda s: s.steps == 200),
    ({"steps": "2.5"}, "whole number", lambda s: s.steps == 200),
    ({"start": "abc"}, "start", lambda s: s.start is None),
    ({"start": "1,2,3"}, "two numbers", lambda s: s.start is None),
    ({"start": "nan,1"}, "finite", lambda s: s.start is None),
    ({"layout": "grid"}, "layout must be one of", lambda s: s.layout == "overlay"),
    ({"view": "4d"}, "view must be one of", lambda s: s.view == "contour"),
    ({"average": "median"}, "average must be one of", lambda s: s.average is None),
    ({"presenter": "maybe"}, "presenter must be 1 or 0", lambda s: s.presenter is False),
    ({"lane1": "warpdrive:lr=0.1"}, "unknown optimizer 'warpdrive'", lambda s: s.lanes[0].optimizer == "sgd"),
    ({"lane1": "sgd:lr=1e9"}, "lr must be between", lambda s: 0 < s.lanes[0].hyperparams["lr"] <= 10),
    ({"lane1": "sgd:lr=abc"}, "lr must be a number", lambda s: s.lanes[0].hyperparams["lr"] > 0),
    ({"lane1": "sgd:lr"}, "not key=value", lambda s: s.lanes[0].optimizer == "sgd"),
    ({"lane1": "sgd:warp=3"}, "no parameter 'warp'", lambda s: "warp" not in s.lanes[0].hyperparams),
    ({"lane1": "adam:betas=0.9"}, "two numbers", lambda s: "betas" not in s.lanes[0].hyperparams),
    (
        {"lane1": "sgd:lr=0.1,nesterov=true"},
        "Nesterov",
        lambda s: "nesterov" not in s.lanes[0].hyperparams,
    ),
    (
        {"lane1": "sgd:lr=0.1,schedule=zigzag"},
        "unknown schedule",
        lambda s: s.lanes[0].schedule == "constant",
    ),
    ({"lane1": "sgd:lr=0.1,noise=-1"}, "noise must be", lambda s: s.lanes[0].noise == 0.0),
    ({"lane1": "sgd:lr=0.1,color=red"}, "colour must be 6 hex digits", lambda s: s.lanes[0].color is None),
    ({"lane1": "sgd:lr=0.1,start=1|x"}, "start", lambda s: s.lanes[0].start is None),
    (
        {f"lane{i}": "sgd:lr=0.1" for i in range(1, 9)},
        f"At most {MAX_LANES} lanes",
        lambda s: len(s.lanes) == MAX_LANES,
    ),
    ({"surface": "custom", "expr": "x**"}, "does not parse", lambda s: s.surface == "ravine"),
    ({"surface": "custom", "expr": "__import__('os')"}, "does not parse", lambda s: s.expression == ""),
    ({"surface": "custom", "expr": "x" * 600}, "longer than", lambda s: s.surface == "ravine"),
    ({"surface": "ravine", "condition_number": "0"}, "condition_number", lambda s: s.surface_params == {}),
    ({"scene": "no-such-scene"}, "Unknown scene", lambda s: s.scene is None),
    ({"colour": "blue"}, "Unknown URL parameter 'colour'", lambda s: s == DEFAULT),
]


@pytest.mark.parametrize(("query", "phrase", "holds"), MALFORMED, ids=[str(q)[:60] for q, _, _ in MALFORMED])
def test_malformed_values_fall_back_with_a_notice(query, phrase, holds):
    state, notices = from_query(query)
    assert any(phrase.lower() in notice.lower() for notice in notices), notices
    assert holds(state), state


def test_a_bad_lane_does_not_spoil_the_others():
    state, notices = from_query({"lane1": "sgd:lr=0.07", "lane2": "warpdrive", "lane3": "adam:lr=0.2"})
    assert len(notices) == 1
    assert state.lanes[0] == Lane("sgd", {"lr": 0.07})
    assert state.lanes[2] == Lane("adam", {"lr": 0.2})


def test_lane_text_keeps_pairs_readable():
    assert lane_to_text(Lane("adam", {"lr": 0.02, "betas": (0.9, 0.999)})) == "adam:lr=0.02,betas=0.9|0.999"


def test_story_lanes_differ_per_surface_in_learning_rate():
    ravine = {lane.optimizer: lane.hyperparams["lr"] for lane in story_lanes("ravine")}
    rosenbrock = {lane.optimizer: lane.hyperparams["lr"] for lane in story_lanes("rosenbrock")}
    assert ravine["sgd"] != rosenbrock["sgd"]


def test_scene_link_round_trips_with_the_scene_presets():
    presets = scenes.presets()
    first = next(iter(scenes.presets()))  # the Playground's first scene
    state, notices = from_query({"scene": first}, presets)
    assert notices == []
    assert state.scene == first
    assert to_query(state, presets) == {"scene": first}
    changed = dataclasses.replace(state, steps=state.steps + 1)
    query = to_query(changed, presets)
    assert query["scene"] == first and "lane1" in query
    assert from_query(query, presets) == (changed, [])
    presenting = dataclasses.replace(state, presenter=True)
    assert to_query(presenting, presets) == {"scene": first, "presenter": "1"}
    assert from_query(to_query(presenting, presets), presets) == (presenting, [])


def test_without_presets_a_scene_is_unknown_and_a_scene_state_is_written_in_full():
    state, notices = from_query({"scene": next(iter(scenes.presets()))})
    assert state.scene is None and "Unknown scene" in notices[0]
    preset = next(iter(scenes.presets().values()))
    assert "lane1" in to_query(preset)


# (query, a phrase of the notice, what must hold of the state)
ODD_VALUES = [
    ({"lane" + "9" * 5000: "sgd"}, "At most 6 lanes", lambda s: s == DEFAULT),
    ({"lane1": "adam:lr=0.1", "lane0": "sgd"}, "ignored 'lane0'", lambda s: len(s.lanes) == 1),
    ({"lane1": "adam:lr=0.1", "lane7": "sgd"}, "ignored 'lane7'", lambda s: len(s.lanes) == 1),
    ({"lane1": "adam:lr=0.1", "lane01": "sgd"}, "ignored 'lane01'", lambda s: len(s.lanes) == 1),
    ({"lane1": "adam:lr=0.1", "lane\u0661": "sgd"}, "ignored 'lane\u0661'", lambda s: len(s.lanes) == 1),
    ({"expr": "x**2"}, "only with surface=custom", lambda s: s.surface == "ravine" and s.expression == ""),
    ({"lane1": "sgd:lr=abc"}, "using 0.15", lambda s: s.lanes[0].hyperparams == {"lr": 0.15}),
    ({"lane1": "momentum:lr=-1"}, "using 0.01", lambda s: s.lanes[0].hyperparams == {"lr": 0.01}),
    ({"steps": "9" * 100_000}, "100,000 characters", lambda s: s.steps == 200),
    ({"lane1": "sgd:lr=" + "9" * 5000}, "5,000 characters", lambda s: s.lanes[0].hyperparams == {"lr": 0.15}),
]


@pytest.mark.parametrize(
    ("query", "phrase", "holds"), ODD_VALUES, ids=[str(q)[:40] for q, _, _ in ODD_VALUES]
)
def test_odd_keys_and_huge_values_get_a_short_notice(query, phrase, holds):
    state, notices = from_query(query)
    assert any(phrase.lower() in notice.lower() for notice in notices), notices
    assert all(len(notice) < 300 for notice in notices), [n[:80] for n in notices]
    assert holds(state), state


def test_a_huge_bad_value_is_quoted_as_a_short_excerpt():
    huge = "nope" * 25_000
    for query in ({"surface": huge}, {"layout": huge}, {"scene": huge}, {huge: "1"}, {"lane1": huge}):
        _, notices = from_query(query)
        assert notices and all(len(notice) < 400 for notice in notices), query.keys()


def test_a_value_set_on_a_slider_reads_in_the_link_as_the_slider_shows_it_and_reads_back_the_same():
    momentum = next(p for p in optimizers.spec("momentum").params if p.name == "momentum")
    arrived = 350 * momentum.slider_step  # the browser's sum of steps: 0.35000000000000003
    lane = Lane("momentum", {"lr": 0.01, "momentum": momentum.on_slider(arrived)})
    state = PlaygroundState(lanes=(lane,))
    query = to_query(state)
    assert query["lane1"] == "momentum:lr=0.01,momentum=0.35"
    back, notices = from_query(query)
    assert (back, notices) == (state, []) and to_query(back) == query
    # a value off the slider's steps (typed, or from a link) is neither rounded nor changed on the way
    typed = "momentum:lr=0.01,momentum=0.3512"
    state, _ = from_query({"lane1": typed})
    held = state.lanes[0].hyperparams["momentum"]
    assert momentum.on_slider(held) == held == 0.3512 and to_query(state)["lane1"] == typed
