"""Presenter mode on the pages other than the Playground, and the lecture's clicker from page to page,
measured in Chromium: one page load per viewport per page.

A page's key figure is the chart ``ui.lecture.keys`` names (drawn inside ``.st-key-fit_<chart key>``); the
Scenes page's is its first card's picture.
"""

import pytest

import scenes
from tools.browser import wait_for_idle
from tools.screenshots import inside

# page path -> the key figure's selector
PAGES = {
    "activations": ".st-key-fit_gallery",
    "initialisation": ".st-key-fit_histograms",
    "network_lab": ".st-key-fit_nl_player",
    "explorer": ".st-key-fit_ex_basins",
    "scenes": "img.scene-picture",
}
FITTED = "() => getComputedStyle(document.documentElement).getPropertyValue('--pg-fitted').trim() === '1'"
BOX = """(selector) => { const e = document.querySelector(selector); if (!e) return null;
    const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; }"""
PAGE_TEXT = """() => {
    const find = (s) => document.querySelector(s);
    const size = (s) => (find(s) ? parseFloat(getComputedStyle(find(s)).fontSize) : null);
    const shown = (s) => !!find(s) && getComputedStyle(find(s)).display !== 'none'
        && find(s).getBoundingClientRect().width > 0;
    return {summary: size('[data-testid="stExpander"] summary p'), title: size('h1'),
            sidebar: shown('section[data-testid="stSidebar"]'),
            header: shown('header[data-testid="stHeader"]')};
}"""


def _settled(page, selector):
    """Until the page has run with the window's size and the key figure has kept its height (and y) for
    three polls: fitted to the window."""
    page.wait_for_function(FITTED, timeout=120_000)
    page.locator(selector).first.wait_for(timeout=120_000)
    page.evaluate("() => { window.__fitSeen = []; }")
    page.wait_for_function(
        """(selector) => { const e = document.querySelector(selector); if (!e) return false;
            const r = e.getBoundingClientRect(); const v = Math.round(r.y) + ':' + Math.round(r.height);
            const seen = window.__fitSeen = window.__fitSeen.concat([v]).slice(-3);
            return r.height > 50 && seen.length === 3 && seen.every((x) => x === v); }""",
        arg=selector,
        timeout=120_000,
        polling=400,
    )
    wait_for_idle(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("path", list(PAGES))
def test_presenter_mode_fits_the_key_figure_and_hides_the_sidebar(
    page, app_url, artifacts_dir, path, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/{path}?presenter=1")
    _settled(page, PAGES[path])
    page.screenshot(path=str(artifacts_dir / f"presenter-{path}-{width}x{height}.png"))
    box = page.evaluate(BOX, PAGES[path])
    assert inside(box, (width, height)), box
    assert box["h"] > 0.2 * height, box  # the figure is large, not squeezed to fit
    text = page.evaluate(PAGE_TEXT)
    assert not text["sidebar"] and not text["header"], text
    assert "presenter=1" in page.url  # the page keeps presenter mode in its address
    if height == 1080:  # readable from the back of a hall
        assert text["summary"] >= 24 and text["title"] >= 24, text


def test_the_clicker_walks_the_lecture_from_page_to_page(page, app_url):
    ids = scenes.names()
    last_activation = max(i for i, s in enumerate(scenes.scenes()) if s.page.url_path == "activations")
    dying, steep = scenes.get("relus-die-large-step"), scenes.get(ids[ids.index("relus-die-large-step") + 1])
    here, there = scenes.get(ids[last_activation]), scenes.get(ids[last_activation + 1])
    assert here.id == "linear-network-collapses" and ids.index(here.id) == ids.index(steep.id) + 1
    assert here.page == dying.page != there.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/activations?scene={dying.id}&presenter=1")
    page.get_by_role("heading", name=dying.title).wait_for(timeout=120_000)
    _settled(page, ".st-key-fit_dead")  # the scene's own figure comes first, fitted to the window
    assert inside(page.evaluate(BOX, ".st-key-fit_dead"), (1280, 720))
    page.keyboard.press("PageDown")  # the next scene of the same page: applied in place
    page.get_by_role("heading", name=steep.title).wait_for(timeout=120_000)
    _settled(page, PAGES["activations"])
    page.keyboard.press("PageDown")  # and the page's last: the collapse section's figure, fitted
    page.get_by_role("heading", name=here.title).wait_for(timeout=120_000)
    _settled(page, ".st-key-fit_collapse")
    assert inside(page.evaluate(BOX, ".st-key-fit_collapse"), (1280, 720))
    page.keyboard.press("PageDown")  # the next scene lives on the Playground
    page.wait_for_url(f"**/{there.page.url_path}?scene={there.id}&presenter=1", timeout=120_000)
    page.get_by_role("heading", name=there.title).wait_for(timeout=120_000)
    page.wait_for_function(FITTED, timeout=120_000)
    wait_for_idle(page)
    page.keyboard.press("PageUp")  # back: the Activations page opens on that scene again
    page.get_by_role("heading", name=here.title).wait_for(timeout=120_000)
    assert f"scene={here.id}" in page.url and "presenter=1" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize(
    ("scene_id", "figure"), [("batch-norm-histograms", "batchnorm"), ("dropout-averages-masks", "masks")]
)
def test_an_initialisation_scene_fits_its_own_figure_not_the_histograms(page, app_url, scene_id, figure):
    """The scene's section comes first and its figure is the fitted one: the batch-norm scene's two rows of
    histograms, the mask average's error curve."""
    scene = scenes.get(scene_id)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/initialisation?scene={scene_id}&presenter=1")
    page.get_by_role("heading", name=scene.title).wait_for(timeout=120_000)
    selector = f".st-key-fit_{figure}"
    _settled(page, selector)
    box = page.evaluate(BOX, selector)
    assert inside(box, (1280, 720)) and box["h"] > 0.2 * 720, box
    assert page.locator(PAGES["initialisation"]).count() == 0  # the histograms are not the fitted figure
    assert page.locator("[data-testid='stException']").count() == 0
