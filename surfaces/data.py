"""Data surfaces: the loss of a two-weight model over a small synthetic data set, where mini-batches are real.

The point ``(x, y)`` of the plane is the weight vector :math:`w = (w_1, w_2)` of a model without bias over
two features :math:`a_i = (u_i, v_i)`, ``n_samples`` of them (200 by default), drawn once from ``seed``:

- ``linear_regression``: :math:`f(w) = \\frac{1}{2n} \\sum_i (w^\\top a_i - t_i)^2`, a quadratic with
  Hessian :math:`\\frac1n \\sum_i a_i a_i^\\top` and minimum the least-squares solution (closed form).
- ``logistic_regression``: the mean log-loss
  :math:`f(w) = \\frac1n \\sum_i \\big(\\log(1 + e^{w^\\top a_i}) - c_i\\, w^\\top a_i\\big)` for labels
  :math:`c_i \\in \\{0, 1\\}`; gradient :math:`\\frac1n \\sum_i (\\sigma(w^\\top a_i) - c_i)\\, a_i`, Hessian
  :math:`\\frac1n \\sum_i \\sigma_i (1 - \\sigma_i)\\, a_i a_i^\\top`. The labels are drawn from the model's
  own probabilities, so classes overlap (label noise), the data are not separable and the minimum exists; it
  is found by Newton's method.

The features have very different scales and non-zero means (:math:`u \\sim N(1, 0.5^2)`,
:math:`v \\sim N(5, 2^2)`), so the loss is a ravine (Hessian condition number about 100). With
``standardize=True`` each feature is shifted and scaled to zero mean and unit variance and the same loss is a
nearly round bowl (condition number close to 1): the "preprocess your data" lesson. ``center=True`` alone
subtracts the means and ``scale=True`` alone divides by the standard deviations, to show each half alone.
The true weights
:math:`w_\\star = (2.5, -0.5)` give targets :math:`t_i = w_\\star^\\top a_i + \\varepsilon_i`,
:math:`\\varepsilon_i \\sim N(0, 0.5^2)`, with mean about zero, so the model needs no bias either way;
labels are :math:`c_i \\sim \\mathrm{Bernoulli}(\\sigma(w_\\star^\\top a_i / 2))`.

``batch_size`` samples (without replacement) make one step's mini-batch, drawn from
``numpy.random.default_rng((seed, step))``: the batch of a step never depends on what was evaluated before.
``batch_size=0`` (or ``n_samples``) is the full batch and the surface is deterministic.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from paramspec import Param

from .base import Surface, SurfaceSpec, newton_refine
from .quadratic import quadratic_functions

FEATURE_MEAN = np.array([1.0, 5.0])
FEATURE_STD = np.array([0.5, 2.0])
TRUE_WEIGHTS = np.array([2.5, -0.5])  # linear regression; w . mean = 0, so no bias is needed
LOGISTIC_WEIGHTS = 0.5 * TRUE_WEIGHTS  # a weaker signal: more label noise, a rounder standardized bowl
TARGET_NOISE = 0.5
DEFAULT_START = (-2.0, 2.0)

STANDARDIZE = Param(
    "standardize",
    False,
    kind="bool",
    label="standardize features",
    help="Shift and scale each feature to zero mean and unit variance: the ravine becomes a round bowl.",
)
BATCH_SIZE = Param(
    "batch_size",
    0,
    kind="int",
    low=0,
    high=1000,
    label="batch size",
    help="Samples per gradient step (drawn without replacement); 0 uses all of them (full batch).",
)
SEED = Param(
    "seed",
    0,
    kind="int",
    low=0,
    high=2**31 - 1,
    help="Seeds the synthetic data set and the mini-batch draws.",
)
N_SAMPLES = Param(
    "n_samples",
    200,
    kind="int",
    low=10,
    high=1000,
    label="samples",
    help="Size of the synthetic data set.",
)
CENTER = Param(
    "center",
    False,
    kind="bool",
    label="centre features",
    help="Subtract each feature's mean (zero-centring) without rescaling it; implied by standardize.",
)
SCALE = Param(
    "scale",
    False,
    kind="bool",
    label="scale features",
    help="Divide each feature by its standard deviation without centring it; implied by standardize.",
)
PARAMS = (STANDARDIZE, BATCH_SIZE, SEED, N_SAMPLES, CENTER, SCALE)


class DataSet(NamedTuple):
    """The data behind a data surface."""

    features: np.ndarray  # (n, 2) as the model sees them: centred and/or scaled when asked for
    targets: np.ndarray  # (n,) real targets (linear regression) or 0/1 labels (logistic regression)
    raw_features: np.ndarray  # (n, 2) before standardization
    feature_mean: np.ndarray  # (2,) of the raw features
    feature_std: np.ndarray  # (2,) of the raw features


def synthetic_data(
    seed: int, n_samples: int, kind: str, standardize: bool, center: bool = False, scale: bool = False
) -> DataSet:
    """The seeded synthetic data set of the module docstring (``kind`` is ``linear`` or ``logistic``).

    ``standardize`` is ``center`` and ``scale`` together: :math:`(a_{ij} - \\mu_j) / \\sigma_j`; either
    half alone only subtracts the mean or only divides by the standard deviation (zero-centring).
    """
    rng = np.random.default_rng(seed)
    raw = FEATURE_MEAN + FEATURE_STD * rng.standard_normal((n_samples, 2))
    noise = rng.standard_normal(n_samples)
    uniform = rng.uniform(size=n_samples)
    if kind == "linear":
        targets = raw @ TRUE_WEIGHTS + TARGET_NOISE * noise
    else:
        targets = (uniform < _sigmoid(raw @ LOGISTIC_WEIGHTS)).astype(float)
    mean, std = raw.mean(axis=0), raw.std(axis=0)
    features = raw - mean if (center or standardize) else raw.copy()
    if scale or standardize:
        features = features / std
    for array in (features, targets, raw, mean, std):
        array.setflags(write=False)
    return DataSet(features, targets, raw, mean, std)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + exp(-z)), without overflow


class Settings(NamedTuple):
    """A data surface's parameters, in the order of :data:`PARAMS`."""

    standardize: bool
    batch_size: int
    seed: int
    n_samples: int
    center: bool
    scale: bool

    def data(self, kind: str) -> DataSet:
        """The seeded data set (``kind`` is ``linear`` or ``logistic``), once the batch size is checked."""
        if self.batch_size > self.n_samples:
            limit = f"at most n_samples ({self.n_samples})"
            raise ValueError(f"batch_size must be {limit}, got {self.batch_size}")
        return synthetic_data(self.seed, self.n_samples, kind, self.standardize, self.center, self.scale)

    @property
    def stochastic(self) -> bool:
        """Whether a step sees a mini-batch rather than every sample."""
        return 1 <= self.batch_size < self.n_samples

    @property
    def feature(self) -> str:
        """The LaTeX symbol of a sample's features: :math:`\\hat a_i` once centred or scaled."""
        return r"\hat{a}_i" if (self.standardize or self.center or self.scale) else "a_i"


