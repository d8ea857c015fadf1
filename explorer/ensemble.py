r"""How lucky was that run? One setting over many seeds of gradient noise or of mini-batches.

Member ``s`` of an ensemble is exactly the playground's run with seed ``s``:

- with gradient ``noise`` :math:`\sigma`, the optimizer sees :math:`\nabla f(\theta) + \sigma \xi_t`,
  :math:`\xi_t \sim \mathcal N(0, I)` drawn from ``default_rng(s)`` (:func:`optimizers.run`'s ``seed``);
- with a ``batch_size`` on a data surface, the mini-batches come from the member's own stretch of the batch
  stream: member ``s`` at step ``t`` uses the batch of step :math:`s \cdot T_{\max} + t`
  (:data:`optimizers.MAX_STEPS` :math:`= T_{\max}`), so seed 0 is the surface's own batch sequence and
  different seeds never share a batch sequence. The data set itself (the surface's ``seed``) stays the same.

With a constant step size SGD does not converge to the minimum but to a stationary cloud around it, the *noise
ball*; on a quadratic its spread grows like :math:`\sqrt{\eta}\,\sigma` (for mini-batches, the gradient noise
variance shrinks like :math:`1/B`). The ensemble reports the cloud of final points, its centroid and spread
:math:`\sqrt{\tfrac1n \sum_s \lVert \theta^{(s)}_T - \bar\theta_T \rVert^2}`, the fraction of members that
reached a known minimum (:mod:`explorer.outcome`) or diverged, and the final losses.

Pure NumPy: no streamlit, no plotly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import optimizers
import surfaces
from explorer import outcome
from explorer.halt import Halt
from explorer.outcome import Outcome, frozen

MAX_MEMBERS = 1000


@dataclass(frozen=True, eq=False)
class Ensemble:
    """The result of :func:`ensemble` (arrays read-only, one row per member).

    Attributes:
      seeds: ``(n,)`` the members' seeds.
      members: the :class:`~explorer.outcome.Outcome` of every member (``final_points`` is the cloud).
      noise, batch_size: the noise level or batch size of the runs (``batch_size`` ``None`` without).
      steps, tolerance: the settings of the runs.
    """

    seeds: np.ndarray
    members: Outcome
    noise: float
    batch_size: int | None
    steps: int
    tolerance: float

    @property
    def finite(self) -> np.ndarray:
        """``(n,)`` the members that did not diverge."""
        return self.members.diverged_at < 0

    @property
    def fraction_converged(self) -> float:
        """Share of members whose last point lies within ``tolerance`` of a known minimum."""
        return float((self.members.labels >= 0).mean())

    @property
    def fraction_diverged(self) -> float:
        return float((~self.finite).mean())

    @property
    def centroid(self) -> np.ndarray:
        """``(2,)`` mean final point of the members that did not diverge (NaN if none)."""
        points = self.members.final_points[self.finite]
        return points.mean(axis=0) if len(points) else np.full(2, np.nan)

    @property
    def spread(self) -> float:
        """Root-mean-square distance of the finite final points from their centroid."""
        points = self.members.final_points[self.finite]
        if not len(points):
            return float("nan")
        return float(np.sqrt(((points - points.mean(axis=0)) ** 2).sum(axis=1).mean()))

    def loss_quantiles(self, qs=(0.1, 0.5, 0.9)) -> np.ndarray:
        """Quantiles of the final loss over the finite members."""
        losses = self.members.final_losses[self.finite]
        return np.quantile(losses, qs) if len(losses) else np.full(len(qs), np.nan)


def ensemble(
    surface,
    optimizer: optimizers.Optimizer,
    start,
    seeds: int | Sequence[int] = 50,
    noise: float = 0.0,
    batch_size: int | None = None,
    steps: int = 500,
    tolerance: float = 1e-2,
    *,
    stop=None,
) -> Ensemble:
    """Run ``optimizer`` from ``start`` once per seed, with gradient ``noise`` or batches of ``batch_size``.

    Args:
      surface: a :class:`surfaces.Surface`; a data surface when ``batch_size`` is given.
      optimizer: the optimizer, hyperparameters bound.
      start: ``(2,)`` the shared start point.
      seeds: a count ``n`` (seeds ``0..n-1``) or the seeds themselves.
      noise: standard deviation of the Gaussian noise added to every gradient component.
      batch_size: samples per mini-batch (``0`` is the full batch); ``None`` keeps the surface's own.
      steps, tolerance: see :mod:`explorer.outcome`.
      stop: the run loop's ``stop``, asked in and between the members (see :mod:`explorer.halt`).

    Example::

        >>> import optimizers, surfaces
        >>> bowl = surfaces.get("ravine", condition_number=4)
        >>> cloud = ensemble(bowl, optimizers.get("sgd", lr=0.1), (3.0, 1.0), seeds=20, noise=1.0, steps=200)
        >>> cloud.members.final_points.shape, cloud.fraction_diverged
        ((20, 2), 0.0)
    """
    tolerance = outcome.check_tolerance(tolerance)
    steps = optimizers.loop.check_steps(steps)
    seeds = _seeds(seeds)
    start = np.array(start, dtype=float).reshape(2)
    if batch_size is not None:
        surface = _with_batch_size(surface, batch_size)
    parts, halt = [], Halt(stop)
    for seed in seeds:
        halt.between()
        objective = _MemberBatches(surface, int(seed)) if surface.stochastic else surface
        path = optimizers.run(
            optimizer, objective, start[None], steps, noise=noise, seed=int(seed), stop=halt.loop_stop
        )
        diverged_at = outcome.divergence_steps(path, 1e6)
        parts.append(outcome.settle(path, diverged_at, surface.minima, tolerance, surface.value))
    return Ensemble(
        seeds=frozen(seeds),
        members=outcome.concatenate(parts),
        noise=float(noise),
        batch_size=None if batch_size is None else int(batch_size),
        steps=steps,
        tolerance=tolerance,
    )


class _MemberBatches:
    """A data surface whose batch stream starts at step ``seed * MAX_STEPS`` (see the module docstring)."""

    stochastic = True

    def __init__(self, surface, seed: int):
        self._surface, self._offset = surface, seed * optimizers.MAX_STEPS
        self.value, self.grad, self.hessian = surface.value, surface.grad, surface.hessian

    def minibatch_grad(self, p, step):
        return self._surface.minibatch_grad(p, self._offset + step)

    def minibatch(self, step):
        return self._surface.minibatch(self._offset + step)


def _with_batch_size(surface, batch_size):
    if getattr(surface, "data", None) is None or "batch_size" not in surface.params:
        raise ValueError("batch_size needs a data surface (linear or logistic regression)")
    return surfaces.get(surface.name, **{**surface.params, "batch_size": batch_size})


def _seeds(seeds) -> np.ndarray:
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        if not 1 <= seeds <= MAX_MEMBERS:
            raise ValueError(f"an ensemble has 1 to {MAX_MEMBERS} members, got {seeds}")
        return np.arange(int(seeds))
    values = np.array(seeds).reshape(-1)
    if values.dtype.kind not in "iu" or values.size == 0 or values.size > MAX_MEMBERS or (values < 0).any():
        raise ValueError(f"seeds must be 1 to {MAX_MEMBERS} whole numbers >= 0, or a count")
    return values.astype(np.int64)
