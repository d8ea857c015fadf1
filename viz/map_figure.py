"""The animated contour map: every lane's path on the landscape (overlay or small multiples), with loss and
distance panels beside it, Play/Pause, speeds and a scrub slider.

- The landscape is a PNG in ``layout.images`` (see ``viz.landscape``): plotly.js drops contour and heatmap
  traces when frames animate with ``redraw: false``; only scatter traces are animated.
- Each path is drawn exactly (every step) in static chunk traces; frames carry only the moving head of each
  path and the markers (``viz.animation`` explains why this is linear in the number of steps).
- A diverged path stops at its last finite point; nothing is clipped: points outside the window are simply
  outside the axes' range, and a cross on the window's border says "diverged at step k".
"""

from dataclasses import dataclass

import numpy as np

from choices import LAYOUTS
from viz.animation import chunk_bounds, fine_chunks, frame_steps, refine_bounds
from viz.frames import animate
from viz.geometry import points
from viz.landscape import Landscape
from viz.lanes import check_lanes, n_steps_of
from viz.loss_panels import add_loss_panels, log_ticks
from viz.markers import add_marked_points, add_moving_markers, add_start_and_minima
from viz.overlays import InspectArrows, TheoryOverlay, add_inspect, add_landscape, add_theory, colorbar_trace
from viz.theme import BACKGROUND, FONT_FAMILY, Look, axis_names, domain_annotation, plain, shorten
from viz.traces import FigureBuilder, add_lane, left_view_at

DEFAULT_CHUNKS = 10  # static traces per path: each one costs plotly.js time on every frame, fewer cost bytes


@dataclass(frozen=True)
class Grid:
    """Where the panels go: ``n_maps`` maps in ``rows x columns`` within ``[0, map_right]`` of the width
    and ``map_y`` of the height; the loss and distance panels span ``side_x`` and ``loss_y`` /
    ``distance_y``. Beside the maps on a screen; below them (one column) when ``narrow``, for a phone."""

    n_maps: int
    columns: int
    rows: int
    map_right: float
    side_panels: bool
    narrow: bool = False
    map_y: tuple[float, float] = (0.0, 1.0)
    side_x: tuple[float, float] = (0.71, 1.0)
    loss_y: tuple[float, float] = (0.58, 0.94)
    distance_y: tuple[float, float] = (0.0, 0.4)

    @staticmethod
    def of(
        n_maps: int, window, *, layout: str, side_panels: bool, presenter: bool, narrow: bool = False
    ) -> "Grid":
        (x_min, x_max), (y_min, y_max) = window
        # wide windows (a ravine) get two panels a row, so each panel keeps a readable height at equal aspect
        columns = min(n_maps, 2 if narrow or (y_max - y_min) < 0.75 * (x_max - x_min) else 3)
        rows = int(np.ceil(n_maps / columns))
        if narrow:
            # the colour bar keeps the right sixth beside the maps; the panels take the full width below
            below = {
                "map_y": (0.5, 1.0),
                "side_x": (0.0, 1.0),
                "loss_y": (0.27, 0.4),
                "distance_y": (0.0, 0.13),
            }
            return Grid(n_maps, columns, rows, 0.84, side_panels, True, **(below if side_panels else {}))
        map_right = (0.56 if layout == "overlay" else 0.62) if side_panels else 0.92
        # Room for the colour bar and its labels between the map and the panels, whose y tick labels sit
        # inside the panels: nothing runs into anything in a narrow page either.
        side_left = map_right + (0.17 if presenter else 0.15)
        return Grid(n_maps, columns, rows, map_right, side_panels, side_x=(side_left, 1.0))

    @property
    def map_axes(self) -> list[tuple[str, str, str, str]]:
        return [axis_names(k + 1) for k in range(self.n_maps)]

    @property
    def loss_axes(self):
        return axis_names(self.n_maps + 1) if self.side_panels else None

    @property
    def distance_axes(self):
        return axis_names(self.n_maps + 2) if self.side_panels else None

    @property
    def panel_width(self) -> float:
        return (self.map_right - 0.04 * (self.columns - 1)) / self.columns


