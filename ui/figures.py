"""The one place where the pages meet the plotting layer (viz/): plain arrays in, figures out, cached.

A figure is named by a plain key, ``FigureKey``; building it reads the cached trajectories and hands plain
arrays (:mod:`playground.picture`) to viz. The contour map is the canvas player's message
(:func:`player_message`, drawn by :mod:`ui.map_player`; the Welcome preview and the HTML export are the
same player); the 3D view and its loss figure are Plotly figure dicts, kept per key so that a rerun that
draws nothing new costs nothing here, and handed to Streamlit by :mod:`ui.chart`.
"""

from __future__ import annotations

import dataclasses
import os

import streamlit as st

from playground import compute, describe
from playground.inspect import step_view
from playground.keys import lane_from_key
from playground.picture import PathArrays, path_arrays
from ui import cache, map_player
from ui.chart import plotly_chart
from viz import figures, landscape, player, theme
from viz.palette import LaneStyle
from viz.palette import lane_style as _lane_style

MAP_VARIABLE = "PLAYGROUND_MAP"  # "none": the page without its map, the benchmark's chart-free shell
LANDSCAPE_RESOLUTION = 160
CONFIG = {"scrollZoom": False}


@dataclasses.dataclass(frozen=True)
class FigureKey:
    """Everything a figure depends on, as plain values (hashable: the figure cache's key)."""

    surface: tuple  # playground.keys.surface_key
    lanes: tuple  # playground.picture.lanes_key
    steps: int
    average: str | None
    layout: str
    inspect: tuple[int, int] | None  # (lane, step) whose gradient and step are drawn as arrows
    presenter: bool
    narrow: bool = False  # the map's one-column layout for a phone


def lane_style(index: int, color: str | None = None) -> LaneStyle:
    """Colour, dash and marker of lane ``index`` (``color`` overrides the palette's colour)."""
    return _lane_style(index, color)


@st.cache_data(max_entries=32, ttl=cache.TTL, show_spinner=False)  # about 0.5 MB each
def _landscape(surface_key: tuple):
    return landscape.compute(cache.surface(surface_key), resolution=LANDSCAPE_RESOLUTION)


def _runs(key: FigureKey) -> list:
    return [
        cache.trajectory(key.surface, lane, start, key.steps, key.average) for lane, start, _, _ in key.lanes
    ]


def _lane_paths(paths: list[PathArrays]) -> list:
    return [
        figures.LanePath(
            label=p.title,
            positions=p.positions,
            losses=p.losses,
            style=lane_style(p.index, p.color),
            diverged_at=p.diverged_at,
            average=p.average,
            average_losses=p.average_losses,
            average_name=p.average_name,
            left_domain=p.left_domain,
        )
        for p in paths
    ]


def _arrows(key: FigureKey, runs: list):
    if key.inspect is None:
        return None
    index, step = key.inspect
    view = step_view(lane_from_key(key.lanes[index][0]), runs[index], step)
    return figures.InspectArrows(
        lane=index, step=view.step, position=view.position, gradient=view.grad, update=view.update
    )


def _map_parts(key: FigureKey) -> dict:
    """What the map and the loss figure take, from the cached surface, trajectories and theory."""
    surface = cache.surface(key.surface)
    return map_parts(surface, key.lanes, _runs(key), key.average, cache.theory(key.surface))


def map_parts(surface, lanes: tuple, runs: list, average: str | None, theory) -> dict:
    """The map's inputs for viz (paths, minima, f*, the theory's overlay, marks) from a ``surface``, its
    ``lanes`` (:func:`playground.picture.lanes_key`) and their ``runs``; uncached (the gallery's cards)."""
    minima = surface.minima
    overlay = None
    if theory is not None:
        overlay = figures.TheoryOverlay(
            minimum=theory.minimum,
            eigenvectors=theory.eigenvectors,
            eigenvalues=theory.eigenvalues,
            condition_number=theory.condition_number,
        )
    return {
        "runs": runs,
        "paths": _lane_paths(path_arrays(lanes, runs, average, surface)),
        "minima": minima,
        "min_loss": float(surface.value(minima[0])) if len(minima) else None,
        "theory": overlay,
        "marks": [
            figures.MarkedPoint(point, f"minimum with L2 {decay:g}: f + ({decay:g}/2)·‖θ‖²")
            for decay, point in compute.l2_minima(surface, [lane_from_key(k[0]) for k in lanes])
        ],
    }


