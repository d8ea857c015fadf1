"""Sizes, fonts, axis names and the one rule for user text in a figure.

Plotly renders a subset of HTML in every text it draws (legend names, titles, annotations, hover labels):
``<a href=...>`` becomes a link, ``<b>`` bold, ``<br>`` a line break, and ``%{...}`` in a hover template is
a variable. User text (lane names, formulas, surface titles) therefore goes through :func:`plain` before it
reaches any label, so it is always shown literally.
"""

import html
from dataclasses import dataclass

FONT_FAMILY = "Arial, Helvetica, sans-serif"
BACKGROUND = "#FFFFFF"


@dataclass(frozen=True)
class Look:
    """Sizes for a laptop screen, or enlarged for a projector (``presenter=True``): 26 px text, so that
    a Plotly figure's smallest text (tick labels at ``font - 2``) is 24 px."""

    font: int
    line: float
    marker: int
    small_marker: int

    @staticmethod
    def of(presenter: bool) -> "Look":
        return Look(26, 4.5, 20, 6) if presenter else Look(15, 3.0, 15, 5)


def plain(text) -> str:
    """User text as plotly text that shows literally: ``& < >`` become entities (plotly.js decodes them
    back to the characters when drawing) and ``%`` becomes ``&#37;`` so a hover template cannot read
    ``%{x}`` in it as a variable."""
    return html.escape(str(text), quote=False).replace("%", "&#37;")


def shorten(text: str, limit: int) -> str:
    """A panel title that fits its panel (the legend keeps the full label)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def axis_names(k: int) -> tuple[str, str, str, str]:
    """Trace refs ("x2", "y2") and layout keys ("xaxis2", "yaxis2") of the k-th axis pair (1-based)."""
    suffix = "" if k == 1 else str(k)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def format_number(value: float) -> str:
    """A number for a label: 3 significant digits, with thousands written out (κ = 1,000, not 1e+03)."""
    value = float(value)
    if 1e3 <= abs(value) < 1e7:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def legend_swatch(name: str, color: str) -> dict:
    """A legend entry only: a square of ``color`` beside ``name``, drawing nothing on the axes (for the
    colours of an image or a heatmap, which have no trace of their own in the legend)."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "marker": {"symbol": "square", "size": 14, "color": color, "line": {"color": "#555555", "width": 1}},
        "name": name,
    }


def domain_annotation(text: str, axes, *, x=0.5, y=0.5, font: dict | None = None, **extra) -> dict:
    """An annotation placed in the domain (0..1) of one axis pair, without an arrow."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": f"{axes[0]} domain",
        "yref": f"{axes[1]} domain",
        "showarrow": False,
        **({"font": font} if font is not None else {}),
        **extra,
    }


PRESENTER_FONT = 24  # px: presenter text on the canvas map (presenter_font)

# The map fills the screen below its own top (the page's title, bar and caption above it), within limits.
MIN_MAP_HEIGHT = 380  # px: below this the panels and the legend no longer fit beside the map
MAX_MAP_HEIGHT = 1400
SCREEN_GAP = 12  # px left free under the map
FIT_MIN_WIDTH = 640  # narrower (a phone): the map keeps its natural height and the page scrolls


def fitted_height(natural: int, screen: tuple[int, int, int | None] | None) -> int:
    """The map's height in pixels: ``natural`` (its own rule, :meth:`viz.grid.Grid.height`) until the
    browser has said how large the window is; then what is left of the window below the map's top,
    ``screen = (width, height, map_top)`` in CSS pixels, clipped to [MIN_MAP_HEIGHT, MAX_MAP_HEIGHT].
    Both drawings of the map (the Plotly figure and the canvas player) take their height from here.

    >>> fitted_height(700, (1920, 1080, 150))
    918
    >>> fitted_height(700, None), fitted_height(700, (390, 844, 300))
    (700, 700)
    """
    if screen is None or screen[2] is None or screen[0] < FIT_MIN_WIDTH:
        return int(natural)
    _, height, top = screen
    return int(min(max(height - top - SCREEN_GAP, MIN_MAP_HEIGHT), MAX_MAP_HEIGHT))


def presenter_font(screen: tuple[int, int, int | None] | None) -> int:
    """Presenter mode's text size on the canvas map, in pixels: 24 (the player draws its smaller text at
    that size too, so nothing on the map is under 24 px), and a laptop's size on a phone held up to show
    the map, where 24 px labels would leave no room for the map.

    >>> presenter_font(None), presenter_font((1920, 1080, 0)), presenter_font((390, 844, 0))
    (24, 24, 15)
    """
    if screen is not None and screen[0] < FIT_MIN_WIDTH:
        return Look.of(False).font
    return PRESENTER_FONT