def map_axes_layout(grid: Grid, window, look: Look) -> dict:
    """Axes of the maps on a grid in [0, map_right], equal aspect so that a round bowl looks round."""
    (x_min, x_max), (y_min, y_max) = window
    (bottom, top), gap = grid.map_y, 0.04
    row_gap = 0.12 * (top - bottom)
    panel_w, panel_h = grid.panel_width, (top - bottom - row_gap * (grid.rows - 1)) / grid.rows
    layout = {}
    for k, (x_ref, y_ref, x_key, y_key) in enumerate(grid.map_axes):
        row, column = divmod(k, grid.columns)
        x0, y1 = column * (panel_w + gap), top - row * (panel_h + row_gap)
        common = {
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            "tickfont": {"size": look.font - 2},
        }
        layout[x_key] = {
            "domain": [max(0.0, round(x0, 6)), min(1.0, round(x0 + panel_w, 6))],
            "range": [x_min, x_max],
            **common,
            **({"title": {"text": "x"}} if row == grid.rows - 1 else {}),
            "anchor": y_ref,
        }
        layout[y_key] = {
            "domain": [max(0.0, round(y1 - panel_h, 6)), min(1.0, round(y1, 6))],
            "range": [y_min, y_max],
            **common,
            "scaleanchor": x_ref,
            "scaleratio": 1,
            **({"title": {"text": "y"}} if column == 0 else {}),
            "anchor": x_ref,
        }
    return layout


def panel_titles(grid: Grid, lanes, look: Look) -> list[dict]:
    """Each small multiple's lane name above its panel, in the lane's colour (user text, escaped)."""
    if grid.n_maps <= 1:
        return []
    limit = 34 if grid.columns < 3 else 26
    return [
        domain_annotation(
            f"<b>{plain(shorten(lanes[k].label, limit))}</b>",
            (x_ref, y_ref),
            y=1.0,
            yanchor="bottom",
            font={"size": look.font, "color": lanes[k].style.color},
        )
        for k, (x_ref, y_ref, _, _) in enumerate(grid.map_axes)
    ]


def side_axes_layout(grid: Grid, n_steps: int, look: Look, loss_range, distance_range) -> dict:
    """The loss panel (top) and the distance panel (bottom) sharing their step axis."""
    lx, ly, lxk, lyk = grid.loss_axes
    dx, dy, dxk, dyk = grid.distance_axes
    step_range = [0, max(n_steps, 1)]
    ticks = {"tickfont": {"size": look.font - 2}}
    # Beside the maps, the y tick labels sit inside the panels so that the colour bar never meets them.
    inside = {} if grid.narrow else {"ticklabelposition": "inside"}
    log = {"type": "log", **ticks, "exponentformat": "power", **inside}
    layout = {
        lxk: {"domain": list(grid.side_x), "anchor": ly, "range": step_range, **ticks, "matches": dx},
        lyk: {"domain": list(grid.loss_y), "anchor": lx, **log},
        dxk: {
            "domain": list(grid.side_x),
            "anchor": dy,
            "range": step_range,
            "title": {"text": "step", "font": {"size": look.font - 2}},
            **ticks,
        },
        dyk: {"domain": list(grid.distance_y), "anchor": dx, **log, **log_ticks(distance_range)},
    }
    layout[lxk]["showticklabels"] = False
    if loss_range is not None:
        layout[lyk].update(range=loss_range, **log_ticks(loss_range))
    return layout


def side_titles(grid: Grid, loss_title: str, look: Look, has_minima: bool) -> list[dict]:
    """Panel titles above the panels rather than along the axes: a narrow page keeps room for the ticks."""
    titles = [
        domain_annotation(
            text, axes[:2], x=0, y=1, xanchor="left", yanchor="bottom", font={"size": look.font - 1}
        )
        for axes, text in (
            (grid.loss_axes, loss_title + " (log)"),
            (grid.distance_axes, "distance to nearest minimum (log)"),
        )
    ]
    if not has_minima:
        titles.append(domain_annotation("no known minimum", grid.distance_axes[:2], font={"size": look.font}))
    return titles


