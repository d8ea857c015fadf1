"""Adafactor: RMS-scaled, clipped steps sized relative to the parameters (torch.optim.Adafactor)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param

# torch's eps[0] = None means the dtype's machine epsilon; in float64 that is this number
_EPS1_FLOAT64 = float(np.finfo(np.float64).eps)


class AdafactorState(NamedTuple):
    step: int  # t: updates taken so far
    variance: (
        np.ndarray
    )  # v_t, running mean of g^2 per coordinate (torch: variance; unfactorised for a vector)
    step_size: np.ndarray  # (...) alpha_t / max(1, RMS(u_t) / d): the length factor of the last step


def adafactor(
    *, lr: float, beta2_decay: float, eps: tuple[float, float], d: float, weight_decay: float, maximize: bool
) -> base.UpdateRule:
    r"""Adafactor on a parameter vector: an RMS-normalised step whose length is relative to the parameters.

    .. math::
        \hat\beta_{2,t} = 1 - t^{c}, \qquad v_t = \hat\beta_{2,t} v_{t-1} + (1 - \hat\beta_{2,t}) g_t^2, \\
        u_t = g_t / \sqrt{\max(v_t, \epsilon_1^2)}, \qquad
        \alpha_t = \max(\epsilon_2, \operatorname{RMS}(\theta_{t-1})) \min(\eta, 1/\sqrt t), \\
        \theta_t = \theta_{t-1} - \frac{\alpha_t}{\max(1, \operatorname{RMS}(u_t) / d)}\, u_t

    Args:
      lr: :math:`\eta`, the cap on the relative step size :math:`\rho_t = \min(\eta, 1/\sqrt t)` (default
        ``1e-2``).
      beta2_decay: :math:`c \le 0` (default -0.8): the second-moment decay grows towards 1 as :math:`1 - t^c`.
      eps: :math:`(\epsilon_1, \epsilon_2)`: the floor of :math:`v_t` (squared) and of the parameters' RMS
        (default ``(2.2e-16, 1e-3)``; torch writes ``None`` for the first, the float64 machine epsilon).
      d: the clipping threshold on the RMS of the normalised update (default 1).
      weight_decay: decoupled decay: the parameters shrink by :math:`1 - \eta\lambda` (default 0).
      maximize: ascend instead of descend.

    Each point of a batch is one parameter vector, as torch treats a 1-D tensor: the second moment is kept
    per coordinate (not factorised into row and column statistics, which needs a matrix), and the RMS values
    are over the point's own coordinates.

    Example::

        >>> opt = SPEC.make(lr=0.5)
        >>> p = np.array([3.0, 4.0])
        >>> updates, state = opt.update(np.array([2.0, -1.0]), opt.init(p), p, lr=0.5)
        >>> np.round(updates, 4)   # RMS(theta) = 3.54, rho_1 = 0.5, the clipped sign-like step
        array([-1.7678,  1.7678])

    PyTorch:
      Same update as ``torch.optim.Adafactor`` for a 1-D parameter, with torch's validation messages.

    References:
      Shazeer and Stern, "Adafactor: adaptive learning rates with sublinear memory cost" (ICML 2018).
    """
    base.check("Learning rate should be >= 0 but is", lr, lambda v: v >= 0.0)
    base.check("beta2_decay should be <= 0 but is", beta2_decay, lambda v: v <= 0.0)
    base.check("epsilon1 should be >= 0 but is", eps[0], lambda v: v >= 0.0)
    base.check("epsilon2 should be >= 0 but is", eps[1], lambda v: v >= 0.0)
    base.check("Clipping threshold d should be >= 1 but is", d, lambda v: v >= 1.0)
    base.check("weight_decay should be >= 0 but is", weight_decay, lambda v: v >= 0.0)
    lr, beta2_decay, d, weight_decay = map(base.as_float, (lr, beta2_decay, d, weight_decay))
    eps1, eps2 = base.as_float(eps[0]), base.as_float(eps[1])
    per_decay = transforms.per_setting(beta2_decay)

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdafactorState(0, zeros, np.zeros(zeros.shape[:-1]))

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        one_minus_beta2 = per_decay(lambda c: float(step) ** c)
        relative = np.minimum(lr, 1 / (step**0.5)) if isinstance(lr, np.ndarray) else min(lr, 1 / (step**0.5))
        alpha = np.maximum(eps2, _rms(params)) * relative
        variance = transforms.lerp(state.variance, g * g, one_minus_beta2)
        normalised = 1.0 / np.sqrt(np.maximum(variance, eps1 * eps1)) * g
        step_size = alpha / np.maximum(1.0, _rms(normalised) / d)
        return normalised * -step_size, AdafactorState(step, variance, step_size[..., 0])

    def effective_lr(state, lr):
        return state.step_size[..., None] / np.sqrt(np.maximum(state.variance, eps1 * eps1))

    update = transforms.torch_step(
        update, maximize=maximize, weight_decay=weight_decay, decoupled=True, lr=lr
    )
    return base.UpdateRule(init, update, effective_lr)


def _rms(vectors: np.ndarray) -> np.ndarray:
    """Root mean square over each point's coordinates, ``(..., 1)`` (torch: ``norm(2) / sqrt(numel)``)."""
    return np.sqrt(np.sum(vectors * vectors, axis=-1, keepdims=True)) / (vectors.shape[-1] ** 0.5)


SPEC = base.OptimizerSpec(
    name="adafactor",
    title="Adafactor",
    description="RMS-normalised steps sized relative to the parameters' own scale and clipped; on one 2D "
    "point the second moment is per coordinate, not factorised (that needs a weight matrix).",
    latex=r"""\begin{aligned}
v_t &= (1 - t^{c})\, v_{t-1} + t^{c}\, g_t^2, \qquad u_t = g_t / \sqrt{\max(v_t, \epsilon_1^2)} \\
\alpha_t &= \max\bigl(\epsilon_2, \operatorname{RMS}(\theta_{t-1})\bigr)\, \min(\eta, 1/\sqrt{t}) \\
\theta_t &= \theta_{t-1} - \frac{\alpha_t}{\max(1,\ \operatorname{RMS}(u_t)/d)}\, u_t
\end{aligned}""",
    params=(
        base.lr_param(1e-2),
        Param(
            "beta2_decay",
            -0.8,
            low=-1.0,
            high=0.0,
            label="c",
            help="How the second-moment decay 1 - t**c approaches 1; more negative forgets old gradients "
            "sooner.",
        ),
        Param(
            "eps",
            (_EPS1_FLOAT64, 1e-3),
            kind="pair",
            low=0.0,
            high=1.0,
            label=r"\epsilon_1, \epsilon_2",
            help="Floors: eps1 under the root of the second moment, eps2 under the parameters' RMS (so a "
            "point at the origin still moves).",
        ),
        Param(
            "d",
            1.0,
            low=1.0,
            high=10.0,
            label="d",
            help="Clipping threshold: a normalised update whose RMS exceeds d is scaled down to RMS d.",
        ),
        base.weight_decay_param(decoupled=True),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "variance": "v_t", "step_size": r"\alpha_t / \max(1, \mathrm{RMS}(u_t)/d)"},
    build=adafactor,
    on_surface=(
        "One 2D point is a vector, so Adafactor is not factorised here: it keeps g^2 per coordinate as "
        "RMSprop does (factorising, which stores row and column means instead, needs a weight matrix) and "
        "has no momentum. Its step is the normalised, clipped gradient times min(lr, 1/sqrt(t)) times the "
        "parameters' RMS: relative to the size of the point, so steps shrink as a path nears the origin."
    ),
)
