"""The map player's payload: everything the browser's canvas player draws, as one compact binary message.

The playground's map, one map or small multiples (one map per lane, the same landscape and axes, in
:class:`viz.grid.Grid`'s arrangement), is drawn in the browser by ``ui/map_player`` (a canvas, animated
client-side): on the Playground, on the Welcome page, in the offline HTML export and in the gallery's cards.
What it receives is built here from plain inputs (a :class:`viz.landscape.Landscape`,
:class:`viz.lanes.LanePath` s, minima, marks, the quadratic theory), with the rules the 3D view's loss figure
shares: the same loss offset, log floor and ranges (:mod:`viz.loss_panels`), the divergence crosses
(:func:`viz.geometry.divergence_marker`), colour-bar ticks and lane styles.

Layout of the message (little-endian)::

    b"MAP1" | uint32 n | header: n bytes of UTF-8 JSON (space-padded to a multiple of 4) | blob

The header's fields, their types and its version are written down once, in ``ui/map_player/schema.json``
(a JSON Schema): :func:`payload` validates every header against it (:mod:`viz.message_schema`, under a
millisecond), and the player's decoder refuses a message of another magic or version, or one that lacks a
field (the schema travels inside the player's script).

The header names every array of the blob as ``[offset, count]`` (offsets in bytes from the blob's start,
multiples of 4). Per lane and step the blob holds ``x, y`` (float32), the loss panel's value and the
distance panel's value (float32, floored as drawn): 16 bytes a step, plus the averaged iterates when
shown, plus the landscape PNG once. So the message grows linearly in the number of steps, about 1.3x the
raw float32 positions and losses plus the image. NaN stays NaN: a diverged path stops where its numbers
stop, and the header says where (``end``, ``diverged_at``, the cross where it left the view).
"""

from __future__ import annotations

import base64
import json
import pathlib
import struct
from dataclasses import dataclass

import numpy as np

from choices import LAYOUTS
from viz import message_schema
from viz.geometry import distance_to_minima, divergence_marker, finite_length, points
from viz.grid import Grid
from viz.landscape import Landscape, ramp_rgb
from viz.lanes import LanePath, check_lanes, n_steps_of, stop_text
from viz.loss_panels import FLOOR, autorange, log_floor, loss_offset, loss_range, start_scale
from viz.overlays import InspectArrows, MarkedPoint, TheoryOverlay, colorbar_ticks, eigen_label
from viz.theme import Look, format_number, shorten

SCHEMA_PATH = pathlib.Path(__file__).parents[1] / "ui" / "map_player" / "schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
MAGIC = SCHEMA["magic"].encode("ascii")
VERSION = SCHEMA["properties"]["version"]["const"]
message_schema.check_schema(SCHEMA)
PLAY_SECONDS = 8.0  # 1x plays the whole run in 8 s
SPEEDS = (("½×", 2.0), ("1×", 1.0), ("2×", 0.5), ("4×", 0.25))  # name, factor on the time of a run
PRESENTER_FONT = 24  # px: readable from the back of a hall at 1080p
DASHES = {  # canvas line dashes (in line widths) for the plotly dash names of viz.palette
    "solid": [],
    "dash": [4, 2.5],
    "dot": [1, 2],
    "dashdot": [4, 2, 1, 2],
    "longdash": [7, 2.5],
    "longdashdot": [7, 2, 1, 2],
}


@dataclass(frozen=True)
class Inspected:
    """The inspector's step, drawn on the map: the step ``step`` of lane ``lane`` and, with ``arrows``,
    its gradient and update (exactly the numbers the inspector's table shows)."""

    lane: int
    step: int
    arrows: InspectArrows | None = None


class _Blob:
    """Appends arrays to one byte string, each 4-byte aligned, and remembers where each one went."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes, count: int) -> list[int]:
        at = self.size
        pad = (-len(data)) % 4
        self.parts.append(data + b"\0" * pad)
        self.size += len(data) + pad
        return [at, count]

    def floats(self, values) -> list[int]:
        # beyond float32 a diverging value becomes inf: not finite, so not drawn (the header says where)
        with np.errstate(over="ignore"):
            values = np.ascontiguousarray(np.asarray(values, dtype=float).ravel(), dtype="<f4")
        return self.add(values.tobytes(), int(values.size))


def _number(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _decades(log_range) -> list[int]:
    """Every whole decade on a log axis of ``[lo, hi]`` (log10): the player labels every k-th of them, as
    many as keep their labels apart at the panel's height in pixels (``ui/map_player/panels.js``)."""
    if log_range is None:
        return []
    return list(range(int(np.ceil(log_range[0])), int(np.floor(log_range[1])) + 1))


