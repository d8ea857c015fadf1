"""A lane's URL text, both ways: ``optimizer:key=value,...`` (the grammar is in :mod:`playground.state`).

:func:`lane_to_text` writes a :class:`playground.lane.Lane`; :func:`lane_from_text` reads one back, and
anything malformed falls back to a default with a notice (quoting at most a short excerpt) instead of
raising. Values are read by the same :class:`paramspec.Param` that drives the widgets.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

import optimizers
from optimizers import schedules
from paramspec import Param
from paramspec.registry import excerpt
from playground.defaults import new_lane_hyperparams
from playground.lane import CONSTANT, Lane

NOISE = Param(
    "noise", 0.0, low=0.0, high=10.0, help="Standard deviation of Gaussian noise added to every gradient."
)
SEED = Param("seed", 0, kind="int", low=0, high=2**31 - 1, help="Seed of the gradient noise.")
COORDINATE = Param("start", 0.0, low=-1e4, high=1e4, help="A coordinate of the start point.")
MAX_LABEL = 40
MAX_VALUE = 64  # no number, pair or choice of the URL form is longer; a longer value is not read at all
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

# The separators of the lane syntax; every other printable ASCII character stays as it is in a value.
SEPARATORS = "%,:=|&;#"
_SAFE = "".join(chr(c) for c in range(32, 127) if chr(c) not in SEPARATORS)

# Lane keys that are not hyperparameters; an optimizer may not use these names (tested).
LANE_FIELDS = ("schedule", "noise", "seed", "start", "color", "label")


def _escape(text: str) -> str:
    """Percent-encode the separators of the lane syntax (and non-ASCII) inside free text."""
    return quote(text, safe=_SAFE)


def _format(param: Param, value: Any) -> str:
    if param.kind == "pair":
        return "|".join(_escape(part) for part in param.format(value).split(","))
    return _escape(param.format(value))


def format_point(point: tuple[float, float], sep: str) -> str:
    return sep.join(COORDINATE.format(float(v)) for v in point)


def lane_to_text(lane: Lane) -> str:
    """``optimizer:key=value,...`` (see the module docstring)."""
    params = {p.name: p for p in optimizers.spec(lane.optimizer).params}
    items = [f"{name}={_format(params[name], value)}" for name, value in lane.hyperparams.items()]
    if lane.schedule != CONSTANT or lane.schedule_params:
        items.append(f"schedule={_escape(lane.schedule)}")
        sparams = {p.name: p for p in schedules.spec(lane.schedule).params}
        items += [f"schedule.{k}={_format(sparams[k], v)}" for k, v in lane.schedule_params.items()]
    if lane.noise:
        items.append(f"noise={NOISE.format(float(lane.noise))}")
    if lane.seed:
        items.append(f"seed={lane.seed}")
    if lane.start is not None:
        items.append(f"start={format_point(lane.start, '|')}")
    if lane.color is not None:
        items.append(f"color={lane.color.lstrip('#')}")
    if lane.label is not None:
        items.append(f"label={_escape(lane.label)}")
    return lane.optimizer + (":" + ",".join(items) if items else "")


def quoted(text: str) -> str:
    """A value as a notice quotes it: a short excerpt, in quotes."""
    return repr(excerpt(text))


def parse_value(param: Param, text: str) -> Any:
    """``param.parse(text)``; a value longer than any real one is refused before it is read."""
    if len(text) > MAX_VALUE:
        raise ValueError(f"{param.name} must be a short value, got {len(text):,} characters")
    return param.parse(text)


def parse_point(text: str, sep: str, what: str) -> tuple[float, float]:
    parts = text.split(sep) if len(text) <= 2 * MAX_VALUE else []
    if len(parts) != 2:
        raise ValueError(f"{what} must be two numbers x{sep}y, got {quoted(text)}")
    try:
        return tuple(parse_value(COORDINATE, part) for part in parts)
    except ValueError as error:
        raise ValueError(f"{what}: {str(error).replace('start ', 'each coordinate ')}") from None


def _split_items(body: str) -> list[tuple[str, str]]:
    items = []
    for item in body.split(","):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"{quoted(item)} is not key=value")
        items.append((key.strip(), unquote(value)))
    return items


def parse_params(
    params: tuple[Param, ...], given: list[tuple[str, str]], owner: str, notices: list[str], fallback: Mapping
) -> dict:
    """The values of ``given`` that parse; a notice for each other one, naming the value used instead."""
    known = {p.name: p for p in params}
    values = {}
    for key, text in given:
        if key not in known:
            valid = ", ".join(known) or "none"
            notices.append(f"{owner} has no parameter {quoted(key)} (valid: {valid}); ignored it.")
            continue
        param = known[key]
        if param.kind == "pair":
            text = text.replace("|", ",")
        try:
            values[key] = parse_value(param, text)
        except ValueError as error:
            used = param.format(fallback.get(key, param.default))
            notices.append(f"{owner}: {error}; using {used}.")
    return values


def _parse_schedule(
    lane_items: dict, schedule_items: list, where: str, notices: list[str]
) -> tuple[str, dict]:
    if "schedule" not in lane_items:
        if schedule_items:
            notices.append(f"{where}: schedule parameters without a schedule; ignored them.")
        return CONSTANT, {}
    schedule = lane_items["schedule"]
    if schedule not in schedules.names():
        valid = ", ".join(schedules.names())
        notices.append(
            f"{where}: unknown schedule {quoted(schedule)} (valid: {valid}); using a constant learning rate."
        )
        return CONSTANT, {}
    owner = f"{where} (schedule {schedule})"
    params = parse_params(schedules.spec(schedule).params, schedule_items, owner, notices, {})
    try:
        schedules.get(schedule, **params)
    except (ValueError, TypeError) as error:
        notices.append(f"{owner}: {error}; using its defaults.")
        params = {}
    return schedule, params


def _lane_fields(lane_items: dict, where: str, notices: list[str]) -> dict:
    """noise, seed, start, colour and label of a lane, each that parses."""
    changes: dict[str, Any] = {}
    for key, param in (("noise", NOISE), ("seed", SEED)):
        if key in lane_items:
            try:
                changes[key] = parse_value(param, lane_items[key])
            except ValueError as error:
                notices.append(f"{where}: {error}; using {param.format(param.default)}.")
    if "start" in lane_items:
        try:
            changes["start"] = parse_point(lane_items["start"], "|", "start")
        except ValueError as error:
            notices.append(f"{where}: {error}; using the shared start.")
    if "color" in lane_items:
        color = "#" + lane_items["color"].lstrip("#")
        if _COLOR.fullmatch(color):
            changes["color"] = color
        else:
            got = quoted(lane_items["color"])
            notices.append(
                f"{where}: colour must be 6 hex digits such as E69F00, got {got}; using the palette's."
            )
    if "label" in lane_items:
        label = lane_items["label"]
        if len(label) > MAX_LABEL:
            notices.append(f"{where}: the label is longer than {MAX_LABEL} characters; shortened it.")
            label = label[:MAX_LABEL]
        changes["label"] = label
    return changes


def lane_from_text(text: str, surface: str, index: int, notices: list[str]) -> Lane:
    """Parse ``optimizer:key=value,...``; anything malformed falls back with a notice."""
    where = f"Lane {index}"
    name, _, body = text.partition(":")
    name = name.strip()
    if name not in optimizers.names():
        fallback = "sgd" if "sgd" in optimizers.names() else optimizers.names()[0]
        valid = ", ".join(optimizers.names())
        notices.append(f"{where}: unknown optimizer {quoted(name)} (valid: {valid}); using {fallback}.")
        return Lane(optimizer=fallback, hyperparams=new_lane_hyperparams(surface, fallback))
    fresh = new_lane_hyperparams(surface, name)
    try:
        items = _split_items(body)
    except ValueError as error:
        notices.append(f"{where}: {error}; using the defaults of {name}.")
        return Lane(optimizer=name, hyperparams=fresh)

    lane_items = {k: v for k, v in items if k in LANE_FIELDS}
    schedule_items = [(k.removeprefix("schedule."), v) for k, v in items if k.startswith("schedule.")]
    hyper_items = [(k, v) for k, v in items if k not in LANE_FIELDS and not k.startswith("schedule.")]

    hyperparams = parse_params(optimizers.spec(name).params, hyper_items, f"{where} ({name})", notices, fresh)
    if "lr" in dict(hyper_items) and "lr" not in hyperparams and "lr" in fresh:  # the lr the notice names
        hyperparams = {"lr": fresh["lr"], **hyperparams}
    try:
        optimizers.get(name, **hyperparams)
    except (ValueError, TypeError) as error:
        notices.append(f"{where} ({name}): {error}; using the defaults of {name}.")
        hyperparams = fresh

    schedule, schedule_params = _parse_schedule(lane_items, schedule_items, where, notices)
    lane = Lane(optimizer=name, hyperparams=hyperparams, schedule=schedule, schedule_params=schedule_params)
    return dataclasses.replace(lane, **_lane_fields(lane_items, where, notices))
