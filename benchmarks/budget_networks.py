"""The network half of ``benchmarks/budget.py``: measure training/cost.py's factors, and check them.

    .venv/bin/python benchmarks/budget.py --networks [--before]

Prints the factors as Python literals for training/cost.py, then predicted against measured seconds for the
Network lab's ordinary runs and worst links (each as the page runs it: the plan's steps for every
configuration, ``training.train`` and the figures) and for the lesson pages' experiments. Time is the CPU
time of this thread with one BLAS thread, what the server's deadline counts (app.py sets one BLAS thread);
wall time is printed beside it. ``--before`` also measures the worst links uncut (minutes).
"""

from __future__ import annotations

import itertools
import os
import time

import numpy as np

import nets
import optimizers
import training
from benchmarks import band
from nets import lesson_settings, lessons, lessons_extra
from playground import budget
from training import cost, lab
from training.recorder import Recorder
from training.run import run_loop
from ui import network_lab

RELU_NETS = [(4,), (8, 8), (16, 16, 16), (32, 32, 32), (32,) * 6]
ROWS = (100, 400, 1400)  # training points: the lab's largest set has 1,400


def cpu(fn, repeats: int = 3) -> float:
    """Thread CPU seconds of the fastest of ``repeats`` calls."""
    best = np.inf
    for _ in range(repeats):
        started = time.thread_time()
        fn()
        best = min(best, time.thread_time() - started)
    return best


def per_call(fn, calls: int) -> float:
    return cpu(lambda: [fn() for _ in range(calls)]) / calls


def objective(hidden, rows: int, activation: str = "relu", batch_size: int = 0, dropout: float = 0.0):
    """A two-moons network with about ``rows`` training points (the set keeps 70 % for training)."""
    spec = training.NetworkSpec(
        dataset_params={"n_points": max(20, round(rows / 0.7))},
        hidden=hidden,
        activation=activation,
        dropout=dropout,
    )
    data, objective, theta = training.build(spec, batch_size)
    return spec, data, objective, theta


def _shape(architecture) -> tuple[int, int, int]:
    widths = (architecture.input_dim, *architecture.hidden, architecture.output_dim)
    return (
        len(architecture.layers),
        sum(a * b for a, b in itertools.pairwise(widths)),
        sum(architecture.hidden),
    )


def eval_factors():
    """Least squares of t = a + b (L + 1) + c rows M + u rows U over ReLU networks, then u per activation."""
    rows_seen, times = [], []
    for hidden, rows in itertools.product(RELU_NETS, ROWS):
        _, data, obj, theta = objective(hidden, rows)
        n = len(data.train_inputs)
        layers, macs, units = _shape(obj.architecture)
        rows_seen.append((1.0, layers, n * macs, n * units))
        times.append(per_call(lambda obj=obj, theta=theta: obj.loss_and_grad(theta), 20))
    design, times = np.array(rows_seen), np.array(times)
    a, b, c, _ = np.linalg.lstsq(design / times[:, None], np.ones(len(times)), rcond=None)[0]  # relative
    a, b, c = max(a, 1e-6), max(b, 1e-6), max(c, 1e-12)
    units = {}
    for name in nets.activations.names():
        _, data, obj, theta = objective((32, 32, 32), 1400, name)
        n = len(data.train_inputs)
        layers, macs, hidden_units = _shape(obj.architecture)
        seconds = per_call(lambda obj=obj, theta=theta: obj.loss_and_grad(theta), 5)
        units[name] = max((seconds - a - b * layers - c * n * macs) / (n * hidden_units), 1e-10)
    return (a, b, c), units


