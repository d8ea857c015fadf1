"""Two more measured lessons: a trained deep linear network is one linear layer, and a constant
initialisation keeps every unit of a layer identical through training (the symmetry problem).

Pure NumPy on :mod:`nets`; gradient descent is written out here (``theta - lr * grad``) so that the lesson
needs nothing but the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import datasets

from .lessons import collapse_linear, watch
from .mlp import Architecture
from .objective import NetworkObjective


def _descend(objective: NetworkObjective, theta: np.ndarray, lr: float, steps: int, stop=None) -> np.ndarray:
    ask = watch(stop)
    for step in range(steps):
        ask(step)
        theta = theta - lr * objective.grad(theta)
    return theta


@dataclass(frozen=True, eq=False)
class LinearCollapse:
    """A deep linear network trained on two moons, and the one affine map it equals.

    ``weight`` ``(2,)`` and ``bias`` of the collapsed layer :math:`W = W_{L+1} \\cdots W_1`;
    ``deep_logit`` ``(G, G)`` the deep network's output on the grid; ``largest_difference`` the largest
    :math:`|f_{\\text{deep}}(x) - (W x + b)|` on the grid; ``agreement`` the share of grid points where both
    predict the same class (1.0: the same boundary)."""

    hidden: tuple[int, ...]
    grid_x: np.ndarray
    grid_y: np.ndarray
    deep_logit: np.ndarray
    weight: np.ndarray
    bias: float
    largest_difference: float
    agreement: float
    points: np.ndarray
    labels: np.ndarray


def linear_collapse(
    hidden: tuple[int, ...] = (16, 16, 16),
    steps: int = 200,
    lr: float = 0.1,
    grid: int = 60,
    seed: int = 0,
    stop=None,
) -> LinearCollapse:
    """Train a ``hidden``-deep network with linear activations on two moons by gradient descent, then
    compare it with its collapsed single layer on a ``grid`` x ``grid`` window. ``stop``: as in
    :mod:`nets.lessons`."""
    data = datasets.get("two_moons", n_points=300, noise=0.15, seed=seed)
    architecture = Architecture(data.input_dim, tuple(hidden), 1, "linear")
    objective = NetworkObjective(architecture, "binary_cross_entropy", data.train_inputs, data.train_targets)
    theta = _descend(objective, architecture.initial_params("xavier_uniform", seed=seed), lr, steps, stop)
    W, b = collapse_linear(architecture, theta)
    low, high = data.train_inputs.min(axis=0) - 0.5, data.train_inputs.max(axis=0) + 0.5
    gx, gy = np.linspace(low[0], high[0], grid), np.linspace(low[1], high[1], grid)
    flat = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    deep = objective.outputs(theta, flat)[:, 0]
    collapsed = flat @ W[0] + b[0]
    return LinearCollapse(
        hidden=tuple(hidden),
        grid_x=gx,
        grid_y=gy,
        deep_logit=deep.reshape(grid, grid),
        weight=W[0],
        bias=float(b[0]),
        largest_difference=float(np.abs(deep - collapsed).max()),
        agreement=float(np.mean((deep > 0) == (collapsed > 0))),
        points=data.train_inputs,
        labels=np.asarray(data.train_targets).reshape(-1),
    )


@dataclass(frozen=True, eq=False)
class Symmetry:
    """A 2-``width``-``width``-1 tanh network trained by gradient descent from ``scheme``.

    ``first_grad`` ``(width, 2)``: the gradient on the first layer's incoming weights, one row per unit,
    at the first step where it is not zero; ``spread`` ``(checkpoints, 2)``: per hidden layer, the largest
    difference between two units' incoming weights over training; ``steps`` ``(checkpoints,)``;
    ``loss`` ``(checkpoints,)`` the training loss."""

    scheme: str
    steps: np.ndarray
    first_grad: np.ndarray
    spread: np.ndarray
    loss: np.ndarray


def _unit_spread(architecture: Architecture, theta: np.ndarray) -> np.ndarray:
    layers = architecture.unflatten(theta)[:-1]
    return np.array([float(np.abs(W - W[:1]).max()) for W, _, _ in layers])


def symmetry(
    scheme: str = "constant",
    init_params: dict | None = None,
    width: int = 4,
    steps: int = 300,
    lr: float = 0.5,
    checkpoints: int = 7,
    seed: int = 0,
    stop=None,
) -> Symmetry:
    """Train on XOR and record how far apart the units of each hidden layer are. From ``constant`` (or
    ``zeros``) every unit of a layer computes the same value, receives the same gradient row and stays
    identical (spread 0 at every checkpoint); from a random init the units differ from the start."""
    data = datasets.get("xor", n_points=200, seed=seed)
    architecture = Architecture(data.input_dim, (width, width), 1, "tanh")
    objective = NetworkObjective(architecture, "binary_cross_entropy", data.train_inputs, data.train_targets)
    theta = architecture.initial_params(scheme, init_params, seed=seed)
    marks = np.unique(np.linspace(0, steps, checkpoints).astype(int))
    first_layer = architecture.layers[0].weight
    first_grad = None
    spread, loss = [], []
    ask = watch(stop)
    for step in range(steps + 1):
        ask(step)
        if step in marks:
            spread.append(_unit_spread(architecture, theta))
            loss.append(objective.value(theta))
        if step == steps:
            break
        grad = objective.grad(theta)
        if first_grad is None and np.any(grad[first_layer] != 0):
            first_grad = grad[first_layer].reshape(architecture.layers[0].shape)
        theta = theta - lr * grad
    if first_grad is None:
        first_grad = np.zeros(architecture.layers[0].shape)
    return Symmetry(scheme, marks, first_grad, np.array(spread), np.array(loss))
