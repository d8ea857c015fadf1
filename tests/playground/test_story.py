"""The fresh page's claim: at tuned rates momentum and Adam settle sooner than SGD, and the page says so."""

import re

from playground import compute, defaults
from playground.state import from_query, to_query
from playground.story import opening, race_sentence
from playground.tuning import settled_at


def _settled(state):
    surface, runs = compute.run_state(state)
    f_min = float(surface.value(surface.minima[0]))
    lanes = zip(state.lanes, runs, strict=True)
    return surface, runs, {lane.optimizer: settled_at(run.losses, f_min) for lane, run in lanes}


def test_on_the_opening_ravine_momentum_and_adam_settle_before_sgd():
    state = opening()
    _, _, when = _settled(state)
    assert when["momentum"] < when["sgd"] and when["adam"] < when["sgd"], when
    assert when["sgd"] <= state.steps  # SGD gets there too, within the page's steps: a fair race


def test_on_the_mild_default_ravine_tuned_sgd_is_fastest_and_the_sentence_says_it():
    state, _ = from_query({})
    surface, runs, when = _settled(state)
    assert when["sgd"] < min(when["momentum"], when["adam"])
    sentence = race_sentence(surface, state.lanes, runs)
    assert f"SGD · lr {defaults.LEARNING_RATES['ravine']['sgd']:g}: {when['sgd']};" in sentence


def test_the_sentence_states_the_measured_steps_of_every_lane():
    state = opening()
    surface, runs, when = _settled(state)
    sentence = race_sentence(surface, state.lanes, runs)
    numbers = [int(n) for n in re.findall(r": (\d+)(?:;|\.$)", sentence)]
    assert numbers == [when["sgd"], when["momentum"], when["adam"]]
    assert sentence.startswith("Steps until the loss stays within 0.1 % of its start gap")


def test_a_lane_that_never_settles_is_named_so():
    state = opening()
    surface, runs = compute.run_state(state.__class__(**{**state.__dict__, "steps": 10}))
    assert "not within 10" in race_sentence(surface, state.lanes, runs)


def test_opening_state_round_trips_through_the_url():
    state = opening()
    query = to_query(state)
    assert query["condition_number"] == "50"
    assert from_query(query) == (state, [])
