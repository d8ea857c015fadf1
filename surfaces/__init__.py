"""Loss surfaces: pure NumPy functions of two parameters with closed-form gradients and Hessians.

>>> import surfaces
>>> s = surfaces.get("ravine", condition_number=100)
>>> s.grad([[1.0, 1.0]])
array([[  1., 100.]])

``names()`` lists the catalogue in display order, ``spec(name)`` describes an entry before its parameters are
chosen, ``get(name, **params)`` builds a :class:`Surface`, ``from_expression(text)`` parses a user formula.
Adding a surface is one module and one line in ``_CATALOGUE``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from paramspec.registry import Registry

from .ackley import ACKLEY
from .base import Objective, Surface, SurfaceSpec
from .beale import BEALE
from .data import LINEAR_REGRESSION, LOGISTIC_REGRESSION
from .expression import from_expression
from .goldstein_price import GOLDSTEIN_PRICE
from .himmelblau import HIMMELBLAU
from .quadratic import BOOTH, RAVINE
from .rastrigin import RASTRIGIN
from .rosenbrock import ROSENBROCK
from .saddle import SADDLE
from .six_hump_camel import SIX_HUMP_CAMEL
from .styblinski_tang import STYBLINSKI_TANG

__all__ = ["REGISTRY", "Objective", "Surface", "SurfaceSpec", "from_expression", "get", "names", "spec"]

_CATALOGUE: tuple[SurfaceSpec, ...] = (
    RAVINE,
    SADDLE,
    ROSENBROCK,
    BEALE,
    HIMMELBLAU,
    BOOTH,
    RASTRIGIN,
    ACKLEY,
    SIX_HUMP_CAMEL,
    STYBLINSKI_TANG,
    GOLDSTEIN_PRICE,
    LINEAR_REGRESSION,
    LOGISTIC_REGRESSION,
)
REGISTRY: Registry[SurfaceSpec] = Registry("surface", {entry.name: entry for entry in _CATALOGUE})


def names() -> list[str]:
    """Registry names in catalogue order."""
    return REGISTRY.names()


def spec(name: str) -> SurfaceSpec:
    """The catalogue entry ``name``; ``KeyError`` listing the valid names otherwise."""
    return REGISTRY[name]


def get(name: str, **params: Any) -> Surface:
    """Build surface ``name``: unknown name -> ``KeyError``, unknown parameter -> ``TypeError``, bad value ->
    ``ValueError`` (with the allowed range)."""
    return _build(name, REGISTRY.settings(name, params))


@lru_cache(maxsize=64)
def _build(name: str, params: tuple[tuple[str, Any], ...]) -> Surface:
    # Surfaces are immutable, and data surfaces cost a data set and a Newton solve to build: share them.
    return REGISTRY[name].build(**dict(params))
