"""Seeded 2D toy data sets for the network lab: points, a train/validation split, features, preprocessing.

>>> import datasets
>>> data = datasets.get("two_moons", n_points=200, noise=0.1, seed=3)
>>> data.train_inputs.shape, data.validation_inputs.shape, data.n_classes
((140, 2), (60, 2), 2)

The pipeline, in order (every step a pure function of the parameters):

1. the raw cloud of :mod:`datasets.generators` (about unit size, centred), drawn from
   ``numpy.random.default_rng((seed, 0))`` (the label noise uses ``(seed, 1)``, the split ``(seed, 2)``);
2. ``label_noise``: that fraction of the labels, chosen at random, moved to another class at random;
3. ``x -> offset + scale * x``: data as they might arrive, unscaled and uncentred;
4. a random split: ``validation_fraction`` of the points go to the validation set;
5. the extra input features of :mod:`datasets.preprocess`, then the preprocessing fitted on the training
   inputs and applied to both splits.

``names()``, ``spec(name)`` and ``get(name, **params)`` read one :class:`paramspec.registry.Registry`; every
parameter is a :class:`paramspec.Param`. Your own points are the sets ``user`` (classes) and
``user_regression`` (:data:`USER_SETS`, :mod:`datasets.user`): their ``points`` parameter holds the points
(a CSV's or clicked ones) in place of a generator's size and noise, then the same pipeline from step 3
(offset, scale, split, features, preprocessing). ``names()`` leaves them out: the page offers them once
there are points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from paramspec import Param
from paramspec.registry import Registry

from . import generators, user
from .preprocess import FEATURES, PREPROCESSING, Preprocessor, fit, with_features

__all__ = ["USER_SETS", "DataSet", "DataSetSpec", "get", "names", "spec"]

N_POINTS = Param("n_points", 400, kind="int", low=20, high=2000, label="points", help="Size of the set.")
NOISE = Param(
    "noise",
    0.1,
    low=0.0,
    high=1.0,
    label="noise",
    help="Std of the Gaussian jitter of the points (set size 1).",
)
LABEL_NOISE = Param(
    "label_noise",
    0.0,
    low=0.0,
    high=0.5,
    label="label noise",
    help="Fraction of labels moved to another class.",
)
N_CLASSES = Param("n_classes", 3, kind="int", low=2, high=4, label="classes", help="Number of classes.")
TWO_CLASSES = replace(N_CLASSES, default=2)
VALIDATION = Param(
    "validation_fraction",
    0.3,
    low=0.1,
    high=0.9,
    label="validation share",
    help="Share of the points held out for validation (never trained on).",
)
OFFSET = Param(
    "offset", (0.0, 0.0), kind="pair", low=-100.0, high=100.0, help="Added to every point: uncentred data."
)
SCALE = Param(
    "scale", 1.0, low=0.01, high=100.0, log=True, help="Every point is multiplied by this: unscaled data."
)
PREPROCESS = Param(
    "preprocessing",
    "none",
    kind="choice",
    choices=PREPROCESSING,
    help="Raw, zero-centred, standardised or PCA-whitened inputs (statistics of the training split).",
)
FEATURE_PARAMS = tuple(
    Param(name, False, kind="bool", label=f"${latex}$", help=f"Add ${latex}$ as an input.")
    for name, (latex, _) in FEATURES.items()
)
SEED = Param("seed", 0, kind="int", low=0, high=2**31 - 1, help="Seeds the points, the noise and the split.")
PIPELINE = (VALIDATION, OFFSET, SCALE, PREPROCESS, *FEATURE_PARAMS, SEED)


@dataclass(frozen=True)
class DataSetSpec:
    """A catalogue entry: ``generate(rng, n_points, noise, **extra)`` and the parameters it takes."""

    name: str
    title: str
    description: str
    task: str  # "classification" or "regression"
    params: tuple[Param, ...]
    generate: Callable[..., tuple[np.ndarray, np.ndarray]] = field(repr=False)


@dataclass(frozen=True, eq=False)
class DataSet:
    """One data set with every parameter resolved; all arrays are read-only.

    Attributes:
      name, params: the registry name and the resolved parameters.
      task: ``"classification"`` (integer labels ``0..n_classes-1``) or ``"regression"`` (real targets).
      n_classes: number of classes (1 for regression).
      feature_names: the input columns the network sees (``x1``, ``x2`` and the chosen features).
      train_points, validation_points: ``(n, 2)`` raw coordinates (offset and scale applied).
      train_inputs, validation_inputs: ``(n, k)`` what the network sees.
      train_targets, validation_targets: ``(n,)`` labels or targets.
      preprocessor: the preprocessing fitted on the training inputs.
      window: ``((x1_low, x1_high), (x2_low, x2_high))`` around all points, for decision-function grids.
    """

    name: str
    params: Mapping[str, Any]
    task: str
    n_classes: int
    feature_names: tuple[str, ...]
    train_points: np.ndarray
    validation_points: np.ndarray
    train_inputs: np.ndarray
    validation_inputs: np.ndarray
    train_targets: np.ndarray
    validation_targets: np.ndarray
    preprocessor: Preprocessor = field(repr=False)
    window: tuple[tuple[float, float], tuple[float, float]]

    def inputs(self, points) -> np.ndarray:
        """What the network sees for raw points ``(..., 2)``: features, then the fitted preprocessing."""
        points = np.asarray(points, dtype=float)
        flat = points.reshape(-1, 2)
        features = tuple(name for name in self.feature_names if name in FEATURES)
        return self.preprocessor(with_features(flat, features)).reshape(*points.shape[:-1], -1)

    @property
    def input_dim(self) -> int:
        return len(self.feature_names)


def _classification(title, description, generate, *extra):
    return title, description, "classification", (N_POINTS, NOISE, LABEL_NOISE, *extra), generate


_ENTRIES = {
    "two_moons": _classification("Two moons", "Two interleaved half circles.", generators.two_moons),
    "circles": _classification(
        "Circles", "A disc inside a ring: no line separates them.", generators.circles
    ),
    "xor": _classification("XOR", "Opposite quadrants share a class.", generators.xor),
    "spirals": _classification(
        "Spirals", "Interleaved spiral arms: hard for a small network.", generators.spirals, TWO_CLASSES
    ),
    "blobs": _classification(
        "Gaussian blobs", "Round clusters, 2 to 4 classes.", generators.blobs, N_CLASSES
    ),
    "linear": _classification("Linearly separable", "Two clusters a line can split.", generators.linear),
    "regression": (
        "Regression",
        "A smooth surface t(x1, x2) with noisy targets.",
        "regression",
        (N_POINTS, NOISE),
        generators.regression,
    ),
}


def _not_generated(rng, n_points, noise, **extra):
    raise TypeError("your points are read from their points parameter, not generated")


USER_SETS = {
    "user": ("Your points", "Points you clicked or loaded (x1, x2, label).", "classification"),
    "user_regression": ("Your points (regression)", "Points you loaded (x1, x2, y).", "regression"),
}
_ENTRIES |= {
    name: (title, description, task, (user.POINTS,), _not_generated)
    for name, (title, description, task) in USER_SETS.items()
}
_REGISTRY: Registry[DataSetSpec] = Registry(
    "data set",
    {
        name: DataSetSpec(name, title, description, task, (*own, *PIPELINE), generate)
        for name, (title, description, task, own, generate) in _ENTRIES.items()
    },
)


def names() -> list[str]:
    """The generated sets' registry names in catalogue order (not :data:`USER_SETS`)."""
    return [name for name in _REGISTRY.names() if name not in USER_SETS]


