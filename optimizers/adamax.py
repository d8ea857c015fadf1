"""Adamax: Adam with the infinity norm in place of the RMS (torch.optim.Adamax)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms


class AdamaxState(NamedTuple):
    step: int  # t: updates taken so far
    first_moment: np.ndarray  # m_t = beta1 m_{t-1} + (1 - beta1) g_t (torch: exp_avg)
    infinity_norm: np.ndarray  # u_t = max(beta2 u_{t-1}, |g_t| + eps), a decaying max of |g| (torch: exp_inf)


def adamax(
    *, lr: float, betas: tuple[float, float], eps: float, weight_decay: float, maximize: bool
) -> base.UpdateRule:
    r"""Adamax: scale each coordinate by a decaying maximum of past gradient magnitudes.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon), \qquad
        \theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t} \frac{m_t}{u_t}

    Args:
      lr: learning rate :math:`\eta` (default ``2e-3``).
      betas: :math:`(\beta_1, \beta_2)` (default ``(0.9, 0.999)``).
      eps: :math:`\epsilon` (default ``1e-8``), added to :math:`|g_t|` as torch does (the paper has none).
      weight_decay: coupled L2 penalty (default 0).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1)
        >>> updates, _ = opt.update(np.array([2.0, -1.0]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> np.round(updates, 6)
        array([-0.1,  0.1])

    PyTorch:
      Same update as ``torch.optim.Adamax``.

    References:
      Kingma and Ba, "Adam: a method for stochastic optimization" (ICLR 2015), section 7.1.
    """
    lr, eps, weight_decay, moments = transforms.adam_settings(lr, betas, eps, weight_decay)
    beta2 = moments.beta2  # here the decay of the infinity norm, not of a second moment

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamaxState(0, zeros, zeros)

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        first_moment = moments.first(state.first_moment, g)
        infinity_norm = np.maximum(state.infinity_norm * beta2, np.abs(g) + eps)
        step_size = lr / moments.first_correction(step)
        return (first_moment / infinity_norm) * -step_size, AdamaxState(step, first_moment, infinity_norm)

    def effective_lr(state, lr):
        step = max(state.step, 1)
        return (lr / moments.first_correction(step)) / state.infinity_norm

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="adamax",
    title="Adamax",
    description="Adam with a decaying maximum of gradient magnitudes instead of their RMS.",
    latex=r"""\begin{aligned}
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
u_t &= \max(\beta_2\, u_{t-1},\ |g_t| + \epsilon) \\
\theta_t &= \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\, \frac{m_t}{u_t}
\end{aligned}""",
    params=(
        base.lr_param(2e-3),
        base.betas_param(),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "first_moment": "m_t", "infinity_norm": "u_t"},
    build=adamax,
)
