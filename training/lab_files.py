"""The network lab's presets and its files: the curves and per-layer statistics as CSV and JSON (pure).

Presets are links (the query of :func:`training.lab.to_query`), so a preset is exactly what a shared URL
would give. Files follow the playground's rules: a text cell that a spreadsheet would read as a formula
(it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``; NaN and
infinities are empty CSV cells and JSON ``null``, so the JSON is always valid.

One CSV row per configuration and checkpoint: the losses and accuracies, then per weight matrix ``j``
(``j = 1 .. L + 1``, the last is the output layer) its gradient norm, weight norm and update/weight ratio,
and per hidden layer ``j`` (``1 .. L``) the activation mean and std and the dead and saturated fractions.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .lab import LabState, to_query

PRESETS = {
    "Dropout or not (tanh, 3 x 16)": {
        "data": "two_moons:label_noise=0.1,n_points=200,noise=0.3",
        "net1": "activation=tanh,hidden_layers=3,width=16",
        "opt1": "adam:lr=0.01",
        "net2": "activation=tanh,dropout=0.5,hidden_layers=3,width=16",
        "opt2": "adam:lr=0.01",
        "steps": "600",
    },
    "Xavier or Kaiming with ReLU (6 layers, SGD)": {
        "data": "two_moons",
        "net1": "hidden_layers=6,init=xavier_normal,width=16",
        "opt1": "sgd:lr=0.02",
        "net2": "hidden_layers=6,init=kaiming_normal,width=16",
        "opt2": "sgd:lr=0.02",
        "steps": "200",
    },
    "SGD or Adam": {
        "data": "circles",
        "opt1": "sgd:lr=0.1",
        "opt2": "adam:lr=0.01",
    },
    "Constant initialisation: symmetry": {
        "data": "xor",
        "net1": "activation=tanh,init=constant",
        "opt1": "sgd:lr=0.5",
    },
    "Learning rate too high: divergence": {
        "data": "regression",
        "net1": "activation=tanh",
        "opt1": "sgd:lr=1",
        "steps": "30",
    },
}
# What each preset shows, in one sentence: its button's help, and a test over five seeds
# (tests/training/test_presets.py)
CLAIMS = {
    "Dropout or not (tanh, 3 x 16)": "Without dropout the network overfits the noisy moons: its validation "
    "loss ends higher than with dropout 0.5.",
    "Xavier or Kaiming with ReLU (6 layers, SGD)": "Xavier's weights shrink the signal through six ReLU "
    "layers, so plain SGD barely moves it: Kaiming's validation loss ends below half of Xavier's.",
    "SGD or Adam": "On the circles Adam reaches a lower validation loss than SGD in the same 500 steps.",
    "Constant initialisation: symmetry": "Every unit of a layer starts equal, gets the same gradient and "
    "stays equal: the network acts as one unit per layer and cannot separate XOR.",
    "Learning rate too high: divergence": "Each step overshoots further: the loss grows tenfold and more "
    "until the parameters leave every bound within 30 steps.",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RUN_COLUMNS = (
    "train_loss",
    "validation_loss",
    "penalty",
    "train_accuracy",
    "validation_accuracy",
)
WEIGHT_COLUMNS = ("grad_norms", "weight_norms", "update_ratio")
LAYER_COLUMNS = ("activation_mean", "activation_std", "dead_fraction", "saturated_fraction")


def safe_text(text: object) -> str:
    """``text`` for a CSV cell: a leading ``'`` when a spreadsheet would read it as a formula."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def configuration_name(state: LabState, index: int) -> str:
    return f"{index + 1}: {state.configs[index].optimizer}"


def _number(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _header(run) -> list[str]:
    weights, hidden = run.grad_norms.shape[1], run.activation_mean.shape[1]
    header = ["configuration", "step", *RUN_COLUMNS]
    header += [f"{name}_{j + 1}" for name in WEIGHT_COLUMNS for j in range(weights)]
    header += [f"{name}_{j + 1}" for name in LAYER_COLUMNS for j in range(hidden)]
    return header


def curves_csv(state: LabState, runs: Sequence) -> str:
    """One row per configuration and checkpoint (a run is a :class:`training.Run`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for index, run in enumerate(runs):
        writer.writerow(_header(run))
        for i, step in enumerate(run.checkpoint_steps):
            row: list[Any] = [safe_text(configuration_name(state, index)), int(step)]
            row += [getattr(run, name)[i] for name in RUN_COLUMNS]
            row += [value for name in WEIGHT_COLUMNS for value in getattr(run, name)[i]]
            row += [value for name in LAYER_COLUMNS for value in getattr(run, name)[i]]
            writer.writerow(
                ["" if isinstance(v, float | np.floating) and not math.isfinite(v) else v for v in row]
            )
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()] if value.ndim else _plain(value.item())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | np.floating):
        return _number(value)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value


def statistics_json(state: LabState, runs: Sequence) -> str:
    """The state (as its link's query) and every configuration's curves and per-layer statistics, with the
    steps it trained (fewer than the link asks when the budget cut them) and where a stop ended it."""
    names = ("checkpoint_steps", *RUN_COLUMNS, *WEIGHT_COLUMNS, *LAYER_COLUMNS, "lrs")
    document = {
        "query": to_query(state),
        "configurations": [
            {
                "name": configuration_name(state, index),
                "steps": int(run.steps),
                "best_step": int(run.best_step),
                "diverged_at": None if run.diverged_at is None else int(run.diverged_at),
                "stopped_at": None if run.stopped_at is None else int(run.stopped_at),
                "notes": list(run.notes),
                **{name: _plain(getattr(run, name)) for name in names},
            }
            for index, run in enumerate(runs)
        ],
    }
    return json.dumps(document, allow_nan=False, indent=1)