@dataclass(frozen=True)
class Heights:
    """Heights in pixels: a panel is about as tall as its share of a 1,000 px wide figure allows at equal
    aspect; the slider and the legend sit at fixed pixel distances below the plots."""

    figure: int
    margin_top: int
    margin_bottom: int
    slider_y: float
    legend_y: float

    @staticmethod
    def of(grid: Grid, window, *, presenter: bool, title: bool, height: int | None) -> "Heights":
        (x_min, x_max), (y_min, y_max) = window
        aspect = (y_max - y_min) / (x_max - x_min)
        if grid.narrow:  # a phone: about 340 px of plot width, the maps take the share of height ``map_y``
            maps_px = grid.rows * (340 * grid.panel_width * aspect + 50)
            default = int(max(maps_px / (grid.map_y[1] - grid.map_y[0]), 560)) + 270
        else:
            panel_px = 1000 * grid.panel_width * aspect
            default = int(np.clip(grid.rows * (panel_px + 70), 380, 660)) + 270 + (80 if presenter else 0)
        figure = height or default
        top = 60 + (30 if title else 0) + (20 if presenter else 0)
        bottom = 210 + (40 if presenter else 0)
        plot_px = max(figure - top - bottom, 100)
        scale = 1.25 if presenter else 1.0
        return Heights(figure, top, bottom, -60 * scale / plot_px, -150 * scale / plot_px)


