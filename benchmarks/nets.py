"""How fast is the network engine? Prints figures; asserts nothing (timings belong here, not in tests).

    .venv/bin/python benchmarks/nets.py [--quick] [--torch PYTHON]

(a) A 2-8-8-1 tanh network on 400 points (two moons; the lab trains on its training split of 280, and so does
    every loop here), binary cross-entropy, full batch, 1,000 SGD steps. Target: under 1 s on one core.
(b) A 2-32-32-32-32-32-32-1 ReLU network on 1,000 points (700 for training), the same loop. Target: under 5 s.
(c) The lessons' figures at their default sizes: cs231n's deep initialisation experiment (10 layers of 500,
    1,000 inputs) for one activation and setting, and the properties of all 11 activations. Target: each
    under 1 s.

Each is measured four ways: ``optimizers.run`` on the network objective (the bare loop), ``training.train``
with 50 checkpoints (the loop plus every instrument the page shows), ``training.lab.train`` as the Network
lab page calls it (101 checkpoints and the curves at every step, ``training.run.Trace``), and the same bare
loop in torch (``zero_grad``, forward, ``BCEWithLogitsLoss``, ``backward``, ``SGD.step`` in float64) run
in a worker process by the Python interpreter given as ``--torch`` or in the environment variable
``TORCH_PYTHON``; the ratios ours / torch are printed when one is given, with their targets (issue 25: the
lab's training at most 0.25x torch on 2-8-8-1 tanh and 0.4x on 6 x 32 ReLU, its instruments at most 15 % over
the bare loop). Torch is for measuring only, in a venv of its own (never the project's)::

    python3 -m venv ../torchenv && ../torchenv/bin/pip install torch==2.13.0
    .venv/bin/python benchmarks/nets.py --torch ../torchenv/bin/python

BLAS and torch are held to one thread. The machine is shared, so the four are measured in interleaved rounds
(ours, instrumented twice, torch, then again) and each figure is the least of its rounds, in thread CPU time
(what the process itself spent, less disturbed by the others than wall time), with ``uptime``'s load printed
beside them. Every case runs to the end: ``training.train`` has no budget of its own (the page plans within
the server's), and each case is held to its own target.
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

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import optimizers  # noqa: E402
import training  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402
from training import lab  # noqa: E402

TORCH_VARIABLE = "TORCH_PYTHON"
HOW_TO_GET_TORCH = (
    "no reference interpreter: give a Python with torch as --torch PYTHON or "
    f"{TORCH_VARIABLE}=PYTHON (python3 -m venv ../torchenv && ../torchenv/bin/pip install torch==2.13.0)"
)
CASES = [
    ("2-8-8-1 tanh, 400 points", (8, 8), "tanh", 400, 1.0, 0.25),
    ("6 x 32 ReLU, 1,000 points", (32,) * 6, "relu", 1000, 5.0, 0.4),
]
INSTRUMENTS_TARGET = 1.15  # training.train / optimizers.run

# The worker builds the case's network once, then answers every "go" line with one run's thread CPU seconds,
# so that its runs interleave with ours.
TORCH_LOOP = """
import json, sys, time
import torch
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
case = json.loads(sys.stdin.readline())
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
print("ready", flush=True)
for line in sys.stdin:
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    start = time.thread_time()
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = loss_fn(model(inputs)[:, 0], targets)
        loss.backward()
        opt.step()
    print(json.dumps({"seconds": time.thread_time() - start}), flush=True)
