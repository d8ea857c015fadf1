"""Standalone HTML: the animated figure in one file that plays offline (slides in a lecture hall)."""

import html

import plotly.io as pio


def standalone_html(figure: dict, title: str = "Optimizer playground") -> str:
    """A complete HTML page with plotly.js inlined (no network needed), the figure dict and its frames.

    The figure's user text is already escaped by the builders (``viz.theme.plain``), so no label can close
    the page's script or plant a link; ``title`` (user text too) is escaped here.
    """
    page = pio.to_html(
        figure,
        validate=False,
        include_plotlyjs=True,
        full_html=True,
        auto_play=False,
        config={"displaylogo": False, "responsive": True, "scrollZoom": True},
        default_width="100%",
        default_height=f"{figure.get('layout', {}).get('height') or 640}px",
    )
    heading = f"<title>{html.escape(title)}</title>"
    return page.replace("<head>", f'<head><meta charset="utf-8">{heading}', 1)
