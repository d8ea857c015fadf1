"""Batch normalisation of a hidden layer's pre-activations, as ``torch.nn.BatchNorm1d`` computes it.

For a batch of :math:`n` pre-activations :math:`z_i` of one unit (Ioffe and Szegedy 2015), in training mode

.. math::

    \\mu = \\frac1n \\sum_i z_i, \\quad \\sigma^2 = \\frac1n \\sum_i (z_i - \\mu)^2, \\quad
    \\hat z_i = \\frac{z_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}, \\quad y_i = \\gamma \\hat z_i + \\beta,

and the running statistics that evaluation mode uses instead of :math:`\\mu, \\sigma^2` move by

.. math::

    \\bar\\mu \\leftarrow (1 - m)\\, \\bar\\mu + m\\, \\mu, \\qquad
    \\bar\\sigma^2 \\leftarrow (1 - m)\\, \\bar\\sigma^2 + m\\, \\tfrac{n}{n - 1} \\sigma^2

(torch keeps the unbiased variance; :math:`m` = ``momentum`` = 0.1, :math:`\\epsilon` = ``eps`` = 1e-5,
starting from :math:`\\bar\\mu = 0`, :math:`\\bar\\sigma^2 = 1`). Backward, for :math:`g_i = \\gamma\\,
\\partial\\ell/\\partial y_i`, the batch statistics depend on every :math:`z_i`:

.. math::

    \\frac{\\partial \\ell}{\\partial z_i} = \\frac{1}{n \\sqrt{\\sigma^2 + \\epsilon}}
        \\Big(n g_i - \\sum_j g_j - \\hat z_i \\sum_j g_j \\hat z_j\\Big), \\quad
    \\frac{\\partial \\ell}{\\partial \\gamma} = \\sum_i \\frac{\\partial \\ell}{\\partial y_i}\\, \\hat z_i,
    \\quad
    \\frac{\\partial \\ell}{\\partial \\beta} = \\sum_i \\frac{\\partial \\ell}{\\partial y_i};

in evaluation mode the statistics are constants and :math:`\\partial\\ell/\\partial z_i = g_i /
\\sqrt{\\bar\\sigma^2 + \\epsilon}`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "EPS",
    "MOMENTUM",
    "Normalised",
    "RunningStats",
    "backward",
    "forward",
    "initial_running",
    "update",
]

EPS = 1e-5  # torch.nn.BatchNorm1d's eps
MOMENTUM = 0.1  # torch.nn.BatchNorm1d's momentum


class RunningStats(NamedTuple):
    """One layer's running mean and (unbiased) variance, what evaluation mode normalises with."""

    mean: np.ndarray
    var: np.ndarray


class Normalised(NamedTuple):
    """What one layer's forward pass keeps: the normalised values, :math:`1/\\sqrt{\\cdot + \\epsilon}`, and
    the statistics it used (the batch's in training mode, the running ones in evaluation mode)."""

    z_hat: np.ndarray
    inv_std: np.ndarray
    mean: np.ndarray
    var: np.ndarray
    training: bool


def initial_running(width: int) -> RunningStats:
    """torch's starting point: mean 0, variance 1."""
    return RunningStats(np.zeros(width), np.ones(width))


def forward(z, scale, shift, running: RunningStats | None = None, eps: float = EPS):
    """``(y, Normalised)`` for pre-activations ``z`` of shape ``(n, width)``.

    ``running=None`` is training mode (the batch's own statistics, biased variance); otherwise evaluation
    mode with the given running statistics.
    """
    if running is None:
        mean = z.mean(axis=0)
        centred = z - mean
        var = np.mean(centred * centred, axis=0)
        training = True
    else:
        mean, var = running
        centred = z - mean
        training = False
    inv_std = 1.0 / np.sqrt(var + eps)
    z_hat = centred * inv_std
    return z_hat * scale + shift, Normalised(z_hat, inv_std, mean, var, training)


def backward(d_y, scale, kept: Normalised):
    """``(d_z, d_scale, d_shift)`` for the upstream gradient ``d_y`` (see the module docstring)."""
    d_scale = np.sum(d_y * kept.z_hat, axis=0)
    d_shift = d_y.sum(axis=0)
    g = d_y * scale
    if not kept.training:
        return g * kept.inv_std, d_scale, d_shift
    n = d_y.shape[0]
    d_z = (n * g - g.sum(axis=0) - kept.z_hat * np.sum(g * kept.z_hat, axis=0)) * (kept.inv_std / n)
    return d_z, d_scale, d_shift


def update(running: RunningStats, kept: Normalised, n: int, momentum: float = MOMENTUM) -> RunningStats:
    """The running statistics after one training batch of ``n`` samples (torch's unbiased variance)."""
    unbiased = kept.var * (n / (n - 1)) if n > 1 else kept.var
    return RunningStats(
        (1.0 - momentum) * running.mean + momentum * kept.mean,
        (1.0 - momentum) * running.var + momentum * unbiased,
    )
