"""The measurements behind the activation-function and initialisation lectures, as pure functions.

Every number a page states about an activation or an initialisation comes from here, computed:

- :func:`activation_properties`: output range, zero-centredness, the largest slope and the saturated
  regions, measured on a grid (means over a unit Gaussian input by the trapezoid rule);
- :func:`cost_per_million`: measured NumPy time per million evaluations;
- :func:`derivative_product`: the bound :math:`\\max f'^{\\,L}` on how much a gradient can shrink through
  ``L`` layers (sigmoid: :math:`0.25^L`), and :func:`gradient_norms_at_init` the per-layer gradient norms
  of a real deep network from :mod:`nets`;
- :func:`same_sign_share` and :func:`quadrant_path`: all-positive inputs make every weight gradient of a
  unit share one sign (the "not zero-centred" zigzag);
- :func:`collapse_linear`: a deep linear network is one affine map;
- :func:`dead_after_large_step`: the share of units that die after one large learning-rate step;
- :func:`deep_init_experiment`: cs231n's deep network at initialisation, forward and backward, with or
  without batch normalisation (the layers themselves: :func:`deep_stack`).

The experiments that take long take ``stop``, the run loop's protocol (``stop(step) -> bool``, asked about
every ``optimizers.loop.STOP_CHECK_SECONDS`` between layers, steps or repeats): a True raises
:class:`Stopped`, and an exception it raises (a page whose visitor has left) ends the work there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from optimizers.loop import STOP_CHECK_SECONDS

from . import activations, batchnorm, init
from .mlp import Architecture, forward
from .objective import NetworkObjective

_GRAD_ROWS = 100
SATURATION = 0.01  # f'(x) below this share of the largest slope counts as saturated
_GRID = np.linspace(-10.0, 10.0, 20_001)


class Stopped(Exception):  # noqa: N818 (a stop asked for, not an error)
    """An experiment's ``stop`` said True: it ended before its result was complete."""


def watch(stop):
    """``ask(step)``: calls ``stop(step)`` at most every ``STOP_CHECK_SECONDS`` (raises :class:`Stopped` on
    True); does nothing for ``stop=None``."""
    if stop is None:
        return lambda step=0: None
    ask_at = [time.perf_counter()]

    def ask(step: int = 0) -> None:
        if time.perf_counter() < ask_at[0]:
            return
        if stop(step):
            raise Stopped(f"stopped at step {step}")
        ask_at[0] = time.perf_counter() + STOP_CHECK_SECONDS

    return ask


@dataclass(frozen=True)
class ActivationProperties:
    """What the activation-function lecture says about one activation, measured."""

    name: str
    low: float  # lowest output (-inf if unbounded)
    high: float  # highest output (inf if unbounded)
    mean_output: float  # E f(z) for z ~ N(0, 1)
    std_output: float  # its standard deviation
    zero_centred: bool  # |mean| below a tenth of the std: outputs of both signs, balanced
    max_derivative: float
    saturated: tuple[tuple[float, float], ...]  # intervals of [-10, 10] where f' < 1 % of its largest value


def _call(name, x, params, derivative=False):
    entry = activations.get(name)
    resolved = entry.resolve(params)
    with np.errstate(all="ignore"):
        return (entry.derivative if derivative else entry.fn)(x, **resolved)


def activation_properties(name: str, **params) -> ActivationProperties:
    """Range, mean and spread under a unit Gaussian input, largest slope and saturated regions."""
    # a tail that still moves between |x| = 30 and 60 is unbounded; a flat one gives the bound
    tails = _call(name, np.array([-60.0, -30.0, 30.0, 60.0]), params)
    grid_values = _call(name, _GRID, params)
    low = min(float(tails[0]), float(grid_values.min())) if abs(tails[0] - tails[1]) < 1e-9 else -np.inf
    high = max(float(tails[3]), float(grid_values.max())) if abs(tails[3] - tails[2]) < 1e-9 else np.inf
    # E f(z), z ~ N(0, 1), by the trapezoid rule on a fine grid: exact to about 1e-9 even across kinks
    nodes = np.linspace(-12.0, 12.0, 240_001)
    weights = np.exp(-0.5 * nodes**2)
    weights[[0, -1]] *= 0.5
    weights /= weights.sum()
    values = _call(name, nodes, params)
    mean = float(weights @ values)
    std = float(np.sqrt(max(weights @ values**2 - mean**2, 0.0)))
    slopes = _call(name, _GRID, params, derivative=True)
    biggest = float(slopes.max())
    flat = slopes < SATURATION * biggest
    return ActivationProperties(
        name=name,
        low=low,
        high=high,
        mean_output=mean,
        std_output=std,
        zero_centred=bool(abs(mean) < 0.1 * std),
        max_derivative=biggest,
        saturated=_intervals(flat),
    )


