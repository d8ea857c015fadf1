"""Lion: the sign of an interpolated momentum, so every coordinate steps exactly lr (lion-pytorch's Lion)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class LionState(NamedTuple):
    step: int  # t: updates taken so far
    momentum: np.ndarray  # m_t = beta2 m_{t-1} + (1 - beta2) g_t (lion-pytorch: exp_avg)


def lion(
    *, lr: float, betas: tuple[float, float], weight_decay: float, decoupled_weight_decay: bool
) -> base.UpdateRule:
    r"""Lion (evolved sign momentum): step along the sign of a blend of momentum and gradient.

    .. math::
        c_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        \theta_t = \theta_{t-1}(1 - \eta\lambda) - \eta\, \operatorname{sign}(c_t), \qquad
        m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t

    Args:
      lr: :math:`\eta` (default ``1e-4``), exactly the length of every coordinate's step.
      betas: :math:`(\beta_1, \beta_2)`: the blend for the step and the momentum's decay (default
        ``(0.9, 0.99)``).
      weight_decay: :math:`\lambda`, applied to the parameters as in AdamW (default 0).
      decoupled_weight_decay: divide ``weight_decay`` by the initial ``lr``, so that the decay per step does
        not follow a learning-rate schedule.

    Example::

        >>> opt = SPEC.make(lr=0.1)
        >>> updates, _ = opt.update(np.array([5.0, -0.001]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> updates   # the sign only: both coordinates move exactly lr
        array([-0.1,  0.1])

    Two momenta with different decays: the step uses the faster blend :math:`c_t`, the memory the slower
    :math:`m_t`. Every step on a 2D map is a diagonal of length :math:`\eta\sqrt 2` (or an axis step where a
    coordinate of :math:`c_t` is exactly 0).

    Reference implementation:
      ``lion_pytorch.Lion`` 0.2.5, same update and defaults; its ``assert`` checks become torch-style
      ``ValueError`` messages here (``lr > 0``, ``0 <= beta <= 1``); ``use_triton`` does not apply.

    References:
      Chen et al., "Symbolic discovery of optimization algorithms" (NeurIPS 2023).
    """
    base.check("Invalid learning rate", lr, lambda v: v > 0.0)
    for index, beta in enumerate(betas):
        base.check(f"Invalid beta parameter at index {index}", beta, lambda v: (v >= 0.0) & (v <= 1.0))
    lr, weight_decay = base.as_float(lr), base.as_float(weight_decay)
    beta1, beta2 = base.as_float(betas[0]), base.as_float(betas[1])
    initial_lr = lr

    def init(params):
        return LionState(0, np.zeros_like(params, dtype=float))

    def update(g, state, params, *, lr=lr, objective=None):
        blend = state.momentum * beta1 + g * (1.0 - beta1)
        momentum = state.momentum * beta2 + g * (1.0 - beta2)
        return np.sign(blend) * -lr, LionState(state.step + 1, momentum)

    def effective_lr(state, lr):
        return np.zeros_like(state.momentum) + lr

    # lion-pytorch always shrinks the parameters by 1 - lr * wd; "decoupled" rescales wd by the initial lr
    decay = weight_decay / initial_lr if decoupled_weight_decay else weight_decay
    update = transforms.torch_step(update, maximize=False, weight_decay=decay, decoupled=True, lr=lr)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="lion",
    title="Lion",
    description="The sign of a blend of momentum and gradient: every coordinate steps exactly lr, so paths "
    "run along diagonals.",
    latex=r"""\begin{aligned}
c_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
\theta_t &= \theta_{t-1}\,(1 - \eta\lambda) - \eta\, \operatorname{sign}(c_t) \\
m_t &= \beta_2 m_{t-1} + (1-\beta_2)\, g_t
\end{aligned}""",
    params=(
        base.lr_param(1e-4, high=1.0),
        base.betas_param((0.9, 0.99)),
        base.weight_decay_param(decoupled=True),
        Param(
            "decoupled_weight_decay",
            False,
            kind="bool",
            help="Divide weight_decay by the initial lr, so the decay per step ignores a schedule.",
        ),
    ),
    state_labels={"step": "t", "momentum": "m_t"},
    build=lion,
    on_surface=(
        "Every step moves exactly lr along each axis, by the sign of a blend of momentum and gradient: the "
        "path runs on 45° diagonals at a speed that does not depend on the slope, and it ends hopping by "
        "lr around the minimum unless a schedule shrinks the learning rate."
    ),
)
