"""Input features and the lecture's preprocessing, with statistics from the training split only.

Features (TensorFlow Playground's extra inputs) are computed from the two raw coordinates
:math:`(x_1, x_2)` as the data arrive (after offset and scale): ``x1_squared`` :math:`x_1^2`, ``x2_squared``
:math:`x_2^2`, ``x1_x2`` :math:`x_1 x_2`, ``sin_x1`` :math:`\\sin x_1`, ``sin_x2`` :math:`\\sin x_2`.

Preprocessing then acts on every input column, with the mean :math:`\\mu`, standard deviation
:math:`\\sigma` and covariance :math:`\\Sigma = U \\Lambda U^\\top` of the *training* inputs (the
validation inputs are transformed with the same numbers, as they would be at test time):

- ``none``: :math:`x`;
- ``zero_centre``: :math:`x - \\mu`;
- ``standardise``: :math:`(x - \\mu) / \\sigma`;
- ``pca_whiten``: :math:`(x - \\mu) U / \\sqrt{\\Lambda + \\epsilon}` with :math:`\\epsilon = 10^{-5}`
  (cs231n's choice): decorrelated columns of unit variance.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

FEATURES = {
    "x1_squared": ("x_1^2", lambda x1, x2: x1**2),
    "x2_squared": ("x_2^2", lambda x1, x2: x2**2),
    "x1_x2": ("x_1 x_2", lambda x1, x2: x1 * x2),
    "sin_x1": (r"\sin x_1", lambda x1, x2: np.sin(x1)),
    "sin_x2": (r"\sin x_2", lambda x1, x2: np.sin(x2)),
}
PREPROCESSING = ("none", "zero_centre", "standardise", "pca_whiten")
WHITEN_EPS = 1e-5
# A training column whose spread is below this counts as constant: dividing by its std would amplify noise.
_FLAT = 1e-12


def with_features(points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """``(n, 2 + len(features))``: the coordinates followed by the chosen feature columns."""
    x1, x2 = points[:, 0], points[:, 1]
    columns = [x1, x2] + [FEATURES[name][1](x1, x2) for name in features]
    return np.stack(columns, axis=1)


class Preprocessor(NamedTuple):
    """The affine map :math:`x \\mapsto (x - \\text{mean})\\, \\text{matrix}`, fitted on training inputs."""

    kind: str
    mean: np.ndarray  # (k,) subtracted first (zeros for "none")
    matrix: np.ndarray  # (k, k) applied after centring (identity for "none" and "zero_centre")

    def __call__(self, inputs: np.ndarray) -> np.ndarray:
        return (inputs - self.mean) @ self.matrix


def fit(kind: str, train_inputs: np.ndarray) -> Preprocessor:
    """The preprocessing ``kind`` with its statistics taken from ``train_inputs`` (n, k) alone."""
    k = train_inputs.shape[1]
    if kind == "none":
        return Preprocessor(kind, np.zeros(k), np.eye(k))
    mean = train_inputs.mean(axis=0)
    if kind == "zero_centre":
        return Preprocessor(kind, mean, np.eye(k))
    if kind == "standardise":
        std = train_inputs.std(axis=0)
        return Preprocessor(kind, mean, np.diag(1.0 / np.where(std > _FLAT, std, 1.0)))
    if kind == "pca_whiten":
        centred = train_inputs - mean
        covariance = centred.T @ centred / len(train_inputs)
        eigenvalues, eigenvectors = np.linalg.eigh(covariance)
        return Preprocessor(kind, mean, eigenvectors / np.sqrt(np.maximum(eigenvalues, 0.0) + WHITEN_EPS))
    raise ValueError(f"preprocessing must be one of {', '.join(PREPROCESSING)}; got {kind!r}")
