"""The network diagram's numbers (TensorFlow Playground's picture): every drawn unit's output over the data
plane, the weights between drawn units, and which units are dead or identical to another, per checkpoint.

A hidden unit's map is its activation :math:`h_j(x) = f(z_j(x))` at :data:`SIZE` x :data:`SIZE` points of
the data set's window, in evaluation mode (dropout's test-time scale, batch normalisation's running
statistics of that checkpoint), as the decision regions are. A unit is **dead** at a checkpoint when its
activation's derivative is exactly zero on every training point (:mod:`training.stats`' definition, per unit
here), and the **twin** of an earlier unit of its layer when their incoming weights, bias and outgoing
weights agree to :data:`training.stats.SYMMETRY_TOLERANCE` relative (they compute the same function and get
the same gradient). Wide or deep networks are capped: at most :data:`MAX_UNITS` units of a layer are drawn
(the first ones), and ``capped`` says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nets import activations, forward

from . import build, stats

SIZE = 20  # a unit's map: 20 x 20 points over the window, smoothed by the browser
MAX_UNITS = 8  # units drawn per layer


@dataclass(frozen=True, eq=False)
class Diagram:
    """One run's diagram at its ``m`` checkpoints.

    Attributes:
      widths, totals: units drawn and units in all, per layer (inputs, hidden layers, outputs).
      names: the input features' names. size: a map's side.
      maps: per hidden layer ``(m, drawn, size, size)``; spans: per hidden layer ``(low, high)`` of them.
      inputs: ``(features, size, size)`` each input over the window.
      weights: per pair of layers ``(m, drawn to, drawn from)``.
      dead: ``(m, hidden units drawn)`` bool; twin: ``(m, hidden units drawn)`` the index within its layer
        of the first unit it equals, -1 for none.
      capped: what the cap left out, in words, or None.
    """

    widths: tuple[int, ...]
    totals: tuple[int, ...]
    names: tuple[str, ...]
    size: int
    maps: tuple[np.ndarray, ...]
    spans: tuple[tuple[float, float], ...]
    inputs: np.ndarray
    weights: tuple[np.ndarray, ...]
    dead: np.ndarray
    twin: np.ndarray
    capped: str | None


def _twins(arch, theta: np.ndarray, drawn: tuple[int, ...]) -> list[np.ndarray]:
    """Per hidden layer, for each drawn unit the first unit (of the whole layer) equal to it, -1 for none."""
    layers, found = arch.unflatten(theta), []
    for index, shown in enumerate(drawn):
        W, b, _ = layers[index]
        units = np.concatenate([W, b[:, None], layers[index + 1][0].T], axis=1)
        scale = max(1.0, float(np.abs(units).max()))
        twin = np.full(shown, -1)
        for j in range(shown):
            same = np.flatnonzero(
                np.abs(units[:j] - units[j]).max(axis=1) / scale <= stats.SYMMETRY_TOLERANCE
            )
            twin[j] = same[0] if len(same) else -1
        found.append(twin)
    return found


def diagram(run, spec, size: int = SIZE, cap: int = MAX_UNITS) -> Diagram:
    """The :class:`Diagram` of ``run``, a :class:`training.Run` of ``spec`` (``params`` per checkpoint)."""
    data, objective, _ = build(spec)
    arch = run.architecture
    (x_low, x_high), (y_low, y_high) = data.window
    plane = np.stack(np.meshgrid(np.linspace(x_low, x_high, size), np.linspace(y_low, y_high, size)), axis=-1)
    inputs = data.inputs(plane).reshape(size * size, -1)
    totals = (arch.input_dim, *arch.hidden, arch.output_dim)
    widths = (*(min(w, cap) for w in totals[:-1]), totals[-1])
    entry = activations.get(arch.activation)
    fixed = {k: v for k, v in arch.activation_params.items() if k != entry.learned}
    maps = [[] for _ in arch.hidden]
    weights = [[] for _ in arch.layers]
    dead, twin = [], []
    for i, theta in enumerate(run.params):
        running = run.running[i] if run.running is not None else None
        grid = forward(arch, theta, inputs, None, objective.test_scale, running=running)
        train = forward(arch, theta, objective.inputs, None, objective.test_scale, running=running)
        slopes = [slope for _, _, slope in arch.unflatten(theta)[:-1]]
        dead_row = []
        for layer, shown in enumerate(widths[1:-1]):
            maps[layer].append(grid.inputs[layer + 1][:, :shown].T.reshape(shown, size, size))
            z = train.pre_activations[layer][:, :shown]
            slope = slopes[layer]
            derivative = entry.derivative(z, **fixed) if slope is None else entry.derivative(z, init=slope)
            dead_row.append(np.all(derivative == 0.0, axis=0))
        for layer, (W, _, _) in enumerate(arch.unflatten(theta)):
            weights[layer].append(W[: widths[layer + 1], : widths[layer]])
        dead.append(np.concatenate(dead_row))
        twin.append(np.concatenate(_twins(arch, theta, widths[1:-1])))
    maps = [np.array(m) for m in maps]
    spans = tuple(_span(m) for m in maps)
    left_out = [
        f"layer {j + 1}: {w} of {t}"
        for j, (w, t) in enumerate(zip(widths[1:-1], arch.hidden, strict=True))
        if w < t
    ]
    return Diagram(
        widths=widths,
        totals=totals,
        names=tuple(data.feature_names),
        size=size,
        maps=tuple(maps),
        spans=spans,
        inputs=inputs.T.reshape(-1, size, size),
        weights=tuple(np.array(w) for w in weights),
        dead=np.array(dead),
        twin=np.array(twin),
        capped=f"Units drawn (the first of each layer): {', '.join(left_out)}." if left_out else None,
    )


def _span(maps: np.ndarray) -> tuple[float, float]:
    """The range a layer's maps are coloured over: symmetric about 0 when they take both signs (white is 0),
    from 0 when they do not (ReLU), finite values only."""
    finite = maps[np.isfinite(maps)]
    if finite.size == 0:
        return (-1.0, 1.0)
    # the 99th percentile, not the largest: one far point of one checkpoint would wash every map out
    low, high = float(np.percentile(finite, 1)), float(np.percentile(finite, 99))
    if low < 0 < high:
        edge = max(-low, high)
        return (-edge, edge)
    return (min(low, 0.0), max(high, 0.0) or 1.0)
