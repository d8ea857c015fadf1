"""The explorer's part of benchmarks/budget.py: batch factors for explorer/budget.py, and predicted against
measured seconds of ordinary and worst explorer links (the full request and the plan's cut).

Run through ``python benchmarks/budget.py`` (everything) or ``python benchmarks/budget.py --explorer``.
"""

from __future__ import annotations

import numpy as np

import explorer
import optimizers
import surfaces
from benchmarks import band
from benchmarks.timing import best_cpu as best_of
from explorer import budget, outcome, page
from explorer.settings import ExplorerSettings, sweep_axes
from playground import budget as playground_budget
from playground import compute
from playground.defaults import new_lane_hyperparams
from playground.state import Lane, PlaygroundState
from surfaces import expression

POINTS = 10_000  # a batch as the explorer's maps run it (a 100 x 100 grid)


def _points(surface, count: int = POINTS) -> np.ndarray:
    (x_low, x_high), (y_low, y_high) = surface.window
    rng = np.random.default_rng(0)
    return np.stack([rng.uniform(x_low, x_high, count), rng.uniform(y_low, y_high, count)], axis=1)


def batch_evaluations(surface) -> tuple[float, float]:
    """Seconds per point of a gradient (what a step of a batch evaluates), and of a Hessian, over a batch
    of :data:`POINTS`."""
    p = _points(surface)
    evaluation = best_of(5, lambda: surface.minibatch_grad(p, 3)) / POINTS
    hessian = best_of(3, lambda: surface.minibatch_hessian(p, 3)) / POINTS
    return evaluation, hessian


def batch_optimizer_steps(ravine_eval: float, ravine_hessian: float) -> dict[str, float]:
    """Seconds per point-step of each optimizer's own work in a batch on the ravine (its evaluation out)."""
    ravine = surfaces.get("ravine")
    starts = _points(ravine)
    out = {}
    for name in optimizers.names():
        opt = optimizers.get(name, **new_lane_hyperparams("ravine", name))
        steps = 20 if name in ("newton", "lbfgs") else 60
        seconds = best_of(2, lambda opt=opt, steps=steps: optimizers.run(opt, ravine, starts, steps))
        own = seconds / (steps * POINTS) - ravine_eval - (ravine_hessian if name == "newton" else 0.0)
        out[name] = max(own, 1e-9)
    return out


def formula_batch_fit(formula) -> tuple[tuple[float, float], tuple[float, float]]:
    """Seconds per point of a formula's value + gradient and Hessian in a batch, fitted as a + b nodes."""
    rows = []
    for terms in (1, 3, 6, 10, 14):
        text = formula(terms)
        surface = surfaces.from_expression(text)
        rows.append((expression.size(text), *batch_evaluations(surface)))
    nodes = np.array([r[0] for r in rows], dtype=float)
    design = np.stack([np.ones_like(nodes), nodes], axis=1)
    fit_eval = np.linalg.lstsq(design, np.array([r[1] for r in rows]), rcond=None)[0]
    fit_hessian = np.linalg.lstsq(design, np.array([r[2] for r in rows]), rcond=None)[0]
    return tuple(fit_eval), tuple(fit_hessian)


def settle_seconds() -> float:
    """Seconds per point-step of reading back divergence and settling, on paths that settle at once."""
    steps = 200
    positions = np.zeros((steps + 1, POINTS, 2))
    minima = np.zeros((1, 2))

    def label():
        diverged = outcome.divergence_steps(positions, 1e6)
        outcome.settle(positions, diverged, minima, 1e-2, lambda p: np.zeros(len(p)))

    return best_of(3, label) / (steps * POINTS)


def run_seconds() -> float:
    """Seconds of one separate run's set-up and labelling (an ensemble of one-step runs, the step out)."""
    ravine = surfaces.get("ravine")
    sgd = optimizers.get("sgd", lr=0.01)
    members = 400
    seconds = best_of(3, lambda: explorer.ensemble(ravine, sgd, (-8.0, 2.0), members, 0.1, steps=1))
    one_step = playground_budget.lane_step_seconds(Lane("sgd", noise=0.1), "ravine")
    return max(seconds / members - one_step, 1e-6)


