"""Dropout's two lessons, measured with the network lab's own forward pass (:func:`nets.mlp.forward`).

**The scale at test time.** Training with dropout multiplies every hidden activation :math:`h` by a mask
:math:`m \\sim \\text{Bernoulli}(q)` (:math:`q`: the keep probability), so the next layer sees on average
:math:`E[m h] = q h`. Test time drops nothing, so the rule must keep that scale:

- inverted dropout (torch's ``nn.Dropout``) divides the mask by :math:`q` while training,
  :math:`E[m h / q] = h`, and changes nothing at test time;
- plain dropout (Srivastava et al. 2014) trains with :math:`m h` and multiplies by :math:`q` at test time;
- plain dropout with that scaling forgotten shows the next layer :math:`h`, :math:`1/q` times what it saw
  in training. Through ReLU layers without biases (:math:`\\mathrm{relu}(c z) = c\\, \\mathrm{relu}(z)` for
  :math:`c > 0`) the factor compounds: :math:`1/q^l` at the :math:`l`-th dropped layer.

:func:`dropout_scale` measures the mean of what each layer passes on, in training (a fresh mask for every
point and unit, so the mean over points is the mean over masks) and at test time, for the three rules
(:data:`nets.objective.DROPOUT_MODES`).

**An ensemble of subnetworks.** Each mask picks one of :math:`2^{\\#\\text{units}}` subnetworks that share
their weights; dropout's prediction is their average, :math:`\\bar p(x) = E_m\\, p_\\theta(x; m)`, which
:math:`k` sampled masks estimate (Monte-Carlo dropout) with an error that shrinks as :math:`1/\\sqrt k`. The
scaled network's single pass is the cheap stand-in (exact for a linear network). :func:`mask_average_curve`
trains a small network with inverted dropout and measures the root-mean-square error of the :math:`k`-mask
average against the scaled network and against a large average of other masks.

Pure functions of plain values (cacheable as they are); ``stop`` as in :mod:`nets.lessons`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import datasets

from . import ensemble, losses
from .lessons import watch
from .mlp import Architecture, forward
from .objective import DROPOUT_MODES, NetworkObjective

__all__ = ["DropoutScale", "MaskAverage", "dropout_scale", "mask_average_curve"]

MASK_KS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
REFERENCE_MASKS = 2048  # eight times the largest k: the reference's own error adds 6 % at k = 256
STREAMS = 8  # streams of masks the error is averaged over (slope -0.45 to -0.52 over 100 seeds and keeps)


@dataclass(frozen=True, eq=False)
class DropoutScale:
    """Per dropout rule (``inverted``, ``plain``, ``plain_unscaled``): the mean of what each hidden layer
    passes on ``(layers,)``, in training and at test time."""

    keep: float
    train: dict
    test: dict

    def ratio(self, mode: str) -> np.ndarray:
        """Test-time mean over training mean, per layer: 1 where the rule keeps the scale."""
        return self.test[mode] / self.train[mode]


def dropout_scale(
    keep: float = 0.5, layers: int = 3, width: int = 200, n_points: int = 300, seed: int = 0
) -> DropoutScale:
    """:class:`DropoutScale` of a ``layers`` x ``width`` ReLU network (Kaiming-normal weights, zero biases)
    on ``n_points`` unit-Gaussian inputs of dimension ``width``; every rule sees the same weights, inputs and
    masks (drawn from ``seed``)."""
    if not 0.0 < keep < 1.0:
        raise ValueError(f"keep must be in (0, 1), got {keep}")
    architecture = Architecture(width, (width,) * layers, 1, "relu")
    theta = architecture.initial_params("kaiming_normal", {"nonlinearity": "relu"}, seed=seed)
    rng = np.random.default_rng((seed, 21))
    inputs = rng.standard_normal((n_points, width))
    kept = tuple(rng.random((n_points, width)) < keep for _ in range(layers))
    train_masks = {"inverted": tuple(m / keep for m in kept), "plain": kept, "plain_unscaled": kept}
    test_scale = {"inverted": 1.0, "plain": keep, "plain_unscaled": 1.0}

    def passed_on(masks, scale):  # h_1 .. h_L after their mask or scale: what the next layer sees
        return np.array([h.mean() for h in forward(architecture, theta, inputs, masks, scale).inputs[1:]])

    return DropoutScale(
        keep,
        {mode: passed_on(train_masks[mode], 1.0) for mode in DROPOUT_MODES},
        {mode: passed_on(None, test_scale[mode]) for mode in DROPOUT_MODES},
    )


@dataclass(frozen=True, eq=False)
class MaskAverage:
    """The error of the ``k``-mask average prediction for every ``k`` of ``ks``, on the validation points
    (root-mean-square over the points and ``streams`` streams of masks).

    ``to_scaled``: :math:`\\bar p_k - p_{\\text{scaled}}` (the scaled network's one pass);
    ``to_average``: against the average over ``reference`` masks of another stream (the mask average
    itself, estimated); ``gap``: that reference against the scaled network, what the one pass leaves out;
    ``validation_accuracy``: the scaled network's (the trained network is a real classifier)."""

    keep: float
    ks: np.ndarray
    to_scaled: np.ndarray
    to_average: np.ndarray
    gap: float
    reference: int
    streams: int
    validation_accuracy: float

    def slope(self, curve: str = "to_average") -> float:
        """The least-squares slope of log error against log k: -1/2 for an error that falls as 1/sqrt(k)."""
        return float(np.polyfit(np.log(self.ks), np.log(getattr(self, curve)), 1)[0])


def trained_with_dropout(
    keep: float = 0.5, hidden=(32, 32), steps: int = 400, lr: float = 0.5, seed: int = 0, stop=None
):
    """``(architecture, theta, data)``: a ReLU network trained on two moons by full-batch gradient descent
    with inverted dropout (a fresh mask every step, the lab's :class:`nets.NetworkObjective`)."""
    data = datasets.get("two_moons", n_points=300, noise=0.2, seed=seed)
    architecture = Architecture(data.input_dim, tuple(hidden), 1, "relu")
    objective = NetworkObjective(
        architecture,
        "binary_cross_entropy",
        data.train_inputs,
        data.train_targets,
        dropout=1.0 - keep,
        seed=seed,
    )
    theta = architecture.initial_params("kaiming_normal", {"nonlinearity": "relu"}, seed=seed)
    ask = watch(stop)
    for step in range(1, steps + 1):
        ask(step)
        theta = theta - lr * objective.minibatch_grad(theta, step)
    return architecture, theta, data


def mask_average_curve(
    keep: float = 0.5,
    ks=MASK_KS,
    reference: int = REFERENCE_MASKS,
    hidden=(32, 32),
    steps: int = 400,
    lr: float = 0.5,
    seed: int = 0,
    streams: int = STREAMS,
    stop=None,
) -> MaskAverage:
    """:class:`MaskAverage` of the network :func:`trained_with_dropout` gives, on its validation points.

    The error is the root-mean-square difference over the points, its square averaged over ``streams``
    independent streams of masks: for the true mask average it is exactly :math:`\\sigma / \\sqrt k` (the
    average of ``k`` independent draws), against the ``reference``-mask estimate
    :math:`\\sigma \\sqrt{1/k + 1/\\text{reference}}`; one stream alone wanders about that curve."""
    architecture, theta, data = trained_with_dropout(keep, hidden, steps, lr, seed, stop)
    loss, inputs = "binary_cross_entropy", data.validation_inputs
    ask = watch(stop)
    scaled = ensemble.predictions(architecture, loss, theta, inputs)
    # mask streams of this seed: 100 seed for the reference, 100 seed + 1, ... for the streams
    average = ensemble.mask_average(architecture, loss, theta, inputs, keep, reference, seed=100 * seed)
    ks = np.array(sorted(ks))
    to_scaled, to_average = np.zeros(len(ks)), np.zeros(len(ks))
    for stream in range(1, streams + 1):
        ask(steps + stream)
        estimates = ensemble.mask_averages(architecture, loss, theta, inputs, keep, ks, 100 * seed + stream)
        for index, (_, estimate) in enumerate(estimates):
            to_scaled[index] += np.mean((estimate - scaled) ** 2) / streams
            to_average[index] += np.mean((estimate - average) ** 2) / streams
    return MaskAverage(
        keep=keep,
        ks=ks,
        to_scaled=np.sqrt(to_scaled),
        to_average=np.sqrt(to_average),
        gap=float(np.sqrt(np.mean((average - scaled) ** 2))),
        reference=reference,
        streams=streams,
        validation_accuracy=losses.accuracy(scaled, data.validation_targets),
    )
