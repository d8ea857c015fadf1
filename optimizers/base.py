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

Real-valued hyperparameters also broadcast: ``get("adam", lr=np.array([[0.01], [0.1]]))`` is two settings in
one optimizer, and a run of it steps a batch of two points, point ``i`` with ``lr[i]`` (a sweep in one
vectorised run). An array has a trailing axis of length 1, ``(..., 1)``, so that it lines up with the
points' ``(..., d)``; its leading axes are the :attr:`Optimizer.batch_shape`. Validation is elementwise and
names the first bad element. Each point follows exactly the path of a run with its own scalar setting, bit
for bit: formulas of the step count alone (bias corrections) are evaluated in Python once per distinct value
(:func:`optimizers.transforms.per_setting`), as in the scalar case. Flags and choices take one value; an
optimizer whose step decides per run (L-BFGS's line search) sets :attr:`OptimizerSpec.scalar_only`.
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


class UpdateRule(NamedTuple):
    """What an optimizer's factory returns: its pure functions, before :meth:`OptimizerSpec.make` binds the
    registry name and the resolved hyperparameters into an :class:`Optimizer`."""

    init: InitFn
    update: UpdateFn
    effective_lr: EffectiveLrFn


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
      shown_fields: the state fields a recorded run tabulates (the spec's ``state_labels``, set by
        :meth:`OptimizerSpec.make`); ``None`` records every numeric field.
      batch_shape: the batch shape asked for by broadcast hyperparameters, ``()`` for scalar ones.
    """

    name: str
    hyperparams: Mapping[str, Any]
    init: InitFn = field(repr=False)
    update: UpdateFn = field(repr=False)
    effective_lr: EffectiveLrFn = field(repr=False)
    shown_fields: frozenset[str] | None = field(default=None, repr=False)
    batch_shape: tuple[int, ...] = field(init=False, default=())

    def __post_init__(self):
        object.__setattr__(self, "hyperparams", MappingProxyType(dict(self.hyperparams)))
        object.__setattr__(self, "batch_shape", settings_shape(self.hyperparams))

    @property
    def lr(self) -> float | np.ndarray:
        """The base learning rate (``1.0`` for optimizers without one); an array for broadcast settings."""
        lr = self.hyperparams.get("lr", 1.0)
        return lr if isinstance(lr, np.ndarray) else float(lr)


def settings_shape(hyperparams: Mapping[str, Any]) -> tuple[int, ...]:
    """The batch shape that broadcast hyperparameter arrays ask for: ``()`` when every value is a scalar.

    Each array has shape ``(..., 1)``; the result is the broadcast of their leading axes.
    """
    shapes = []
    for value in hyperparams.values():
        for leaf in value if isinstance(value, tuple) else (value,):
            if isinstance(leaf, np.ndarray):
                shapes.append(leaf.shape[:-1])
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        listed = ", ".join(str((*shape, 1)) for shape in shapes)
        raise ValueError(f"hyperparameter arrays of shapes {listed} do not broadcast together") from None


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
      build: ``build(**hyperparams) -> UpdateRule``, called with every hyperparameter resolved (keyword
        arguments without defaults: a default lives in its :class:`Param` only).
      order: 1 for first-order methods, 2 for methods that use the Hessian (or curvature pairs).
      scalar_only: why this optimizer takes one value per hyperparameter; empty when its real-valued
        hyperparameters broadcast (the usual case).
      averaged_field: the state field holding a second point the optimizer itself returns as its answer
        (ASGD's ``average``, Schedule-Free's ``averaged_point``); the playground draws it beside the path
        in place of the run loop's Polyak/EMA average. Empty for optimizers whose answer is the path.
      averaged_name: how the legend names that point (``"averaged point x"``).
      needs_matrices: why the optimizer needs weight matrices (Muon), empty otherwise; such an optimizer
        is left out of ``optimizers.names()`` (the 2D pickers) and offered where parameters include
        matrices: ``names(networks=True)``, the network lab.
      on_surface: two or three sentences for the lane editor: what the optimizer shows on a 2D surface
        (what to look for in its path), beyond the one-line ``description``.
    """

    name: str
    title: str
    description: str
    latex: str
    params: tuple[Param, ...]
    state_labels: Mapping[str, str]
    build: Callable[..., Optimizer] = field(repr=False)
    order: int = 1
    scalar_only: str = ""
    averaged_field: str = ""
    averaged_name: str = ""
    on_surface: str = ""
    needs_matrices: str = ""

    def make(self, **hyperparams: Any) -> Optimizer:
        """Bind hyperparameters (defaults for the rest); unknown names raise ``TypeError``.

        Types are coerced here (``betas=[0.9, 0.99]`` becomes a tuple, an array of settings a read-only
        float array); ranges are checked by the optimizer itself, with torch.optim's messages, so values
        outside the app's slider range are still accepted. :attr:`Optimizer.hyperparams` is filled here,
        from the resolved :class:`Param` values (real numbers as Python floats: ``lr=1`` reads ``1.0``).
        """
        resolved = paramspec.resolve(self.params, hyperparams, owner=self.name)
        params = {p.name: p for p in self.params}
        coerced = {name: coerce(params[name], value) for name, value in resolved.items()}
        if self.scalar_only and any(isinstance(leaf, np.ndarray) for leaf in _leaves(coerced)):
            raise ValueError(f"{self.name} takes one value per hyperparameter: {self.scalar_only}")
        rule = self.build(**coerced)  # as given, so that torch's messages print -1 where -1 was given
        recorded = {name: _recorded(params[name], value) for name, value in coerced.items()}
        return Optimizer(self.name, recorded, *rule, shown_fields=frozenset(self.state_labels))

    def param(self, name: str) -> Param:
        """The :class:`Param` called ``name`` (``KeyError`` listing the names otherwise)."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(
            f"{self.name} has no hyperparameter {name!r}; valid: {', '.join(p.name for p in self.params)}"
        )


def _recorded(param: Param, value: Any) -> Any:
    """``value`` as :attr:`Optimizer.hyperparams` holds it: real numbers as floats, arrays of settings as they
    are, flags, whole numbers, choices and ``None`` unchanged."""
    if value is None or param.kind not in ("float", "pair"):
        return value
    return tuple(map(as_float, value)) if param.kind == "pair" else as_float(value)


def _leaves(hyperparams: Mapping[str, Any]):
    for value in hyperparams.values():
        yield from value if isinstance(value, tuple) else (value,)


def coerce(param: Param, value: Any) -> Any:
    """``value`` as the Python type of ``param.kind``, without the app's range check.

    NaN and infinities pass through on purpose: the optimizer's own check then rejects them with torch's
    message (``not 0.0 <= nan`` is true in torch too). A NumPy array of settings (shape ``(..., 1)``) is
    accepted for real-valued hyperparameters and for each number of a pair.
    """
    if value is None and param.optional:
        return None
    if isinstance(value, np.ndarray) and value.ndim > 0 and param.kind != "pair":
        if param.kind != "float":
            raise ValueError(f"{param.name} takes one value; only real-valued hyperparameters broadcast")
        return _settings(param.name, value)
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
        return tuple(
            _settings(param.name, v) if isinstance(v, np.ndarray) and v.ndim > 0 else _number(param.name, v)
            for v in (first, second)
        )
    number = _number(param.name, value)
    if param.kind == "int":
        if not math.isfinite(number) or number != int(number):
            raise ValueError(f"{param.name} must be a whole number, got {value!r}")
        return int(number)
    return number


def _settings(name: str, value: np.ndarray) -> np.ndarray:
    """A read-only float copy of an array of settings, which must have shape ``(..., 1)``."""
    if value.dtype.kind not in "biuf" or value.dtype.kind == "b":
        raise ValueError(f"{name} must be numbers, got an array of {value.dtype}")
    if value.shape[-1] != 1:
        raise ValueError(
            f"{name}: an array of settings needs a trailing axis of length 1, shape (k, 1) for k settings; "
            f"got shape {value.shape}"
        )
    settings = np.array(value, dtype=float)
    settings.setflags(write=False)
    return settings


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
# "Invalid learning rate: -1" exactly as torch prints it; for an array of settings the message names the first
# element that fails.


def check(message: str, value: Any, valid: Callable[[Any], Any]) -> None:
    """``ValueError(f"{message}: {value}")`` unless ``valid(value)``, elementwise for an array of settings.

    ``valid`` is written with comparisons and ``&`` so that it works on a number and on an array alike; NaN
    fails every comparison, as in torch.
    """
    invalid = np.logical_not(valid(value))
    if isinstance(value, np.ndarray):
        if invalid.any():
            raise ValueError(f"{message}: {value[np.broadcast_to(invalid, value.shape)].flat[0].item()}")
    elif invalid:
        raise ValueError(f"{message}: {value}")


def as_float(value: Any) -> float | np.ndarray:
    """A Python float, or the array of settings as it is (already a read-only float array)."""
    return value if isinstance(value, np.ndarray) else float(value)


def any_nonzero(value: Any) -> bool:
    """Whether a hyperparameter (or any of its settings) is non-zero: a term that can be skipped otherwise."""
    return bool(np.any(value != 0))


def check_lr(lr: float) -> None:
    check("Invalid learning rate", lr, lambda v: v >= 0.0)


def check_eps(eps: float) -> None:
    check("Invalid epsilon value", eps, lambda v: v >= 0.0)


def check_weight_decay(weight_decay: float) -> None:
    check("Invalid weight_decay value", weight_decay, lambda v: v >= 0.0)


def check_betas(betas: tuple[float, float]) -> None:
    for index, beta in enumerate(betas):
        check(f"Invalid beta parameter at index {index}", beta, lambda v: (v >= 0.0) & (v < 1.0))


def check_nonnegative(name: str, value: float) -> None:
    """torch's ``Invalid <name> value: <value>`` for hyperparameters that must be >= 0."""
    check(f"Invalid {name} value", value, lambda v: v >= 0.0)
