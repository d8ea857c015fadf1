"""The traces of a map: every path drawn exactly in static chunks, plus the two traces the frames fill in.

A :class:`FigureBuilder` collects the figure's traces and layout pieces, and for every animated trace a
function ``step -> trace update`` that ``viz.frames`` calls once per frame.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from viz.animation import finite_length
from viz.encoding import typed
from viz.geometry import divergence_marker
from viz.lanes import LanePath, average_legend_name, legend_name
from viz.palette import LaneStyle
from viz.theme import Look, plain


@dataclass
class PathTraces:
    """An animated path: its static chunk traces (``None`` where the path had already stopped), the trace
    holding the completed fine pieces of the current chunk (``mid``) and the trace of the newest points;
    these two draw rows up to ``end`` only."""

    positions: np.ndarray
    end: int
    chunks: list[int | None]
    mid: int
    head: int


@dataclass
class FigureBuilder:
    """Collects traces, layout pieces, and the per-frame updates of the animated traces."""

    data: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)
    animated: list[tuple[int, Callable[[int], dict]]] = field(default_factory=list)  # (trace, step -> update)
    paths: list[PathTraces] = field(default_factory=list)
    bounds: np.ndarray = field(default_factory=lambda: np.array([0, 0]))  # chunk boundaries (static traces)
    fine_bounds: np.ndarray = field(default_factory=lambda: np.array([0, 0]))  # a superset of ``bounds``
    faint: set[int] = field(default_factory=set)  # chunk traces drawn faint when shown (left the view)

    def add(self, trace: dict) -> int:
        self.data.append(trace)
        return len(self.data) - 1

    def show_step(self, step: int) -> None:
        """Set every animated trace to its state at ``step`` (a figure without frames shows one step)."""
        for index, update in self.animated:
            self.data[index].update(update(int(step)))


def hover_template(label: str, with_loss: bool = True) -> str:
    """The hover text of a path's points; ``label`` is user text."""
    loss = "<br>loss = %{customdata[1]:.4g}" if with_loss else ""
    position = "<br>x = %{x:.4g}<br>y = %{y:.4g}"
    return f"<b>{plain(label)}</b><br>step %{{customdata[0]:d}}{position}{loss}<extra></extra>"


@dataclass(frozen=True)
class PathStyle:
    """How one path is drawn: the lane's style, optionally thinner and with another dash."""

    style: LaneStyle
    look: Look
    width_factor: float = 1.0
    dash: str | None = None
    show_points: bool = True

    def trace(self, axes, legendgroup: str) -> dict:
        """What every trace of the path shares: its static chunks and the two traces the frames fill in."""
        look, style = self.look, self.style
        return {
            "type": "scatter",
            "mode": "lines+markers" if self.show_points else "lines",
            "line": {
                "color": style.color,
                "width": look.line * self.width_factor,
                "dash": self.dash or style.dash,
            },
            "marker": {
                "size": look.small_marker * self.width_factor,
                "color": style.color,
                "symbol": style.symbol,
            },
            "xaxis": axes[0],
            "yaxis": axes[1],
            "legendgroup": legendgroup,
            "showlegend": False,
        }