def _batches(seed: int, n_samples: int, batch_size: int):
    """``indices(step)``: the sample indices of the batch at ``step``, a pure function of seed and step."""

    def indices(step: int) -> np.ndarray:
        rng = np.random.default_rng((seed, int(step)))
        return rng.choice(n_samples, size=batch_size, replace=False)

    return indices


def _window(minimum: np.ndarray, starts) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square-ish view around the minimum and the starts, with a margin."""
    points = np.vstack([minimum, np.asarray(starts, dtype=float)])
    low, high = points.min(axis=0), points.max(axis=0)
    half = 0.5 * max((high - low).max(), 1.0) * 1.35
    centre = 0.5 * (low + high)
    # rounded outwards to halves: axis ticks read better
    return tuple((float(np.floor(2 * (c - half)) / 2), float(np.ceil(2 * (c + half)) / 2)) for c in centre)


def _data_surface(spec, settings: Settings, data: DataSet, functions, minimum, *, what, latex, **fields):
    """What both data surfaces are made of: the loss over all samples and over each step's mini-batch
    (``functions(features, targets) -> (value, grad, hessian)``), the minimum, description, view and start."""
    A, t = data.features, data.targets
    value, grad, hessian = functions(A, t)
    if settings.stochastic:
        indices = _batches(settings.seed, settings.n_samples, settings.batch_size)

        @lru_cache(maxsize=16)
        def batch(step):
            chosen = indices(step)
            return functions(A[chosen], t[chosen])

        fields.update(
            minibatch_value=lambda p, step: batch(step)[0](p),
            minibatch_grad=lambda p, step: batch(step)[1](p),
            minibatch_hessian=lambda p, step: batch(step)[2](p),
        )
    return spec.surface(
        description=_description(what, settings),
        latex=latex,
        params=settings._asdict(),
        value=value,
        grad=grad,
        hessian=hessian,
        window=_window(minimum, [DEFAULT_START]),
        starts=(DEFAULT_START,),
        minima=[minimum],
        stochastic=settings.stochastic,
        data=data,
        **fields,
    )


def _least_squares_functions(A: np.ndarray, t: np.ndarray):
    """``(value, grad, hessian)`` of half the mean squared error over features ``A`` (m, 2), targets ``t``."""
    m = len(t)
    return quadratic_functions(A.T @ A / m, A.T @ t / m, t @ t / (2 * m))


def linear_regression(
    standardize=False, batch_size=0, seed=0, n_samples=200, center=False, scale=False
) -> Surface:
    """Mean squared error / 2 of a two-weight linear model without bias; see the module docstring.

    Minimum: the least-squares weights :math:`w^* = (A^\\top A)^{-1} A^\\top t` (closed form).
    """
    settings = Settings(standardize, batch_size, seed, n_samples, center, scale)
    data = settings.data("linear")
    A, t, n = data.features, data.targets, n_samples
    return _data_surface(
        LINEAR_REGRESSION,
        settings,
        data,
        _least_squares_functions,
        np.linalg.solve(A.T @ A, A.T @ t),
        what="Least-squares fit of 2 weights",
        latex=rf"f(x, y) = \frac{{1}}{{{2 * n}}}\sum_{{i=1}}^{{{n}}}"
        rf"\left((x, y) \cdot {settings.feature} - t_i\right)^2",
        is_quadratic=True,
    )


def _logistic_functions(A: np.ndarray, c: np.ndarray):
    """``(value, grad, hessian)`` of the mean log-loss over features ``A`` (m, 2) and labels ``c`` (m,)."""
    m = len(c)
    outer = A[:, :, None] * A[:, None, :]  # (m, 2, 2): a_i a_i^T

    def value(p, step=None):
        z = np.asarray(p, dtype=float) @ A.T  # (..., m)
        return (np.logaddexp(0.0, z) - c * z).mean(axis=-1)

    def grad(p, step=None):
        residual = _sigmoid(np.asarray(p, dtype=float) @ A.T) - c
        return residual @ A / m

    def hessian(p, step=None):
        s = _sigmoid(np.asarray(p, dtype=float) @ A.T)
        return np.tensordot(s * (1.0 - s), outer, axes=(-1, 0)) / m

    return value, grad, hessian


def logistic_regression(
    standardize=False, batch_size=0, seed=0, n_samples=200, center=False, scale=False
) -> Surface:
    """Mean log-loss of a two-weight logistic model without bias; see the module docstring.

    Minimum: found by Newton's method from the origin (the loss is strictly convex here).
    """
    settings = Settings(standardize, batch_size, seed, n_samples, center, scale)
    data = settings.data("logistic")
    _, grad, hessian = _logistic_functions(data.features, data.targets)
    minimum = newton_refine(grad, hessian, [(0.0, 0.0)], iterations=50)[0]
    if not np.all(np.isfinite(minimum)) or np.abs(grad(minimum)).max() > 1e-9:
        raise ValueError(f"the data set for seed {seed} is separable: the log-loss has no minimum")
    z = rf"(x, y) \cdot {settings.feature}"
    return _data_surface(
        LOGISTIC_REGRESSION,
        settings,
        data,
        _logistic_functions,
        minimum,
        what="Log-loss of a 2-weight classifier",
        latex=rf"f(x, y) = \frac{{1}}{{{n_samples}}}\sum_{{i=1}}^{{{n_samples}}}"
        rf"\left(\log\left(1 + e^{{{z}}}\right) - c_i\, {z}\right)",
    )


def _description(what: str, settings: Settings) -> str:
    if settings.standardize or (settings.center and settings.scale):
        scaling = "standardized"
    elif settings.center or settings.scale:
        scaling = "centred (not scaled)" if settings.center else "scaled (not centred)"
    else:
        scaling = "raw (unscaled)"
    batches = f"mini-batches of {settings.batch_size}" if settings.stochastic else "full batch"
    return f"{what} on {settings.n_samples} samples, {scaling} features, {batches}."


LINEAR_REGRESSION = SurfaceSpec(
    name="linear_regression",
    title="Linear regression (data)",
    description="Least-squares fit of two weights to data: a ravine unless the features are standardized.",
    latex=r"f(x, y) = \frac{1}{2n}\sum_{i=1}^{n}\left((x, y) \cdot a_i - t_i\right)^2",
    params=PARAMS,
    build=linear_regression,
)

LOGISTIC_REGRESSION = SurfaceSpec(
    name="logistic_regression",
    title="Logistic regression (data)",
    description="Log-loss of a two-weight classifier on noisy labels: standardizing rounds the bowl.",
    latex=r"f(x, y) = \frac{1}{n}\sum_{i=1}^{n}"
    r"\left(\log\left(1 + e^{(x, y) \cdot a_i}\right) - c_i\,(x, y) \cdot a_i\right)",
    params=PARAMS,
    build=logistic_regression,
)
