"""Below the map: the quadratic theory with its snap button, and the inspector of one step of one lane.

The inspector's step follows the map player's scrubber: when playback pauses or the scrubber is released,
the player reports the step it shows (:func:`follow_map`), and a move of the inspector's own slider moves
the map (:func:`map_step`). It opens on the last step, where the map opens.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import optimizers
from playground import compute, edits
from playground.inspect import (
    arithmetic_latex,
    divergence_note,
    rule_latex,
    step_view,
    table_markdown,
)
from playground.state import PlaygroundState
from ui.lanes import edited_lane
from ui.session import PageModel

LANE = "pg_inspect_lane"
STEP = "pg_inspect_step"
ARROWS = "pg_inspect_arrows"
SNAP_LANE = "pg_snap_lane"
STEPS_SEEN = "pg_inspect_steps"  # the run length the step was chosen for: a step at the end stays at the end
MAP_SHOWN = "pg_map_shown"  # the step the map last reported (0, the start, has no inspector step of its own)


def _lane_option(index: int) -> str:
    # A stable text: Streamlit matches a select box's value by its text, so a text that showed the lane's lr
    # would turn the value into a stale string the moment the lr changes.
    return f"Lane {index + 1}"


def selection(state: PlaygroundState) -> tuple[int, int, bool]:
    """``(lane, step, arrows on)`` as the inspector's widgets hold them, clamped to the current state."""
    lane = edited_lane(LANE, len(state.lanes))
    step = st.session_state.get(STEP, state.steps)
    if not isinstance(step, int) or step == st.session_state.get(STEPS_SEEN, state.steps):
        step = state.steps  # new, or at the end of the previous run length: the end of this one
    step = min(max(int(step), 1), state.steps)
    st.session_state[STEPS_SEEN] = state.steps
    return lane, step, bool(st.session_state.get(ARROWS, False))


def follow_map(step: int | None) -> None:
    """The map player paused or was scrubbed at ``step``: the inspector's step follows (a widget callback,
    so it runs before the slider is drawn)."""
    if step is None:
        return
    st.session_state[MAP_SHOWN] = int(step)
    st.session_state[STEP] = max(int(step), 1)


def map_step(step: int) -> int:
    """The step the map shows for the inspector's ``step``: the map's own report when they agree (the
    start, step 0, is inspected as step 1), else the inspector's step (its slider moved)."""
    shown = st.session_state.get(MAP_SHOWN)
    return shown if isinstance(shown, int) and max(shown, 1) == step else step


def theory_panel(model: PageModel, theory) -> None:
    """The eigenvalues, the stability limit and the tuned heavy ball; snap a lane to it."""
    if theory is None:
        return
    state = model.state
    with st.container(border=True):
        lam = np.sort(np.asarray(theory.eigenvalues, dtype=float))
        st.markdown(
            "**Quadratic theory** (constant Hessian $H$): "
            f"eigenvalues $\\lambda$ = **{lam[0]:.4g}**, **{lam[-1]:.4g}** · "
            f"condition number $\\kappa$ = **{theory.condition_number:.4g}** · "
            "gradient descent is stable only for lr < $2/\\lambda_{\\max}$ = "
            f"**{theory.stability_lr:.4g}** · "
            f"optimal heavy ball: lr = **{theory.heavy_ball_lr:.4g}**, "
            f"momentum = **{theory.heavy_ball_momentum:.4g}**"
        )
        st.caption(
            "Heavy ball optimum: lr = 4/(√λ_max + √λ_min)², momentum = ((√κ − 1)/(√κ + 1))². The dashed "
            "lines on the map are the Hessian's eigenvectors."
        )
        edited_lane(SNAP_LANE, len(state.lanes))
        left, middle, _ = st.columns([2, 2, 3], vertical_alignment="bottom")
        with left:
            target = st.selectbox(
                "Lane to snap", range(len(state.lanes)), format_func=_lane_option, key=SNAP_LANE
            )
        with middle:
            st.button(
                "Snap it to the optimal heavy ball",
                on_click=model.edit,
                args=(edits.snap, int(target), theory),
                key="pg_snap",
            )


def inspector(state: PlaygroundState, trajectories: list, surface=None) -> None:
    """Pick a lane and a step; the numbers that step used, and the rule that ran with them. ``surface``
    (the one drawn) lets a note name where a path ended as the warning and the map do."""
    st.subheader("Inspect one step")
    lane_index, step, _ = selection(state)
    st.session_state[STEP] = step
    columns = st.columns([2, 3, 2])
    with columns[0]:
        st.selectbox("Lane", range(len(state.lanes)), format_func=_lane_option, key=LANE)
    with columns[1]:
        st.slider("Step", 1, max(state.steps, 2), key=STEP)
    with columns[2]:
        st.toggle("Draw gradient and step on the map", key=ARROWS)

    lane, trajectory = state.lanes[lane_index], trajectories[lane_index]
    view = step_view(lane, trajectory, step)
    note = divergence_note(view, None if surface is None else compute.stop_event(trajectory, surface))
    if note:
        st.warning(note)
    left, right = st.columns([2, 3])
    with left:
        st.markdown(table_markdown(lane, view))
    with right:
        st.markdown(f"**{optimizers.spec(lane.optimizer).title}**: the update rule that ran")
        st.latex(rule_latex(lane, view.hyperparams))
        st.latex(arithmetic_latex(view))
