"""The Landscape explorer in a real browser: every tab draws, a click on a sweep cell offers that setting in
the Playground, and the range test's suggestion is a link to a Playground lane. Screenshots at two sizes."""

from tools.browser import PLOT, wait_for_chart, wait_for_idle, wait_for_map

SIZES = ((1400, 900), (1280, 720))


def _chart_count(page) -> int:
    return page.evaluate(f'() => document.querySelectorAll("{PLOT}").length')


def _idle(page) -> None:
    """Wait until the script run is over (nothing stale on the page) and a chart is drawn."""
    wait_for_idle(page, timeout=180_000)
    wait_for_chart(page, timeout=120_000)


def _open_tab(page, title: str, tool: str) -> None:
    page.get_by_role("tab", name=title).click()
    page.wait_for_function("(tool) => location.search.includes('tool=' + tool)", arg=tool, timeout=60_000)
    _idle(page)


def _shoot(page, artifacts_dir, name: str) -> None:
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        path = artifacts_dir / f"explorer-{name}-{width}x{height}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000


def _click_cell(page, lr: float, momentum: float) -> None:
    """Click the sweep chart where the cell (lr, momentum) is drawn (plotly's own data-to-pixel maps)."""
    x, y = page.evaluate(
        """([selector, lr, momentum]) => {
            const gd = document.querySelector(selector);
            const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return [box.left + xa.l2p(Math.log10(lr)), box.top + ya.l2p(momentum)];
        }""",
        [PLOT, lr, momentum],
    )
    page.mouse.click(x, y)


def test_every_tool_draws_and_links_back_to_the_playground(page, app_url, artifacts_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)
    wait_for_map(page, timeout=120_000)  # the Playground's map (a canvas player, not a Plotly chart)
    page.get_by_role("link", name="Landscape explorer").click()
    page.get_by_role("heading", name="Landscape explorer").wait_for(timeout=60_000)
    page.wait_for_function("() => location.search.includes('tool=basins')", timeout=60_000)
    _idle(page)
    _shoot(page, artifacts_dir, "basins")

    _open_tab(page, "Hyperparameter sweep", "sweep")
    _shoot(page, artifacts_dir, "sweep")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.locator(PLOT).first.scroll_into_view_if_needed()
    _click_cell(page, 0.05, 0.5)
    button = page.get_by_role("link", name="in the Playground")
    button.wait_for(timeout=60_000)
    assert "lane1=momentum" in button.get_attribute("href")

    _open_tab(page, "Seed ensemble", "ensemble")
    _shoot(page, artifacts_dir, "ensemble")
    _open_tab(page, "Learning-rate range test", "range")
    _shoot(page, artifacts_dir, "range")
    send = page.get_by_role("link", name="Send it to a Playground lane")
    assert "lane1=" in send.get_attribute("href")
    assert _chart_count(page) >= 1
