"""A multilayer perceptron over ONE flat parameter vector, with backpropagation written out in NumPy.

Layer :math:`l = 1..L` (hidden) computes :math:`z_l = h_{l-1} W_l^\\top + b_l`, :math:`h_l = f(z_l)` (times a
dropout mask while training), and the output layer :math:`z_{L+1} = h_L W_{L+1}^\\top + b_{L+1}` has no
activation (the loss applies softmax or sigmoid). The flat vector :math:`\\theta \\in \\mathbb{R}^d` holds,
layer by layer, ``W`` (shape ``(fan_out, fan_in)``, row-major), ``b`` and, for PReLU, the layer's slope:
exactly the order of ``torch.nn.utils.parameters_to_vector`` over ``nn.Sequential(Linear, PReLU, Linear,
...)``. So every optimizer trains the network without knowing it is one.

Backward, for the upstream gradient :math:`\\delta_{L+1} = \\partial \\ell / \\partial z_{L+1}`:

.. math::

    \\frac{\\partial \\ell}{\\partial W_l} = \\delta_l^\\top h_{l-1}, \\quad
    \\frac{\\partial \\ell}{\\partial b_l} = \\textstyle\\sum_i \\delta_{l,i}, \\quad
    \\delta_{l} = \\big(\\delta_{l+1} W_{l+1} \\odot m_l\\big) \\odot f'(z_l)

with :math:`m_l` the layer's dropout mask (ones without dropout).

With ``norm="batch"`` every hidden layer normalises its pre-activations before the activation
(``nn.Sequential(Linear, BatchNorm1d, <activation>, ...)``, :mod:`nets.batchnorm`): the flat vector then holds
each hidden layer's ``W``, ``b``, the normalisation's scale :math:`\\gamma` and shift :math:`\\beta`, then
PReLU's slope, in torch's order. The forward pass runs in training mode (batch statistics) unless it is
given the running statistics.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from . import activations, batchnorm, init

__all__ = ["Architecture", "Layer", "Pass", "Workspace", "backward", "forward"]

# What the engine accepts (the app offers less: 1-6 hidden layers of 1-32 units, see nets.PARAMS).
MAX_LAYERS = 64
MAX_WIDTH = 4096
NORMS = ("none", "batch")  # what a hidden layer does between its affine map and its activation


class Layer(NamedTuple):
    """Where one layer's parameters sit in the flat vector."""

    weight: slice
    shape: tuple[int, int]  # (fan_out, fan_in)
    bias: slice
    slope: int | None  # index of PReLU's learned slope, None otherwise
    scale: slice | None = None  # batch normalisation's gamma (hidden layers with norm="batch")
    shift: slice | None = None  # and its beta


class Pass(NamedTuple):
    """What the forward pass keeps for the backward pass and for the statistics."""

    inputs: list[np.ndarray]  # h_0 .. h_L: the input of every affine layer (after dropout)
    # z_1 .. z_L of the hidden layers (after normalisation, if any); None when the pass did not keep them
    # (a workspace's pass of an activation whose derivative reads from its outputs, see forward)
    pre_activations: list[np.ndarray] | None
    masks: tuple[np.ndarray, ...] | None  # the (scaled) dropout masks, or None
    outputs: np.ndarray  # z_{L+1}: (n, output_dim)
    norms: tuple[batchnorm.Normalised, ...] | None = None  # what each hidden layer's normalisation kept


