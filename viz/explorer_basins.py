"""The basin map: an image of the starts coloured by the minimum each run reaches, over the contour lines.

Each cell of the grid of starts is one pixel block: its hue says which known minimum the run from there
reaches (Okabe-Ito colours, safe for every colour vision), its lightness how long it took (full colour for
the fastest starts, paler for slower ones), grey for "ended elsewhere" and black for "diverged". Colour is
never the only carrier: every basin after the first is also hatched with its own pattern (stripes one way or
the other, level or upright, crossed, dotted), which its legend entry shows and names. The image
is a layout image, exactly covering the window (pixel ``j`` spans ``[x_low + j h, x_low + (j + 1) h]``);
contour lines of the loss, the minima and a few sample paths are drawn on top.

Returns a plain figure dict (numpy only; no plotly objects are built).
"""

import base64

import numpy as np

from viz.png import data_uri, encode_png
from viz.theme import legend_swatch, plain

# Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow (minimum 1, 2, ...).
BASIN_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
NONE_COLOR = "#BDBDBD"
DIVERGED_COLOR = "#000000"
PATH_COLOR = "#FFFFFF"
# the slowest start is drawn this far towards white: still its hue, clearly lighter than the fastest
PALEST = 0.6
IMAGE_SIDE = 480  # pixels along the longer side: cells are enlarged by whole factors so edges stay sharp
# Minimum k's hatching: Plotly's pattern shape (the legend's square draws it) and its name in words; the
# first basin is plain. The image draws the same pattern as darker lines, PERIOD pixels apart.
PATTERNS = (
    ("", ""),
    ("/", "hatched /"),
    ("\\", "hatched \\"),
    ("-", "striped level"),
    ("|", "striped upright"),
    ("x", "cross-hatched"),
    (".", "dotted"),
)
PERIOD, LINE = 10, 3  # image pixels between two lines of a pattern, and a line's width
HATCH_SHADE = 0.4  # a pattern's lines: the basin's colour this far towards black

__all__ = ["basin_color", "basin_figure", "basin_rgb"]


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def basin_color(label: int) -> str:
    """The colour of minimum ``label`` (0-based); the list wraps after seven minima."""
    if label == -2:
        return DIVERGED_COLOR
    if label < 0:
        return NONE_COLOR
    return BASIN_COLORS[label % len(BASIN_COLORS)]


def basin_rgb(labels: np.ndarray, steps_to_tolerance: np.ndarray, steps: int) -> np.ndarray:
    """``(ny, nx, 3)`` uint8 colours of the cells (row 0 = lowest y), shaded by steps to tolerance.

    A cell that settled after ``t`` of ``steps`` steps is mixed towards white by ``PALEST * t / steps``.
    """
    labels = np.asarray(labels)
    colors = np.stack([_rgb(basin_color(int(v))) for v in range(-2, len(BASIN_COLORS))])
    rgb = colors[np.where(labels >= 0, labels % len(BASIN_COLORS), labels) + 2]
    fraction = np.where(labels >= 0, np.asarray(steps_to_tolerance, dtype=float) / max(steps, 1), 0.0)
    mix = PALEST * np.clip(fraction, 0.0, 1.0)[..., None]
    return np.round(rgb * (1.0 - mix) + 255.0 * mix).astype(np.uint8)


def pattern(label: int) -> tuple[str, str]:
    """Minimum ``label``'s hatching (0-based): Plotly's pattern shape and its name ("" for none)."""
    return PATTERNS[label % len(PATTERNS)] if label >= 0 else ("", "")