def build(kind: str, key: FigureKey) -> dict:
    """Figure ``kind`` ("3d" or "loss": the 3D view's two figures) of ``key``; trajectories come from the
    cache."""
    if kind not in ("3d", "loss"):
        raise ValueError(f"kind must be '3d' or 'loss' (the map is the player's), got {kind!r}")
    parts = _map_parts(key)
    paths, minima, min_loss = parts["paths"], parts["minima"], parts["min_loss"]
    if kind == "3d":
        return figures.surface3d_figure(
            _landscape(key.surface), paths, presenter=key.presenter, minima=minima
        )
    step = key.inspect[1] if key.inspect else None
    return figures.loss_figure(paths, minima=minima, step=step, presenter=key.presenter, min_loss=min_loss)


def map_drawing() -> str:
    """Whether the contour view is drawn: "canvas" (the player), or "none" when ``PLAYGROUND_MAP=none`` is
    in the server's environment (the chart-free page the benchmark measures the map against)."""
    return "none" if os.environ.get(MAP_VARIABLE, "").strip().lower() == "none" else "canvas"


def map_height(key: FigureKey, screen=None) -> int:
    """The map's height in pixels: its natural height (:func:`viz.player.map_height`), fitted to the rest of
    the ``screen`` the browser reported (:func:`viz.theme.fitted_height`); a phone's small multiples start
    from their phone height (one map keeps its own)."""
    window = cache.surface(key.surface).window
    narrow = key.narrow and key.layout == "multiples"
    natural = player.map_height(
        window, len(key.lanes), presenter=key.presenter, layout=key.layout, narrow=narrow
    )
    return theme.fitted_height(natural, screen)


def player_message(
    key: FigureKey,
    *,
    step: int,
    lane: int,
    height: int | None = None,
    screen=None,
    clickable: bool = True,
    opening: int = 0,
) -> bytes:
    """The map of ``key`` as the canvas player's message (:mod:`viz.player`), one map or small multiples
    (``key.layout``), showing ``step``, with the inspector's ``lane`` and step ringed in that lane's map (and
    its arrows when ``key.inspect`` is set); ``lane=-1``: no ring. ``clickable``: a click picks the start.
    ``opening``: the page's count of scene openings (the player restarts at ``step`` when it changes).

    Not cached: from the cached trajectories and landscape it takes a few milliseconds at 6 x 1,000.
    """
    parts = _map_parts(key)
    arrows = _arrows(key, parts["runs"])
    inspect_step = key.inspect[1] if key.inspect else step
    return player.payload(
        _landscape(key.surface),
        parts["paths"],
        minima=parts["minima"],
        min_loss=parts["min_loss"],
        theory=parts["theory"],
        marks=parts["marks"],
        presenter=key.presenter,
        height=height or map_height(key),
        step=step,
        inspected=player.Inspected(lane=lane, step=inspect_step, arrows=arrows),
        font=theme.presenter_font(screen) if key.presenter else None,
        layout=key.layout,
        words=dataclasses.asdict(map_text(key, parts)),
        clickable=clickable,
        opening=opening,
    )


def map_text(key: FigureKey, parts: dict) -> describe.MapText:
    """The map of ``key`` in words (:func:`playground.describe.map_text`): the canvas's text alternative."""
    surface = cache.surface(key.surface)
    return describe.map_text(
        surface.title,
        [title for _, _, _, title in key.lanes],
        parts["runs"],
        f_min=parts["min_loss"],
        layout=key.layout,
        surface=surface,
    )


def player_chart(message: bytes, *, key: str, on_click=None, on_step=None) -> None:
    """Draw a player message (see :func:`ui.map_player.map_player`)."""
    map_player.map_player(message, key=key, on_click=on_click, on_step=on_step)


@st.cache_resource(max_entries=12, ttl=cache.TTL, show_spinner=False)  # at most about 5 MB each
def figure_dict(kind: str, key: FigureKey) -> dict:
    """:func:`build`, once per key and shared read-only.

    A rerun that changes nothing drawn (the inspector's table, a share link) or returns to a previous
    setting then costs nothing here.
    """
    return build(kind, key)


def chart(spec: dict, key: str, **kwargs) -> None:
    """Draw the figure dict ``spec`` (``kwargs``: the selection options of :func:`ui.chart.plotly_chart`)."""
    plotly_chart(spec, key=key, config=CONFIG, **kwargs)


def watch_message(key: FigureKey, height: int | None = None) -> bytes:
    """The map of ``key`` to watch, not to edit (the Welcome preview, the export): on its full paths, no
    inspector's ring or arrows, clicks ignored."""
    shown = dataclasses.replace(key, inspect=None)
    return player_message(shown, step=key.steps, lane=-1, height=height, clickable=False)


def standalone_html(key: FigureKey, *, title: str, formula: str = "", caption: str = "", notes=()) -> str:
    """The map of ``key`` as one HTML file that plays offline: the canvas player's own script and message
    (:func:`ui.map_player.page`), with ``title``, ``formula``, a scene's ``caption`` and plain ``notes``."""
    return map_player.page(watch_message(key), title=title, formula=formula, caption=caption, notes=notes)
