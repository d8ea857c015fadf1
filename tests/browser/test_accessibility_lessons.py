"""WCAG 2.0/2.1 level A and AA, the keyboard, 200 % zoom and presenter mode (as in
tests/browser/test_accessibility.py) on the Explorer, the two lesson pages and the Network lab: a file of
their own, so that the two tours run on two test workers side by side."""

import pytest

from tests.browser.accessibility_tour import CHECKS, PRESENTER_CHECKS, TYPING, tour

PAGES = ("explorer", "activations", "initialisation", "network_lab")


@pytest.fixture(scope="module")
def found(browser, app_url):
    return tour(browser, app_url, PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_meets_wcag_aa_by_keyboard_at_either_size_zoomed_and_in_presenter_mode(found, path):
    typing = (TYPING,) if TYPING in found[path] else ()
    assert sorted(found[path]) == sorted(CHECKS + PRESENTER_CHECKS + typing)
    assert {check: what for check, what in found[path].items() if what} == {}


def test_clicker_keys_are_ignored_while_typing_in_presenter_mode(found):
    typed = {path: found[path][TYPING] for path in PAGES if TYPING in found[path]}
    # the Network lab's fields live in the sidebar, which presenter mode hides
    assert typed == {"explorer": [], "activations": [], "initialisation": []}
