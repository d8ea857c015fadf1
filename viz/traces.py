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
from viz.lanes import LanePath, legend_name
from viz.palette import LaneStyle
from viz.theme import Look, plain


@dataclass
class PathTraces:
    """An animated path: its static chunk traces (``None`` where the path had already stopped), the trace
    holding the completed fine pieces of the current chunk (``mid``) and the trace of the newest points."""

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
) -> tuple[int, int]:
    """One path: static exact chunks, the "mid" and "head" traces the frames fill in, and its entry in
    ``builder.paths``; returns (head index, last finite row). ``legend_name`` is already escaped."""
    end = finite_length(positions) - 1
    bounds = builder.bounds
    customdata = np.stack([np.arange(len(positions)), losses], axis=1)
    hover = hover_template(label, bool(np.isfinite(losses).any()))
    trace = look.trace(axes, legendgroup)
    indices = []
    for j in range(len(bounds) - 1):
        first, last = int(bounds[j]), int(min(bounds[j + 1], end))
        if first > end:
            indices.append(None)  # never drawn: the path had stopped before this chunk
            continue
        rows = slice(first, last + 1)
        chunk = dict(trace, x=typed(positions[rows, 0]), y=typed(positions[rows, 1]))
        indices.append(builder.add(dict(chunk, customdata=typed(customdata[rows]), hovertemplate=hover)))
    # The part of the current chunk up to the last fine boundary (set by the base frames), and the
    # points after it (set by every frame): both start where the previous piece ends, so the line is whole.
    moving = dict(trace, x=[], y=[], hoverinfo="skip")
    # The mid trace is never hidden, so it carries the legend entry (a separate empty trace would cost
    # plotly.js time on every frame).
    named = {"name": legend_name, "showlegend": True} if legend_name is not None else {}
    mid = builder.add(dict(moving, **named))
    head = builder.add(dict(moving))
    builder.paths.append(PathTraces(positions=positions, end=end, chunks=indices, mid=mid, head=head))
    return head, end


@dataclass
class DrawnLane:
    """What a panel's shared markers need to know of a lane drawn on it."""

    lane: LanePath
    positions: np.ndarray
    losses: np.ndarray
    end: int
    crossing: tuple[int, np.ndarray] | None


def add_lane(builder, lane: LanePath, index: int, axes, look: Look, n_steps: int, window) -> DrawnLane:
    """The exact path (and averaged path) of one lane and its legend entry."""
    positions = np.asarray(lane.positions, dtype=float)
    losses = np.asarray(lane.losses, dtype=float)
    group = f"lane{index}"
    own = PathStyle(lane.style, look, show_points=n_steps <= 400)
    _, end = add_path(
        builder,
        positions=positions,
        losses=losses,
        label=lane.label,
        look=own,
        axes=axes,
        legendgroup=group,
        legend_name=legend_name(lane),
    )
    if lane.average is not None:
        average = np.asarray(lane.average, dtype=float)
        add_path(
            builder,
            positions=average,
            losses=np.full(len(average), np.nan),
            label=f"{lane.label} · averaged iterate",
            look=PathStyle(lane.style, look, width_factor=0.6, dash="dot", show_points=False),
            axes=axes,
            legendgroup=group,
        )
    crossing = None
    if lane.diverged_at is not None:
        crossing = divergence_marker(positions, window)
        if crossing is None and end >= 0:
            crossing = (end, positions[end])
    return DrawnLane(lane, positions, losses, end, crossing)
