"""Lane styles: colour, dash and marker symbol, so that lanes differ in three independent ways.

Colours follow the Okabe-Ito colour-blind-safe set (Okabe & Ito, "Color Universal Design", 2008), reordered
for a light background: its yellow is left out because it disappears on white and on a projector, and its
sky blue comes last among the colours because it is the least contrasted. Every lane also has its own dash
pattern and marker symbol, so the lanes stay distinct in greyscale print and for any colour vision.
"""

from dataclasses import dataclass

# Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, black (yellow and sky blue left out).
LANE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000")
LANE_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
LANE_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "pentagon", "hexagram")
LANE_NAMES = ("blue", "vermillion", "green", "purple", "orange", "black")
# How many lanes the palette tells apart; the page caps its lanes (playground.state.MAX_LANES) at most here.
STYLES = len(LANE_COLORS)

# Markers that are not lanes: they must stay readable on top of every lane colour and on the landscape.
START_COLOR = "#FFFFFF"
MINIMUM_COLOR = "#FFFFFF"
OUTLINE_COLOR = "#111111"


@dataclass(frozen=True)
class LaneStyle:
    """How one lane is drawn: ``color`` (hex), ``dash`` (plotly dash name), ``symbol`` (plotly marker symbol)
    and ``name`` (the colour's name, for text such as "the vermillion lane")."""

    color: str
    dash: str
    symbol: str
    name: str


def lane_style(index: int, color: str | None = None) -> LaneStyle:
    """The style of lane ``index`` (0-based); indices past the sixth wrap around.

    ``color`` overrides the palette colour (a user's choice) and keeps the lane's dash and symbol.
    """
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"lane index must be a non-negative integer, got {index!r}")
    slot = index % STYLES
    return LaneStyle(
        color=color or LANE_COLORS[slot],
        dash=LANE_DASHES[slot],
        symbol=LANE_SYMBOLS[slot],
        name=LANE_NAMES[slot] if color is None else color,
    )


def palette(count: int = STYLES) -> list[LaneStyle]:
    """The styles of the first ``count`` lanes."""
    return [lane_style(i) for i in range(count)]
