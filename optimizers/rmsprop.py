"""RMSprop: per-coordinate step sizes from a decaying average of squared gradients (torch.optim.RMSprop)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class RmspropState(NamedTuple):
    step: int  # t: updates taken so far
    squared_grad_avg: np.ndarray  # v_t = alpha v_{t-1} + (1 - alpha) g_t^2 (torch: square_avg)
    grad_avg: np.ndarray  # m_t = alpha m_{t-1} + (1 - alpha) g_t, centered only, else 0 (torch: grad_avg)
    velocity: np.ndarray  # b_t = mu b_{t-1} + g_t / denominator, with momentum only, else 0


def rmsprop(
    *,
    lr: float,
    alpha: float,
    eps: float,
    weight_decay: float,
    momentum: float,
    centered: bool,
    maximize: bool,
) -> base.UpdateRule:
    r"""RMSprop: divide each coordinate's step by a running root-mean-square of its gradients.

    .. math::
        v_t = \alpha v_{t-1} + (1-\alpha) g_t^2, \qquad
        d_t = \sqrt{v_t - m_t^2} + \epsilon \;\;(\text{centered; } m_t = \alpha m_{t-1} + (1-\alpha) g_t)
        \;\text{ else }\; \sqrt{v_t} + \epsilon, \\
        \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{d_t}
        \quad\text{or, with momentum,}\quad b_t = \mu b_{t-1} + \frac{g_t}{d_t},\;
        \theta_t = \theta_{t-1} - \eta\, b_t.

    Args:
      lr: learning rate :math:`\eta` (default ``1e-2``).
      alpha: smoothing constant :math:`\alpha` (default 0.99).
      eps: :math:`\epsilon` (default ``1e-8``), added after the square root.
      weight_decay: coupled L2 penalty (default 0).
      momentum: :math:`\mu` (default 0).
      centered: subtract the squared mean gradient, estimating the variance instead of the second moment.
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.01)
        >>> updates, _ = opt.update(np.array([2.0, -1.0]), opt.init(np.zeros(2)), np.zeros(2), lr=0.01)
        >>> np.round(updates, 6)   # first step: lr * g / (sqrt(1 - alpha) |g|) = 10 lr sign(g)
        array([-0.1,  0.1])

    PyTorch:
      Same update as ``torch.optim.RMSprop``; ``grad_avg`` and ``velocity`` stay zero when unused
      (torch does not allocate them).

    References:
      Tieleman and Hinton, Lecture 6.5 of "Neural networks for machine learning" (Coursera, 2012);
      Graves, "Generating sequences with recurrent neural networks" (2013) for the centered variant.
    """
    base.check_lr(lr)
    base.check_eps(eps)
    base.check_nonnegative("momentum", momentum)
    base.check_weight_decay(weight_decay)
    base.check_nonnegative("alpha", alpha)
    lr, alpha, eps, weight_decay, momentum = map(base.as_float, (lr, alpha, eps, weight_decay, momentum))
    # settings without momentum keep the velocity at zero: masked in a broadcast run
    without_momentum = momentum <= 0 if isinstance(momentum, np.ndarray) and np.any(momentum <= 0) else None

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return RmspropState(0, zeros, zeros, zeros)

    def denominator(squared_grad_avg, grad_avg):
        if centered:
            return np.sqrt(squared_grad_avg - grad_avg * grad_avg) + eps
        return np.sqrt(squared_grad_avg) + eps

    def update(g, state, params, *, lr=lr, objective=None):
        squared_grad_avg = transforms.squared_average(state.squared_grad_avg, g, alpha)
        grad_avg = transforms.moving_average(state.grad_avg, g, alpha) if centered else state.grad_avg
        denom = denominator(squared_grad_avg, grad_avg)
        if np.any(momentum > 0):
            velocity = state.velocity * momentum + g / denom
            updates = velocity * -lr
            if without_momentum is not None:
                velocity = np.where(without_momentum, state.velocity, velocity)
                updates = np.where(without_momentum, (g / denom) * -lr, updates)
        else:
            velocity = state.velocity
            updates = (g / denom) * -lr
        return updates, RmspropState(state.step + 1, squared_grad_avg, grad_avg, velocity)

    def effective_lr(state, lr):
        return lr / denominator(state.squared_grad_avg, state.grad_avg)

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="rmsprop",
    title="RMSprop",
    description="Per-coordinate steps scaled by a running root-mean-square of recent gradients.",
    latex=r"""\begin{aligned}
v_t &= \alpha\, v_{t-1} + (1-\alpha)\, g_t^2 \\
\theta_t &= \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}
\end{aligned}""",
    params=(
        base.lr_param(1e-2),
        Param(
            "alpha",
            0.99,
            low=0.0,
            high=0.9999,
            label=r"\alpha",
            help="Smoothing constant: how slowly the average of squared gradients forgets.",
        ),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        Param(
            "momentum",
            0.0,
            low=0.0,
            high=0.999,
            label=r"\mu",
            help="Momentum applied to the rescaled gradient.",
        ),
        Param(
            "centered",
            False,
            kind="bool",
            help="Divide by an estimate of the gradient's variance instead of its second moment.",
        ),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "squared_grad_avg": "v_t", "grad_avg": r"\bar g_t", "velocity": "b_t"},
    build=rmsprop,
)