def page_layout(
    heights: Heights, look: Look, builder: FigureBuilder, updatemenus, sliders, narrow=False
) -> dict:
    """Size, fonts, legend and the collected images, annotations and shapes (narrower margins on a phone)."""
    left, right = (44, 8) if narrow else (60, 20)
    return {
        "height": heights.figure,
        "margin": {"l": left, "r": right, "t": heights.margin_top, "b": heights.margin_bottom},
        "font": {"size": look.font, "family": FONT_FAMILY},
        "plot_bgcolor": BACKGROUND,
        "paper_bgcolor": BACKGROUND,
        "hovermode": "closest",
        "dragmode": "pan",
        "legend": {
            "orientation": "h",
            "x": 0.0,
            "y": heights.legend_y,
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


def _start_points(lanes, start) -> np.ndarray:
    """The start markers: as given, or the lanes' distinct finite first points."""
    start = points(start)
    if len(start) or not lanes:
        return start
    firsts = np.array([np.asarray(lane.positions, float)[0] for lane in lanes])
    return np.unique(firsts[np.all(np.isfinite(firsts), axis=1)], axis=0)


def _side_panels(builder, grid: Grid, lanes, look: Look, *, minima, min_loss) -> dict:
    """The loss and distance panels' curves, titles and axes (returned as layout entries)."""
    loss_title, loss_range, distance_range = add_loss_panels(
        builder,
        lanes,
        minima=minima,
        loss_axes=grid.loss_axes[:2],
        distance_axes=grid.distance_axes[:2],
        look=look,
        min_loss=min_loss,
    )
    builder.annotations.extend(side_titles(grid, loss_title, look, len(minima) > 0))
    return side_axes_layout(grid, n_steps_of(lanes), look, loss_range, distance_range)


def _draw_maps(
    builder,
    grid: Grid,
    landscape: Landscape,
    lanes,
    look: Look,
    *,
    start,
    minima,
    pick_grid,
    theory,
    marks,
    inspect,
):
    """Landscape, lanes, markers and overlays of every map panel."""
    window, n_steps = landscape.window, n_steps_of(lanes)
    map_axes = grid.map_axes
    # Small panels get a smaller image and a coarser pick grid: the same pixels on screen, fewer bytes.
    source = landscape.image_uri(None if grid.n_maps == 1 else 320)
    pick = pick_grid if grid.n_maps == 1 else min(pick_grid, 16)
    for axes in map_axes:
        add_landscape(builder, landscape, axes[:2], source=source, pick_grid=pick)
        if grid.n_maps == 1:
            builder.add(colorbar_trace(landscape, axes[:2], look, grid.map_right + 0.005, span=grid.map_y))
    if theory is not None:  # on the first panel only: the same lines in every small panel are clutter
        add_theory(builder, theory, window, map_axes[0][:2], look, legend=True)
    drawn = [[] for _ in map_axes]
    for index, lane in enumerate(lanes):
        panel = index if grid.n_maps > 1 else 0
        drawn[panel].append(add_lane(builder, lane, index, map_axes[panel][:2], look, n_steps, window))
    for k, axes in enumerate(map_axes):
        add_start_and_minima(builder, axes[:2], look, start=start, minima=minima, legend=k == 0)
        add_marked_points(builder, marks, axes[:2], look, legend=k == 0)
        add_moving_markers(builder, drawn[k], axes[:2], look)
    if inspect is not None and lanes:
        panel = inspect.lane if grid.n_maps > 1 and 0 <= inspect.lane < grid.n_maps else 0
        colour = lanes[inspect.lane].style.color if 0 <= inspect.lane < len(lanes) else "#000000"
        add_inspect(builder, inspect, colour, window, map_axes[panel][:2], look, legend=True)


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
    marks=(),
    narrow: bool = False,
) -> dict:
    """The animated contour map with every lane's path, and (``side_panels``) loss and distance panels, as
    a plain plotly figure dict (``data``, ``layout``, ``frames``) ready for ``ui.chart`` or the export.

    ``layout="overlay"``: all paths on one map; ``"multiples"``: one panel per lane, same axes and colours.
    Play/Pause, speed buttons and a scrub slider move every panel together. ``minima (m, 2)`` and ``start``
    (one point or ``(k, 2)``; default: the lanes' first points) get markers with legend entries.
    ``min_loss`` is the known minimum value f* (the loss panel then shows ``loss - f*``). ``initial``: open
    on the last frame ("end", the full paths) or the first ("start"). ``title`` is user text (escaped).
    ``narrow``: one column for a phone (the loss and distance panels below the maps). ``marks``: extra
    :class:`viz.markers.MarkedPoint` s (for example the minimum of a regularised loss).

    ``frames`` holds at most ``max_frames`` frames of group "steps" (one per shown step; the slider's labels
    are their steps) and the small base frames they build on (group "base"). ``chunks`` sets the static
    traces per path (default ``DEFAULT_CHUNKS``): more chunks, fewer bytes but more plotly.js work per frame.
    Traces named "landscape" are the invisible pick grid (click a point to choose a start).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    if initial not in ("end", "start"):
        raise ValueError(f"initial must be 'end' or 'start', got {initial!r}")
    lanes, look, window = check_lanes(lanes), Look.of(presenter), landscape.window
    minima, n_steps = points(minima), n_steps_of(lanes)
    n_maps = len(lanes) if layout == "multiples" and lanes else 1
    grid = Grid.of(n_maps, window, layout=layout, side_panels=side_panels, presenter=presenter, narrow=narrow)

    builder = FigureBuilder()
    steps = frame_steps(n_steps, max_frames) if lanes else np.array([0])
    # A chunk boundary where each diverged path left the view for good: the chunks after it are drawn faint.
    exits = [step for step in (left_view_at(lane, window) for lane in lanes) if step is not None]
    builder.bounds = np.union1d(chunk_bounds(n_steps, chunks or DEFAULT_CHUNKS), exits).astype(int)
    builder.fine_bounds = refine_bounds(builder.bounds, fine_chunks(len(builder.bounds) - 1, len(steps)))
    overlays = {"theory": theory, "marks": list(marks or ()), "inspect": inspect}
    _draw_maps(
        builder,
        grid,
        landscape,
        lanes,
        look,
        start=_start_points(lanes, start),
        minima=minima,
        pick_grid=pick_grid,
        **overlays,
    )
    layout_dict = map_axes_layout(grid, window, look)
    builder.annotations.extend(panel_titles(grid, lanes, look))
    if side_panels:
        layout_dict.update(_side_panels(builder, grid, lanes, look, minima=minima, min_loss=min_loss))

    heights = Heights.of(grid, window, presenter=presenter, title=bool(title), height=height)
    frames, updatemenus, sliders = [], [], []
    if lanes:
        frames, updatemenus, sliders = animate(
            builder, steps, look, initial=initial, slider_y=heights.slider_y, speed_x=1.0
        )
    if landscape.notice:
        builder.annotations.append(
            domain_annotation(
                landscape.notice, ("x", "y"), font={"size": look.font}, bgcolor="rgba(255,255,255,0.85)"
            )
        )
    layout_dict.update(page_layout(heights, look, builder, updatemenus, sliders, narrow=grid.narrow))
    if title:
        layout_dict["title"] = {"text": plain(title), "x": 0.0, "font": {"size": look.font + 2}}
    return {"data": builder.data, "layout": layout_dict, "frames": frames}
