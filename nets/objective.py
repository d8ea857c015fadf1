"""A network and its training data as an objective of the optimizers' run loop (like a data surface).

The loss of the parameters :math:`\\theta \\in \\mathbb{R}^d` is

.. math::

    J(\\theta) = \\ell\\big(\\mathrm{net}_\\theta(X), y\\big)
        + \\frac{\\lambda_2}{2} \\sum W^2 + \\lambda_1 \\sum |W|

over the weights ``W`` (not the biases or PReLU slopes); ``l2`` is :math:`\\lambda_2`, so its gradient is
:math:`\\lambda_2 W`, torch's ``weight_decay``. The protocol is the one ``optimizers.run`` and the data
surfaces share: ``value(p)``, ``grad(p)``, ``hessian(p)`` (the full training set, dropout off: the loss as
evaluated), ``minibatch_value(p, step)``, ``minibatch_grad(p, step)``, ``minibatch(step)`` (what the
optimizer sees at ``step``), and ``stochastic``.

Step ``step``'s mini-batch of ``batch_size`` samples (without replacement; ``0`` = all) and its dropout
masks come from ``numpy.random.default_rng((seed, step))``, so a step's batch never depends on what was
evaluated before. Dropout drops each hidden unit with probability ``dropout`` (keep probability
:math:`q = 1 - p`):

- ``inverted`` (the default, what ``torch.nn.Dropout`` does): training activations times
  :math:`\\text{mask} / q`; at test time nothing changes. The expected activation is the same in both.
- ``plain``: training activations times the mask; at test time every activation is scaled by :math:`q`
  (the original paper's rule).
- ``plain_unscaled``: plain dropout with the test-time scaling forgotten: test activations are
  :math:`1/q` times larger than the network saw on average while training.

The Hessian (for Newton's method) is the central difference of the exact gradient, for ``d <= 400``.

With batch normalisation (``architecture.norm == "batch"``) a training step normalises with its batch's own
statistics (training mode), and :meth:`NetworkObjective.step_pass` returns what that pass kept, from which the
training loop moves the running statistics (:func:`nets.batchnorm.update`, torch's momentum 0.1, at the
parameters before the step, as torch's forward pass in ``train()`` mode does). Those depend on the path, not
on the parameters, so the objective does not hold them: evaluation takes them as ``running=`` (one
:class:`nets.batchnorm.RunningStats` per hidden layer) in :meth:`loss_and_grad`, :meth:`outputs`,
:meth:`predict` and :meth:`data_loss`. Without it, ``value(p)``, ``grad(p)`` and ``hessian(p)`` (what
``optimizers.run`` and a line search read) are the training-mode loss over the whole training set: the
network normalised with the full set's own statistics, a function of ``p`` alone.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from . import losses
from .mlp import Architecture, Workspace, backward, forward

__all__ = ["DROPOUT_MODES", "NetworkObjective", "StepPass"]

DROPOUT_MODES = ("inverted", "plain", "plain_unscaled")
MAX_HESSIAN_SIZE = 400
# One nets.Workspace per thread, shared by its objectives: a pass's arrays never leave loss_and_grad, and
# the server runs visitors' sessions on threads of their own (the objective is not where they live, so it
# still pickles).
_THREAD = threading.local()


def _workspace() -> Workspace:
    workspace = getattr(_THREAD, "workspace", None)
    if workspace is None:
        workspace = _THREAD.workspace = Workspace()
    return workspace


class StepPass(NamedTuple):
    """One evaluation: the objective and its gradient, and, with batch normalisation, what each hidden
    layer's normalisation kept (its batch statistics) and how many rows it saw."""

    value: float
    grad: np.ndarray
    norms: tuple | None
    rows: int
    # the forward pass itself (nets.Pass), in this thread's workspace: valid until the thread's next pass
    fwd: Any = None
    data_loss: float = float("nan")  # value without the penalty: the loss of the pass's outputs


class Objective(NamedTuple):
    """What an optimizer sees at one step (the run loop's protocol, as surfaces.Objective has it), and where
    the network's weight matrices sit in the flat vector (for Muon)."""

    value: Any
    grad: Any
    hessian: Any
    weight_matrices: tuple = ()


