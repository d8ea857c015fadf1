"""The figures of the playground: the animated contour map, loss curves and the 3D view.

Builders take plain arrays and dataclasses (``LanePath``), never surfaces or optimizers to run, so they can be
tested and cached on their own. Design notes for the animated map (measured in tests/viz and benchmarks):

- The landscape is a PNG in ``layout.images`` (see ``viz.landscape``): plotly.js drops contour and heatmap
  traces when frames animate with ``redraw: false``; only scatter traces are animated.
- Each path is drawn exactly (every step, float64) in static chunk traces; frames carry only the moving head
  of each path and the markers (``viz.animation`` explains why this is linear in the number of steps).
- A diverged path stops at its last finite point; nothing is clipped: points outside the window are simply
  outside the axes' range, and a cross on the window's border says "diverged at step k".
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz.animation import (
    chunk_bounds,
    completed_chunks,
    fine_chunks,
    finite_length,
    frame_steps,
    refine_bounds,
)
from viz.landscape import Landscape, colorscale
from viz.palette import MINIMUM_COLOR, OUTLINE_COLOR, START_COLOR, LaneStyle

LAYOUTS = ("overlay", "multiples")
FRAME_MS = 40  # 1x speed: 200 frames in 8 s
SPEEDS = (("½×", 2.0), ("1×", 1.0), ("2×", 0.5), ("4×", 0.25))
DEFAULT_CHUNKS = 10  # static traces per path: each one costs plotly.js time on every frame, fewer cost bytes
FLOAT32_MAX = 3.0e38


@dataclass(eq=False)
class LanePath:
    """One lane's trajectory, ready to draw.

    ``positions (T + 1, 2)`` and ``losses (T + 1,)``, NaN rows after a divergence; ``diverged_at`` the first
    step whose point is non-finite or out of bounds (``None`` if it did not diverge); ``average`` optional
    averaged iterates ``(T + 1, 2)`` (Polyak or EMA), drawn as a thinner dotted path of the same colour.
    """

    label: str
    positions: np.ndarray
    losses: np.ndarray
    style: LaneStyle
    diverged_at: int | None = None
    average: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class InspectArrows:
    """One inspected step of one lane: at ``position`` the update used ``gradient``, then moved by
    ``update``."""

    lane: int
    step: int
    position: np.ndarray
    gradient: np.ndarray
    update: np.ndarray


@dataclass(frozen=True, eq=False)
class TheoryOverlay:
    """The Hessian of a quadratic: eigenvector directions (the columns of ``eigenvectors``) drawn through
    ``minimum``, labelled with their eigenvalues and the condition number."""

    minimum: np.ndarray
    eigenvectors: np.ndarray
    eigenvalues: np.ndarray
    condition_number: float


@dataclass(frozen=True)
class _Look:
    """Sizes for a laptop screen, or enlarged for a projector (``presenter=True``)."""

    font: int
    line: float
    marker: int
    small_marker: int

    @staticmethod
    def of(presenter: bool) -> "_Look":
        return _Look(20, 4.5, 20, 6) if presenter else _Look(15, 3.0, 15, 5)


# ---------------------------------------------------------------------------------------------- helpers


def figure_json_size(figure: go.Figure) -> int:
    """Bytes of ``figure.to_json()``: what the page sends to the browser."""
    return len(figure.to_json().encode("utf-8"))


def _compact(values: np.ndarray) -> np.ndarray:
    # float32 halves the bytes of every drawn array (7 significant digits: a ten-thousandth of a pixel on a
    # window of any size; every step is still drawn). float64 is kept when a value would overflow float32: a
    # diverging point can be huge and must stay finite.
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    if finite.size == 0 or finite.max() < FLOAT32_MAX:
        return values.astype(np.float32)
    return values


def _typed(values: np.ndarray) -> dict:
    """A plotly.js typed array (``{"dtype", "bdata"}``) made here: plotly.py would convert the thousands of
    small frame arrays one by one through its dataframe checks, slower than building the whole figure."""
    values = _compact(values)
    dtype = "f4" if values.dtype == np.float32 else "f8"
    data = np.ascontiguousarray(values, dtype="<" + dtype).tobytes()
    return {"dtype": dtype, "bdata": base64.b64encode(data).decode("ascii")}


def _shorten(text: str, limit: int) -> str:
    """A panel title that fits its panel (the legend keeps the full label)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _short(value: float) -> float:
    return float(f"{float(value):.6g}")


def _check_lanes(lanes) -> list[LanePath]:
    lanes = list(lanes or [])
    for index, lane in enumerate(lanes):
        positions = np.asarray(lane.positions, dtype=float)
        losses = np.asarray(lane.losses, dtype=float)
        if positions.ndim != 2 or positions.shape[1] != 2 or len(positions) == 0:
            raise ValueError(f"lane {index}: positions must have shape (T + 1, 2), got {positions.shape}")
        if losses.shape != (len(positions),):
            raise ValueError(f"lane {index}: losses must have shape ({len(positions)},), got {losses.shape}")
        if lane.average is not None and np.shape(lane.average) != positions.shape:
            raise ValueError(f"lane {index}: average must have shape {positions.shape}")
    return lanes


def _points(points) -> np.ndarray:
    if points is None:
        return np.zeros((0, 2))
    points = np.asarray(points, dtype=float)
    if points.size == 0:
        return np.zeros((0, 2))
    return points.reshape(-1, 2)


def _inside(point, window) -> bool:
    (x_min, x_max), (y_min, y_max) = window
    return bool(x_min <= point[0] <= x_max and y_min <= point[1] <= y_max)


def _exit_point(inside_point, outside_point, window) -> np.ndarray:
    """Where the segment from a point inside the window to one outside crosses the window's border."""
    (x_min, x_max), (y_min, y_max) = window
    p, d = np.asarray(inside_point, float), np.asarray(outside_point, float) - np.asarray(inside_point, float)
    fractions = [1.0]
    for axis, (low, high) in enumerate(((x_min, x_max), (y_min, y_max))):
        if d[axis] > 0:
            fractions.append((high - p[axis]) / d[axis])
        elif d[axis] < 0:
            fractions.append((low - p[axis]) / d[axis])
    return p + min(fractions) * d


def divergence_marker(positions: np.ndarray, window) -> tuple[int, np.ndarray] | None:
    """For a path that left the window for good: the last step inside and the point where it crossed the
    border. ``None`` when the path's last finite point is inside the window."""
    end = finite_length(positions) - 1
    if end < 0 or _inside(positions[end], window):
        return None
    inside = [i for i in range(end + 1) if _inside(positions[i], window)]
    if not inside:
        return None
    last_inside = inside[-1]
    return last_inside, _exit_point(positions[last_inside], positions[last_inside + 1], window)


def _distance_to_minima(positions: np.ndarray, minima: np.ndarray) -> np.ndarray:
    if len(minima) == 0:
        return np.full(len(positions), np.nan)
    with np.errstate(all="ignore"):
        gaps = positions[:, None, :] - minima[None, :, :]
        return np.min(np.hypot(gaps[..., 0], gaps[..., 1]), axis=1)