def add_path(
    builder: FigureBuilder,
    *,
    positions: np.ndarray,
    losses: np.ndarray,
    label: str,
    look: PathStyle,
    axes: tuple[str, str],
    legendgroup: str,
    legend_name: str | None = None,
    faint_from: int | None = None,
) -> tuple[int, int]:
    """One path: static exact chunks, the "mid" and "head" traces the frames fill in, and its entry in
    ``builder.paths``; returns (head index, last finite row). ``legend_name`` is already escaped.

    The rows from ``faint_from`` on (the path has left the view for good) are one faint line without
    markers, shown with the chunk that holds the path's end: a diverging zigzag still shows where it went
    without painting a band across the map.
    """
    end = finite_length(positions) - 1
    bounds = builder.bounds
    customdata = np.stack([np.arange(len(positions)), losses], axis=1)
    hover = hover_template(label, bool(np.isfinite(losses).any()))
    trace = look.trace(axes, legendgroup)
    indices = []
    for j in range(len(bounds) - 1):
        first, last = int(bounds[j]), int(min(bounds[j + 1], end))
        faint = faint_from is not None and first >= faint_from
        if first > end or (faint and bounds[j + 1] < end):
            # Never drawn: the path had stopped before this chunk, or it is part of the faint remainder,
            # which is one trace (faint traces drawn on top of each other would add up to a solid band).
            indices.append(None)
            continue
        rows = slice(faint_from if faint else first, last + 1)
        chunk = dict(trace, x=typed(positions[rows, 0]), y=typed(positions[rows, 1]))
        chunk.update(customdata=typed(customdata[rows]), hovertemplate=hover)
        if faint:
            chunk["mode"] = "lines"
            builder.faint.add(len(builder.data))
        indices.append(builder.add(chunk))
    # The part of the current chunk up to the last fine boundary (set by the base frames), and the
    # points after it (set by every frame): both start where the previous piece ends, so the line is whole.
    moving = dict(trace, x=[], y=[], hoverinfo="skip")
    # The mid trace is never hidden, so it carries the legend entry (a separate empty trace would cost
    # plotly.js time on every frame).
    named = {"name": legend_name, "showlegend": True} if legend_name is not None else {}
    mid = builder.add(dict(moving, **named))
    head = builder.add(dict(moving))
    # The moving traces stop where the path left the view for good: beyond it only the faint chunks are
    # drawn (each once it is complete), never a solid line across the map.
    moving_end = end if faint_from is None else min(end, faint_from)
    builder.paths.append(PathTraces(positions=positions, end=moving_end, chunks=indices, mid=mid, head=head))
    return head, end


@dataclass
class DrawnLane:
    """What a panel's shared markers need to know of a lane drawn on it."""

    lane: LanePath
    positions: np.ndarray
    losses: np.ndarray
    end: int
    crossing: tuple[int, np.ndarray] | None


def left_view_at(lane: LanePath, window) -> int | None:
    """The first step outside the window after which a diverged path never comes back (None otherwise)."""
    if lane.diverged_at is None:
        return None
    crossing = divergence_marker(np.asarray(lane.positions, dtype=float), window)
    return None if crossing is None else crossing[0] + 1


def add_lane(builder, lane: LanePath, index: int, axes, look: Look, n_steps: int, window) -> DrawnLane:
    """The exact path (and averaged path) of one lane and their legend entries."""
    positions = np.asarray(lane.positions, dtype=float)
    losses = np.asarray(lane.losses, dtype=float)
    group = f"lane{index}"
    own = PathStyle(lane.style, look, show_points=n_steps <= 400)
    crossing = divergence_marker(positions, window) if lane.diverged_at is not None else None
    _, end = add_path(
        builder,
        positions=positions,
        losses=losses,
        label=lane.label,
        look=own,
        axes=axes,
        legendgroup=group,
        legend_name=legend_name(lane),
        faint_from=None if crossing is None else crossing[0] + 1,
    )
    if lane.average is not None:
        average = np.asarray(lane.average, dtype=float)
        average_losses = (
            lane.average_losses if lane.average_losses is not None else np.full(len(average), np.nan)
        )
        add_path(
            builder,
            positions=average,
            losses=np.asarray(average_losses, dtype=float),
            label=f"{lane.label} · {lane.average_name}",
            look=PathStyle(lane.style, look, width_factor=0.8, dash="dot", show_points=False),
            axes=axes,
            legendgroup=group,
            legend_name=average_legend_name(lane),
        )
    if lane.diverged_at is not None and crossing is None and end >= 0:
        crossing = (end, positions[end])
    return DrawnLane(lane, positions, losses, end, crossing)
