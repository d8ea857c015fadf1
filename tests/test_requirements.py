"""requirements.txt lists every third-party package the running app imports (its own packages and app.py)."""

from __future__ import annotations

import functools
import importlib.metadata
import pathlib
import re
import sys

from tests.test_architecture import DEVELOPMENT, MODULES, imports

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _names(path: pathlib.Path) -> set[str]:
    """The distribution names a requirements file lists (lower case, ``_`` as ``-``)."""
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    names = (re.split(r"[<>=!~ ;\[]", line)[0] for line in lines if line and not line.startswith("-"))
    return {name.lower().replace("_", "-") for name in names}


@functools.cache
def _imported_distributions() -> dict[str, str]:
    """Distribution -> a module of the app that imports it, for every third-party import of the app."""
    providers = importlib.metadata.packages_distributions()
    own = {module.split(".")[0] for module in MODULES}
    found = {}
    for module, path in MODULES.items():
        if module.split(".")[0] in DEVELOPMENT:
            continue
        for top in {name.split(".")[0] for name in imports(path)} - own - set(sys.stdlib_module_names):
            for distribution in providers.get(top, [top]):
                found.setdefault(distribution.lower().replace("_", "-"), module)
    return found


def test_every_package_the_app_imports_is_a_requirement():
    listed = _names(ROOT / "requirements.txt")
    missing = {name: module for name, module in _imported_distributions().items() if name not in listed}
    assert not missing, f"imported but not in requirements.txt: {missing}"


def test_the_check_sees_pillow_behind_its_module_name():
    assert _imported_distributions()["pillow"].startswith("viz.")  # viz.png: ``from PIL import Image``
