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


def test_settings_resolve_defaults_validate_values_and_name_the_entry_in_messages():
    from dataclasses import dataclass

    from paramspec import Param

    @dataclass(frozen=True)
    class Entry:
        params: tuple

    table = Registry(
        "shape", {"disc": Entry((Param("radius", 1.0, low=0.0, high=5.0), Param("n", 3, "int", 1, 9)))}
    )
    assert table.settings("disc", {"n": 5}) == (("radius", 1.0), ("n", 5))
    with pytest.raises(TypeError, match="shape 'disc'"):
        table.settings("disc", {"diameter": 2.0})
    with pytest.raises(ValueError):
        table.settings("disc", {"radius": 50.0})
    with pytest.raises(KeyError, match="unknown shape 'square'"):
        table.settings("square", {})


def test_surfaces_and_data_sets_build_from_the_registrys_settings():
    import datasets
    import surfaces

    assert surfaces.get("ravine", condition_number=20.0) is surfaces.get("ravine", condition_number=20)
    with pytest.raises(TypeError, match="surface 'ravine'"):
        surfaces.get("ravine", kappa=3)
    with pytest.raises(TypeError, match="data set 'xor'"):
        datasets.get("xor", radius=3)
