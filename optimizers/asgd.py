"""Averaged SGD: decaying steps, and a running average of the iterates from step t0 on (torch.optim.ASGD)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class AsgdState(NamedTuple):
    step: int  # t: updates taken so far
    eta: float | np.ndarray  # eta_t, the step size of the next step (torch: eta)
    mu: float | np.ndarray  # mu_t, the weight of the newest iterate in the average (torch: mu)
    average: np.ndarray  # bar theta_t, the averaged point ASGD returns (torch: ax)


def asgd(
    *, lr: float, lambd: float, alpha: float, t0: float, weight_decay: float, maximize: bool
) -> base.UpdateRule:
    r"""Averaged stochastic gradient descent: shrinking steps, and the average of the iterates as the answer.

    .. math::
        \theta_t = \theta_{t-1}(1 - \lambda \eta_{t-1}) - \eta_{t-1} g_t, \qquad
        \bar\theta_t = \bar\theta_{t-1} + \mu_{t-1} (\theta_t - \bar\theta_{t-1}), \\
        \eta_t = \frac{\eta}{(1 + \lambda \eta t)^{\alpha}}, \qquad \mu_t = \frac{1}{\max(1, t - t_0)}

    Args:
      lr: :math:`\eta` (default ``1e-2``), also the first step size :math:`\eta_0`.
      lambd: :math:`\lambda`, the decay term (default ``1e-4``).
      alpha: :math:`\alpha`, the power of the step-size decay (default 0.75).
      t0: the step from which the average starts (default ``1e6``: before it the average is the iterate).
      weight_decay: coupled L2 penalty (default 0).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1, t0=0)
        >>> updates, state = opt.update(np.array([1.0, -2.0]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> updates, round(state.eta, 6)
        (array([-0.1,  0.2]), 0.099999)

    The average is the state field ``average`` (the path drawn is the iterate): it belongs next to the
    run loop's Polyak average, which averages from step 0; ASGD's starts at ``t0`` and, with the default
    ``t0 = 1e6``, never within a run of the app.

    PyTorch:
      Same update as ``torch.optim.ASGD``; ``eta`` and ``mu`` are Python floats where torch keeps 0-d tensors.

    References:
      Polyak and Juditsky, "Acceleration of stochastic approximation by averaging" (1992);
      Bottou, "Stochastic gradient descent tricks" (2012).
    """
    base.check_lr(lr)
    base.check_weight_decay(weight_decay)
    lr, lambd, alpha, t0, weight_decay = map(base.as_float, (lr, lambd, alpha, t0, weight_decay))

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        # shaped as the settings the later values depend on, so that a recorded field keeps one shape
        eta = transforms.per_value(lambda lr_, l_, a_: lr_, lr, lambd, alpha)
        return AsgdState(0, eta, transforms.per_value(lambda t0_: 1.0, t0), zeros)

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        eta = state.eta
        decayed = params * transforms.per_value(lambda lambd_, eta_: 1.0 - lambd_ * eta_, lambd, eta)
        new_params = decayed + g * -eta
        if isinstance(state.mu, np.ndarray):
            average = np.where(
                state.mu != 1, state.average + (new_params - state.average) * state.mu, new_params
            )
        elif state.mu != 1:
            average = state.average + (new_params - state.average) * state.mu
        else:
            average = new_params.copy()
        new_eta = transforms.per_value(
            lambda lr_, l_, a_: lr_ / ((1 + l_ * lr_ * step) ** a_), lr, lambd, alpha
        )
        new_mu = transforms.per_value(lambda t0_: 1 / max(1, step - t0_), t0)
        return new_params - params, AsgdState(step, new_eta, new_mu, average)

    def effective_lr(state, lr):
        return np.zeros_like(state.average) + state.eta

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


SPEC = base.OptimizerSpec(
    name="asgd",
    title="ASGD",
    description="SGD with slowly shrinking steps whose answer is the running average of its iterates from "
    "step t0 on.",
    latex=r"""\begin{aligned}
\theta_t &= \theta_{t-1}\,(1 - \lambda\eta_{t-1}) - \eta_{t-1}\, g_t \\
\bar\theta_t &= \bar\theta_{t-1} + \mu_{t-1}\,(\theta_t - \bar\theta_{t-1}) \\
\eta_t &= \eta\, (1 + \lambda\eta t)^{-\alpha}, \qquad \mu_t = 1 / \max(1,\ t - t_0)
\end{aligned}""",
    params=(
        base.lr_param(1e-2),
        Param(
            "lambd",
            1e-4,
            low=0.0,
            high=1.0,
            label=r"\lambda",
            help="Decay term: shrinks the parameters and makes the step size decay over time.",
        ),
        Param(
            "alpha",
            0.75,
            low=0.0,
            high=2.0,
            label=r"\alpha",
            help="Power of the step-size decay eta / (1 + lambd * eta * t) ** alpha.",
        ),
        Param(
            "t0",
            1e6,
            low=0.0,
            high=1e6,
            label="t_0",
            help="Step from which the iterates are averaged; before it the average is the latest iterate.",
        ),
        base.weight_decay_param(),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "eta": r"\eta_t", "mu": r"\mu_t", "average": r"\bar\theta_t"},
    build=asgd,
    on_surface=(
        "The solid path is SGD with a step size that shrinks very slowly at the default lambd; the dotted "
        "path is ASGD's answer, the running mean of its iterates since step t0: the Polyak average, begun "
        "at t0 instead of at the start. With the default t0 = 1e6 the average never starts within a run "
        "here (it equals the iterate): set t0 below the number of steps to see it."
    ),
    averaged_field="average",
    averaged_name="ASGD's average (from t0)",
)