def _loss_offset(lanes: list[LanePath], min_loss: float | None) -> tuple[float, str]:
    """What to subtract from the losses before a log axis, and the axis title that says so."""
    if min_loss is not None and np.isfinite(min_loss):
        return float(min_loss), "loss − f*"
    finite = np.concatenate([np.asarray(lane.losses, float) for lane in lanes]) if lanes else np.ones(1)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0 or finite.min() > 0:
        return 0.0, "loss"
    return float(finite.min()), "loss − lowest loss"


def _log_floor(values: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
    # A log axis cannot show 0: values at or below the floor are drawn on it (the hover keeps the raw value).
    floor = max(abs(scale), 1e-300) * 1e-12
    with np.errstate(all="ignore"):
        return np.where(np.isfinite(values), np.maximum(values, floor), np.nan), floor


# --------------------------------------------------------------------------------------- figure pieces


@dataclass
class _Path:
    """An animated path: its static chunk traces (``None`` where the path had already stopped), the trace
    holding the completed fine pieces of the current chunk (``mid``) and the trace of the newest points."""

    positions: np.ndarray
    end: int
    chunks: list[int | None]
    mid: int
    head: int


class _Builder:
    """Collects traces, layout pieces, and the per-frame updates of the animated traces."""

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.images: list[dict] = []
        self.annotations: list[dict] = []
        self.shapes: list[dict] = []
        self.animated: list[tuple[int, Callable[[int], dict]]] = []  # (trace index, step -> trace update)
        self.paths: list[_Path] = []
        self.bounds: np.ndarray = np.array([0, 0])  # chunk boundaries (static traces)
        self.fine_bounds: np.ndarray = np.array([0, 0])  # finer boundaries, a superset of ``bounds``

    def add(self, trace: dict) -> int:
        self.data.append(trace)
        return len(self.data) - 1


def _axis_names(k: int) -> tuple[str, str, str, str]:
    """Trace refs ("x2", "y2") and layout keys ("xaxis2", "yaxis2") of the k-th axis pair (1-based)."""
    suffix = "" if k == 1 else str(k)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def _hover_template(label: str, with_loss: bool = True) -> str:
    loss = "<br>loss = %{customdata[1]:.4g}" if with_loss else ""
    position = "<br>x = %{x:.4g}<br>y = %{y:.4g}"
    return f"<b>{label}</b><br>step %{{customdata[0]:d}}{position}{loss}<extra></extra>"


def _add_path(
    builder: _Builder,
    *,
    positions: np.ndarray,
    losses: np.ndarray,
    label: str,
    style: LaneStyle,
    axes: tuple[str, str],
    look: _Look,
    legendgroup: str,
    width_factor: float = 1.0,
    dash: str | None = None,
    show_points: bool = True,
    legend_name: str | None = None,
) -> tuple[int, int]:
    """One path: static exact chunks, the "mid" and "head" traces the frames fill in, and its entry in
    ``builder.paths``; returns (head index, last finite row)."""
    end = finite_length(positions) - 1
    bounds = builder.bounds
    steps = np.arange(len(positions))
    line = {"color": style.color, "width": look.line * width_factor, "dash": dash or style.dash}
    marker = {"size": look.small_marker * width_factor, "color": style.color, "symbol": style.symbol}
    customdata = np.stack([steps, losses], axis=1)
    hover = _hover_template(label, bool(np.isfinite(losses).any()))
    # what every piece of this path shares: the static chunks and the two traces the frames fill in
    trace = {
        "type": "scatter",
        "mode": "lines+markers" if show_points else "lines",
        "line": line,
        "marker": marker,
        "xaxis": axes[0],
        "yaxis": axes[1],
        "legendgroup": legendgroup,
        "showlegend": False,
    }
    indices = []
    for j in range(len(bounds) - 1):
        first, last = int(bounds[j]), int(min(bounds[j + 1], end))
        if first > end:
            indices.append(None)  # never drawn: the path had stopped before this chunk
            continue
        rows = slice(first, last + 1)
        indices.append(
            builder.add(
                dict(
                    trace,
                    x=_compact(positions[rows, 0]),
                    y=_compact(positions[rows, 1]),
                    customdata=_compact(customdata[rows]),
                    hovertemplate=hover,
                )
            )
        )
    # The part of the current chunk up to the last fine boundary (set by the base frames), and the
    # points after it (set by every frame): both start where the previous piece ends, so the line is whole.
    moving = dict(trace, x=[], y=[], hoverinfo="skip")
    # The mid trace is never hidden, so it carries the legend entry (a separate empty trace would cost
    # plotly.js time on every frame).
    mid = builder.add(dict(moving, name=legend_name, showlegend=legend_name is not None))
    head = builder.add(dict(moving))
    builder.paths.append(_Path(positions=positions, end=end, chunks=indices, mid=mid, head=head))
    return head, end


def _rows(positions: np.ndarray, first: int, last: int) -> dict:
    """x and y of rows ``first..last`` (inclusive) for a frame: float32 arrays, short lists when tiny."""
    if last < first:
        return {"x": [], "y": []}
    rows = slice(first, last + 1)
    if last - first < 2:
        return {"x": [_short(v) for v in positions[rows, 0]], "y": [_short(v) for v in positions[rows, 1]]}
    return {"x": _typed(positions[rows, 0]), "y": _typed(positions[rows, 1])}


def _add_lane(builder, lane: LanePath, index: int, axes, look: _Look, n_steps: int, window) -> dict:
    """The exact path (and averaged path) of one lane, its legend entry; returns what the panel's shared
    moving markers need to know about the lane."""
    positions = np.asarray(lane.positions, dtype=float)
    losses = np.asarray(lane.losses, dtype=float)
    group = f"lane{index}"
    _, end = _add_path(
        builder,
        positions=positions,
        losses=losses,
        label=lane.label,
        style=lane.style,
        axes=axes,
        look=look,
        legendgroup=group,
        show_points=n_steps <= 400,
        legend_name=lane.label
        + (f" — diverged at step {lane.diverged_at}" if lane.diverged_at is not None else ""),
    )
    if lane.average is not None:
        average = np.asarray(lane.average, dtype=float)
        _add_path(
            builder,
            positions=average,
            losses=np.full(len(average), np.nan),
            label=f"{lane.label} · averaged iterate",
            style=lane.style,
            axes=axes,
            look=look,
            legendgroup=group,
            width_factor=0.6,
            dash="dot",
            show_points=False,
        )
    crossing = None
    if lane.diverged_at is not None:
        crossing = divergence_marker(positions, window)
        if crossing is None and end >= 0:
            crossing = (end, positions[end])
    return {"lane": lane, "positions": positions, "losses": losses, "end": end, "crossing": crossing}


def _add_moving_markers(builder, entries: list[dict], axes, look: _Look) -> None:
    """One trace holds the moving marker of every lane of a panel (one entry per frame, not one per lane);
    a second one the "diverged at step k" crosses where paths left the window."""
    if not entries:
        return
    styles = [entry["lane"].style for entry in entries]
    labels = [entry["lane"].label for entry in entries]
    marker = builder.add(
        {
            "type": "scatter",
            "x": [None] * len(entries),
            "y": [None] * len(entries),
            "mode": "markers",
            "marker": {
                "size": look.marker,
                "symbol": [style.symbol for style in styles],
                "color": [style.color for style in styles],
                "line": {"color": "#FFFFFF", "width": 2},
            },
            "xaxis": axes[0],
            "yaxis": axes[1],
            "showlegend": False,
            "name": "current step",
            "hovertext": labels,
            "hovertemplate": "<b>%{hovertext}</b>%{text}<br>step %{customdata[0]}<br>x = %{x:.4g}"
            "<br>y = %{y:.4g}<br>loss = %{customdata[1]:.4g}<extra></extra>",
            "text": [""] * len(entries),
        }
    )
    any_diverged = any(entry["lane"].diverged_at is not None for entry in entries)

    def markers_at(step: int) -> dict:
        x, y, customdata, text = [], [], [], []
        for entry in entries:
            lane, end = entry["lane"], entry["end"]
            if end < 0:
                x.append(None), y.append(None), customdata.append([None, None]), text.append("")
                continue
            shown = min(step, end)
            loss = entry["losses"][shown]
            x.append(_short(entry["positions"][shown, 0]))
            y.append(_short(entry["positions"][shown, 1]))
            customdata.append([shown, _short(loss) if np.isfinite(loss) else None])
            diverged = lane.diverged_at is not None and step >= min(lane.diverged_at, end)
            text.append(f": diverged at step {lane.diverged_at}" if diverged else "")
        update = {"x": x, "y": y, "customdata": customdata}
        if any_diverged:  # only then can the text change between frames
            update["text"] = text
        return update

    builder.animated.append((marker, markers_at))

    diverging = [entry for entry in entries if entry["crossing"] is not None]
    if not diverging:
        return
    cross = builder.add(
        {
            "type": "scatter",
            "x": [None] * len(diverging),
            "y": [None] * len(diverging),
            "text": [""] * len(diverging),
            "mode": "markers+text",
            "marker": {
                "symbol": "x",
                "size": look.marker + 4,
                "color": [entry["lane"].style.color for entry in diverging],
                "line": {"color": "#FFFFFF", "width": 1.5},
            },
            "textposition": "top center",
            "textfont": {"color": [entry["lane"].style.color for entry in diverging], "size": look.font},
            "cliponaxis": False,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "showlegend": False,
            "name": "diverged",
            "hovertemplate": "%{text}<extra></extra>",
        }
    )

    def crosses_at(step: int) -> dict:
        x, y, text = [], [], []
        for entry in diverging:
            last_inside, point = entry["crossing"]
            if step >= min(last_inside + 1, entry["end"]):
                x.append(_short(point[0])), y.append(_short(point[1]))
                text.append(f"diverged at step {entry['lane'].diverged_at}")
            else:
                x.append(None), y.append(None), text.append("")
        return {"x": x, "y": y, "text": text}

    builder.animated.append((cross, crosses_at))


def _add_landscape(builder, landscape: Landscape, axes, *, source: str, pick_grid: int) -> None:
    (x_min, x_max), (y_min, y_max) = landscape.window
    builder.images.append(
        {
            "source": source,
            "xref": axes[0],
            "yref": axes[1],
            "x": x_min,
            "y": y_max,
            "sizex": x_max - x_min,
            "sizey": y_max - y_min,
            "sizing": "stretch",
            "layer": "below",
            "xanchor": "left",
            "yanchor": "top",
        }
    )
    if pick_grid > 1:
        # Invisible points over the map: they give the loss on hover, and a click on the map selects one
        # (the page uses it to set the start point).
        sx = max(1, int(np.ceil(len(landscape.x) / pick_grid)))
        sy = max(1, int(np.ceil(len(landscape.y) / pick_grid)))
        X, Y = np.meshgrid(landscape.x[::sx], landscape.y[::sy])
        Z = landscape.z[::sy, ::sx]
        builder.add(
            {
                "type": "scatter",
                "x": _compact(X.ravel()),
                "y": _compact(Y.ravel()),
                "customdata": _compact(Z.ravel()),
                "mode": "markers",
                "marker": {"size": 8, "opacity": 0, "color": "#000000"},
                "name": "landscape",
                "showlegend": False,
                "xaxis": axes[0],
                "yaxis": axes[1],
                "hovertemplate": "x = %{x:.3g}<br>y = %{y:.3g}<br>loss = %{customdata:.4g}"
                "<extra>landscape</extra>",
            }
        )


def _colorbar_trace(landscape: Landscape, axes, look: _Look, x_position: float) -> dict:
    """An invisible trace whose only purpose is the colourbar of the landscape's bands."""
    if landscape.scale == "log":
        decades = np.arange(np.floor(np.log10(landscape.delta)), np.ceil(np.log10(landscape.z_high)) + 1)
        candidates = landscape.z_low + 10.0**decades
        values = candidates[(candidates >= landscape.z_low) & (candidates <= landscape.z_high)]
        values = values[:: max(1, int(np.ceil(len(values) / 7)))]
    else:
        values = np.linspace(landscape.z_low, landscape.z_high, 6)
    ticks = landscape.normalize(values)
    (x_min, x_max), (y_min, y_max) = landscape.window
    title = "loss (log)" if landscape.scale == "log" else "loss"
    return {
        "type": "scatter",
        "x": [(x_min + x_max) / 2] * 2,
        "y": [(y_min + y_max) / 2] * 2,
        "mode": "markers",
        "marker": {
            "color": [0.0, 1.0],
            "cmin": 0.0,
            "cmax": 1.0,
            "opacity": 0,
            "size": 1,
            "colorscale": colorscale(landscape.n_levels),
            "showscale": True,
            "colorbar": {
                "title": {"text": title, "side": "top", "font": {"size": look.font - 3}},
                "tickvals": [float(t) for t in ticks],
                "ticktext": [f"{v:.3g}" for v in values],
                "tickfont": {"size": look.font - 3},
                "x": x_position,
                "xanchor": "left",
                "len": 0.9,
                "thickness": 12,
            },
        },
        "xaxis": axes[0],
        "yaxis": axes[1],
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _add_markers(builder, axes, look: _Look, *, start: np.ndarray, minima: np.ndarray, legend: bool) -> None:
    if len(minima):
        names = ["global minimum"] + ["local minimum"] * (len(minima) - 1)
        builder.add(
            {
                "type": "scatter",
                "x": minima[:, 0].copy(),
                "y": minima[:, 1].copy(),
                "text": names,
                "mode": "markers",
                "marker": {
                    "symbol": "star",
                    "size": look.marker + 6,
                    "color": MINIMUM_COLOR,
                    "line": {"color": OUTLINE_COLOR, "width": 2},
                },
                "name": "minimum" if len(minima) == 1 else "known minima",
                "legendgroup": "minima",
                "showlegend": legend,
                "xaxis": axes[0],
                "yaxis": axes[1],
                "hovertemplate": "%{text}<br>x = %{x:.4g}<br>y = %{y:.4g}<extra></extra>",
            }
        )
    if len(start):
        builder.add(
            {
                "type": "scatter",
                "x": start[:, 0].copy(),
                "y": start[:, 1].copy(),
                "mode": "markers",
                "marker": {
                    "symbol": "circle",
                    "size": look.marker + 3,
                    "color": START_COLOR,
                    "line": {"color": OUTLINE_COLOR, "width": 3},
                },
                "name": "start",
                "legendgroup": "start",
                "showlegend": legend,
                "xaxis": axes[0],
                "yaxis": axes[1],
                "hovertemplate": "start<br>x = %{x:.4g}<br>y = %{y:.4g}<extra></extra>",
            }
        )


def _add_theory(builder, theory: TheoryOverlay, window, axes, look: _Look, legend: bool) -> None:
    (x_min, x_max), (y_min, y_max) = window
    reach = np.hypot(x_max - x_min, y_max - y_min)
    minimum = np.asarray(theory.minimum, float).reshape(2)
    vectors = np.asarray(theory.eigenvectors, float).reshape(2, 2)
    values = np.asarray(theory.eigenvalues, float).reshape(-1)
    xs, ys = [], []
    for k in range(len(values)):
        v = vectors[:, k] / (np.linalg.norm(vectors[:, k]) or 1.0)
        a, b = minimum - reach * v, minimum + reach * v
        xs += [a[0], b[0], None]
        ys += [a[1], b[1], None]
        # Label each direction inside the window, a quarter of the way from the minimum to the border.
        label_at = minimum + 0.22 * min(x_max - x_min, y_max - y_min) * v
        builder.annotations.append(
            {
                "x": float(label_at[0]),
                "y": float(label_at[1]),
                "xref": axes[0],
                "yref": axes[1],
                "text": f"λ{'₁₂'[k] if k < 2 else k + 1} = {values[k]:.3g}",
                "showarrow": False,
                "font": {"size": look.font, "color": "#333333"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    builder.add(
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "line": {"color": "#444444", "width": max(1.5, look.line / 2), "dash": "dash"},
            "name": f"Hessian eigenvectors (κ = {theory.condition_number:.3g})",
            "showlegend": legend,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hoverinfo": "skip",
        }
    )
    builder.annotations.append(
        {
            "x": 0.01,
            "y": 0.99,
            "xref": f"{axes[0]} domain",
            "yref": f"{axes[1]} domain",
            "xanchor": "left",
            "yanchor": "top",
            "text": f"κ = λmax / λmin = {theory.condition_number:.3g}",
            "showarrow": False,
            "font": {"size": look.font, "color": "#222222"},
            "bgcolor": "rgba(255,255,255,0.85)",
        }
    )


def _add_inspect(builder, inspect: InspectArrows, lanes, window, axes, look: _Look, legend: bool) -> None:
    position = np.asarray(inspect.position, float).reshape(2)
    gradient = np.asarray(inspect.gradient, float).reshape(2)
    update = np.asarray(inspect.update, float).reshape(2)
    if not np.all(np.isfinite(position)):
        return
    colour = lanes[inspect.lane].style.color if 0 <= inspect.lane < len(lanes) else "#000000"
    (x_min, x_max), (y_min, y_max) = window
    target = 0.2 * min(x_max - x_min, y_max - y_min)
    norm = float(np.linalg.norm(gradient)) if np.all(np.isfinite(gradient)) else 0.0
    scale = target / norm if norm > 0 else 0.0

    def arrow(tip, colour, width, dash_text):
        builder.annotations.append(
            {
                "x": float(tip[0]),
                "y": float(tip[1]),
                "ax": float(position[0]),
                "ay": float(position[1]),
                "xref": axes[0],
                "yref": axes[1],
                "axref": axes[0],
                "ayref": axes[1],
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.1,
                "arrowwidth": width,
                "arrowcolor": colour,
                "text": "",
                "hovertext": dash_text,
            }
        )

    gradient_name = f"−gradient, scaled ×{scale:.3g} to be visible"
    if scale > 0:
        arrow(position - scale * gradient, "#222222", look.line, gradient_name)
    if np.all(np.isfinite(update)) and np.linalg.norm(update) > 0:
        arrow(position + update, colour, look.line + 1, "step taken (true length)")
    for name, line_colour, width in (
        (gradient_name if scale > 0 else "gradient is zero here", "#222222", look.line),
        ("step taken (true length)", colour, look.line + 1),
    ):
        builder.add(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "line": {"color": line_colour, "width": width},
                "name": name,
                "showlegend": legend,
                "xaxis": axes[0],
                "yaxis": axes[1],
                "hoverinfo": "skip",
            }
        )
    builder.add(
        {
            "type": "scatter",
            "x": [float(position[0])],
            "y": [float(position[1])],
            "mode": "markers",
            "marker": {
                "symbol": "circle-open",
                "size": look.marker + 10,
                "color": colour,
                "line": {"width": 3},
            },
            "name": f"inspected step {inspect.step}",
            "showlegend": False,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hovertemplate": f"inspected: step {inspect.step}<br>x = %{{x:.4g}}<br>y = %{{y:.4g}}"
            f"<br>gradient = ({gradient[0]:.4g}, {gradient[1]:.4g})"
            f"<br>step = ({update[0]:.4g}, {update[1]:.4g})"
            "<extra></extra>",
        }
    )


def _add_loss_panels(builder, lanes, *, minima, loss_axes, distance_axes, look, min_loss):
    """Loss and distance to the nearest minimum versus step, each with a marker that follows the frames."""
    offset, loss_title = _loss_offset(lanes, min_loss)
    all_losses = [np.asarray(lane.losses, float) - offset for lane in lanes]
    distances = [_distance_to_minima(np.asarray(lane.positions, float), minima) for lane in lanes]
    # The log floor is relative to where the lanes started, not to their largest value: a diverged lane
    # reaches 1e50 and must not lift the floor of the others.
    scale = _start_scale(all_losses)
    dist_scale = _start_scale(distances)
    series = {"loss": [], "distance": []}
    for index, lane in enumerate(lanes):
        group = f"lane{index}"
        end = finite_length(np.asarray(lane.positions, float)) - 1
        plotted_loss, _ = _log_floor(all_losses[index], scale)
        plotted_distance, _ = _log_floor(distances[index], dist_scale)
        line = {"color": lane.style.color, "width": look.line * 0.8, "dash": lane.style.dash}
        for values, axes, what in (
            (plotted_loss, loss_axes, "loss"),
            (plotted_distance, distance_axes, "distance"),
        ):
            if axes is None:
                continue
            series[what].append((lane, values, end))
            if not np.isfinite(values).any():
                continue
            # x is implicit (x0 = 0, dx = 1) and y float32: the curves cost 4 bytes per step.
            builder.add(
                {
                    "type": "scatter",
                    "x0": 0,
                    "dx": 1,
                    "y": _compact(values),
                    "mode": "lines",
                    "line": line,
                    "xaxis": axes[0],
                    "yaxis": axes[1],
                    "legendgroup": group,
                    "showlegend": False,
                    "name": lane.label,
                    "hovertemplate": f"<b>{lane.label}</b><br>step %{{x}}<br>{what} = %{{y:.4g}}"
                    "<extra></extra>",
                }
            )
    for what, axes in (("loss", loss_axes), ("distance", distance_axes)):
        entries = series[what]
        if axes is None or not entries:
            continue
        marker = builder.add(
            {
                "type": "scatter",
                "x0": 0,
                "dx": 0,
                "y": [None] * len(entries),
                "mode": "markers",
                "marker": {
                    "size": look.marker - 3,
                    "symbol": [lane.style.symbol for lane, _, _ in entries],
                    "color": [lane.style.color for lane, _, _ in entries],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                },
                "xaxis": axes[0],
                "yaxis": axes[1],
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )

        def markers_at(step: int, entries=entries) -> dict:
            # Every marker sits at the frame's step (x0, dx = 0: one number instead of one per lane); the
            # marker of a lane whose path has stopped disappears, its dotted line marks the divergence.
            y = []
            for _, values, end in entries:
                ok = step <= min(end, len(values) - 1) and np.isfinite(values[step])
                y.append(_short(values[step]) if ok else None)
            return {"x0": step, "y": y}

        builder.animated.append((marker, markers_at))
    n_diverged = 0
    for lane in lanes:
        if lane.diverged_at is not None:
            for axes in (loss_axes, distance_axes):
                if axes is None:
                    continue
                builder.shapes.append(
                    {
                        "type": "line",
                        "x0": lane.diverged_at,
                        "x1": lane.diverged_at,
                        "y0": 0,
                        "y1": 1,
                        "xref": axes[0],
                        "yref": f"{axes[1]} domain",
                        "line": {"color": lane.style.color, "width": 2, "dash": "dot"},
                    }
                )
            builder.annotations.append(
                {
                    "x": lane.diverged_at,
                    "y": 1,
                    "xref": loss_axes[0],
                    "yref": f"{loss_axes[1]} domain",
                    "text": f"diverged at step {lane.diverged_at}",
                    "showarrow": False,
                    "xanchor": "left",
                    "yanchor": "top",
                    "xshift": 4,
                    "yshift": -(look.font + 4) * n_diverged,
                    "font": {"color": lane.style.color, "size": look.font - 2},
                    "bgcolor": "rgba(255,255,255,0.8)",
                }
            )
            n_diverged += 1
    return loss_title, _loss_range(lanes, all_losses, scale)


def _start_scale(series: list[np.ndarray]) -> float:
    starts = [
        abs(values[0]) for values in series if len(values) and np.isfinite(values[0]) and values[0] != 0
    ]
    return max(starts) if starts else 1.0


def _loss_range(lanes, shifted_losses, scale) -> list[float] | None:
    """A log range that shows every curve that did not diverge; a diverging loss leaves through the top
    (its dotted line and label say where), so it does not squash the others into a flat line."""
    keep, diverged = [], []
    for lane, values in zip(lanes, shifted_losses, strict=True):
        finite = values[np.isfinite(values) & (values > 0)]
        if finite.size:
            (keep if lane.diverged_at is None else diverged).append(finite)
    if not keep:
        keep = [d[:1] for d in diverged]  # every lane diverged: show where they started
    if not keep:
        return None
    values = np.concatenate(keep)
    low = max(values.min(), scale * 1e-12)
    high = max(values.max(), low * 10)
    return [float(np.log10(low) - 0.3), float(np.log10(high) + 0.5)]


# -------------------------------------------------------------------------------------------- frames


def _frames_and_controls(
    builder: _Builder, steps: np.ndarray, look: _Look, initial: str, slider_y: float, speed_x: float
):
    """Base frames, one frame per step in ``steps``, Play/Pause/speed buttons and the slider.

    plotly.js merges a frame with its chain of base frames (``baseframe``) before applying it, so every frame
    is complete (the slider can jump anywhere) while each piece of data is written once:

    - ``c0`` hides every chunk (opacity 0, no hover); ``c{J}`` (base ``c{J-1}``) shows chunk ``J - 1`` of
      every path. Opacity is the attribute plotly.js honours without a redraw (``visible`` is not).
    - ``m{K}`` (base ``c{J}``, the chunks complete at fine boundary ``K``) sets each path's ``mid`` trace to
      the rows from the start of the current chunk to fine boundary ``K``.
    - frame ``k`` at step ``t`` (base ``m{K}``, the last fine boundary at or before ``t``) sets the heads
      (rows from that boundary to ``t``) and the markers.
    """
    bounds, fine = builder.bounds, builder.fine_bounds
    chunk_traces = [idx for path in builder.paths for idx in path.chunks if idx is not None]
    hidden, shown = {"opacity": 0, "hoverinfo": "skip"}, {"opacity": 1, "hoverinfo": "all"}
    frames = [{"name": "c0", "group": "base", "traces": chunk_traces, "data": [hidden] * len(chunk_traces)}]
    for completed in range(1, len(bounds)):
        traces = [path.chunks[completed - 1] for path in builder.paths]
        traces = [idx for idx in traces if idx is not None]
        frames.append(
            {
                "name": f"c{completed}",
                "group": "base",
                "baseframe": f"c{completed - 1}",
                "traces": traces,
                "data": [shown] * len(traces),
            }
        )

    def mid_rows(path: _Path, fine_index: int) -> dict:
        # An empty mid keeps one null point: plotly.js leaves traces without points out of the legend.
        boundary = int(fine[fine_index])
        completed = completed_chunks(bounds, boundary)
        if completed >= len(bounds) - 1:
            return {"x": [None], "y": [None]}
        rows = _rows(path.positions, int(bounds[completed]), min(boundary, path.end))
        return rows if len(rows["x"]) else {"x": [None], "y": [None]}

    def head_rows(path: _Path, step: int) -> dict:
        fine_index = completed_chunks(fine, step)
        if fine_index >= len(fine) - 1:
            return {"x": [], "y": []}
        return _rows(path.positions, int(fine[fine_index]), min(step, path.end))

    mid_traces = [path.mid for path in builder.paths]
    for fine_index in range(len(fine)):
        frames.append(
            {
                "name": f"m{fine_index}",
                "group": "base",
                "baseframe": f"c{completed_chunks(bounds, int(fine[fine_index]))}",
                "traces": mid_traces,
                "data": [mid_rows(path, fine_index) for path in builder.paths],
            }
        )

    animated_traces = [path.head for path in builder.paths] + [idx for idx, _ in builder.animated]
    for k, step in enumerate(steps):
        step = int(step)
        frames.append(
            {
                "name": str(k),
                "group": "steps",
                "baseframe": f"m{completed_chunks(fine, step)}",
                "traces": animated_traces,
                "data": [head_rows(path, step) for path in builder.paths]
                + [update(step) for _, update in builder.animated],
            }
        )

    # The figure opens on the chosen frame, drawn by the same functions as the frames.
    start_index = len(steps) - 1 if initial == "end" else 0
    start_step = int(steps[start_index])
    completed = completed_chunks(bounds, start_step)
    fine_index = completed_chunks(fine, start_step)
    for path in builder.paths:
        for j, idx in enumerate(path.chunks):
            if idx is not None:
                builder.data[idx].update(shown if j < completed else hidden)
        builder.data[path.mid].update(mid_rows(path, fine_index))
        builder.data[path.head].update(head_rows(path, start_step))
    for idx, update in builder.animated:
        builder.data[idx].update(update(start_step))

    def play(duration: float) -> list:
        return [
            "steps",
            {
                "frame": {"duration": duration, "redraw": False},
                "transition": {"duration": 0},
                "fromcurrent": True,
                "mode": "immediate",
            },
        ]

    pause = [
        [None],
        {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"},
    ]
    button_font = {"size": look.font}
    updatemenus = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0.0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "pad": {"b": 10, "r": 6},
            "font": button_font,
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": play(FRAME_MS)},
                {"label": "❚❚ Pause", "method": "animate", "args": pause},
            ],
        },
        {
            # A dropdown at the right edge of the map: it never runs into Play/Pause, even in a narrow page.
            # Picking a speed plays on from the current frame at that speed.
            "type": "dropdown",
            "direction": "down",
            "showactive": True,
            "active": 1,
            "x": speed_x,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "pad": {"b": 10},
            "font": {"size": look.font - 2},
            "buttons": [
                {"label": f"speed {name}", "method": "animate", "args": play(FRAME_MS * factor)}
                for name, factor in SPEEDS
            ],
        },
    ]
    slider = {
        "active": start_index,
        "x": 0.0,
        "len": 1.0,
        "y": slider_y,
        "yanchor": "top",
        "pad": {"t": 10, "b": 0},
        "currentvalue": {"prefix": "step ", "font": {"size": look.font}, "xanchor": "left"},
        "font": {"size": max(10, look.font - 4)},
        "transition": {"duration": 0},
        "steps": [
            {
                "label": str(int(step)),
                "method": "animate",
                "args": [
                    [str(k)],
                    {
                        "frame": {"duration": 0, "redraw": False},
                        "transition": {"duration": 0},
                        "mode": "immediate",
                    },
                ],
            }
            for k, step in enumerate(steps)
        ],
    }
    return frames, updatemenus, [slider]


# -------------------------------------------------------------------------------------------- public


def map_figure(
    landscape: Landscape,
    lanes,
    *,
    layout: str = "overlay",
    minima=None,
    start=None,
    max_frames: int = 200,
    inspect: InspectArrows | None = None,
    theory: TheoryOverlay | None = None,
    presenter: bool = False,
    height: int | None = None,
    side_panels: bool = True,
    min_loss: float | None = None,
    initial: str = "end",
    chunks: int | None = None,
    pick_grid: int = 40,
    title: str | None = None,
) -> go.Figure:
    """The animated contour map with every lane's path, and (``side_panels``) loss and distance panels.

    ``layout="overlay"``: all paths on one map; ``"multiples"``: one panel per lane, same axes and colours.
    Play/Pause, speed buttons and a scrub slider move every panel together. ``minima (m, 2)`` and ``start``
    (one point or ``(k, 2)``; default: the lanes' first points) get markers with legend entries.
    ``min_loss`` is the known minimum value f* (the loss panel then shows ``loss - f*``). ``initial``: open
    on the last frame ("end", the full paths) or the first ("start").

    ``figure.frames`` holds at most ``max_frames`` frames of group "steps" (one per shown step; the slider's
    labels are their steps) and the small base frames they build on (group "base"). ``chunks`` sets the
    static traces per path (default ``DEFAULT_CHUNKS``): more chunks, fewer bytes but more plotly.js work
    per frame. Traces named "landscape" are the invisible pick grid (click a point to choose a start).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    if initial not in ("end", "start"):
        raise ValueError(f"initial must be 'end' or 'start', got {initial!r}")
    lanes = _check_lanes(lanes)
    look = _Look.of(presenter)
    window = landscape.window
    minima = _points(minima)
    start = _points(start)
    if len(start) == 0 and lanes:
        firsts = np.array([np.asarray(lane.positions, float)[0] for lane in lanes])
        start = np.unique(firsts[np.all(np.isfinite(firsts), axis=1)], axis=0)
    n_steps = max((len(lane.positions) - 1 for lane in lanes), default=0)

    n_maps = len(lanes) if layout == "multiples" and lanes else 1
    (x_min, x_max), (y_min, y_max) = window
    # wide windows (a ravine) get two panels a row, so each panel keeps a readable height at equal aspect
    columns = min(n_maps, 3 if (y_max - y_min) >= 0.75 * (x_max - x_min) else 2)
    rows = int(np.ceil(n_maps / columns))
    map_right = (0.56 if layout == "overlay" else 0.62) if side_panels else 0.92
    side_left = map_right + (0.16 if presenter else 0.13)
    map_axes = [_axis_names(k + 1) for k in range(n_maps)]
    loss_axes = _axis_names(n_maps + 1) if side_panels else None
    distance_axes = _axis_names(n_maps + 2) if side_panels else None

    builder = _Builder()
    # Small panels get a smaller image and a coarser pick grid: the same pixels on screen, fewer bytes.
    source = landscape.image_uri(None if n_maps == 1 else 320)
    grid = pick_grid if n_maps == 1 else min(pick_grid, 16)
    for k, axes in enumerate(map_axes):
        _add_landscape(builder, landscape, axes[:2], source=source, pick_grid=grid)
        if k == 0 and n_maps == 1:
            builder.add(_colorbar_trace(landscape, axes[:2], look, map_right + 0.005))
    if theory is not None:  # on the first panel only: the same lines in every small panel are clutter
        _add_theory(builder, theory, window, map_axes[0][:2], look, legend=True)
    steps = frame_steps(n_steps, max_frames) if lanes else np.array([0])
    builder.bounds = chunk_bounds(n_steps, chunks or DEFAULT_CHUNKS)
    builder.fine_bounds = refine_bounds(builder.bounds, fine_chunks(len(builder.bounds) - 1, len(steps)))
    panel_entries: list[list[dict]] = [[] for _ in map_axes]
    for index, lane in enumerate(lanes):
        panel = index if n_maps > 1 else 0
        panel_entries[panel].append(
            _add_lane(builder, lane, index, map_axes[panel][:2], look, n_steps, window)
        )
    for k, axes in enumerate(map_axes):
        _add_markers(builder, axes[:2], look, start=start, minima=minima, legend=k == 0)
        _add_moving_markers(builder, panel_entries[k], axes[:2], look)
    if inspect is not None and lanes:
        axes = map_axes[inspect.lane if n_maps > 1 and 0 <= inspect.lane < n_maps else 0][:2]
        _add_inspect(builder, inspect, lanes, window, axes, look, legend=True)

    layout_dict: dict = {}
    loss_title, loss_range = "loss", None
    if side_panels:
        loss_title, loss_range = _add_loss_panels(
            builder,
            lanes,
            minima=minima,
            loss_axes=loss_axes[:2],
            distance_axes=distance_axes[:2],
            look=look,
            min_loss=min_loss,
        )

    # Axes: maps on a grid in [0, map_right], equal aspect so that a round bowl looks round.
    gap = 0.04
    panel_w = (map_right - gap * (columns - 1)) / columns
    row_gap = 0.12
    panel_h = (1.0 - row_gap * (rows - 1)) / rows
    for k, (x_ref, y_ref, x_key, y_key) in enumerate(map_axes):
        row, column = divmod(k, columns)
        x0 = column * (panel_w + gap)
        y1 = 1.0 - row * (panel_h + row_gap)
        layout_dict[x_key] = {
            "domain": [max(0.0, round(x0, 6)), min(1.0, round(x0 + panel_w, 6))],
            "range": [x_min, x_max],
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            "title": {"text": "x"} if row == rows - 1 else None,
            "tickfont": {"size": look.font - 2},
            "anchor": y_ref,
        }
        layout_dict[y_key] = {
            "domain": [max(0.0, round(y1 - panel_h, 6)), min(1.0, round(y1, 6))],
            "range": [y_min, y_max],
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": x_ref,
            "scaleratio": 1,
            "constrain": "domain",
            "title": {"text": "y"} if column == 0 else None,
            "tickfont": {"size": look.font - 2},
            "anchor": x_ref,
        }
        if n_maps > 1:
            builder.annotations.append(
                {
                    "text": f"<b>{_shorten(lanes[k].label, 34 if columns < 3 else 26)}</b>",
                    "x": 0.5,
                    "y": 1.0,
                    "xref": f"{x_ref} domain",
                    "yref": f"{y_ref} domain",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": look.font, "color": lanes[k].style.color},
                }
            )
    if side_panels:
        lx, ly, lxk, lyk = loss_axes
        dx, dy, dxk, dyk = distance_axes
        step_range = [0, max(n_steps, 1)]
        layout_dict[lxk] = {
            "domain": [side_left, 1.0],
            "anchor": ly,
            "range": step_range,
            "tickfont": {"size": look.font - 2},
            "matches": dx,
            "showticklabels": False,
        }
        layout_dict[lyk] = {
            "domain": [0.58, 0.94],
            "anchor": lx,
            "type": "log",
            "tickfont": {"size": look.font - 2},
            "exponentformat": "power",
        }
        if loss_range is not None:
            layout_dict[lyk]["range"] = loss_range
        layout_dict[dxk] = {
            "domain": [side_left, 1.0],
            "anchor": dy,
            "range": step_range,
            "title": {"text": "step", "font": {"size": look.font - 2}},
            "tickfont": {"size": look.font - 2},
        }
        layout_dict[dyk] = {
            "domain": [0.0, 0.4],
            "anchor": dx,
            "type": "log",
            "tickfont": {"size": look.font - 2},
            "exponentformat": "power",
        }
        # Panel titles above the panels rather than along the axes: a narrow page keeps room for the ticks.
        for axes, text in (
            (loss_axes, loss_title + " (log)"),
            (distance_axes, "distance to nearest minimum (log)"),
        ):
            builder.annotations.append(
                {
                    "text": text,
                    "x": 0,
                    "y": 1,
                    "xref": f"{axes[0]} domain",
                    "yref": f"{axes[1]} domain",
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": look.font - 1},
                }
            )
        if len(minima) == 0:
            builder.annotations.append(
                {
                    "text": "no known minimum",
                    "x": 0.5,
                    "y": 0.5,
                    "xref": f"{dx} domain",
                    "yref": f"{dy} domain",
                    "showarrow": False,
                    "font": {"size": look.font},
                }
            )

    # Heights in pixels: a panel is about as tall as its share of a 1,000 px wide figure allows at equal
    # aspect; the slider and the legend sit at fixed pixel distances below the plots.
    aspect = (y_max - y_min) / (x_max - x_min)
    panel_px = 1000 * panel_w * aspect
    default_height = int(np.clip(rows * (panel_px + 70), 380, 660)) + 270 + (80 if presenter else 0)
    figure_height = height or default_height
    margin_top = 60 + (30 if title else 0) + (20 if presenter else 0)
    margin_bottom = 210 + (40 if presenter else 0)
    plot_px = max(figure_height - margin_top - margin_bottom, 100)
    scale = 1.25 if presenter else 1.0
    slider_y = -60 * scale / plot_px
    legend_y = -150 * scale / plot_px
    frames, updatemenus, sliders = ([], [], [])
    if lanes:
        frames, updatemenus, sliders = _frames_and_controls(
            builder, steps, look, initial, slider_y, map_right
        )

    if landscape.notice:
        builder.annotations.append(
            {
                "text": landscape.notice,
                "x": 0.5,
                "y": 0.5,
                "xref": "x domain",
                "yref": "y domain",
                "showarrow": False,
                "font": {"size": look.font},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )

    layout_dict.update(
        {
            "height": figure_height,
            "margin": {"l": 60, "r": 20, "t": margin_top, "b": margin_bottom},
            "font": {"size": look.font, "family": "Arial, Helvetica, sans-serif"},
            "plot_bgcolor": "#FFFFFF",
            "paper_bgcolor": "#FFFFFF",
            "hovermode": "closest",
            "dragmode": "pan",
            "legend": {
                "orientation": "h",
                "x": 0.0,
                "y": legend_y,
                "yanchor": "top",
                "font": {"size": look.font},
                "itemclick": "toggleothers",
                "itemdoubleclick": False,
            },
            "images": builder.images,
            "annotations": builder.annotations,
            "shapes": builder.shapes,
            "updatemenus": updatemenus,
            "sliders": sliders,
            "uirevision": "map",
            "template": {"layout": {}},
        }
    )
    if title:
        layout_dict["title"] = {"text": title, "x": 0.0, "font": {"size": look.font + 2}}
    figure = go.Figure(data=builder.data, layout=layout_dict, skip_invalid=False, _validate=False)
    return _attach_frames(figure, frames)


def _attach_frames(figure: go.Figure, frames: list[dict]) -> go.Figure:
    """Attach frames without plotly.py validating every trace of every frame.

    ``go.Figure(frames=...)`` builds a validated ``go.Scatter`` for each trace update of each frame: about
    1.3 s for 200 frames of 6 lanes, far beyond the page's budget. The frame's own small fields (name, group,
    baseframe, traces) are validated as usual; its trace updates, which this module builds and tests, are
    stored as plain dicts and serialized by ``to_dict``/``to_json`` like any other figure content.
    """
    objects = []
    for frame in frames:
        fields = {key: frame[key] for key in ("name", "group", "baseframe", "traces") if key in frame}
        obj = go.Frame(**fields)
        obj._orphan_props["data"] = frame["data"]
        objects.append(obj)
    figure._frame_objs = tuple(objects)
    return figure


def loss_figure(
    lanes,
    *,
    minima=None,
    step: int | None = None,
    presenter: bool = False,
    min_loss: float | None = None,
    height: int | None = None,
) -> go.Figure:
    """Loss (log) and distance to the nearest minimum (log) versus step for every lane, on their own.

    A marker at ``step`` on every curve (the inspected step); a dotted vertical line at each divergence.
    """
    lanes = _check_lanes(lanes)
    look = _Look.of(presenter)
    minima = _points(minima)
    builder = _Builder()
    loss_title, loss_range = _add_loss_panels(
        builder,
        lanes,
        minima=minima,
        loss_axes=("x", "y"),
        distance_axes=("x2", "y2"),
        look=look,
        min_loss=min_loss,
    )
    shown_step = step if step is not None else max((len(lane.positions) - 1 for lane in lanes), default=0)
    for idx, update in builder.animated:
        builder.data[idx].update(update(int(shown_step)))
    for index, lane in enumerate(lanes):
        builder.add(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines+markers",
                "name": lane.label
                + (f" — diverged at step {lane.diverged_at}" if lane.diverged_at is not None else ""),
                "line": {"color": lane.style.color, "width": look.line, "dash": lane.style.dash},
                "marker": {"symbol": lane.style.symbol, "size": look.marker - 3, "color": lane.style.color},
                "legendgroup": f"lane{index}",
                "hoverinfo": "skip",
            }
        )
    n_steps = max((len(lane.positions) - 1 for lane in lanes), default=1)
    layout = {
        "height": height or (560 + (80 if presenter else 0)),
        "margin": {"l": 70, "r": 20, "t": 30, "b": 60},
        "font": {"size": look.font, "family": "Arial, Helvetica, sans-serif"},
        "plot_bgcolor": "#FFFFFF",
        "hovermode": "closest",
        "xaxis": {
            "domain": [0, 1],
            "anchor": "y",
            "matches": "x2",
            "showticklabels": False,
            "range": [0, n_steps],
        },
        "yaxis": {
            "domain": [0.55, 1.0],
            "type": "log",
            "title": {"text": loss_title + " (log)"},
            "exponentformat": "power",
            **({"range": loss_range} if loss_range else {}),
        },
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": "step"}, "range": [0, n_steps]},
        "yaxis2": {
            "domain": [0.0, 0.45],
            "anchor": "x2",
            "type": "log",
            "title": {"text": "distance to nearest min (log)"},
            "exponentformat": "power",
        },
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top"},
        "template": {"layout": {}},
        "annotations": builder.annotations,
        "shapes": builder.shapes
        + (
            [
                {
                    "type": "line",
                    "x0": step,
                    "x1": step,
                    "y0": 0,
                    "y1": 1,
                    "xref": "x2",
                    "yref": "paper",
                    "line": {"color": "#888888", "width": 1.5},
                }
            ]
            if step is not None
            else []
        ),
    }
    return go.Figure(data=builder.data, layout=layout, skip_invalid=False, _validate=False)


def surface3d_figure(
    landscape: Landscape,
    lanes,
    *,
    presenter: bool = False,
    height: int | None = None,
    minima=None,
    max_side: int = 90,
) -> go.Figure:
    """The loss surface in 3D with every lane's path lying on it (static; the map is the animated view).

    On a log landscape the height is ``log10(f - f_lo + delta)`` for both the surface and the paths, so the
    Rosenbrock valley is visible; the axis title says so.
    """
    lanes = _check_lanes(lanes)
    look = _Look.of(presenter)
    stride = max(1, int(np.ceil(max(landscape.z.shape) / max_side)))
    x, y, z = landscape.x[::stride], landscape.y[::stride], landscape.z[::stride, ::stride]

    def height_of(values):
        values = np.asarray(values, float)
        if landscape.scale == "log":
            with np.errstate(all="ignore"):
                return np.log10(np.maximum(values - landscape.z_low, 0.0) + landscape.delta)
        return values

    z_title = "log10(loss − min + δ)" if landscape.scale == "log" else "loss"
    surface_z = height_of(z)
    data = [
        {
            "type": "surface",
            "x": x,
            "y": y,
            "z": surface_z,
            "surfacecolor": landscape.normalize(z),
            "cmin": 0.0,
            "cmax": 1.0,
            "colorscale": colorscale(landscape.n_levels),
            "showscale": False,
            "opacity": 0.85,
            "name": "loss surface",
            "hovertemplate": "x = %{x:.3g}<br>y = %{y:.3g}<extra>surface</extra>",
            "contours": {"z": {"show": True, "usecolormap": False, "color": "#666666", "width": 1}},
        }
    ]
    (x_min, x_max), (y_min, y_max) = landscape.window
    # Paths float a little above the surface so that it does not hide them.
    lift = 0.02 * (np.nanmax(surface_z) - np.nanmin(surface_z)) if np.isfinite(surface_z).any() else 0.0
    for lane in lanes:
        positions = np.asarray(lane.positions, float)
        end = finite_length(positions)
        shown = positions[:end]
        inside = (
            (shown[:, 0] >= x_min) & (shown[:, 0] <= x_max) & (shown[:, 1] >= y_min) & (shown[:, 1] <= y_max)
        )
        # The 3D scene cannot leave points outside its box: a path is drawn up to where it left the window.
        stop = int(np.argmin(inside)) if not inside.all() else len(shown)
        heights = height_of(np.asarray(lane.losses, float)[:stop]) + lift
        name = lane.label + (
            f" — diverged at step {lane.diverged_at}" if lane.diverged_at is not None else ""
        )
        data.append(
            {
                "type": "scatter3d",
                "x": shown[:stop, 0],
                "y": shown[:stop, 1],
                "z": heights,
                "customdata": np.arange(stop),
                "mode": "lines+markers",
                "line": {"color": lane.style.color, "width": look.line * 2, "dash": lane.style.dash},
                "marker": {"size": 2.5, "color": lane.style.color, "symbol": "circle"},
                "name": name,
                "hovertemplate": f"<b>{lane.label}</b><br>step %{{customdata}}<br>x = %{{x:.4g}}"
                "<br>y = %{y:.4g}<extra></extra>",
            }
        )
        if stop > 0:
            data.append(
                {
                    "type": "scatter3d",
                    "x": [shown[stop - 1, 0]],
                    "y": [shown[stop - 1, 1]],
                    "z": [float(heights[-1])],
                    "mode": "markers",
                    "marker": {"size": 7, "color": lane.style.color, "symbol": "diamond"},
                    "showlegend": False,
                    "hovertemplate": f"<b>{lane.label}</b>: last step shown<extra></extra>",
                }
            )
    minima = _points(minima)
    if len(minima):
        with np.errstate(all="ignore"):
            idx = (
                [np.abs(landscape.x - m[0]).argmin() for m in minima],
                [np.abs(landscape.y - m[1]).argmin() for m in minima],
            )
        data.append(
            {
                "type": "scatter3d",
                "x": minima[:, 0],
                "y": minima[:, 1],
                "z": height_of(landscape.z[idx[1], idx[0]]) + lift,
                "mode": "markers",
                "marker": {"size": 6, "color": "#FFFFFF", "line": {"color": OUTLINE_COLOR, "width": 2}},
                "name": "minimum" if len(minima) == 1 else "known minima",
            }
        )
    layout = {
        "height": height or (640 + (80 if presenter else 0)),
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "font": {"size": look.font, "family": "Arial, Helvetica, sans-serif"},
        "scene": {
            "xaxis": {"title": {"text": "x"}, "range": [x_min, x_max]},
            "yaxis": {"title": {"text": "y"}, "range": [y_min, y_max]},
            "zaxis": {"title": {"text": z_title}},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": (y_max - y_min) / (x_max - x_min), "z": 0.6},
            "camera": {"eye": {"x": -1.3, "y": -1.6, "z": 1.3}},
        },
        "legend": {"orientation": "h", "y": 0.0, "font": {"size": look.font}},
        "uirevision": "surface3d",
    }
    return go.Figure(data=data, layout=layout, skip_invalid=False, _validate=False)
