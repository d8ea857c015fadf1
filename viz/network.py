"""The network lab's class colours and markers, and the decision regions' colour rule (numpy only).

The lab's figures themselves are drawn by its canvas player (:mod:`viz.lab_player`, ``ui/lab_player``), whose
JavaScript mixes the regions' colours by :func:`region_colours` (a unit test compares the two).
"""

from __future__ import annotations

import numpy as np

# Okabe-Ito, as the lanes; the fourth class is black, not the lanes' reddish purple, which a red-green
# colour-vision deficiency shows near the bluish green (ΔE 18 as points, 8 as pale regions; black: 37, 26)
CLASS_COLORS = ("#0072B2", "#D55E00", "#009E73", "#000000")
# Colour is never the only carrier: each class has its own marker shape too (open: validation points).
CLASS_SYMBOLS = ("circle", "diamond", "square", "triangle-up")


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def region_colours(probabilities: np.ndarray, strength: float = 0.55) -> np.ndarray:
    """``(..., 3)`` uint8 colours of the decision regions: each class's colour weighted by its probability,
    mixed with white so the points stay readable (``probabilities`` ``(..., K)``, rows summing to 1)."""
    palette = np.stack([_rgb(c) for c in CLASS_COLORS[: probabilities.shape[-1]]])
    mixed = probabilities @ palette
    confidence = probabilities.max(axis=-1, keepdims=True)
    # half-and-half (no confidence) is pale, a certain region is the class colour at ``strength``
    k = probabilities.shape[-1]
    weight = strength * (confidence - 1 / k) / (1 - 1 / k)
    return np.clip(255 * (1 - weight) + mixed * weight, 0, 255).astype(np.uint8)
