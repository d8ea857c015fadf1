"""Loss and distance to the nearest minimum versus step, on log axes, with a marker at the shown step.

The rules (offset by f*, the log floor, the ranges) are shared by the map player's panels (:mod:`viz.player`)
and the loss figure beside the 3D view, which these Plotly traces draw. A log axis cannot show 0 (a lane that
reached the minimum exactly): values below a floor relative to where the lanes started are drawn on it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from viz.encoding import short, typed
from viz.geometry import distance_to_minima, finite_length
from viz.lanes import LanePath, average_legend_name, stop_text
from viz.theme import Look, plain

FLOOR = 1e-12  # relative to the largest start value of the panel
FLOOR_NAME = "log floor: 10⁻¹² × start (values below lie on it)"


@dataclass
class FigureBuilder:
    """Collects a figure's traces and layout pieces, and for each trace that follows the shown step a
    function ``step -> trace update``."""

    data: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)
    animated: list[tuple[int, Callable[[int], dict]]] = field(default_factory=list)  # (trace, step -> update)

    def add(self, trace: dict) -> int:
        self.data.append(trace)
        return len(self.data) - 1

    def show_step(self, step: int) -> None:
        """Set every step-following trace to its state at ``step``."""
        for index, update in self.animated:
            self.data[index].update(update(int(step)))


def loss_offset(lanes: list[LanePath], min_loss: float | None) -> tuple[float, str]:
    """What to subtract from the losses before a log axis, and the axis title that says so."""
    if min_loss is not None and np.isfinite(min_loss):
        return float(min_loss), "loss − f*"
    finite = np.concatenate([np.asarray(lane.losses, float) for lane in lanes]) if lanes else np.ones(1)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0 or finite.min() > 0:
        return 0.0, "loss"
    return float(finite.min()), "loss − lowest loss"


def start_scale(series: list[np.ndarray]) -> float:
    """The largest start value of the series: the floor is relative to it, not to the largest value (a
    diverged lane reaches 1e50 and must not lift the floor of the others)."""
    starts = [
        abs(values[0]) for values in series if len(values) and np.isfinite(values[0]) and values[0] != 0
    ]
    return max(starts) if starts else 1.0


def log_floor(values: np.ndarray, floor: float) -> np.ndarray:
    """Values at or below ``floor`` are drawn on it (its dashed line says so); NaN stays NaN."""
    floor = max(abs(floor), 1e-300)
    with np.errstate(all="ignore"):
        return np.where(np.isfinite(values), np.maximum(values, floor), np.nan)


def _average_series(lane: LanePath, offset: float, minima) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Loss (when given) and distance of the lane's averaged iterates, or None."""
    if lane.average is None:
        return None, None
    losses = None if lane.average_losses is None else np.asarray(lane.average_losses, float) - offset
    return losses, distance_to_minima(np.asarray(lane.average, float), minima)


def loss_range(lanes, floored_losses, floor: float) -> list[float] | None:
    """A log range that shows every curve that did not diverge, down to the floor when one reaches it; a
    diverging loss leaves through the top (its dotted line and label say where), so it does not squash the
    others into a flat line."""
    keep, diverged = [], []
    for lane, values in zip(lanes, floored_losses, strict=True):
        finite = values[np.isfinite(values) & (values > 0)]
        if finite.size:
            (keep if lane.diverged_at is None else diverged).append(finite)
    if not keep:
        keep = [d[:1] for d in diverged]  # every lane diverged: show where they started
    if not keep:
        return None
    values = np.concatenate(keep)
    low = max(values.min(), floor)
    high = max(values.max(), low * 10)
    return [float(np.log10(low) - 0.3), float(np.log10(high) + 0.5)]


def autorange(series: list[np.ndarray]) -> list[float] | None:
    """The log range plotly would choose for finite positive values (so the ticks can be chosen)."""
    values = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in series]) if series else np.zeros(0)
    if values.size == 0:
        return None
    low, high = np.log10(values.min()), np.log10(values.max())
    pad = max(0.05 * (high - low), 0.3)
    return [float(low - pad), float(high + pad)]


def log_ticks(log_range: list[float] | None) -> dict:
    """Tick labels at whole decades only, at most about five: plotly's own choice on a short panel writes
    the minor 2 and 5 labels into each other."""
    if log_range is None:
        return {}
    span = log_range[1] - log_range[0]
    if span < 1.5:
        return {}  # less than two decades: plotly's own ticks do not collide
    return {"dtick": int(np.ceil(span / 5)), "minor": {"ticks": "inside", "dtick": "D1", "showgrid": False}}


def add_floor_mark(builder: FigureBuilder, axes, floor: float, look: Look) -> None:
    """A dashed line at the log floor, named in the legend: curves lying on it went below it (to 0 or to
    rounding), so a lane that converged does not look like a plateau."""
    builder.shapes.append(
        {
            "type": "line",
            "x0": 0,
            "x1": 1,
            "y0": floor,
            "y1": floor,
            "xref": f"{axes[0]} domain",
            "yref": axes[1],
            "line": {"color": "#777777", "width": 1.5, "dash": "dash"},
        }
    )
    if any(trace.get("legendgroup") == "floor" for trace in builder.data):
        return  # one legend entry for both panels
    builder.add(
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "lines",
            "line": {"color": "#777777", "width": 1.5, "dash": "dash"},
            "name": FLOOR_NAME,
            "legendgroup": "floor",
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hoverinfo": "skip",
        }
    )


