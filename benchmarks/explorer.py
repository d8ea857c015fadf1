"""How fast is the landscape explorer? Prints figures with the machine's load; asserts nothing.

    .venv/bin/python benchmarks/explorer.py [--quick]

(a) A 200 x 200 basin map at 500 Adam steps on Rosenbrock (40,000 starts, 20 million point-steps).
    Target: under 2 s. The peer is the bare ``optimizers.run`` of the same starts in the same process: the
    ratio is the price of the labelling and of running in memory-bounded chunks.
(b) A 60 x 60 lr x momentum sweep at 500 heavy-ball steps on the ravine (3,600 cells, one vectorised run).
    Target: under 2 s.
(c) Both again for a custom formula (``surfaces.from_expression``: Rosenbrock typed in, derivatives by
    autograd), against the built-in closed forms.

Each figure is the best of a few repeats (the machine is shared; the minimum is the least disturbed run).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
# after the path setup: the app is not an installed package
import explorer
import optimizers
import surfaces
from benchmarks.timing import best_of

ROSENBROCK_FORMULA = "(1 - x)**2 + 100*(y - x**2)**2"
RAVINE_FORMULA = "0.5*(x**2 + 10*y**2)"


def basin_figures(surface, label: str, resolution: int, steps: int, repeats: int) -> None:
    adam = optimizers.get("adam", lr=0.02)
    xs, ys = explorer.cell_centres(surface.window, resolution)
    starts = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    chunk = max(1, explorer.basins.CHUNK_FLOATS // (2 * (steps + 1)))  # the engine's own chunks
    bare = best_of(
        repeats,
        lambda: [
            optimizers.run(adam, surface, starts[i : i + chunk], steps) for i in range(0, len(starts), chunk)
        ],
    )
    mapped = best_of(repeats, lambda: explorer.basin_map(surface, adam, resolution=resolution, steps=steps))
    point_steps = resolution * resolution * steps
    print(
        f"basin map {resolution} x {resolution} x {steps} Adam steps, {label}: {mapped:.2f} s "
        f"({point_steps / mapped / 1e6:.1f} M point-steps/s); bare optimizers.run {bare:.2f} s; "
        f"ratio {mapped / bare:.2f}"
    )


def sweep_figures(surface, label: str, side: int, steps: int, repeats: int) -> None:
    axes = {"lr": explorer.log_grid(1e-4, 1.0, side), "momentum": np.linspace(0.0, 0.99, side)}
    start = (-8.0, 2.0)
    elapsed = best_of(
        repeats, lambda: explorer.sweep(surface, optimizers.get("momentum"), start, axes, steps)
    )
    print(
        f"sweep {side} x {side} lr x momentum x {steps} heavy-ball steps, {label}: {elapsed:.2f} s "
        f"({side * side * steps / elapsed / 1e6:.1f} M point-steps/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids, one repeat (a smoke run)")
    quick = parser.parse_args().quick
    resolution, side, steps, repeats = (50, 20, 100, 1) if quick else (200, 60, 500, 3)
    print(f"load before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"cores: {os.cpu_count()}")
    rosenbrock = surfaces.get("rosenbrock")
    typed = surfaces.from_expression(ROSENBROCK_FORMULA, window=rosenbrock.window)
    basin_figures(rosenbrock, "Rosenbrock (closed form)", resolution, steps, repeats)
    basin_figures(typed, f"formula {ROSENBROCK_FORMULA!r} (autograd)", resolution, steps, repeats)
    sweep_figures(surfaces.get("ravine", condition_number=10), "ravine (closed form)", side, steps, repeats)
    typed_ravine = surfaces.from_expression(RAVINE_FORMULA, window=((-10.0, 10.0), (-4.0, 4.0)))
    sweep_figures(typed_ravine, f"formula {RAVINE_FORMULA!r} (autograd)", side, steps, repeats)
    print(f"load after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
