"""Sizes, fonts, axis names and the one rule for user text in a figure.

Plotly renders a subset of HTML in every text it draws (legend names, titles, annotations, hover labels):
``<a href=...>`` becomes a link, ``<b>`` bold, ``<br>`` a line break, and ``%{...}`` in a hover template is
a variable. User text (lane names, formulas, surface titles) therefore goes through :func:`plain` before it
reaches any label, so it is always shown literally.
"""

import html
import re
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


# Presenter mode's page text (ui/scenes.py's CSS: ``clamp(18px, min(2.25vh, 1.3vw), 32px)``), which a figure's
# text follows so that tick labels read as the page's words do.
PRESENTER_TEXT = (0.0225, 0.013, 18, 32)  # share of the window's height, of its width; least, most px
FONT_KEYS = ("font", "textfont", "tickfont", "titlefont", "insidetextfont", "outsidetextfont")
PLOTLY_FONT = 12  # px: Plotly's text size where a figure names none


def presenter_chart_font(screen: tuple[int, int, int | None] | None) -> int:
    """Presenter mode's text size in a Plotly figure, in pixels, from the window ``screen = (width,
    height, top)``: the page's presenter text size (2.25 % of the window's height or 1.3 % of its width,
    the smaller, within 18-32 px); 24 until the window is known, a laptop's size on a phone.

    >>> [presenter_chart_font(screen) for screen in ((1920, 1080, 0), (1280, 720, 0), None)]
    [24, 18, 24]
    >>> presenter_chart_font((2560, 1440, 0)), presenter_chart_font((390, 844, 0))
    (32, 15)
    """
    if screen is None:
        return PRESENTER_FONT
    width, height = screen[0], screen[1]
    if width < FIT_MIN_WIDTH:
        return Look.of(False).font
    by_height, by_width, least, most = PRESENTER_TEXT
    return round(min(max(min(by_height * height, by_width * width), least), most))


def scaled_text(figure: dict, size: int) -> dict:
    """``figure`` (not changed) with its text at ``size`` px: the layout's font at ``size`` and every font
    size the figure names (titles, annotations, a trace's text) scaled by the same factor, so that their
    proportions stay as the figure drew them."""
    layout = figure.get("layout", {})
    base = (layout.get("font") or {}).get("size") or PLOTLY_FONT
    factor = size / base

    def scale(value, under_font: bool = False):
        if isinstance(value, dict):
            out = {k: scale(v, k in FONT_KEYS) for k, v in value.items()}
            if under_font and isinstance(value.get("size"), (int, float)):
                out["size"] = round(value["size"] * factor, 1)
            return out
        if isinstance(value, list) and value and isinstance(value[0], dict):  # not the data's numbers
            return [scale(v) for v in value]
        return value

    scaled = scale(layout)
    scaled["font"] = {**(layout.get("font") or {}), "size": size}
    # Streamlit's chart template names its own sizes (ticks 12, axis titles 14, legend 12, title 16), which
    # outrank the layout's font: every text the figure leaves to the template gets a size of its own
    for name in [k for k in scaled if re.fullmatch(r"[xy]axis\d*", k)]:
        axis = scaled[name] = dict(scaled[name])
        _sized(axis, "tickfont", size)
        axis["title"] = _sized(_title(axis.get("title")), "font", size)
    _sized(scaled.setdefault("legend", {}), "font", size)
    if scaled.get("title"):
        scaled["title"] = _sized(_title(scaled["title"]), "font", size + 4)
    out = {**figure, "data": scale(list(figure.get("data", []))), "layout": scaled}
    for trace in out["data"]:
        if isinstance(trace.get("colorbar"), dict):
            bar = trace["colorbar"] = dict(trace["colorbar"])
            _sized(bar, "tickfont", size)
            if isinstance(bar.get("title"), dict):
                bar["title"] = _sized(dict(bar["title"]), "font", size)
    if figure.get("frames"):  # an animation's frames redraw their traces and annotations
        out["frames"] = scale(list(figure["frames"]))
    return out


def _sized(holder: dict, key: str, size: int) -> dict:
    """``holder`` with ``holder[key]`` (a font) given ``size`` unless it names a size already."""
    font = dict(holder.get(key) or {})
    font.setdefault("size", size)
    holder[key] = font
    return holder


def _title(title) -> dict:
    """A title as Plotly's dict form (``"text"`` alone: ``{"text": "text"}``), a copy."""
    return dict(title) if isinstance(title, dict) else {"text": title or ""}
