"""What each activation costs: NumPy time per million evaluations of f and f', and one forward and backward
pass of a 6 x 32 MLP on 1,000 points, each as a ratio to tanh measured in the same run, with the load.

    .venv/bin/python benchmarks/activations.py

Target (issue 25): GELU within 3x of tanh. Best of several repeats each (benchmarks/timing.py).
"""

from __future__ import annotations

import os
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nets  # noqa: E402
from benchmarks.timing import best_of  # noqa: E402
from nets import activations, lessons  # noqa: E402

HIDDEN = (32,) * 6
POINTS = 1_000
TARGET = 3.0


def network_pass_seconds(activation: str) -> float:
    """One forward and backward pass of the 6 x 32 MLP (its loss's gradient) on POINTS inputs."""
    rng = np.random.default_rng(0)
    inputs = rng.standard_normal((POINTS, 2))
    architecture = nets.Architecture(2, HIDDEN, 1, activation, {})
    theta = rng.standard_normal(architecture.size) * 0.3

    def one_pass():
        fwd = nets.forward(architecture, theta, inputs)
        nets.backward(architecture, theta, fwd, np.ones((POINTS, 1)))

    return best_of(5, one_pass)


def interleaved(measure, names, rounds: int = 5) -> dict:
    """Best over ``rounds`` rounds of ``measure(name)`` for every name, the names taking turns in each round,
    so a burst of load from other jobs falls on all of them alike."""
    best: dict = {}
    for _ in range(rounds):
        for name in names:
            value = measure(name)
            best[name] = value if name not in best else np.minimum(best[name], value)
    return best


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")
    costs = interleaved(lambda name: np.array(lessons.cost_per_million(name, repeats=2)), activations.names())
    tanh_f, tanh_d = costs["tanh"]
    print(f"{'activation':<12} {'f ms/M':>8} {'x tanh':>7} {'f′ ms/M':>8} {'x tanh':>7}")
    for name in activations.names():
        forward, derivative = costs[name]
        print(
            f"{name:<12} {1e3 * forward:8.2f} {forward / tanh_f:7.2f} "
            f"{1e3 * derivative:8.2f} {derivative / tanh_d:7.2f}"
        )
    passes = interleaved(network_pass_seconds, ("tanh", "gelu"))
    tanh_pass, gelu_pass = passes["tanh"], passes["gelu"]
    ratio = gelu_pass / tanh_pass
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"6 x 32 MLP, {POINTS:,} points, forward + backward: tanh {1e3 * tanh_pass:.2f} ms, "
        f"GELU {1e3 * gelu_pass:.2f} ms = {ratio:.2f}x tanh ({verdict} the target {TARGET:g}x)"
    )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
