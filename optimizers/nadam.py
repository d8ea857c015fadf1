"""NAdam: Adam with Nesterov momentum and a momentum warm-up schedule (torch.optim.NAdam)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class NadamState(NamedTuple):
    step: int  # t: updates taken so far
    first_moment: np.ndarray  # m_t = beta1 m_{t-1} + (1 - beta1) g_t (torch: exp_avg)
    second_moment: np.ndarray  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2 (torch: exp_avg_sq)
    mu_product: float  # mu_1 mu_2 ... mu_t, the product of the scheduled momentum coefficients


def nadam(
    *,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    momentum_decay: float,
    decoupled_weight_decay: bool,
    maximize: bool,
) -> base.UpdateRule:
    r"""NAdam: Adam whose momentum step looks ahead, as Nesterov's does.

    .. math::
        \mu_t = \beta_1 \bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr), \qquad
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \\
        \theta_t = \theta_{t-1} - \eta \Bigl(\frac{1-\mu_t}{1-\prod_{i\le t}\mu_i} g_t
                   + \frac{\mu_{t+1}}{1-\prod_{i\le t+1}\mu_i} m_t\Bigr)
                   \Big/ \Bigl(\sqrt{v_t/(1-\beta_2^t)} + \epsilon\Bigr)

    Args:
      lr: learning rate :math:`\eta` (default ``2e-3``).
      betas: :math:`(\beta_1, \beta_2)` (default ``(0.9, 0.999)``).
      eps: :math:`\epsilon` (default ``1e-8``).
      weight_decay: :math:`\lambda` (default 0).
      momentum_decay: :math:`\psi` of the momentum warm-up (default ``4e-3``).
      decoupled_weight_decay: AdamW-style decay, :math:`\theta(1-\eta\lambda)` (NAdamW).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1)
        >>> updates, state = opt.update(np.array([1.0, -1.0]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> state.step, round(state.mu_product, 6)
        (1, 0.450073)

    PyTorch:
      Same update as ``torch.optim.NAdam``; ``mu_product`` is a Python float where torch keeps a 0-d tensor.

    References:
      Dozat, "Incorporating Nesterov momentum into Adam" (ICLR workshop 2016).
    """
    lr, eps, weight_decay, moments = transforms.adam_settings(lr, betas, eps, weight_decay)
    base.check_nonnegative("momentum_decay", momentum_decay)
    momentum_decay = base.as_float(momentum_decay)
    per_momentum = transforms.per_setting(moments.beta1, momentum_decay)

    def momentum_coefficient(step):
        return per_momentum(lambda b1, psi: b1 * (1.0 - 0.5 * (0.96 ** (step * psi))))

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return NadamState(0, zeros, zeros, per_momentum(lambda b1, psi: 1.0))

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        mu, mu_next = momentum_coefficient(step), momentum_coefficient(step + 1)
        mu_product = state.mu_product * mu
        mu_product_next = mu_product * mu_next
        first_moment = moments.first(state.first_moment, g)
        second_moment = moments.second(state.second_moment, g)
        denom = np.sqrt(moments.unbiased_second(second_moment, step)) + eps
        grad_coefficient = -lr * (1.0 - mu) / (1.0 - mu_product)
        moment_coefficient = (-lr * mu_next) / (1.0 - mu_product_next)
        updates = (g / denom) * grad_coefficient + (first_moment / denom) * moment_coefficient
        return updates, NadamState(step, first_moment, second_moment, mu_product)

    def effective_lr(state, lr):
        step = max(state.step, 1)
        return lr / (np.sqrt(moments.unbiased_second(state.second_moment, step)) + eps)

    update = transforms.torch_step(
        update, maximize=maximize, weight_decay=weight_decay, decoupled=decoupled_weight_decay, lr=lr
    )
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="nadam",
    title="NAdam",
    description="Adam with a Nesterov look-ahead on the momentum term.",
    latex=r"""\begin{aligned}
\mu_t &= \beta_1\bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 \\
\theta_t &= \theta_{t-1} - \eta\,
  \frac{\frac{1-\mu_t}{1-\prod_{i=1}^{t}\mu_i}\, g_t + \frac{\mu_{t+1}}{1-\prod_{i=1}^{t+1}\mu_i}\, m_t}
       {\sqrt{v_t/(1-\beta_2^t)} + \epsilon}
\end{aligned}""",
    params=(
        base.lr_param(2e-3),
        base.betas_param(),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        Param(
            "momentum_decay",
            4e-3,
            low=0.0,
            high=0.1,
            label=r"\psi",
            help="How fast the momentum coefficient warms up towards beta1.",
        ),
        base.decoupled_param(),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "first_moment": "m_t", "second_moment": "v_t", "mu_product": r"\prod_i \mu_i"},
    build=nadam,
)
