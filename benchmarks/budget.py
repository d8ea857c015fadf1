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
import statistics  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import optimizers  # noqa: E402
import surfaces  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402
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
    for name in ("rosenbrock", "himmelblau", "rastrigin", "ackley", "saddle"):
        surface = surfaces.get(name)
        for max_eval in (25, 100):
            opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe", max_eval=max_eval)
            record = optimizers.trajectory(opt, surface, surface.starts[0], 300, noise=0.5)
            evals = np.asarray(record.states["line_search_evals"], dtype=float)
            out.append((name, max_eval, float(np.nanmean(evals)), int(np.nanmax(evals))))
    return out


def figure_costs() -> dict[str, float]:
    """Seconds per lane-step of building the page's map message (6 lanes x 2,000 steps)."""
    from viz import figures, landscape, player
    from viz.palette import lane_style

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

        def build(state=state, runs=runs, land=land, surface=surface, average=average):
            paths = [
                figures.LanePath(
                    f"lane {i}",
                    run.positions,
                    run.losses,
                    lane_style(i),
                    run.diverged_at,
                    average=run.polyak if average else None,
                )
                for i, run in enumerate(runs)
            ]
            player.payload(land, paths, layout=state.layout, minima=surface.minima)

        key = layout + ("+average" if average else "")
        out[key] = best_of(2, build) / (6 * 2000)
    return out


def check_predictions() -> None:
    """Predicted (playground/budget.py as it is now) against measured seconds for a few requests."""
    f480 = formula(14)
    cases = [
        ("default page", PlaygroundState()),
        (
            "6 Adam x 5,000 on Rosenbrock",
            PlaygroundState(surface="rosenbrock", lanes=(Lane("adam"),) * 6, steps=5000),
        ),
        (
            "3 Newton x 200 on a 480-character formula",
            PlaygroundState(surface="custom", expression=f480, lanes=(Lane("newton"),) * 3, steps=200),
        ),
        (
            "2 L-BFGS strong-Wolfe (max_eval 100) x 100, noisy, on the formula",
            PlaygroundState(
                surface="custom",
                expression=f480,
                lanes=(Lane("lbfgs", {"line_search_fn": "strong_wolfe", "max_eval": 100}, noise=0.3),) * 2,
                steps=100,
            ),
        ),
    ]
    print("\npredicted (budget.estimate, compute only) against measured seconds of compute.run_state")
    for title, state in cases:
        predicted = budget.estimate(state).compute_seconds
        measured = best_of(1, lambda state=state: compute.run_state(state))
        print(f"  {title:70s} {predicted:8.3f} s  {measured:8.3f} s  ratio {measured / predicted:5.2f}")


def load() -> str:
    return f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)"


def explorer_part() -> None:
    from benchmarks import explorer_budget

    explorer_budget.print_factors(explorer_budget.factors(formula))
    explorer_budget.check_predictions(formula)
    print(load())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explorer", action="store_true", help="only the landscape explorer")
    parser.add_argument("--networks", action="store_true", help="only the Network lab and lesson pages")
    parser.add_argument("--before", action="store_true", help="also run the lab's worst links uncut")
    args = parser.parse_args()
    print(load())
    if args.explorer:
        explorer_part()
        return
    if args.networks:
        networks_part(args.before)
        return
    playground_part()
    explorer_part()
    networks_part(args.before)


def networks_part(before: bool) -> None:
    from benchmarks import budget_networks

    budget_networks.main(before=before)


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
    typical = statistics.mean(mean for _, _, mean, _ in searches)
    print(f"LINE_SEARCH_EVALS = {typical:.3g}  # mean trials per step; the deadline covers the rest")
    print("FIGURE_SECONDS = {" + ", ".join(f'"{k}": {v:.3g}' for k, v in drawing.items()) + "}")
    check_predictions()


if __name__ == "__main__":
    main()
