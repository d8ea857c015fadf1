"""The explorer page's own settings, described once as :class:`paramspec.Param` s, their URL form and the
compute budget of each tool.

The page's surface, optimizer (with its hyperparameters), start and steps are the playground's (one lane of
a :class:`playground.state.PlaygroundState`, with the playground's URL codec); the keys here are the
explorer's additions and never collide with the playground's keys or any surface parameter (tested).

The cost of a tool is known before anything runs, in *point-steps* (one optimizer step of one point)
turned into seconds with factors measured by ``benchmarks/explorer.py`` on the 2-core build machine under
load: a vectorised batch (basin map, sweep) costs about 0.1 µs per point-step with closed-form gradients and
0.4 µs with a formula's autograd gradient; the one-point runs of an ensemble about 20 µs per step. The page
compares the estimate with the app's budget in seconds (``playground.budget.budget_seconds()``, the same
knob as the playground's) and refuses, with the numbers, a run that does not fit.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from paramspec import Param

TOOLS = ("basins", "sweep", "ensemble", "range")
TOOL_TITLES = {
    "basins": "Basins of attraction",
    "sweep": "Hyperparameter sweep",
    "ensemble": "Seed ensemble",
    "range": "Learning-rate range test",
}
COMPARE = ("noise", "batch_size")

BATCH_SECONDS = 1.0e-7  # per point-step of a vectorised batch, closed-form gradients
FORMULA_BATCH_SECONDS = 4.0e-7  # the same with a typed formula (autograd)
SINGLE_STEP_SECONDS = 2.0e-5  # per step of a one-point run (ensemble members)


def _sweepable() -> tuple[str, ...]:
    """Every real-valued hyperparameter of any registered optimizer (the axes a link may name)."""
    import optimizers

    found = [p.name for n in optimizers.names() for p in optimizers.spec(n).params if p.kind == "float"]
    return tuple(dict.fromkeys(found))


AXES = _sweepable()
PARAMS = (
    Param("tool", "basins", kind="choice", choices=TOOLS, help="Which of the four tools is shown."),
    Param(
        "grid", 60, kind="int", low=8, high=200, label="starts per side", help="Starts per side of the map."
    ),
    Param(
        "tol",
        1e-2,
        low=1e-6,
        high=1.0,
        log=True,
        label="tolerance (distance to a minimum)",
        help="A run within this distance of a known minimum at its last step has reached it.",
    ),
    Param("x", "lr", kind="choice", choices=AXES, label="sweep across", help="The hyperparameter across."),
    Param("xr", (1e-3, 1.0), kind="pair", low=0.0, high=100.0, label="from, to", help="Its range."),
    Param(
        "y",
        "momentum",
        kind="choice",
        choices=("none", *AXES),
        label="sweep up",
        help="The hyperparameter up the diagram (none: a one-axis sweep).",
    ),
    Param("yr", (0.0, 0.99), kind="pair", low=0.0, high=100.0, label="from, to", help="Its range."),
    Param("cells", 30, kind="int", low=2, high=80, label="values per axis", help="Values per axis."),
    Param("members", 50, kind="int", low=2, high=200, label="seeds per setting", help="Runs per setting."),
    Param(
        "compare",
        "noise",
        kind="choice",
        choices=COMPARE,
        label="compare two",
        help="Two gradient-noise levels, or two mini-batch sizes (data surfaces only).",
    ),
    Param(
        "levels",
        (0.1, 1.0),
        kind="pair",
        low=0.0,
        high=1000.0,
        label="first, second",
        help="The two noise levels (std) or batch sizes compared.",
    ),
    Param(
        "lrs",
        (1e-5, 10.0),
        kind="pair",
        low=1e-8,
        high=100.0,
        label="lr from, lr to",
        help="Range of the learning-rate ramp.",
    ),
    Param("ramp", 100, kind="int", low=10, high=1000, label="ramp steps", help="Steps of the ramp."),
)
PARAMS_BY_NAME = {p.name: p for p in PARAMS}
KEYS = tuple(PARAMS_BY_NAME)


@dataclasses.dataclass(frozen=True)
class ExplorerSettings:
    """The explorer's settings, one field per :data:`PARAMS` entry (same names)."""

    tool: str = "basins"
    grid: int = 60
    tol: float = 1e-2
    x: str = "lr"
    xr: tuple[float, float] = (1e-3, 1.0)
    y: str = "momentum"
    yr: tuple[float, float] = (0.0, 0.99)
    cells: int = 30
    members: int = 50
    compare: str = "noise"
    levels: tuple[float, float] = (0.1, 1.0)
    lrs: tuple[float, float] = (1e-5, 10.0)
    ramp: int = 100


