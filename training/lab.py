"""The network lab: its page state (:mod:`training.lab_state`), that state's URL (:mod:`training.lab_url`),
and training it: one call per configuration (:func:`train`, the lab's checkpoints) and one budget for all
of them (:func:`seconds`). This module is the one the pages and scenes import; it re-exports the other two.

One or two configurations (network and optimizer) train on the same data with the same seed, so that
they can be compared side by side::

    ?data=two_moons:n_points=400,noise=0.2&net1=hidden_layers=3,activation=tanh&opt1=adam:lr=0.01
    &net2=hidden_layers=3,activation=tanh,dropout=0.5&opt2=adam:lr=0.01&steps=800&batch=32&seed=3
"""

from __future__ import annotations

from dataclasses import replace

import datasets
import optimizers

from . import NetworkSpec, checklist, cost
from .checklist import curve_shape
from .ensemble import MEMBER_CHECKPOINTS, MEMBER_GRID
from .lab_state import (
    AUGMENT,
    BATCH,
    CHECKPOINTS,
    LAYER_WIDTHS,
    MAX_CONFIGS,
    MAX_LAB_STEPS,
    MAX_LAYERS,
    NETWORK,
    SEED,
    START,
    STEPS,
    TOP,
    WIDTH_HIGH,
    Config,
    LabState,
    network_spec,
    optimizer_of,
    schedule_of,
    shape,
    start_hyperparams,
    widths,
    with_points,
)
from .lab_url import from_query, to_query

__all__ = [
    "ADVICE",
    "AUGMENT",
    "BATCH",
    "CHECKPOINTS",
    "LAYER_WIDTHS",
    "MAX_CONFIGS",
    "MAX_LAB_STEPS",
    "MAX_LAYERS",
    "NETWORK",
    "SEED",
    "START",
    "STEPS",
    "TOP",
    "WIDTH_HIGH",
    "Config",
    "LabState",
    "describe",
    "from_query",
    "hint",
    "network_spec",
    "optimizer_of",
    "schedule_of",
    "seconds",
    "small_sample_seconds",
    "start_hyperparams",
    "to_query",
    "train",
    "widths",
    "with_points",
]


# --- the budget: every configuration of a state shares one -----------------------------------------------

ADVICE = "Use fewer steps, points or units, a cheaper optimizer or one configuration"


def _hyperparams(config: Config) -> dict:
    try:
        return dict(optimizer_of(config).hyperparams)  # resolved: the defaults that set the price too
    except (ValueError, TypeError):
        return dict(config.hyperparams)


def train(spec: NetworkSpec, config: Config, steps: int, batch: int, seed: int, **options):
    """:func:`training.train` of one lab configuration: its optimizer and schedule, the lab's checkpoints;
    ``options`` (``stop``, ``trace``, ``grid``, ``bins``) go on as they are."""
    from training import train as train_network  # the package imports this module

    schedule = schedule_of(config)
    return train_network(
        spec, optimizer_of(config), steps, batch, seed, CHECKPOINTS, schedule=schedule, **options
    )


def seconds(state: LabState, steps: int | None = None) -> tuple[float, float]:
    """``(per step, fixed)`` estimated seconds of training every configuration of ``state`` (one budget for
    all of them) for ``steps`` steps (default the state's): per step the optimizers' steps, fixed the
    checkpoints and figures (:mod:`training.cost`), of which a shorter run has fewer."""
    state = state if steps is None else replace(state, steps=int(steps))
    per_step = fixed = 0.0
    for index, config in enumerate(state.configs):
        spec = network_spec(state, index)
        per_step += cost.step_seconds(spec, config.optimizer, _hyperparams(config), state.batch)
        fixed += cost.fixed_seconds(spec, state.steps, CHECKPOINTS) + cost.trace_seconds(spec, state.steps)
        fixed += cost.diagram_seconds(spec, state.steps, CHECKPOINTS)
    if state.ensemble:  # configuration 1 again, once per member (training.ensemble.ensemble_seconds)
        spec, config = network_spec(state, 0), state.configs[0]
        per_step += state.ensemble * cost.step_seconds(
            spec, config.optimizer, _hyperparams(config), state.batch
        )
        fixed += state.ensemble * cost.fixed_seconds(spec, state.steps, MEMBER_CHECKPOINTS, MEMBER_GRID)
    return per_step, fixed


def small_sample_seconds(state: LabState, index: int = 0) -> float:
    """Estimated seconds of configuration ``index``'s checklist run (:mod:`training.checklist`): the page
    runs it only when it fits in what the training left of the budget."""
    config = state.configs[index]
    return checklist.small_sample_seconds(network_spec(state, index), config.optimizer, _hyperparams(config))


def describe(state: LabState) -> str:
    """The request in a sentence for the budget's notice ("Training a 6 × 32 network with L-BFGS for ...")."""
    networks = [f"{shape(config)} with {optimizers.spec(config.optimizer).title}" for config in state.configs]
    who = (
        f"a {networks[0].replace(' with', ' network with', 1)}"
        if len(networks) == 1
        else f"{len(networks)} configurations ({', '.join(networks)})"
    )
    data = datasets.get(state.dataset, **dict(state.dataset_params))
    # an augmented configuration trains on its copies too: the largest set is the one priced
    copies = max(1 + (c.net("copies") if c.net("augment") != "none" else 0) for c in state.configs)
    points = len(data.train_inputs) * copies + len(data.validation_inputs)
    batches = f" in batches of {state.batch}" if state.batch else ""
    title = datasets.spec(state.dataset).title
    who += f" and {state.ensemble} ensemble members" if state.ensemble else ""
    return f"Training {who} for {state.steps:,} steps{batches} on {points:,} points of {title}"


def hint(run) -> str | None:
    """What to try when a run learned nothing: its mini-batch loss curve is flat
    (:func:`training.checklist.curve_shape`, the checklist's reading of the same curve); else None."""
    kind, figure = curve_shape(run.step_losses, run.diverged_at)
    if kind != "flat":
        return None
    return (
        f"The loss has not moved ({figure}): try a larger learning rate, or look for dead or identical units."
    )
