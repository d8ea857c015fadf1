"""Print the tuned learning rates that playground/defaults.py holds, measured by playground.tuning.

    python -m tools.tune_defaults

Each row: the surface, then per story optimizer the tuned rate and the step at which it settles (``-``: not
within the steps). tests/playground/test_tuning.py checks the table against the same measurement.
"""

from __future__ import annotations

import surfaces
from playground import defaults
from playground.lane import Lane
from playground.tuning import tune


def tuned_rates(surface, steps: int = defaults.TUNING_STEPS) -> dict[str, tuple[float, int | None]]:
    """Story optimizer -> (tuned lr, settling step) on ``surface`` from its default start."""
    return {
        name: (result.lr, result.settled_at)
        for name in defaults.STORY_OPTIMIZERS
        for result in [tune(surface, Lane(name), surface.starts[0], steps)]
    }


def main() -> None:
    cases = [(name, {}) for name in defaults.TUNED_SURFACES]
    cases.append((defaults.OPENING_SURFACE, defaults.OPENING_PARAMS))
    for name, params in cases:
        row = tuned_rates(surfaces.get(name, **params))
        cells = ", ".join(
            f"{opt}: {lr:g} ({when if when is not None else '-'})" for opt, (lr, when) in row.items()
        )
        print(f"{name} {params or ''}".rstrip() + f": {cells}")


if __name__ == "__main__":
    main()
