"""Losses over a network's outputs, as torch.nn computes them (``reduction="mean"``), with their gradients.

For ``n`` samples with outputs :math:`z` (``(n, K)``):

- ``softmax_cross_entropy`` (``nn.CrossEntropyLoss``):
  :math:`\\frac1n \\sum_i -\\log \\mathrm{softmax}(z_i)_{y_i}`,
  gradient :math:`(\\mathrm{softmax}(z) - \\mathrm{onehot}(y)) / n`; K = number of classes.
- ``binary_cross_entropy`` (``nn.BCEWithLogitsLoss``, one logit):
  :math:`\\frac1n \\sum_i \\log(1 + e^{z_i}) - y_i z_i`, gradient :math:`(\\sigma(z) - y) / n`; two classes.
- ``mse`` (``nn.MSELoss``): the mean over all :math:`nK` entries of :math:`(z - t)^2`, gradient
  :math:`2 (z - t) / (nK)`; the targets are the regression targets (K = 1) or one-hot labels (K classes).

``value_and_grad(outputs, targets) -> (loss, d loss / d outputs)``, ``value(outputs, targets)`` (the same
loss, operation for operation, without the gradient: what evaluation reads) and ``predict(outputs)``: class
probabilities (``(n, K)``) for the classification losses, the outputs themselves for ``mse``;
``classes(outputs)`` is ``predict(outputs).argmax(axis=1)`` (for one logit without the ``(n, 2)`` array).
``value`` and ``classes`` also take a stack ``(k, n, K)`` of outputs (``k`` networks on the same targets):
then ``value`` returns ``(k,)`` losses, each the number it gives for that network's outputs alone; so
does ``predict``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from paramspec.registry import Registry

__all__ = ["LOSSES", "Loss", "accuracy", "class_accuracy", "get", "names", "output_dim"]


@dataclass(frozen=True)
class Loss:
    name: str
    title: str
    latex: str
    value_and_grad: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]] = field(repr=False)
    predict: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    value: Callable[[np.ndarray, np.ndarray], float] = field(repr=False)
    classes: Callable[[np.ndarray], np.ndarray] = field(repr=False)


def _softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _mean(terms):
    """The mean over the last axis: a float for one set's terms, an array for a stack of sets."""
    mean = np.mean(terms, axis=-1)
    return float(mean) if mean.ndim == 0 else mean


def _cross_entropy_terms(z, labels):
    shifted = z - z.max(axis=-1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=-1))
    index = np.broadcast_to(labels[:, None], (*shifted.shape[:-1], 1))  # each row's label, in every stack
    picked = np.take_along_axis(shifted, index, axis=-1)[..., 0]
    return shifted, log_norm, picked


def _cross_entropy(z, labels):
    shifted, log_norm, picked = _cross_entropy_terms(z, labels)
    grad = np.exp(shifted - log_norm[:, None])
    grad[np.arange(len(z)), labels] -= 1.0
    return _mean(log_norm - picked), grad / len(z)


def _cross_entropy_value(z, labels):
    _, log_norm, picked = _cross_entropy_terms(z, labels)
    return _mean(log_norm - picked)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _binary_cross_entropy_value(z, labels):
    logit = z[..., 0]
    return _mean(np.logaddexp(0.0, logit) - labels * logit)


def _binary_cross_entropy(z, labels):
    value = _binary_cross_entropy_value(z, labels)
    return value, ((_sigmoid(z[:, 0]) - labels) / len(z))[:, None]


def _binary_probabilities(z):
    p = _sigmoid(z[..., 0])
    return np.stack([1.0 - p, p], axis=-1)


def _binary_classes(z):
    # argmax of (1 - p, p): class 1 only where p is strictly larger (a tie, or NaN, is class 0)
    p = _sigmoid(z[..., 0])
    return (1.0 - p < p).view(np.int8)


def _mse_residual(z, targets):
    if targets.ndim == 1 and z.shape[-1] > 1:
        targets = np.eye(z.shape[-1])[targets.astype(np.int64)]  # class labels -> one-hot
    return z - targets.reshape(z.shape[-2:])


def _mse(z, targets):
    residual = _mse_residual(z, targets)
    return float(np.mean(residual**2)), 2.0 * residual / residual.size


def _mse_value(z, targets):
    mean = np.mean(_mse_residual(z, targets) ** 2, axis=(-2, -1))
    return float(mean) if mean.ndim == 0 else mean


def _argmax(scores):
    return scores.argmax(axis=-1)


LOSSES: Registry[Loss] = Registry(
    "loss",
    {
        loss.name: loss
        for loss in (
            Loss(
                "softmax_cross_entropy",
                "Softmax cross-entropy",
                r"-\frac1n \sum_i \log \frac{e^{z_{i y_i}}}{\sum_k e^{z_{ik}}}",
                _cross_entropy,
                _softmax,
                _cross_entropy_value,
                lambda z: _argmax(_softmax(z)),
            ),
            Loss(
                "binary_cross_entropy",
                "Binary cross-entropy (one logit)",
                r"\frac1n \sum_i \log(1 + e^{z_i}) - y_i z_i",
                _binary_cross_entropy,
                _binary_probabilities,
                _binary_cross_entropy_value,
                _binary_classes,
            ),
            Loss(
                "mse",
                "Mean squared error",
                r"\frac{1}{nK} \sum_{i,k} (z_{ik} - t_{ik})^2",
                _mse,
                lambda z: z,
                _mse_value,
                _argmax,
            ),
        )
    },
)


def names() -> list[str]:
    return LOSSES.names()


def get(name: str) -> Loss:
    """The :class:`Loss` called ``name`` (``KeyError`` with the one unknown-name wording)."""
    return LOSSES[name]


def output_dim(loss: str, task: str, n_classes: int) -> int:
    """Output units a network needs for ``loss`` on a ``task`` (``ValueError`` if they do not fit)."""
    get(loss)
    if task == "regression":
        if loss != "mse":
            raise ValueError(f"a regression set needs the mse loss, not {loss}")
        return 1
    if loss == "binary_cross_entropy":
        if n_classes != 2:
            raise ValueError(f"binary_cross_entropy needs 2 classes, this set has {n_classes}")
        return 1
    return n_classes


def accuracy(predicted: np.ndarray, targets: np.ndarray, classification: bool = True) -> float:
    """Share of rows of ``predicted`` (``(n, K)`` scores or probabilities) whose largest entry is the target
    class; NaN for a regression (``classification=False``), which has no accuracy."""
    if not classification:
        return float("nan")
    return float(np.mean(np.asarray(predicted).argmax(axis=1) == targets))


def class_accuracy(classes: np.ndarray, targets: np.ndarray, classification: bool = True) -> float:
    """:func:`accuracy` of the predicted ``classes`` (``Loss.classes``: the rows' largest entries); for a
    stack ``(k, n)`` of them, ``(k,)`` accuracies."""
    if not classification:
        return float("nan") if np.ndim(classes) == 1 else np.full(len(classes), np.nan)
    return _mean(classes == targets)
