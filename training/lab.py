"""The network lab's page state and its URL form (pure: the page reads and writes ``st.query_params``).

One or two configurations (network and optimizer) train on the same data with the same seed, so that
they can be compared side by side::

    ?data=two_moons:n_points=400,noise=0.2&net1=hidden_layers=3,activation=tanh&opt1=adam:lr=0.01
    &net2=hidden_layers=3,activation=tanh,dropout=0.5&opt2=adam:lr=0.01&steps=800&batch=32&seed=3

``opt`` items are the optimizer's hyperparameters plus ``schedule=NAME`` and ``schedule.KEY=VALUE``; a pair
(Adam's ``betas``, the data's ``offset``) is written ``0.9|0.999``. Only values that differ from the
defaults are written. :func:`from_query` never raises: a malformed or out-of-range value falls back to its
default and adds a notice that says what was wrong; ``from_query(to_query(s)) == (s, [])``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote

import datasets
import nets
import optimizers
from datasets.augment import KINDS, MAX_COPIES
from optimizers import schedules
from paramspec import Param
from paramspec.registry import excerpt

from . import NetworkSpec, checklist, cost
from .checklist import curve_shape
from .ensemble import MEMBER_CHECKPOINTS, MEMBER_GRID, MEMBERS, SNAPSHOTS

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
        init_params=_init_params(config.net("init"), activation),
        init_seed=state.seed,
        loss=_loss_for(state, config.net("loss")),
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


def _shape(config: Config) -> str:
    """``2 × 8``, or ``8-4-2`` when the layers differ."""
    units = widths(config)
    return f"{len(units)} × {units[0]}" if len(set(units)) == 1 else "-".join(map(str, units))


def _init_params(scheme: str, activation: str) -> tuple:
    # the Kaiming schemes take the gain of the activation that follows, as torch's docs advise
    if scheme.startswith("kaiming") and activation in nets.init.NONLINEARITIES:
        return (("nonlinearity", activation),)
    return ()


def _loss_for(state: LabState, loss: str) -> str:
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
    networks = [
        f"{_shape(config)} with {optimizers.spec(config.optimizer).title}" for config in state.configs
    ]
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


# --- the URL ----------------------------------------------------------------------------------------------


def _format(param: Param, value: Any) -> str:
    return param.format(value).replace(",", "|") if param.kind == "pair" else param.format(value)


def _items(params: Mapping[str, Param], values: tuple) -> str:
    return ",".join(f"{name}={_format(params[name], value)}" for name, value in values)


def to_query(state: LabState) -> dict[str, str]:
    """The URL parameters of ``state`` (defaults left out)."""
    data_params = {p.name: p for p in datasets.spec(state.dataset).params}
    query = {
        "data": state.dataset
        + (":" + _items(data_params, state.dataset_params) if state.dataset_params else "")
    }
    for index, config in enumerate(state.configs, start=1):
        if config.network:
            query[f"net{index}"] = _items(NETWORK, config.network)
        params = {p.name: p for p in optimizers.spec(config.optimizer).params}
        items = [_items(params, config.hyperparams)] if config.hyperparams else []
        if config.schedule != "constant" or config.schedule_params:
            sparams = {p.name: p for p in schedules.spec(config.schedule).params}
            items.append(f"schedule={config.schedule}")
            items += [f"schedule.{k}={_format(sparams[k], v)}" for k, v in config.schedule_params]
        query[f"opt{index}"] = config.optimizer + (":" + ",".join(items) if items else "")
    for param in TOP:
        value = getattr(state, param.name)
        if value != param.default:
            query[param.name] = param.format(value)
    return query


def _split(text: str, where: str, notices: list[str]) -> list[tuple[str, str]]:
    items = []
    for item in text.split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep:
            notices.append(f"{where}: {excerpt(item)!r} is not key=value; ignored it.")
            continue
        items.append((key.strip(), unquote(value).strip()))
    return items


def _parse(params: Mapping[str, Param], items, where: str, notices: list[str]) -> tuple:
    values = {}
    for key, text in items:
        param = params.get(key)
        if param is None:
            notices.append(
                f"{where} has no parameter {excerpt(key)!r} (valid: {', '.join(params)}); ignored it."
            )
            continue
        try:
            value = param.parse(text.replace("|", ",") if param.kind == "pair" else text)
        except ValueError as error:
            notices.append(f"{where}: {error}; using the default {param.format(param.default)}.")
            continue
        if value != param.default:
            values[key] = value
    return tuple(sorted(values.items()))


def _first(value: Any) -> str:
    return str(value[0] if isinstance(value, (list, tuple)) and value else value)


def _parse_data(text: str, notices: list[str]) -> tuple[str, tuple]:
    name, _, body = text.partition(":")
    name = name.strip()
    if name not in datasets.names() and name not in datasets.USER_SETS:
        notices.append(
            f"Unknown data set {excerpt(name)!r} (valid: {', '.join(datasets.names())}); using two_moons."
        )
        return "two_moons", ()
    items = _split(body, f"Data set {name}", notices)
    points = []
    if name in datasets.USER_SETS:  # your points: a malformed or oversized set is refused as a whole
        points = [value for key, value in items if key == "points"]
        items = [(key, value) for key, value in items if key != "points"]
        try:
            points = [("points", datasets.user.POINTS.parse(points[-1] if points else ""))]
            datasets.get(name, **dict(points))
        except ValueError as error:
            notices.append(f"Your points could not be used: {error}; using two_moons.")
            return "two_moons", ()
    params = {p.name: p for p in datasets.spec(name).params}
    return name, tuple(sorted((*points, *_parse(params, items, f"Data set {name}", notices))))


def _parse_optimizer(text: str, where: str, notices: list[str]) -> Config:
    name, _, body = text.partition(":")
    name = name.strip()
    if name not in optimizers.names(networks=True):  # Muon too: a network has weight matrices
        notices.append(
            f"{where}: unknown optimizer {excerpt(name)!r} "
            f"(valid: {', '.join(optimizers.names(networks=True))}); using adam."
        )
        return Config()
    items = _split(body, where, notices)
    schedule_items = [(k.removeprefix("schedule."), v) for k, v in items if k.startswith("schedule.")]
    schedule = next((v for k, v in items if k == "schedule"), "constant")
    hyper_items = [(k, v) for k, v in items if k != "schedule" and not k.startswith("schedule.")]
    params = {p.name: p for p in optimizers.spec(name).params}
    hyperparams = _parse(params, hyper_items, f"{where} ({name})", notices)
    if schedule not in schedules.names():
        notices.append(f"{where}: unknown schedule {excerpt(schedule)!r}; using constant.")
        schedule, schedule_items = "constant", []
    sparams = {p.name: p for p in schedules.spec(schedule).params}
    schedule_params = _parse(sparams, schedule_items, f"{where} schedule {schedule}", notices)
    try:
        optimizers.get(name, **dict(hyperparams))
    except (ValueError, TypeError) as error:
        notices.append(f"{where}: {error}; using the defaults of {name}.")
        hyperparams = ()
    return Config(optimizer=name, hyperparams=hyperparams, schedule=schedule, schedule_params=schedule_params)


def from_query(query: Mapping[str, Any]) -> tuple[LabState, list[str]]:
    """The state a URL asks for, and the notices about what it could not use (nothing raises)."""
    notices: list[str] = []
    dataset, dataset_params = _parse_data(_first(query.get("data", "two_moons")), notices)
    configs = []
    for index in range(1, MAX_CONFIGS + 1):
        if f"opt{index}" not in query and f"net{index}" not in query:
            continue
        where = f"Configuration {index}"
        config = _parse_optimizer(_first(query.get(f"opt{index}", "adam:lr=0.01")), where, notices)
        network = _parse(
            NETWORK, _split(_first(query.get(f"net{index}", "")), where, notices), where, notices
        )
        configs.append(replace(config, network=network))
    top = {}
    for param in TOP:
        if param.name in query:
            try:
                top[param.name] = param.parse(_first(query[param.name]))
            except ValueError as error:
                notices.append(f"{error}; using {param.format(param.default)}.")
    state = LabState(dataset, dataset_params, tuple(configs) or (Config(),), **top)
    return _checked(state, notices), notices


def _checked(state: LabState, notices: list[str]) -> LabState:
    """Combinations that cannot train (binary cross-entropy on three classes, a batch larger than the
    training set) fall back with a notice."""
    data = datasets.get(state.dataset, **dict(state.dataset_params))
    if state.batch > len(data.train_inputs):
        notices.append(
            f"batch {state.batch} is larger than the {len(data.train_inputs)} training points; using all."
        )
        state = replace(state, batch=0)
    if state.batch == 1 and any(config.net("norm") == "batch" for config in state.configs):
        notices.append("batch normalisation needs at least 2 samples per batch (torch refuses 1); using all.")
        state = replace(state, batch=0)
    configs = []
    for index, config in enumerate(state.configs, start=1):
        try:
            nets.losses.output_dim(_loss_for(state, config.net("loss")), data.task, data.n_classes)
        except ValueError as error:
            notices.append(f"Configuration {index}: {error}; using softmax_cross_entropy.")
            config = replace(config, network=tuple((k, v) for k, v in config.network if k != "loss"))
        configs.append(config)
    return replace(state, configs=tuple(configs))


def hint(run) -> str | None:
    """What to try when a run learned nothing: its mini-batch loss curve is flat
    (:func:`training.checklist.curve_shape`, the checklist's reading of the same curve); else None."""
    shape, figure = curve_shape(run.step_losses, run.diverged_at)
    if shape != "flat":
        return None
    return (
        f"The loss has not moved ({figure}): try a larger learning rate, or look for dead or identical units."
    )
