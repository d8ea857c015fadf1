"""The two types every optimizer is made of: :class:`OptimizerSpec` (the picker entry) and :class:`Optimizer`.

An :class:`Optimizer` is a bound, immutable pair of pure functions in the spirit of optax::

    state = opt.init(params)                                   # params: shape (..., d)
    updates, state = opt.update(grads, state, params, lr=lr, objective=objective)
    params = params + updates

``lr`` is the (scheduled) learning rate of this step and ``objective`` has ``value``/``grad``/``hessian``
of the same mini-batch, for second-order methods and line searches; first-order optimizers ignore it. The
state is a NamedTuple whose fields are what the inspector shows (``velocity``, ``second_moment``, ...);
scalar fields such as ``step`` are Python numbers shared by every point of a batch.

Hyperparameters are :class:`paramspec.Param` objects. Their ``low``/``high`` are the range the *app* offers;
``OptimizerSpec.make`` only coerces types and leaves range checks to the optimizer, which raises the same
``ValueError`` messages as ``torch.optim`` (``"Invalid learning rate: -1"``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

import paramspec
from paramspec import Param

State = NamedTuple
InitFn = Callable[[np.ndarray], Any]
UpdateFn = Callable[..., tuple[np.ndarray, Any]]
EffectiveLrFn = Callable[[Any, float], np.ndarray]


@dataclass(frozen=True, eq=False)
class Optimizer:
    """An optimizer with its hyperparameters bound.

    Attributes:
      name: the registry name (``"adam"``).
      hyperparams: the resolved hyperparameters, defaults included (read-only mapping).
      init: ``init(params) -> state`` for params of shape ``(..., d)``.
      update: ``update(grads, state, params, *, lr, objective) -> (updates, new_state)``.
      effective_lr: ``effective_lr(state, lr) -> (..., d)``: the per-axis factor in front of the descent
        direction at the step that produced ``state`` (``lr`` for SGD, ``lr / (sqrt(G) + eps)`` for AdaGrad).
    """

    name: str
    hyperparams: Mapping[str, Any]
    init: InitFn = field(repr=False)
    update: UpdateFn = field(repr=False)
    effective_lr: EffectiveLrFn = field(repr=False)

    def __post_init__(self):
        object.__setattr__(self, "hyperparams", MappingProxyType(dict(self.hyperparams)))

    @property
    def lr(self) -> float:
        """The base learning rate (``1.0`` for optimizers without one)."""
        return float(self.hyperparams.get("lr", 1.0))


@dataclass(frozen=True)
class OptimizerSpec:
    """A picker entry: everything the widgets, the URL codec, the CLI and the docs need.

    Attributes:
      name: registry name, also the URL and CLI value.
      title: display name (``"Adam"``).
      description: one line for a student.
      latex: the update rule (LaTeX, an ``aligned`` block).
      params: the hyperparameters, in torch.optim's order.
      state_labels: state field -> LaTeX label, for the fields the inspector shows.
      build: ``build(**hyperparams) -> Optimizer``, called with every hyperparameter resolved.
      order: 1 for first-order methods, 2 for methods that use the Hessian (or curvature pairs).
    """

    name: str
    title: str
    description: str
    latex: str
    params: tuple[Param, ...]
    state_labels: Mapping[str, str]
    build: Callable[..., Optimizer] = field(repr=False)
    order: int = 1

    def make(self, **hyperparams: Any) -> Optimizer:
        """Bind hyperparameters (defaults for the rest); unknown names raise ``TypeError``.

        Types are coerced here (``betas=[0.9, 0.99]`` becomes a tuple); ranges are checked by the optimizer
        itself, with torch.optim's messages, so values outside the app's slider range are still accepted.
        """
        resolved = paramspec.resolve(self.params, hyperparams, owner=self.name)
        params = {p.name: p for p in self.params}
        coerced = {name: coerce(params[name], value) for name, value in resolved.items()}
        return self.build(**coerced)

    def param(self, name: str) -> Param:
        """The :class:`Param` called ``name`` (``KeyError`` listing the names otherwise)."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(
            f"{self.name} has no hyperparameter {name!r}; valid: {', '.join(p.name for p in self.params)}"
        )


