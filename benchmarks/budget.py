"""Measure the cost factors of the compute budget (playground/budget.py) on this machine and check them.

Run with ``python benchmarks/budget.py``. It prints:
- the seconds per step of each optimizer's loop on a cheap surface, per evaluation and per Hessian of each
  surface, a fit of a formula's cost against its size, the line search's evaluations per step, and the
  cost per lane-step of drawing a figure;
- the factors as Python literals to paste into playground/budget.py;
- predicted against measured seconds for a few states, with the factors now in playground/budget.py;
- the same for the landscape explorer (benchmarks/explorer_budget.py): its batch factors for
  explorer/budget.py, and predicted against measured CPU seconds of ordinary and worst explorer links.

- the same for the Network lab and the lesson pages (benchmarks/budget_networks.py): training/cost.py's
  factors, and predicted against measured CPU seconds of the lab's ordinary and worst links.

``--explorer`` runs the explorer's part only, ``--networks`` the network part only (``--before`` adds the
lab's worst links uncut, minutes). Prints only; the tests assert no timings. Takes a few minutes
on an idle 2-core machine.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # as the served app (app.py), before NumPy loads

import argparse  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import optimizers  # noqa: E402
import surfaces  # noqa: E402
from benchmarks import band  # noqa: E402
from benchmarks.timing import best_cpu as best_of  # noqa: E402
from playground import budget, compute  # noqa: E402
from playground.defaults import new_lane_hyperparams  # noqa: E402
from playground.state import Lane, PlaygroundState  # noqa: E402
from surfaces import expression  # noqa: E402


def per_call(function, calls: int) -> float:
    return best_of(3, lambda: [function() for _ in range(calls)]) / calls


def optimizer_steps() -> dict[str, float]:
    """Seconds per recorded step of each optimizer on the ravine (its gradient costs about a microsecond)."""
    ravine = surfaces.get("ravine")
    out = {}
    for name in optimizers.names():
        opt = optimizers.get(name, **new_lane_hyperparams("ravine", name))
        steps = 400 if name in ("newton", "lbfgs") else 2000
        seconds = best_of(
            3, lambda opt=opt, steps=steps: optimizers.trajectory(opt, ravine, (-8.0, 2.0), steps)
        )
        out[name] = seconds / steps
    return out


def surface_costs() -> tuple[dict[str, float], dict[str, float]]:
    """Seconds of one value + gradient (what a step or a line-search trial costs) and of one Hessian."""
    evals, hessians = {}, {}
    for name in surfaces.names():
        surface = surfaces.get(name)
        point = np.asarray(surface.starts[0], dtype=float)
        evals[name] = per_call(
            lambda s=surface, p=point: (s.minibatch_value(p, 3), s.minibatch_grad(p, 3)), 2000
        )
        hessian = surface.minibatch_hessian
        hessians[name] = per_call(lambda h=hessian, p=point: h(p, 3), 2000)
    return evals, hessians


def formula(terms: int) -> str:
    return " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, terms + 1))


def formula_fit() -> tuple[tuple[float, float], tuple[float, float], list[tuple[int, float, float]]]:
    """Seconds of a formula's value + gradient and Hessian against its size (nodes), fitted as a + b n."""
    rows = []
    point = np.array([0.3, -0.2])
    for terms in (1, 3, 6, 10, 14):
        text = formula(terms)
        surface = surfaces.from_expression(text)
        calls = max(20, 400 // terms)
        eval_seconds = per_call(lambda s=surface: (s.value(point), s.grad(point)), calls)
        hessian_seconds = per_call(lambda s=surface: s.hessian(point), max(10, calls // 4))
        rows.append((expression.size(text), eval_seconds, hessian_seconds))
    nodes = np.array([r[0] for r in rows], dtype=float)
    design = np.stack([np.ones_like(nodes), nodes], axis=1)
    fit_eval = np.linalg.lstsq(design, np.array([r[1] for r in rows]), rcond=None)[0]
    fit_hessian = np.linalg.lstsq(design, np.array([r[2] for r in rows]), rcond=None)[0]
    return tuple(fit_eval), tuple(fit_hessian), rows


def line_search_evals() -> list[tuple[str, int, float, int]]:
    """Mean and largest evaluations per step of L-BFGS with strong-Wolfe, on a few surfaces."""
    out = []
    for name in ("rosenbrock", "himmelblau", "rastrigin", "ackley", "saddle", "formula"):
        surface = surfaces.from_expression(formula(15)) if name == "formula" else surfaces.get(name)
        for max_eval in (25, 100):
            opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe", max_eval=max_eval)
            record = optimizers.trajectory(opt, surface, surface.starts[0], 300, noise=0.5)
            evals = np.asarray(record.states["line_search_evals"], dtype=float)
            out.append((name, max_eval, float(np.nanmean(evals)), int(np.nanmax(evals))))
    return out


def draw(state: PlaygroundState, surface, runs, land) -> None:
    """What the server spends on the map of a rerun beside its lanes: the paths, the marks, the player's
    message and the map in words (ui/figures.py's uncached parts; the landscape is cached per surface)."""
    from playground import describe, picture
    from ui import figures
    from viz import player

    lanes = picture.lanes_key(state, compute.shared_start(state, surface))
    parts = figures.map_parts(surface, lanes, runs, state.average, None)
    words = describe.map_text(
        surface.title, [t for *_, t in lanes], runs, f_min=parts["min_loss"], layout=state.layout
    )
    player.payload(
        land,
        parts["paths"],
        minima=parts["minima"],
        min_loss=parts["min_loss"],
        marks=parts["marks"],
        layout=state.layout,
        words={"name": words.name, "description": words.description},
    )


def figure_costs() -> dict[str, float]:
    """CPU seconds per lane-step of the server's map (:func:`draw`, 6 lanes x 2,000 steps)."""
    from viz import landscape

    out = {}
    for layout, average in (("overlay", None), ("multiples", None), ("overlay", "polyak")):
        state = PlaygroundState(
            surface="rosenbrock",
            lanes=tuple(Lane(n, new_lane_hyperparams("rosenbrock", n)) for n in ("sgd", "adam") * 3),
            steps=2000,
            layout=layout,
            average=average,
        )
        surface, runs = compute.run_state(state)
        land = landscape.compute(surface, resolution=160)
        key = layout + ("+average" if average else "")
        out[key] = best_of(3, lambda s=state, f=surface, r=runs, g=land: draw(s, f, r, g)) / (6 * 2000)
    return out


def page_seconds(state: PlaygroundState) -> float:
    """CPU seconds of what the page computes for ``state``: the lanes (compute.run_state) and the map."""
    from viz import landscape

    land = landscape.compute(compute.build_surface(state), resolution=160)

    def page():
        surface, runs = compute.run_state(state)
        draw(state, surface, runs, land)

    return best_of(3 if budget.estimate(state).seconds < 0.5 else 1, page)  # short: not a first call's set-up


def rerun_seconds() -> float:
    """A rerun's own work, whatever its steps: the page's three fresh lanes for one step."""
    import dataclasses

    from playground import story

    return page_seconds(dataclasses.replace(story.opening(), steps=1))


def playground_cases() -> list[tuple[str, PlaygroundState]]:
    """Ordinary pages and the worst links (a 500-character formula, L-BFGS's line search, Newton)."""
    long = formula(15)
    lbfgs = {"line_search_fn": "strong_wolfe", "max_eval": 100}
    return [
        ("default page (the fresh page's race)", PlaygroundState()),
        (
            "3 lanes (SGD, momentum, Adam) x 500 on Rosenbrock",
            PlaygroundState(
                surface="rosenbrock",
                lanes=tuple(
                    Lane(n, new_lane_hyperparams("rosenbrock", n)) for n in ("sgd", "momentum", "adam")
                ),
                steps=500,
            ),
        ),
        (
            "6 Adam x 5,000 on Rosenbrock, small multiples",
            PlaygroundState(surface="rosenbrock", lanes=(Lane("adam"),) * 6, steps=5000, layout="multiples"),
        ),
        (
            "3 SGD lanes x 1,000 on a short formula",
            PlaygroundState(surface="custom", expression=formula(2), lanes=(Lane("sgd"),) * 3, steps=1000),
        ),
        (
            "L-BFGS strong-Wolfe x 300 on Himmelblau",
            PlaygroundState(surface="himmelblau", lanes=(Lane("lbfgs", lbfgs),), steps=300),
        ),
        (
            "worst: 3 Newton x 200 on a 500-character formula",
            PlaygroundState(surface="custom", expression=long, lanes=(Lane("newton"),) * 3, steps=200),
        ),
        (
            "worst: 2 noisy L-BFGS strong-Wolfe (max_eval 100) x 100 on the formula",
            PlaygroundState(
                surface="custom", expression=long, lanes=(Lane("lbfgs", lbfgs, noise=0.3),) * 2, steps=100
            ),
        ),
        (
            "worst: benchmarks/load.py's hostile link (6 noisy L-BFGS x 5,000, formula, multiples, Polyak)",
            load_hostile_state(),
        ),
    ]


def load_hostile_state() -> PlaygroundState:
    from benchmarks import load

    return load.hostile_state(0)


def check_predictions() -> None:
    """Predicted (playground/budget.py as it is now) against measured CPU seconds of what the page computes
    for the plan's steps: the lanes (compute.run_state) and the map (:func:`draw`)."""
    import dataclasses

    seconds = budget.DEFAULT_SECONDS
    print(f"\nPlayground: predicted against measured CPU seconds, budget {seconds:g} s")
    for title, state in playground_cases():
        plan = budget.plan(state, seconds)
        if plan.refused:
            print(f"  {title}: refused ({plan.estimate.seconds:.3g} s estimated)")
            continue
        shown = dataclasses.replace(state, steps=plan.steps)
        cut = f" (cut to {plan.steps:,} steps)" if plan.cut else ""
        band.check("Playground", title + cut, budget.estimate(state, plan.steps).seconds, page_seconds(shown))


def load() -> str:
    return f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)"


def explorer_part(factors: bool = True) -> None:
    from benchmarks import explorer_budget

    if factors:
        explorer_budget.print_factors(explorer_budget.factors(formula))
    explorer_budget.check_predictions(formula)
    print(load())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explorer", action="store_true", help="only the landscape explorer")
    parser.add_argument("--networks", action="store_true", help="only the Network lab and lesson pages")
    parser.add_argument("--before", action="store_true", help="also run the lab's worst links uncut")
    parser.add_argument(
        "--check", action="store_true", help="only predicted against measured, every page (no factors)"
    )
    args = parser.parse_args()
    print(load())
    if args.explorer:
        explorer_part()
    elif args.networks:
        networks_part(args.before)
    elif args.check:
        check_predictions()
        explorer_part(factors=False)
        networks_part(args.before, factors=False)
    else:
        playground_part()
        explorer_part()
        networks_part(args.before)
    band.summary()


def networks_part(before: bool, factors: bool = True) -> None:
    from benchmarks import budget_networks

    budget_networks.main(before=before, factors=factors)


def playground_part() -> None:
    steps = optimizer_steps()
    evals, hessians = surface_costs()
    fit_eval, fit_hessian, rows = formula_fit()
    searches = line_search_evals()
    drawing = figure_costs()

    print("\nseconds per recorded step on the ravine")
    for name, seconds in steps.items():
        print(f"  {name:10s} {seconds * 1e6:8.1f} µs")
    print("\nseconds per value + gradient / per Hessian at one point")
    for name in evals:
        print(f"  {name:22s} {evals[name] * 1e6:8.1f} µs  {hessians[name] * 1e6:8.1f} µs")
    print("\nformula size (nodes) against seconds per value + gradient / Hessian")
    for nodes, eval_seconds, hessian_seconds in rows:
        print(f"  {nodes:5d} nodes {eval_seconds * 1e3:8.2f} ms  {hessian_seconds * 1e3:8.2f} ms")
    print("\nL-BFGS strong-Wolfe evaluations per step (mean, largest), 300 noisy steps")
    for name, max_eval, mean, largest in searches:
        print(f"  {name:12s} max_eval {max_eval:3d}: {mean:5.2f}, {largest}")
    print("\nseconds per lane-step of the map figure")
    for key, seconds in drawing.items():
        print(f"  {key:18s} {seconds * 1e6:8.2f} µs")

    ravine_eval = evals["ravine"]
    print("\n# factors for playground/budget.py")
    print("STEP_SECONDS = {")
    for name, seconds in steps.items():
        own = seconds - ravine_eval - (hessians["ravine"] if name == "newton" else 0.0)
        print(f'    "{name}": {max(own, 1e-7):.3g},')
    print("}")
    print("EVAL_SECONDS = {" + ", ".join(f'"{k}": {v:.3g}' for k, v in evals.items()) + "}")
    print("HESSIAN_SECONDS = {" + ", ".join(f'"{k}": {v:.3g}' for k, v in hessians.items()) + "}")
    print(f"FORMULA_EVAL_SECONDS = ({fit_eval[0]:.3g}, {fit_eval[1]:.3g})  # a + b * nodes")
    print(f"FORMULA_HESSIAN_SECONDS = ({fit_hessian[0]:.3g}, {fit_hessian[1]:.3g})")
    largest = max(mean for name, _, mean, _ in searches if name != "formula")
    on_formula = max(mean for name, _, mean, _ in searches if name == "formula")
    print(f"LINE_SEARCH_EVALS = {largest:.2g}  # largest on the built-ins; formula: {on_formula:.2g}")
    overlay, multiples = drawing["overlay"], drawing["multiples"]
    print(f'FIGURE_SECONDS = {{"overlay": {overlay:.2g}, "multiples": {multiples:.2g}}}')
    own = rerun_seconds() * 1e3
    print(f"# not priced: a rerun's own work beside its steps, {own:.1f} ms (the fresh page, 1 step)")
    print(f"AVERAGE_FIGURE_SECONDS = {max(drawing['overlay+average'] - drawing['overlay'], 1e-8):.2g}")
    check_predictions()


if __name__ == "__main__":
    main()
