"""The README's counts are the registries' counts (a number it states is computed or tested)."""

import pathlib

import scenes
import surfaces

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_counts_the_scenes():
    assert f"{len(scenes.names())} ready-made lecture scenes" in README


def test_the_readme_counts_the_surfaces():
    assert len(surfaces.names()) == 13 and "Rosenbrock and\nten more" in README


def test_the_readme_counts_the_optimizers_and_pictures_every_page():
    import optimizers

    assert f"{len(optimizers.names())} optimizers with torch.optim's names" in README
    assert f"across {len(surfaces.names())} loss surfaces" in README
    app = (pathlib.Path(__file__).parent.parent / "app.py").read_text(encoding="utf-8")
    pages = app.count("st.Page(")
    assert README.count("](docs/screens/") == pages == 7
    for picture in pathlib.Path(__file__).parent.parent.joinpath("docs", "screens").glob("*.png"):
        assert f"(docs/screens/{picture.name})" in README
