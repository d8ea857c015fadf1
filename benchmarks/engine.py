"""How fast is the optimizer engine? Prints figures; asserts nothing (timings belong here, not in tests).

    .venv/bin/python benchmarks/engine.py [--quick] [--reference-python /path/to/python-with-torch]

(a) Cost per step of ``optimizers.run`` on ONE 2D point against the reference implementation doing the same
    steps (``zero_grad``, loss, ``backward``, ``step`` on a float64 tensor of 2) on Rosenbrock: torch.optim
    for Adam, RMSprop, SGD with momentum, Rprop, ASGD and Adafactor; lion-pytorch, schedulefree and
    prodigyopt for Lion, Schedule-Free SGD/AdamW and Prodigy. Target: ratio <= 0.15.
    The app never depends on torch: when this interpreter has no torch, the reference loops run in a
    subprocess of ``--reference-python`` (or ``$REFERENCE_PYTHON``), one after the other with ours here.
(c) Cost of one Muon step (Newton-Schulz on every weight matrix, AdamW on the biases) on the network lab's
    largest MLP (2 inputs, 6 hidden layers of 32, 1 output: 5,409 parameters), from a fixed gradient, against
    torch.optim.Muon + torch.optim.AdamW stepping the same parameters (torch in its own bfloat16
    Newton-Schulz, as it ships). Muon is a network-lab optimizer: no 2D point to time it on.
(b) Throughput of ``optimizers.run`` for 10,000 start points x 500 Adam steps on Rosenbrock, in point-steps
    per second. Target: >= 20 million on one core.

Each figure is the best of several repeats (the machine is shared and noisy; the minimum is the least
disturbed measurement). Without torch and without a reference interpreter, (a) prints a note and is skipped;
a reference package that is missing skips its own rows.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import pathlib
import subprocess
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

# after the path setup: the app is not an installed package
import optimizers
import surfaces
from benchmarks.timing import best_of

START = (-1.5, 2.0)
# (our name, hyperparameters, reference "module:class", its keyword arguments): small learning rates so the
# runs stay finite for every step and both loops do the same arithmetic.
CASES = [
    ("adam", {"lr": 1e-3}, "torch.optim:Adam", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-3}, "torch.optim:RMSprop", {"lr": 1e-3}),
    ("momentum", {"lr": 1e-4}, "torch.optim:SGD", {"lr": 1e-4, "momentum": 0.9}),
    ("rprop", {"lr": 1e-3}, "torch.optim:Rprop", {"lr": 1e-3}),
    ("asgd", {"lr": 1e-4}, "torch.optim:ASGD", {"lr": 1e-4}),
    ("adafactor", {"lr": 1e-3}, "torch.optim:Adafactor", {"lr": 1e-3}),
    ("lion", {"lr": 1e-4}, "lion_pytorch:Lion", {"lr": 1e-4}),
    ("schedule_free_sgd", {"lr": 1e-4}, "schedulefree:SGDScheduleFree", {"lr": 1e-4}),
    ("schedule_free_adamw", {"lr": 1e-3}, "schedulefree:AdamWScheduleFree", {"lr": 1e-3}),
    ("prodigy", {"lr": 0.1}, "prodigyopt:Prodigy", {"lr": 0.1}),
]


MUON_WIDTHS = (2, 32, 32, 32, 32, 32, 32, 1)
MUON = {"lr": 0.02}


def reference_loop(torch, reference: str, kwargs: dict, steps: int):
    module, cls_name = reference.split(":")
    cls = getattr(importlib.import_module(module), cls_name)

    def rosenbrock(p):
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2

    def loop():
        p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = cls([p], **kwargs)
        if hasattr(opt, "train"):
            opt.train()  # schedulefree steps in train mode
        for _ in range(steps):
            opt.zero_grad()
            loss = rosenbrock(p)
            loss.backward()
            opt.step()
        return p.detach().numpy()

    return loop


def reference_timings(steps: int, repeats: int) -> dict:
    """Seconds per run and final point of every reference loop, in this interpreter (which has torch)."""
    import torch

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    timings = {}
    for name, _, reference, kwargs in CASES:
        try:
            loop = reference_loop(torch, reference, kwargs, steps)
        except ImportError:
            continue  # that reference package is not installed: its row says so
        loop()  # warm up
        timings[name] = {"seconds": best_of(repeats, loop), "final": loop().tolist()}
    timings["muon"] = {"seconds": _torch_muon_seconds(torch, max(steps // 20, 10), repeats)}
    return timings


def _torch_muon_seconds(torch, steps: int, repeats: int) -> float:
    """Seconds per step of torch.optim.Muon (weights) + AdamW (biases) from a fixed gradient."""
    torch.manual_seed(0)
    layers = [torch.nn.Linear(a, b) for a, b in itertools.pairwise(MUON_WIDTHS)]
    weights = [layer.weight for layer in layers]
    biases = [layer.bias for layer in layers]
    for p in weights + biases:
        p.grad = torch.randn_like(p)
    muon = torch.optim.Muon(weights, **MUON)
    adamw = torch.optim.AdamW(biases, lr=3e-4, weight_decay=0.01)

    def loop():
        with torch.no_grad():
            for _ in range(steps):
                muon.step()
                adamw.step()

    loop()
    return best_of(repeats, loop) / steps


def _theirs(steps: int, repeats: int, reference_python: str | None):
    """Reference timings: in-process when torch is here, else from the reference interpreter; or a note."""
    try:
        import torch  # noqa: F401
    except ImportError:
        if not reference_python:
            return (
                None,
                "torch is not installed here and no --reference-python (or $REFERENCE_PYTHON) was given",
            )
        command = [
            reference_python,
            __file__,
            "--reference-only",
            "--steps",
            str(steps),
            "--repeats",
            str(repeats),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return None, f"the reference interpreter failed: {done.stderr.strip().splitlines()[-1:]}"
        return json.loads(done.stdout), f"references timed by {reference_python}, after ours"
    return reference_timings(steps, repeats), "references timed in this process, after ours"


def per_step(steps: int, repeats: int, reference_python: str | None):
    """(a); returns the reference timings (and their note) for (c)."""
    surface = surfaces.get("rosenbrock")
    ours = {}
    for name, hyperparams, _, _ in CASES:
        opt = optimizers.get(name, **hyperparams)
        run = lambda opt=opt: optimizers.run(opt, surface, START, steps)  # noqa: E731
        run()  # warm up
        ours[name] = (best_of(repeats, run), run()[-1])
    theirs, note = _theirs(steps, repeats, reference_python)
    print(f"(a) cost per step on one 2D point, Rosenbrock from {START}, {steps} steps, best of {repeats}")
    if theirs is None:
        print(f"    ratios skipped: {note}; ours alone:")
    else:
        print(f"    ({note})")
    print(f"    {'optimizer':<20} {'ours (us)':>10} {'reference (us)':>15} {'ratio':>7}   end-point gap")
    for name, (seconds, final) in ours.items():
        row = f"    {name:<20} {seconds / steps * 1e6:>10.2f}"
        if theirs is None or name not in theirs:
            print(row + ("" if theirs is None else f" {'(not installed)':>15}"))
            continue
        reference = theirs[name]["seconds"]
        # the end points agree to rounding, amplified on long runs where a max() switches (Prodigy's d)
        gap = float(np.max(np.abs(np.asarray(final) - np.asarray(theirs[name]["final"]))))
        print(row + f" {reference / steps * 1e6:>15.2f} {seconds / reference:>7.3f}   {gap:.0e}")
    return theirs, note


def muon_step(steps: int, repeats: int, theirs: dict | None, note: str) -> None:
    """(c): one Muon step of ours against torch's on the lab's largest network."""
    from nets import Architecture, NetworkObjective

    architecture = Architecture(MUON_WIDTHS[0], MUON_WIDTHS[1:-1], MUON_WIDTHS[-1], "relu")
    objective = NetworkObjective(architecture, "mse", np.zeros((4, 2)), np.zeros(4))
    theta = architecture.initial_params(seed=0)
    g = np.random.default_rng(0).standard_normal(theta.shape)
    opt = optimizers.get("muon", **MUON)
    many = max(steps // 20, 10)

    def loop():
        state, params = opt.init(theta), theta
        for _ in range(many):
            updates, state = opt.update(g, state, params, lr=MUON["lr"], objective=objective)
            params = params + updates

    loop()
    ours = best_of(repeats, loop) / many
    matrices = len(MUON_WIDTHS) - 1
    print(f"(c) one Muon step, {architecture.size:,} parameters ({matrices} matrices), best of {repeats}")
    row = f"    ours {ours * 1e6:.0f} us"
    if theirs is None or "muon" not in theirs:
        print(row + f"; reference skipped: {note}")
        return
    reference = theirs["muon"]["seconds"]
    print(row + f", torch.optim.Muon + AdamW {reference * 1e6:.0f} us, ratio {ours / reference:.2f} ({note})")


def throughput(points: int, steps: int, repeats: int) -> None:
    surface = surfaces.get("rosenbrock")
    opt = optimizers.get("adam", lr=1e-3)
    starts = np.random.default_rng(0).uniform((-2.0, -1.0), (2.0, 3.0), size=(points, 2))
    optimizers.run(opt, surface, starts[:100], 10)  # warm up
    seconds = best_of(repeats, lambda: optimizers.run(opt, surface, starts, steps))
    rate = points * steps / seconds
    print(
        f"(b) throughput: {points:,} points x {steps} Adam steps on Rosenbrock in {seconds:.3f} s "
        f"= {rate / 1e6:.1f} million point-steps/s (best of {repeats})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats (a smoke run)")
    parser.add_argument("--reference-python", default=os.environ.get("REFERENCE_PYTHON"))
    parser.add_argument("--reference-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_only:  # the subprocess side: print the reference timings as JSON
        print(json.dumps(reference_timings(args.steps, args.repeats)))
        return
    repeats = 2 if args.quick else 5
    print(f"load average before: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    steps = 300 if args.quick else 2000
    theirs, note = per_step(steps=steps, repeats=repeats, reference_python=args.reference_python)
    muon_step(steps=steps, repeats=repeats, theirs=theirs, note=note)
    throughput(points=10_000, steps=50 if args.quick else 500, repeats=repeats)
    print(f"load average after: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
