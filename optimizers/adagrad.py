"""AdaGrad: per-coordinate step sizes from the running sum of squared gradients (torch.optim.Adagrad)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class AdagradState(NamedTuple):
    step: int  # t: updates taken so far
    squared_grad_cache: np.ndarray  # G_t = G_{t-1} + g_t^2, per coordinate, never forgets (torch: sum)


def adagrad(
    *,
    lr: float,
    lr_decay: float,
    weight_decay: float,
    initial_accumulator_value: float,
    eps: float,
    maximize: bool,
) -> base.UpdateRule:
    r"""AdaGrad: divide each coordinate's step by the root of its accumulated squared gradients.

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda\theta_{t-1}, \qquad
        \tilde\eta_t = \frac{\eta}{1 + (t-1)\,\delta}, \qquad
        G_t = G_{t-1} + g_t^2, \qquad
        \theta_t = \theta_{t-1} - \tilde\eta_t \frac{g_t}{\sqrt{G_t} + \epsilon}

    with :math:`G_0` = ``initial_accumulator_value``.

    Args:
      lr: learning rate :math:`\eta` (default ``1e-2``).
      lr_decay: :math:`\delta`, a harmonic decay of the learning rate (default 0).
      weight_decay: coupled L2 penalty :math:`\lambda` (default 0).
      initial_accumulator_value: :math:`G_0` (default 0).
      eps: :math:`\epsilon` (default ``1e-10``), added after the square root as torch does.
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.5)
        >>> updates, state = opt.update(np.array([3.0, -0.1]), opt.init(np.zeros(2)), np.zeros(2), lr=0.5)
        >>> np.round(updates, 6)   # the first step is lr * sign(g) in every coordinate
        array([-0.5,  0.5])

    PyTorch:
      Same update as ``torch.optim.Adagrad``; sparse gradients do not arise here and are not supported.

    References:
      Duchi, Hazan and Singer, "Adaptive subgradient methods for online learning and stochastic
      optimization" (JMLR 2011).
    """
    base.check_lr(lr)
    base.check_nonnegative("lr_decay", lr_decay)
    base.check_weight_decay(weight_decay)
    base.check_nonnegative("initial_accumulator_value", initial_accumulator_value)
    base.check_eps(eps)
    lr, lr_decay, weight_decay = base.as_float(lr), base.as_float(lr_decay), base.as_float(weight_decay)
    initial_accumulator_value, eps = base.as_float(initial_accumulator_value), base.as_float(eps)

    def init(params):
        return AdagradState(0, np.zeros_like(params, dtype=float) + initial_accumulator_value)

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        decayed_lr = lr / (1 + (step - 1) * lr_decay)
        cache = state.squared_grad_cache + g * g
        return (g / (np.sqrt(cache) + eps)) * -decayed_lr, AdagradState(step, cache)

    def effective_lr(state, lr):
        decayed_lr = lr / (1 + (max(state.step, 1) - 1) * lr_decay)
        return decayed_lr / (np.sqrt(state.squared_grad_cache) + eps)

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="adagrad",
    title="AdaGrad",
    description="Per-coordinate steps shrink with the sum of all past squared gradients.",
    latex=r"""\begin{aligned}
G_t &= G_{t-1} + g_t^2 \\
\theta_t &= \theta_{t-1} - \frac{\eta}{1 + (t-1)\,\delta}\, \frac{g_t}{\sqrt{G_t} + \epsilon}
\end{aligned}""",
    params=(
        base.lr_param(1e-2),
        Param(
            "lr_decay",
            0.0,
            low=0.0,
            high=1.0,
            label=r"\delta",
            help="Learning-rate decay: step t uses lr / (1 + (t - 1) * lr_decay).",
        ),
        base.weight_decay_param(),
        Param(
            "initial_accumulator_value",
            0.0,
            low=0.0,
            high=10.0,
            label=r"G_0",
            help="Starting value of the squared-gradient cache; larger values make the first steps smaller.",
        ),
        base.eps_param(1e-10),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "squared_grad_cache": "G_t"},
    build=adagrad,
)