def run_share() -> float:
    """The share of a recorded step's own optimizer work that a step of ``optimizers.run`` costs."""
    ravine = surfaces.get("ravine")
    shares, steps = [], 2000
    for name in ("sgd", "momentum", "adam", "rmsprop", "nadam"):
        opt = optimizers.get(name, **new_lane_hyperparams("ravine", name))
        plain = best_of(3, lambda opt=opt: optimizers.run(opt, ravine, (-8.0, 2.0), steps)) / steps
        recorded = best_of(3, lambda opt=opt: optimizers.trajectory(opt, ravine, (-8.0, 2.0), steps)) / steps
        evaluation = playground_budget.EVAL_SECONDS["ravine"]
        shares.append((plain - evaluation) / max(recorded - evaluation, 1e-9))
    return float(np.median(shares))


def sweep_axis_seconds() -> float:
    """Seconds per point-step and swept axis beyond a batch's price, calibrated on the page's default sweep
    (30 x 30 lr x momentum cells, 500 heavy-ball steps on the ravine): hyperparameters as arrays, and the
    converged cells' numbers become subnormal near the ravine's minimum at the origin, where every
    arithmetic operation is slower."""
    settings, state = ExplorerSettings(tool="sweep"), PlaygroundState(lanes=(Lane("momentum", {"lr": 0.01}),))
    state = PlaygroundState(lanes=state.lanes, steps=500)
    measured = best_of(3, lambda: run_tool(settings, state, state.steps))
    done = budget.work(settings, state)
    axis_terms = done.points * done.steps * done.axes
    without = budget.estimate(settings, state).seconds - axis_terms * budget.SWEEP_AXIS_SECONDS
    return max((measured - without) / axis_terms, 0.0)


def line_search_trials(formula) -> dict[str, tuple[float, float]]:
    """L-BFGS's strong-Wolfe trials per step (max_eval 100) in each tool's kind of run, on the long formula
    and three built-ins: the lowest and highest mean over the runs measured."""
    from explorer.range_test import ExponentialRamp

    found = {"basins": [], "sweep": [], "ensemble": [], "range": []}
    for surface in (surfaces.from_expression(formula(15)), *map(surfaces.get, ("rosenbrock", "himmelblau"))):
        start = surface.starts[0]

        def trials(lr=1.0, start=start, steps=250, surface=surface, **options):
            opt = optimizers.get("lbfgs", lr=lr, line_search_fn="strong_wolfe", max_eval=100)
            run = optimizers.trajectory(opt, surface, start, steps, **options)
            return float(np.nanmean(np.asarray(run.states["line_search_evals"], dtype=float)))

        found["ensemble"] += [trials(noise=noise, seed=seed) for noise in (0.1, 1.0) for seed in range(3)]
        found["range"].append(trials(steps=200, schedule=ExponentialRamp(1e-5, 10.0)))
        found["sweep"] += [trials(lr=lr, steps=100) for lr in (0.01, 0.1, 1.0)]
        (x_low, x_high), (y_low, y_high) = surface.window
        grid = np.stack(np.meshgrid(np.linspace(x_low, x_high, 6), np.linspace(y_low, y_high, 6)), -1)
        found["basins"].append(trials(start=grid.reshape(-1, 2), steps=100))
    return {tool: (min(values), max(values)) for tool, values in found.items()}


def factors(formula) -> dict:
    """Every batch factor of explorer/budget.py, measured now."""
    evals, hessians = {}, {}
    for name in surfaces.names():
        evals[name], hessians[name] = batch_evaluations(surfaces.get(name))
    return {
        "BATCH_STEP_SECONDS": batch_optimizer_steps(evals["ravine"], hessians["ravine"]),
        "BATCH_EVAL_SECONDS": evals,
        "BATCH_HESSIAN_SECONDS": hessians,
        "FORMULA_BATCH": formula_batch_fit(formula),
        "SETTLE_SECONDS": settle_seconds(),
        "RUN_SECONDS": run_seconds(),
        "RUN_SHARE": run_share(),
        "SWEEP_AXIS_SECONDS": sweep_axis_seconds(),
        "LINE_SEARCH_EVALS": line_search_trials(formula),
    }


