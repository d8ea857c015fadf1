"""RAdam: Adam with the adaptive step switched on only once its variance is tractable (torch.optim.RAdam)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms


class RadamState(NamedTuple):
    step: int  # t: updates taken so far
    first_moment: np.ndarray  # m_t = beta1 m_{t-1} + (1 - beta1) g_t (torch: exp_avg)
    second_moment: np.ndarray  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2 (torch: exp_avg_sq)
    rectification: float  # r_t, or 0.0 while rho_t <= 5 and the step is plain bias-corrected momentum


def radam(
    *,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    decoupled_weight_decay: bool,
    maximize: bool,
) -> base.UpdateRule:
    r"""Rectified Adam: momentum SGD for the first steps, then Adam with a variance rectification factor.

    .. math::
        \rho_\infty = \frac{2}{1-\beta_2} - 1, \qquad
        \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1-\beta_2^t}, \qquad
        \hat m_t = \frac{m_t}{1-\beta_1^t}, \\
        r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\rho_t}}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \hat m_t \cdot
        \begin{cases} r_t \frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \epsilon} & \rho_t > 5 \\ 1 & \text{else}
        \end{cases}

    Args:
      lr: learning rate :math:`\eta` (default ``1e-3``).
      betas: :math:`(\beta_1, \beta_2)` (default ``(0.9, 0.999)``).
      eps: :math:`\epsilon` (default ``1e-8``).
      weight_decay: :math:`\lambda` (default 0).
      decoupled_weight_decay: AdamW-style decay :math:`\theta(1-\eta\lambda)`.
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1)
        >>> updates, state = opt.update(np.array([2.0, -1.0]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> np.round(updates, 6), state.rectification   # step 1: plain momentum, lr * m_hat = lr * g
        (array([-0.2,  0.1]), 0.0)

    PyTorch:
      Same update as ``torch.optim.RAdam``; ``rectification`` is kept in the state for the inspector
      (torch computes it on the fly).

    References:
      Liu et al., "On the variance of the adaptive learning rate and beyond" (ICLR 2020).
    """
    lr, eps, weight_decay, moments = transforms.adam_settings(lr, betas, eps, weight_decay)
    per_beta2 = transforms.per_setting(moments.beta2)

    def rectification(step):
        return per_beta2(lambda b2: _rectification(b2, step))

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return RadamState(0, zeros, zeros, per_beta2(lambda b2: 0.0))

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        first_moment = moments.first(state.first_moment, g)
        second_moment = moments.second(state.second_moment, g)
        bias_corrected = first_moment / moments.first_correction(step)
        rect = rectification(step)
        if np.any(rect > 0.0):
            root_correction = moments.second_correction_root(step)
            adaptive = root_correction / (np.sqrt(second_moment) + eps)
            updates = -(bias_corrected * lr * adaptive * rect)
            if not np.all(rect > 0.0):  # settings still in the plain-momentum phase
                updates = np.where(rect > 0.0, updates, -(bias_corrected * lr))
        else:
            updates = -(bias_corrected * lr)
        return updates, RadamState(step, first_moment, second_moment, rect)

    def effective_lr(state, lr):
        step = max(state.step, 1)
        factor = lr / moments.first_correction(step)
        rect = state.rectification
        plain = np.broadcast_to(factor, np.broadcast_shapes(np.shape(factor), state.second_moment.shape))
        if np.any(rect > 0.0):
            root_correction = moments.second_correction_root(step)
            adaptive = root_correction / (np.sqrt(state.second_moment) + eps)
            return np.where(rect > 0.0, factor * adaptive * rect, plain)
        return np.array(plain)

    update = transforms.torch_step(
        update, maximize=maximize, weight_decay=weight_decay, decoupled=decoupled_weight_decay, lr=lr
    )
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="radam",
    title="RAdam",
    description="Adam that starts as momentum SGD and rectifies the adaptive step once it can be trusted.",
    latex=r"""\begin{aligned}
\rho_t &= \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t}, \qquad \rho_\infty = \frac{2}{1-\beta_2} - 1 \\
\hat m_t &= \frac{m_t}{1-\beta_1^t} \\
\theta_t &= \theta_{t-1} - \eta\, \hat m_t \cdot
  \begin{cases} r_t\, \dfrac{\sqrt{1-\beta_2^t}}{\sqrt{v_t} + \epsilon} & \rho_t > 5 \\
               1 & \text{otherwise} \end{cases}
\end{aligned}""",
    params=(
        base.lr_param(1e-3),
        base.betas_param(),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        base.decoupled_param(),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "first_moment": "m_t", "second_moment": "v_t", "rectification": "r_t"},
    build=radam,
)


def _rectification(beta2: float, step: int) -> float:
    r"""RAdam's :math:`r_t` for one setting of :math:`\beta_2` (0 while :math:`\rho_t \le 5`)."""
    rho_inf = 2 / (1 - beta2) - 1
    bias_correction2 = transforms.bias_correction(beta2, step)
    rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
    if rho_t <= 5.0:
        return 0.0
    return ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
