"""The network lab's page state: one or two configurations (network and optimizer) that train on the same
data with the same seed, each setting a :class:`paramspec.Param` with its default and range (pure; the URL
form is :mod:`training.lab_url`, the training and its budget :mod:`training.lab`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import datasets
import nets
import optimizers
from datasets.augment import KINDS, MAX_COPIES
from optimizers import schedules
from paramspec import Param

from . import NetworkSpec
from .ensemble import MEMBERS, SNAPSHOTS

MAX_CONFIGS = 2
# the player's checkpoints: the curves at every step up to 1,000 steps (training.run.Trace), everything
# else (regions, histograms, instruments, the diagram) at 101 evenly spaced steps, each shown until the next
CHECKPOINTS = 101
MAX_LAB_STEPS = 5000  # the lab page's cap; the run loop's optimizers.MAX_STEPS is the engine-wide limit
STEPS = Param(
    "steps", 500, kind="int", low=1, high=MAX_LAB_STEPS, help=f"Training steps (cap {MAX_LAB_STEPS:,})."
)
BATCH = Param("batch", 0, kind="int", low=0, high=2000, label="batch size", help="Samples per step; 0: all.")
SEED = Param(
    "seed", 0, kind="int", low=0, high=2**31 - 1, help="Seeds the initialisation, batches and dropout."
)
TOP = (STEPS, BATCH, SEED, MEMBERS, SNAPSHOTS)  # MEMBERS, SNAPSHOTS: configuration 1's ensembles
# data augmentation, a training option of each configuration (written among its net items)
AUGMENT = (
    Param(
        "augment",
        "none",
        kind="choice",
        choices=KINDS,
        label="augmentation",
        help="Train on copies of the training points too: jittered by noise, turned by the data set's "
        "symmetry, or mixed pairwise (mixup). The validation points are never augmented.",
    ),
    Param("copies", 1, kind="int", low=1, high=MAX_COPIES, help="Augmented copies of the training set."),
    Param(
        "strength",
        0.1,
        low=0.01,
        high=2.0,
        log=True,
        help="Jitter: the noise's std in units of the data's scale. Mixup: alpha of Beta(alpha, alpha).",
    ),
)
MAX_LAYERS = next(p.high for p in nets.PARAMS if p.name == "hidden_layers")
WIDTH_HIGH = next(p.high for p in nets.PARAMS if p.name == "width")
# TensorFlow Playground's width per layer: widthI, when not 0, overrides the units per layer in hidden layer I
LAYER_WIDTHS = tuple(
    Param(
        f"width{i}",
        0,
        kind="int",
        low=0,
        high=WIDTH_HIGH,
        label=f"units in layer {i}",
        help="0: the units per layer above.",
    )
    for i in range(1, MAX_LAYERS + 1)
)
NETWORK = {p.name: p for p in (*nets.PARAMS, *AUGMENT, *LAYER_WIDTHS)}


@dataclass(frozen=True)
class Config:
    """One network and its optimizer; the dict-like fields are sorted ``(name, value)`` tuples of the
    values that differ from the defaults."""

    network: tuple = ()
    optimizer: str = "adam"
    hyperparams: tuple = (("lr", 0.01),)
    schedule: str = "constant"
    schedule_params: tuple = ()

    def net(self, name: str) -> Any:
        return dict(self.network).get(name, NETWORK[name].default)


@dataclass(frozen=True)
class LabState:
    dataset: str = "two_moons"
    dataset_params: tuple = ()
    configs: tuple[Config, ...] = field(default_factory=lambda: (Config(),))
    steps: int = STEPS.default
    batch: int = BATCH.default
    seed: int = SEED.default
    ensemble: int = MEMBERS.default  # members trained from other seeds (training.ensemble); 0: none
    snapshots: int = SNAPSHOTS.default  # last checkpoints of configuration 1 averaged; 0: none


def network_spec(state: LabState, index: int = 0) -> NetworkSpec:
    """The :class:`training.NetworkSpec` of configuration ``index`` (same data and seed for all)."""
    config = state.configs[index]
    activation = config.net("activation")
    return NetworkSpec(
        dataset=state.dataset,
        dataset_params=state.dataset_params,
        hidden=widths(config),
        activation=activation,
        init=config.net("init"),
        init_params=init_params(config.net("init"), activation),
        init_seed=state.seed,
        loss=loss_for(state, config.net("loss")),
        l2=config.net("l2"),
        l1=config.net("l1"),
        dropout=config.net("dropout"),
        dropout_mode=config.net("dropout_mode"),
        norm=config.net("norm"),
        augment=config.net("augment"),
        augment_copies=config.net("copies"),
        augment_strength=config.net("strength"),
    )


def with_points(state: LabState, text: str) -> LabState:
    """``state`` training on your points (:func:`datasets.user.encode`'s text): the user set of their task,
    with the current set's split, preprocessing, features and seed kept."""
    name = "user" if datasets.user.decode(text).task == "classification" else "user_regression"
    kept = {p.name for p in datasets.PIPELINE}
    params = tuple(sorted({**{k: v for k, v in state.dataset_params if k in kept}, "points": text}.items()))
    return replace(state, dataset=name, dataset_params=params)


def widths(config: Config) -> tuple[int, ...]:
    """The units of each hidden layer: ``widthI`` where set, else the units per layer."""
    layers = range(1, config.net("hidden_layers") + 1)
    return tuple(config.net(f"width{i}") or config.net("width") for i in layers)


def shape(config: Config) -> str:
    """``2 × 8``, or ``8-4-2`` when the layers differ."""
    units = widths(config)
    return f"{len(units)} × {units[0]}" if len(set(units)) == 1 else "-".join(map(str, units))


def init_params(scheme: str, activation: str) -> tuple:
    # the Kaiming schemes take the gain of the activation that follows, as torch's docs advise
    if scheme.startswith("kaiming") and activation in nets.init.NONLINEARITIES:
        return (("nonlinearity", activation),)
    return ()


def loss_for(state: LabState, loss: str) -> str:
    task = datasets.spec(state.dataset).task
    return "mse" if task == "regression" else loss


# The picker's starting settings where torch's default learns too little in the lab's 500 steps on its
# default data (SGD's lr 1e-3 stops at about the linear boundary, 88 % validation accuracy);
# tests/training/test_presets.py trains every optimizer from its start on the default data.
START = {
    "sgd": (("lr", 0.1),),
    "momentum": (("lr", 0.02),),
    "nesterov": (("lr", 0.02),),
    "radam": (("lr", 0.01),),
    "asgd": (("lr", 0.1),),
    "lion": (("lr", 0.001),),
    "muon": (("lr", 0.02),),
}


def start_hyperparams(name: str) -> dict:
    """The hyperparameters the picker starts ``name`` with (:data:`START`, else torch's defaults)."""
    return dict(START.get(name, ()))


def optimizer_of(config: Config):
    return optimizers.get(config.optimizer, **dict(config.hyperparams))


def schedule_of(config: Config):
    if config.schedule == "constant" and not config.schedule_params:
        return None
    return schedules.get(config.schedule, **dict(config.schedule_params))
