"""Objectives in any dimension d for the optimizer tests (the built-in surfaces are all 2D)."""

import numpy as np


class Quadratic:
    """``1/2 x^T A x - b^T x`` with a symmetric positive-definite ``A``; its minimum solves ``A x = b``."""

    stochastic = False

    def __init__(self, A, b):
        self.A, self.b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)

    @property
    def minimum(self) -> np.ndarray:
        return np.linalg.solve(self.A, self.b)

    def value(self, p):
        p = np.asarray(p, dtype=float)
        return 0.5 * np.einsum("...i,ij,...j->...", p, self.A, p) - p @ self.b

    def grad(self, p):
        return np.asarray(p, dtype=float) @ self.A - self.b

    def hessian(self, p):
        return np.broadcast_to(self.A, (*np.shape(p), len(self.b)))


def random_quadratic(rng: np.random.Generator, d: int) -> Quadratic:
    """A well-conditioned random quadratic: ``A = M M^T + I`` for a standard normal ``M``, then ``b``."""
    M = rng.standard_normal((d, d))
    return Quadratic(M @ M.T + np.eye(d), rng.standard_normal(d))
