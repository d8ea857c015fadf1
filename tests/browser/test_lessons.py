"""The activation-function and initialisation pages in a real browser, at a laptop and a small screen."""

from tools.browser import PLOT, wait_for_chart

SIZES = ({"width": 1400, "height": 900}, {"width": 1280, "height": 720})


def _shoot(page, artifacts_dir, name):
    for size in SIZES:
        page.set_viewport_size(size)
        page.wait_for_timeout(500)
        path = artifacts_dir / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000


def test_activations_page_draws_every_lesson_and_keeps_the_url(page, app_url, artifacts_dir):
    page.goto(f"{app_url}/activations?depth=20&lr=oops")
    page.get_by_role("heading", name="Activation functions").wait_for(timeout=90_000)
    wait_for_chart(page, timeout=90_000, index=4)  # five figures: gallery, depth, zigzag, collapse, dead
    assert page.locator(PLOT).count() == 5
    assert page.get_by_text("lr: 'oops' is not a number").is_visible()
    assert "depth=20" in page.url and "oops" not in page.url
    page.locator("[data-testid='stMetric']").nth(10).wait_for(timeout=60_000)  # all eleven numbers
    _shoot(page, artifacts_dir, "activations")


def test_initialisation_page_draws_the_deep_experiment(page, app_url, artifacts_dir):
    page.goto(f"{app_url}/initialisation?setting=kaiming&activation=relu&width=big")
    page.get_by_role("heading", name="Weight initialisation").wait_for(timeout=90_000)
    wait_for_chart(page, timeout=180_000, index=4)  # histograms, forward, backward, compared, symmetry
    assert page.locator(PLOT).count() == 5
    assert page.get_by_text("width: 'big' is not").is_visible()
    assert "setting=kaiming" in page.url and "width" not in page.url
    link = page.get_by_role("link", name="Kaiming (ReLU gain)")
    href = link.get_attribute("href")
    assert "network_lab" in href and "init%3Dkaiming_normal" in href
    _shoot(page, artifacts_dir, "initialisation")