def optimizer_factors() -> dict[str, tuple[float, float]]:
    """``(o_0, o_1)`` per optimizer: a step's seconds beyond its evaluations, at d = 114 (two moons) and
    d = 5,442 (2,000 spirals), each measured against SGD's step on the same network (the same one
    evaluation), so that the evaluation's noise cancels. On a training set L-BFGS cannot solve at once: on a
    handful of points it converges and then skips its two-loop recursion."""
    own = {}
    for spec in (
        training.NetworkSpec(),
        training.NetworkSpec("spirals", {"n_points": 2000}, hidden=(32,) * 6),
    ):
        data, obj, theta = training.build(spec)
        evaluation = per_call(lambda obj=obj, theta=theta: obj.loss_and_grad(theta), 30)

        def step(name, steps, data=data, obj=obj, theta=theta):
            opt = optimizers.get(name)
            return cpu(lambda: run_loop(obj, data, theta, opt, steps, checkpoints=[0]), repeats=2) / steps

        sgd = step("sgd", 100)
        for name in optimizers.names(networks=True):
            if name == "newton" and obj.size > nets.objective.MAX_HESSIAN_SIZE:
                continue
            seconds = step(name, 3 if name == "newton" else 100)
            extra = (cost.evaluations(name, {}, obj.size) - 1) * evaluation
            extra += cost.EIGH_SECONDS * obj.size**3 if name == "newton" else 0.0
            base = max(sgd - evaluation, 1e-6)  # SGD's own step: x + lr * g
            own.setdefault(name, []).append((obj.size, max(seconds - sgd - extra, 0.0) + base))
    out = {}
    for name, points in own.items():
        if len(points) == 1:
            out[name] = (points[0][1], 0.0)
            continue
        (d0, t0), (d1, t1) = points
        slope = max((t1 - t0) / (d1 - d0), 0.0)
        out[name] = (max(t0 - slope * d0, 1e-6), slope)
    return out


def eigh_seconds() -> float:
    matrix = np.random.default_rng(0).standard_normal((400, 400))
    return cpu(lambda: np.linalg.eigh(matrix + matrix.T)) / 400**3


def line_search_evals() -> list[tuple[str, float]]:
    """Mean evaluations per L-BFGS step with strong-Wolfe (its own one included) on two lab networks."""
    out = []
    for title, spec in (
        ("2 x 8, two moons", training.NetworkSpec()),
        ("6 x 32, 2,000 spirals", training.NetworkSpec("spirals", {"n_points": 2000}, hidden=(32,) * 6)),
    ):
        data, obj, theta = training.build(spec)
        calls = [0]
        evaluate = obj.loss_and_grad

        def counted(*args, evaluate=evaluate, calls=calls, **kwargs):
            calls[0] += 1
            return evaluate(*args, **kwargs)

        object.__setattr__(obj, "loss_and_grad", counted)  # this instance only
        for max_eval in (25, 100):
            calls[0] = 0
            opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe", max_eval=max_eval)
            run_loop(obj, data, theta, opt, 40, checkpoints=[0])
            out.append((f"{title}, max_eval {max_eval}", (calls[0] - 1) / 40))
    return out


def draw_factors() -> tuple[tuple[float, float], float]:
    """A mini-batch's draw (fixed, per training point) and dropout's per unit and row."""
    times = {}
    for n in (200, 1400):
        _, data, obj, _ = objective((8, 8), n, batch_size=32)
        times[len(data.train_inputs)] = per_call(lambda obj=obj: obj._draw(7), 300)
    (n0, t0), (n1, t1) = sorted(times.items())
    slope = max((t1 - t0) / (n1 - n0), 0.0)
    _, data, obj, _ = objective((32,) * 6, 1400, dropout=0.5)
    dropout = per_call(lambda: obj._draw(7), 30) / (len(data.train_inputs) * 192)
    return (max(t0 - slope * n0, 1e-7), slope), dropout


def checkpoint_factor() -> float:
    """A checkpoint's seconds over one evaluation of all of its rows (training, validation, grid)."""
    ratios = []
    for spec in (
        training.NetworkSpec(),
        training.NetworkSpec("spirals", {"n_points": 2000}, hidden=(32,) * 6),
    ):
        data, obj, theta = training.build(spec)

        def checkpoints(count=10, obj=obj, data=data, theta=theta):
            recorder = Recorder(obj, data, 40, 30)  # what a checkpoint leaves for later is read at the end
            for _ in range(count):
                recorder.add(1, theta, 0.99 * theta)
            recorder.arrays()

        seconds = per_call(checkpoints, 1) / 10
        rows = len(data.train_inputs) + len(data.validation_inputs) + 1600
        ratios.append(seconds / cost.eval_seconds(obj.architecture, rows))
    return float(max(ratios))


def figure_seconds() -> float:
    """A configuration's figures and its share of the lab player's message, on the default page."""
    state = lab.LabState(steps=500)
    spec, config = lab.network_spec(state), state.configs[0]
    result = network_lab.run.__wrapped__(spec, config, 500, state.batch, state.seed)  # as the page trains
    return cpu(lambda: draw_lab(state, 500, [result]))


def draw_lab(state: lab.LabState, steps: int, runs: list) -> None:
    """What the page draws of its runs: every configuration's figures and the one player message."""
    view = (True, False)
    for index, result in enumerate(runs):
        spec = lab.network_spec(state, index)
        args = (spec, state.configs[index], steps, state.batch, state.seed)
        network_lab.layer_figures.__wrapped__(*args, _result=result)
    shown = tuple(range(len(runs)))
    titles = tuple("" for _ in runs)
    network_lab.player_message.__wrapped__(state, steps, shown, titles, view, False, _runs=tuple(runs))


