"""The export files: the numbers the page draws, in files that read back cleanly and are safe to open."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from playground import compute, export
from playground.defaults import story_lanes
from playground.state import Lane, PlaygroundState


def read_back(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The CSV as a spreadsheet or pandas would read it, with every row checked against the header."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert len(set(header)) == len(header), "a column name appears twice"
    for row in body:
        assert len(row) == len(header), f"a row has {len(row)} fields, the header {len(header)}"
    return header, [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize(
    "optimizers", [("sgd", "momentum", "adam"), ("adam",), ("lbfgs", "newton", "rmsprop")]
)
def test_every_csv_row_has_the_headers_fields_and_no_column_is_named_twice(optimizers):
    state = PlaygroundState(surface="rosenbrock", lanes=tuple(Lane(name) for name in optimizers), steps=12)
    _, runs = compute.run_state(state)
    header, rows = read_back(export.trajectories_csv(state, runs))
    assert header[:6] == ["lane", "optimizer", "step", "x", "y", "loss"]
    assert len(rows) == len(state.lanes) * (state.steps + 1)
    assert [row["step"] for row in rows[: state.steps + 1]] == [str(k) for k in range(state.steps + 1)]
    if "adam" in optimizers:
        assert "state_step" in header  # Adam's step counter, apart from the row's step


def test_csv_and_json_carry_every_step():
    state = PlaygroundState(lanes=(*story_lanes("ravine"), Lane("sgd", {"lr": 0.5})), steps=40)
    surface, runs = compute.run_state(state)
    _, rows = read_back(export.trajectories_csv(state, runs))
    first = [row for row in rows if row["lane"].startswith("lane 1")]
    assert float(first[3]["x"]) == runs[0].positions[3, 0]
    assert float(first[3]["grad_y"]) == runs[0].grads[2, 1]
    assert first[0]["grad_y"] == "" and first[0]["lr"] == ""  # the start: no step led there
    assert "state_velocity_x" in rows[0]
    document = json.loads(export.trajectories_json(state, runs, surface))
    assert document["query"]["lane4"] == "sgd:lr=0.5"
    diverged = document["lanes"][3]
    assert diverged["diverged_at"] == runs[3].diverged_at is not None
    assert diverged["positions"][-1] == [None, None]
    assert document["lanes"][0]["positions"][0] == list(surface.starts[0])


@pytest.mark.parametrize(
    "label",
    ['=HYPERLINK("https://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"],
)
def test_a_lane_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(label):
    state = PlaygroundState(lanes=(Lane("sgd", {"lr": 0.05}, label=label),), steps=5)
    _, runs = compute.run_state(state)
    _, rows = read_back(export.trajectories_csv(state, runs))
    assert {row["lane"] for row in rows} == {"'" + label}
    # the name is kept as typed in JSON, where nothing is ever run
    assert json.loads(export.trajectories_json(state, runs))["lanes"][0]["name"] == label


def test_negative_numbers_stay_numbers():
    state = PlaygroundState(lanes=(Lane("sgd", {"lr": 0.05}, label="plain name"),), steps=5)
    _, runs = compute.run_state(state)
    _, rows = read_back(export.trajectories_csv(state, runs))
    assert rows[0]["x"].startswith("-") and float(rows[0]["x"]) == runs[0].positions[0, 0]
    assert rows[0]["lane"] == "plain name"


def test_json_is_valid_with_nan_and_infinities():
    state = PlaygroundState(surface="ravine", lanes=(Lane("sgd", {"lr": 3.0}),), steps=30)
    surface, (run,) = compute.run_state(state)
    assert run.diverged_at is not None and np.isnan(run.positions).any()
    text = export.trajectories_json(state, [run], surface)

    def refuse(word):
        raise AssertionError(f"{word} is not JSON")

    document = json.loads(text, parse_constant=refuse)  # NaN, Infinity and -Infinity are refused
    assert document["lanes"][0]["positions"][-1] == [None, None]
    assert export.plain({"a": (math.inf, -math.inf, np.float64("nan"), np.int64(3))}) == {
        "a": [None, None, None, 3]
    }
