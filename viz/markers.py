"""Markers on a map: the moving "current step" marker of every lane, the divergence crosses, the start and
the known minima."""

from dataclasses import dataclass

import numpy as np

from viz.encoding import short, typed
from viz.palette import MINIMUM_COLOR, OUTLINE_COLOR, START_COLOR
from viz.theme import Look, plain
from viz.traces import DrawnLane, FigureBuilder


@dataclass(frozen=True, eq=False)
class MarkedPoint:
    """An extra point to mark on the map, such as the minimum of a regularised objective. ``label`` is
    shown in the legend and on hover (user text is escaped)."""

    position: tuple[float, float]
    label: str
    symbol: str = "diamond"


def add_marked_points(builder: FigureBuilder, marks, axes, look: Look, *, legend: bool) -> None:
    """Each mark as a white symbol with a dark outline, and its own legend entry."""
    for k, mark in enumerate(marks):
        x, y = (float(v) for v in np.asarray(mark.position, dtype=float).reshape(2))
        builder.add(
            {
                "type": "scatter",
                "x": [x],
                "y": [y],
                "mode": "markers",
                "marker": {
                    "symbol": mark.symbol,
                    "size": look.marker + 2,
                    "color": MINIMUM_COLOR,
                    "line": {"color": OUTLINE_COLOR, "width": 2.5},
                },
                "name": plain(mark.label),
                "legendgroup": f"mark{k}",
                "showlegend": legend,
                "xaxis": axes[0],
                "yaxis": axes[1],
                "hovertemplate": f"{plain(mark.label)}<br>x = %{{x:.4g}}<br>y = %{{y:.4g}}<extra></extra>",
            }
        )


def add_moving_markers(builder: FigureBuilder, drawn: list[DrawnLane], axes, look: Look) -> None:
    """One trace holds the moving marker of every lane of a panel (one entry per frame, not one per lane);
    a second one the "diverged at step k" crosses where paths left the window."""
    if not drawn:
        return
    styles = [entry.lane.style for entry in drawn]
    marker = builder.add(
        {
            "type": "scatter",
            "x": [None] * len(drawn),
            "y": [None] * len(drawn),
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
            "hovertext": [plain(entry.lane.label) for entry in drawn],
            "hovertemplate": "<b>%{hovertext}</b>%{text}<br>step %{customdata[0]}<br>x = %{x:.4g}"
            "<br>y = %{y:.4g}<br>loss = %{customdata[1]:.4g}<extra></extra>",
            "text": [""] * len(drawn),
        }
    )
    any_diverged = any(entry.lane.diverged_at is not None for entry in drawn)

    def markers_at(step: int) -> dict:
        x, y, customdata, text = [], [], [], []
        for entry in drawn:
            lane, end = entry.lane, entry.end
            if end < 0:
                x.append(None), y.append(None), customdata.append([None, None]), text.append("")
                continue
            shown = min(step, end)
            loss = entry.losses[shown]
            x.append(short(entry.positions[shown, 0]))
            y.append(short(entry.positions[shown, 1]))
            customdata.append([shown, short(loss) if np.isfinite(loss) else None])
            diverged = lane.diverged_at is not None and step >= min(lane.diverged_at, end)
            text.append(f": diverged at step {lane.diverged_at}" if diverged else "")
        update = {"x": x, "y": y, "customdata": customdata}
        if any_diverged:  # only then can the text change between frames
            update["text"] = text
        return update

    builder.animated.append((marker, markers_at))
    add_divergence_crosses(builder, [entry for entry in drawn if entry.crossing is not None], axes, look)


def _cross_label(left_at: int, entry: DrawnLane) -> str:
    """The cross sits where the path left the view: it names that step, then the divergence."""
    diverged_at = entry.lane.diverged_at
    if left_at > entry.end or left_at >= diverged_at:
        return f"diverged at step {diverged_at}"
    return f"left the view at step {left_at}<br>diverged at step {diverged_at}"


def add_divergence_crosses(builder: FigureBuilder, diverging: list[DrawnLane], axes, look: Look) -> None:
    """A cross where each diverging path left the view, shown from the step it left."""
    if not diverging:
        return
    colors = [entry.lane.style.color for entry in diverging]
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
                "color": colors,
                "line": {"color": "#FFFFFF", "width": 1.5},
            },
            "textposition": "top center",
            "textfont": {"color": colors, "size": look.font},
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
            last_inside, point = entry.crossing
            if step >= min(last_inside + 1, entry.end):
                x.append(short(point[0])), y.append(short(point[1]))
                text.append(_cross_label(last_inside + 1, entry))
            else:
                x.append(None), y.append(None), text.append("")
        return {"x": x, "y": y, "text": text}

    builder.animated.append((cross, crosses_at))


def add_start_and_minima(builder: FigureBuilder, axes, look: Look, *, start, minima, legend: bool) -> None:
    """The known minima (stars, the global one first) and the start points (white circles)."""
    if len(minima):
        names = ["global minimum"] + ["local minimum"] * (len(minima) - 1)
        builder.add(
            {
                "type": "scatter",
                "x": typed(minima[:, 0], exact=True),
                "y": typed(minima[:, 1], exact=True),
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
                "x": typed(start[:, 0], exact=True),
                "y": typed(start[:, 1], exact=True),
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
