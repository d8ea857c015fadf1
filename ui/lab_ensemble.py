"""The Network lab's Ensembles section: configuration 1 trained ``k`` times from other seeds and its
networks' predictions averaged (``ensemble=K``), and the last checkpoints of its own run averaged
(``snapshots=M``), each scored on the validation split against its members (:mod:`training.ensemble`).

The members are priced with the page's training (:func:`training.lab.seconds`: one plan, one budget) and
trained with the page's ``stop``: past the CPU deadline the members trained so far are shown, with a notice.
"""

from __future__ import annotations

import streamlit as st

import training
from training import ensemble, lab
from training.lab import Config
from ui import cache
from ui.params import param_widget
from ui.text import plain, table


def controls(state: lab.LabState, prefix: str) -> tuple[int, int]:
    """The sidebar's two ensemble settings: ``(members, last checkpoints)``, 0 for off. They are drawn
    when their expander is open (opening it is a rerun; it starts open when either is on): closed, the
    state's stand."""
    box = st.expander(
        "Ensembles",
        expanded=bool(state.ensemble or state.snapshots),
        key=prefix + "ensembles",
        on_change="rerun",
    )
    if not box.open:
        return state.ensemble, state.snapshots
    with box:
        members = param_widget(ensemble.MEMBERS, prefix + "ensemble", state.ensemble)
        snapshots = param_widget(ensemble.SNAPSHOTS, prefix + "snapshots", state.snapshots)
    return int(members), int(snapshots)


class _StoppedError(Exception):
    """The deadline ended the ensemble's training: nothing is cached, the members so far are kept here."""

    def __init__(self, result: ensemble.Ensemble):
        super().__init__("stopped")
        self.result = result


# members are scored, not drawn (two checkpoints each): a few hundred kB per entry
@st.cache_resource(max_entries=8, ttl=cache.TTL, show_spinner="Training the ensemble's members…")
def _members(
    spec: training.NetworkSpec, config: Config, steps: int, batch: int, seed: int, k: int, _stop=None
) -> ensemble.Ensemble:
    result = ensemble.train_ensemble(
        spec, lab.optimizer_of(config), steps, k, batch, seed, schedule=lab.schedule_of(config), stop=_stop
    )
    if result.stopped:
        raise _StoppedError(result)
    return result


def _members_part(state: lab.LabState, steps: int, stop) -> None:
    spec, config = lab.network_spec(state, 0), state.configs[0]
    try:
        result = _members(spec, config, steps, state.batch, state.seed, state.ensemble, _stop=stop)
    except _StoppedError as stopped:
        result = stopped.result
        st.warning(
            f"The time limit stopped the ensemble after {len(result.members)} of its {state.ensemble} "
            "members; the table shows those that finished.",
            icon=":material/timer:",
        )
    except ValueError as error:
        st.error(plain(f"The ensemble cannot train: {error}."), icon=":material/block:")
        return
    if result.scores is None:
        return
    count = len(result.members)
    seeds = f"seed {state.seed}" if count == 1 else f"seeds {state.seed} to {state.seed + count - 1}"
    st.markdown(f"**{count} network{'s' if count > 1 else ''} from {seeds}**")
    names = [f"member {i + 1} (seed {state.seed + i})" for i in range(count)]
    table(ensemble.score_rows(result.scores, names))
    st.info(plain(ensemble.verdict(result.scores, "networks")), icon=":material/groups:")


def _snapshots_part(state: lab.LabState, run: training.Run | None) -> None:
    if run is None or run.diverged_at is not None:
        st.caption("No checkpoint ensemble: configuration 1 has no finished run to take checkpoints from.")
        return
    last = min(state.snapshots, len(run.params))
    scores = ensemble.checkpoint_ensemble(run, lab.network_spec(state, 0), last)
    steps = [int(s) for s in run.checkpoint_steps[-last:]]
    st.markdown(f"**The last {last} checkpoints of configuration 1 (steps {steps[0]} to {steps[-1]})**")
    st.info(plain(ensemble.snapshot_verdict(scores)), icon=":material/history:")
    with st.expander(f"Each of the {last} checkpoints"):
        table(ensemble.score_rows(scores, [f"step {s}" for s in steps]))


def section(state: lab.LabState, steps: int, stop, run: training.Run | None) -> None:
    """The section, when ``state`` asks for either ensemble; ``steps``: the plan's (the budget may have cut
    them), ``run``: configuration 1's run (``None`` if it could not run)."""
    if not (state.ensemble or state.snapshots):
        return
    st.subheader("Ensembles of configuration 1")
    st.caption(
        "An ensemble predicts the average of its networks' class probabilities (the output itself for "
        "regression). Its validation loss is never above its members' mean (the loss is convex); how far "
        "below, and what it does to the accuracy, is measured here."
    )
    if state.ensemble:
        _members_part(state, steps, stop)
    if state.snapshots:
        _snapshots_part(state, run)
