"""Frames of the animated map, the figure's opening state, and the Play/Pause/speed/slider controls.

plotly.js merges a frame with its chain of base frames (``baseframe``) before applying it, so every frame
is complete (the slider can jump anywhere) while each piece of data is written once:

- ``c0`` hides every chunk (opacity 0, no hover); ``c{J}`` (base ``c{J-1}``) shows chunk ``J - 1`` of
  every path. Opacity is the attribute plotly.js honours without a redraw (``visible`` is not).
- ``m{K}`` (base ``c{J}``, the chunks complete at fine boundary ``K``) sets each path's ``mid`` trace to
  the rows from the start of the current chunk to fine boundary ``K``.
- frame ``k`` at step ``t`` (base ``m{K}``, the last fine boundary at or before ``t``) sets the heads
  (rows from that boundary to ``t``) and the markers.
"""

import numpy as np

from viz.animation import completed_chunks
from viz.encoding import short, typed
from viz.theme import Look
from viz.traces import FigureBuilder, PathTraces

FRAME_MS = 40  # 1x speed: 200 frames in 8 s
SPEEDS = (("½×", 2.0), ("1×", 1.0), ("2×", 0.5), ("4×", 0.25))
HIDDEN = {"opacity": 0, "hoverinfo": "skip"}
SHOWN = {"opacity": 1, "hoverinfo": "all"}
FAINT = {"opacity": 0.3, "hoverinfo": "all"}  # a chunk after its path left the view for good


def shown(builder: FigureBuilder, trace: int) -> dict:
    return FAINT if trace in builder.faint else SHOWN


def rows_of(positions: np.ndarray, first: int, last: int) -> dict:
    """x and y of rows ``first..last`` (inclusive) for a frame: float32 arrays, short lists when tiny."""
    if last < first:
        return {"x": [], "y": []}
    rows = slice(first, last + 1)
    if last - first < 2:
        return {"x": [short(v) for v in positions[rows, 0]], "y": [short(v) for v in positions[rows, 1]]}
    return {"x": typed(positions[rows, 0]), "y": typed(positions[rows, 1])}


def mid_rows(builder: FigureBuilder, path: PathTraces, fine_index: int) -> dict:
    """The mid trace at fine boundary ``fine_index``: the completed fine pieces of the current chunk.

    An empty mid keeps one null point: plotly.js leaves traces without points out of the legend.
    """
    bounds, boundary = builder.bounds, int(builder.fine_bounds[fine_index])
    completed = completed_chunks(bounds, boundary)
    if completed >= len(bounds) - 1:
        return {"x": [None], "y": [None]}
    rows = rows_of(path.positions, int(bounds[completed]), min(boundary, path.end))
    return rows if len(rows["x"]) else {"x": [None], "y": [None]}


def head_rows(builder: FigureBuilder, path: PathTraces, step: int) -> dict:
    """The head trace at ``step``: the points since the last fine boundary."""
    fine = builder.fine_bounds
    fine_index = completed_chunks(fine, step)
    if fine_index >= len(fine) - 1:
        return {"x": [], "y": []}
    return rows_of(path.positions, int(fine[fine_index]), min(step, path.end))


def base_frames(builder: FigureBuilder) -> list[dict]:
    """The chunk frames ``c{J}`` and the mid frames ``m{K}`` that the step frames build on."""
    bounds, fine = builder.bounds, builder.fine_bounds
    chunk_traces = [idx for path in builder.paths for idx in path.chunks if idx is not None]
    frames = [{"name": "c0", "group": "base", "traces": chunk_traces, "data": [HIDDEN] * len(chunk_traces)}]
    for completed in range(1, len(bounds)):
        traces = [path.chunks[completed - 1] for path in builder.paths]
        traces = [idx for idx in traces if idx is not None]
        frames.append(
            {
                "name": f"c{completed}",
                "group": "base",
                "baseframe": f"c{completed - 1}",
                "traces": traces,
                "data": [shown(builder, idx) for idx in traces],
            }
        )
    mid_traces = [path.mid for path in builder.paths]
    for fine_index in range(len(fine)):
        frames.append(
            {
                "name": f"m{fine_index}",
                "group": "base",
                "baseframe": f"c{completed_chunks(bounds, int(fine[fine_index]))}",
                "traces": mid_traces,
                "data": [mid_rows(builder, path, fine_index) for path in builder.paths],
            }
        )
    return frames


def step_frames(builder: FigureBuilder, steps: np.ndarray) -> list[dict]:
    """One frame per step in ``steps`` (group "steps"): the heads and every animated trace."""
    animated_traces = [path.head for path in builder.paths] + [idx for idx, _ in builder.animated]
    frames = []
    for k, step in enumerate(int(s) for s in steps):
        frames.append(
            {
                "name": str(k),
                "group": "steps",
                "baseframe": f"m{completed_chunks(builder.fine_bounds, step)}",
                "traces": animated_traces,
                "data": [head_rows(builder, path, step) for path in builder.paths]
                + [update(step) for _, update in builder.animated],
            }
        )
    return frames


def open_on(builder: FigureBuilder, step: int) -> None:
    """Set the figure's own traces to the state of ``step``, drawn by the same functions as the frames."""
    completed = completed_chunks(builder.bounds, step)
    fine_index = completed_chunks(builder.fine_bounds, step)
    for path in builder.paths:
        for j, idx in enumerate(path.chunks):
            if idx is not None:
                builder.data[idx].update(shown(builder, idx) if j < completed else HIDDEN)
        builder.data[path.mid].update(mid_rows(builder, path, fine_index))
        builder.data[path.head].update(head_rows(builder, path, step))
    builder.show_step(step)


def _play(duration: float) -> list:
    return [
        "steps",
        {
            "frame": {"duration": duration, "redraw": False},
            "transition": {"duration": 0},
            "fromcurrent": True,
            "mode": "immediate",
        },
    ]


def _jump() -> dict:
    return {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}, "mode": "immediate"}


def controls(
    steps: np.ndarray, look: Look, *, active: int, slider_y: float, speed_x: float
) -> tuple[list, list]:
    """Play/Pause buttons, the speed dropdown and the scrub slider (one stop per step frame)."""
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
            "font": {"size": look.font},
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": _play(FRAME_MS)},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], _jump()]},
            ],
        },
        {
            # A dropdown at the right edge of the figure: it never covers Play/Pause, even 390 px wide.
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
                {"label": f"speed {name}", "method": "animate", "args": _play(FRAME_MS * factor)}
                for name, factor in SPEEDS
            ],
        },
    ]
    slider = {
        "active": active,
        "x": 0.0,
        "len": 1.0,
        "y": slider_y,
        "yanchor": "top",
        "pad": {"t": 10, "b": 0},
        "currentvalue": {"prefix": "step ", "font": {"size": look.font}, "xanchor": "left"},
        "font": {"size": max(10, look.font - 4)},
        "transition": {"duration": 0},
        "steps": [
            {"label": str(int(step)), "method": "animate", "args": [[str(k)], _jump()]}
            for k, step in enumerate(steps)
        ],
    }
    return updatemenus, [slider]


def animate(
    builder: FigureBuilder, steps: np.ndarray, look: Look, *, initial: str, slider_y: float, speed_x: float
):
    """All frames, with the figure opened on the first or the last step; returns (frames, updatemenus,
    sliders)."""
    frames = base_frames(builder) + step_frames(builder, steps)
    active = len(steps) - 1 if initial == "end" else 0
    open_on(builder, int(steps[active]))
    updatemenus, sliders = controls(steps, look, active=active, slider_y=slider_y, speed_x=speed_x)
    return frames, updatemenus, sliders
