"""The basin map: an image of the starts coloured by the minimum each run reaches, over the contour lines.

Each cell of the grid of starts is one pixel block: its hue says which known minimum the run from there
reaches (Okabe-Ito colours, safe for every colour vision), its lightness how long it took (full colour for
the fastest starts, paler for slower ones), grey for "ended elsewhere" and black for "diverged". The image
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


def _image(rgb: np.ndarray, window) -> dict:
    factor = max(1, IMAGE_SIDE // max(rgb.shape[:2]))
    big = np.repeat(np.repeat(rgb[::-1], factor, axis=0), factor, axis=1)  # image row 0 is the top
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
        text = f"→ minimum {index + 1} ({x:.3g}, {y:.3g}): {share:.0%}"
        entries.append(legend_swatch(text, basin_color(index)))
    for label, text in ((-1, "ended elsewhere"), (-2, "diverged")):
        share = (labels == label).sum() / total
        if share > 0:
            entries.append(legend_swatch(f"{text}: {share:.0%}", basin_color(label)))
    return entries


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
            "images": [_image(basin_rgb(labels, steps_to_tolerance, steps), window)],
            "xaxis": {"range": [x_low, x_high], "title": {"text": "start x"}, "constrain": "domain"},
            "yaxis": {
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
