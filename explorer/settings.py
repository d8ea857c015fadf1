"""The explorer page's own settings, described once as :class:`paramspec.Param` s, and their URL form.

The page's surface, optimizer (with its hyperparameters), start and steps are the playground's (one lane of
a :class:`playground.state.PlaygroundState`, with the playground's URL codec); the keys here are the
explorer's additions and never collide with the playground's keys or any surface parameter (tested).

What each tool costs, and what runs within the server's budget, is :mod:`explorer.budget`'s.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from paramspec import Param
from playground.state import Lane
from playground.state import from_query as playground_from_query
from playground.state import to_query as playground_to_query

TOOLS = ("basins", "sweep", "ensemble", "range")
TOOL_TITLES = {
    "basins": "Basins of attraction",
    "sweep": "Hyperparameter sweep",
    "ensemble": "Seed ensemble",
    "range": "Learning-rate range test",
}
COMPARE = ("noise", "batch_size")


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


# a map of 200 steps leaves most slow starts unsettled: the explorer's runs default to 500
DEFAULT_STEPS = 500
DEFAULT_LANE = Lane("momentum", {"lr": 0.01})


def read_link(query: Mapping[str, Any], presets: Mapping[str, Any] | None = None):
    """The page's state, settings and notices from a link: the playground's codec for the surface, the
    one lane, the start and the steps (the explorer's own defaults where the link names none), the
    explorer's keys for the rest; ``?scene=ID`` of a ``presets`` entry (with ``playground`` and
    ``settings``) opens that preset, whatever else the link says. Nothing raises for any mapping of
    strings (or lists of strings)."""
    found_settings, rest, found = from_query(query)
    scene = rest.pop("scene", "")
    scene = scene[0] if isinstance(scene, (list, tuple)) and scene else scene
    preset = (presets or {}).get(str(scene).strip())
    if preset is not None:
        playground = dataclasses.replace(preset.playground, scene=None)
        rest, found_settings = {k: [v] for k, v in playground_to_query(playground).items()}, preset.settings
    loaded, more = playground_from_query(rest)
    first = loaded.lanes[0] if "lane1" in rest else DEFAULT_LANE
    steps = loaded.steps if "steps" in rest else DEFAULT_STEPS
    return dataclasses.replace(loaded, lanes=(first,), steps=steps), found_settings, found + more


def _ordered(param: Param, value):
    if param.kind == "pair" and not value[0] < value[1]:
        raise ValueError(f"{param.name} must be two increasing numbers, got {param.format(value)}")
    return value


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
