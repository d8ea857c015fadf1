"""Every page of the app runs under AppTest without an exception."""

import pathlib

import pytest
from streamlit.testing.v1 import AppTest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))


def test_pages_folder_is_not_empty():
    assert PAGES, "no pages found"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
