"""A figure dict in words and as a table: the text alternative of every Plotly chart (WCAG 1.1.1).

A screen reader cannot read an SVG of lines; what a chart shows is its data. :func:`chart_summary` says,
from the figure dict itself, what is plotted (title, axes) and each series' extent and last value;
:func:`chart_table` lays the data out in long form (one row per point: series, x, y, z). ``ui.chart`` shows
both under every chart. Both read the typed arrays of :mod:`viz.encoding` and plain lists alike; a grid
(a heatmap's or a surface's ``z``) is summarised by its shape, not tabulated.
"""

from __future__ import annotations

import base64
import re

import numpy as np

MAX_ROWS = 10_000  # a table this long is already more than anyone reads; the rest is said, not sent
_TAG = re.compile(r"<[^>]*>")
_CODES = {code: "<" + code for code in ("f4", "f8", "i1", "i2", "i4", "u1", "u2", "u4")}


def values(data) -> np.ndarray | None:
    """A trace's array (a typed array ``{"dtype", "bdata"[, "shape"]}`` or a list) as numpy, else None."""
    if data is None:
        return None
    if isinstance(data, dict) and "bdata" in data:
        array = np.frombuffer(base64.b64decode(data["bdata"]), dtype=_CODES[data["dtype"]])
        if "shape" in data:
            array = array.reshape([int(n) for n in str(data["shape"]).split(",")])
        return array
    if isinstance(data, list | tuple):
        return np.asarray(data, dtype=object if any(isinstance(v, str) for v in data) else float)
    return None


def words(text) -> str:
    """Plotly label text as plain words: tags dropped (``<br>`` as a space), whitespace collapsed."""
    if isinstance(text, dict):
        text = text.get("text", "")
    return " ".join(_TAG.sub(" ", str(text or "")).split())


def chart_title(figure: dict) -> str:
    """The chart's title (its panels' titles when it has none), plain; "" when it has neither."""
    layout = figure.get("layout", {})
    title = words(layout.get("title"))
    if title:
        return title
    panels = [words(a.get("text")) for a in layout.get("annotations", []) if a.get("showarrow") is False]
    return " · ".join(p for p in panels[:6] if p)


def _axis(figure: dict, trace: dict, letter: str) -> str:
    ref = trace.get(f"{letter}axis", letter)
    layout = figure.get("layout", {})
    if trace.get("type") in ("surface", "scatter3d"):
        return words(layout.get("scene", {}).get(f"{letter}axis", {}).get("title")) or letter
    return words(layout.get(f"{letter}axis{ref[1:]}", {}).get("title")) or letter


def _name(trace: dict, index: int) -> str:
    """A trace's name; unnamed, the first line of its hover text (a lane's title), else "series N"."""
    name = words(trace.get("name"))
    if not name:
        first = re.split(r"<br>|<extra>", str(trace.get("hovertemplate", "")), maxsplit=1)[0]
        name = words(re.sub(r"%\{[^}]*\}", "", first)).strip(" =:·,()")
    return name or f"series {index + 1}"


def _hidden(trace: dict) -> bool:
    """Not drawn: switched off, or invisible markers that only catch clicks (the map's landscape grid)."""
    marker = trace.get("marker") if isinstance(trace.get("marker"), dict) else {}
    return trace.get("visible") is False or (trace.get("mode") == "markers" and marker.get("opacity") == 0)


def _series(figure: dict):
    """Per drawn trace: its name, the trace and its ``x``, ``y``, ``z`` arrays (None where absent)."""
    for index, trace in enumerate(figure.get("data", [])):
        if not _hidden(trace):
            yield _name(trace, index), trace, {letter: values(trace.get(letter)) for letter in "xyz"}


def _fmt(value) -> str:
    return f"{float(value):.3g}" if isinstance(value, int | float | np.number) else str(value)


def chart_summary(figure: dict, limit: int = 12) -> str:
    """What the chart plots, in a few plain sentences: its title, then each series (traces of one name
    together) with its axes, its number of points, the range of its values and its last one, a grid by its
    shape; past ``limit`` series, how many more."""
    groups: dict[str, list] = {}
    for name, trace, arrays in _series(figure):
        groups.setdefault(name, []).append((trace, arrays))
    parts = [f"{chart_title(figure) or 'Chart'}."]
    for name, members in list(groups.items())[:limit]:
        parts.append(_group_text(figure, name, members))
    if len(groups) > limit:
        parts.append(f"{len(groups) - limit} more series are in the table.")
    return " ".join(part for part in parts if part)


def _group_text(figure: dict, name: str, members: list) -> str:
    trace, arrays = members[0]
    kind = trace.get("type", "scatter")
    if arrays["z"] is not None and arrays["z"].ndim == 2:
        rows, columns = arrays["z"].shape
        return f"{name}: a {kind} of {_axis(figure, trace, 'z')} on a {rows} x {columns} grid."
    axis = "y" if arrays["y"] is not None else "x"
    shown = [a[axis] for _, a in members if a[axis] is not None and a[axis].size]
    if not shown:
        return ""
    count = f"{len(members)} {kind} traces" if len(members) > 1 else kind
    points = sum(a.size for a in shown)
    text = f"{name} ({count}, {points:,} point{'s' if points != 1 else ''}): {_axis(figure, trace, axis)}"
    numbers = [a[np.isfinite(a)] for a in shown if a.dtype != object]
    numbers = [a for a in numbers if a.size]
    if numbers:
        low, high = min(a.min() for a in numbers), max(a.max() for a in numbers)
        text += f" from {_fmt(low)} to {_fmt(high)}"
        if len(members) == 1:
            text += f", last {_fmt(numbers[0][-1])}"
    if axis == "y" and arrays["x"] is not None:
        text += f", against {_axis(figure, trace, 'x')}"
    return text + "."


def chart_table(figure: dict, max_rows: int = MAX_ROWS) -> tuple[dict[str, list], int]:
    """The chart's points in long form, ``{"series", "x", "y"[, "z"]}`` columns, at most ``max_rows``
    rows, and how many rows there were in all (grids are left out: :func:`chart_summary` gives their
    shape)."""
    columns: dict[str, list] = {"series": [], "x": [], "y": [], "z": []}
    total = 0
    for name, _, arrays in _series(figure):
        if arrays["z"] is not None and arrays["z"].ndim == 2:
            continue
        present = [a for a in arrays.values() if a is not None and a.ndim == 1]
        count = max((a.size for a in present), default=0)
        room = max(0, min(count, max_rows - len(columns["series"])))
        total += count
        columns["series"] += [name] * room
        for letter in "xyz":
            array = arrays[letter]
            usable = array is not None and array.ndim == 1 and array.size == count
            columns[letter] += [_cell(v) for v in array[:room]] if usable else [None] * room
    if all(v is None for v in columns["z"]):
        del columns["z"]
    return columns, total


def _cell(value):
    if isinstance(value, str):
        return value
    number = float(value)
    return number if np.isfinite(number) else None