def spec(name: str) -> DataSetSpec:
    """The catalogue entry ``name``; ``KeyError`` with the one unknown-name wording otherwise."""
    return _REGISTRY[name]


def get(name: str, **params: Any) -> DataSet:
    """Build data set ``name``: unknown name -> ``KeyError``, unknown parameter -> ``TypeError``, bad value ->
    ``ValueError`` (with the allowed range)."""
    return _build(name, _REGISTRY.settings(name, params))


@lru_cache(maxsize=32)
def _build(name: str, params: tuple[tuple[str, Any], ...]) -> DataSet:
    # Immutable and cheap to share: a page rerun with the same parameters gets the same object.
    entry, p = spec(name), dict(params)
    # one generator per stage, so that changing the label noise moves labels only, never points or the split
    points_rng, labels_rng, split_rng = (np.random.default_rng((p["seed"], stage)) for stage in range(3))
    if name in USER_SETS:
        points, targets, n_classes = _user_points(name, p["points"])
    else:
        extra = {"n_classes": p["n_classes"]} if "n_classes" in p else {}
        points, targets = entry.generate(points_rng, p["n_points"], p["noise"], **extra)
        n_classes = 1 if entry.task == "regression" else int(p.get("n_classes", 2))
    if p.get("label_noise", 0.0) > 0:
        moved = labels_rng.uniform(size=len(targets)) < p["label_noise"]
        other = (targets + labels_rng.integers(1, n_classes, len(targets))) % n_classes
        targets = np.where(moved, other, targets)
    points = np.asarray(p["offset"]) + p["scale"] * points
    order = split_rng.permutation(len(points))
    n_validation = round(p["validation_fraction"] * len(points))
    validation, train = order[:n_validation], order[n_validation:]
    features = tuple(name for name in FEATURES if p[name])
    train_raw, validation_raw = (
        with_features(points[train], features),
        with_features(points[validation], features),
    )
    preprocessor = fit(p["preprocessing"], train_raw)
    arrays = {
        "train_points": points[train],
        "validation_points": points[validation],
        "train_inputs": preprocessor(train_raw),
        "validation_inputs": preprocessor(validation_raw),
        "train_targets": targets[train],
        "validation_targets": targets[validation],
    }
    for array in (*arrays.values(), *preprocessor[1:]):
        array.setflags(write=False)
    return DataSet(
        name=name,
        params=MappingProxyType(p),
        task=entry.task,
        n_classes=n_classes,
        feature_names=("x1", "x2", *features),
        preprocessor=preprocessor,
        window=_window(points),
        **arrays,
    )


def _user_points(name: str, text: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Points, targets and classes of a user set (``ValueError`` when its task is not the entry's)."""
    given = user.decode(text)
    if given.task != spec(name).task:
        raise user.UserDataError(f"{name} takes points for {spec(name).task}, these are for {given.task}")
    return given.points, given.targets, given.n_classes


def _window(points: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square view around every point with a 15 % margin, so the decision regions show their edges."""
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = 0.5 * (low + high), 0.5 * (high - low).max() * 1.15 + 1e-9
    return tuple((float(c - half), float(c + half)) for c in centre)
