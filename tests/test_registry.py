import pytest

from paramspec.registry import Registry, excerpt


def test_registry_keeps_catalogue_order_and_lists_names_for_an_unknown_one():
    table = Registry("colour", {"red": 1, "blue": 2})
    assert table.names() == ["red", "blue"]
    assert table["blue"] == 2
    with pytest.raises(KeyError, match="unknown colour 'green'; choose one of red, blue"):
        table["green"]


def test_an_unknown_name_is_quoted_as_a_short_excerpt():
    table = Registry("surface", {"ravine": 0})
    with pytest.raises(KeyError) as caught:
        table["x" * 5000]
    assert len(str(caught.value)) < 120


def test_excerpt_cuts_long_text_and_keeps_short_text():
    assert excerpt("abc") == "abc"
    assert len(excerpt("y" * 100)) == 40
    assert excerpt("y" * 100).endswith("…")