def print_factors(found: dict) -> None:
    print("\n# factors for explorer/budget.py")
    for key in ("BATCH_STEP_SECONDS", "BATCH_EVAL_SECONDS", "BATCH_HESSIAN_SECONDS"):
        print(f"{key} = {{")
        for name, seconds in found[key].items():
            print(f'    "{name}": {seconds:.2g},')
        print("}")
    fit_eval, fit_hessian = found["FORMULA_BATCH"]
    # a negative intercept is the fit's noise (a batch's fixed cost is t_1's, not a point's)
    print(f"FORMULA_BATCH_EVAL_SECONDS = ({max(fit_eval[0], 0.0):.2g}, {fit_eval[1]:.2g})")
    print(f"FORMULA_BATCH_HESSIAN_SECONDS = ({max(fit_hessian[0], 0.0):.2g}, {fit_hessian[1]:.2g})")
    print(f"SETTLE_SECONDS = {found['SETTLE_SECONDS']:.2g}")
    print(f"RUN_SECONDS = {found['RUN_SECONDS']:.2g}")
    print(f"RUN_SHARE = {found['RUN_SHARE']:.2g}")
    print(f"SWEEP_AXIS_SECONDS = {found['SWEEP_AXIS_SECONDS']:.2g}")
    trials = found["LINE_SEARCH_EVALS"]
    print("# L-BFGS strong-Wolfe trials per step by tool (lowest, highest mean), for LINE_SEARCH_EVALS")
    print("#", ", ".join(f"{tool} {low:.2f}-{high:.2f}" for tool, (low, high) in trials.items()))
    low, high = trials["basins"]  # measured over 100 steps: a start's searches in all
    print(f"BASIN_SEARCHES = {100 * high:.2g}  # a basin start's trials in all (lowest {100 * low:.2g})")


def run_tool(settings: ExplorerSettings, state: PlaygroundState, steps: int, batch=None, stop=None):
    """What the page computes for the shown tool (ui.explorer's cached calls, the basin map's sample
    paths); the requests the page answers with a message instead (a sweep axis the optimizer lacks, batch
    sizes off a data surface) return None here."""
    surface = compute.build_surface(state)
    lane = state.lanes[0]
    opt = optimizers.get(lane.optimizer, **lane.hyperparams)
    start = compute.shared_start(state, surface)
    tool, tol = settings.tool, settings.tol
    if tool == "basins":
        result = explorer.basin_map(surface, opt, None, settings.grid, steps, tol, stop=stop, batch=batch)
        optimizers.run(opt, surface, result.sample_starts(budget.SAMPLE_PATHS), steps)
    elif tool == "sweep":
        try:
            explorer.sweep(
                surface, opt, start, sweep_axes(settings, lane.optimizer), steps, tol, stop=stop, batch=batch
            )
        except ValueError:
            return None
    elif tool == "ensemble":
        if page.batch_size_problem(surface, settings.compare, settings.levels) is not None:
            return None
        for level in settings.levels:
            option = {"noise": level} if settings.compare == "noise" else {"batch_size": int(level)}
            explorer.ensemble(
                surface, opt, start, settings.members, steps=steps, tolerance=tol, stop=stop, **option
            )
    else:
        try:
            explorer.lr_range_test(surface, opt, start, *settings.lrs, settings.ramp, stop=stop)
        except ValueError:
            return None
    return True


def measured_seconds(settings, state, steps, batch=None, repeats: int = 1) -> float:
    """CPU seconds of this process for the fastest of ``repeats`` runs of the tool (what it costs the
    server; a short run is repeated, so that its first call's set-up in this process does not count)."""
    return best_of(repeats, lambda: run_tool(settings, state, steps, batch))


