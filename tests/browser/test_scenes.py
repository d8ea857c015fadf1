"""Lecture scenes in a real browser: deep links open the scene with its chart, and the gallery links work."""

import scenes
from tools.browser import MAP, wait_for_idle, wait_for_map


def _open(page, url):
    page.goto(url)
    wait_for_map(page, timeout=60_000)


def test_deep_link_opens_a_scene_with_its_title_and_chart(page, app_url, artifacts_dir):
    scene = scenes.get("sgd-zigzag")
    _open(page, f"{app_url}/?scene={scene.id}")
    assert page.get_by_role("heading", name=scene.title).is_visible()
    assert page.locator(MAP).count() == 1
    assert page.url.endswith(f"/?scene={scene.id}")  # the page kept the preset as it is: the link stays short
    path = artifacts_dir / "scene-sgd-zigzag.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_presenter_link_opens_a_scene_without_the_sidebar(page, app_url, artifacts_dir):
    scene = scenes.get("adagrad-stalls")
    _open(page, f"{app_url}/?scene={scene.id}&presenter=1")
    assert page.get_by_role("heading", name=scene.title).is_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or not sidebar.is_visible()
    sizes = page.evaluate(
        """() => ['.mp-legend', '.mp-play', '.mp-step'].map((s) =>
            parseFloat(getComputedStyle(document.querySelector('.st-key-pg_map .mp-root ' + s)).fontSize))"""
    )
    assert min(sizes) >= 24, sizes  # the map's legend and controls read from the back of a hall
    path = artifacts_dir / "scene-adagrad-stalls-presenter.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_gallery_card_link_opens_its_scene(page, app_url, artifacts_dir):
    page.goto(f"{app_url}/scenes")
    page.get_by_role("heading", name="Lecture scenes").wait_for(timeout=60_000)
    first = scenes.scenes()[0]
    page.get_by_text(f"1. {first.title}").wait_for()
    for width, height in ((1400, 900), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts_dir / f"scenes-gallery-{width}x{height}.png"))
    # the section of the target scene, whose cards run past the screen
    target = scenes.get("nesterov-vs-momentum")
    section = scenes.lecture.section_of(target).title
    page.get_by_role("combobox", name="Section of the lecture").click()
    page.get_by_role("option", name=f"Section: {section}", exact=True).click()
    page.locator(f"a[href$='?scene={target.id}']").wait_for(timeout=60_000)
    wait_for_idle(page)  # the section's cards arrive one by one: count them once the run has ended
    pictures = page.locator("img.scene-picture")
    count = sum(scenes.lecture.section_of(s).title == section for s in scenes.scenes())
    assert pictures.count() == count  # one picture per card of the section, none of another
    # each picture arrives at the card size once its card nears the screen (they load lazily)
    loaded = "(i) => i.loading === 'lazy' && i.complete && i.naturalWidth === 480"
    page.wait_for_function(loaded, arg=pictures.first.element_handle())
    pictures.last.scroll_into_view_if_needed()
    page.wait_for_function(loaded, arg=pictures.last.element_handle())
    page.screenshot(path=str(artifacts_dir / "scenes-gallery.png"))
    page.locator(f"a[href$='?scene={target.id}']").click()
    wait_for_map(page, timeout=120_000)  # a fresh session computes the scene: slow on a busy machine
    assert page.url.endswith(f"?scene={target.id}")
    assert page.get_by_role("heading", name=target.title).is_visible()