def _intervals(flags: np.ndarray) -> tuple[tuple[float, float], ...]:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    return tuple((float(_GRID[a]), float(_GRID[b - 1])) for a, b in zip(edges[::2], edges[1::2], strict=True))


def cost_per_million(
    name: str, size: int = 200_000, repeats: int = 3, *, stop=None, **params
) -> tuple[float, float]:
    """Measured seconds per million evaluations of ``f`` and of ``f'`` (best of ``repeats``)."""
    x = np.random.default_rng(0).standard_normal(size)
    ask = watch(stop)
    timings = []
    for derivative in (False, True):
        best = np.inf
        for repeat in range(repeats):
            ask(repeat)
            start = time.perf_counter()
            _call(name, x, params, derivative)
            best = min(best, time.perf_counter() - start)
        timings.append(best * 1e6 / size)
    return timings[0], timings[1]


def derivative_product(name: str, depth: int, **params) -> np.ndarray:
    """``(depth,)``: :math:`(\\max f')^l` for ``l = 1..depth``, the most a gradient keeps after l layers."""
    return activation_properties(name, **params).max_derivative ** np.arange(1, depth + 1)


def gradient_norms_at_init(
    activation: str = "sigmoid",
    depth: int = 10,
    width: int = 32,
    scheme: str = "xavier_normal",
    init_params: dict | None = None,
    n_points: int = 200,
    seed: int = 0,
) -> np.ndarray:
    """``(depth + 1,)``: :math:`\\lVert \\partial J / \\partial W_l \\rVert` of a ``depth`` x ``width``
    network at initialisation, on unit-Gaussian 2D inputs with labels from the sign of :math:`x_1 x_2`."""
    rng = np.random.default_rng(seed)
    inputs = rng.standard_normal((n_points, 2))
    labels = (inputs[:, 0] * inputs[:, 1] > 0).astype(np.int64)
    architecture = Architecture(2, (width,) * depth, 1, activation)
    objective = NetworkObjective(architecture, "binary_cross_entropy", inputs, labels)
    theta = architecture.initial_params(scheme, init_params, seed=seed)
    grad = objective.grad(theta)
    return np.array([np.linalg.norm(grad[layer.weight]) for layer in architecture.layers])


def same_sign_share(inputs: np.ndarray, upstream: np.ndarray) -> float:
    """Share of samples whose weight gradient :math:`\\delta_i x_i` has all components of one sign.

    With all-positive inputs :math:`x_i` (as after a sigmoid) the share is 1: the sign of
    :math:`\\delta_i` alone decides, so the weights can only move towards "all up" or "all down"."""
    grads = np.asarray(upstream)[:, None] * np.asarray(inputs)
    nonzero = np.any(grads != 0, axis=1)
    same = np.all(grads >= 0, axis=1) | np.all(grads <= 0, axis=1)
    return float(np.mean(same[nonzero]))


def quadrant_path(positive: bool = True, steps: int = 60, lr: float = 0.5, seed: int = 0):
    """A 2-weight linear unit :math:`y = w \\cdot x` learning :math:`w_\\star = (1, -1)` from ``(-1, 1)`` by
    per-sample SGD on :math:`\\frac12 (y - w_\\star \\cdot x)^2`; ``positive``: inputs uniform on
    :math:`[0, 1]^2` (else on :math:`[-1, 1]^2`). Returns ``(path (steps + 1, 2), share of steps whose two
    components have the same sign)``."""
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(0.0 if positive else -1.0, 1.0, (steps, 2))
    target = np.array([1.0, -1.0])
    path = np.empty((steps + 1, 2))
    path[0] = (-1.0, 1.0)
    for step, x in enumerate(inputs):
        path[step + 1] = path[step] - lr * ((path[step] - target) @ x) * x
    moves = np.diff(path, axis=0)
    moved = np.any(moves != 0, axis=1)
    return path, float(np.mean((moves[:, 0] * moves[:, 1] >= 0)[moved]))


def collapse_linear(architecture: Architecture, theta) -> tuple[np.ndarray, np.ndarray]:
    """The one affine map ``x -> x @ W.T + b`` a network with linear activations computes:
    :math:`W = W_{L+1} \\cdots W_1`, :math:`b = W_{L+1}(\\cdots(W_2 b_1 + b_2)\\cdots) + b_{L+1}`."""
    if architecture.activation != "linear":
        raise ValueError(f"only a network with linear activations collapses, not {architecture.activation}")
    W_total, b_total = np.eye(architecture.input_dim), np.zeros(architecture.input_dim)
    for W, b, _ in architecture.unflatten(np.asarray(theta, dtype=float)):
        W_total, b_total = W @ W_total, W @ b_total + b
    return W_total, b_total


