"""The dependency direction of docs/architecture.md, checked on the source: no upward import, no circle.

Every ``import`` counts, also one inside a function: a lazy import is still a dependency. The whole tree is
walked: the app's packages, app.py, and the development code above them (tools/, benchmarks/, tests/).
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Each package may import packages of a lower layer only (and itself). viz depends on numpy and plotly, and on
# choices (plain names it shares with the page model, importing nothing).
LAYERS = {
    "choices": 0,
    "paramspec": 0,
    "surfaces": 1,
    "optimizers": 1,
    "datasets": 1,
    "nets": 2,
    "training": 3,
    "playground": 3,
    "explorer": 4,  # the explorer's page state is the playground's, and so is its compute budget
    "scenes": 5,
    "ui": 6,
    "app_pages": 7,
}
STANDALONE = {"viz"}
# The only imports of the project that a package with no layer may make.
THIRD_PARTY_ONLY = {"viz": {"viz", "choices"}}
PACKAGES = sorted(name for name in [*LAYERS, *STANDALONE] if (ROOT / name).is_dir())
FORBIDDEN_BELOW_UI = {"streamlit", "plotly"}
# Development code, in its own order above the app: tools may import the app, benchmarks the app and tools,
# tests anything. The app imports none of them, and nothing imports tests.
DEVELOPMENT = ("tools", "benchmarks", "tests")


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, pathlib.Path]:
    files = [p for package in [*PACKAGES, *DEVELOPMENT] for p in (ROOT / package).rglob("*.py")]
    return {_module_name(p): p for p in [*files, *ROOT.glob("*.py")]}


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module ``name`` refers to (a package's ``__init__`` for a name defined there)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(path: pathlib.Path) -> set[str]:
    """Every module that ``path`` imports (absolute names; relative imports resolved)."""
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return found


def _project_edges(module: str) -> set[str]:
    targets = {_resolve(name) for name in imports(MODULES[module])}
    return {t for t in targets if t is not None and t != module}


@pytest.mark.parametrize("package", PACKAGES)
def test_no_package_imports_a_layer_above_it(package):
    for module, path in MODULES.items():
        if module.split(".")[0] != package:
            continue
        for target in {name.split(".")[0] for name in imports(path)}:
            if package in STANDALONE:
                assert target not in LAYERS or target in THIRD_PARTY_ONLY[package], (
                    f"{module} imports {target}"
                )
            elif target in LAYERS and target != package:
                assert LAYERS[target] < LAYERS[package], f"{module} imports {target}, a layer above or beside"
            elif target in STANDALONE:
                assert LAYERS[package] >= LAYERS["ui"], f"{module} imports {target}: only ui/ and pages draw"
            if package in STANDALONE:
                assert target != "streamlit", f"{module} imports streamlit"
            elif LAYERS[package] < LAYERS["ui"]:
                assert target not in FORBIDDEN_BELOW_UI, f"{module} imports {target}"


@pytest.mark.parametrize("package", DEVELOPMENT)
def test_development_code_imports_only_what_lies_below_it(package):
    allowed_above = set(DEVELOPMENT[: DEVELOPMENT.index(package) + 1])
    for module, path in MODULES.items():
        if module.split(".")[0] != package:
            continue
        for target in {name.split(".")[0] for name in imports(path)} & set(DEVELOPMENT):
            assert target in allowed_above, f"{module} imports {target}, which lies above it"


def test_the_app_imports_no_development_code():
    for module, path in MODULES.items():
        if module.split(".")[0] in DEVELOPMENT:
            continue
        targets = {name.split(".")[0] for name in imports(path)} & set(DEVELOPMENT)
        assert not targets, f"{module} imports {', '.join(sorted(targets))}"


def test_no_module_imports_itself_through_a_circle():
    graph = {module: _project_edges(module) for module in MODULES}
    # A package's __init__ re-exports its modules; a module importing a sibling through the package name
    # is the same dependency, not a circle.
    for module, edges in graph.items():
        graph[module] = {t for t in edges if not module.startswith(t + ".")}
    _fail_on_a_circle(graph)


def test_no_top_level_package_imports_itself_through_a_circle():
    """tools -> tests -> tools is a circle even when no single module closes it."""
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        top = module.split(".")[0]
        graph.setdefault(top, set()).update(t.split(".")[0] for t in _project_edges(module))
    _fail_on_a_circle({top: edges - {top} for top, edges in graph.items()})


def _fail_on_a_circle(graph: dict[str, set[str]]) -> None:
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circle = [*trail[trail.index(target) :], target] if target in trail else [module, target]
                pytest.fail("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_checker_sees_lazy_and_relative_imports(tmp_path):
    path = ROOT / "playground" / "state.py"
    assert "optimizers" in {name.split(".")[0] for name in imports(path)}
    assert any(name.startswith("surfaces.") or name == "surfaces" for name in imports(path))


def test_the_checker_walks_the_whole_tree():
    assert {"app", "tools.serve", "benchmarks.timing", "tests.test_architecture"} <= set(MODULES)
    assert "tools.browser" in _project_edges("tools.screenshots")


def test_the_circle_finder_finds_a_circle():
    with pytest.raises(pytest.fail.Exception, match="import circle: a -> b -> a"):
        _fail_on_a_circle({"a": {"b"}, "b": {"a"}})
