"""Averaging predictions: ensembles of networks, and dropout's masks averaged by sampling.

An ensemble of :math:`M` trained networks (different seeds, or checkpoints of one run) predicts the average of
their predictions, class probabilities for a classifier (Lakshminarayanan et al. 2017; the cs231n notes'
"model ensembles"), the output itself for regression:

.. math::

    \\bar p(x) = \\frac1M \\sum_{m=1}^M p_{\\theta_m}(x).

By the convexity of cross-entropy and squared error, the ensemble's loss is at most the members' mean loss
(Jensen), so :func:`ensemble_scores` reports both and the gain between them, never an assumed one.

Dropout at test time (Srivastava et al. 2014) is the same idea over :math:`2^{\\#units}` subnetworks that
share weights: the prediction should be the average over masks :math:`m` of :math:`p_\\theta(x; m)`.
:func:`mask_average` estimates it from ``k`` sampled masks (Monte-Carlo dropout, Gal and Ghahramani 2016);
the scaled network (inverted dropout at test time: no mask, nothing scaled) is the cheap one-pass stand-in,
exact for a linear network and close for a smooth one. :func:`mask_average_error` measures how far the
``k``-mask average is from a reference (the scaled network's output or a large-``k`` average) as ``k`` grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from . import losses
from .mlp import Architecture, forward

__all__ = [
    "EnsembleScores",
    "ensemble_scores",
    "mask_average",
    "mask_average_error",
    "mask_averages",
    "predictions",
]


def predictions(architecture: Architecture, loss: str, theta, inputs, masks=None, running=None) -> np.ndarray:
    """What one network predicts: class probabilities ``(n, K)`` for a classifier, outputs for ``mse``."""
    outputs = forward(architecture, theta, inputs, masks, running=running).outputs
    return losses.get(loss).predict(outputs)


def _loss_of(loss: str, predicted: np.ndarray, targets: np.ndarray) -> float:
    """Mean loss of predictions (not outputs): cross-entropy of probabilities, or squared error."""
    if loss == "mse":
        if predicted.shape[1] == 1:
            return float(np.mean((predicted[:, 0] - targets) ** 2))
        return float(np.mean((predicted - np.eye(predicted.shape[1])[targets.astype(np.int64)]) ** 2))
    chosen = predicted[np.arange(len(targets)), targets.astype(np.int64)]
    return float(-np.mean(np.log(np.clip(chosen, 1e-300, 1.0))))


def _accuracy(predicted: np.ndarray, targets: np.ndarray) -> float:
    return losses.accuracy(predicted, targets, predicted.shape[1] > 1)  # one output: a regression


class EnsembleScores(NamedTuple):
    """Each member's loss and accuracy, and the averaged prediction's, on one data split."""

    member_losses: np.ndarray
    member_accuracies: np.ndarray
    ensemble_loss: float
    ensemble_accuracy: float

    @property
    def loss_gain(self) -> float:
        """Mean member loss minus the ensemble's loss (>= 0 by Jensen's inequality)."""
        return float(np.mean(self.member_losses) - self.ensemble_loss)

    @property
    def accuracy_gain(self) -> float:
        """Ensemble accuracy minus the mean member accuracy (can be negative on a small split)."""
        return float(self.ensemble_accuracy - np.mean(self.member_accuracies))


def ensemble_scores(
    architecture: Architecture, loss: str, thetas: Sequence, inputs, targets, runnings: Sequence | None = None
) -> EnsembleScores:
    """Each member's loss and accuracy, and the averaged prediction's, on ``inputs`` / ``targets``;
    ``runnings``: each member's batch-normalisation running statistics (evaluation mode), if it has any."""
    targets = np.asarray(targets)
    runnings = [None] * len(thetas) if runnings is None else runnings
    members = [
        predictions(architecture, loss, theta, inputs, running=running)
        for theta, running in zip(thetas, runnings, strict=True)
    ]
    average = np.mean(members, axis=0)
    return EnsembleScores(
        np.array([_loss_of(loss, p, targets) for p in members]),
        np.array([_accuracy(p, targets) for p in members]),
        _loss_of(loss, average, targets),
        _accuracy(average, targets),
    )


_CHUNK_ROWS = 16_384  # rows of one forward pass over several masks at once


def _mask_chunk(architecture: Architecture, n: int, count: int, keep: float, rng) -> tuple[np.ndarray, ...]:
    """``count`` inverted-dropout masks (Bernoulli(keep) / keep) for ``n`` rows, stacked mask after mask:
    ``(count * n, width)`` per hidden layer. One draw for all of them, in the order of ``count`` draws of one
    mask's layers after the other, so the stream does not depend on how the masks are grouped."""
    block = rng.uniform(size=(count, n * sum(architecture.hidden)))
    masks, offset = [], 0
    for width in architecture.hidden:
        part = block[:, offset : offset + n * width].reshape(count * n, width)
        masks.append((part < keep) / keep)
        offset += n * width
    return tuple(masks)


def mask_averages(architecture: Architecture, loss: str, theta, inputs, keep: float, ks, seed: int):
    """``(k, the average prediction over the first k masks)`` for every ``k`` of ``ks`` in increasing order,
    from one stream of masks: a larger ``k`` extends a smaller one's average, never draws it anew. Several
    masks go through one forward pass (the inputs repeated), except with batch normalisation, whose
    training-mode statistics would then span the masks."""
    if not 0.0 < keep <= 1.0:
        raise ValueError(f"keep must be in (0, 1], got {keep}")
    if min(ks) < 1:
        raise ValueError(f"k must be at least 1, got {min(ks)}")
    rng = np.random.default_rng((seed, 11))
    inputs = np.asarray(inputs, dtype=float)
    n = len(inputs)
    per_pass = 1 if architecture.norm == "batch" else max(1, _CHUNK_ROWS // n)
    total, drawn = 0.0, 0
    for k in sorted(ks):
        while drawn < k:
            count = min(per_pass, k - drawn)
            masks = _mask_chunk(architecture, n, count, keep, rng)
            predicted = predictions(architecture, loss, theta, np.tile(inputs, (count, 1)), masks)
            total = total + predicted.reshape(count, n, -1).sum(axis=0)
            drawn += count
        yield k, total / k


def mask_average(
    architecture: Architecture, loss: str, theta, inputs, keep: float, k: int, seed: int = 0
) -> np.ndarray:
    """The average prediction over ``k`` sampled inverted-dropout masks (each row its own masks)."""
    ((_, average),) = mask_averages(architecture, loss, theta, inputs, keep, [k], seed)
    return average


def mask_average_error(
    architecture: Architecture, loss: str, theta, inputs, keep: float, ks: Sequence[int], reference, seed=0
) -> np.ndarray:
    """Mean absolute difference between the ``k``-mask average and ``reference`` for every ``k`` in ``ks``
    (in increasing order), from one stream of masks (the average over the first ``k``, the masks
    :func:`mask_average` draws), so the curve is one experiment."""
    reference = np.asarray(reference, dtype=float)
    return np.array(
        [
            float(np.mean(np.abs(average - reference)))
            for _, average in mask_averages(architecture, loss, theta, inputs, keep, ks, seed)
        ]
    )