def _pattern_mask(shape: str, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Where ``shape``'s lines fall on the image's pixel grid (row 0 at the top)."""
    rising, falling = (rows + columns) % PERIOD < LINE, (columns - rows) % PERIOD < LINE
    level, upright = rows % PERIOD < LINE, columns % PERIOD < LINE
    masks = {
        "/": rising,
        "\\": falling,
        "-": level,
        "|": upright,
        "x": rising | falling,
        ".": level & upright,
    }
    return masks.get(shape, np.zeros_like(rising))


def hatch(big: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``big`` (the enlarged image, row 0 at the top) with each basin's pattern drawn over its cells;
    ``labels`` enlarged the same way."""
    rows, columns = np.indices(labels.shape)
    out = big.astype(float)
    for label in np.unique(labels[labels >= 0]):
        shape, _ = pattern(int(label))
        on = (labels == label) & _pattern_mask(shape, rows, columns)
        out[on] *= 1.0 - HATCH_SHADE
    return np.round(out).astype(np.uint8)


def _enlarge(grid: np.ndarray, factor: int) -> np.ndarray:
    return np.repeat(np.repeat(grid[::-1], factor, axis=0), factor, axis=1)  # image row 0 is the top


def _image(rgb: np.ndarray, labels: np.ndarray, window) -> dict:
    factor = max(1, IMAGE_SIDE // max(rgb.shape[:2]))
    big = hatch(_enlarge(rgb, factor), _enlarge(np.asarray(labels), factor))
    (x_low, x_high), (y_low, y_high) = window
    return {
        "source": data_uri(encode_png(np.ascontiguousarray(big))),
        "xref": "x",
        "yref": "y",
        "x": x_low,
        "y": y_high,
        "sizex": x_high - x_low,
        "sizey": y_high - y_low,
        "sizing": "stretch",
        "layer": "below",
    }


def _contour(contour) -> dict:
    """Iso-lines of a normalised loss grid ``(x, y, t)`` with ``t`` in [0, 1] (log or linear levels)."""
    x, y, t = contour
    return {
        "type": "contour",
        "x": np.asarray(x, dtype=float).tolist(),
        "y": np.asarray(y, dtype=float).tolist(),
        "z": np.round(np.asarray(t, dtype=float), 4).tolist(),
        "contours": {"coloring": "none", "start": 0.05, "end": 0.95, "size": 0.05},
        "line": {"color": "rgba(255, 255, 255, 0.55)", "width": 1},
        "showscale": False,
        "hoverinfo": "skip",
        "name": "loss contours",
        "showlegend": False,
    }


def _legend(labels: np.ndarray, minima: np.ndarray) -> list[dict]:
    total = labels.size
    entries = []
    for index, (x, y) in enumerate(minima):
        share = (labels == index).sum() / total
        shape, words = pattern(index)
        text = f"→ minimum {index + 1} ({x:.3g}, {y:.3g}): {share:.0%}" + (f", {words}" if words else "")
        entries.append(_patterned_swatch(text, basin_color(index), shape))
    for label, text in ((-1, "ended elsewhere"), (-2, "diverged")):
        share = (labels == label).sum() / total
        if share > 0:
            entries.append(legend_swatch(f"{text}: {share:.0%}", basin_color(label)))
    return entries


def _patterned_swatch(name: str, color: str, shape: str) -> dict:
    """A legend entry only: a square of ``color`` hatched with ``shape`` (a bar without data: Plotly's
    legend draws a bar's pattern, a marker's it cannot)."""
    return {
        "type": "bar",
        "x": [None],
        "y": [None],
        "marker": {
            "color": color,
            "line": {"color": "#555555", "width": 1},
            "pattern": {"shape": shape, "fgcolor": "#000000", "fgopacity": HATCH_SHADE, "solidity": 0.3},
        },
        "name": name,
        "hoverinfo": "skip",
    }


def _minima_trace(minima: np.ndarray) -> dict:
    return {
        "type": "scatter",
        "x": minima[:, 0].tolist(),
        "y": minima[:, 1].tolist(),
        "mode": "markers+text",
        "text": [str(i + 1) for i in range(len(minima))],
        "textposition": "top right",
        "textfont": {"color": "#FFFFFF", "size": 14},
        "marker": {
            "symbol": "star",
            "size": 16,
            "color": [basin_color(i) for i in range(len(minima))],
            "line": {"color": "#FFFFFF", "width": 2},
        },
        "name": "known minima",
        "hovertemplate": "minimum %{text}: (%{x:.4g}, %{y:.4g})<extra></extra>",
        "showlegend": False,
    }


def _path_traces(paths) -> list[dict]:
    traces = []
    for k, path in enumerate(paths):
        path = np.asarray(path, dtype=float)
        traces.append(
            {
                "type": "scatter",
                "x": np.round(path[:, 0], 5).tolist(),
                "y": np.round(path[:, 1], 5).tolist(),
                "mode": "lines",
                "line": {"color": PATH_COLOR, "width": 2},
                "name": "sample paths",
                "legendgroup": "paths",
                "showlegend": k == 0,
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": [float(path[0, 0])],
                "y": [float(path[0, 1])],
                "mode": "markers",
                "marker": {"size": 8, "color": PATH_COLOR, "line": {"color": "#000000", "width": 1.5}},
                "legendgroup": "paths",
                "showlegend": False,
                "hovertemplate": "sample start (%{x:.3g}, %{y:.3g})<extra></extra>",
            }
        )
    return traces


def basin_figure(
    window,
    labels,
    steps_to_tolerance,
    steps: int,
    minima,
    *,
    contour=None,
    paths=(),
    title: str = "",
    height: int = 560,
) -> dict:
    """The basin map as a plain figure dict.

    Args:
      window: ``((x_low, x_high), (y_low, y_high))`` covered by the grid of starts.
      labels, steps_to_tolerance: ``(ny, nx)`` grids (row 0 = lowest y), see ``explorer.outcome``.
      steps: the number of steps each run had (for the shading).
      minima: ``(m, 2)`` the known minima the labels index.
      contour: optional ``(x, y, t)`` grid of the normalised loss for iso-lines.
      paths: a few ``(n, 2)`` sample paths drawn in white.
      title: shown as text (user text is escaped).
    """
    labels = np.asarray(labels)
    minima = np.asarray(minima, dtype=float).reshape(-1, 2)
    (x_low, x_high), (y_low, y_high) = window
    data = [] if contour is None else [_contour(contour)]
    data += [*_path_traces(paths), _minima_trace(minima), *_legend(labels, minima)]
    return {
        "data": data,
        "layout": {
            "title": {"text": plain(title), "x": 0.01},
            "images": [_image(basin_rgb(labels, steps_to_tolerance, steps), labels, window)],
            "xaxis": {
                "type": "linear",
                "range": [x_low, x_high],
                "title": {"text": "start x"},
                "constrain": "domain",
            },
            "yaxis": {
                "type": "linear",
                "range": [y_low, y_high],
                "title": {"text": "start y"},
                "scaleanchor": "x",
                "constrain": "domain",
            },
            "legend": {"orientation": "v", "x": 1.02, "y": 1.0, "bgcolor": "rgba(255,255,255,0.9)"},
            "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
            "height": height,
            "plot_bgcolor": "#FFFFFF",
            "paper_bgcolor": "#FFFFFF",
        },
    }


def png_bytes(figure: dict) -> bytes:
    """The PNG of the basin image inside ``figure`` (for an image download of the map alone)."""
    source = figure["layout"]["images"][0]["source"]
    return base64.b64decode(source.split(",", 1)[1])
