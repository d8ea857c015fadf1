"""Small neural networks in pure NumPy: activations, initialisations, losses, an MLP over one flat vector.

>>> import datasets, nets, optimizers
>>> data = datasets.get("two_moons", n_points=200, seed=1)
>>> net = nets.network(data, hidden=(8, 8), activation="tanh", loss="binary_cross_entropy")
>>> theta = net.architecture.initial_params("xavier_uniform", seed=0)
>>> path = optimizers.run(optimizers.get("adam", lr=0.01), net, start=theta, steps=200)
>>> bool(net.value(path[-1]) < net.value(theta))
True

The network is a :class:`NetworkObjective`: to the optimizers it is one more objective over
:math:`\\mathbb{R}^d`, so schedules, gradient noise, averaging and divergence detection apply unchanged.
Registries: :data:`activations.ACTIVATIONS`, :data:`init.INITIALISERS`, :data:`losses.LOSSES`.
"""

from __future__ import annotations

from typing import Any

from paramspec import Param

from . import activations, batchnorm, init, losses
from .mlp import NORMS, Architecture, Pass, Workspace, backward, forward
from .objective import DROPOUT_MODES, NetworkObjective

__all__ = [
    "DROPOUT_MODES",
    "PARAMS",
    "Architecture",
    "NetworkObjective",
    "Pass",
    "Workspace",
    "activations",
    "backward",
    "batchnorm",
    "forward",
    "init",
    "losses",
    "network",
]

# The ranges the app offers (the engine accepts larger networks, as the deep-initialisation lesson needs).
PARAMS = (
    Param(
        "hidden_layers", 2, kind="int", low=1, high=6, label="hidden layers", help="Number of hidden layers."
    ),
    Param(
        "width", 8, kind="int", low=1, high=32, label="units per layer", help="Units in every hidden layer."
    ),
    Param(
        "activation",
        "relu",
        kind="choice",
        choices=tuple(activations.names()),
        help="Hidden-layer activation.",
    ),
    Param(
        "init", "kaiming_uniform", kind="choice", choices=tuple(init.names()), help="Weight initialisation."
    ),
    Param(
        "loss", "softmax_cross_entropy", kind="choice", choices=tuple(losses.names()), help="Training loss."
    ),
    Param(
        "l2",
        0.0,
        low=0.0,
        high=1.0,
        label="L2",
        help="Weight decay: (l2 / 2) times the sum of squared weights.",
    ),
    Param("l1", 0.0, low=0.0, high=1.0, label="L1", help="l1 times the sum of absolute weights."),
    Param("dropout", 0.0, low=0.0, high=0.9, help="Probability of dropping each hidden unit while training."),
    Param(
        "dropout_mode",
        "inverted",
        kind="choice",
        choices=DROPOUT_MODES,
        label="dropout scaling",
        help="inverted: times 1/keep in training; plain: times keep at test; plain_unscaled: forget to.",
    ),
    Param(
        "norm",
        "none",
        kind="choice",
        choices=NORMS,
        label="normalisation",
        help="batch: normalise every hidden layer's pre-activations over the batch (BatchNorm1d) before "
        "its activation; evaluation uses the running statistics.",
    ),
)


def network(
    data: Any,
    *,
    hidden: tuple[int, ...] = (8, 8),
    activation: str = "relu",
    activation_params: dict | None = None,
    loss: str = "softmax_cross_entropy",
    norm: str = "none",
    **options: Any,
) -> NetworkObjective:
    """The training objective of an MLP on ``data`` (a :class:`datasets.DataSet`): the output layer is
    sized for the loss and the set (``losses.output_dim``); ``norm="batch"`` normalises every hidden layer's
    pre-activations (:mod:`nets.batchnorm`); ``options`` are the other NetworkObjective
    fields (``l2``, ``l1``, ``dropout``, ``dropout_mode``, ``batch_size``, ``seed``)."""
    architecture = Architecture(
        data.input_dim,
        tuple(hidden),
        losses.output_dim(loss, data.task, data.n_classes),
        activation,
        activation_params or {},
        norm,
    )
    return NetworkObjective(architecture, loss, data.train_inputs, data.train_targets, **options)