def cases(formula) -> list[tuple[str, ExplorerSettings, PlaygroundState]]:
    """Ordinary links and the worst links of issue 20 (a 500-character formula)."""
    long = formula(15)
    momentum = (Lane("momentum", {"lr": 0.01}),)
    lbfgs = Lane("lbfgs", {"lr": 1.0, "line_search_fn": "strong_wolfe", "max_eval": 100})
    worst_sgd = Lane("sgd", {"lr": 0.001})
    custom = {"surface": "custom", "expression": long}
    return [
        ("basins, page defaults", ExplorerSettings(), PlaygroundState(lanes=momentum, steps=500)),
        ("sweep, page defaults", ExplorerSettings(tool="sweep"), PlaygroundState(lanes=momentum, steps=500)),
        (
            "ensemble, page defaults",
            ExplorerSettings(tool="ensemble"),
            PlaygroundState(lanes=momentum, steps=500),
        ),
        (
            "range test, page defaults",
            ExplorerSettings(tool="range"),
            PlaygroundState(lanes=momentum, steps=500),
        ),
        (
            "Adam basins on Himmelblau, grid 100",
            ExplorerSettings(grid=100),
            PlaygroundState(surface="himmelblau", lanes=(Lane("adam", {"lr": 0.05}),), steps=300),
        ),
        (
            "Newton sweep on Rosenbrock, 40 cells",
            ExplorerSettings(tool="sweep", x="lr", y="none", xr=(0.1, 1.0), cells=40),
            PlaygroundState(surface="rosenbrock", lanes=(Lane("newton"),), steps=200),
        ),
        (
            "worst: ensemble L-BFGS max_eval 100, formula, 200 x 250",
            ExplorerSettings(tool="ensemble", members=200),
            PlaygroundState(**custom, lanes=(lbfgs,), steps=250),
        ),
        (
            "worst: SGD basins, formula, grid 200 x 100 steps",
            ExplorerSettings(grid=200),
            PlaygroundState(**custom, lanes=(worst_sgd,), steps=100),
        ),
        (
            "worst: L-BFGS basins, formula, grid 200 x 100 steps",
            ExplorerSettings(grid=200),
            PlaygroundState(**custom, lanes=(lbfgs,), steps=100),
        ),
        (
            "worst: sweep 80 x 80 cells x 5,000 steps",
            ExplorerSettings(tool="sweep", grid=200, cells=80, members=200, ramp=1000),
            PlaygroundState(lanes=momentum, steps=5000),
        ),
        (
            "worst: range test L-BFGS, formula, ramp 1,000",
            ExplorerSettings(tool="range", ramp=1000),
            PlaygroundState(**custom, lanes=(lbfgs,), steps=500),
        ),
    ]


def check_predictions(formula, seconds: float = playground_budget.DEFAULT_SECONDS) -> None:
    """Predicted against measured CPU seconds: the plan's run of every case and, for a request over the
    budget, a scaled-down full request (a tenth of its size or steps, so that it runs in seconds)."""
    print(f"\nexplorer: predicted against measured CPU seconds (budget {seconds:g} s)")
    for title, settings, state in cases(formula):
        decision = budget.plan(settings, state, seconds)
        if decision.refused:
            print(f"  {title}: refused ({decision.estimate.seconds:.3g} s estimated): {decision.notice}")
        else:
            predicted = decision.planned.seconds
            repeats = 3 if predicted < 0.5 else 1
            measured = measured_seconds(decision.settings, state, decision.steps, decision.batch, repeats)
            what = (
                "cut to " + budget.what(decision.settings, state, decision.steps)
                if decision.cut
                else "as asked"
            )
            band.check("Explorer", f"{title}: {what}", predicted, measured)
        if decision.estimate.seconds > seconds:
            smaller = _scaled(settings, state, decision.estimate.seconds, seconds)
            if smaller is not None:
                small_settings, small_steps = smaller
                predicted = budget.estimate(small_settings, state, small_steps).seconds
                measured = measured_seconds(small_settings, state, small_steps, decision.batch)
                scaled = budget.what(small_settings, state, small_steps)
                band.check("Explorer", f"{title}, full request scaled to {scaled}", predicted, measured)


def _scaled(settings, state, full_seconds, seconds):
    """The request with its steps (then its size) scaled down until the estimate is near ``seconds``."""
    field = budget.SIZE_FIELD[settings.tool]
    steps = state.steps if settings.tool != "range" else None
    for _ in range(40):
        estimate = budget.estimate(settings, state, steps).seconds
        if estimate <= seconds:
            return settings, steps if steps is not None else state.steps
        if steps is not None and steps > 20:
            steps = max(20, steps // 2)
        elif getattr(settings, field) > 4:
            settings = settings.__class__(**{**settings.__dict__, field: getattr(settings, field) // 2})
        else:
            return None
    return None
