"""The served app opens in a real browser and draws its chart."""

from tools.browser import MAP, wait_for_map


def test_home_page_draws_its_map(page, app_url, artifacts_dir):
    page.goto(app_url)
    wait_for_map(page, timeout=60_000)  # a shared machine may be slow; the map must come
    assert page.locator(MAP).count() == 1
    assert page.get_by_text("Optimizer Playground").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
    assert (artifacts_dir / "home.png").stat().st_size > 10_000


def test_a_shared_link_to_a_page_opens_it_inside_the_app(page, app_url):
    # A folder named pages/ beside app.py made Streamlit route a first request by file name: /welcome showed
    # "Page not found" and /scenes ran its script without the router.
    page.goto(f"{app_url}/welcome")
    page.get_by_text("Open the Playground").first.wait_for(timeout=60_000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("Landscape explorer").count() == 1
    # the Welcome page's preview is the map player (no Plotly chart on the page)
    page.wait_for_function(
        "() => document.querySelector('.st-key-welcome_map .mp-root')?.dataset.image === '1'", timeout=60_000
    )
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0
