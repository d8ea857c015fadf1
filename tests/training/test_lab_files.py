"""The network lab's presets are clean links; its files carry the curves and per-layer statistics safely."""

from __future__ import annotations

import csv
import io
import json

import pytest

import training
from playground.budget import DEFAULT_SECONDS
from training import lab, lab_files
from training.lab import Config, LabState


@pytest.fixture(scope="module")
def two_runs():
    state = LabState(dataset="xor", configs=(Config(), Config(optimizer="sgd", hyperparams=(("lr", 0.1),))))
    runs = [
        training.train(lab.network_spec(state, i), lab.optimizer_of(c), steps=6, checkpoints=3)
        for i, c in enumerate(state.configs)
    ]
    return state, runs


@pytest.mark.parametrize("name", list(lab_files.PRESETS))
def test_every_preset_is_a_clean_link(name):
    state, notices = lab.from_query(lab_files.PRESETS[name])
    assert notices == [] and lab.to_query(state) == lab_files.PRESETS[name]
    per_step, fixed = lab.seconds(state)  # every configuration together, within the default budget
    assert state.steps * per_step + fixed <= DEFAULT_SECONDS


def test_csv_has_a_row_per_checkpoint_and_a_column_per_layer(two_runs):
    state, runs = two_runs
    rows = list(csv.reader(io.StringIO(lab_files.curves_csv(state, runs))))
    header = rows[0]
    assert header[:3] == ["configuration", "step", "train_loss"]
    assert "update_ratio_3" in header and "dead_fraction_2" in header and "dead_fraction_3" not in header
    data = [row for row in rows if row[0] != "configuration"]
    assert [row[1] for row in data] == ["0", "3", "6", "0", "3", "6"]
    assert data[0][header.index("update_ratio_1")] == ""  # no update before the first step: NaN is empty
    assert float(data[-1][header.index("train_loss")]) == pytest.approx(runs[1].train_loss[-1])


def test_a_text_cell_that_looks_like_a_formula_is_neutralised():
    assert lab_files.safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert lab_files.safe_text("-1+2") == "'-1+2" and lab_files.safe_text("1: adam") == "1: adam"


def test_json_is_valid_and_holds_the_link_and_the_notes(two_runs):
    state, runs = two_runs
    document = json.loads(lab_files.statistics_json(state, runs))
    assert document["query"] == lab.to_query(state)
    first = document["configurations"][0]
    assert first["update_ratio"][0][0] is None and first["checkpoint_steps"] == [0, 3, 6]
    assert first["best_step"] == runs[0].best_step and first["notes"] == list(runs[0].notes)
    assert (first["steps"], first["stopped_at"]) == (6, None), "the steps trained, and no stop"
    assert len(first["grad_norms"][0]) == 3  # two hidden layers and the output layer
