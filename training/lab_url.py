"""The network lab's state in its URL form (pure: the page reads and writes ``st.query_params``)::

    ?data=two_moons:n_points=400,noise=0.2&net1=hidden_layers=3,activation=tanh&opt1=adam:lr=0.01
    &net2=hidden_layers=3,activation=tanh,dropout=0.5&opt2=adam:lr=0.01&steps=800&batch=32&seed=3

``opt`` items are the optimizer's hyperparameters plus ``schedule=NAME`` and ``schedule.KEY=VALUE``; a pair
(Adam's ``betas``, the data's ``offset``) is written ``0.9|0.999``. Only values that differ from the
defaults are written. :func:`from_query` never raises: a malformed or out-of-range value falls back to its
default and adds a notice that says what was wrong; ``from_query(to_query(s)) == (s, [])``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

import datasets
import nets
import optimizers
from optimizers import schedules
from paramspec import Param
from paramspec.registry import excerpt

from .lab_state import MAX_CONFIGS, NETWORK, TOP, Config, LabState, loss_for


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
            nets.losses.output_dim(loss_for(state, config.net("loss")), data.task, data.n_classes)
        except ValueError as error:
            notices.append(f"Configuration {index}: {error}; using softmax_cross_entropy.")
            config = replace(config, network=tuple((k, v) for k, v in config.network if k != "loss"))
        configs.append(config)
    return replace(state, configs=tuple(configs))
