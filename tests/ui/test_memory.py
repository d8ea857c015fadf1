"""No page loads pandas: Streamlit imports pandas and pyarrow (about 60 MB that stay in the server for good)
for a table element, and for a list inside a component's ``data``. Walks the source of app.py, app_pages/
and ui/; the one table allowed is a chart's, built only when its expander is opened (ui/chart.py)."""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
TABLES = {
    "dataframe",
    "table",
    "data_editor",
    "line_chart",
    "bar_chart",
    "area_chart",
    "scatter_chart",
    "map",
}
ALLOWED = {
    ("ui/chart.py", "dataframe"),  # a chart's table, built only while its expander is open
}


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else ""


def pandas_loaders(source: str, where: str) -> list[str]:
    """Table elements, and component ``data`` dicts holding a list, in the ``source`` of file ``where``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name in TABLES and (where, name) not in ALLOWED and isinstance(node.func.value, ast.Name):
            found.append(f"{where}:{node.lineno}: {name}")
        for keyword in node.keywords:
            if keyword.arg == "data" and isinstance(keyword.value, ast.Dict):
                lists = [v for v in keyword.value.values if isinstance(v, (ast.List, ast.ListComp, ast.Call))]
                if any(
                    not isinstance(v, ast.Call) or _called(v) == "list" or getattr(v.func, "id", "") == "list"
                    for v in lists
                ):
                    found.append(f"{where}:{node.lineno}: a list in a component's data")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_element_loads_pandas(path):
    assert pandas_loaders(path.read_text(), str(path.relative_to(ROOT))) == []


def test_the_walk_finds_a_table_and_a_list_in_a_components_data():
    source = 'st.dataframe(rows)\ncolumn.table(rows)\ncomponent(data={"keys": ["a"], "n": 1, "k": ("b",)})\n'
    assert [line.split(": ", 1)[1] for line in pandas_loaders(source, "app_pages/x.py")] == [
        "dataframe",
        "table",
        "a list in a component's data",
    ]
