"""The compute budget of a rerun: what a page state will cost, known before any work starts.

A state's cost is estimated from plain values only (no surface is built, no step is taken):

.. math::

    T = \\sum_{\\text{lanes}} S \\,\\bigl(t_{\\text{opt}} + n_{\\text{eval}}\\, t_{\\text{eval}}(f)
        + n_{\\text{hess}}\\, t_{\\text{hess}}(f) + t_{\\text{noise}} + t_{\\text{figure}}\\bigr)

for ``S`` steps: the optimizer's own work per step ``t_opt``, ``n_eval`` evaluations of value and gradient
(one for first-order methods, more for L-BFGS's line search), ``n_hess`` Hessians (one for Newton), the noise
draw, and drawing the step in the figure. For a custom formula the evaluation and Hessian times grow with its
size (autograd traces every operation at every call). The factors were measured on the 2-core build machine
by ``benchmarks/budget.py``, which also prints predicted against measured times.

:func:`plan` turns an estimate into a decision: run everything, cut the steps (with a notice that says what
was cut and how to get the full run), or refuse. The budget is one number of seconds:
:data:`DEFAULT_SECONDS` for a shared server, raised with the environment variable
``PLAYGROUND_BUDGET_SECONDS`` by whoever runs the app on their own machine; the command line has its own,
larger default (:data:`CLI_SECONDS`) through the same code.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import optimizers
import surfaces
from playground.state import CUSTOM, Lane, PlaygroundState
from surfaces import expression

ENVIRONMENT_VARIABLE = "PLAYGROUND_BUDGET_SECONDS"
DEFAULT_SECONDS = 4.0  # estimated seconds a rerun may cost on a shared server
CLI_SECONDS = 600.0  # the command line's limit (one person's own machine)
# The estimate can be wrong (a line search that keeps trying, a loaded machine): the run loop stops a lane
# once the rerun has used this much more CPU time than the budget allows.
DEADLINE_FACTOR = 1.25
MIN_STEPS = 10  # fewer steps than this show nothing worth seeing: refuse instead

# ---- factors measured by benchmarks/budget.py: the block it prints, pasted (2-core build machine, CPU
# time of the process, one BLAS thread; 2026-12-07 21:30 UTC, load 14-18 from other jobs) ----
# Seconds per recorded step of each optimizer's own work (the loop, the update, the recording).
STEP_SECONDS = {
    "sgd": 8.38e-06,
    "momentum": 9.82e-06,
    "nesterov": 1.04e-05,
    "adagrad": 8.31e-06,
    "rmsprop": 1.45e-05,
    "adadelta": 1.38e-05,
    "adam": 1.54e-05,
    "adamw": 2.16e-05,
    "adamax": 1.08e-05,
    "nadam": 1.8e-05,
    "radam": 3.86e-05,
    "rprop": 1.37e-05,
    "asgd": 1.42e-05,
    "adafactor": 2.26e-05,
    "lion": 1.01e-05,
    "schedule_free_sgd": 2.27e-05,
    "schedule_free_adamw": 2.77e-05,
    "prodigy": 5.45e-05,
    "newton": 5.21e-05,
    "lbfgs": 3.12e-05,
}
UNKNOWN_STEP_SECONDS = 1e-04  # an optimizer added later and not yet measured: assume a slow one
# Seconds of one value + gradient, and of one Hessian, of each built-in surface at one point.
EVAL_SECONDS = {
    "ravine": 2.67e-06,
    "saddle": 3.9e-06,
    "rosenbrock": 3.25e-06,
    "beale": 1.22e-05,
    "himmelblau": 6.86e-06,
    "booth": 4.94e-06,
    "rastrigin": 5.81e-06,
    "ackley": 1.09e-05,
    "six_hump_camel": 6.87e-06,
    "styblinski_tang": 6.81e-06,
    "goldstein_price": 2.61e-05,
    "linear_regression": 4.5e-06,
    "logistic_regression": 1.45e-05,
}
HESSIAN_SECONDS = {
    "ravine": 6.69e-07,
    "saddle": 1.36e-06,
    "rosenbrock": 3.45e-06,
    "beale": 1.2e-05,
    "himmelblau": 5.1e-06,
    "booth": 7.31e-07,
    "rastrigin": 3.17e-06,
    "ackley": 1.24e-05,
    "six_hump_camel": 2.5e-06,
    "styblinski_tang": 2.54e-06,
    "goldstein_price": 1.68e-05,
    "linear_regression": 7.18e-07,
    "logistic_regression": 1.25e-05,
}
UNKNOWN_EVAL_SECONDS = 6e-05
# A custom formula: a + b * nodes (expression.size), for value + gradient and for the Hessian (autograd).
FORMULA_EVAL_SECONDS = (1.22e-05, 9.88e-06)
FORMULA_HESSIAN_SECONDS = (0.000853, 6.37e-05)
# L-BFGS with strong-Wolfe: trial points per step (each a value and a gradient). The means measured with
# noise were 1.5-2.9 on the built-ins and 1.7 on the 500-character formula (6.9 once on a wigglier noisy
# formula); the built-ins' largest mean is priced, so that every one of them is within a factor 2, and the
# CPU deadline (DEADLINE_FACTOR) ends a search that keeps trying.
LINE_SEARCH_EVALS = 3.0
NOISE_SECONDS = 1.5e-06
# The server's map per lane-step, by layout: the paths, the player's message and the map in words (the
# canvas player; the landscape is cached per surface). The 3D view costs about what the overlay does.
FIGURE_SECONDS = {"overlay": 2.4e-07, "multiples": 1.8e-07}
AVERAGE_FIGURE_SECONDS = 7.8e-08


@dataclass(frozen=True)
class Estimate:
    """Estimated seconds of a request: per step (all lanes or configurations together), and for its whole
    run. ``fixed_seconds`` is work that does not grow with the steps (a network's checkpoints, its figures);
    the Playground has none."""

    steps: int
    compute_per_step: float
    figure_per_step: float
    fixed_seconds: float = 0.0

    @property
    def per_step(self) -> float:
        return self.compute_per_step + self.figure_per_step

    @property
    def compute_seconds(self) -> float:
        return self.steps * self.compute_per_step + self.fixed_seconds

    @property
    def seconds(self) -> float:
        return self.steps * self.per_step + self.fixed_seconds


@dataclass(frozen=True)
class Plan:
    """What to run for a state: ``steps`` (the requested ones or fewer), or nothing when ``refused``.

    ``notice`` says what was cut or refused and how to get the full run (None when everything runs);
    ``deadline_seconds`` is the CPU time after which the run loop stops the rerun's lanes.
    """

    steps: int
    requested_steps: int
    estimate: Estimate
    budget_seconds: float
    deadline_seconds: float
    notice: str | None = None
    refused: bool = False

    @property
    def cut(self) -> bool:
        return not self.refused and self.steps < self.requested_steps


def budget_seconds(environ: Mapping[str, str] | None = None, default: float = DEFAULT_SECONDS) -> float:
    """The budget in seconds: ``PLAYGROUND_BUDGET_SECONDS`` when it is a positive number, else ``default``."""
    text = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE, "")
    try:
        value = float(text)
    except ValueError:
        return default
    return value if math.isfinite(value) and value > 0 else default


def lane_step_seconds(
    lane: Lane, surface: str, formula: str = "", *, line_search_evals: float = LINE_SEARCH_EVALS
) -> float:
    """Estimated seconds of one step of ``lane`` on the surface named ``surface`` (``formula`` if custom).

    ``line_search_evals`` is the mean number of L-BFGS's strong-Wolfe trials per step to price (at most
    ``max_eval - 1``); a page whose runs are measured to search less passes its own figure."""
    if surface == CUSTOM:
        nodes = expression.size(formula)
        eval_seconds = FORMULA_EVAL_SECONDS[0] + FORMULA_EVAL_SECONDS[1] * nodes
        hessian_seconds = FORMULA_HESSIAN_SECONDS[0] + FORMULA_HESSIAN_SECONDS[1] * nodes
    else:
        eval_seconds = EVAL_SECONDS.get(surface, UNKNOWN_EVAL_SECONDS)
        hessian_seconds = HESSIAN_SECONDS.get(surface, UNKNOWN_EVAL_SECONDS)
    evaluations, hessians = 1.0, 0.0
    if lane.optimizer == "newton":
        hessians = 1.0
    if lane.optimizer == "lbfgs" and lane.hyperparams.get("line_search_fn") == "strong_wolfe":
        max_eval = int(lane.hyperparams.get("max_eval", 25))
        evaluations += min(max(max_eval - 1, 0), line_search_evals)
    seconds = STEP_SECONDS.get(lane.optimizer, UNKNOWN_STEP_SECONDS)
    seconds += evaluations * eval_seconds + hessians * hessian_seconds
    if lane.noise > 0:
        seconds += NOISE_SECONDS
    return seconds


def estimate(state: PlaygroundState, steps: int | None = None) -> Estimate:
    """The estimated cost of ``state`` (with ``steps`` steps instead of its own, if given)."""
    compute = sum(lane_step_seconds(lane, state.surface, state.expression) for lane in state.lanes)
    figure = FIGURE_SECONDS.get(state.layout, max(FIGURE_SECONDS.values()))
    if state.average is not None:
        figure += AVERAGE_FIGURE_SECONDS
    return Estimate(
        steps=state.steps if steps is None else int(steps),
        compute_per_step=compute,
        figure_per_step=figure * len(state.lanes),
    )


def plan(state: PlaygroundState, seconds: float | None = None, *, where: str = "server") -> Plan:
    """Run all of ``state``, cut its steps to fit ``seconds`` (default :func:`budget_seconds`), or refuse.

    ``where`` names the limit in the notice ("server" or "command line"); see :func:`decide`.
    """
    return decide(
        estimate(state),
        seconds,
        what=f"{_lanes_text(state.lanes)} × {state.steps:,} steps on {_surface_text(state)}",
        advice="Use fewer lanes, a cheaper optimizer or a shorter formula",
        where=where,
    )


def decide(
    full: Estimate,
    seconds: float | None = None,
    *,
    what: str,
    advice: str,
    where: str = "server",
    unit: str = "steps",
    cut_text: str | None = None,
    cut_seconds: Callable[[int], float] | None = None,
) -> Plan:
    """Any page's rule: run all ``full.steps`` steps, cut them to fit ``seconds``, or refuse.

    ``what`` names the request ("6 L-BFGS lanes × 5,000 steps on Rosenbrock"), ``advice`` how to make it
    cheaper. ``unit`` is what ``full.steps`` counts (steps, or a lesson's points); ``cut_text`` says what a
    cut shows (formatted with ``steps``; default "showing the first N steps"). Cut steps are a round number
    (1, 2 or 5 times a power of ten) so that a shared link shows the same cut on every machine with the same
    budget; fewer than :data:`MIN_STEPS` are refused. ``where`` names the limit: on the "server" the notice
    says how to run it in full locally; elsewhere ("command line") a request over the limit is refused
    with what it would cost. ``cut_seconds(steps)``: the estimated seconds of a run cut to ``steps``, when
    its fixed part shrinks with the steps (a network's checkpoints); default ``full``'s per step and fixed.
    """
    seconds = budget_seconds() if seconds is None else float(seconds)
    requested = full.steps
    deadline = seconds * DEADLINE_FACTOR
    if full.seconds <= seconds:
        return Plan(requested, requested, full, seconds, deadline)
    room = seconds - full.fixed_seconds
    affordable = round_down(room / full.per_step) if full.per_step > 0 and room > 0 else 0
    affordable = min(affordable, requested)
    if cut_seconds is not None:  # the most round steps whose own run fits
        affordable = round_down(requested - 1) if requested > 1 else 0
        while affordable >= MIN_STEPS and cut_seconds(affordable) > seconds:
            affordable = round_down(affordable - 1)
    cost = cost_text(full.seconds, seconds, where)
    full_run = full_run_text(full.seconds, where)
    if where != "server":  # one person's own run: say what it costs rather than cut it
        return Plan(0, requested, full, seconds, deadline, f"{what} would take {cost}; {full_run}", True)
    if affordable < MIN_STEPS:
        notice = f"{what} would take {cost}, even cut to {MIN_STEPS} {unit}. {advice}, or {full_run}."
        return Plan(0, requested, full, seconds, deadline, notice, refused=True)
    shown = (cut_text or f"showing the first {{steps:,}} {unit}").format(steps=affordable)
    notice = f"{what} would take {cost}: {shown}. For the full run, {full_run}."
    return Plan(affordable, requested, full, seconds, deadline, notice)


def cost_text(full_seconds: float, seconds: float, where: str = "server") -> str:
    """A notice's middle on every page: "about 12 s of computing, more than this server's budget of 4 s"."""
    return (
        f"about {duration(full_seconds)} of computing, more than this {where}'s budget of {duration(seconds)}"
    )


def full_run_text(full_seconds: float, where: str = "server") -> str:
    """How to get a run estimated at ``full_seconds`` in full (the budget to set, a fifth above it)."""
    needed = math.ceil(full_seconds * 1.2)
    if where == "server":
        return f"run it locally (`make run`) with {ENVIRONMENT_VARIABLE}={needed}"
    return f"allow it with --budget {needed}"


def duration(seconds: float) -> str:
    """Seconds as a reader says them: "0.4 s", "4.5 s", "12 s", "3 min", "2.5 h"."""
    if seconds < 10:
        return f"{seconds:.2g} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 36000 else f"{seconds / 3600:,.0f} h"


def round_down(steps: float) -> int:
    """The largest of 1, 2, 5, 10, 20, 50, ... not above ``steps`` (0 below 1): a cut that reads the same
    on every machine with the same budget."""
    if steps < 1:
        return 0
    power = 10 ** math.floor(math.log10(steps))
    return int(max(m * power for m in (1, 2, 5) if m * power <= steps))


_round_down = round_down  # the earlier name


def _lanes_text(lanes) -> str:
    counts = Counter(lane.optimizer for lane in lanes)
    parts = []
    for name, count in counts.items():
        try:
            title = optimizers.spec(name).title
        except KeyError:
            title = name
        parts.append(f"{count} {title} lane{'s' if count > 1 else ''}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _surface_text(state: PlaygroundState) -> str:
    if state.surface == CUSTOM:
        return "a custom formula"
    try:
        return surfaces.spec(state.surface).title
    except KeyError:
        return state.surface
