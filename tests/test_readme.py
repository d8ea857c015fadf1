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


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    return README[start : README.index("\n## ", start + 3)]


def test_the_public_demo_section_quotes_the_budget_as_the_code_words_and_sets_it():
    from benchmarks import load
    from optimizers.loop import STOP_CHECK_SECONDS
    from playground import budget
    from ui import fairness

    section = " ".join(_section("Running a public demo").split())  # the README wraps its lines
    notice = budget.plan(load.hostile_state(0), budget.DEFAULT_SECONDS).notice
    assert f'"{notice}"' in section
    assert f"default {budget.DEFAULT_SECONDS:g} s of estimated computing" in section
    limit = budget.DEFAULT_SECONDS * budget.DEADLINE_FACTOR
    assert f"{budget.DEADLINE_FACTOR:g} × the budget in CPU time ({limit:g} s by default)" in section
    assert f"about every {STOP_CHECK_SECONDS * 1000:g} ms" in section
    assert f"and {fairness.GRACE:g} s after" in section
