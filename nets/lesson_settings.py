"""The settings of the activation and initialisation lessons as :class:`Param` s, and their URL form.

>>> values, notices = from_query(ACTIVATION_PAGE, {"depth": "20", "lr": "lots"})
>>> values["depth"], values["lr"], notices
(20, 10.0, ["lr: 'lots' is not a number between 0.1 and 100; using 10."])
>>> to_query(ACTIVATION_PAGE, values)
{'depth': '20'}

:func:`from_query` never raises: a value it cannot use falls back to its default with a short notice (user
text excerpted); ``from_query(p, to_query(p, v)) == (v, [])``. The deep experiment's size is bounded by
:data:`MAX_DEEP_WORK` multiply-adds (layers x width^2 x points), checked by :func:`deep_work_notice`, and
the Initialisation page's time by the server's budget through :func:`deep_seconds`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paramspec import Param
from paramspec.registry import excerpt

from . import activations
from .lessons import DEEP_INIT_SETTINGS

ACTIVATION_PAGE = (
    Param(
        "negative_slope",
        0.01,
        low=0.0,
        high=1.0,
        label="Leaky ReLU slope",
        help="Slope of Leaky ReLU for negative inputs (torch: 0.01).",
    ),
    Param("alpha", 1.0, low=0.01, high=5.0, label="ELU alpha", help="ELU saturates at -alpha (torch: 1)."),
    Param("depth", 10, kind="int", low=2, high=40, help="Layers the gradient passes through."),
    Param("lr", 10.0, low=0.1, high=100.0, log=True, label="large learning rate", help="The one large step."),
)

INIT_ACTIVATIONS = ("tanh", "relu")
INIT_SETTINGS = tuple(DEEP_INIT_SETTINGS)
# the page's deeper lesson below the comparison: none, residual blocks, SELU's self-normalisation, batch
# normalisation of the page's activation and initialisation, dropout's test-time scale, dropout's mask average
INIT_DEEPER = ("none", "residual", "selu", "batchnorm", "dropout", "masks")
INIT_PAGE = (
    Param("activation", "tanh", kind="choice", choices=INIT_ACTIVATIONS, help="Hidden-layer activation."),
    Param("setting", "small", kind="choice", choices=INIT_SETTINGS, help="Weight initialisation."),
    Param("layers", 10, kind="int", low=2, high=20, help="Hidden layers of the deep network."),
    Param("width", 500, kind="int", low=10, high=1000, help="Units in every layer."),
    Param("points", 1000, kind="int", low=10, high=2000, help="Unit-Gaussian inputs."),
    Param(
        "deeper",
        "none",
        kind="choice",
        choices=INIT_DEEPER,
        help="A deeper lesson: residual blocks with a zero last layer, SELU's self-normalisation, batch "
        "normalisation under this initialisation, dropout at test time, or dropout as an average over masks.",
    ),
    Param(
        "keep",
        0.5,
        low=0.1,
        high=0.9,
        label="dropout keep q",
        help="The dropout lessons' keep probability q: each hidden unit survives with probability q.",
    ),
)
# multiply-adds of one forward pass of the deep experiment: the default (10 x 500^2 x 1,000) and a little more
MAX_DEEP_WORK = 4e9


def _valid(param: Param) -> str:
    if param.kind == "choice":
        return "one of " + ", ".join(map(str, param.choices))
    return f"a {'whole ' if param.kind == 'int' else ''}number {param.range_text()}"


def from_query(params: tuple[Param, ...], query: Mapping[str, Any]) -> tuple[dict, list[str]]:
    """The values a URL asks for (defaults for the rest) and a notice for each value it could not use."""
    values = {p.name: p.default for p in params}
    notices = []
    for param in params:
        if param.name not in query:
            continue
        raw = query[param.name]
        text = str(raw[0] if isinstance(raw, (list, tuple)) and raw else raw)
        try:
            values[param.name] = param.parse(text)
        except ValueError:
            notices.append(
                f"{param.name}: {excerpt(text)!r} is not {_valid(param)}; "
                f"using {param.format(param.default)}."
            )
    return values, notices


def to_query(params: tuple[Param, ...], values: Mapping[str, Any]) -> dict[str, str]:
    """The URL parameters of ``values`` (defaults left out)."""
    return {p.name: p.format(values[p.name]) for p in params if values[p.name] != p.default}


def deep_work(values: Mapping[str, Any]) -> float:
    """Multiply-adds of one forward pass of the deep experiment."""
    return float(values["layers"]) * values["width"] ** 2 * values["points"]


def deep_work_notice(values: dict) -> str | None:
    """``None`` if the size fits :data:`MAX_DEEP_WORK`; else cuts ``values["points"]`` until it does and
    says so."""
    work = deep_work(values)
    if work <= MAX_DEEP_WORK:
        return None
    points = max(10, int(MAX_DEEP_WORK / (values["layers"] * values["width"] ** 2)))
    values["points"] = points
    return (
        f"{values['layers']} layers of {values['width']} units on that many points is {work:.1e} "
        f"multiply-adds, more than the budget of {MAX_DEEP_WORK:.0e}; using {points:,} points."
    )


# ---- the Initialisation page's price, measured by benchmarks/budget.py --networks ----
# Per point and layer of the deep experiment: width^2 multiply-adds (forward, and backward twice) and
# width elements (activation, its derivative, histograms, statistics).
DEEP_MULTIPLY_ADD_SECONDS = 9e-11
DEEP_ELEMENT_SECONDS = 7.5e-08
# Per weight drawn, whatever the points: every layer draws its width x width matrix (1.0-1.4e-8 s a weight
# for every setting but zeros, 2026-12-08, load 18; 0.22 s of the largest allowed experiment, 20 x 1,000).
DEEP_WEIGHT_SECONDS = 1.1e-08
COMPARE_WIDTH, COMPARE_POINTS = 200, 300  # the page's comparison of every setting, at a size of its own
# The symmetry lesson's two runs (0.05 s of thread CPU at load 18) and the figures (plain dicts: 1 ms), with
# a margin; 0.15 before priced the smallest page at 2.3 times its measured time (benchmarks/budget.py --check)
PAGE_SECONDS = 0.08
# the dropout lessons at their own fixed size (nets.lessons_dropout's defaults), in thread CPU seconds with a
# margin: the three rules' six passes (measured 0.03 s) and the trained network with its 4,096 masks (0.50 s;
# one BLAS thread, load 12-16)
DROPOUT_SECONDS = {"dropout": 0.05, "masks": 0.7}


def deep_seconds(values: Mapping[str, Any]) -> tuple[float, float]:
    """``(per point, fixed)`` seconds of the Initialisation page: the deep experiment grows with its points;
    the comparison of all six settings, the symmetry lesson and the figures do not."""
    layers, width = values["layers"], values["width"]

    def per_point(units: int) -> float:
        return layers * (DEEP_MULTIPLY_ADD_SECONDS * units**2 + DEEP_ELEMENT_SECONDS * units)

    def weights(units: int) -> float:
        return layers * DEEP_WEIGHT_SECONDS * units**2

    one_compared = COMPARE_POINTS * per_point(COMPARE_WIDTH) + weights(COMPARE_WIDTH)
    # residual blocks: two layers a block; SELU: three activations' stacks; batch norm: one normalised stack
    # (the plain one is the comparison's); all at the comparison's size
    lesson = values.get("deeper", "none")
    deeper = {"residual": 2, "selu": 3, "batchnorm": 1}.get(lesson, 0)
    compare = (len(DEEP_INIT_SETTINGS) + deeper) * one_compared
    fixed = weights(width) + compare + PAGE_SECONDS + DROPOUT_SECONDS.get(lesson, 0.0)
    return per_point(width), fixed


def deep_what(values: Mapping[str, Any]) -> str:
    """The experiment in a sentence for the budget's notice."""
    return (
        f"The deep experiment with {values['layers']} layers of {values['width']:,} units on "
        f"{values['points']:,} points"
    )


def activation_params(values: Mapping[str, Any], name: str) -> dict:
    """The parameters of activation ``name`` taken from the page's values (slope, alpha)."""
    own = {p.name for p in activations.get(name).params}
    return {key: values[key] for key in ("negative_slope", "alpha") if key in own}
