"""Small helpers shared by the browser tests."""

PLOT = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def wait_for_chart(page, timeout: float = 30_000, index: int = 0) -> None:
    """Wait until the index-th Plotly chart on the page has been laid out and drawn."""
    page.wait_for_function(
        """([selector, index]) => {
            const plots = document.querySelectorAll(selector);
            const gd = plots[index];
            return !!(gd && gd._fullLayout && gd._fullData && gd.querySelector('.main-svg'));
        }""",
        arg=[PLOT, index],
        timeout=timeout,
    )
