"""WCAG 2.0/2.1 level A and AA, as axe-core checks them, at a laptop's and a projector's size, by default and
in presenter mode; the same pages by keyboard alone and at 200 % zoom: the Playground, the Scenes gallery
and the Welcome page (tests/browser/test_accessibility_lessons.py: the other four).

axe-core comes with the ``axe-playwright-python`` package (requirements-dev.txt); it runs in the page, so the
rules see what a visitor's browser shows. One tour of the pages (tests/browser/accessibility_tour.py: a tab a
page, all open together) collects every page's problems; each test here reports one page's. The map
player's words and keys, and colour vision, are tests/browser/test_accessibility_player.py's.
"""

import pytest

from tests.browser.accessibility_tour import CHECKS, PRESENTER, PRESENTER_CHECKS, TYPING, tour

PAGES = ("", "scenes", "welcome")


@pytest.fixture(scope="module")
def found(browser, app_url):
    return tour(browser, app_url, PAGES)


@pytest.mark.parametrize("path", PAGES, ids=[p or "playground" for p in PAGES])
def test_a_page_meets_wcag_aa_by_keyboard_at_either_size_zoomed_and_in_presenter_mode(found, path):
    checks = CHECKS + (PRESENTER_CHECKS if path in PRESENTER else ())
    assert sorted(found[path]) == sorted(checks + ((TYPING,) if TYPING in found[path] else ()))
    assert {check: what for check, what in found[path].items() if what} == {}


def test_clicker_keys_are_ignored_while_typing_in_the_playgrounds_presenter_mode(found):
    # the Scenes page's field is its section picker (a combobox one can type in); the Welcome page has no
    # presenter mode
    assert {path: found[path][TYPING] for path in PAGES if TYPING in found[path]} == {"": [], "scenes": []}
