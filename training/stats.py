"""What the lecture measures inside a network at a checkpoint: activation statistics, gradient norms,
update/weight ratios, symmetry between units and dead units, and the notes a page states about them.

- **dead unit**: its activation's derivative is exactly zero on every training point (a ReLU whose
  pre-activation is negative everywhere): no gradient flows through it, so it never recovers.
- **saturated fraction**: the share of (point, unit) pairs where :math:`f'(z)` is below 1 % of the
  activation's largest derivative (sigmoid and tanh at their flat tails; for ReLU the inactive side).
- **update/weight ratio** of a layer: :math:`\\lVert \\Delta W \\rVert / \\lVert W \\rVert` for the step
  that ended at the checkpoint; cs231n's rule of thumb is about :math:`10^{-3}`.
- **symmetric layer**: every unit has the same incoming weights, bias and outgoing weights (to
  :math:`10^{-12}` relative), as after zero or constant initialisation: the units compute the same thing,
  receive the same gradient and stay identical.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nets import Architecture, Workspace, activations, lessons

SATURATION = 0.01  # f'(z) below this share of max f' counts as saturated
SYMMETRY_TOLERANCE = 1e-12
UNBOUNDED_EDGE = 3.0  # histogram edge where an activation has no bound
LARGE_PASS = 1 << 16  # values in a pass above which a histogram is numpy's, layer by layer
BATCH_VALUES = 1 << 17  # hidden values of the passes LayerStatistics reads together (2 MB)


@lru_cache(maxsize=64)
def activation_shape(name: str, params: tuple) -> tuple[float, float, float]:
    """``(lowest output, highest output, largest derivative)``, as :mod:`nets.lessons` measures them."""
    measured = lessons.activation_properties(name, **dict(params))
    return measured.low, measured.high, measured.max_derivative


def histogram_edges(architecture: Architecture, bins: int) -> np.ndarray:
    """``(bins + 1,)`` edges over the activation's range, cut at +-3 where it is unbounded."""
    low, high, _ = activation_shape(architecture.activation, tuple(architecture.activation_params.items()))
    low = low if np.isfinite(low) else -UNBOUNDED_EDGE
    high = high if np.isfinite(high) else UNBOUNDED_EDGE
    return np.linspace(low, high, bins + 1)


def layer_statistics(
    architecture: Architecture, theta, fwd, edges: np.ndarray, workspace: Workspace | None = None
) -> dict[str, np.ndarray]:
    """Per hidden layer: activation mean, std, histogram (with counts below and above the edges), dead
    fraction and saturated fraction of one forward pass (``nets.Pass``) at evaluation time.

    Every hidden unit's values are one row of one array, and each statistic is a handful of array
    operations over all layers at once (a checkpoint of a small network would otherwise be mostly the
    fixed cost of a dozen small calls per layer); :class:`LayerStatistics` reads many passes so.
    ``workspace`` (a ``nets.Workspace``) keeps the arrays of one call for the next.
    """
    workspace = Workspace() if workspace is None else workspace
    values = _values(fwd, workspace.array("values", 0, (_units(fwd), len(fwd.inputs[0]))))
    derivative = None
    if fwd.pre_activations is not None:  # else the derivative is read from the outputs
        entry = activations.get(architecture.activation)
        fixed = {k: v for k, v in architecture.activation_params.items() if k != entry.learned}
        slopes = [slope for _, _, slope in architecture.unflatten(np.asarray(theta))[:-1]]
        derivative = np.concatenate(
            [
                (entry.derivative(z, **fixed) if slope is None else entry.derivative(z, init=slope)).T
                for z, slope in zip(fwd.pre_activations, slopes, strict=True)
            ]
        )
    return _statistics(architecture, values, 1, edges, workspace, derivative)


def _units(fwd) -> int:
    return sum(h.shape[1] for h in fwd.inputs[1:])


def _values(fwd, out: np.ndarray) -> np.ndarray:
    """The hidden layers' values of one pass, a row per unit, into ``out`` (``(units, n)``)."""
    return np.concatenate([h.T for h in fwd.inputs[1:]], out=out)


