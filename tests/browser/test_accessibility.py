"""WCAG 2.0/2.1 level A and AA on every page, as axe-core checks them, at a laptop's and a projector's size.

axe-core comes with the ``axe-playwright-python`` package (requirements-dev.txt); it runs in the page, so the
rules see what a visitor's browser shows. One browser page walks the seven pages (and the Playground in
presenter mode, the only page that has one); each is checked at 1400x900, then resized to 1280x720 and checked
again once the app has rerun for the new size.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tools.browser import wait_for_idle

SIZES = ({"width": 1400, "height": 900}, {"width": 1280, "height": 720})
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = ("", "?presenter=1", "scenes", "explorer", "activations", "initialisation", "network_lab", "welcome")


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=SIZES[0])
    yield context.new_page()
    context.close()


def _violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page, one line each (rule, impact, first elements)."""
    results = Axe().run(page, options=WCAG_AA).response
    assert len(results["passes"]) > 10, "axe-core checked (almost) nothing: the page was not there"
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}; "
        + " | ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in results["violations"]
    ]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_has_no_wcag_aa_violations_at_either_size(tab, app_url, path):
    tab.set_viewport_size(SIZES[0])
    tab.goto(f"{app_url}/{path}")
    found = {}
    for size in SIZES:
        tab.set_viewport_size(size)
        wait_for_idle(tab)
        found[f"{size['width']}x{size['height']}"] = _violations(tab)
    assert found == {name: [] for name in found}
