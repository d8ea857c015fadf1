"""The whole state of the Playground page, and its URL form.

A shared link must reproduce the picture, so every choice on the page lives in :class:`PlaygroundState`
and :func:`to_query` / :func:`from_query` turn it into query parameters and back, exactly:
``from_query(to_query(s)) == (s, [])`` for every valid state.

The URL reads like this (one key per lane, ``lane1`` ... ``lane6``)::

    ?surface=ravine&condition_number=20&steps=300&start=-4,1.5&layout=multiples
     &lane1=adam:lr=0.02,betas=0.9|0.999
     &lane2=sgd:lr=0.05,momentum=0.9,schedule=step,schedule.step_size=100,noise=0.1,color=E69F00

- surface parameters are top-level keys next to ``surface``;
- a lane is ``optimizer:key=value,...`` where the keys are the optimizer's hyperparameters (torch.optim names)
  and the lane's own fields ``schedule``, ``schedule.<param>``, ``noise``, ``seed``, ``start`` (``x|y``),
  ``color`` (hex without ``#``) and ``label``; pairs such as ``betas`` are written ``a|b``;
- ``scene=ID`` alone opens a lecture scene; with other keys it names the scene the state was derived from.

Values are validated by the same :class:`paramspec.Param` that drives the widgets. Anything malformed
(an unknown optimizer, an lr out of range, ``steps=10**9``, ``start=abc``, a seventh lane, an expression
that does not parse) falls back to its default and adds a sentence to the notices; nothing raises.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from paramspec import Param

MAX_LANES = 6
MAX_STEPS = 5000
LAYOUTS = ("overlay", "multiples")
VIEWS = ("contour", "3d")
AVERAGES = (None, "polyak", "ema")
CUSTOM = "custom"
CONSTANT = "constant"

STEPS = Param("steps", 200, kind="int", low=1, high=MAX_STEPS, help="Number of optimizer steps (cap 5,000).")
NOISE = Param(
    "noise", 0.0, low=0.0, high=10.0, help="Standard deviation of Gaussian noise added to every gradient."
)
SEED = Param("seed", 0, kind="int", low=0, high=2**31 - 1, help="Seed of the gradient noise.")
COORDINATE = Param("start", 0.0, low=-1e4, high=1e4, help="A coordinate of the start point.")
MAX_EXPRESSION = 500
MAX_LABEL = 40
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

# Lane keys that are not hyperparameters; an optimizer may not use these names (tested).
LANE_FIELDS = ("schedule", "noise", "seed", "start", "color", "label")
# Top-level keys; a surface may not use these names for its parameters (tested).
RESERVED = (
    "surface",
    "expr",
    "start",
    "steps",
    "layout",
    "view",
    "average",
    "presenter",
    "scene",
    "lane",
    *(f"lane{i}" for i in range(1, MAX_LANES + 1)),
)


def _story_lanes() -> tuple:
    from playground.defaults import story_lanes

    return story_lanes("ravine")


@dataclass(frozen=True)
class Lane:
    """One optimizer racing on the map: which optimizer, its hyperparameters, schedule, noise and looks.

    ``hyperparams`` and ``schedule_params`` hold only what differs from the library defaults (a lane
    always carries its ``lr`` so that a link keeps meaning the same thing when a default changes).
    """

    optimizer: str = "sgd"
    hyperparams: dict = field(default_factory=dict)
    schedule: str = CONSTANT
    schedule_params: dict = field(default_factory=dict)
    noise: float = 0.0
    seed: int = 0
    start: tuple[float, float] | None = None  # None: the shared start
    color: str | None = None  # None: palette colour by lane index
    label: str | None = None


@dataclass(frozen=True)
class PlaygroundState:
    """Everything the page shows; the URL is this, written down."""

    surface: str = "ravine"  # a surfaces name, or "custom"
    surface_params: dict = field(default_factory=dict)
    expression: str = ""  # when surface == "custom"
    lanes: tuple[Lane, ...] = field(default_factory=_story_lanes)  # 1..6
    start: tuple[float, float] | None = None  # None: the surface's default start
    steps: int = 200  # 1..5000
    layout: str = "overlay"  # or "multiples"
    view: str = "contour"  # or "3d"
    average: str | None = None  # None, "polyak", "ema"
    presenter: bool = False
    scene: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Writing


def _escape(text: str) -> str:
    """Protect the separators of the lane syntax inside free text (labels, choice values)."""
    for char in "%,:=|&;#":
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def _format(param: Param, value: Any) -> str:
    if param.kind == "pair":
        return "|".join(_escape(part) for part in param.format(value).split(","))
    return _escape(param.format(value))


def _format_point(point: tuple[float, float], sep: str) -> str:
    return sep.join(COORDINATE.format(float(v)) for v in point)


def lane_to_text(lane: Lane) -> str:
    """``optimizer:key=value,...`` (see the module docstring)."""
    from optimizers import schedules, spec

    params = {p.name: p for p in spec(lane.optimizer).params}
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
        items.append(f"start={_format_point(lane.start, '|')}")
    if lane.color is not None:
        items.append(f"color={lane.color.lstrip('#')}")
    if lane.label is not None:
        items.append(f"label={_escape(lane.label)}")
    return lane.optimizer + (":" + ",".join(items) if items else "")


def _full_query(state: PlaygroundState) -> dict[str, str]:
    query: dict[str, str] = {"surface": state.surface}
    if state.surface == CUSTOM:
        query["expr"] = state.expression
    else:
        from surfaces import spec

        params = {p.name: p for p in spec(state.surface).params}
        query.update({k: params[k].format(v) for k, v in state.surface_params.items()})
    if state.start is not None:
        query["start"] = _format_point(state.start, ",")
    query["steps"] = str(state.steps)
    if state.layout != "overlay":
        query["layout"] = state.layout
    if state.view != "contour":
        query["view"] = state.view
    if state.average is not None:
        query["average"] = state.average
    for i, lane in enumerate(state.lanes, start=1):
        query[f"lane{i}"] = lane_to_text(lane)
    return query


def to_query(state: PlaygroundState) -> dict[str, str]:
    """The query parameters that reproduce ``state`` (a state straight from a scene is just ``scene=ID``)."""
    if state.scene is not None:
        scene_state = _scene_state(state.scene)
        canonical = scene_state and dataclasses.replace(scene_state, presenter=state.presenter)
        # A state straight from the scene is just its id; a changed one is written out in full.
        query = {"scene": state.scene} if canonical == state else {**_full_query(state), "scene": state.scene}
    else:
        query = _full_query(state)
    if state.presenter:
        query["presenter"] = "1"
    return query


# ---------------------------------------------------------------------------------------------------------
# Reading


def _scene_state(scene_id: str) -> PlaygroundState | None:
    """The state of lecture scene ``scene_id`` (with ``scene`` set), or None if there is no such scene."""
    try:
        import scenes

        scene = scenes.get(scene_id)
    except (ImportError, AttributeError, KeyError, ValueError):  # no registry yet, or no such scene
        return None
    return dataclasses.replace(scene.state, scene=scene_id)


def scene_ids() -> list[str]:
    """The lecture scenes in order, or [] while the scenes registry is not there."""
    try:
        import scenes

        return list(scenes.names())
    except (ImportError, AttributeError):
        return []


def _first(value: Any) -> str:
    """Query values arrive as a string, or as a list when a key is repeated: take the last one."""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return str(value)


def _parse_point(text: str, sep: str, what: str) -> tuple[float, float]:
    parts = text.split(sep)
    if len(parts) != 2:
        raise ValueError(f"{what} must be two numbers x{sep}y, got {text!r}")
    try:
        return tuple(COORDINATE.parse(part) for part in parts)
    except ValueError as error:
        raise ValueError(f"{what}: {str(error).replace('start ', 'each coordinate ')}") from None


def _split_items(body: str) -> list[tuple[str, str]]:
    items = []
    for item in body.split(","):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"{item!r} is not key=value")
        items.append((key.strip(), unquote(value)))
    return items


def _parse_params(
    params: tuple[Param, ...], given: list[tuple[str, str]], owner: str, notices: list[str]
) -> dict:
    known = {p.name: p for p in params}
    values = {}
    for key, text in given:
        if key not in known:
            valid = ", ".join(known) or "none"
            notices.append(f"{owner} has no parameter {key!r} (valid: {valid}); ignored it.")
            continue
        param = known[key]
        if param.kind == "pair":
            text = text.replace("|", ",")
        try:
            values[key] = param.parse(text)
        except ValueError as error:
            notices.append(f"{owner}: {error}; using the default {param.format(param.default)}.")
    return values


def lane_from_text(text: str, surface: str, index: int, notices: list[str]) -> Lane:
    """Parse ``optimizer:key=value,...``; anything malformed falls back with a notice."""
    import optimizers
    from optimizers import schedules
    from playground.defaults import new_lane_hyperparams

    where = f"Lane {index}"
    name, _, body = text.partition(":")
    name = name.strip()
    if name not in optimizers.names():
        fallback = "sgd" if "sgd" in optimizers.names() else optimizers.names()[0]
        notices.append(
            f"{where}: unknown optimizer {name!r} (valid: {', '.join(optimizers.names())}); using {fallback}."
        )
        return Lane(optimizer=fallback, hyperparams=new_lane_hyperparams(surface, fallback))
    try:
        items = _split_items(body)
    except ValueError as error:
        notices.append(f"{where}: {error}; using the defaults of {name}.")
        return Lane(optimizer=name, hyperparams=new_lane_hyperparams(surface, name))

    lane_items = {k: v for k, v in items if k in LANE_FIELDS}
    schedule_items = [(k.removeprefix("schedule."), v) for k, v in items if k.startswith("schedule.")]
    hyper_items = [(k, v) for k, v in items if k not in LANE_FIELDS and not k.startswith("schedule.")]

    spec = optimizers.spec(name)
    before = len(notices)
    hyperparams = _parse_params(spec.params, hyper_items, f"{where} ({name})", notices)
    if len(notices) > before and "lr" in {k for k, _ in hyper_items} and "lr" not in hyperparams:
        hyperparams = {**new_lane_hyperparams(surface, name), **hyperparams}
    try:
        optimizers.get(name, **hyperparams)
    except (ValueError, TypeError) as error:
        notices.append(f"{where} ({name}): {error}; using the defaults of {name}.")
        hyperparams = new_lane_hyperparams(surface, name)

    schedule, schedule_params = CONSTANT, {}
    if "schedule" in lane_items:
        schedule = lane_items["schedule"]
        if schedule not in schedules.names():
            notices.append(
                f"{where}: unknown schedule {schedule!r} (valid: {', '.join(schedules.names())}); "
                "using a constant learning rate."
            )
            schedule = CONSTANT
        else:
            schedule_params = _parse_params(
                schedules.spec(schedule).params, schedule_items, f"{where} (schedule {schedule})", notices
            )
            try:
                schedules.get(schedule, **schedule_params)
            except (ValueError, TypeError) as error:
                notices.append(f"{where} (schedule {schedule}): {error}; using its defaults.")
                schedule_params = {}
    elif schedule_items:
        notices.append(f"{where}: schedule parameters without a schedule; ignored them.")

    lane = Lane(optimizer=name, hyperparams=hyperparams, schedule=schedule, schedule_params=schedule_params)
    changes: dict[str, Any] = {}
    for key, param in (("noise", NOISE), ("seed", SEED)):
        if key in lane_items:
            try:
                changes[key] = param.parse(lane_items[key])
            except ValueError as error:
                notices.append(f"{where}: {error}; using {param.format(param.default)}.")
    if "start" in lane_items:
        try:
            changes["start"] = _parse_point(lane_items["start"], "|", "start")
        except ValueError as error:
            notices.append(f"{where}: {error}; using the shared start.")
    if "color" in lane_items:
        color = "#" + lane_items["color"].lstrip("#")
        if _COLOR.fullmatch(color):
            changes["color"] = color
        else:
            got = lane_items["color"]
            notices.append(f"{where}: colour must be 6 hex digits such as E69F00, got {got!r}.")
    if "label" in lane_items:
        label = lane_items["label"]
        if len(label) > MAX_LABEL:
            notices.append(f"{where}: the label is longer than {MAX_LABEL} characters; shortened it.")
            label = label[:MAX_LABEL]
        changes["label"] = label
    return dataclasses.replace(lane, **changes)


def _choice(query: Mapping, key: str, choices: tuple, notices: list[str]) -> Any:
    if key not in query:
        return choices[0]
    text = _first(query[key]).strip()
    for choice in choices:
        if str(choice).lower() == text.lower() or (choice is None and text.lower() in ("", "none")):
            return choice
    options = ", ".join(str(c).lower() for c in choices)
    notices.append(f"{key} must be one of {options}, got {text!r}; using {str(choices[0]).lower()}.")
    return choices[0]


def _lane_texts(query: Mapping, notices: list[str]) -> list[tuple[int, str]]:
    numbered = []
    for key in query:
        match = re.fullmatch(r"lane(\d+)", key)
        if match:
            numbered.append((int(match.group(1)), _first(query[key])))
    numbered.sort()
    if "lane" in query:  # ``lane=...&lane=...`` (repeated keys) is accepted too
        values = query["lane"] if isinstance(query["lane"], (list, tuple)) else [query["lane"]]
        numbered += [(len(numbered) + i + 1, str(v)) for i, v in enumerate(values)]
    if len(numbered) > MAX_LANES:
        notices.append(f"At most {MAX_LANES} lanes; kept the first {MAX_LANES} of {len(numbered)}.")
        numbered = numbered[:MAX_LANES]
    return numbered


def _parse_surface(query: Mapping, notices: list[str]) -> tuple[str, dict, str]:
    import surfaces

    name = _first(query.get("surface", "ravine")).strip()
    if name == CUSTOM:
        expression = _first(query.get("expr", ""))
        if len(expression) > MAX_EXPRESSION:
            notices.append(f"The expression is longer than {MAX_EXPRESSION} characters; showing the ravine.")
            return "ravine", {}, ""
        try:
            surfaces.from_expression(expression)
        except ValueError as error:
            notices.append(f"The expression {expression!r} does not parse ({error}); showing the ravine.")
            return "ravine", {}, ""
        return CUSTOM, {}, expression
    if name not in surfaces.names():
        valid = ", ".join([*surfaces.names(), CUSTOM])
        notices.append(f"Unknown surface {name!r} (valid: {valid}); using ravine.")
        name = "ravine"
    spec = surfaces.spec(name)
    known = {p.name for p in spec.params}
    given = [(k, _first(v)) for k, v in query.items() if k in known]
    params = _parse_params(spec.params, given, f"Surface {name}", notices)
    try:
        surfaces.get(name, **params)
    except (ValueError, TypeError) as error:
        notices.append(f"Surface {name}: {error}; using its default parameters.")
        params = {}
    return name, params, ""


def from_query(query: Mapping[str, Any]) -> tuple[PlaygroundState, list[str]]:
    """The state written in ``query`` (values are strings, or lists of strings for repeated keys).

    Returns the state and the notices (one sentence per value that was malformed and replaced by its
    default). Never raises for any mapping of strings.
    """
    notices: list[str] = []
    query = dict(query)
    presenter = False
    if "presenter" in query:
        text = _first(query["presenter"]).strip().lower()
        if text in ("1", "true", "yes", "on"):
            presenter = True
        elif text not in ("0", "false", "no", "off", ""):
            notices.append(f"presenter must be 1 or 0, got {text!r}; presenter mode is off.")

    scene = None
    if "scene" in query:
        scene_id = _first(query["scene"]).strip()
        scene_state = _scene_state(scene_id)
        if scene_state is None:
            ids = ", ".join(scene_ids()) or "none yet"
            notices.append(f"Unknown scene {scene_id!r} (valid: {ids}); ignored it.")
        elif set(query) <= {"scene", "presenter"}:
            return dataclasses.replace(scene_state, presenter=presenter), notices
        else:
            scene = scene_id

    surface, surface_params, expression = _parse_surface(query, notices)

    start = None
    if "start" in query:
        try:
            start = _parse_point(_first(query["start"]), ",", "start")
        except ValueError as error:
            notices.append(f"{error}; using the surface's default start.")

    steps = STEPS.default
    if "steps" in query:
        try:
            steps = STEPS.parse(_first(query["steps"]))
        except ValueError as error:
            notices.append(f"{error} (the cap is {MAX_STEPS:,}); using {STEPS.default}.")

    layout = _choice(query, "layout", LAYOUTS, notices)
    view = _choice(query, "view", VIEWS, notices)
    average = _choice(query, "average", AVERAGES, notices)

    lane_texts = _lane_texts(query, notices)
    lanes = tuple(lane_from_text(text, surface, i, notices) for i, text in lane_texts)
    if not lanes:
        from playground.defaults import story_lanes

        lanes = story_lanes(surface)

    known = set(RESERVED)
    if surface != CUSTOM:
        import surfaces

        known |= {p.name for p in surfaces.spec(surface).params}
    for key in query:
        if key not in known and not re.fullmatch(r"lane\d+", key):
            notices.append(f"Unknown URL parameter {key!r}; ignored it.")

    state = PlaygroundState(
        surface=surface,
        surface_params=surface_params,
        expression=expression,
        lanes=lanes,
        start=start,
        steps=steps,
        layout=layout,
        view=view,
        average=average,
        presenter=presenter,
        scene=scene,
    )
    return state, notices


def is_finite_point(point: Any) -> bool:
    """Whether ``point`` is two finite numbers (used by the page for typed start points)."""
    try:
        x, y = point
        return math.isfinite(float(x)) and math.isfinite(float(y))
    except (TypeError, ValueError):
        return False
