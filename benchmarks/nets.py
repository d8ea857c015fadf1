"""How fast is the network engine? Prints figures; asserts nothing (timings belong here, not in tests).

    .venv/bin/python benchmarks/nets.py [--quick] [--torch PYTHON]

(a) A 2-8-8-1 tanh network on 400 points (two moons), binary cross-entropy, full batch, 1,000 SGD steps.
    Target: under 1 s on one core.
(b) A 2-32-32-32-32-32-32-1 ReLU network on 1,000 points, the same loop. Target: under 5 s.
(c) The lessons' figures at their default sizes: cs231n's deep initialisation experiment (10 layers of 500,
    1,000 inputs) for one activation and setting, and the properties of all 11 activations. Target: each
    under 1 s.

Each is measured three ways: ``optimizers.run`` on the network objective (the bare loop), ``training.train``
with 50 checkpoints (the loop plus every instrument the page shows), and the same bare loop in torch
(``zero_grad``, forward, ``BCEWithLogitsLoss``, ``backward``, ``SGD.step`` in float64) run in a subprocess
by the Python interpreter given as ``--torch`` or in the environment variable ``TORCH_PYTHON``, in the same
run; the ratios ours / torch are printed when one is given. Torch is for measuring only, in a venv of its own
(never the project's)::

    python3 -m venv ../torchenv && ../torchenv/bin/pip install torch==2.13.0
    .venv/bin/python benchmarks/nets.py --torch ../torchenv/bin/python

BLAS and torch are held to one thread. Each figure is the best of three repeats; the machine is shared, so
``uptime``'s load is printed with them. Every case runs to the end: ``training.train`` has no budget of its
own (the page plans within the server's), and each case is held to its own target.
"""

from __future__ import annotations

import os

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"  # one core, before numpy loads its BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import datasets  # noqa: E402
import optimizers  # noqa: E402
import training  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402
from nets import Architecture, NetworkObjective  # noqa: E402

TORCH_VARIABLE = "TORCH_PYTHON"
HOW_TO_GET_TORCH = (
    "no reference interpreter: give a Python with torch as --torch PYTHON or "
    f"{TORCH_VARIABLE}=PYTHON (python3 -m venv ../torchenv && ../torchenv/bin/pip install torch==2.13.0)"
)
CASES = [
    ("2-8-8-1 tanh, 400 points", (8, 8), "tanh", 400, 1.0),
    ("6 x 32 ReLU, 1,000 points", (32,) * 6, "relu", 1000, 5.0),
]

TORCH_LOOP = """
import json, sys, time
import torch
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
case = json.loads(sys.argv[1])
inputs, targets = torch.tensor(case["inputs"]), torch.tensor(case["targets"])
widths = [2, *case["hidden"], 1]
act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[case["activation"]]
layers = []
for i in range(len(widths) - 1):
    layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
    if i < len(widths) - 2:
        layers.append(act())
model = torch.nn.Sequential(*layers)
loss_fn = torch.nn.BCEWithLogitsLoss()
best = float("inf")
for _ in range(case["repeats"]):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    start = time.perf_counter()
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = loss_fn(model(inputs)[:, 0], targets)
        loss.backward()
        opt.step()
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best}))
"""


def moons(n_points: int):
    """``n_points`` two-moons points (both splits of the set, standardised), with their labels."""
    data = datasets.get("two_moons", n_points=n_points, preprocessing="standardise", seed=0)
    inputs = np.vstack([data.train_inputs, data.validation_inputs])
    return inputs, np.concatenate([data.train_targets, data.validation_targets])


def torch_seconds(python, inputs, targets, hidden, activation, steps, repeats) -> float | None:
    if python is None:
        return None
    case = {
        "inputs": inputs.tolist(),
        "targets": targets.astype(float).tolist(),
        "hidden": list(hidden),
        "activation": activation,
        "steps": steps,
        "repeats": repeats,
    }
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [str(python), "-c", TORCH_LOOP, json.dumps(case)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        print(f"  torch loop failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(done.stdout)["seconds"]


def measure(title, hidden, activation, n_points, target, steps, repeats, python=None):
    inputs, targets = moons(n_points)
    architecture = Architecture(2, hidden, 1, activation)
    objective = NetworkObjective(architecture, "binary_cross_entropy", inputs, targets)
    theta = architecture.initial_params("pytorch_default", seed=0)
    opt = optimizers.get("sgd", lr=0.1)
    bare = best_of(repeats, lambda: optimizers.run(opt, objective, start=theta, steps=steps))
    spec = training.NetworkSpec(
        dataset="two_moons",
        dataset_params={"n_points": n_points, "preprocessing": "standardise"},
        hidden=hidden,
        activation=activation,
        loss="binary_cross_entropy",
        init="pytorch_default",
    )
    n_train = len(training.build(spec)[0].train_inputs)
    instrumented = best_of(repeats, lambda: training.train(spec, opt, steps, checkpoints=50))
    cpu = time.thread_time()
    training.train(spec, opt, steps, checkpoints=50)
    cpu = time.thread_time() - cpu  # what the budget counts (the thread's CPU time), beside the wall time
    reference = torch_seconds(python, inputs, targets, hidden, activation, steps, repeats)
    print(f"{title}, d = {architecture.size}, {steps} full-batch SGD steps (target < {target:g} s):")
    print(f"  optimizers.run on the network: {bare:.3f} s ({1e6 * bare / steps:.0f} µs a step)")
    figures = training.cost.FIGURE_SECONDS  # the page's figures, which this run does not draw
    predicted = training.estimated_seconds(spec, steps, checkpoints=50, optimizer=opt) - figures
    print(
        f"  training.train, 50 checkpoints, {n_train} training points: {instrumented:.3f} s "
        f"({cpu:.3f} s of CPU; the budget predicted {predicted:.3f} s of CPU)"
    )
    if reference is None:
        print(f"  torch: not measured ({'the torch loop failed' if python else HOW_TO_GET_TORCH})")
    else:
        print(
            f"  torch.nn + torch.optim, same loop: {reference:.3f} s; ours / torch = {bare / reference:.2f}, "
            f"training.train / torch = {instrumented / reference:.2f}"
        )


def lessons_figures(repeats):
    from nets import activations, lessons

    deep = best_of(repeats, lambda: lessons.deep_init_experiment("tanh", "xavier"))
    print(
        f"deep initialisation experiment, 10 x 500, 1,000 inputs, forward and backward: {deep:.3f} s (< 1 s)"
    )
    properties = best_of(repeats, lambda: [lessons.activation_properties(n) for n in activations.names()])
    print(f"properties of all {len(activations.names())} activations: {properties:.3f} s (< 1 s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 steps and one repeat (a smoke run)")
    parser.add_argument(
        "--torch", metavar="PYTHON", default=os.environ.get(TORCH_VARIABLE), help="a Python with torch"
    )
    args = parser.parse_args()
    steps, repeats = (100, 1) if args.quick else (1000, 3)
    load = os.getloadavg()
    print(f"load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
    for case in CASES:
        measure(*case, steps, repeats, args.torch)
    lessons_figures(repeats)
    print(f"load: {os.getloadavg()[0]:.2f} (1 min) at the end")


if __name__ == "__main__":
    main()