def coerce(param: Param, value: Any) -> Any:
    """``value`` as the Python type of ``param.kind``, without the app's range check.

    NaN and infinities pass through on purpose: the optimizer's own check then rejects them with torch's
    message (``not 0.0 <= nan`` is true in torch too).
    """
    if param.kind == "bool":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        raise ValueError(f"{param.name} must be true or false, got {value!r}")
    if param.kind == "choice":
        return param.validate(value)
    if param.kind == "pair":
        try:
            first, second = value
        except (TypeError, ValueError):
            raise ValueError(f"{param.name} must be two numbers, got {value!r}") from None
        return (_number(param.name, first), _number(param.name, second))
    number = _number(param.name, value)
    if param.kind == "int":
        if not math.isfinite(number) or number != int(number):
            raise ValueError(f"{param.name} must be a whole number, got {value!r}")
        return int(number)
    return number


def _number(name: str, value: Any) -> int | float:
    """A Python int or float, kept as given so that error messages print it as torch would (``-1``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return value.item() if isinstance(value, np.generic) else value


# Shared hyperparameter descriptions: one wording and one slider range per concept.


def lr_param(default: float, high: float = 10.0) -> Param:
    return Param(
        "lr",
        default,
        low=1e-6,
        high=high,
        log=True,
        label=r"\eta",
        help="Learning rate: the size of each step along the (rescaled) descent direction.",
    )


def eps_param(default: float) -> Param:
    return Param(
        "eps",
        default,
        low=1e-12,
        high=1.0,
        log=True,
        label=r"\epsilon",
        help="Added to the denominator so that a tiny gradient history cannot cause a huge step.",
    )


def weight_decay_param(default: float = 0.0, *, decoupled: bool = False) -> Param:
    how = (
        "shrinks the parameters by lr * weight_decay each step, apart from the gradient"
        if decoupled
        else "adds weight_decay * parameters to the gradient (an L2 penalty)"
    )
    return Param("weight_decay", default, low=0.0, high=1.0, label=r"\lambda", help=f"Weight decay: {how}.")


def betas_param(default: tuple[float, float] = (0.9, 0.999)) -> Param:
    return Param(
        "betas",
        default,
        kind="pair",
        low=0.0,
        high=0.9999,
        label=r"\beta_1, \beta_2",
        help="Decay rates of the running averages of the gradient and of the squared gradient.",
    )


def maximize_param() -> Param:
    return Param(
        "maximize",
        False,
        kind="bool",
        help="Climb the surface instead of descending (the gradient is negated).",
    )


def decoupled_param(default: bool = False) -> Param:
    return Param(
        "decoupled_weight_decay",
        default,
        kind="bool",
        help="Apply weight decay to the parameters directly (AdamW style), not through the gradient.",
    )


# torch.optim's checks and messages. They run on the values as given (before ``float()``), so ``lr=-1`` reads
# "Invalid learning rate: -1" exactly as torch prints it.


def check_lr(lr: float) -> None:
    if not lr >= 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")


def check_eps(eps: float) -> None:
    if not eps >= 0.0:
        raise ValueError(f"Invalid epsilon value: {eps}")


def check_weight_decay(weight_decay: float) -> None:
    if not weight_decay >= 0.0:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def check_betas(betas: tuple[float, float]) -> None:
    for index, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {index}: {beta}")


def check_nonnegative(name: str, value: float) -> None:
    """torch's ``Invalid <name> value: <value>`` for hyperparameters that must be >= 0."""
    if not value >= 0.0:
        raise ValueError(f"Invalid {name} value: {value}")
