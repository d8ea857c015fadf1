"""Weight initialisations by their torch.nn.init names, with torch's formulas and gains.

For a weight of shape ``(fan_out, fan_in)`` (torch's ``Linear.weight``):

- ``zeros``, ``constant`` (``val``): every weight the same, so every unit of a layer computes the same thing
  and receives the same gradient (the symmetry that random initialisation breaks);
- ``normal`` (``mean``, ``std``): :math:`N(\\text{mean}, \\text{std}^2)`; ``uniform`` (``a``, ``b``);
- ``xavier_uniform`` / ``xavier_normal`` (``gain``): std :math:`g \\sqrt{2 / (n_{in} + n_{out})}`
  (Glorot & Bengio, 2010); the uniform one on :math:`\\pm\\sqrt3\\,\\text{std}`;
- ``kaiming_uniform`` / ``kaiming_normal`` (``a``, ``mode``, ``nonlinearity``): std
  :math:`g / \\sqrt{n_{\\text{mode}}}` with :math:`g` = ``calculate_gain(nonlinearity, a)`` (He et al., 2015);
  torch's defaults ``a=0, mode="fan_in", nonlinearity="leaky_relu"`` give :math:`g = \\sqrt2`;
- ``pytorch_default``: what ``torch.nn.Linear`` does on construction, kaiming_uniform with
  :math:`a = \\sqrt5`, i.e. :math:`U(\\pm 1/\\sqrt{n_{in}})`, and biases :math:`U(\\pm 1/\\sqrt{n_{in}})`.

Biases start at zero for every other scheme (cs231n's advice; torch.nn.init leaves biases alone).
The random numbers come from NumPy, so they are not torch's numbers; their distribution is (tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paramspec import Param, resolve
from paramspec.registry import Registry

__all__ = ["INITIALISERS", "Initialiser", "calculate_gain", "get", "names"]

NONLINEARITIES = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")
MODES = ("fan_in", "fan_out")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """torch.nn.init.calculate_gain: the factor that keeps the variance of a layer's output at 1.

    linear and sigmoid 1, tanh 5/3, relu :math:`\\sqrt2`, leaky_relu :math:`\\sqrt{2 / (1 + a^2)}`
    (``param`` = a, 0.01 when ``None``), selu 3/4.
    """
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"nonlinearity must be one of {', '.join(NONLINEARITIES)}; got {nonlinearity!r}")


@dataclass(frozen=True)
class Initialiser:
    """``std(fan_in, fan_out, **params)`` (``None`` where not random around 0) and
    ``sample(rng, shape, **params)`` for a ``(fan_out, fan_in)`` weight."""

    name: str
    title: str
    params: tuple[Param, ...]
    sample: Callable[..., np.ndarray] = field(repr=False)
    std: Callable[..., float | None] = field(repr=False)

    def resolve(self, given: dict[str, Any]) -> dict[str, Any]:
        resolved = resolve(self.params, dict(given), owner=f"initialisation {self.name!r}")
        return {p.name: p.validate(resolved[p.name]) for p in self.params}


def _xavier_std(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def _kaiming_std(fan_in, fan_out, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    return calculate_gain(nonlinearity, a) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


GAIN = Param("gain", 1.0, low=0.0, high=10.0, help="Multiplies the standard deviation (torch: 1).")
KAIMING = (
    Param("a", 0.0, low=0.0, high=1.0, help="Negative slope of the leaky ReLU that follows (torch: 0)."),
    Param(
        "mode",
        "fan_in",
        kind="choice",
        choices=MODES,
        help="fan_in keeps the forward variance, fan_out the backward.",
    ),
    Param(
        "nonlinearity",
        "leaky_relu",
        kind="choice",
        choices=NONLINEARITIES,
        help="The activation that follows; sets the gain (torch: leaky_relu, with a = 0 the ReLU gain).",
    ),
)

INITIALISERS: Registry[Initialiser] = Registry(
    "initialisation",
    {
        i.name: i
        for i in (
            Initialiser("zeros", "Zeros", (), lambda rng, shape: np.zeros(shape), lambda fi, fo: 0.0),
            Initialiser(
                "constant",
                "Constant",
                (Param("val", 0.1, low=-10.0, high=10.0, help="The value of every weight."),),
                lambda rng, shape, val: np.full(shape, float(val)),
                lambda fi, fo, val: 0.0,
            ),
            Initialiser(
                "normal",
                "Normal",
                (
                    Param("mean", 0.0, low=-10.0, high=10.0, help="Mean of the weights (torch: 0)."),
                    Param("std", 1.0, low=0.0, high=10.0, log=False, help="Std of the weights (torch: 1)."),
                ),
                lambda rng, shape, mean, std: mean + std * rng.standard_normal(shape),
                lambda fi, fo, mean, std: std,
            ),
            Initialiser(
                "uniform",
                "Uniform",
                (
                    Param("a", 0.0, low=-10.0, high=10.0, help="Lower bound (torch: 0)."),
                    Param("b", 1.0, low=-10.0, high=10.0, help="Upper bound (torch: 1)."),
                ),
                lambda rng, shape, a, b: rng.uniform(a, b, shape),
                lambda fi, fo, a, b: abs(b - a) / math.sqrt(12),
            ),
            Initialiser(
                "xavier_uniform",
                "Xavier uniform",
                (GAIN,),
                lambda rng, shape, gain: _uniform(rng, shape, _xavier_std(shape[1], shape[0], gain)),
                _xavier_std,
            ),
            Initialiser(
                "xavier_normal",
                "Xavier normal",
                (GAIN,),
                lambda rng, shape, gain: _xavier_std(shape[1], shape[0], gain) * rng.standard_normal(shape),
                _xavier_std,
            ),
            Initialiser(
                "kaiming_uniform",
                "Kaiming uniform",
                KAIMING,
                lambda rng, shape, **p: _uniform(rng, shape, _kaiming_std(shape[1], shape[0], **p)),
                _kaiming_std,
            ),
            Initialiser(
                "kaiming_normal",
                "Kaiming normal",
                KAIMING,
                lambda rng, shape, **p: _kaiming_std(shape[1], shape[0], **p) * rng.standard_normal(shape),
                _kaiming_std,
            ),
            Initialiser(
                "pytorch_default",
                "PyTorch default (nn.Linear)",
                (),
                lambda rng, shape: _uniform(rng, shape, 1.0 / math.sqrt(3 * shape[1])),
                lambda fi, fo: 1.0 / math.sqrt(3 * fi),
            ),
        )
    },
)


def _uniform(rng, shape, std):
    bound = math.sqrt(3.0) * std  # U(-b, b) has std b / sqrt(3)
    return rng.uniform(-bound, bound, shape)


def names() -> list[str]:
    """Registry names in picker order."""
    return INITIALISERS.names()


def get(name: str) -> Initialiser:
    """The :class:`Initialiser` called ``name`` (``KeyError`` with the one unknown-name wording)."""
    return INITIALISERS[name]
