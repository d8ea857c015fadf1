"""Opening a page of the app under AppTest, shared by the page tests."""

from __future__ import annotations

import pathlib

from streamlit.testing.v1 import AppTest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def open_page(query: dict | None = None, *, page: str | None = None, timeout: float = 120) -> AppTest:
    """The app with ``query`` in its URL, on ``page`` (``app_pages/<page>.py``; None: the first page, the
    Playground), run once; it fails the test if the page raised."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    if page is not None:
        app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def url(app: AppTest) -> dict:
    """The page's URL query as a plain dict."""
    return {key: app.query_params[key] for key in app.query_params}
