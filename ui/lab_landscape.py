"""The Network lab's landscape section: a run's own path on its own loss plane (:mod:`training.landscape`),
drawn by the Playground's map player (:mod:`viz.path_landscape`).

Computed only when asked (a toggle): the plane costs one loss evaluation over the training set per grid
point, priced beforehand (:func:`training.landscape.seconds`) against what the page's training and
checklists left of the budget; the grid shrinks to fit, or the section says why it draws nothing. The
computation stops with the page's ``stop`` (the CPU deadline, or the visitor leaving).
"""

from __future__ import annotations

import streamlit as st

import datasets
import training
from training import lab
from training import landscape as path_plane
from training.lab import Config
from ui import cache, lecture, map_player
from ui.text import plain
from viz import path_landscape
from viz.theme import format_number

GRIDS = (41, 31, 21, 15, 11)  # points per axis, the finest first: the finest that fits the budget is used
KEY = "nl_landscape"


class _StoppedError(Exception):
    """The deadline ended the plane's computation: nothing is cached."""


@st.cache_data(max_entries=8, ttl=cache.TTL, show_spinner="Computing the loss over the path's plane…")
def _plane(
    spec: training.NetworkSpec, config: Config, steps: int, batch: int, seed: int, grid: int, _run, _stop
) -> path_plane.PathLandscape:
    """The plane of ``_run`` (the run of these settings, which key the cache; the run is not hashed)."""
    _, objective, _ = training.build(spec)  # the full training set, dropout off: the loss as recorded
    try:
        return path_plane.path_landscape(
            objective, _run.params, _run.train_loss + _run.penalty, grid=grid, stop=_stop
        )
    except StopIteration:
        raise _StoppedError from None


def _fitting_grid(spec: training.NetworkSpec, run: training.Run, room: float) -> tuple[int | None, float]:
    """The finest grid whose estimate fits in ``room`` seconds (None: not even the coarsest), and its
    estimate (the coarsest's when none fits)."""
    rows = len(datasets.get(spec.dataset, **dict(spec.dataset_params)).train_inputs)
    price = 0.0
    for grid in GRIDS:
        price = path_plane.seconds(run.architecture, rows, grid, len(run.params))
        if price <= room:
            return grid, price
    return None, price


def section(state: lab.LabState, steps: int, shown, runs, stop, room: float) -> None:
    """The section under the lab's runs: configuration ``shown[i]`` ran as ``runs[i]``; ``room`` is what
    is left of the budget in seconds."""
    st.subheader("The run's path on its own loss landscape")
    on = st.toggle(
        "Draw it",
        key=KEY,
        help="Projects the run's checkpoints on the plane of their two main directions and computes the "
        "training loss over that plane (one pass over the training set per grid point).",
    )
    if not on or not runs:
        st.caption(
            "A network has thousands of weights; its loss landscape cannot be drawn whole. This view takes "
            "the plane in which the training path moved most and draws the loss over it, with the path."
        )
        return
    index = 0
    if len(runs) > 1:
        index = st.radio(
            "Configuration",
            range(len(runs)),
            format_func=lambda i: f"Configuration {shown[i] + 1}",
            horizontal=True,
            key=KEY + "_config",
        )
    run, config_index = runs[index], shown[index]
    if run.diverged_at is not None or len(run.params) < 3:
        st.info("This run diverged or has too few checkpoints to take a plane from.", icon=":material/info:")
        return
    spec, config = lab.network_spec(state, config_index), state.configs[config_index]
    grid, price = _fitting_grid(spec, run, room)
    if grid is None:
        st.info(
            f"Not drawn: the plane would take about {price:.2g} s of computing, more than the "
            f"{max(room, 0):.2g} s the training left in the budget. Try fewer steps or a smaller network.",
            icon=":material/timer:",
        )
        return
    try:
        plane = _plane(spec, config, steps, state.batch, state.seed, grid, _run=run, _stop=stop)
    except _StoppedError:
        st.warning("The time limit stopped the plane's computation: nothing drawn.", icon=":material/timer:")
        return
    label = f"Configuration {config_index + 1}"
    message = path_landscape.message(plane, run.checkpoint_steps, label=label, presenter=lecture.presenter())
    map_player.map_player(message, key=KEY + "_map")
    _honest_words(path_landscape.summary(plane, run.checkpoint_steps), run, grid)


def _honest_words(facts: dict, run: training.Run, grid: int) -> None:
    """What the picture is, and what it misses, in the run's own numbers."""
    every = int(run.checkpoint_steps[1] - run.checkpoint_steps[0]) if len(run.checkpoint_steps) > 1 else 1
    st.markdown(
        plain(
            f"The plane shows {facts['explained']:.1%} of the path's movement (first direction "
            f"{facts['first']:.1%}, second {facts['second']:.1%}, filter-normalised). Under the path, the "
            f"loss drawn differs from the run's recorded training loss by up to "
            f"{format_number(facts['max_gap'])} (at step {facts['max_gap_step']}) and by "
            f"{format_number(facts['final_gap'])} at the end."
        )
    )
    st.caption(
        plain(
            f"Every point of the map is a whole network: the final weights moved along two directions of its "
            f"{run.params.shape[1]:,} weights, the two along which the {facts['checkpoints']} checkpoints "
            f"(one every {every} steps; the player's steps count checkpoints) moved most (principal "
            f"directions of the path, each unit's entries scaled by its final norm as in Li et al. 2018). "
            f"The loss is computed on a {grid} x {grid} grid. What the other directions held is not on the "
            "map: that is the gap above."
        )
    )