@dataclass(frozen=True, eq=False)
class NetworkObjective:
    """The training loss of ``architecture`` on ``inputs`` / ``targets`` (see the module docstring)."""

    architecture: Architecture
    loss: str
    inputs: np.ndarray
    targets: np.ndarray
    l2: float = 0.0
    l1: float = 0.0
    dropout: float = 0.0
    dropout_mode: str = "inverted"
    batch_size: int = 0
    seed: int = 0
    stochastic: bool = field(init=False)
    _batch: Any = field(init=False, repr=False)
    _weights: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        set_ = object.__setattr__
        losses.get(self.loss)
        inputs = np.asarray(self.inputs, dtype=float)
        if inputs.ndim != 2 or inputs.shape[1] != self.architecture.input_dim or len(inputs) == 0:
            raise ValueError(f"inputs must have shape (n, {self.architecture.input_dim}), got {inputs.shape}")
        targets = np.asarray(self.targets)
        if len(targets) != len(inputs):
            raise ValueError(f"{len(inputs)} inputs but {len(targets)} targets")
        if self.loss != "mse":
            targets = targets.astype(np.int64)
        for name in ("l2", "l1"):
            if not 0.0 <= getattr(self, name) < float("inf"):
                raise ValueError(f"{name} must be a finite number >= 0, got {getattr(self, name)}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")
        if self.dropout_mode not in DROPOUT_MODES:
            raise ValueError(
                f"dropout_mode must be one of {', '.join(DROPOUT_MODES)}; got {self.dropout_mode!r}"
            )
        if not 0 <= self.batch_size <= len(inputs):
            raise ValueError(
                f"batch_size must be between 0 and the {len(inputs)} samples, got {self.batch_size}"
            )
        set_(self, "inputs", inputs)
        set_(self, "targets", targets)
        set_(self, "stochastic", 0 < self.batch_size < len(inputs) or self.dropout > 0)
        set_(self, "_batch", lru_cache(maxsize=8)(self._draw))
        set_(self, "_weights", self.architecture.weight_mask())

    @property
    def weight_matrices(self) -> tuple[tuple[slice, tuple[int, int]], ...]:
        """``(slice, (fan_out, fan_in))`` of every layer's weight matrix in the flat vector, input layer first
        (what Muon orthogonalises; torch's ``Linear.weight`` shape)."""
        return tuple((layer.weight, layer.shape) for layer in self.architecture.layers)

    @property
    def size(self) -> int:
        """d, the length of the parameter vector."""
        return self.architecture.size

    @property
    def keep(self) -> float:
        return 1.0 - self.dropout

    @property
    def test_scale(self) -> float:
        """What hidden activations are multiplied by at evaluation time."""
        return self.keep if self.dropout_mode == "plain" else 1.0

    # --- the loss and its gradient -------------------------------------------------------------------

    def penalty(self, theta) -> float:
        if not (self.l2 or self.l1):
            return 0.0  # the common case, without gathering the weights
        weights = np.asarray(theta)[self._weights]
        return 0.5 * self.l2 * float(weights @ weights) + self.l1 * float(np.abs(weights).sum())

    def _penalty_grad(self, theta, grad):
        if self.l2:
            grad[self._weights] += self.l2 * theta[self._weights]
        if self.l1:
            grad[self._weights] += self.l1 * np.sign(theta[self._weights])
        return grad

    def loss_and_grad(self, theta, step: int | None = None, running=None) -> tuple[float, np.ndarray]:
        """``(J, dJ/dtheta)`` in one forward and one backward pass; ``step=None``: full set, dropout off.
        ``running``: batch normalisation's running statistics for evaluation mode (full set only)."""
        evaluated = self.step_pass(theta, step, running)
        return evaluated.value, evaluated.grad

    def step_pass(self, theta, step: int | None = None, running=None) -> StepPass:
        """:meth:`loss_and_grad` with what the pass's normalisations kept (see the module docstring)."""
        theta = np.asarray(theta, dtype=float)
        if running is not None and step is not None and self.stochastic:
            raise ValueError("running statistics are for evaluation on the full set (step=None)")
        if step is None or not self.stochastic:
            inputs, targets, masks, scale = self.inputs, self.targets, None, self.test_scale
        else:
            chosen, masks = self._batch(int(step))
            inputs, targets = (
                (self.inputs, self.targets) if chosen is None else (self.inputs[chosen], self.targets[chosen])
            )
            scale = 1.0
        workspace = _workspace()
        fwd = forward(self.architecture, theta, inputs, masks, scale, running=running, workspace=workspace)
        value, d_outputs = losses.get(self.loss).value_and_grad(fwd.outputs, targets)
        grad = backward(self.architecture, theta, fwd, d_outputs, scale, workspace=workspace)
        # fwd.norms are batch normalisation's own arrays, not the workspace's: they may leave
        return StepPass(
            value + self.penalty(theta), self._penalty_grad(theta, grad), fwd.norms, len(inputs), fwd, value
        )

    def _draw(self, step: int):
        """Sample indices (``None``: all) and dropout masks of ``step``: a pure function of (seed, step)."""
        rng = np.random.default_rng((self.seed, step))
        n = len(self.inputs)
        chosen = None
        if 0 < self.batch_size < n:
            chosen = rng.choice(n, size=self.batch_size, replace=False)
        masks = None
        if self.dropout > 0:
            rows = n if chosen is None else len(chosen)
            scale = 1.0 / self.keep if self.dropout_mode == "inverted" else 1.0
            masks = tuple(
                (rng.random((rows, width)) < self.keep) * scale for width in self.architecture.hidden
            )
        return chosen, masks

    # --- the run loop's protocol ------------------------------------------------------------------------

    def value(self, p, step=None):
        return self._rows(p, lambda theta: self.loss_and_grad(theta)[0], ())

    def grad(self, p, step=None):
        return self._rows(p, lambda theta: self.loss_and_grad(theta)[1], (self.size,))

    def hessian(self, p, step=None):
        return self._rows(p, lambda theta: self._hessian(theta, None), (self.size, self.size))

    def minibatch_value(self, p, step):
        return self._rows(p, lambda theta: self.loss_and_grad(theta, step)[0], ())

    def minibatch_grad(self, p, step):
        return self._rows(p, lambda theta: self.loss_and_grad(theta, step)[1], (self.size,))

    def minibatch_hessian(self, p, step):
        return self._rows(p, lambda theta: self._hessian(theta, step), (self.size, self.size))

    def minibatch(self, step: int, check=None) -> Objective:
        """value, gradient and Hessian of ``step``'s mini-batch and masks (for line searches and Newton).

        ``check``, if given, is called before every evaluation and between the Hessian's columns (a Hessian
        is ``2 d`` gradients): a caller that may stop waiting raises from it to end the step part-way.
        """
        if check is None and not self.stochastic:
            return Objective(self.value, self.grad, self.hessian, self.weight_matrices)
        at = step if self.stochastic else None

        def evaluate(p, which: int, shape: tuple):
            if check is not None:
                check()
            return self._rows(p, lambda theta: self.loss_and_grad(theta, at)[which], shape)

        def value(p, _=None):
            return evaluate(p, 0, ())

        def grad(p, _=None):
            return evaluate(p, 1, (self.size,))

        def hessian(p, _=None):
            return self._rows(p, lambda theta: self._hessian(theta, at, check), (self.size, self.size))

        return Objective(value, grad, hessian, self.weight_matrices)

    def _hessian(self, theta, step, check=None):
        if self.size > MAX_HESSIAN_SIZE:
            raise ValueError(
                f"the Hessian of a network with {self.size} parameters is too large for Newton's method here "
                f"(at most {MAX_HESSIAN_SIZE}); choose a first-order optimizer or L-BFGS"
            )
        theta = np.asarray(theta, dtype=float)
        hessian = np.empty((self.size, self.size))
        for i in range(self.size):
            if check is not None:
                check()
            h = 1e-5 * max(1.0, abs(theta[i]))
            plus, minus = theta.copy(), theta.copy()
            plus[i] += h
            minus[i] -= h
            hessian[:, i] = (self.loss_and_grad(plus, step)[1] - self.loss_and_grad(minus, step)[1]) / (2 * h)
        return 0.5 * (hessian + hessian.T)

    def _rows(self, p, fn, shape):
        """``fn`` on one ``(d,)`` vector, or on every row of a ``(..., d)`` batch."""
        p = np.asarray(p, dtype=float)
        if p.shape == (self.size,):
            return fn(p)
        if p.shape[-1:] != (self.size,):
            raise ValueError(f"parameters must have shape (..., {self.size}), got {p.shape}")
        flat = p.reshape(-1, self.size)
        return np.array([fn(row) for row in flat]).reshape(*p.shape[:-1], *shape)

    # --- evaluation --------------------------------------------------------------------------------------

    def outputs(self, theta, inputs, running=None) -> np.ndarray:
        """Network outputs at evaluation time (no dropout masks, plain dropout's test scaling applied;
        batch normalisation with ``running`` statistics, or with ``inputs``' own without them)."""
        return forward(self.architecture, theta, inputs, None, self.test_scale, running=running).outputs

    def predict(self, theta, inputs, running=None) -> np.ndarray:
        """Class probabilities ``(n, K)`` (classification) or predictions ``(n, 1)`` (regression)."""
        return losses.get(self.loss).predict(self.outputs(theta, inputs, running))

    def data_loss(self, theta, inputs, targets, running=None) -> float:
        """The loss without the penalty on any set (the validation set, say), at evaluation time."""
        return self.loss_of_outputs(self.outputs(theta, inputs, running), targets)

    def loss_of_outputs(self, outputs, targets) -> float:
        """The data loss of network outputs already computed (:meth:`outputs`) against ``targets``."""
        targets = np.asarray(targets)
        if self.loss != "mse":
            targets = targets.astype(np.int64)
        return losses.get(self.loss).value(outputs, targets)
