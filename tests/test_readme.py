"""The README's counts are the registries' counts (a number it states is computed or tested)."""

import pathlib

import scenes
import surfaces

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_counts_the_scenes():
    assert f"{len(scenes.names())} ready-made lecture scenes" in README


def test_the_readme_counts_the_surfaces():
    assert len(surfaces.names()) == 13 and "Rosenbrock and\nten more" in README
