"""Adadelta: RMSprop whose step size is the running RMS of past updates (torch.optim.Adadelta)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class AdadeltaState(NamedTuple):
    step: int  # t: updates taken so far
    squared_grad_avg: np.ndarray  # E[g^2]_t = rho E[g^2]_{t-1} + (1 - rho) g_t^2 (torch: square_avg)
    squared_update_avg: np.ndarray  # E[dx^2]_t, running average of squared updates (torch: acc_delta)
    update_rms: np.ndarray  # sqrt(E[dx^2]_{t-1} + eps): the numerator this step used


def adadelta(*, lr: float, rho: float, eps: float, weight_decay: float, maximize: bool) -> base.UpdateRule:
    r"""Adadelta: a unit-consistent step, RMS of past updates over RMS of gradients.

    .. math::
        E[g^2]_t = \rho E[g^2]_{t-1} + (1-\rho) g_t^2, \qquad
        \Delta_t = \frac{\sqrt{E[\Delta^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}}\, g_t, \\
        E[\Delta^2]_t = \rho E[\Delta^2]_{t-1} + (1-\rho) \Delta_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta\, \Delta_t

    Args:
      lr: :math:`\eta` scales the update (default 1.0, as in the paper).
      rho: decay :math:`\rho` of both running averages (default 0.9).
      eps: :math:`\epsilon` (default ``1e-6``), inside the square roots.
      weight_decay: coupled L2 penalty (default 0).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make()
        >>> updates, _ = opt.update(np.array([1.0, 1.0]), opt.init(np.zeros(2)), np.zeros(2), lr=1.0)
        >>> bool(np.all(np.abs(updates) < 0.01))   # the first steps are tiny: E[dx^2] starts at zero
        True

    PyTorch:
      Same update as ``torch.optim.Adadelta``; ``update_rms`` exposes a value torch computes and discards.

    References:
      Zeiler, "ADADELTA: an adaptive learning rate method" (2012).
    """
    base.check_lr(lr)
    base.check("Invalid rho value", rho, lambda v: (v >= 0.0) & (v <= 1.0))
    base.check_eps(eps)
    base.check_weight_decay(weight_decay)
    lr, rho, eps, weight_decay = map(base.as_float, (lr, rho, eps, weight_decay))

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdadeltaState(0, zeros, zeros, np.sqrt(zeros + eps))  # (..., d) even for settings eps

    def update(g, state, params, *, lr=lr, objective=None):
        squared_grad_avg = transforms.squared_average(state.squared_grad_avg, g, rho)
        grad_rms = np.sqrt(squared_grad_avg + eps)
        update_rms = np.sqrt(state.squared_update_avg + eps)
        delta = update_rms / grad_rms * g
        squared_update_avg = transforms.squared_average(state.squared_update_avg, delta, rho)
        new_state = AdadeltaState(state.step + 1, squared_grad_avg, squared_update_avg, update_rms)
        return delta * -lr, new_state

    def effective_lr(state, lr):
        return lr * state.update_rms / np.sqrt(state.squared_grad_avg + eps)

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="adadelta",
    title="Adadelta",
    description="RMSprop with the learning rate replaced by the running RMS of past updates.",
    latex=r"""\begin{aligned}
E[g^2]_t &= \rho\, E[g^2]_{t-1} + (1-\rho)\, g_t^2 \\
\Delta_t &= \frac{\sqrt{E[\Delta^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}}\, g_t \\
E[\Delta^2]_t &= \rho\, E[\Delta^2]_{t-1} + (1-\rho)\, \Delta_t^2 \\
\theta_t &= \theta_{t-1} - \eta\, \Delta_t
\end{aligned}""",
    params=(
        base.lr_param(1.0),
        Param(
            "rho",
            0.9,
            low=0.0,
            high=0.9999,
            label=r"\rho",
            help="Decay of the running averages of squared gradients and squared updates.",
        ),
        base.eps_param(1e-6),
        base.weight_decay_param(),
        base.maximize_param(),
    ),
    state_labels={
        "step": "t",
        "squared_grad_avg": r"E[g^2]_t",
        "squared_update_avg": r"E[\Delta^2]_t",
        "update_rms": r"\sqrt{E[\Delta^2]_{t-1} + \epsilon}",
    },
    build=adadelta,
)
