"""Prodigy: Adam scaled by an estimate d of the distance to the solution (prodigyopt)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class ProdigyState(NamedTuple):
    step: int  # k: updates taken so far
    lr_estimate: (
        np.ndarray
    )  # (...) d_k, one per point, the learned step-size scale; it only grows (prodigyopt: d)
    numerator: np.ndarray  # (...) r_k, the weighted sum of <g_i, x_0 - x_i> behind d (d_numerator)
    weighted_grad_sum: np.ndarray  # s_k, the weighted sum of gradients in the denominator of d (s)
    first_moment: np.ndarray  # m_k, Adam's first moment of d-scaled gradients (exp_avg)
    second_moment: np.ndarray  # v_k, Adam's second moment of d^2-scaled squared gradients (exp_avg_sq)
    start: np.ndarray  # x_0, the starting point the distance is measured from (p0)
    largest_estimate: np.ndarray  # (...) the largest raw estimate so far, d capped by growth_rate (d_max)


def prodigy(
    *,
    lr: float,
    betas: tuple[float, float],
    beta3: float | None,
    eps: float,
    weight_decay: float,
    decouple: bool,
    use_bias_correction: bool,
    safeguard_warmup: bool,
    d0: float,
    d_coef: float,
    growth_rate: float | None,
) -> base.UpdateRule:
    r"""Prodigy: Adam with a learning rate :math:`d_k \eta` that it estimates from the run itself.

    .. math::
        r_k = \sqrt{\beta_2}\, r_{k-1} + \tfrac{d_k}{d_0} d_k\eta\, \langle g_k, x_0 - x_k \rangle, \qquad
        s_k = \sqrt{\beta_2}\, s_{k-1} + \tfrac{d_k}{d_0} d_k\eta\, g_k, \\
        \hat d_{k+1} = \frac{d_{\text{coef}}\, r_k}{\lVert s_k \rVert_1}, \qquad
        d_{k+1} = \min\bigl(\max_{i \le k+1} \hat d_i,\ \gamma\, d_k\bigr), \qquad
        m_k = \beta_1 m_{k-1} + (1-\beta_1) d_k g_k, \qquad
        v_k = \beta_2 v_{k-1} + (1-\beta_2) d_k^2 g_k^2, \\
        x_{k+1} = x_k - d_k\eta\, \frac{m_k}{\sqrt{v_k} + d_{k+1}\epsilon}

    Args:
      lr: :math:`\eta` (default 1.0): a multiplier on the estimate, best left at 1.
      betas: :math:`(\beta_1, \beta_2)` (default ``(0.9, 0.999)``).
      beta3: :math:`\beta_3`, the decay of :math:`r_k` and :math:`s_k` (default ``None``:
        :math:`\sqrt{\beta_2}`, in the formulas above).
      eps: :math:`\epsilon` (default ``1e-8``), scaled by :math:`d`.
      weight_decay: :math:`\lambda` (default 0), decoupled (AdamW style) or in the gradient.
      decouple: decoupled weight decay (default true).
      use_bias_correction: Adam's bias corrections on the step (default false).
      safeguard_warmup: leave :math:`\eta` out of :math:`s_k` while warming up (default false).
      d0: :math:`d_0`, the initial estimate (default ``1e-6``): tiny on purpose, it grows in a few steps.
      d_coef: :math:`d_{\text{coef}}`, a multiplier on the estimate (default 1).
      growth_rate: :math:`\gamma`, the most :math:`d` may grow in one step (default ``None``: no limit,
        prodigyopt's ``float("inf")``, which is accepted too; 1.02 gives a warm-up of the learning
        rate). As in prodigyopt, the first rise from :math:`d_0` is not capped (it is taken while
        :math:`d_k = d_0`); ``largest_estimate`` keeps the largest raw estimate the cap holds back.

    The estimate is per point of a batch (each point is one model); it is the state field ``lr_estimate``.

    Example::

        >>> opt = SPEC.make()
        >>> p = np.array([1.0, 1.0])
        >>> state = opt.init(p)
        >>> updates, state = opt.update(np.array([1.0, 1.0]), state, p, lr=1.0)
        >>> float(state.lr_estimate)   # the first step cannot see a distance yet: d stays d0
        1e-06

    Reference implementation:
      ``prodigyopt.Prodigy`` 1.1.2, same update, defaults and validation messages. Not offered:
      ``fsdp_in_use`` (sharded training: nothing here is sharded) and ``slice_p`` (1: every coordinate;
      larger values estimate :math:`d` from every p-th coordinate to save memory, which on two
      coordinates would mean from one of them). A point whose :math:`s_k` is exactly 0 (a zero gradient
      on the first step) does not move, as in the reference.

    References:
      Mishchenko and Defazio, "Prodigy: an expeditiously adaptive parameter-free learner" (ICML 2024).
    """
    base.check("Invalid d0 value", d0, lambda v: v > 0.0)
    base.check("Invalid learning rate", lr, lambda v: v > 0.0)
    base.check("Invalid epsilon value", eps, lambda v: v > 0.0)
    base.check_betas(betas)
    lr, eps, weight_decay, d0, d_coef = map(base.as_float, (lr, eps, weight_decay, d0, d_coef))
    # None is no limit, as prodigyopt's default float("inf")
    limit = math.inf if growth_rate is None else base.as_float(growth_rate)
    beta1, beta2 = base.as_float(betas[0]), base.as_float(betas[1])
    if beta3 is None:  # as prodigyopt: the square root of beta2
        decay = np.sqrt(beta2) if isinstance(beta2, np.ndarray) else math.sqrt(beta2)
    else:
        decay = base.as_float(beta3)
    per_betas = transforms.per_setting(beta1, beta2)

    def init(params):
        params = np.asarray(params, dtype=float)
        zeros = np.zeros_like(params)
        scalar = np.zeros((*params.shape[:-1], 1))
        d = (scalar + d0)[..., 0]
        return ProdigyState(0, d, (scalar + 0.0 * d0)[..., 0], zeros, zeros, zeros, params.copy(), d.copy())

    def update(g, state, params, *, lr=lr, objective=None):
        k = state.step
        if use_bias_correction:
            correction = per_betas(lambda b1, b2: ((1 - b2 ** (k + 1)) ** 0.5) / (1 - b1 ** (k + 1)))
        else:
            correction = 1
        d = state.lr_estimate[..., None]  # per point, against the coordinates
        dlr = d * lr * correction
        if weight_decay_coupled:
            g = g + weight_decay * params
        delta = (d / d0) * dlr * np.sum(g * (state.start - params), axis=-1, keepdims=True)
        first_moment = state.first_moment * beta1 + g * (d * (1 - beta1))
        second_moment = state.second_moment * beta2 + g * g * (d * d * (1 - beta2))
        s_scale = (d / d0) * d if safeguard_warmup else (d / d0) * dlr
        weighted_grad_sum = state.weighted_grad_sum * decay + g * s_scale
        denominator = np.sum(np.abs(weighted_grad_sum), axis=-1, keepdims=True)
        moving = denominator != 0
        numerator = state.numerator[..., None] * decay + delta
        with np.errstate(divide="ignore", invalid="ignore"):  # a point that does not move keeps its d
            d_hat = d_coef * numerator / denominator
        rising = np.where(d == d0, np.maximum(d, d_hat), d)  # prodigyopt: the first rise is not capped
        largest = np.maximum(state.largest_estimate[..., None], d_hat)
        d_new = np.where(moving, np.minimum(largest, rising * limit), d)
        largest = np.where(moving, largest, state.largest_estimate[..., None])
        denom = np.sqrt(second_moment) + d_new * eps
        if np.all(beta1 > 0):
            updates = first_moment / denom * -dlr
        else:  # without a first moment the step uses the gradient, scaled by d
            updates = np.where(beta1 > 0, first_moment / denom * -dlr, g / denom * (-dlr * d_new))
        if decouple and np.any(weight_decay != 0):
            updates = params * (-weight_decay * dlr) + updates
        updates = np.where(moving, updates, 0.0)
        numerator = np.where(moving, numerator, state.numerator[..., None])
        new_state = ProdigyState(
            k + 1,
            d_new[..., 0],
            numerator[..., 0],
            weighted_grad_sum,
            first_moment,
            second_moment,
            state.start,
            largest[..., 0],
        )
        return updates, new_state

    def effective_lr(state, lr):
        d = state.lr_estimate[..., None]
        return d * lr / (np.sqrt(state.second_moment) + d * eps)

    weight_decay_coupled = not decouple and np.any(weight_decay != 0)
    return base.UpdateRule(init, update, effective_lr)


def _flag(name: str, default: bool, help_text: str) -> Param:
    return Param(name, default, kind="bool", help=help_text)


SPEC = base.OptimizerSpec(
    name="prodigy",
    title="Prodigy",
    description="Adam that learns its own learning rate: the estimate d of the distance to the solution "
    "starts tiny and grows until the steps fit the surface.",
    latex=r"""\begin{aligned}
