"""Activation functions by their torch.nn names, each with its closed-form derivative.

Every entry has ``fn(x, xp=np, **params)`` and ``derivative(x, xp=np, **params)`` (with respect to the
pre-activation ``x``; tested against autograd, which is why the array module ``xp`` is an argument).
At a kink the derivative is the one torch's backward uses (ReLU's is 0 at 0, ELU's is alpha).

- ``sigmoid``: :math:`\\sigma(x) = 1 / (1 + e^{-x})`, derivative :math:`\\sigma (1 - \\sigma)`;
- ``tanh``: :math:`\\tanh x`, derivative :math:`1 - \\tanh^2 x`;
- ``relu``: :math:`\\max(0, x)`, derivative :math:`[x > 0]`;
- ``leaky_relu``: :math:`x` for :math:`x > 0`, else :math:`s x` (``negative_slope`` s = 0.01); 1 or s;
- ``prelu``: leaky_relu with a learned slope :math:`a` (``init`` 0.25); 1 or :math:`a`;
- ``elu``: :math:`x` for :math:`x > 0`, else :math:`\\alpha (e^x - 1)`; 1 or :math:`\\alpha e^x`;
- ``selu``: :math:`\\lambda\\, \\mathrm{elu}_{\\alpha}(x)` with torch's :math:`\\lambda, \\alpha`;
- ``gelu``: :math:`x\\, \\Phi(x)` (exact, with erf); derivative :math:`\\Phi(x) + x \\varphi(x)`;
- ``silu``: :math:`x\\, \\sigma(x)`; derivative :math:`\\sigma (1 + x (1 - \\sigma))`;
- ``softplus``: :math:`\\log(1 + e^{x})`, and :math:`x` above 20 (torch's threshold); :math:`\\sigma(x)`;
- ``linear``: :math:`x`; derivative 1.

PReLU's slope is a parameter of the network (one per hidden layer, like ``torch.nn.PReLU()``); its
derivative with respect to the slope is :math:`\\min(x, 0)`.

Where the derivative is a function of the output :math:`y = f(x)` alone (``tanh``: :math:`1 - y^2`,
``sigmoid``: :math:`y (1 - y)`, ``relu``: :math:`[y > 0]`), ``backprop(upstream, y)`` multiplies an upstream
gradient by it in place, as backpropagation has always done: no second evaluation of :math:`f`, no new array.
It gives the same numbers, bit for bit, as ``upstream * derivative(x)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from paramspec import Param, resolve
from paramspec.registry import Registry

from .special import normal_cdf

__all__ = ["ACTIVATIONS", "Activation", "get", "names"]

# torch.nn.SELU's constants (Klambauer et al., 2017), as torch writes them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
SOFTPLUS_THRESHOLD = 20.0


@dataclass(frozen=True)
class Activation:
    """One activation: ``fn(x, xp, **params)`` and ``derivative(x, xp, **params)`` with ``params`` resolved.

    ``learned`` names the parameter the network learns (PReLU's ``init`` slope) or is ``None``;
    ``backprop(upstream, y)``, where there is one, is ``upstream * derivative(x)`` from the output ``y``, in
    place; ``fn_into(x, out)`` writes ``fn(x)`` into ``out`` (the same numbers, into a network's arrays).
    """

    name: str
    title: str
    latex: str
    params: tuple[Param, ...]
    fn: Callable[..., Any] = field(repr=False)
    derivative: Callable[..., Any] = field(repr=False)
    learned: str | None = None
    backprop: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(default=None, repr=False)
    fn_into: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(default=None, repr=False)

    def resolve(self, given: dict[str, Any]) -> dict[str, Any]:
        """Defaults overlaid with ``given``, each value validated against its :class:`Param`."""
        resolved = resolve(self.params, dict(given), owner=f"activation {self.name!r}")
        return {p.name: p.validate(resolved[p.name]) for p in self.params}


def _sigmoid(x, xp=np):
    return 0.5 * (1.0 + xp.tanh(0.5 * x))  # = 1 / (1 + e^-x) without overflow


def _sigmoid_derivative(x, xp=np):
    s = _sigmoid(x, xp)
    return s * (1.0 - s)


def _tanh_derivative(x, xp=np):
    t = xp.tanh(x)
    return 1.0 - t * t


def _tanh_backprop(upstream, y):
    upstream *= 1.0 - y * y
    return upstream


def _sigmoid_backprop(upstream, y):
    upstream *= y * (1.0 - y)
    return upstream


def _relu_backprop(upstream, y):
    # y > 0 exactly where x > 0; times a boolean is times 1.0 or 0.0, as derivative(x) has it
    return np.multiply(upstream, y > 0, out=upstream)


def _tanh_into(x, out):
    return np.tanh(x, out=out)


def _sigmoid_into(x, out):
    # 0.5 * (1 + tanh(0.5 x)), operation for operation as _sigmoid
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


@lru_cache(maxsize=4)
def _zeros(shape: tuple[int, ...]) -> np.ndarray:
    zeros = np.zeros(shape)
    zeros.setflags(write=False)
    return zeros


def _relu_into(x, out):
    # against an array of zeros, not the scalar 0: numpy's loop over two contiguous arrays is twice as fast
    return np.maximum(x, _zeros(x.shape), out=out)


def _relu(x, xp=np):
    return xp.maximum(x, 0.0)


def _relu_derivative(x, xp=np):
    return xp.where(x > 0, 1.0, 0.0)


def _leaky(x, xp=np, negative_slope=0.01):
    return xp.where(x > 0, x, negative_slope * x)


def _leaky_derivative(x, xp=np, negative_slope=0.01):
    return xp.where(x > 0, 1.0, negative_slope)


def _prelu(x, xp=np, init=0.25):
    return xp.where(x > 0, x, init * x)


def _prelu_derivative(x, xp=np, init=0.25):
    return xp.where(x > 0, 1.0, init)


def _elu(x, xp=np, alpha=1.0):
    return xp.where(x > 0, x, alpha * (xp.exp(xp.minimum(x, 0.0)) - 1.0))


def _elu_derivative(x, xp=np, alpha=1.0):
    return xp.where(x > 0, 1.0, alpha * xp.exp(xp.minimum(x, 0.0)))


def _selu(x, xp=np):
    return SELU_SCALE * _elu(x, xp, SELU_ALPHA)


def _selu_derivative(x, xp=np):
    return SELU_SCALE * _elu_derivative(x, xp, SELU_ALPHA)


def _gelu(x, xp=np):
    return x * normal_cdf(x)


def _gelu_derivative(x, xp=np):
    return normal_cdf(x) + x * xp.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def _silu(x, xp=np):
    return x * _sigmoid(x, xp)


def _silu_derivative(x, xp=np):
    s = _sigmoid(x, xp)
    return s * (1.0 + x * (1.0 - s))


def _softplus(x, xp=np):
    # log(1 + e^x) = max(x, 0) + log1p(e^-|x|), exact and overflow-free; linear above torch's threshold
    return xp.where(x > SOFTPLUS_THRESHOLD, x, xp.maximum(x, 0.0) + xp.log1p(xp.exp(-xp.abs(x))))


def _softplus_derivative(x, xp=np):
    return xp.where(x > SOFTPLUS_THRESHOLD, 1.0, _sigmoid(x, xp))


def _linear(x, xp=np):
    return x


def _one(x, xp=np):
    return xp.ones_like(x)


SLOPE = Param(
    "negative_slope", 0.01, low=0.0, high=1.0, label="slope", help="Slope for negative inputs (torch: 0.01)."
)
PRELU_INIT = Param(
    "init",
    0.25,
    low=0.0,
    high=1.0,
    label="initial slope",
    help="Learned slope's initial value (torch: 0.25).",
)
ALPHA = Param("alpha", 1.0, low=0.01, high=5.0, label=r"$\alpha$", help="Saturation value -alpha (torch: 1).")

ACTIVATIONS: Registry[Activation] = Registry(
    "activation",
    {
        a.name: a
        for a in (
            Activation(
                "sigmoid",
                "Sigmoid",
                r"\sigma(x) = \frac{1}{1 + e^{-x}}",
                (),
                _sigmoid,
                _sigmoid_derivative,
                backprop=_sigmoid_backprop,
                fn_into=_sigmoid_into,
            ),
            Activation(
                "tanh",
                "Tanh",
                r"\tanh x",
                (),
                lambda x, xp=np: xp.tanh(x),
                _tanh_derivative,
                backprop=_tanh_backprop,
                fn_into=_tanh_into,
            ),
            Activation(
                "relu",
                "ReLU",
                r"\max(0, x)",
                (),
                _relu,
                _relu_derivative,
                backprop=_relu_backprop,
                fn_into=_relu_into,
            ),
            Activation("leaky_relu", "Leaky ReLU", r"\max(s x, x)", (SLOPE,), _leaky, _leaky_derivative),
            Activation("prelu", "PReLU", r"\max(a x, x)", (PRELU_INIT,), _prelu, _prelu_derivative, "init"),
            Activation("elu", "ELU", r"x \text{ or } \alpha (e^x - 1)", (ALPHA,), _elu, _elu_derivative),
            Activation("selu", "SELU", r"\lambda\, \mathrm{elu}_\alpha(x)", (), _selu, _selu_derivative),
            Activation("gelu", "GELU", r"x\, \Phi(x)", (), _gelu, _gelu_derivative),
            Activation("silu", "SiLU (swish)", r"x\, \sigma(x)", (), _silu, _silu_derivative),
            Activation("softplus", "Softplus", r"\log(1 + e^x)", (), _softplus, _softplus_derivative),
            Activation("linear", "Linear (none)", "x", (), _linear, _one),
        )
    },
)


def names() -> list[str]:
    """Registry names in picker order."""
    return ACTIVATIONS.names()


def get(name: str) -> Activation:
    """The :class:`Activation` called ``name`` (``KeyError`` with the one unknown-name wording)."""
    return ACTIVATIONS[name]
