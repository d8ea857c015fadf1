"""The raw 2D point clouds, before offset, scale, features and preprocessing.

Each generator takes ``(rng, n_points, noise, **extra)`` and returns ``(points (n, 2), targets (n,))``:
integer class labels ``0..K-1`` for classification, real targets for regression. ``noise`` is the standard
deviation of Gaussian jitter added to the points, in units of the set's own size (about 1). Classes are as
balanced as ``n_points`` allows (``n // K`` or one more each). All randomness comes from ``rng``.
"""

from __future__ import annotations

import numpy as np


def _class_sizes(n_points: int, n_classes: int) -> np.ndarray:
    sizes = np.full(n_classes, n_points // n_classes)
    sizes[: n_points % n_classes] += 1
    return sizes


def _labels(n_points: int, n_classes: int) -> np.ndarray:
    return np.repeat(np.arange(n_classes), _class_sizes(n_points, n_classes))


def _jitter(rng, points, noise):
    return points + noise * rng.standard_normal(points.shape)


def two_moons(rng, n_points, noise):
    """Two interleaved half circles of radius 1, as scikit-learn's ``make_moons``: the upper half of the
    circle centred at 0 (class 0) and the lower half of the circle centred at ``(1, 0.5)`` (class 1), then
    both moved by ``(-0.5, -0.25)`` so that the pair is centred on the origin."""
    labels = _labels(n_points, 2)
    angle = rng.uniform(0.0, np.pi, n_points)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    points = np.where(labels[:, None] == 0, upper, lower) - np.array([0.5, 0.25])
    return _jitter(rng, points, noise), labels


def circles(rng, n_points, noise):
    """A disc of radius 0.5 (class 1) inside a ring of radius 1 (class 0)."""
    labels = _labels(n_points, 2)
    angle = rng.uniform(0.0, 2 * np.pi, n_points)
    radius = np.where(labels == 0, 1.0, 0.5) * np.sqrt(rng.uniform(0.85, 1.0, n_points))
    points = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _jitter(rng, points, noise), labels


def xor(rng, n_points, noise):
    """Uniform points in ``[-1, 1]^2`` labelled by the sign of ``x1 * x2`` (class 1 where it is positive);
    points within 0.05 of an axis are pushed out so the quadrants have a margin."""
    points = rng.uniform(-1.0, 1.0, (n_points, 2))
    points = points + np.where(points >= 0, 0.05, -0.05)
    labels = (points[:, 0] * points[:, 1] > 0).astype(np.int64)
    return _jitter(rng, points, noise), labels


def spirals(rng, n_points, noise, n_classes=2):
    """``n_classes`` interleaved arms of an Archimedean spiral (radius up to 1, 1.75 turns)."""
    labels = _labels(n_points, n_classes)
    progress = np.sqrt(rng.uniform(0.02, 1.0, n_points))
    angle = 1.75 * 2 * np.pi * progress + 2 * np.pi * labels / n_classes
    points = progress[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _jitter(rng, points, noise), labels


def blobs(rng, n_points, noise, n_classes=3):
    """``n_classes`` round Gaussian clusters (std 0.25 plus ``noise``) centred on a circle of radius 1."""
    labels = _labels(n_points, n_classes)
    angle = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 4
    centres = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    points = centres[labels] + 0.25 * rng.standard_normal((n_points, 2))
    return _jitter(rng, points, noise), labels


def linear(rng, n_points, noise):
    """Two Gaussian clusters (std 0.3) at ``(-0.6, -0.6)`` and ``(0.6, 0.6)``: separable by a line."""
    labels = _labels(n_points, 2)
    centres = np.array([[-0.6, -0.6], [0.6, 0.6]])
    points = centres[labels] + 0.3 * rng.standard_normal((n_points, 2))
    return _jitter(rng, points, noise), labels


def regression(rng, n_points, noise):
    """Uniform points in ``[-1, 1]^2`` with target :math:`t = \\sin(\\pi x_1) \\cos(\\pi x_2 / 2)` plus
    Gaussian noise of std ``noise`` on the target (the points themselves are not jittered)."""
    points = rng.uniform(-1.0, 1.0, (n_points, 2))
    targets = np.sin(np.pi * points[:, 0]) * np.cos(0.5 * np.pi * points[:, 1])
    return points, targets + noise * rng.standard_normal(n_points)
