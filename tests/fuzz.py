"""What the URL-fuzz tests share: Hypothesis's settings for examples that take a while, query values made of
pieces near a codec's grammar (so that fuzzing reaches past the first check), and the check that every
notice a link gives stays short."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

NOTICE_LIMIT = 600  # characters: a notice quotes at most a short piece of what the link said


def fuzz(examples: int):
    """Hypothesis's settings for ``examples`` examples that may each take a while (a plan, a build)."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def near(atoms, punctuation: str, *, text: int, pieces: int):
    """Strings of up to ``pieces`` pieces: an ``atoms`` word, any text of up to ``text`` characters, or one of
    the grammar's ``punctuation`` characters."""
    piece = st.one_of(st.sampled_from(atoms), st.text(max_size=text), st.sampled_from(list(punctuation)))
    return st.lists(piece, max_size=pieces).map("".join)


def assert_short(notices, limit: int = NOTICE_LIMIT) -> None:
    """Every notice is at most ``limit`` characters (the longest is shown when one is not)."""
    assert all(len(notice) <= limit for notice in notices), max(notices, key=len)[:200]