@dataclass
class Curve:
    lane: LanePath
    values: np.ndarray  # floored, NaN where not finite
    end: int  # last finite row of the lane's path


def _curve_trace(lane: LanePath, index: int, values, axes, look: Look, what: str) -> dict:
    # x is implicit (x0 = 0, dx = 1) and y float32: the curves cost 4 bytes per step.
    return {
        "type": "scatter",
        "x0": 0,
        "dx": 1,
        "y": typed(values),
        "mode": "lines",
        "line": {"color": lane.style.color, "width": look.line * 0.8, "dash": lane.style.dash},
        "xaxis": axes[0],
        "yaxis": axes[1],
        "legendgroup": f"lane{index}",
        "showlegend": False,
        "name": plain(lane.label),
        "hovertemplate": f"<b>{plain(lane.label)}</b><br>step %{{x}}<br>{what} = %{{y:.4g}}<extra></extra>",
    }


def _average_trace(lane: LanePath, index: int, values, axes, look: Look, what: str) -> dict:
    """The averaged iterate's curve: the lane's colour, dotted, thinner."""
    trace = _curve_trace(lane, index, values, axes, look, what)
    name = average_legend_name(lane)
    trace["line"] = {"color": lane.style.color, "width": look.line * 0.6, "dash": "dot"}
    trace["name"] = name
    trace["hovertemplate"] = f"<b>{name}</b><br>step %{{x}}<br>{what} = %{{y:.4g}}<extra></extra>"
    return trace


def add_step_markers(builder: FigureBuilder, curves: list[Curve], axes, look: Look) -> None:
    """One trace holding a marker per curve at the frame's step (x0, dx = 0: one number instead of one per
    lane); the marker of a lane whose path has stopped disappears, its dotted line marks the divergence."""
    if not curves:
        return
    marker = builder.add(
        {
            "type": "scatter",
            "x0": 0,
            "dx": 0,
            "y": [None] * len(curves),
            "mode": "markers",
            "marker": {
                "size": look.marker - 3,
                "symbol": [curve.lane.style.symbol for curve in curves],
                "color": [curve.lane.style.color for curve in curves],
                "line": {"color": "#FFFFFF", "width": 1.5},
            },
            "xaxis": axes[0],
            "yaxis": axes[1],
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )

    def markers_at(step: int) -> dict:
        y = []
        for curve in curves:
            ok = step <= min(curve.end, len(curve.values) - 1) and np.isfinite(curve.values[step])
            y.append(short(curve.values[step]) if ok else None)
        return {"x0": step, "y": y}

    builder.animated.append((marker, markers_at))


def add_divergence_lines(builder: FigureBuilder, lanes, loss_axes, distance_axes, look: Look) -> None:
    """A dotted vertical line at each divergence on both panels, labelled on the loss panel."""
    diverged = [lane for lane in lanes if lane.diverged_at is not None]
    for n, lane in enumerate(diverged):
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
                "text": stop_text(lane),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "xshift": 4,
                "yshift": -(look.font + 4) * n,
                "font": {"color": lane.style.color, "size": look.font - 2},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )


def add_loss_panels(builder: FigureBuilder, lanes, *, minima, loss_axes, distance_axes, look: Look, min_loss):
    """Loss and distance curves of every lane (and of its averaged iterates) with their step markers;
    returns the loss axis title and the log ranges of both panels (None: nothing to show)."""
    offset, loss_title = loss_offset(lanes, min_loss)
    all_losses = [np.asarray(lane.losses, float) - offset for lane in lanes]
    distances = [distance_to_minima(np.asarray(lane.positions, float), minima) for lane in lanes]
    averages = [_average_series(lane, offset, minima) for lane in lanes]
    floors = {
        "loss": start_scale(all_losses) * FLOOR,
        "distance": start_scale(distances) * FLOOR,
    }
    panels = {"loss": (loss_axes, []), "distance": (distance_axes, [])}
    for index, lane in enumerate(lanes):
        end = finite_length(np.asarray(lane.positions, float)) - 1
        for what, raw, average in (
            ("loss", all_losses[index], averages[index][0]),
            ("distance", distances[index], averages[index][1]),
        ):
            axes, curves = panels[what]
            if axes is None:
                continue
            values = log_floor(raw, floors[what])
            curves.append(Curve(lane, values, end))
            if np.isfinite(values).any():
                builder.add(_curve_trace(lane, index, values, axes, look, what))
            if average is not None and np.isfinite(average).any():
                builder.add(_average_trace(lane, index, log_floor(average, floors[what]), axes, look, what))
    for what, (axes, curves) in panels.items():
        if axes is None:
            continue
        add_step_markers(builder, curves, axes, look)
        if any(np.any(curve.values <= floors[what]) for curve in curves):
            add_floor_mark(builder, axes, floors[what], look)
    add_divergence_lines(builder, lanes, loss_axes, distance_axes, look)
    floored = [curve.values for curve in panels["loss"][1]] or [
        log_floor(v, floors["loss"]) for v in all_losses
    ]
    distance_range = autorange([curve.values for curve in panels["distance"][1]])
    return loss_title, loss_range(lanes, floored, floors["loss"]), distance_range
