"""Browser fixtures: the real app served on a free port, driven by headless Chromium.

Debian's /usr/bin/chromium is used when present (Playwright's own download does not work behind a closed
network). With ``CI`` set, a missing browser fails the run instead of skipping it.
"""

import contextlib
import os
import shutil

import pytest

from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = dict(browser_type_launch_args, args=CHROMIUM_ARGS)
    if os.path.exists(SYSTEM_CHROMIUM):
        args["executable_path"] = SYSTEM_CHROMIUM
    elif not shutil.which("chromium") and os.environ.get("CI"):
        pytest.fail("no Chromium found: run `make chromium` (CI never skips browser tests)")
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def patient_page(request):
    """Every wait gets two minutes unless it says otherwise (Playwright's default is 30 s): the tests wait
    for states, and on a machine at load 15+ a state can take that long to come, but it must come."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(120_000)


@pytest.fixture(scope="session")
def app_url():
    """Serve app.py with streamlit on a free localhost port for the whole session."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(serve_app())
        except RuntimeError as error:
            pytest.fail(str(error))
        yield url


@pytest.fixture(scope="module")
def player_js(browser):
    """A blank page (no app served) with the map player's module as the app sends it (ui/map_player.py's
    ``script``): its pure functions as ``window.MP``, a scratch 2-D context as ``window.CTX``."""
    from ui import map_player

    page = browser.new_page()
    scratch = "document.createElement('canvas').getContext('2d')"
    code = f"{map_player.script()}\nwindow.MP = pure;\nwindow.CTX = {scratch};"
    page.set_content(f'<!doctype html><body><script type="module">{code}</script>')
    page.wait_for_function("() => !!window.MP", timeout=30_000)
    yield page
    page.close()
