"""The served app opens in a real browser and draws its chart."""

from tests.browser.helpers import PLOT, wait_for_chart


def test_home_page_draws_a_plotly_chart(page, app_url, artifacts_dir):
    page.goto(app_url)
    wait_for_chart(page, timeout=60_000)  # a shared machine may be slow; the chart must come
    assert page.locator(PLOT).count() >= 1
    assert page.get_by_text("Optimizer Playground").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
    assert (artifacts_dir / "home.png").stat().st_size > 10_000