def _hex(rgb) -> str:
    r, g, b = (round(float(c)) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def _colorbar(landscape: Landscape) -> dict:
    values, ticks = colorbar_ticks(landscape)
    n = landscape.n_levels
    return {
        "bands": [_hex(ramp_rgb(np.array((k + 0.5) / n))) for k in range(n)],
        "ticks": [[float(t), format_number(v)] for v, t in zip(values, ticks, strict=True)],
        "title": {"log": "loss (log)", "quantile": "loss (bands of equal area)"}.get(landscape.scale, "loss"),
    }


def _theory(theory: TheoryOverlay | None, window) -> dict | None:
    """Eigenvector lines through the minimum, their eigenvalues (:func:`viz.overlays.eigen_label`), and κ."""
    if theory is None:
        return None
    minimum = np.asarray(theory.minimum, float).reshape(2)
    vectors = np.asarray(theory.eigenvectors, float).reshape(2, 2)
    values = np.asarray(theory.eigenvalues, float).reshape(-1)
    lines, labels = [], []
    for k in range(len(values)):
        v = vectors[:, k] / (np.linalg.norm(vectors[:, k]) or 1.0)
        lines.append([float(minimum[0]), float(minimum[1]), float(v[0]), float(v[1])])
        labels.append(list(eigen_label(k, values[k], minimum, v, window)))
    kappa = format_number(theory.condition_number)
    return {
        "lines": lines,
        "labels": labels,
        "kappa": f"κ = λmax / λmin = {kappa}",
        "name": f"Hessian eigenvectors (κ = {kappa})",
    }


def _cross(lane: LanePath, positions: np.ndarray, end: int, window) -> dict | None:
    """Where a path that ended early left the view (or its last finite point), and the words for it:
    :func:`viz.lanes.stop_text`'s, after the step it left the view when that came first."""
    if lane.diverged_at is None or end < 0:
        return None
    words = stop_text(lane)
    crossing = divergence_marker(positions, window)
    if crossing is None:
        return {
            "step": end,
            "x": float(positions[end, 0]),
            "y": float(positions[end, 1]),
            "text": words,
            "faint_from": None,
        }
    last_inside, point = crossing
    left = last_inside + 1
    text = f"left the view at step {left} · {words}" if left <= end and left < lane.diverged_at else words
    return {
        "step": min(left, end),
        "x": float(point[0]),
        "y": float(point[1]),
        "text": text,
        "faint_from": left,
    }


def _panels(lanes: list[LanePath], minima, min_loss) -> tuple[dict, list, list]:
    """The loss and distance panels' values (offset and floored by :mod:`viz.loss_panels`' rules), ranges,
    floors and ticks."""
    offset, title = loss_offset(lanes, min_loss)
    losses = [np.asarray(lane.losses, float) - offset for lane in lanes]
    distances = [distance_to_minima(np.asarray(lane.positions, float), minima) for lane in lanes]
    floor = {"loss": start_scale(losses) * FLOOR, "distance": start_scale(distances) * FLOOR}
    loss_values = [log_floor(v, floor["loss"]) for v in losses]
    distance_values = [log_floor(v, floor["distance"]) for v in distances]
    average_losses, average_distances = [], []
    for lane in lanes:
        has = lane.average is not None
        loss = None if not has or lane.average_losses is None else np.asarray(lane.average_losses) - offset
        average_losses.append(None if loss is None else log_floor(loss, floor["loss"]))
        distance = distance_to_minima(np.asarray(lane.average, float), minima) if has else None
        average_distances.append(None if distance is None else log_floor(distance, floor["distance"]))
    loss_log = loss_range(lanes, loss_values, floor["loss"])
    distance_log = autorange(distance_values)
    panels = {
        "loss": {
            "title": title + " (log)",
            "range": loss_log,
            "decades": _decades(loss_log),
            "floor": floor["loss"],
            "floored": any(bool(np.any(v <= floor["loss"])) for v in loss_values),
        },
        "distance": {
            "title": "distance to nearest minimum (log)",
            "range": distance_log,
            "decades": _decades(distance_log),
            "floor": floor["distance"],
            "floored": len(minima) > 0 and any(bool(np.any(v <= floor["distance"])) for v in distance_values),
            "none": "no known minimum" if len(minima) == 0 else None,
        },
        "floor_name": "log floor: 10⁻¹² × start (values below lie on it)",
    }
    return (
        panels,
        list(zip(loss_values, distance_values, strict=True)),
        list(zip(average_losses, average_distances, strict=True)),
    )


def map_height(
    window, n_lanes: int, *, presenter: bool, layout: str = "overlay", narrow: bool = False
) -> int:
    """The map's natural height in pixels (:meth:`viz.grid.Grid.height`; ``narrow``: a phone's page)."""
    n_maps = n_lanes if layout == "multiples" and n_lanes else 1
    return Grid.of(n_maps, window, layout=layout, narrow=narrow).height(window, presenter=presenter)


def _multiples(lanes: list[LanePath], window) -> dict:
    """Small multiples: each map's title, its lane's label shortened (the legend keeps the full label). How
    many maps go in a row the player decides by the room it has (``ui/map_player/layout.js``: the
    arrangement that draws each map largest)."""
    n = len(lanes)
    wide = Grid.of(n, window, layout="multiples")
    limit = 34 if wide.columns < 3 else 26
    return {"titles": [shorten(str(lane.label), limit) for lane in lanes]}


def _inspected(inspected: Inspected | None, n_lanes: int) -> dict | None:
    if inspected is None or not 0 <= inspected.lane < n_lanes:
        return None
    out = {"lane": int(inspected.lane), "step": int(inspected.step), "arrows": None}
    arrows = inspected.arrows
    if arrows is not None:
        out["arrows"] = {
            "step": int(arrows.step),
            "position": [_number(v) for v in np.asarray(arrows.position, float).reshape(2)],
            "gradient": [_number(v) for v in np.asarray(arrows.gradient, float).reshape(2)],
            "update": [_number(v) for v in np.asarray(arrows.update, float).reshape(2)],
        }
    return out


def payload(
    landscape: Landscape,
    lanes,
    *,
    minima=None,
    start=None,
    min_loss: float | None = None,
    theory: TheoryOverlay | None = None,
    marks=(),
    presenter: bool = False,
    height: int | None = None,
    step: int | None = None,
    inspected: Inspected | None = None,
    font: int | None = None,
    layout: str = "overlay",
    narrow: bool = False,
    words: dict | None = None,
    clickable: bool = True,
    opening: int = 0,
    axes: tuple[str, str] = ("x", "y"),
) -> bytes:
    """The message the canvas player draws (see the module docstring for its layout).

    ``step``: the step to show (None: the last one, the full paths). ``inspected``: the inspector's lane
    and step (a ring on the map) and, with arrows, the gradient and the step taken. ``height``: the
    player's height in pixels (default :func:`map_height` of ``layout`` and ``narrow``). ``layout``:
    "overlay" (every path on one map) or "multiples" (one map per lane, same landscape and axes; the
    header's ``multiples`` then holds their titles, see :func:`_multiples`). ``narrow``: a phone's page
    (its default height). User text (lane labels, marks) goes as plain JSON strings: the player draws it
    with ``fillText``/``textContent``, so it is shown literally. ``font``: the text size in pixels
    (default: the ``Look``'s, at least ``PRESENTER_FONT`` in presenter mode). ``words``: the map in words,
    ``{"name", "description"}`` (plain strings, :mod:`playground.describe`), the canvas's text alternative.
    ``clickable``: whether a click on the map picks a start (the Playground's map) or does nothing (the
    Welcome preview, the HTML export, whose pointer hint then says nothing of clicking). ``axes``: the
    map's axis titles (plain text, drawn literally). ``opening``: a
    number the page changes when it opens a scene; the player then stops and shows ``step``, as on a fresh
    page.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    lanes, look, window = check_lanes(lanes), Look.of(presenter), landscape.window
    minima = points(minima)
    start = points(start)
    multiples = layout == "multiples" and bool(lanes)
    n_steps = n_steps_of(lanes)
    blob = _Blob()
    panels, series, averages = _panels(lanes, minima, min_loss)
    lane_entries = []
    for index, lane in enumerate(lanes):
        positions = np.asarray(lane.positions, float)
        end = finite_length(positions) - 1
        loss_values, distance_values = series[index]
        entry = {
            "label": str(lane.label),
            "color": lane.style.color,
            "dash": DASHES.get(lane.style.dash, []),
            "symbol": lane.style.symbol,
            "end": int(end),
            "diverged_at": None if lane.diverged_at is None else int(lane.diverged_at),
            "stop": stop_text(lane),  # where it ended early, in the page's words (None: it did not)
            "cross": _cross(lane, positions, end, window),
            "xy": blob.floats(positions),
            "loss": blob.floats(loss_values),
            "distance": blob.floats(distance_values),
            "average": None,
        }
        if lane.average is not None:
            average_loss, average_distance = averages[index]
            entry["average"] = {
                "name": f"{lane.label} · {lane.average_name}",
                "xy": blob.floats(lane.average),
                "loss": None if average_loss is None else blob.floats(average_loss),
                "distance": blob.floats(average_distance),
            }
        lane_entries.append(entry)
    if len(start) == 0 and lanes:
        firsts = np.array([np.asarray(lane.positions, float)[0] for lane in lanes])
        start = np.unique(firsts[np.all(np.isfinite(firsts), axis=1)], axis=0)
    png = base64.b64decode(landscape.image.split(",", 1)[1])
    font = font or (max(look.font, PRESENTER_FONT) if presenter else look.font)
    header = {
        "version": VERSION,
        "window": [list(map(float, window[0])), list(map(float, window[1]))],
        "steps": int(n_steps),
        "step": int(n_steps if step is None else min(max(int(step), 0), n_steps)),
        "opening": int(opening),
        "height": int(
            height or map_height(window, len(lanes), presenter=presenter, layout=layout, narrow=narrow)
        ),
        "multiples": _multiples(lanes, window) if multiples else None,
        "presenter": bool(presenter),
        "font": int(font),
        "line": float(look.line),
        "marker": int(look.marker),
        "play_seconds": PLAY_SECONDS,
        "speeds": [[name, 1.0 / factor] for name, factor in SPEEDS],
        "image": blob.add(png, len(png)),
        "colorbar": _colorbar(landscape),
        "notice": landscape.notice,
        "lanes": lane_entries,
        "minima": minima.tolist(),
        "start": np.asarray(start, float).tolist(),
        "marks": [_mark(mark) for mark in marks or ()],
        "theory": _theory(theory, window),
        "panels": panels,
        "inspected": _inspected(inspected, len(lanes)),
        "show_points": n_steps <= 400,
        "clickable": bool(clickable),
        "text": {part: str((words or {}).get(part, "")) for part in ("name", "description")},
        "axes": [str(axes[0]), str(axes[1])],
    }
    message_schema.validate(header, SCHEMA)  # the schema's promise, kept at the source
    text = json.dumps(header, ensure_ascii=False, allow_nan=False).encode("utf-8")
    text += b" " * ((-len(text)) % 4)
    return MAGIC + struct.pack("<I", len(text)) + text + b"".join(blob.parts)


def _mark(mark: MarkedPoint) -> dict:
    x, y = (float(v) for v in np.asarray(mark.position, dtype=float).reshape(2))
    return {"x": x, "y": y, "label": str(mark.label)}


def unpack(message: bytes) -> tuple[dict, bytes]:
    """The header and the blob of a message (what the player reads first)."""
    if message[:4] != MAGIC:
        raise ValueError("not a map player message")
    (size,) = struct.unpack("<I", message[4:8])
    return json.loads(message[8 : 8 + size].decode("utf-8")), message[8 + size :]


def array(blob: bytes, where: list[int]) -> np.ndarray:
    """The float32 array at ``where = [offset, count]`` of the blob, as float64."""
    offset, count = where
    return np.frombuffer(blob, dtype="<f4", count=count, offset=offset).astype(float)
