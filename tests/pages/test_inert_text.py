"""Hostile links on every page that reads a URL: whatever the link says is shown as text, never as a
link, an image, HTML or LaTeX (the values checked are the Markdown the page sends to the browser)."""

from __future__ import annotations

import pathlib

import pytest
from streamlit.testing.v1 import AppTest

from tests.inert_text import HOSTILE, live_markup

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEXT_ELEMENTS = ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader")
H = HOSTILE
# each page's keys, a hostile value in each (a few keys of a page at a time keep a run short)
LINKS = {
    "playground": {
        "scene": H["image"],
        "surface": H["link"],
        "steps": H["script"],
        "lane1": "sgd:label=" + H["html"],
        "lane2": "adam:label=" + H["latex"],
        "lane3": "momentum:label=" + H["bare"],
    },
    "activations": {"scene": H["image"], "lr": H["link"], "depth": H["html"], "alpha": H["latex"]},
    "initialisation": {
        "scene": H["link"],
        "activation": H["image"],
        "layers": H["anchor"],
        "width": H["mail"],
    },
    "explorer": {"tool": H["link"], "grid": H["latex"], "lane1": "sgd:lr=" + H["bare"], "steps": H["image"]},
    "network_lab": {"dataset": H["image"], "steps": H["latex"], "opt1": "sgd", "seed": H["anchor"]},
}


def shown_texts(app: AppTest) -> list[tuple[str, bool]]:
    """Every text element's Markdown and whether it may carry HTML."""
    found = []
    for kind in TEXT_ELEMENTS:
        for element in app.get(kind):
            found.append((str(element.value), bool(getattr(element.proto, "allow_html", False))))
    return found


@pytest.mark.parametrize("page", sorted(LINKS))
def test_a_hostile_link_is_shown_as_text_on_every_page(page):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.switch_page(f"app_pages/{page}.py")
    for key, value in LINKS[page].items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    quoting = [(value, html) for value, html in shown_texts(app) if "evil" in value]
    assert quoting, "the page says what it could not use"
    for value, html in quoting:
        assert live_markup(value, html) == [], value
