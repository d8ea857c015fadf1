"""The network lab's player message: every figure of one or two runs, for the browser's canvas player.

One binary message, as the map's (:mod:`viz.player`), drawn by ``ui/lab_player`` on canvases and animated in
the browser by the map player's transport (one Play/Pause, speed, scrubber and clock for every figure and
both configurations)::

    b"LAB1" | uint32 n | header: n bytes of UTF-8 JSON (space-padded to a multiple of 4) | blob

The header (its fields, types and version written once, in ``ui/lab_player/schema.json``, and checked here
on every message) names each array of the blob as ``[offset, count]``. Per run the blob holds the curves at
every traced step (float32: the step, both losses, both accuracies, the update/weight ratio per layer), and
at each of the run's checkpoints the decision regions (uint8: class probabilities x 255, or the regression
output scaled to the training targets' span), the hidden activations' histograms and the gradient norms
(float32) and, with the diagram, each drawn unit's map over the plane (uint8), the drawn weights (float32)
and which units are dead or equal to another (uint8). A figure between two checkpoints shows the last one
reached; the curves move at every step. The arrays arrive here as arrays (``training.Run``'s and
``training.diagram.Diagram``'s, read by name): this module knows nothing of the engine.
"""

from __future__ import annotations

import json
import pathlib
import struct

import numpy as np

from viz import message_schema
from viz.lab_axes import GUIDE_RATIO, log_range
from viz.network import CLASS_COLORS
from viz.palette import LANE_COLORS
from viz.player import PLAY_SECONDS, PRESENTER_FONT, SPEEDS, _Blob
from viz.theme import Look

SCHEMA_PATH = pathlib.Path(__file__).parents[1] / "ui" / "lab_player" / "schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
MAGIC = SCHEMA["magic"].encode("ascii")
VERSION = SCHEMA["properties"]["version"]["const"]
message_schema.check_schema(SCHEMA)
# a diverging ramp for the regression output and the units' maps: orange below, white at the middle, blue
# above (TensorFlow Playground's colours, colour-blind safe)
RAMP = ("#B35806", "#E08214", "#FDB863", "#FEE0B6", "#F7F7F7", "#D8DAEB", "#B2ABD2", "#8073AC", "#542788")
STRENGTH = 0.55  # a certain region's share of its class colour (viz.network.region_colours)


class _Bytes(_Blob):
    def uint8(self, values) -> list[int]:
        values = np.ascontiguousarray(np.asarray(values, dtype=np.uint8).ravel())
        return self.add(values.tobytes(), int(values.size))


def quantised(values, low: float, high: float) -> np.ndarray:
    """``values`` scaled from ``[low, high]`` to the bytes 0..255 (clipped; NaN to the middle)."""
    values = np.asarray(values, dtype=float)
    scaled = (values - low) / ((high - low) or 1.0)
    return np.round(255 * np.clip(np.nan_to_num(scaled, nan=0.5), 0, 1)).astype(np.uint8)


def _region_values(run, task: str, span) -> np.ndarray:
    if task == "classification":
        return quantised(run.grid_outputs, 0.0, 1.0)
    return quantised(run.grid_outputs[..., :1], *span)


def _trace(run, blob: _Bytes, classification: bool) -> dict:
    trace = run.trace
    return {
        "steps": blob.floats(trace.steps),
        "train_loss": blob.floats(trace.train_loss),
        "validation_loss": blob.floats(trace.validation_loss),
        "train_accuracy": blob.floats(trace.train_accuracy) if classification else None,
        "validation_accuracy": blob.floats(trace.validation_accuracy) if classification else None,
        "ratios": blob.floats(trace.update_ratio),
    }