r_k &= \beta_3\, r_{k-1} + \tfrac{d_k^2}{d_0}\eta\, \langle g_k,\ x_0 - x_k \rangle, \qquad
s_k = \beta_3\, s_{k-1} + \tfrac{d_k^2}{d_0}\eta\, g_k \qquad (\beta_3 = \sqrt{\beta_2}) \\
d_{k+1} &= \min\bigl(\max_{i \le k+1} \hat d_i,\ \gamma\, d_k\bigr), \qquad
  \hat d_{k+1} = d_{\text{coef}}\, r_k / \lVert s_k \rVert_1 \quad (\gamma = \infty) \\
x_{k+1} &= x_k - d_k \eta\, \frac{m_k}{\sqrt{v_k} + d_{k+1}\epsilon}
  \quad (m, v:\ \text{Adam's moments of } d_k g_k)
\end{aligned}""",
    params=(
        base.lr_param(1.0),
        base.betas_param(),
        Param(
            "beta3",
            None,
            low=0.0,
            high=0.9999,
            label=r"\beta_3",
            help="Decay of the sums behind the estimate d; none uses the square root of beta2.",
            optional=True,
            suggested=0.99,
        ),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        _flag(
            "decouple", True, "Decoupled weight decay (AdamW style) instead of an L2 term in the gradient."
        ),
        _flag("use_bias_correction", False, "Apply Adam's bias corrections to the step."),
        _flag(
            "safeguard_warmup", False, "Leave the learning rate out of the estimate's denominator early on."
        ),
        Param(
            "d0",
            1e-6,
            low=1e-9,
            high=1.0,
            log=True,
            label="d_0",
            help="Initial estimate of the distance to the solution; deliberately tiny, it grows by itself.",
        ),
        Param(
            "d_coef",
            1.0,
            low=0.1,
            high=10.0,
            log=True,
            label=r"d_{\text{coef}}",
            help="Multiplier on the estimate d: above 1 for bigger steps, below 1 for smaller ones.",
        ),
        Param(
            "growth_rate",
            None,
            low=1.0,
            high=10.0,
            log=True,
            label=r"\gamma",
            help="Most the estimate d may grow in one step; none is no limit (prodigyopt's inf); 1.02 "
            "warms the learning rate up.",
            optional=True,
            suggested=1.02,
        ),
    ),
    state_labels={
        "step": "k",
        "lr_estimate": "d_k",
        "largest_estimate": r"\max_i \hat d_i",
        "numerator": "r_k",
        "weighted_grad_sum": "s_k",
        "first_moment": "m_k",
        "second_moment": "v_k",
    },
    build=prodigy,
    on_surface=(
        "Adam whose learning rate d * lr is estimated during the run: d starts at d0 (tiny) and only grows, "
        "so the first steps are barely visible and then the path speeds up by orders of magnitude; the "
        "inspector shows d_k. growth_rate caps how fast d may grow per step."
    ),
)
