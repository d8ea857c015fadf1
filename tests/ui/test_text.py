"""User text on a page: every hostile value the page tests feed is live Markdown as typed, and text once
:func:`ui.text.plain` has escaped it (the checker of tests/inert_text.py is checked here too)."""

import pytest

from tests.inert_text import HOSTILE, live_markup
from ui.text import plain


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_value_is_live_as_typed_and_text_once_plain(name):
    assert live_markup(HOSTILE[name]) != []
    assert live_markup(plain(HOSTILE[name])) == []
    assert live_markup(plain(HOSTILE[name] + " \n# " + HOSTILE[name])) == []


def test_the_lane_list_may_keep_its_own_tags_but_not_a_visitors():
    own = "<span style='color:#0072B2;font-size:1.3em'>●</span> 1\\. lane <small>(solid blue)</small>"
    assert live_markup(own, allow_html=True) == []
    assert live_markup(own + " <b>bold</b>", allow_html=True) == ["an HTML tag or autolink"]
    assert live_markup(own) == ["an HTML tag or autolink"]  # outside an HTML element, a tag is a tag


def _table_page():
    from ui.text import table

    table(
        [{"name": "[L](http://evil.example/l)", "value": 0.5, "n": 3}, {"name": "a|b", "value": 2.0, "n": 4}],
        "{:.2f}",
    )


def test_a_table_shows_every_cell_literally_with_numbers_to_the_right():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_table_page).run()
    (shown,) = [m.value for m in app.markdown]
    header, rule, first, second = shown.split("\n")
    assert header == "| name | value | n |" and rule == "|---|---:|---:|"
    assert first.endswith("| 0\\.50 | 3 |") and second == "| a\\|b | 2\\.00 | 4 |"
    assert live_markup(first) == []