@dataclass(frozen=True)
class Architecture:
    """Sizes and activation of an MLP; ``layers`` and ``size`` describe its flat parameter vector.

    ``activation_params`` are resolved against the activation's :class:`paramspec.Param` s (PReLU's
    ``init`` is the initial value of its learned slopes).
    """

    input_dim: int
    hidden: tuple[int, ...]
    output_dim: int
    activation: str = "relu"
    activation_params: Mapping[str, Any] = field(default_factory=dict)
    norm: str = "none"
    layers: tuple[Layer, ...] = field(init=False, repr=False, compare=False)
    size: int = field(init=False, compare=False)

    def __post_init__(self):
        set_ = object.__setattr__
        hidden = tuple(self.hidden)
        for name, value in (
            ("input_dim", self.input_dim),
            ("output_dim", self.output_dim),
            *(("width", w) for w in hidden),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, np.integer))
                or not 1 <= value <= MAX_WIDTH
            ):
                raise ValueError(f"{name} must be a whole number between 1 and {MAX_WIDTH}, got {value!r}")
        if not 0 <= len(hidden) <= MAX_LAYERS:
            raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
        if self.norm not in NORMS:
            raise ValueError(f"norm must be one of {', '.join(NORMS)}, got {self.norm!r}")
        entry = activations.get(self.activation)
        set_(self, "hidden", tuple(int(w) for w in hidden))
        set_(self, "activation_params", MappingProxyType(entry.resolve(self.activation_params)))
        layers, offset = [], 0
        sizes = (int(self.input_dim), *self.hidden, int(self.output_dim))
        for index, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            weight = slice(offset, offset + fan_in * fan_out)
            bias = slice(weight.stop, weight.stop + fan_out)
            offset = bias.stop
            slope = scale = shift = None
            hidden_layer = index < len(self.hidden)
            if self.norm == "batch" and hidden_layer:
                scale = slice(offset, offset + fan_out)
                shift = slice(scale.stop, scale.stop + fan_out)
                offset = shift.stop
            if entry.learned is not None and hidden_layer:
                slope, offset = offset, offset + 1
            layers.append(Layer(weight, (fan_out, fan_in), bias, slope, scale, shift))
        set_(self, "layers", tuple(layers))
        set_(self, "size", offset)

    @property
    def widths(self) -> tuple[int, ...]:
        """Units per layer, inputs first and outputs last (``(2, 8, 8, 1)``)."""
        return (self.input_dim, *self.hidden, self.output_dim)

    def unflatten(self, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, float | None]]:
        """``(W, b, slope)`` per layer as views into ``theta`` (no copies)."""
        return [
            (
                theta[layer.weight].reshape(layer.shape),
                theta[layer.bias],
                None if layer.slope is None else theta[layer.slope],
            )
            for layer in self.layers
        ]

    def normalisation(self, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray] | None]:
        """``(gamma, beta)`` views per hidden layer with batch normalisation, ``None`` per layer without."""
        return [
            None if layer.scale is None else (theta[layer.scale], theta[layer.shift])
            for layer in self.layers[:-1]
        ]

    def weight_mask(self) -> np.ndarray:
        """``(d,)`` booleans: True on the weights (what L1/L2 penalise), False on biases, normalisation
        scales and shifts, and slopes."""
        mask = np.zeros(self.size, dtype=bool)
        for layer in self.layers:
            mask[layer.weight] = True
        return mask

    def initial_params(
        self, scheme: str = "kaiming_uniform", params: Mapping[str, Any] | None = None, seed: int = 0
    ):
        """A fresh ``(d,)`` vector: weights from ``scheme`` (a :mod:`nets.init` name), biases zero (uniform
        :math:`\\pm 1/\\sqrt{n_{in}}` for ``pytorch_default``), PReLU slopes at their ``init`` value."""
        entry = init.get(scheme)
        resolved = entry.resolve(dict(params or {}))
        rng = np.random.default_rng(seed)
        theta = np.zeros(self.size)
        for layer in self.layers:
            theta[layer.weight] = entry.sample(rng, layer.shape, **resolved).ravel()
            if scheme == "pytorch_default":
                bound = 1.0 / np.sqrt(layer.shape[1])
                theta[layer.bias] = rng.uniform(-bound, bound, layer.shape[0])
            if layer.scale is not None:  # torch's BatchNorm1d starts as the identity: gamma 1, beta 0
                theta[layer.scale] = 1.0
            if layer.slope is not None:
                theta[layer.slope] = self.activation_params["init"]
        return theta