def _statistics(
    architecture, values, passes: int, edges, workspace, derivative=None
) -> dict[str, np.ndarray]:
    """:func:`layer_statistics` of ``passes`` passes whose rows are stacked in ``values`` (pass after pass,
    each its units layer after layer): ``(passes * L,)`` figures (``(passes * L, ...)`` for the counts);
    ``derivative`` (the same rows) where it is not read from the outputs."""
    if derivative is None:
        entry = activations.get(architecture.activation)
        derivative = workspace.array("derivative", 0, values.shape)
        derivative.fill(1.0)
        derivative = entry.backprop(derivative, values)
    _, _, max_slope = activation_shape(architecture.activation, tuple(architecture.activation_params.items()))
    layers = len(architecture.hidden) * passes
    widths = np.tile(architecture.hidden, passes)
    layer = np.repeat(np.arange(layers), widths)
    sizes = widths * values.shape[1]

    def per_layer(per_unit):
        return np.bincount(layer, per_unit, minlength=layers)

    sums = values.sum(axis=1)
    mean = per_layer(sums) / sizes
    centred = np.subtract(values, mean[layer, None], out=workspace.array("centred", 0, values.shape))
    statistics = {
        "mean": mean,
        "std": np.sqrt(per_layer(np.einsum("ij,ij->i", centred, centred)) / sizes),
        "dead": per_layer(~derivative.any(axis=1)) / widths,
    }
    flat = np.less(
        np.abs(derivative, out=derivative),
        SATURATION * max_slope,
        out=workspace.array("flat", 0, values.shape, bool),
    )
    statistics["saturated"] = per_layer(np.count_nonzero(flat, axis=1)) / sizes
    if np.isfinite(sums).all():  # then so is every value (an infinity or NaN would make its row's sum one)
        counts = _binned(values, layer, layers, edges, workspace)
        statistics["histogram"], statistics["outside"] = counts[:, 1:-1], counts[:, [0, -1]]
    else:
        statistics["histogram"] = _histograms(values, layer, layers, edges)
        statistics["outside"] = np.stack(
            [per_layer((values < edges[0]).sum(axis=1)), per_layer((values > edges[-1]).sum(axis=1))], axis=1
        ).astype(np.int64)
    return statistics


class LayerStatistics:
    """:func:`layer_statistics` of many passes in order (a run's checkpoints), read a batch at a time.

    A pass whose derivative is read from its outputs waits, copied, until about :data:`BATCH_VALUES`
    values wait, and the batch is read with the operations of one pass: a small network's checkpoints
    then cost copies, not a few dozen small calls each. A larger pass is read at once.
    """

    def __init__(self, architecture: Architecture, edges: np.ndarray, workspace: Workspace | None = None):
        self.architecture, self.edges = architecture, edges
        self.workspace = Workspace() if workspace is None else workspace
        self.done: list[dict[str, np.ndarray]] = []
        self.batch = np.empty((0, 0))  # the waiting passes' values, pass after pass
        self.waiting = 0  # passes copied into the batch and not yet read

    def add(self, theta, fwd) -> None:
        units, n = _units(fwd), len(fwd.inputs[0])
        capacity = BATCH_VALUES // (units * n)
        if fwd.pre_activations is not None or capacity < 2:
            self._read()
            self._keep(layer_statistics(self.architecture, theta, fwd, self.edges, self.workspace), 1)
            return
        if self.waiting and self.batch.shape != (capacity * units, n):
            self._read()
        self.batch = self.workspace.array("batch", 0, (capacity * units, n))
        _values(fwd, self.batch[self.waiting * units : (self.waiting + 1) * units])
        self.waiting += 1
        if self.waiting == capacity:
            self._read()

    def _read(self) -> None:
        if not self.waiting:
            return
        rows = self.waiting * sum(self.architecture.hidden)
        read = _statistics(self.architecture, self.batch[:rows], self.waiting, self.edges, self.workspace)
        self._keep(read, self.waiting)
        self.waiting = 0

    def _keep(self, read: dict[str, np.ndarray], passes: int) -> None:
        layers = len(self.architecture.hidden)
        for index in range(passes):
            self.done.append(
                {name: value[index * layers : (index + 1) * layers] for name, value in read.items()}
            )

    def arrays(self) -> dict[str, np.ndarray]:
        """Every statistic of every pass so far: ``(passes, L)`` (``(passes, L, ...)`` for the counts)."""
        self._read()
        return (
            {name: np.array([row[name] for row in self.done]) for name in self.done[0]} if self.done else {}
        )


