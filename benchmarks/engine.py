"""How fast is the optimizer engine? Prints figures; asserts nothing (timings belong here, not in tests).

    .venv/bin/python benchmarks/engine.py [--quick]

(a) Cost per step of ``optimizers.run`` on ONE 2D point against a plain torch.optim loop doing the same
    steps (``zero_grad``, loss, ``backward``, ``step`` on a float64 tensor of 2) on Rosenbrock, for Adam,
    RMSprop and SGD with momentum, measured side by side in this process. Target: ratio <= 0.15.
(b) Throughput of ``optimizers.run`` for 10,000 start points x 500 Adam steps on Rosenbrock, in point-steps
    per second. Target: >= 20 million on one core.

Each figure is the best of several repeats (the machine is shared and noisy; the minimum is the least
disturbed measurement). Without torch installed, (a) is skipped and (b) is printed alone.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

# after the path setup: the app is not an installed package
import optimizers
import surfaces

START = (-1.5, 2.0)
# (our name, hyperparameters, torch class name, torch keyword arguments): small learning rates so the runs
# stay finite for every step and both loops do the same arithmetic.
CASES = [
    ("adam", {"lr": 1e-3}, "Adam", {"lr": 1e-3}),
    ("rmsprop", {"lr": 1e-3}, "RMSprop", {"lr": 1e-3}),
    ("momentum", {"lr": 1e-4}, "SGD", {"lr": 1e-4, "momentum": 0.9}),
]


def best_of(repeats: int, fn) -> float:
    """The smallest wall-clock time of ``repeats`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def torch_loop(torch, cls_name: str, kwargs: dict, steps: int):
    def rosenbrock(p):
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2

    def loop():
        p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, cls_name)([p], **kwargs)
        for _ in range(steps):
            opt.zero_grad()
            loss = rosenbrock(p)
            loss.backward()
            opt.step()
        return p.detach().numpy()

    return loop


def per_step(steps: int, repeats: int) -> None:
    try:
        import torch
    except ImportError:
        print("(a) skipped: torch is not installed (pip install torch to compare with torch.optim)")
        return
    torch.set_num_threads(1)
    surface = surfaces.get("rosenbrock")
    print(f"(a) cost per step on one 2D point, Rosenbrock from {START}, {steps} steps, best of {repeats}")
    print(f"    {'optimizer':<10} {'ours (us)':>10} {'torch (us)':>11} {'ratio':>7}   same path")
    for name, hyperparams, cls_name, kwargs in CASES:
        opt = optimizers.get(name, **hyperparams)
        ours_fn = lambda opt=opt: optimizers.run(opt, surface, START, steps)  # noqa: E731
        theirs_fn = torch_loop(torch, cls_name, kwargs, steps)
        ours_fn(), theirs_fn()  # warm up both
        ours = theirs = float("inf")
        for _ in range(repeats):  # interleaved, so that both see the same machine load
            ours = min(ours, best_of(1, ours_fn))
            theirs = min(theirs, best_of(1, theirs_fn))
        same = np.allclose(ours_fn()[-1], theirs_fn(), rtol=1e-9, atol=1e-12)
        ratio = ours / theirs
        print(
            f"    {name:<10} {ours / steps * 1e6:>10.2f} {theirs / steps * 1e6:>11.2f} {ratio:>7.3f}   "
            f"{'yes' if same else 'NO'}"
        )


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
    args = parser.parse_args()
    repeats = 2 if args.quick else 5
    per_step(steps=300 if args.quick else 2000, repeats=repeats)
    throughput(points=10_000, steps=50 if args.quick else 500, repeats=repeats)


if __name__ == "__main__":
    main()
