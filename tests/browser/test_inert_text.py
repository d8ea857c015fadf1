"""Hostile links in a real browser: on every page, nothing a link says becomes an image, a link or a
request to the outside host it names; what the page could not use is shown as text."""

from urllib.parse import urlencode, urlsplit

import pytest

from tests.inert_text import HOSTILE as H
from tools.browser import wait_for_idle

# page path -> (hostile query, whether the page says what it could not use; the others ignore the link)
PAGES = {
    "": (
        {
            "scene": H["image"],
            "steps": "20",
            "lane1": "sgd:label=" + H["html"],
            "lane2": "adam:label=" + H["bare"],
        },
        True,
    ),
    "scenes": ({"scene": H["image"]}, False),
    "explorer": ({"tool": H["link"], "grid": "8", "steps": H["anchor"]}, True),
    "activations": ({"scene": H["image"], "lr": H["link"]}, True),
    "initialisation": ({"scene": H["link"], "layers": H["html"], "width": "20"}, True),
    "network_lab": ({"dataset": H["image"], "steps": H["latex"], "seed": H["anchor"]}, True),
    "welcome": ({"scene": H["image"]}, False),
}
ALERT = "[data-testid='stAlert']"
OUTSIDE = "[src*='evil.example' i], [href*='evil.example' i], [href^='javascript:' i], [srcset*='evil' i]"


def outside(url: str) -> bool:
    return (urlsplit(url).hostname or "").endswith("evil.example")


@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_hostile_link_shows_no_image_link_or_request_to_its_host(page, app_url, path):
    query, read = PAGES[path]
    asked = []
    page.on("request", lambda request: asked.append(request.url) if outside(request.url) else None)
    page.goto(f"{app_url}/{path}?{urlencode(query)}")
    page.locator("[data-testid='stHeading'], [data-testid='stMarkdown']").first.wait_for(timeout=120_000)
    if read:  # the notice quotes the hostile value, as text (an image or a link would not read so)
        page.locator(ALERT).filter(has_text="evil.example").first.wait_for(timeout=120_000)
    wait_for_idle(page)  # the page is drawn: an image in the notice would have been asked for by now
    assert page.locator(OUTSIDE).count() == 0
    assert asked == []