class Workspace:
    """Arrays for the passes of one caller, kept from call to call (a training step allocates nothing large).

    A fresh array of a thousand rows is memory the system hands over page by page, which cost a 6 x 32 ReLU
    network's forward pass a third of its time; these are filled in place instead. What a pass returns then
    lives in the workspace until its next pass: a caller keeps one per thread, and nothing it returns (the
    gradient is always a new array) refers to it.
    """

    def __init__(self):
        self._arrays: dict[tuple[str, int], np.ndarray] = {}

    def array(self, name: str, index: int, shape: tuple[int, ...], dtype=float) -> np.ndarray:
        """The ``shape`` array called ``(name, index)``, made on first use and when the shape changes
        (``dtype``: of its first use; a name keeps one)."""
        kept = self._arrays.get((name, index))
        if kept is None or kept.shape != shape:
            kept = self._arrays[name, index] = np.empty(shape, dtype)
        return kept

    def augmented(self, index: int, width: int, n: int) -> np.ndarray:
        """The ``(width + 1, n)`` input of layer ``index`` in the pass's layout: ``width`` rows of values
        (written by the caller) above a row of ones, which multiplies the bias column of :meth:`affine`."""
        kept = self._arrays.get(("a", index))
        if kept is None or kept.shape != (width + 1, n):
            kept = self._arrays["a", index] = np.empty((width + 1, n))
            kept[width] = 1.0
        return kept

    def affine(self, index: int, W: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``[W | b]``, layer ``index``'s weights with its bias as one more column (one product per layer)."""
        fan_out, fan_in = W.shape
        joined = self.array("Wb", index, (fan_out, fan_in + 1))
        joined[:, :fan_in] = W
        joined[:, fan_in] = b
        return joined

    def ones(self, n: int) -> np.ndarray:
        """``n`` ones: the product with them sums a gradient's columns in one BLAS call."""
        kept = self._arrays.get(("ones", 0))
        if kept is None or kept.shape != (n,):
            kept = self._arrays["ones", 0] = np.ones(n)
        return kept


def _activation(architecture: Architecture):
    entry = activations.get(architecture.activation)
    fixed = {k: v for k, v in architecture.activation_params.items() if k != entry.learned}
    return entry, fixed


def forward(
    architecture: Architecture,
    theta,
    inputs,
    masks=None,
    test_scale: float = 1.0,
    running=None,
    workspace: Workspace | None = None,
) -> Pass:
    """The forward pass of ``(n, input_dim)`` inputs.

    ``masks``: one ``(n, width)`` array per hidden layer that multiplies its activations (a dropout mask
    already scaled as the dropout mode wants), or ``None``; ``test_scale`` multiplies the hidden activations
    when there are no masks (plain dropout's test-time scaling by the keep probability; 1 otherwise).
    ``running``: with batch normalisation, one :class:`nets.batchnorm.RunningStats` per hidden layer for
    evaluation mode; ``None`` normalises with the batch's own statistics (training mode).
    ``workspace``: where to write the pass (see :class:`Workspace`); ``None`` makes new arrays.

    The pass is computed unit by unit: a layer's values are a C-ordered ``(width, n)`` array, one row per
    unit, so that the layer is one BLAS product of contiguous arrays, :math:`[W \\mid b]\\,[h; 1]` (the bias
    is a column of the product, the inputs carry a row of ones), and its activation one sweep over
    contiguous memory. The :class:`Pass` hands them out as ``(n, width)`` views, their transposes.
    """
    entry, fixed = _activation(architecture)
    fresh = workspace is None
    workspace = Workspace() if fresh else workspace
    h = np.asarray(inputs, dtype=float)
    theta = np.asarray(theta, dtype=float)
    n = len(h)
    layers = architecture.unflatten(theta)
    normalisation = architecture.normalisation(theta)
    augmented = workspace.augmented(0, h.shape[1], n)
    augmented[:-1] = h.T
    # a workspace's pass keeps no pre-activations where the activation's derivative reads from its outputs:
    # each layer's product is written where its activation goes and activated there, in place
    in_place = (
        fresh is False
        and entry.backprop is not None
        and architecture.norm == "none"
        and masks is None
        and test_scale == 1.0
    )
    kept_inputs, pre_activations, norms = [h], [], []
    for index, (W, b, slope) in enumerate(layers[:-1]):
        width = len(W)
        below, augmented = augmented, workspace.augmented(index + 1, width, n)
        h = augmented[:width]  # C-contiguous: the first rows of a C-ordered array
        if in_place:
            entry.fn_into(np.matmul(workspace.affine(index, W, b), below, out=h), h)
            kept_inputs.append(h.T)
            continue
        z = np.matmul(workspace.affine(index, W, b), below, out=workspace.array("z", index, (width, n)))
        if normalisation[index] is not None:
            stats = None if running is None else running[index]
            y, kept = batchnorm.forward(z.T, *normalisation[index], stats)
            z = y.T
            norms.append(kept)
        pre_activations.append(z.T)
        if slope is None and entry.fn_into is not None:
            entry.fn_into(z, h)
        else:
            h[...] = entry.fn(z, **fixed) if slope is None else entry.fn(z, init=slope)
        if masks is not None:
            np.multiply(h, masks[index].T, out=h)
        elif test_scale != 1.0:
            h *= test_scale
        kept_inputs.append(h.T)
    W, b, _ = layers[-1]
    last = len(layers) - 1
    outputs = np.matmul(workspace.affine(last, W, b), augmented, out=workspace.array("z", last, (len(W), n)))
    return Pass(
        kept_inputs, None if in_place else pre_activations, masks, outputs.T, tuple(norms) if norms else None
    )


def backward(
    architecture: Architecture,
    theta,
    fwd: Pass,
    d_outputs,
    test_scale: float = 1.0,
    workspace: Workspace | None = None,
) -> np.ndarray:
    """``(d,)`` gradient of the loss for ``d_outputs`` = d loss / d outputs ``(n, output_dim)``; the
    intermediate gradients go to ``workspace`` when one is given (see :class:`Workspace`), unit by unit as
    :func:`forward` computes them."""
    entry, fixed = _activation(architecture)
    workspace = Workspace() if workspace is None else workspace
    theta = np.asarray(theta, dtype=float)
    layers = architecture.unflatten(theta)
    grad = np.empty(architecture.size)
    delta = np.asarray(d_outputs, dtype=float).T  # (output_dim, n): a row per unit
    ones = workspace.ones(delta.shape[1])
    # the layer's outputs are f(z) themselves (no mask, no scaling): the derivative can be read from them
    from_outputs = entry.backprop is not None and fwd.masks is None and test_scale == 1.0
    for index in range(len(layers) - 1, -1, -1):
        W = layers[index][0]
        layout = architecture.layers[index]
        # written straight into the gradient vector (its slices are contiguous): no temporary, no copy
        np.matmul(delta, fwd.inputs[index], out=grad[layout.weight].reshape(layout.shape))
        # the bias gradient sums delta's columns: as a product with ones it is one BLAS call, not n additions
        np.matmul(delta, ones, out=grad[layout.bias])
        if index == 0:
            break
        # two arrays in turn: a layer's delta is read until the one below it is written
        into = workspace.array("d_h", index % 2, (W.shape[1], delta.shape[1]))
        # one unit above: the product is an outer product, which a broadcast multiplication does faster
        product = np.multiply if len(W) == 1 else np.matmul
        d_h = product(W.T, delta, out=into)
        if fwd.masks is not None:
            np.multiply(d_h, fwd.masks[index - 1].T, out=d_h)
        elif test_scale != 1.0:
            d_h *= test_scale
        slope = layers[index - 1][2]
        if from_outputs:
            delta = entry.backprop(d_h, fwd.inputs[index].T)
        elif slope is None:
            delta = d_h * entry.derivative(fwd.pre_activations[index - 1].T, **fixed)
        else:
            z = fwd.pre_activations[index - 1].T
            grad[architecture.layers[index - 1].slope] = float(np.sum(d_h * np.minimum(z, 0.0)))
            delta = d_h * entry.derivative(z, init=slope)
        below = architecture.layers[index - 1]
        if below.scale is not None:
            d_z, grad[below.scale], grad[below.shift] = batchnorm.backward(
                delta.T, theta[below.scale], fwd.norms[index - 1]
            )
            delta = d_z.T
    return grad


def outputs_of_many(architecture: Architecture, thetas, inputs, test_scale: float = 1.0) -> np.ndarray:
    """``(k, n, output_dim)``: the evaluation-time outputs of :func:`forward` (no masks, ``test_scale``) for
    each of ``k`` parameter vectors ``thetas`` ``(k, d)`` on the same ``(n, input_dim)`` inputs, number for
    number: each layer is one stacked product (a BLAS product per vector, on the operands
    :func:`forward` multiplies) and one activation over all vectors. For networks without normalisation
    and without a learned activation parameter (``ValueError`` otherwise)."""
    entry, fixed = _activation(architecture)
    if architecture.norm != "none" or entry.learned is not None:
        raise ValueError("outputs_of_many takes networks without normalisation or learned activations")
    thetas = np.asarray(thetas, dtype=float)
    x = np.asarray(inputs, dtype=float)
    k, n = len(thetas), len(x)
    below = np.empty((x.shape[1] + 1, n))
    below[:-1], below[-1] = x.T, 1.0
    for layer in architecture.layers[:-1]:
        width = layer.shape[0]
        augmented = np.empty((k, width + 1, n))
        augmented[:, width] = 1.0
        h = augmented[:, :width]
        z = np.matmul(_joined(thetas, layer), below)
        if entry.fn_into is not None:
            entry.fn_into(z, h)
        else:
            h[...] = entry.fn(z, **fixed)
        if test_scale != 1.0:
            h *= test_scale
        below = augmented
    return np.matmul(_joined(thetas, architecture.layers[-1]), below).transpose(0, 2, 1)


def _joined(thetas: np.ndarray, layer: Layer) -> np.ndarray:
    """``(k, fan_out, fan_in + 1)``: ``[W | b]`` of one layer for each of ``k`` parameter vectors."""
    fan_out, fan_in = layer.shape
    joined = np.empty((len(thetas), fan_out, fan_in + 1))
    joined[:, :, :fan_in] = thetas[:, layer.weight].reshape(-1, fan_out, fan_in)
    joined[:, :, fan_in] = thetas[:, layer.bias]
    return joined
