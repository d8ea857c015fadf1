r"""The explorer's compute budget: what a tool will cost, known before any run starts, and what to run.

A tool is many runs of the loop: separate one-point runs (an ensemble's members, a range test, the cells of
an L-BFGS sweep) and vectorised batches of ``k`` points (a basin map's starts and its sample paths, a
sweep's cells), split into ``c`` chunks. Per step of the tool,

.. math::

    t = (r + c)\, t_1 + k\, (t_{\text{point}} + a\, t_{\text{axis}}),
    \qquad t_{\text{point}} = t_{\text{opt}} + t_{\text{grad}}(f) + n_{\text{hess}}\, t_{\text{hess}}(f)
        + t_{\text{settle}} + t_{\text{search}}

for ``r`` one-point runs. :math:`t_1` is the Playground's price of a step at one point
(:func:`playground.budget.lane_step_seconds`: per optimizer, per surface, a formula by its size, L-BFGS's
line search up to ``max_eval``, Newton's Hessian, the noise), with the optimizer's own work at the share
:data:`RUN_SHARE` that an unrecorded run costs; it is also what every call costs a batch before its points
do. :math:`t_{\text{point}}` is the cost of one more point in a batch: the optimizer's vector work, a
gradient (and for Newton a Hessian) per point, which for a formula grows with its size as autograd's array
work does, the labelling of the result, and for L-BFGS with strong Wolfe the line search, which runs point
by point at :math:`t_1`'s price. A sweep's ``a`` swept hyperparameters are arrays, which costs
:math:`t_{\text{axis}}` more per point. The factors are measured on the 2-core build machine, in CPU time,
by ``benchmarks/budget.py``, which prints predicted against measured seconds of ordinary and worst links.

:func:`plan` decides like the Playground's: run all, cut (the tool's size first, down to a floor, then the
steps, to round numbers), or refuse, with a notice that says what was cut and how to get the full run.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import optimizers
import surfaces
from explorer.basins import chunk_size
from explorer.settings import TOOL_TITLES, ExplorerSettings
from playground import budget
from playground.state import CUSTOM, Lane, PlaygroundState
from surfaces import expression

# ---- factors measured by benchmarks/budget.py --explorer, its block pasted (2-core build machine, CPU
# time, one BLAS thread; 2026-12-07 22:05 UTC, load about 28 from other jobs) ----
# Seconds per point-step of each optimizer's own vector work in a batch (on the ravine, its evaluation
# taken out).
BATCH_STEP_SECONDS = {
    "sgd": 4e-09,
    "momentum": 5.9e-09,
    "nesterov": 6.8e-09,
    "adagrad": 8.9e-09,
    "rmsprop": 1.2e-08,
    "adadelta": 1.6e-08,
    "adam": 1.2e-08,
    "adamw": 1.5e-08,
    "adamax": 8.4e-09,
    "nadam": 1.4e-08,
    "radam": 1.5e-08,
    "rprop": 2.5e-08,
    "asgd": 7.3e-09,
    "adafactor": 5.7e-08,
    "lion": 9.4e-09,
    "schedule_free_sgd": 1.2e-08,
    "schedule_free_adamw": 2e-08,
    "prodigy": 9e-08,
    "newton": 2e-07,
    "lbfgs": 7.3e-07,
}
UNKNOWN_BATCH_STEP_SECONDS = 1e-06
# Seconds per point of a gradient, and of a Hessian, of each built-in surface in a batch.
BATCH_EVAL_SECONDS = {
    "ravine": 4.8e-09,
    "saddle": 2.2e-09,
    "rosenbrock": 2.8e-09,
    "beale": 1.1e-08,
    "himmelblau": 5.1e-09,
    "booth": 6.7e-09,
    "rastrigin": 3.4e-08,
    "ackley": 1.1e-07,
    "six_hump_camel": 4.9e-09,
    "styblinski_tang": 2.1e-09,
    "goldstein_price": 2.2e-08,
    "linear_regression": 6e-09,
    "logistic_regression": 1.6e-06,
}
BATCH_HESSIAN_SECONDS = {
    "ravine": 5.1e-09,
    "saddle": 2e-09,
    "rosenbrock": 3.9e-09,
    "beale": 2.4e-08,
    "himmelblau": 5.8e-09,
    "booth": 4.7e-09,
    "rastrigin": 4.5e-08,
    "ackley": 1.5e-07,
    "six_hump_camel": 4e-09,
    "styblinski_tang": 2.6e-09,
    "goldstein_price": 7e-08,
    "linear_regression": 4.7e-09,
    "logistic_regression": 1.6e-06,
}
UNKNOWN_BATCH_EVAL_SECONDS = 2e-07
# A custom formula, per point in a batch: a + b * nodes (expression.size), gradient and Hessian.
FORMULA_BATCH_EVAL_SECONDS = (5.5e-08, 5.5e-09)
FORMULA_BATCH_HESSIAN_SECONDS = (4e-07, 2.9e-08)
SETTLE_SECONDS = 2e-08  # per point-step: reading back divergence and settling (explorer.outcome)
RUN_SECONDS = 0.00011  # per separate run: the loop's set-up and the labelling of its one point
SWEEP_AXIS_SECONDS = 2.1e-08  # per point-step and swept axis (arrays of settings; subnormal numbers)
RUN_SHARE = 0.37  # a step of optimizers.run costs this share of the optimizer's own work in a recorded step
# ... except where the update's own work, not the recording, is the step: Newton's solve, L-BFGS's recursion
# (a batch call 78 and 74 us a step on Rosenbrock, their recorded steps 52 and 31 us; 2026-12-07, load 28)
FULL_SHARE = frozenset({"newton", "lbfgs"})
# L-BFGS's strong-Wolfe trials per step, by tool, so that one step's evaluations (one more than the trials)
# are priced within a factor 2 (benchmarks/budget.py --explorer prints each tool's lowest and highest means;
# 2026-12-07 on the 500-character formula: ensembles 3-4 a step up to 100 steps and 0.8-1.9 at 250, range
# tests 0.5-1.9, sweeps 0.1-1.6). A converged run stops searching: a basin map's start searches about
# BASIN_SEARCHES times in all on the formula (0.96 a step over 10 steps, 0.49 over 20, 0.10 over 100, 0.04
# over 250; up to 33 on the built-ins, whose evaluations cost microseconds).
LINE_SEARCH_EVALS = {"sweep": 1.0, "ensemble": 2.5, "range": 1.0}
BASIN_SEARCHES = 10.0

# A step of one batch is kept near this many seconds, so that the loop asks ``stop`` often enough.
BATCH_STEP_TARGET = 0.02
SAMPLE_PATHS = 6  # the basin map draws this many sample paths (ui.explorer)
# The smallest size a cut keeps (a smaller request is kept as asked): below it a tool shows too little.
FLOORS = {"basins": 20, "sweep": 10, "ensemble": 10, "range": 20}
SIZE_FIELD = {"basins": "grid", "sweep": "cells", "ensemble": "members", "range": "ramp"}


@dataclass(frozen=True)
class ExplorerPlan:
    """What to run for a request: ``settings`` and ``steps`` (the requested ones or smaller), or nothing
    when ``refused``. ``estimate`` is the full request's (as the Playground's plan); ``planned`` what runs.

    ``batch`` is the most points a vectorised run takes at once; ``deadline_seconds`` the CPU time after
    which the tool stops (``ui.budget.stopper``).
    """

    settings: ExplorerSettings
    steps: int
    requested: ExplorerSettings
    requested_steps: int
    estimate: budget.Estimate
    planned: budget.Estimate
    budget_seconds: float
    deadline_seconds: float
    batch: int
    notice: str | None = None
    refused: bool = False

    @property
    def cut(self) -> bool:
        return not self.refused and (self.settings != self.requested or self.steps != self.requested_steps)


def _formula_size(state: PlaygroundState) -> int:
    return expression.size(state.expression) if state.surface == CUSTOM else 0


def search_trials(tool: str, steps: int) -> float:
    """L-BFGS's strong-Wolfe trials per step in ``tool``'s runs of ``steps`` steps (see
    :data:`LINE_SEARCH_EVALS`)."""
    if tool == "basins":
        return min(BASIN_SEARCHES / max(steps, 1), 1.0)
    return LINE_SEARCH_EVALS[tool]


def one_point_seconds(
    lane: Lane, state: PlaygroundState, tool: str = "ensemble", steps: int | None = None
) -> float:
    """Seconds of one step of a one-point run (of ``steps``, default the state's): the Playground's price of
    a lane-step, with the optimizer's own work at the share :data:`RUN_SHARE` that ``optimizers.run`` costs
    (it records nothing)."""
    trials = search_trials(tool, state.steps if steps is None else steps)
    recorded = budget.lane_step_seconds(lane, state.surface, state.expression, line_search_evals=trials)
    own = budget.STEP_SECONDS.get(lane.optimizer, budget.UNKNOWN_STEP_SECONDS)
    share = 1.0 if lane.optimizer in FULL_SHARE else RUN_SHARE
    return recorded - (1.0 - share) * own


def point_step_seconds(
    lane: Lane, state: PlaygroundState, tool: str = "basins", steps: int | None = None
) -> float:
    """Seconds of one more point in one step of a batch of ``steps`` steps (see the module docstring)."""
    name = lane.optimizer
    if state.surface == CUSTOM:
        nodes = _formula_size(state)
        evaluation = FORMULA_BATCH_EVAL_SECONDS[0] + FORMULA_BATCH_EVAL_SECONDS[1] * nodes
        hessian = FORMULA_BATCH_HESSIAN_SECONDS[0] + FORMULA_BATCH_HESSIAN_SECONDS[1] * nodes
    else:
        evaluation = BATCH_EVAL_SECONDS.get(state.surface, UNKNOWN_BATCH_EVAL_SECONDS)
        hessian = BATCH_HESSIAN_SECONDS.get(state.surface, UNKNOWN_BATCH_EVAL_SECONDS)
    seconds = BATCH_STEP_SECONDS.get(name, UNKNOWN_BATCH_STEP_SECONDS) + evaluation + SETTLE_SECONDS
    if name == "newton":
        seconds += hessian
    if name == "lbfgs" and lane.hyperparams.get("line_search_fn") == "strong_wolfe":
        # the line search runs one point at a time: the Playground's price of it at one point
        plain = dataclasses.replace(lane, hyperparams={**lane.hyperparams, "line_search_fn": None})
        seconds += one_point_seconds(lane, state, tool, steps) - one_point_seconds(plain, state, tool, steps)
    return seconds


@dataclass(frozen=True)
class Work:
    """A tool's runs in plain numbers: ``runs`` one-point runs and ``points`` batched points, ``steps``
    steps each (``lane`` is the lane every run steps, its noise included)."""

    runs: int
    points: int
    steps: int
    lane: Lane
    axes: int = 0  # hyperparameters the batch sweeps (arrays, one value per point)


def work(settings: ExplorerSettings, state: PlaygroundState, steps: int | None = None) -> Work:
    """The runs the shown tool makes for ``settings`` (``steps`` instead of the page's, if given)."""
    lane, steps = state.lanes[0], state.steps if steps is None else int(steps)
    tool = settings.tool
    if tool == "basins":  # the starts, and the sample paths as one more batch
        return Work(1, settings.grid**2 + SAMPLE_PATHS, steps, lane)
    if tool == "sweep":
        cells = settings.cells ** (1 if settings.y == "none" else 2)
        if _scalar_only(lane.optimizer):  # one run per cell
            return Work(cells, 0, steps, lane)
        return Work(0, cells, steps, lane, axes=1 if settings.y == "none" else 2)
    if tool == "ensemble":
        noisy = dataclasses.replace(lane, noise=max(settings.levels)) if settings.compare == "noise" else lane
        return Work(2 * settings.members, 0, steps, noisy)
    return Work(1, 0, settings.ramp, lane)


def batch_size(lane: Lane, state: PlaygroundState, tool: str = "basins") -> int:
    """The most points per vectorised run: one step of a batch near :data:`BATCH_STEP_TARGET` seconds."""
    return max(1, int(BATCH_STEP_TARGET / point_step_seconds(lane, state, tool)))


def estimate(settings: ExplorerSettings, state: PlaygroundState, steps: int | None = None) -> budget.Estimate:
    """The estimated seconds of the shown tool (see the module docstring)."""
    done = work(settings, state, steps)
    tool = settings.tool
    one_point = one_point_seconds(done.lane, state, tool, done.steps)
    per_step = done.runs * one_point
    if done.points:
        chunk = chunk_size(done.steps, batch_size(done.lane, state, tool))
        chunks = math.ceil(done.points / chunk)
        point = point_step_seconds(done.lane, state, tool, done.steps) + done.axes * SWEEP_AXIS_SECONDS
        per_step += chunks * one_point + done.points * point
    per_step += done.runs * RUN_SECONDS / max(done.steps, 1)
    return budget.Estimate(steps=done.steps, compute_per_step=per_step, figure_per_step=0.0)


def plan(settings: ExplorerSettings, state: PlaygroundState, seconds: float | None = None) -> ExplorerPlan:
    """Run the shown tool as asked, cut it to fit ``seconds`` (default ``playground.budget.budget_seconds``),
    or refuse: the size first (grid, cells, members, ramp) down to :data:`FLOORS`, then the steps, each to
    a round number (``playground.budget.round_down``)."""
    seconds = budget.budget_seconds() if seconds is None else float(seconds)
    full = estimate(settings, state)
    made = dict(
        requested=settings,
        requested_steps=state.steps,
        estimate=full,
        budget_seconds=seconds,
        deadline_seconds=seconds * budget.DEADLINE_FACTOR,
        batch=batch_size(state.lanes[0], state, settings.tool),
    )
    if full.seconds <= seconds:
        return ExplorerPlan(settings, state.steps, planned=full, **made)
    field = SIZE_FIELD[settings.tool]
    floor = min(getattr(settings, field), FLOORS[settings.tool])
    for size in _sizes(getattr(settings, field), floor):
        smaller = dataclasses.replace(settings, **{field: size})
        cheaper = estimate(smaller, state)
        if cheaper.seconds <= seconds:
            notice = _notice(settings, state, full, seconds, f"showing {what(smaller, state)}")
            return ExplorerPlan(smaller, state.steps, planned=cheaper, notice=notice, **made)
    smallest = dataclasses.replace(settings, **{field: floor})
    if settings.tool != "range":
        per_step = estimate(smallest, state).per_step
        steps = min(budget.round_down(seconds / per_step), state.steps)
        # fewer steps search more per step (a basin map's starts): cut further until the estimate fits
        while steps >= budget.MIN_STEPS and estimate(smallest, state, steps).seconds > seconds:
            steps = budget.round_down(steps - 1)
        if steps >= budget.MIN_STEPS:
            shown = f"showing {what(smallest, state, steps)}"
            notice = _notice(settings, state, full, seconds, shown)
            planned = estimate(smallest, state, steps)
            return ExplorerPlan(smallest, steps, planned=planned, notice=notice, **made)
    least = what(smallest, state, budget.MIN_STEPS if settings.tool != "range" else None)
    notice = (
        f"{_title(settings)}: {what(settings, state)} would take {budget.cost_text(full.seconds, seconds)}, "
        f"even cut to {least}. Use a cheaper optimizer, a shorter formula or fewer steps, or "
        f"{budget.full_run_text(full.seconds)}."
    )
    return ExplorerPlan(settings, 0, planned=full, notice=notice, refused=True, **made)


def _sizes(requested: int, floor: int) -> list[int]:
    """Round sizes below ``requested`` down to ``floor``: 1, 2, 5 times a power of ten, then the floor."""
    sizes, size = [], budget.round_down(requested - 1) if requested > 1 else 0
    while size > floor:
        sizes.append(size)
        size = budget.round_down(size - 1)
    return [*sizes, floor] if floor < requested else sizes


def _notice(settings, state, full, seconds, shown: str) -> str:
    return (
        f"{_title(settings)}: {what(settings, state)} would take {budget.cost_text(full.seconds, seconds)}: "
        f"{shown}. For the full run, {budget.full_run_text(full.seconds)}."
    )


def _title(settings: ExplorerSettings) -> str:
    return TOOL_TITLES[settings.tool]


def what(settings: ExplorerSettings, state: PlaygroundState, steps: int | None = None) -> str:
    """ "200 × 200 starts × 100 SGD steps on a custom formula": the runs in the reader's words."""
    steps = state.steps if steps is None else steps
    name = _optimizer_title(state.lanes[0].optimizer)
    where = "a custom formula" if state.surface == CUSTOM else _surface_title(state.surface)
    tool = settings.tool
    if tool == "basins":
        runs = f"{settings.grid} × {settings.grid} starts"
    elif tool == "sweep":
        runs = (
            f"{settings.cells} × {settings.cells} cells"
            if settings.y != "none"
            else f"{settings.cells} cells"
        )
    elif tool == "ensemble":
        runs = f"2 × {settings.members} seeds"
    else:
        return f"a ramp of {settings.ramp:,} {name} steps on {where}"
    return f"{runs} × {steps:,} {name} steps on {where}"


def _scalar_only(name: str) -> bool:
    try:
        return bool(optimizers.spec(name).scalar_only)
    except KeyError:
        return False


def _optimizer_title(name: str) -> str:
    try:
        return optimizers.spec(name).title
    except KeyError:
        return name


def _surface_title(name: str) -> str:
    try:
        return surfaces.spec(name).title
    except KeyError:
        return name
