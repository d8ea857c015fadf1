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
    """Sizes for a laptop screen, or enlarged for a projector (``presenter=True``)."""

    font: int
    line: float
    marker: int
    small_marker: int

    @staticmethod
    def of(presenter: bool) -> "Look":
        return Look(20, 4.5, 20, 6) if presenter else Look(15, 3.0, 15, 5)


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