def _diagram(diagram, blob: _Bytes) -> dict | None:
    if diagram is None:
        return None
    return {
        "widths": [int(w) for w in diagram.widths],
        "totals": [int(w) for w in diagram.totals],
        "names": [str(n) for n in diagram.names],
        "size": int(diagram.size),
        "maps": blob.uint8(
            np.concatenate(
                [
                    quantised(maps, *span).reshape(len(maps), -1)
                    for maps, span in zip(diagram.maps, diagram.spans, strict=True)
                ],
                axis=1,
            )
        ),
        "spans": [[float(a), float(b)] for a, b in diagram.spans],
        "inputs": blob.uint8(np.stack([quantised(m, m.min(), m.max()) for m in np.asarray(diagram.inputs)])),
        "weights": blob.floats(np.concatenate([w.reshape(len(w), -1) for w in diagram.weights], axis=1)),
        "scale": float(max(np.nanmax(np.abs(w)) if np.isfinite(w).any() else 0.0 for w in diagram.weights))
        or 1.0,
        "dead": blob.uint8(diagram.dead),
        "twin": blob.uint8(np.where(diagram.twin < 0, 255, diagram.twin)),
        "capped": diagram.capped,
    }


def _run(run, title: str, diagram, blob: _Bytes, task: str, span) -> dict:
    classification = task == "classification"
    regions = _region_values(run, task, span)
    return {
        "title": str(title),
        "steps": int(run.steps),
        "last": int(run.trace.steps[-1]),
        "best_step": int(run.best_step),
        "diverged_at": None if run.diverged_at is None else int(run.diverged_at),
        "stopped_at": None if run.stopped_at is None else int(run.stopped_at),
        "trace": _trace(run, blob, classification),
        "checkpoints": blob.floats(run.checkpoint_steps),
        "regions": {
            "values": blob.uint8(regions),
            "grid": int(regions.shape[1]),
            "channels": int(regions.shape[-1]),
            "span": [float(span[0]), float(span[1])],
        },
        "layers": int(run.grad_norms.shape[1]),
        "histograms": {
            "counts": blob.floats(run.histograms),
            "edges": [float(e) for e in run.histogram_edges],
            "hidden": int(run.histograms.shape[1]),
        },
        "gradients": blob.floats(run.grad_norms),
        "diagram": _diagram(diagram, blob),
    }


def shared_axes(runs) -> dict:
    """One range per axis for every run (log10 for losses, gradient norms, update/weight ratios with the
    :data:`viz.lab_axes.GUIDE_RATIO` guide; counts from 0 per hidden layer): compared runs read alike."""
    layers = min(r.histograms.shape[1] for r in runs)
    return {
        "loss": log_range(*(r.trace.train_loss for r in runs), *(r.trace.validation_loss for r in runs)),
        "gradients": log_range(*(r.grad_norms for r in runs)),
        "ratios": log_range(*(r.trace.update_ratio for r in runs), extra=[GUIDE_RATIO]),
        "counts": [float(max(np.nanmax(r.histograms[:, j]) for r in runs)) or 1.0 for j in range(layers)],
        "guide": GUIDE_RATIO,
    }


def describe(runs, titles) -> dict:
    """The player in words (the canvas's text alternative): what it shows, and where each run ended."""
    steps = max(int(r.trace.steps[-1]) for r in runs)
    ends = []
    for run, title in zip(runs, titles, strict=True):
        trace = run.trace
        end = f"{title}: at step {int(trace.steps[-1])} training loss {trace.train_loss[-1]:.3g}, "
        end += f"validation loss {trace.validation_loss[-1]:.3g}"
        if np.isfinite(trace.validation_accuracy[-1]):
            end += f", validation accuracy {trace.validation_accuracy[-1]:.0%}"
        ends.append(end + f"; lowest validation loss at step {int(run.best_step)}.")
    name = f"Network lab: {len(runs)} training run{'s' if len(runs) > 1 else ''} over {steps} steps"
    description = (
        "Decision regions, loss and accuracy curves, the network diagram, activation histograms, gradient "
        "norms and update/weight ratios at the step shown. " + " ".join(ends)
    )
    return {"name": name, "description": description}


def table_rows(runs, titles, count: int = 11) -> list[dict]:
    """The curves as a table (the player's text alternative, beside :func:`describe`): at ``count`` evenly
    spaced steps of the longest run, each run's training and validation loss and validation accuracy there
    (the last traced step at or before it; a run that ended earlier keeps its last values)."""
    last = max(int(r.trace.steps[-1]) for r in runs)
    steps = np.unique(np.round(np.linspace(0, last, min(count, last + 1))).astype(int))
    rows = []
    for step in steps:
        row = {"step": int(step)}
        for run, title in zip(runs, titles, strict=True):
            trace, who = run.trace, f"{title}: " if len(runs) > 1 else ""
            i = int(np.searchsorted(trace.steps, step, side="right")) - 1
            row[f"{who}training loss"] = float(f"{trace.train_loss[i]:.4g}")
            row[f"{who}validation loss"] = float(f"{trace.validation_loss[i]:.4g}")
            if np.isfinite(trace.validation_accuracy[i]):
                row[f"{who}validation accuracy"] = float(f"{trace.validation_accuracy[i]:.4g}")
        rows.append(row)
    return rows


