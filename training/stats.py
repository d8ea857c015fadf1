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

from nets import Architecture, activations, lessons

SATURATION = 0.01  # f'(z) below this share of max f' counts as saturated
SYMMETRY_TOLERANCE = 1e-12
UNBOUNDED_EDGE = 3.0  # histogram edge where an activation has no bound


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


def layer_statistics(architecture: Architecture, theta, fwd, edges: np.ndarray) -> dict[str, np.ndarray]:
    """Per hidden layer: activation mean, std, histogram (with counts below and above the edges), dead
    fraction and saturated fraction of one forward pass (``nets.Pass``) at evaluation time."""
    entry = activations.get(architecture.activation)
    fixed = {k: v for k, v in architecture.activation_params.items() if k != entry.learned}
    _, _, max_slope = activation_shape(architecture.activation, tuple(architecture.activation_params.items()))
    slopes = [slope for _, _, slope in architecture.unflatten(np.asarray(theta))[:-1]]
    rows = {"mean": [], "std": [], "histogram": [], "outside": [], "dead": [], "saturated": []}
    for index, h in enumerate(fwd.inputs[1:]):
        slope = slopes[index]
        if fwd.pre_activations is None:  # a pass that kept none reads the derivative from its outputs
            derivative = entry.backprop(np.ones(h.shape), h)
        else:
            z = fwd.pre_activations[index]
            derivative = entry.derivative(z, **fixed) if slope is None else entry.derivative(z, init=slope)
        rows["mean"].append(h.mean())
        rows["std"].append(h.std())
        # evenly spaced edges given as a count and a range: numpy bins by arithmetic instead of sorting h
        counts, _ = np.histogram(h, bins=len(edges) - 1, range=(edges[0], edges[-1]))
        rows["histogram"].append(counts)
        rows["outside"].append([np.count_nonzero(h < edges[0]), np.count_nonzero(h > edges[-1])])
        rows["dead"].append(np.mean(np.all(derivative == 0.0, axis=0)))
        rows["saturated"].append(np.mean(np.abs(derivative) < SATURATION * max_slope))
    return {name: np.array(values) for name, values in rows.items()}


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
    """``(L + 1,)`` Frobenius norm of each layer's weight block of a ``(d,)`` vector (gradient or update)."""
    return np.array([np.linalg.norm(vector[layer.weight]) for layer in architecture.layers])


def unit_spread(architecture: Architecture, theta: np.ndarray) -> np.ndarray:
    """``(L,)`` largest difference between any unit of a hidden layer and its first unit, over incoming
    weights, bias and outgoing weights, relative to the layer's largest such parameter (0: identical)."""
    layers = architecture.unflatten(theta)
    spreads = []
    for index in range(len(layers) - 1):
        W, b, _ = layers[index]
        W_next = layers[index + 1][0]
        units = np.concatenate([W, b[:, None], W_next.T], axis=1)  # one row per unit
        scale = max(1.0, float(np.abs(units).max()))
        spreads.append(float(np.abs(units - units[0]).max()) / scale)
    return np.array(spreads)


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