def _literal(name: str, table: dict, digits: int = 2) -> str:
    """``table`` as the Python literal training/cost.py holds, one entry a line."""
    lines = [f"{name} = {{"]
    for key, value in table.items():
        shown = (
            f"({value[0]:.{digits}g}, {value[1]:.{digits}g})"
            if isinstance(value, tuple)
            else f"{value:.{digits}g}"
        )
        lines.append(f'    "{key}": {shown},')
    return "\n".join([*lines, "}"])


def measure_factors() -> None:
    """Print training/cost.py's measured factors, each line to replace its own in the file's one block."""
    (a, b, c), units = eval_factors()
    load = os.getloadavg()[0]
    when = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    print(f"\n# factors for training/cost.py ({when} UTC, load {load:.0f})")
    print(f"EVAL_SECONDS = {a:.2g}\nLAYER_SECONDS = {b:.2g}\nMULTIPLY_ADD_SECONDS = {c:.2g}")
    print(_literal("UNIT_SECONDS", units))
    steps = optimizer_factors()
    print("# per optimizer: (o_0, o_1)")
    print(_literal("OPTIMIZER_STEP", steps))
    print(f"EIGH_SECONDS = {eigh_seconds():.2g}")
    searches = line_search_evals()
    for title, mean in searches:
        print(f"# L-BFGS strong-Wolfe evaluations per step, {title}: {mean:.2f}")
    print(f"LINE_SEARCH_EVALS = {max(mean for _, mean in searches) - 1:.2g}  # beyond the step's own one")
    batch, dropout = draw_factors()
    print(f"BATCH_SECONDS = ({batch[0]:.2g}, {batch[1]:.2g})\nDROPOUT_SECONDS = {dropout:.2g}")
    print(f"CHECKPOINT_EVALS = {checkpoint_factor():.2g}\nFIGURE_SECONDS = {figure_seconds():.2g}")


# ---- predicted against measured ----------------------------------------------------------------------------

BIG = (("hidden_layers", 6), ("width", 32))
SPIRALS = (("n_points", 2000),)


def lab_cases() -> list[tuple[str, lab.LabState]]:
    def one(optimizer="adam", hyper=(("lr", 0.01),), network=(), **state):
        return lab.Config(network=network, optimizer=optimizer, hyperparams=hyper), state

    def make(title, configs, **state):
        return title, lab.LabState(configs=tuple(configs), **state)

    big_tanh = (*BIG, ("activation", "tanh"))
    return [
        make("default page (2 x 8 Adam, 500 steps)", [lab.Config()]),
        make(
            "2-8-8-1 tanh BCE, 400 points, SGD, 1,000 steps",
            [
                lab.Config(
                    network=(("activation", "tanh"), ("loss", "binary_cross_entropy")),
                    optimizer="sgd",
                    hyperparams=(("lr", 0.1),),
                )
            ],
            steps=1000,
        ),
        make(
            "6 x 32 ReLU, 1,000 points, SGD, 1,000 steps",
            [lab.Config(network=BIG, optimizer="sgd", hyperparams=(("lr", 0.1),))],
            dataset_params=(("n_points", 1000),),
            steps=1000,
        ),
        make(
            "6 x 32 GELU, 1,000 points, Adam, 300 steps",
            [lab.Config(network=(*BIG, ("activation", "gelu")))],
            dataset_params=(("n_points", 1000),),
            steps=300,
        ),
        make(
            "2 x 32 tanh, batch 32, dropout 0.5, Adam, 2,000 steps",
            [lab.Config(network=(("width", 32), ("activation", "tanh"), ("dropout", 0.5)))],
            steps=2000,
            batch=32,
        ),
        make("2 x 8 Muon, 500 steps", [lab.Config(optimizer="muon", hyperparams=())]),
        make("worst: ?opt1=newton (2 x 8, 500 steps)", [lab.Config(optimizer="newton", hyperparams=())]),
        make(
            "worst: 2 x L-BFGS on 6 x 32, 2,000 spirals, 5,000 steps",
            [lab.Config(network=BIG, optimizer="lbfgs", hyperparams=())] * 2,
            dataset="spirals",
            dataset_params=SPIRALS,
            steps=5000,
        ),
        make(
            "worst: L-BFGS strong-Wolfe max_eval 100 + Muon, 6 x 32 tanh, 2,000 spirals",
            [
                lab.Config(
                    network=big_tanh,
                    optimizer="lbfgs",
                    hyperparams=(("line_search_fn", "strong_wolfe"), ("max_eval", 100)),
                ),
                lab.Config(network=big_tanh, optimizer="muon", hyperparams=()),
            ],
            dataset="spirals",
            dataset_params=SPIRALS,
            steps=5000,
        ),
        make(
            "worst: Newton on 1 x 32, 2,000 spirals, 5,000 steps",
            [lab.Config(network=(("hidden_layers", 1), ("width", 32)), optimizer="newton", hyperparams=())],
            dataset="spirals",
            dataset_params=SPIRALS,
            steps=5000,
        ),
    ]