def dead_after_large_step(
    activation: str = "relu", lr: float = 10.0, width: int = 32, n_points: int = 400, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Share of dead units per hidden layer of a 2-``width``-``width``-1 network (Kaiming normal init,
    unit-Gaussian inputs, XOR labels) before and after one SGD step of size ``lr``. Dead: the unit's
    slope :math:`f'(z)` is exactly zero on every point."""
    step = large_step(activation, lr, width, n_points, seed)
    before = _dead_fraction(step.architecture, step.before, step.objective.inputs)
    after = _dead_fraction(step.architecture, step.after, step.objective.inputs)
    return before, after


@dataclass(frozen=True)
class LargeStep:
    """The network of :func:`dead_after_large_step` and its parameters before and after the step."""

    architecture: Architecture
    objective: NetworkObjective
    before: np.ndarray
    after: np.ndarray


def large_step(
    activation: str = "relu", lr: float = 10.0, width: int = 32, n_points: int = 400, seed: int = 0
) -> LargeStep:
    """One SGD step of size ``lr`` from a Kaiming-normal 2-``width``-``width``-1 network on ``n_points``
    unit-Gaussian XOR points (data and weights drawn from ``seed``)."""
    rng = np.random.default_rng(seed)
    inputs = rng.standard_normal((n_points, 2))
    labels = (inputs[:, 0] * inputs[:, 1] > 0).astype(np.int64)
    architecture = Architecture(2, (width, width), 1, activation)
    objective = NetworkObjective(architecture, "binary_cross_entropy", inputs, labels)
    theta = architecture.initial_params("kaiming_normal", {"nonlinearity": "relu"}, seed=seed)
    return LargeStep(architecture, objective, theta, theta - lr * objective.grad(theta))


def _dead_fraction(architecture, theta, inputs):
    entry = activations.get(architecture.activation)
    fwd = forward(architecture, theta, inputs)
    slopes = [slope for _, _, slope in architecture.unflatten(theta)[:-1]]
    fixed = dict(architecture.activation_params)
    shares = []
    for z, slope in zip(fwd.pre_activations, slopes, strict=True):
        d = entry.derivative(z, init=slope) if slope is not None else entry.derivative(z, **fixed)
        shares.append(np.mean(np.all(d == 0.0, axis=0)))
    return np.array(shares)


# The settings of cs231n's experiment: name -> (nets.init name, its parameters).
DEEP_INIT_SETTINGS = {
    "zeros": ("zeros", {}),
    "small": ("normal", {"std": 0.01}),
    "large": ("normal", {"std": 1.0}),
    "xavier": ("xavier_normal", {}),
    "xavier_gain": ("xavier_normal", None),  # gain = calculate_gain(activation), torch's advice
    "kaiming": ("kaiming_normal", {"nonlinearity": "relu"}),
}


@dataclass(frozen=True, eq=False)
class DeepInit:
    """Per layer ``l = 1..L`` of the deep experiment: activation mean, std, second moment and histogram
    (counts over ``edges``), and the std of the backward pass's weight gradients and input gradients."""

    activation: str
    setting: str
    mean: np.ndarray  # (L,)
    std: np.ndarray  # (L,)
    second_moment: np.ndarray  # (L,) mean of h^2
    edges: np.ndarray  # (bins + 1,)
    histograms: np.ndarray  # (L, bins)
    weight_grad_std: np.ndarray  # (L,) std of dJ/dW_l
    input_grad_std: np.ndarray  # (L,) std of dJ/dh_{l-1}

    def outcomes(self) -> dict[str, float]:
        """The lecture's measured outcomes: how the spread changes from the first layer to the last, the
        second moment's factor per layer (its geometric mean), the share of the last layer in the outermost
        bins (saturation) and how the input gradient's spread changes backwards. NaN where a ratio is 0/0."""
        hist, layers = self.histograms, len(self.std)
        with np.errstate(divide="ignore", invalid="ignore"):
            return {
                "std, last / first layer": self.std[-1] / self.std[0],
                "second moment, factor per layer": (self.second_moment[-1] / self.second_moment[0])
                ** (1 / (layers - 1)),
                "last layer in the outermost bins": (hist[-1, 0] + hist[-1, -1]) / hist[-1].sum(),
                "input gradient std, first / last layer": self.input_grad_std[0] / self.input_grad_std[-1],
            }


class DeepStack(NamedTuple):
    """Per layer of :func:`deep_stack`: its weights, input, pre-activation (after the normalisation, if any),
    output, and what the normalisation kept (``None`` without one)."""

    weights: list
    inputs: list
    pre_activations: list
    outputs: list
    norms: list


def deep_stack(h, layers: int, activation: str, draw, normalise: bool = False, ask=None) -> DeepStack:
    """``layers`` layers without biases from the inputs ``h`` ``(n, width)``:
    :math:`z_l = h_{l-1} W_l^\\top` with :math:`W_l` = ``draw()`` (called once a layer, in order), batch
    normalised (training mode, :math:`\\gamma = 1`, :math:`\\beta = 0`) when ``normalise``, and
    :math:`h_l = f(z_l)`. The one loop of the deep experiments (:func:`deep_init_experiment`,
    :func:`nets.lessons_deep.self_normalisation`); ``ask(layer)``: the stop's question between layers."""
    entry = activations.get(activation)
    fixed = entry.resolve({})
    stack = DeepStack([], [], [], [], [])
    with np.errstate(all="ignore"):
        for layer in range(layers):
            if ask is not None:
                ask(layer)
            W = draw()
            z = h @ W.T
            kept = None
            if normalise:
                z, kept = batchnorm.forward(z, 1.0, 0.0)
            stack.inputs.append(h)
            h = entry.fn(z, **fixed)
            stack.weights.append(W)
            stack.pre_activations.append(z)
            stack.outputs.append(h)
            stack.norms.append(kept)
    return stack


def deep_init_experiment(
    activation: str = "tanh",
    setting: str = "xavier",
    layers: int = 10,
    width: int = 500,
    n_points: int = 1000,
    bins: int = 50,
    seed: int = 0,
    stop=None,
    norm: str = "none",
) -> DeepInit:
    """cs231n's experiment: ``n_points`` unit-Gaussian inputs of dimension ``width`` through ``layers``
    layers :math:`h_l = f(h_{l-1} W_l^\\top)` (no biases), weights from ``DEEP_INIT_SETTINGS[setting]``;
    backward from a unit-Gaussian upstream gradient :math:`\\partial J / \\partial h_L`. ``xavier`` is
    Glorot's gain 1; ``xavier_gain`` uses torch's ``calculate_gain`` for the activation (5/3 for tanh).
    ``norm="batch"`` batch-normalises every layer's pre-activations before the activation (training mode,
    :mod:`nets.batchnorm`), forward and backward, with the same weights.

    Small weights shrink the activations by about :math:`0.01 \\sqrt{\\text{width}}` per layer (tanh),
    large ones saturate tanh at :math:`\\pm 1`, Xavier keeps tanh's spread, halves ReLU's second moment per
    layer, and Kaiming keeps ReLU's. Batch normalisation gives every layer unit-variance pre-activations
    whatever the weights' scale (it divides the scale out)."""
    if setting not in DEEP_INIT_SETTINGS:
        raise ValueError(f"setting must be one of {', '.join(DEEP_INIT_SETTINGS)}; got {setting!r}")
    if norm not in ("none", "batch"):
        raise ValueError(f"norm must be none or batch, got {norm!r}")
    scheme, params = DEEP_INIT_SETTINGS[setting]
    if params is None:
        params = {"gain": init.calculate_gain(activation if activation in init.NONLINEARITIES else "linear")}
    entry, initialiser = activations.get(activation), init.get(scheme)
    fixed = entry.resolve({})
    ask = watch(stop)
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((n_points, width))
    resolved = initialiser.resolve(params)
    stack = deep_stack(
        h,
        layers,
        activation,
        lambda: initialiser.sample(rng, (width, width), **resolved),
        norm == "batch",
        ask,
    )
    outputs = stack.outputs
    with np.errstate(all="ignore"):
        low, high = min(float(o.min()) for o in outputs), max(float(o.max()) for o in outputs)
        edges = np.linspace(low, high if high > low else low + 1.0, bins + 1)
        delta = rng.standard_normal((n_points, width))  # dJ/dh_L
        weight_grad_std, input_grad_std = np.empty(layers), np.empty(layers)
        for index in range(layers - 1, -1, -1):
            ask(2 * layers - index)
            d_z = delta * entry.derivative(stack.pre_activations[index], **fixed)
            if stack.norms[index] is not None:  # through the normalisation, to the layer's own z = h W^T
                d_z = batchnorm.backward(d_z, 1.0, stack.norms[index])[0]
            # the std of dJ/dW_l from 100 of its rows: 50,000 entries estimate it well, at a fifth of the cost
            weight_grad_std[index] = (d_z[:, :_GRAD_ROWS].T @ stack.inputs[index]).std()
            delta = d_z @ stack.weights[index]
            input_grad_std[index] = delta.std()
    return DeepInit(
        activation=activation,
        setting=setting,
        mean=np.array([o.mean() for o in outputs]),
        std=np.array([o.std() for o in outputs]),
        second_moment=np.array([np.mean(o * o) for o in outputs]),
        edges=edges,
        histograms=np.array([np.histogram(o, bins=edges)[0] for o in outputs]),
        weight_grad_std=weight_grad_std,
        input_grad_std=input_grad_std,
    )
