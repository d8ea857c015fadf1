"""The URL codec under fuzzing: no input raises, every notice is short, and what it reads is a valid state
that round-trips exactly."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

import scenes
from playground.state import LANE_KEYS, RESERVED, from_query, to_query
from tests.fuzz import assert_short, fuzz, near

PRESETS = scenes.presets()
# Keys and values near the codec's grammar, so that fuzzing reaches past the first check.
KEYS = st.sampled_from(
    [*RESERVED, "lane0", "lane7", "lane01", "lane١", "condition_number", "variant", "expr"]
)
ATOMS = [
    "sgd",
    "adam",
    "lbfgs",
    "custom",
    "ravine",
    "sgd-zigzag",
    "lr",
    "betas",
    "schedule",
    "step",
    "label",
    "1e309",
]
VALUES = near(ATOMS, ":,=|%&#;.-+ ", text=12, pieces=12)
QUERIES = st.dictionaries(
    st.one_of(KEYS, st.text(max_size=8)), st.one_of(VALUES, st.lists(VALUES, max_size=3))
)
FUZZ = fuzz(300)


@FUZZ
@given(QUERIES)
@example({"lane" + "9" * 5000: "sgd"})
@example({"lane1": "sgd:lr=" + "9" * 5000})
@example({"steps": "1" * 100_000})
@example({"lane1": "sgd:label=" + "x" * 100_000})
@example({"surface": "nope" * 25_000})
def test_no_query_raises_and_every_notice_is_short(query):
    state, notices = from_query(query, PRESETS)
    assert_short(notices)
    again, more = from_query(to_query(state, PRESETS), PRESETS)
    assert (again, more) == (state, [])


@FUZZ
@given(st.dictionaries(st.sampled_from(LANE_KEYS), VALUES, min_size=1))
def test_any_lane_text_reads_as_a_lane_that_writes_back_the_same(query):
    state, _ = from_query(query)
    assert 1 <= len(state.lanes) <= len(LANE_KEYS)
    assert from_query(to_query(state)) == (state, [])