def run_lab(state: lab.LabState, steps: int) -> None:
    """What the page computes: every configuration's training and figures."""
    runs = []
    for index, config in enumerate(state.configs):
        spec = lab.network_spec(state, index)
        args = (spec, config, steps, state.batch, state.seed)
        runs.append(network_lab.run.__wrapped__(*args))
    draw_lab(state, steps, runs)


def check_lab(before: bool) -> None:
    seconds = budget.DEFAULT_SECONDS
    print(f"\nNetwork lab: predicted against measured seconds (thread CPU; wall), budget {seconds:g} s")
    for title, state in lab_cases():
        decision = network_lab.decide(state, seconds)
        predicted = network_lab.estimate(state, decision.steps).seconds
        wall = time.perf_counter()
        measured = cpu(lambda s=state, d=decision: run_lab(s, d.steps), repeats=1)
        wall = time.perf_counter() - wall
        what = (
            "refused"
            if decision.refused
            else f"{decision.steps:,} steps" + (" (cut)" if decision.cut else "")
        )
        band.check("Network lab", f"{title}: {what}", predicted, measured)
        print(f"      ({wall:.2f} s wall)")
        if before and (decision.cut or decision.refused):
            full = network_lab.estimate(state).seconds
            measured = cpu(lambda s=state: run_lab(s, s.steps), repeats=1)
            print(f"    uncut (before): predicted {full:7.2f} s  measured {measured:7.2f} s")


def initialisation_page(values: dict) -> None:
    """What the Initialisation page computes for ``values``: the deep experiment, every setting compared at
    the page's own size, and the symmetry lesson."""
    layers = values["layers"]
    lessons.deep_init_experiment(
        values["activation"], values["setting"], layers, values["width"], values["points"]
    )
    for setting in lessons.DEEP_INIT_SETTINGS:
        compare = (lesson_settings.COMPARE_WIDTH, lesson_settings.COMPARE_POINTS)
        lessons.deep_init_experiment(values["activation"], setting, layers, *compare)
    for scheme in ("constant", "xavier_normal"):
        lessons_extra.symmetry(scheme)


def check_lessons() -> None:
    print("\nInitialisation page: predicted (nets.lesson_settings.deep_seconds) against measured thread CPU")
    defaults = {p.name: p.default for p in lesson_settings.INIT_PAGE}
    for title, values in (
        ("default (10 x 500, 1,000 points)", defaults),
        (
            "largest allowed (20 x 1,000, 200 points)",
            {**defaults, "layers": 20, "width": 1000, "points": 200},
        ),
        (
            "narrow and long (20 x 100, 2,000 points)",
            {**defaults, "layers": 20, "width": 100, "points": 2000},
        ),
        ("small (2 x 10, 10 points)", {**defaults, "layers": 2, "width": 10, "points": 10}),
    ):
        per_point, fixed = lesson_settings.deep_seconds(values)
        predicted = per_point * values["points"] + fixed
        measured = cpu(lambda v=values: initialisation_page(v), repeats=1)
        band.check("Initialisation", title, predicted, measured)
    print("Activations page (fixed work; its only sizes are depth <= 40 and one step): thread CPU")
    measured = cpu(
        lambda: [
            (lessons.activation_properties(n), lessons.cost_per_million(n)) for n in nets.activations.names()
        ],
        repeats=1,
    )
    print(
        f"  properties and cost of all activations {measured:6.2f} s; linear collapse "
        f"{cpu(lessons_extra.linear_collapse, repeats=1):6.2f} s"
    )


def main(before: bool = False, factors: bool = True) -> None:
    load = os.getloadavg()
    print(
        f"load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min); BLAS threads: "
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}"
    )
    if factors:
        measure_factors()
    check_lab(before)
    check_lessons()
    print(f"load at the end: {os.getloadavg()[0]:.2f}")