def _binned(
    values: np.ndarray, layer: np.ndarray, layers: int, edges: np.ndarray, workspace: Workspace
) -> np.ndarray:
    """``(layers, bins + 2)`` counts of each layer's rows of the finite ``values``: below ``edges[0]``, in
    each bin as ``np.histogram(values, bins, range=(edges[0], edges[-1]))`` counts (the last bin closed),
    and above ``edges[-1]``, all layers in one ``bincount``.

    Each value's slot of layer ``k`` is first estimated by arithmetic, :math:`k (B + 2) + 1 + (v - e_0)
    B / (e_B - e_0)` clipped to the layer's slots, which rounding may put one slot off; one comparison
    with the slot's lower bound and one with its upper bound (the edges themselves) then move it to
    the slot the edges define, which is numpy's bin: numpy corrects its own arithmetic the same way."""
    bins = len(edges) - 1
    slots = bins + 2
    first, last = float(edges[0]), float(edges[-1])
    scale = bins / (last - first)
    estimate = np.multiply(values, scale, out=workspace.array("estimate", 0, values.shape))
    estimate += 1.0 - first * scale
    np.clip(estimate, 0.0, slots - 1.0, out=estimate)
    slot = workspace.array("slot", 0, values.shape, np.intp)
    np.copyto(slot, estimate, casting="unsafe")  # whole numbers: the estimates are >= 0
    slot += (layer * slots)[:, None]  # each row's slots follow those of the layers before it
    lower, upper = _slot_bounds(tuple(edges.tolist()), layers)
    bound = np.take(lower, slot, out=estimate)
    below = np.less(values, bound, out=workspace.array("below", 0, values.shape, bool))
    np.subtract(slot, below, out=slot, casting="unsafe")
    np.take(upper, slot, out=bound)  # after a step down the value lies below this bound: no step up
    np.add(slot, np.greater_equal(values, bound, out=below), out=slot, casting="unsafe")
    return np.bincount(slot.ravel(), minlength=layers * slots).reshape(layers, slots)


@lru_cache(maxsize=16)
def _slot_bounds(edges: tuple[float, ...], layers: int) -> tuple[np.ndarray, np.ndarray]:
    """The lower and upper bound of every layer's slots (below, the bins, above): ``v`` lies in its slot
    when ``lower <= v < upper``; the last bin takes its upper edge (``v < nextafter(e_B)``)."""
    above = np.nextafter(edges[-1], np.inf)
    lower = np.tile([-np.inf, *edges[:-1], above], layers)
    upper = np.tile([*edges[:-1], above, np.inf], layers)
    for array in (lower, upper):
        array.setflags(write=False)
    return lower, upper


def _histograms(values: np.ndarray, layer: np.ndarray, layers: int, edges: np.ndarray) -> np.ndarray:
    """``(layers, bins)`` counts of each layer's rows of ``values`` in the evenly spaced ``edges``, bin for
    bin what ``np.histogram(values, bins, range=(edges[0], edges[-1]))`` counts (its arithmetic and its
    correction at the edges), for every layer in one ``bincount``."""
    bins = len(edges) - 1
    first, last = edges[0], edges[-1]
    if values.size > LARGE_PASS:  # the arithmetic below costs about what numpy's own does per layer
        return np.array(
            [np.histogram(values[layer == k], bins=bins, range=(first, last))[0] for k in range(layers)]
        )
    inside = (values >= first) & (values <= last)
    kept = values[inside]
    index = ((kept - first) * (bins / (last - first))).astype(np.intp)
    np.minimum(index, bins - 1, out=index)  # the last edge belongs to the last bin
    # rounding may put a value one bin off: corrected against the edges themselves, by adding booleans
    np.subtract(index, kept < edges[index], out=index, casting="unsafe")
    np.add(index, (kept >= edges[index + 1]) & (index != bins - 1), out=index, casting="unsafe")
    rows = np.repeat(layer * bins, inside.sum(axis=1))  # rows stay in order: values[inside] goes row by row
    return np.bincount(rows + index, minlength=layers * bins).reshape(layers, bins)


