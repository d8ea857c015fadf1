"""Server time of the two lesson pages at their default sizes: the pure computations (cached by the pages
after the first visit) and the figure building (every rerun), printed with ``uptime``'s load.

    .venv/bin/python benchmarks/lessons.py

The figure time is what each rerun costs once the numbers are cached: the page's viz/ builders plus the JSON
encoding ``st.plotly_chart`` does. Target: under 1 s per page. Best of three repeats each.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nets  # noqa: E402
from nets import lessons, lessons_extra  # noqa: E402
from viz import activations as act_viz  # noqa: E402
from viz import initialisation as init_viz  # noqa: E402
from viz.encoding import to_json  # noqa: E402

X = np.linspace(-5.0, 5.0, 401)
SETTINGS = ("zeros", "small", "large", "xavier", "xavier_gain", "kaiming")


def best(fn, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def activation_numbers():
    panels = []
    for name in nets.activations.names():
        entry = nets.activations.get(name)
        props = lessons.activation_properties(name)
        panels.append(
            (
                entry.title,
                entry.fn(X, **entry.resolve({})),
                entry.derivative(X, **entry.resolve({})),
                props.saturated,
            )
        )
    products = {n: lessons.derivative_product(n, 10) for n in ("sigmoid", "tanh", "relu")}
    norms = {n: lessons.gradient_norms_at_init(n, 10, 32) for n in ("sigmoid", "tanh", "relu")}
    positive, _ = lessons.quadrant_path(True)
    centred, _ = lessons.quadrant_path(False)
    collapse = lessons_extra.linear_collapse()
    dead = [lessons.dead_after_large_step(n) for n in ("relu", "leaky_relu", "elu")]
    return panels, products, norms, positive, centred, collapse, dead


def activation_figures(numbers):
    panels, products, norms, positive, centred, c, dead = numbers
    figures = [
        act_viz.gallery_figure(X, panels),
        act_viz.depth_figure(products, norms),
        act_viz.zigzag_figure(positive, centred, (1.0, -1.0)),
        act_viz.collapse_figure(c.grid_x, c.grid_y, c.deep_logit, c.points, c.labels, c.weight, c.bias),
        act_viz.dead_figure(["relu", "leaky_relu", "elu"], [d[0] for d in dead], [d[1] for d in dead]),
    ]
    return sum(len(to_json(f)) for f in figures)


def init_numbers():
    main = lessons.deep_init_experiment("tanh", "small")
    compared = {s: lessons.deep_init_experiment("tanh", s, 10, 200, 300) for s in SETTINGS}
    return main, compared, lessons_extra.symmetry("constant"), lessons_extra.symmetry("xavier_normal")


def init_figures(numbers):
    main, compared, constant, xavier = numbers
    figures = [
        init_viz.histograms_figure(main.edges, main.histograms),
        init_viz.layer_curves_figure([("mean", {"s": main.mean}, False), ("std", {"s": main.std}, False)]),
        init_viz.layer_curves_figure(
            [("dW", {"s": main.weight_grad_std}, True), ("dh", {"s": main.input_grad_std}, True)]
        ),
        init_viz.layer_curves_figure(
            [
                (k, {s: getattr(r, k) for s, r in compared.items()}, True)
                for k in ("std", "second_moment", "input_grad_std")
            ]
        ),
        init_viz.spread_figure(constant.steps, {"constant": constant.spread, "xavier": xavier.spread}),
    ]
    return sum(len(to_json(f)) for f in figures)


def main():
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    cost, _ = best(lambda: [lessons.cost_per_million(n) for n in nets.activations.names()], repeats=1)
    print(f"activations: cost of all 11 activations measured once (cached): {cost:.2f} s")
    seconds, numbers = best(activation_numbers, repeats=1)
    print(f"activations: lesson numbers (cached after the first visit): {seconds:.2f} s")
    seconds, size = best(lambda: activation_figures(numbers))
    print(
        f"activations: five figures built and encoded: {seconds * 1e3:.0f} ms ({size / 1e3:.0f} kB of JSON)"
    )
    seconds, numbers = best(init_numbers, repeats=1)
    print(
        f"initialisation: deep experiment 10x500x1,000 + six settings at 200x300 + symmetry: {seconds:.2f} s"
    )
    seconds, size = best(lambda: init_figures(numbers))
    print(
        f"initialisation: five figures built and encoded: {seconds * 1e3:.0f} ms "
        f"({size / 1e3:.0f} kB of JSON)"
    )
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
