"""Loss and distance to the nearest minimum versus step, on log axes, with markers that follow the frames.

Shared by the map's side panels and the stand-alone loss figure. A log axis cannot show 0 (a lane that
reached the minimum exactly): values below a floor relative to where the lanes started are drawn on it.
"""

from dataclasses import dataclass

import numpy as np

from viz.animation import finite_length
from viz.encoding import short, typed
from viz.geometry import distance_to_minima
from viz.lanes import LanePath
from viz.theme import Look, plain
from viz.traces import FigureBuilder

FLOOR = 1e-12  # relative to the largest start value of the panel


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


def log_floor(values: np.ndarray, scale: float) -> tuple[np.ndarray, float]:
    """Values at or below the floor are drawn on it (the hover keeps the raw value); NaN stays NaN."""
    floor = max(abs(scale), 1e-300) * FLOOR
    with np.errstate(all="ignore"):
        return np.where(np.isfinite(values), np.maximum(values, floor), np.nan), floor


def loss_range(lanes, shifted_losses, scale) -> list[float] | None:
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
    low = max(values.min(), scale * FLOOR)
    high = max(values.max(), low * 10)
    return [float(np.log10(low) - 0.3), float(np.log10(high) + 0.5)]


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
                "text": f"diverged at step {lane.diverged_at}",
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
    """Loss and distance curves of every lane with their step markers; returns the loss axis title and its
    log range (None: let plotly choose)."""
    offset, loss_title = loss_offset(lanes, min_loss)
    all_losses = [np.asarray(lane.losses, float) - offset for lane in lanes]
    distances = [distance_to_minima(np.asarray(lane.positions, float), minima) for lane in lanes]
    scale, dist_scale = start_scale(all_losses), start_scale(distances)
    panels = {"loss": (loss_axes, []), "distance": (distance_axes, [])}
    for index, lane in enumerate(lanes):
        end = finite_length(np.asarray(lane.positions, float)) - 1
        for what, values in (
            ("loss", log_floor(all_losses[index], scale)[0]),
            ("distance", log_floor(distances[index], dist_scale)[0]),
        ):
            axes, curves = panels[what]
            if axes is None:
                continue
            curves.append(Curve(lane, values, end))
            if np.isfinite(values).any():
                builder.add(_curve_trace(lane, index, values, axes, look, what))
    for axes, curves in panels.values():
        if axes is not None:
            add_step_markers(builder, curves, axes, look)
    add_divergence_lines(builder, lanes, loss_axes, distance_axes, look)
    return loss_title, loss_range(lanes, all_losses, scale)