"""


class TorchLoop:
    """The torch loop in a worker process of ``python`` (one run per :meth:`seconds`), or nothing."""

    def __init__(self, python, inputs, targets, hidden, activation, steps):
        self.process = self.failure = None
        if python is None:
            return
        case = {
            "inputs": inputs.tolist(),
            "targets": targets.astype(float).tolist(),
            "hidden": list(hidden),
            "activation": activation,
            "steps": steps,
        }
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [str(python), "-c", TORCH_LOOP],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        if self.process.stdout.readline().strip() != "ready":
            self.close()

    def seconds(self) -> float | None:
        if self.process is None:
            return None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            self.close()
            return None
        return json.loads(answer)["seconds"]

    def close(self):
        if self.process is None:
            return
        self.process.stdin.close()
        if self.process.wait() != 0:
            self.failure = (self.process.stderr.read().strip().splitlines() or ["no message"])[-1]
        self.process = None


def cpu_seconds(fn) -> float:
    started = time.thread_time()
    fn()
    return time.thread_time() - started


def measure(title, hidden, activation, n_points, target, ratio_target, steps, repeats, python=None):
    opt = optimizers.get("sgd", lr=0.1)
    spec = training.NetworkSpec(
        dataset="two_moons",
        dataset_params={"n_points": n_points, "preprocessing": "standardise"},
        hidden=hidden,
        activation=activation,
        loss="binary_cross_entropy",
        init="pytorch_default",
    )
    # all of them train on the lab's training split (the rest of the set is its validation split)
    _, objective, theta = training.build(spec)
    architecture, inputs, targets = objective.architecture, objective.inputs, objective.targets
    n_train = len(inputs)
    config = lab.Config(optimizer="sgd", hyperparams=(("lr", 0.1),))
    runs = {
        "bare": lambda: optimizers.run(opt, objective, start=theta, steps=steps),
        "fifty": lambda: training.train(spec, opt, steps, checkpoints=50),
        # what the Network lab page asks for (ui.network_lab.run): 101 checkpoints and the curves every step
        "page": lambda: lab.train(spec, config, steps, 0, 0, trace=training.run.TRACE_POINTS),
    }
    torch_loop = TorchLoop(python, inputs, targets, hidden, activation, steps)
    rounds = {name: [] for name in (*runs, "torch")}
    loads = []
    for _ in range(repeats):  # interleaved: a busy moment slows all of them alike
        loads.append(os.getloadavg()[0])
        for name, run in runs.items():
            rounds[name].append(cpu_seconds(run))
        reference = torch_loop.seconds()
        if reference is not None:
            rounds["torch"].append(reference)
    torch_loop.close()
    least = {name: min(times) for name, times in rounds.items() if times}
    bare = least["bare"]
    print(
        f"{title} ({n_train} for training), d = {architecture.size}, {steps} full-batch SGD steps "
        f"(target < {target:g} s), "
        f"least of {repeats} interleaved rounds in thread CPU time, load {min(loads):.1f}-{max(loads):.1f}:"
    )
    print(f"  optimizers.run on the network: {bare:.3f} s ({1e6 * bare / steps:.0f} µs a step)")
    figures = training.cost.FIGURE_SECONDS  # the page's figures, which this run does not draw
    predicted = training.estimated_seconds(spec, steps, checkpoints=50, optimizer=opt) - figures
    described = {
        "fifty": f"training.train, 50 checkpoints (the budget predicted {predicted:.3f} s of CPU)",
        "page": f"training.lab.train as the page calls it, {lab.CHECKPOINTS} checkpoints and the curves "
        "every step",
    }
    reference = least.get("torch")
    for name, what in described.items():
        print(
            f"  {what}: {least[name]:.3f} s; instruments: / optimizers.run = {least[name] / bare:.2f} "
            f"(target <= {INSTRUMENTS_TARGET:.2f})"
            + (
                ""
                if reference is None
                else f", / torch = {least[name] / reference:.2f} (target <= {ratio_target:.2f})"
            )
        )
    if reference is None:
        failed = f"the torch loop failed: {torch_loop.failure}" if python else HOW_TO_GET_TORCH
        print(f"  torch: not measured ({failed})")
        return
    print(f"  torch.nn + torch.optim, same loop: {reference:.3f} s; ours / torch = {bare / reference:.2f}")


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
    steps, repeats = (100, 1) if args.quick else (1000, 5)
    load = os.getloadavg()
    print(f"load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
    for case in CASES:
        measure(*case, steps, repeats, args.torch)
    lessons_figures(repeats)
    print(f"load: {os.getloadavg()[0]:.2f} (1 min) at the end")


if __name__ == "__main__":
    main()
