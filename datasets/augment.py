"""Data augmentation of a training set: transformed copies of its points, the validation set untouched.

``augmented(data, kind, copies, strength, seed)`` returns a :class:`datasets.DataSet` whose training split is
the original points followed by ``copies`` transformed copies of them (labels carried along), put through the
same features and the same preprocessing (still fitted on the original training points, so the network sees
the same coordinates for the same place). Three kinds, each a lecture idea in two dimensions:

- ``jitter``: every point moved by Gaussian noise of std ``strength`` times the set's scale (noise on the
  inputs), a smoothness prior: nearby places get the same label.
- ``symmetry``: every copy turned by a random element of the set's own symmetry group, the 2D form of
  "mirror or rotate an image": a rotation or reflection :math:`R` about the set's centre (its ``offset``)
  together with what it does to the labels. Circles are symmetric under every rotation and reflection;
  XOR under the half turn and the diagonal mirrors (labels kept) and the axis mirrors (labels swapped); a
  ``K``-class spiral or set of blobs under turns by :math:`2\\pi/K` (class ``k`` becomes ``k + 1``); the two
  moons and the linear set under the half turn with the two labels swapped; the regression surface
  :math:`\\sin(\\pi x_1)\\cos(\\pi x_2/2)` under :math:`x_2 \\to -x_2` (target kept) and
  :math:`x_1 \\to -x_1` (target negated).
- ``mixup`` (Zhang et al. 2018): a copy of point :math:`i` is :math:`\\lambda x_i + (1 - \\lambda) x_j` for a
  random partner :math:`j` and :math:`\\lambda \\sim \\mathrm{Beta}(\\alpha, \\alpha)` with
  :math:`\\alpha` = ``strength``; a regression target mixes the same way. A class label cannot be mixed in
  an integer target, so the copy takes label :math:`y_i` with probability :math:`\\lambda` and :math:`y_j`
  otherwise: cross-entropy and squared error are linear in the (one-hot) target, so over the copies the loss
  is mixup's soft-label loss in expectation.

All randomness comes from ``numpy.random.default_rng((seed, 7, copy))``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

__all__ = ["KINDS", "MAX_COPIES", "augmented", "symmetries"]

KINDS = ("none", "jitter", "symmetry", "mixup")
MAX_COPIES = 8  # a bound on the training set's growth (the lab's budget prices the points it trains on)

_HALF_TURN = ((-1.0, 0.0), (0.0, -1.0))


def _turn(angle: float):
    c, s = np.cos(angle), np.sin(angle)
    return ((c, -s), (s, c))


def _mirror(angle: float):
    """Reflection across the line through the centre at ``angle``."""
    c, s = np.cos(2 * angle), np.sin(2 * angle)
    return ((c, s), (s, -c))


def _shift_labels(by: int, n_classes: int):
    return lambda targets: (targets + by) % n_classes


def _keep(targets):
    return targets


def _negate(targets):
    return -targets


def symmetries(data) -> tuple[tuple[np.ndarray, object], ...]:
    """``(R, relabel)`` pairs of the set's symmetry group other than the identity (see the module docstring).

    For circles, whose group is continuous, a fixed sample: 11 turns by multiples of 30 degrees and 12
    mirrors. An empty tuple for a set without a known symmetry.
    """
    name, k = data.name, data.n_classes
    if name == "circles":
        pairs = [(_turn(a), _keep) for a in np.arange(1, 12) * np.pi / 6]
        pairs += [(_mirror(a), _keep) for a in np.arange(12) * np.pi / 12]
    elif name == "xor":
        swap = _shift_labels(1, 2)
        pairs = [
            (_HALF_TURN, _keep),
            (_mirror(np.pi / 4), _keep),
            (_mirror(-np.pi / 4), _keep),
            (_mirror(0.0), swap),
            (_mirror(np.pi / 2), swap),
        ]
    elif name in ("spirals", "blobs"):
        pairs = [(_turn(2 * np.pi * i / k), _shift_labels(i, k)) for i in range(1, k)]
    elif name in ("two_moons", "linear"):
        pairs = [(_HALF_TURN, _shift_labels(1, 2))]
    elif name == "regression":
        pairs = [(_mirror(0.0), _keep), (_mirror(np.pi / 2), _negate), (_HALF_TURN, _negate)]
    else:
        pairs = []
    return tuple((np.array(matrix, dtype=float), relabel) for matrix, relabel in pairs)


def _copy(data, kind: str, strength: float, rng) -> tuple[np.ndarray, np.ndarray]:
    points, targets = np.asarray(data.train_points), np.asarray(data.train_targets)
    centre = np.asarray(data.params.get("offset", (0.0, 0.0)), dtype=float)
    if kind == "jitter":
        scale = float(data.params.get("scale", 1.0))
        return points + strength * scale * rng.standard_normal(points.shape), targets
    if kind == "symmetry":
        group = symmetries(data)
        chosen = rng.integers(0, len(group), len(points))
        new_points, new_targets = np.empty_like(points), np.empty_like(targets)
        for index, (matrix, relabel) in enumerate(group):
            rows = chosen == index
            new_points[rows] = centre + (points[rows] - centre) @ matrix.T
            new_targets[rows] = relabel(targets[rows])
        return new_points, new_targets
    partner = rng.permutation(len(points))
    weight = rng.beta(strength, strength, len(points))
    mixed = weight[:, None] * points + (1.0 - weight[:, None]) * points[partner]
    if data.task == "regression":
        return mixed, weight * targets + (1.0 - weight) * targets[partner]
    return mixed, np.where(rng.uniform(size=len(points)) < weight, targets, targets[partner])


def augmented(data, kind: str = "none", copies: int = 1, strength: float = 0.1, seed: int = 0):
    """``data`` with ``copies`` augmented copies of its training points appended (see the module docstring).

    ``strength``: the jitter's std in units of the set's scale, or mixup's :math:`\\alpha`; unused by
    ``symmetry``. ``ValueError`` for an unknown kind, a count outside ``0..MAX_COPIES``, a strength not
    above zero, or ``symmetry`` on a set without one.
    """
    if kind not in KINDS:
        raise ValueError(f"augmentation must be one of {', '.join(KINDS)}, got {kind!r}")
    if isinstance(copies, bool) or not isinstance(copies, (int, np.integer)) or not 0 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be a whole number from 0 to {MAX_COPIES}, got {copies!r}")
    if not (np.isfinite(strength) and strength > 0):
        raise ValueError(f"strength must be a positive number, got {strength!r}")
    if kind == "symmetry" and not symmetries(data):
        raise ValueError(f"the {data.name} set has no symmetry to augment with")
    if kind == "none" or copies == 0:
        return data
    made = [_copy(data, kind, strength, np.random.default_rng((seed, 7, copy))) for copy in range(copies)]
    points = np.concatenate([data.train_points, *(p for p, _ in made)])
    targets = np.concatenate([data.train_targets, *(t for _, t in made)]).astype(data.train_targets.dtype)
    inputs = data.inputs(points)
    for array in (points, targets, inputs):
        array.setflags(write=False)
    return replace(data, train_points=points, train_targets=targets, train_inputs=inputs)
