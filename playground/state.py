"""The whole state of the Playground page, and its URL form.

A shared link must reproduce the picture, so every choice on the page lives in :class:`PlaygroundState`
and :func:`to_query` / :func:`from_query` turn it into query parameters and back, exactly:
``from_query(to_query(s, presets), presets) == (s, [])`` for every valid state.

The URL reads like this (one key per lane, ``lane1`` ... ``lane6``)::

    ?surface=ravine&condition_number=20&steps=300&start=-4,1.5&layout=multiples
     &lane1=adam:lr=0.02,betas=0.9|0.999
     &lane2=sgd:lr=0.05,momentum=0.9,schedule=step,schedule.step_size=100,noise=0.1,color=E69F00

- surface parameters are top-level keys next to ``surface``;
- a lane is ``optimizer:key=value,...`` where the keys are the optimizer's hyperparameters (torch.optim names)
  and the lane's own fields ``schedule``, ``schedule.<param>``, ``noise``, ``seed``, ``start`` (``x|y``),
  ``color`` (hex without ``#``) and ``label``; pairs such as ``betas`` are written ``a|b``; inside a value,
  the separators ``% , : = | & ; #`` (and anything not printable ASCII) are percent-encoded with
  ``urllib.parse.quote`` and read back with ``unquote``;
- ``scene=ID`` alone opens a lecture scene; with other keys it names the scene the state was derived from.
  The codec knows the scenes only through the ``presets`` it is given (scene id -> state), so this module
  imports nothing above it.

A lane's text is read and written by :mod:`playground.lane_url`. Values are validated by the same
:class:`paramspec.Param` that drives the widgets. Anything malformed
(an unknown optimizer, an lr out of range, ``steps=10**9``, ``start=abc``, a seventh lane, ``lane01``, an
expression that does not parse) falls back to its default and adds a sentence to the notices, quoting at
most a short excerpt of the bad value; nothing raises, for any mapping of strings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import surfaces
from choices import LAYOUTS
from optimizers.loop import AVERAGES
from paramspec import Param
from paramspec.registry import excerpt
from playground.defaults import story_lanes
from playground.lane import CONSTANT, Lane
from playground.lane_url import (
    format_point,
    lane_from_text,
    lane_to_text,
    parse_params,
    parse_point,
    parse_value,
    quoted,
)

__all__ = ["AVERAGES", "CONSTANT", "Lane", "PlaygroundState", "from_query", "to_query"]

MAX_LANES = 6
MAX_PAGE_STEPS = 5000  # the page's cap (the run loop's own MAX_STEPS is a larger, engine-wide limit)
VIEWS = ("contour", "3d")
CUSTOM = "custom"

STEPS = Param("steps", 200, kind="int", low=1, high=MAX_PAGE_STEPS, help="Number of optimizer steps.")
MAX_EXPRESSION = 500

LANE_KEYS = tuple(f"lane{i}" for i in range(1, MAX_LANES + 1))
# Top-level keys; a surface may not use these names for its parameters (tested).
RESERVED = ("surface", "expr", "start", "steps", "layout", "view", "average", "presenter", "scene", "lane")
RESERVED += LANE_KEYS
# Unknown keys are named one by one up to this many, then counted.
_NAMED_UNKNOWN = 5

Presets = Mapping[str, "PlaygroundState"]


@dataclass(frozen=True)
class PlaygroundState:
    """Everything the page shows; the URL is this, written down."""

    surface: str = "ravine"  # a surfaces name, or "custom"
    surface_params: dict = field(default_factory=dict)
    expression: str = ""  # when surface == "custom"
    lanes: tuple[Lane, ...] = field(default_factory=story_lanes)  # 1..MAX_LANES
    start: tuple[float, float] | None = None  # None: the surface's default start
    steps: int = 200  # 1..MAX_PAGE_STEPS
    layout: str = "overlay"  # or "multiples"
    view: str = "contour"  # or "3d"
    average: str | None = None  # None, "polyak", "ema"
    presenter: bool = False
    scene: str | None = None


def _full_query(state: PlaygroundState) -> dict[str, str]:
    query: dict[str, str] = {"surface": state.surface}
    if state.surface == CUSTOM:
        query["expr"] = state.expression
    else:
        params = {p.name: p for p in surfaces.spec(state.surface).params}
        query.update({k: params[k].format(v) for k, v in state.surface_params.items()})
    if state.start is not None:
        query["start"] = format_point(state.start, ",")
    query["steps"] = str(state.steps)
    if state.layout != LAYOUTS[0]:
        query["layout"] = state.layout
    if state.view != VIEWS[0]:
        query["view"] = state.view
    if state.average is not None:
        query["average"] = state.average
    for key, lane in zip(LANE_KEYS, state.lanes, strict=False):
        query[key] = lane_to_text(lane)
    return query


def to_query(state: PlaygroundState, presets: Presets | None = None) -> dict[str, str]:
    """The query parameters that reproduce ``state``.

    A state straight from a scene of ``presets`` is just ``scene=ID``; a changed one is written out in full
    with ``scene=ID`` beside it.
    """
    if state.scene is not None:
        preset = (presets or {}).get(state.scene)
        canonical = preset is not None and dataclasses.replace(preset, presenter=state.presenter) == state
        query = {"scene": state.scene} if canonical else {**_full_query(state), "scene": state.scene}
    else:
        query = _full_query(state)
    if state.presenter:
        query["presenter"] = "1"
    return query


# ---------------------------------------------------------------------------------------------------------
# Reading


def _first(value: Any) -> str:
    """Query values arrive as a string, or as a list when a key is repeated: take the last one."""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return str(value)


def _choice(query: Mapping, key: str, choices: tuple, notices: list[str]) -> Any:
    if key not in query:
        return choices[0]
    text = _first(query[key]).strip()
    for choice in choices:
        if str(choice).lower() == text.lower() or (choice is None and text.lower() in ("", "none")):
            return choice
    options = ", ".join(str(c).lower() for c in choices)
    notices.append(f"{key} must be one of {options}, got {quoted(text)}; using {str(choices[0]).lower()}.")
    return choices[0]


def _lane_texts(query: Mapping, notices: list[str]) -> list[tuple[int, str]]:
    """The lane values in order: ``lane1`` ... ``lane6`` (exactly these keys), then repeated ``lane`` keys."""
    numbered = sorted((LANE_KEYS.index(key) + 1, _first(query[key])) for key in query if key in LANE_KEYS)
    odd = [key for key in query if key.startswith("lane") and key != "lane" and key not in LANE_KEYS]
    for key in odd[:_NAMED_UNKNOWN]:
        notices.append(f"At most {MAX_LANES} lanes, keyed lane1 ... lane{MAX_LANES}; ignored {quoted(key)}.")
    if len(odd) > _NAMED_UNKNOWN:
        notices.append(
            f"Ignored {len(odd) - _NAMED_UNKNOWN:,} more keys that are not lane1 ... lane{MAX_LANES}."
        )
    if "lane" in query:  # ``lane=...&lane=...`` (repeated keys) is accepted too
        values = query["lane"] if isinstance(query["lane"], (list, tuple)) else [query["lane"]]
        numbered += [(len(numbered) + i + 1, str(v)) for i, v in enumerate(values)]
    if len(numbered) > MAX_LANES:
        notices.append(f"At most {MAX_LANES} lanes; kept the first {MAX_LANES} of {len(numbered):,}.")
        numbered = numbered[:MAX_LANES]
    return numbered


def _parse_surface(query: Mapping, notices: list[str]) -> tuple[str, dict, str]:
    name = _first(query.get("surface", "ravine")).strip()
    if name != CUSTOM and "expr" in query:
        notices.append("expr (a formula) is read only with surface=custom; ignored it.")
    if name == CUSTOM:
        expression = _first(query.get("expr", ""))
        if len(expression) > MAX_EXPRESSION:
            notices.append(f"The expression is longer than {MAX_EXPRESSION} characters; showing the ravine.")
            return "ravine", {}, ""
        try:
            surfaces.from_expression(expression)
        except ValueError as error:
            notices.append(
                f"The expression {quoted(expression)} does not parse ({excerpt(error, 160)}); "
                "showing the ravine."
            )
            return "ravine", {}, ""
        return CUSTOM, {}, expression
    if name not in surfaces.names():
        valid = ", ".join([*surfaces.names(), CUSTOM])
        notices.append(f"Unknown surface {quoted(name)} (valid: {valid}); using ravine.")
        name = "ravine"
    spec = surfaces.spec(name)
    known = {p.name for p in spec.params}
    given = [(k, _first(v)) for k, v in query.items() if k in known]
    params = parse_params(spec.params, given, f"Surface {name}", notices, {})
    try:
        surfaces.get(name, **params)
    except (ValueError, TypeError) as error:
        notices.append(f"Surface {name}: {error}; using its default parameters.")
        params = {}
    return name, params, ""


def _parse_presenter(query: Mapping, notices: list[str]) -> bool:
    text = _first(query.get("presenter", "")).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text not in ("0", "false", "no", "off", ""):
        notices.append(f"presenter must be 1 or 0, got {quoted(text)}; presenter mode is off.")
    return False


def _unknown_keys(query: Mapping, surface: str, notices: list[str]) -> None:
    known = set(RESERVED)
    if surface != CUSTOM:
        known |= {p.name for p in surfaces.spec(surface).params}
    unknown = [key for key in query if key not in known and not key.startswith("lane")]
    for key in unknown[:_NAMED_UNKNOWN]:
        notices.append(f"Unknown URL parameter {quoted(key)}; ignored it.")
    if len(unknown) > _NAMED_UNKNOWN:
        notices.append(f"Ignored {len(unknown) - _NAMED_UNKNOWN:,} more unknown URL parameters.")


def from_query(query: Mapping[str, Any], presets: Presets | None = None) -> tuple[PlaygroundState, list[str]]:
    """The state written in ``query`` (values are strings, or lists of strings for repeated keys).

    ``presets`` maps scene ids to their states (``scene=ID``). Returns the state and the notices (one short
    sentence per value that was malformed and replaced by its default). Never raises for any mapping of
    strings.
    """
    notices: list[str] = []
    query = {str(key): value for key, value in query.items()}
    presets = presets or {}
    presenter = _parse_presenter(query, notices)

    scene = None
    if "scene" in query:
        scene_id = _first(query["scene"]).strip()
        if scene_id not in presets:
            # The list of scenes grows with every page; name the gallery instead of every id.
            notices.append(
                f"Unknown scene {quoted(scene_id)}; ignored it. The Scenes page lists every scene."
            )
        elif set(query) <= {"scene", "presenter"}:
            return dataclasses.replace(presets[scene_id], scene=scene_id, presenter=presenter), notices
        else:
            scene = scene_id

    surface, surface_params, expression = _parse_surface(query, notices)
    start = None
    if "start" in query:
        try:
            start = parse_point(_first(query["start"]), ",", "start")
        except ValueError as error:
            notices.append(f"{error}; using the surface's default start.")
    steps = STEPS.default
    if "steps" in query:
        try:
            steps = parse_value(STEPS, _first(query["steps"]))
        except ValueError as error:
            notices.append(f"{error} (the cap is {MAX_PAGE_STEPS:,}); using {STEPS.default}.")

    lanes = tuple(lane_from_text(text, surface, i, notices) for i, text in _lane_texts(query, notices))
    _unknown_keys(query, surface, notices)
    state = PlaygroundState(
        surface=surface,
        surface_params=surface_params,
        expression=expression,
        lanes=lanes or story_lanes(surface),
        start=start,
        steps=steps,
        layout=_choice(query, "layout", LAYOUTS, notices),
        view=_choice(query, "view", VIEWS, notices),
        average=_choice(query, "average", AVERAGES, notices),
        presenter=presenter,
        scene=scene,
    )
    return state, notices