def payload(
    runs,
    titles,
    data,
    *,
    diagrams=None,
    validation: bool = True,
    discrete: bool = False,
    presenter: bool = False,
    step: int | None = None,
) -> bytes:
    """The message of ``runs`` (``training.Run`` s traced at every step, :func:`training.train`'s ``trace``),
    headed ``titles``, on ``data`` (a ``datasets`` set: its window, task, classes and points); ``diagrams``
    one ``training.diagram.Diagram`` (or None) per run. ``validation``, ``discrete``: show the validation
    points, discretise the output (as TensorFlow Playground's options). ``step``: the step shown first (None:
    the last)."""
    runs, titles = list(runs), [str(t) for t in titles]
    if not runs or len(titles) != len(runs) or any(r.trace is None for r in runs):
        raise ValueError("the player needs one title per run and runs traced at every step")
    diagrams = list(diagrams) if diagrams is not None else [None] * len(runs)
    look, blob = Look.of(presenter), _Bytes()
    task = data.task
    targets = np.asarray(data.train_targets, dtype=float)
    span = (0.0, 1.0) if task == "classification" else (float(targets.min()), float(targets.max()))
    # the step axis reaches a divergence step (its red line at the right edge, the scrubber can say it)
    steps = max(max(int(r.trace.steps[-1]), r.diverged_at or 0) for r in runs)
    header = {
        "version": VERSION,
        "steps": steps,
        "step": steps if step is None else min(max(int(step), 0), steps),
        "font": int(max(look.font, PRESENTER_FONT) if presenter else look.font),
        "presenter": bool(presenter),
        "play_seconds": PLAY_SECONDS,
        "speeds": [[name, 1.0 / factor] for name, factor in SPEEDS],
        "task": task,
        "classes": int(data.n_classes) if task == "classification" else 1,
        "window": [list(map(float, data.window[0])), list(map(float, data.window[1]))],
        "data": {
            "train": blob.floats(data.train_points),
            "train_targets": blob.floats(data.train_targets),
            "validation": blob.floats(data.validation_points),
            "validation_targets": blob.floats(data.validation_targets),
        },
        "view": {"validation": bool(validation), "discrete": bool(discrete)},
        "colors": {
            "classes": list(CLASS_COLORS),
            "ramp": list(RAMP),
            "layers": list(LANE_COLORS),
            "strength": STRENGTH,
            "train": LANE_COLORS[0],
            "validation": LANE_COLORS[1],
        },
        "axes": shared_axes(runs),
        "runs": [
            _run(run, title, diagram, blob, task, span)
            for run, title, diagram in zip(runs, titles, diagrams, strict=True)
        ],
        "text": describe(runs, titles),
    }
    message_schema.validate(header, SCHEMA)
    text = json.dumps(header, ensure_ascii=False, allow_nan=False).encode("utf-8")
    text += b" " * ((-len(text)) % 4)
    return MAGIC + struct.pack("<I", len(text)) + text + b"".join(blob.parts)


def unpack(message: bytes) -> tuple[dict, bytes]:
    """The header and the blob of a message (what the player reads first)."""
    if message[:4] != MAGIC:
        raise ValueError("not a lab player message")
    (size,) = struct.unpack("<I", message[4:8])
    return json.loads(message[8 : 8 + size].decode("utf-8")), message[8 + size :]


def array(blob: bytes, where: list[int], dtype: str = "<f4") -> np.ndarray:
    """The array at ``where = [offset, count]`` of the blob (float32 as float64, or uint8 as it is)."""
    offset, count = where
    values = np.frombuffer(blob, dtype=dtype, count=count, offset=offset)
    return values.astype(float) if dtype == "<f4" else values
