"""Every cache of the pages and their Streamlit helpers is bounded: an entry cap and the one time limit.

Walks the source of app.py, app_pages/ and ui/ (their decorators, not a run), so a new cache without
``max_entries`` and ``ttl`` fails here before it can hold memory on a shared server for ever.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

from ui import cache

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
STREAMLIT_CACHES = ("cache_data", "cache_resource")
MOST_ENTRIES = 64  # the largest cap: 64 lanes of at most about 1 MB (ui/cache.py)


def _name(node: ast.expr) -> str:
    """``st.cache_data`` -> "cache_data", ``functools.lru_cache`` -> "lru_cache", ``cache`` -> "cache"."""
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def cached_functions(tree: ast.AST):
    """(function, decorator name, keyword arguments or None for a bare decorator) of every cache."""
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            name = _name(call.func if call else decorator)
            if name in (*STREAMLIT_CACHES, "lru_cache", "cache"):
                yield node, name, {k.arg: k.value for k in call.keywords} if call else None


def problems(source: str) -> list[str]:
    found = []
    for function, name, keywords in cached_functions(ast.parse(source)):
        where = f"{function.name} (line {function.lineno})"
        if name in STREAMLIT_CACHES:
            keywords = keywords or {}
            cap, ttl = keywords.get("max_entries"), keywords.get("ttl")
            if not (
                isinstance(cap, ast.Constant) and isinstance(cap.value, int) and cap.value <= MOST_ENTRIES
            ):
                found.append(f"{where}: {name} without max_entries <= {MOST_ENTRIES}")
            if ttl is None or _name(ttl) != "TTL":
                found.append(f"{where}: {name} without ttl=cache.TTL")
        elif function.args.args or function.args.vararg or function.args.kwonlyargs:
            found.append(f"{where}: {name} of a function with arguments, without a time limit")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cache_has_an_entry_cap_and_the_time_limit(path):
    assert problems(path.read_text()) == []


def test_the_time_limit_is_the_fifteen_minutes_the_readme_states():
    assert cache.TTL == 15 * 60
    assert "dropped after 15 minutes" in (ROOT / "README.md").read_text()


def test_the_walk_finds_a_cache_without_a_cap_or_a_time_limit():
    source = """
@st.cache_data(show_spinner=False)
def a(x): ...

@st.cache_resource(max_entries=1000, ttl=cache.TTL)
def b(x): ...

@st.cache_data(max_entries=4, ttl=3600)
def c(x): ...

@functools.lru_cache(maxsize=None)
def d(x): ...

@functools.cache
def e(): ...
"""
    found = problems(source)
    assert [line.split(":")[0] for line in found] == [
        "a (line 3)",
        "a (line 3)",
        "b (line 6)",
        "c (line 9)",
        "d (line 12)",
    ]