def to_query(settings: ExplorerSettings) -> dict[str, str]:
    """The URL keys of the settings that differ from the defaults (the tool is always written)."""
    default = ExplorerSettings()
    query = {"tool": settings.tool}
    for param in PARAMS:
        value = getattr(settings, param.name)
        if param.name != "tool" and value != getattr(default, param.name):
            query[param.name] = param.format(value)
    return query


def from_query(query: Mapping[str, Any]) -> tuple[ExplorerSettings, dict[str, Any], list[str]]:
    """Split ``query`` into the explorer's settings, the rest (for the playground's codec) and notices.

    A malformed value falls back to its default with a notice; nothing raises for any mapping of strings.
    """
    values, notices, rest = {}, [], {}
    for key, raw in query.items():
        param = PARAMS_BY_NAME.get(key)
        if param is None:
            rest[key] = raw
            continue
        text = raw[0] if isinstance(raw, (list, tuple)) and raw else raw
        try:
            values[key] = _ordered(param, param.parse(str(text)))
        except ValueError as error:
            notices.append(f"{error}; using {param.format(param.default)}.")
    return ExplorerSettings(**values), rest, notices


def _ordered(param: Param, value):
    if param.kind == "pair" and not value[0] < value[1]:
        raise ValueError(f"{param.name} must be two increasing numbers, got {param.format(value)}")
    return value


def point_steps(settings: ExplorerSettings, steps: int) -> int:
    """The point-steps the shown tool will take (the range test is one run of ``settings.ramp`` steps)."""
    if settings.tool == "basins":
        return settings.grid * settings.grid * steps
    if settings.tool == "sweep":
        return settings.cells ** (1 if settings.y == "none" else 2) * steps
    if settings.tool == "ensemble":
        return 2 * settings.members * steps
    return settings.ramp


def estimate_seconds(settings: ExplorerSettings, steps: int, formula: bool) -> float:
    """Estimated seconds of the shown tool (see the module docstring for the factors)."""
    cost = point_steps(settings, steps)
    if settings.tool == "ensemble" or settings.tool == "range":
        return cost * SINGLE_STEP_SECONDS
    return cost * (FORMULA_BATCH_SECONDS if formula else BATCH_SECONDS)


def over_budget(settings: ExplorerSettings, steps: int, formula: bool, seconds: float) -> str | None:
    """A sentence saying why the tool will not run within ``seconds``, or ``None`` when it fits."""
    estimate = estimate_seconds(settings, steps, formula)
    if estimate <= seconds:
        return None
    what = {
        "basins": "starts x steps",
        "sweep": "cells x steps",
        "ensemble": "members x 2 settings x steps",
        "range": "ramp steps",
    }[settings.tool]
    kind = (
        " (a typed formula's gradients are slower)"
        if formula and settings.tool in ("basins", "sweep")
        else ""
    )
    return (
        f"This asks for {point_steps(settings, steps):,} point-steps ({what}), about {estimate:.1f} s{kind}; "
        f"the limit here is {seconds:g} s. Lower the resolution, the cells or members, or the steps."
    )


def sweep_axes(settings: ExplorerSettings, optimizer: str) -> dict[str, Any]:
    """The sweep's axes for ``optimizer``: name -> grid of ``settings.cells`` values, log-spaced for a
    hyperparameter with a log scale (learning rates, eps). ``ValueError`` naming the valid axes otherwise."""
    import numpy as np

    import optimizers

    spec = optimizers.spec(optimizer)
    floats = [p.name for p in spec.params if p.kind == "float"]
    axes = {}
    for name, (low, high) in ((settings.x, settings.xr), (settings.y, settings.yr)):
        if name == "none":
            continue
        if name not in floats:
            raise ValueError(f"{spec.title} has no {name}; sweep one of {', '.join(floats)}")
        if name in axes:
            raise ValueError("the two axes of a sweep must be different hyperparameters")
        if not low < high:
            raise ValueError(f"the range of {name} must run from a smaller to a larger value")
        if spec.param(name).log:
            if low <= 0:
                raise ValueError(f"{name} is swept on a log scale: its range must start above 0")
            axes[name] = np.geomspace(low, high, settings.cells)
        else:
            axes[name] = np.linspace(low, high, settings.cells)
    return axes