def normalisation_statistics(architecture: Architecture, theta, running) -> dict[str, np.ndarray]:
    """Per hidden layer with batch normalisation, each averaged over the layer's units: the running mean
    and standard deviation it normalises with in evaluation mode (:math:`\\sqrt{\\bar\\sigma^2}`), and its
    learned scale :math:`\\gamma` and shift :math:`\\beta`."""
    pairs = architecture.normalisation(np.asarray(theta))
    return {
        "running_mean": np.array([float(np.mean(r.mean)) for r in running]),
        "running_std": np.array([float(np.mean(np.sqrt(r.var))) for r in running]),
        "scale": np.array([float(np.mean(pair[0])) for pair in pairs]),
        "shift": np.array([float(np.mean(pair[1])) for pair in pairs]),
    }


def layer_norms(architecture: Architecture, vector: np.ndarray) -> np.ndarray:
    """``(..., L + 1)`` Frobenius norm of each layer's weight block of ``(..., d)`` vectors (gradients,
    parameters or updates)."""
    vector = np.asarray(vector, dtype=float)
    blocks = (vector[..., layer.weight] for layer in architecture.layers)
    if vector.ndim == 1:  # sqrt(v . v), numpy's own 2-norm of a real vector, without np.linalg.norm's checks
        return np.sqrt([np.dot(block, block) for block in blocks])
    return np.sqrt(np.stack([np.einsum("...i,...i->...", block, block) for block in blocks], axis=-1))


def unit_spread(architecture: Architecture, theta: np.ndarray) -> np.ndarray:
    """``(..., L)`` largest difference between any unit of a hidden layer and its first unit, over incoming
    weights, bias and outgoing weights, relative to the layer's largest such parameter (0: identical), for
    ``(..., d)`` parameters."""
    theta = np.asarray(theta, dtype=float)
    lead = theta.shape[:-1]
    flat = theta.reshape(-1, architecture.size)
    spreads = []
    layers = architecture.layers
    for index in range(len(layers) - 1):
        layer, above = layers[index], layers[index + 1]
        W = flat[:, layer.weight].reshape(-1, *layer.shape)
        b = flat[:, layer.bias]
        W_next = flat[:, above.weight].reshape(-1, *above.shape)
        units = np.concatenate([W, b[:, :, None], W_next.transpose(0, 2, 1)], axis=2)  # one row per unit
        scale = np.maximum(1.0, np.abs(units).max(axis=(1, 2)))
        spreads.append(np.abs(units - units[:, :1]).max(axis=(1, 2)) / scale)
    return np.stack(spreads, axis=-1).reshape(*lead, len(layers) - 1)


def notes(run) -> tuple[str, ...]:
    """Plain sentences about what the numbers of a run show: a stop, divergence, symmetry, dead layers."""
    said = []
    stopped_at = getattr(run, "stopped_at", None)
    if stopped_at is not None:
        said.append(
            f"Stopped after step {stopped_at:,} of {run.steps:,}: training took longer than its estimate and "
            "reached this server's time limit. The curves end there."
        )
    if run.diverged_at is not None:
        said.append(
            f"Diverged at step {run.diverged_at}: a parameter became non-finite or left ±{run.bound:g}. "
            "The curves stop at the last checkpoint before it."
        )
    widths = run.architecture.hidden
    last = -1
    for layer, width in enumerate(widths):
        if width > 1 and run.symmetric[last, layer]:
            since = "from the start" if run.symmetric[0, layer] else f"by step {run.checkpoint_steps[last]}"
            said.append(
                f"Layer {layer + 1}: all {width} units are identical {since} "
                f"to step {run.checkpoint_steps[last]} "
                f"(largest difference between units {run.unit_spread[last, layer]:.1e}). Every unit gets the "
                "same gradient, so the layer acts as one unit: the initialisation did not break the symmetry."
            )
        dead = run.dead_fraction[last, layer]
        if dead == 1.0:
            first = int(np.argmax(run.dead_fraction[:, layer] == 1.0))
            said.append(
                f"Layer {layer + 1}: all {width} units are dead from step {run.checkpoint_steps[first]} on: "
                "no training point gives one of them a slope, so no gradient reaches the layers below it."
            )
        elif dead >= 0.5:
            said.append(f"Layer {layer + 1}: {round(dead * width)} of {width} units are dead at the end.")
    return tuple(said)
