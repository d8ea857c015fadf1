"""The compute budget on a page: the setting, the notice, and a run that stops when nobody waits for it.

The decision itself is pure (:mod:`playground.budget`); this module reads the setting where Streamlit keeps
it, shows the plan's notice, and gives the run loop a ``stop`` that ends a lane once the rerun's CPU time
is spent or its visitor is gone.
"""

from __future__ import annotations

import contextlib
import os
import threading

import streamlit as st

from playground import budget, compute
from ui import fairness

SECRET = "playground_budget_seconds"


def budget_seconds() -> float:
    """The environment variable if set, else the secret ``playground_budget_seconds``, else the default."""
    if budget.ENVIRONMENT_VARIABLE not in os.environ and st.secrets.load_if_toml_exists():
        value = st.secrets.get(SECRET)
        if value is not None:
            return budget.budget_seconds({budget.ENVIRONMENT_VARIABLE: str(value)})
    return budget.budget_seconds()


def plan(state) -> budget.Plan:
    """The plan for ``state`` under this server's budget; shows its notice, and stops the page if refused."""
    return show(budget.plan(state, budget_seconds()))


def show(decision: budget.Plan) -> budget.Plan:
    """Show a plan's notice (any page's: :func:`playground.budget.decide`, the explorer's), and stop the
    page if refused."""
    if decision.refused:
        # the notice is the budget's own wording (registry titles and numbers, never user text)
        st.error(decision.notice, icon=":material/block:")
        st.stop()
    if decision.cut:
        st.warning(decision.notice, icon=":material/timer:")
    return decision


def still_wanted() -> None:
    """Return if this rerun's visitor still waits for it; raise Streamlit's rerun or stop exception if not.

    Streamlit hands a script thread a pending rerun (the visitor changed a widget) or stop (the visitor
    closed the tab) at its next "yield point", the moments it touches Streamlit: reading session state is
    one, and it shows nothing. The exception ends the run loop between two steps and the rerun with it.
    """
    _ = "pg_state" in st.session_state


# A rerun estimated to cost more than this many seconds is expensive: it waits for the server's one slot and
# gives way to other visitors' reruns at every check of the run loop (about every 50 ms), so that the
# visitors of cheap pages are not kept waiting behind it.
EXPENSIVE_SECONDS = 1.0


# One expensive rerun at a time in the whole server: a visitor with many tabs (or many visitors with the
# same idea) queue behind each other instead of taking every core from the cheap pages.
_EXPENSIVE_SLOT = threading.Lock()


@contextlib.contextmanager
def slot(decision: budget.Plan):
    """Hold the server's one slot for expensive reruns while computing (cheap reruns never wait), at low
    priority: at every check of the run loop it gives way to other visitors' reruns (:mod:`ui.fairness`).

    Waiting checks :func:`still_wanted`, so a queued rerun whose visitor leaves ends there.
    """
    if decision.estimate.seconds <= EXPENSIVE_SECONDS:
        yield
        return
    with fairness.low_priority():  # a rerun queued for the slot does not hold up the one computing
        while not _EXPENSIVE_SLOT.acquire(timeout=0.1):
            still_wanted()
        try:
            yield
        finally:
            _EXPENSIVE_SLOT.release()


def _check() -> None:
    """Every check of a run loop: end the rerun if its visitor left; give way if it is an expensive one."""
    still_wanted()
    fairness.give_way(still_wanted)


def stopper(decision: budget.Plan):
    """The run loop's ``stop`` for one rerun: its CPU deadline, and :func:`still_wanted` at every check."""
    # No sleep of its own at a check: an expensive rerun gives way in ``_check`` while others' reruns are
    # under way (ui.fairness), and an unconditional pause at every check (one every 0.05 s of wall time,
    # inside L-BFGS's line search too) only slowed it on a machine busy with other processes: the worst
    # Playground link took 2x as long with two other busy processes, past AppTest's 120 s in a CI run.
    return compute.cpu_deadline(decision.deadline_seconds, also=_check)


def plan_size(size: int, per_unit: float, fixed: float, *, what: str, advice: str, unit: str) -> budget.Plan:
    """Run, cut or refuse a request priced per unit of a size (a lesson's points) under this server's
    budget, with the Playground's rule and wording; shows the notice (see :func:`show`)."""
    full = budget.Estimate(int(size), per_unit, 0.0, fixed)
    cut = f"using {{steps:,}} {unit}"
    decision = budget.decide(full, budget_seconds(), what=what, advice=advice, unit=unit, cut_text=cut)
    return show(decision)


OVERTIME = (
    "This experiment took longer than this server's time limit of {seconds} of computing and was stopped. "
    "Try smaller settings, or run the app locally (`make run`) with {variable} set higher."
)


def interrupter(seconds: float | None = None):
    """A ``stop`` for work that has no use cut short (a lesson page's experiments): False while the visitor
    waits and the rerun is within ``seconds`` of CPU time (default: the budget times the deadline factor);
    past that it says so on the page and ends the rerun, and a visitor who left ends it at once."""
    limit = budget_seconds() * budget.DEADLINE_FACTOR if seconds is None else float(seconds)
    over = compute.cpu_deadline(limit, also=still_wanted)

    def stop(step: int = 0) -> bool:
        if over(step):
            notice = OVERTIME.format(seconds=budget.duration(limit), variable=budget.ENVIRONMENT_VARIABLE)
            st.error(notice, icon=":material/timer_off:")
            st.stop()
        return False

    return stop
