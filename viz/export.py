"""Standalone HTML: the animated figure in one file that plays offline (slides in a lecture hall)."""

import html

import plotly.graph_objects as go
import plotly.io as pio


def standalone_html(figure: go.Figure, title: str = "Optimizer playground") -> str:
    """A complete HTML page with plotly.js inlined (no network needed), the figure and its frames."""
    page = pio.to_html(
        figure,
        include_plotlyjs=True,
        full_html=True,
        auto_play=False,
        config={"displaylogo": False, "responsive": True, "scrollZoom": True},
        default_width="100%",
        default_height=f"{figure.layout.height or 640}px",
    )
    heading = f"<title>{html.escape(title)}</title>"
    return page.replace("<head>", f'<head><meta charset="utf-8">{heading}', 1)
