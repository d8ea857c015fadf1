"""Adam and AdamW: bias-corrected running moments of the gradient (torch.optim.Adam, torch.optim.AdamW)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class AdamState(NamedTuple):
    step: int  # t: updates taken so far (the bias corrections use it)
    first_moment: np.ndarray  # m_t = beta1 m_{t-1} + (1 - beta1) g_t (torch: exp_avg)
    second_moment: np.ndarray  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2 (torch: exp_avg_sq)
    max_second_moment: np.ndarray  # max of v_1..v_t, AMSGrad only, else 0 (torch: max_exp_avg_sq)


def adam(
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
    *,
    maximize: bool = False,
    decoupled_weight_decay: bool = False,
) -> base.Optimizer:
    r"""Adam: momentum on the gradient, RMSprop-style scaling, both bias-corrected.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \\
        \theta_t = \theta_{t-1} - \frac{\eta}{1-\beta_1^t}\,
                   \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    (AMSGrad uses :math:`\max(v_1, \dots, v_t)` in place of :math:`v_t`.)

    Args:
      lr: learning rate :math:`\eta` (default ``1e-3``).
      betas: :math:`(\beta_1, \beta_2)` (default ``(0.9, 0.999)``).
      eps: :math:`\epsilon` (default ``1e-8``), added after the bias-corrected square root as torch does.
      weight_decay: :math:`\lambda` (default 0), an L2 term in the gradient unless decoupled.
      amsgrad: use the running maximum of the second moment.
      maximize: ascend instead of descend.
      decoupled_weight_decay: shrink the parameters by :math:`1 - \eta\lambda` instead (this is AdamW).

    Example::

        >>> opt = adam(lr=0.1)
        >>> updates, _ = opt.update(np.array([4.0, -0.5]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> np.round(updates, 6)   # the first step is lr * sign(g): the moments are bias-corrected
        array([-0.1,  0.1])

    Note that :math:`\epsilon` sits outside the bias correction of :math:`v_t` (as in torch and the paper's
    algorithm), which differs from optax's ``eps_root``.

    PyTorch:
      Same update as ``torch.optim.Adam`` (``decoupled_weight_decay`` included); tensor-valued ``lr`` or
      ``betas`` and the ``capturable``/``fused`` kernels do not apply.

    References:
      Kingma and Ba, "Adam: a method for stochastic optimization" (ICLR 2015);
      Reddi, Kale and Kumar, "On the convergence of Adam and beyond" (ICLR 2018) for AMSGrad.
    """
    return _adam("adam", lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay)


def adamw(
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
    amsgrad: bool = False,
    *,
    maximize: bool = False,
) -> base.Optimizer:
    r"""AdamW: :func:`adam` with decoupled weight decay, :math:`\theta \leftarrow \theta(1 - \eta\lambda)`.

    Args are those of :func:`adam`; ``weight_decay`` defaults to ``1e-2`` as in torch.

    References:
      Loshchilov and Hutter, "Decoupled weight decay regularization" (ICLR 2019).
    """
    return _adam("adamw", lr, betas, eps, weight_decay, amsgrad, maximize, True)


def _adam(name, lr, betas, eps, weight_decay, amsgrad, maximize, decoupled) -> base.Optimizer:
    base.check_lr(lr)
    base.check_eps(eps)
    base.check_betas(betas)
    base.check_weight_decay(weight_decay)
    lr, eps, weight_decay = base.as_float(lr), base.as_float(eps), base.as_float(weight_decay)
    beta1, beta2 = base.as_float(betas[0]), base.as_float(betas[1])
    amsgrad, maximize, decoupled = bool(amsgrad), bool(maximize), bool(decoupled)
    per_beta1, per_beta2 = transforms.per_setting(beta1), transforms.per_setting(beta2)

    def bias_correction1(step):
        return per_beta1(lambda b1: transforms.bias_correction(b1, step))

    def bias_correction2_sqrt(step):
        return per_beta2(lambda b2: transforms.bias_correction(b2, step) ** 0.5)

    def denominator(second_moment, step):
        """sqrt(v_t) / sqrt(1 - beta2^t) + eps: the one place Adam's per-axis scale is written.

        In place on the fresh square root: same rounding as the expression, one temporary fewer."""
        denom = np.sqrt(second_moment)
        denom /= bias_correction2_sqrt(step)
        denom += eps
        return denom

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamState(0, zeros, zeros, zeros)

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        first_moment = transforms.moving_average(state.first_moment, g, beta1)
        second_moment = transforms.squared_average(state.second_moment, g, beta2)
        step_size = lr / bias_correction1(step)
        if amsgrad:
            max_second_moment = np.maximum(state.max_second_moment, second_moment)
            denom = denominator(max_second_moment, step)
        else:
            max_second_moment = state.max_second_moment
            denom = denominator(second_moment, step)
        updates = np.divide(first_moment, denom, out=denom)
        updates *= -step_size
        return updates, AdamState(step, first_moment, second_moment, max_second_moment)

    def effective_lr(state, lr):
        step = max(state.step, 1)
        second_moment = state.max_second_moment if amsgrad else state.second_moment
        return (lr / bias_correction1(step)) / denominator(second_moment, step)

    hyperparams = {
        "lr": lr,
        "betas": (beta1, beta2),
        "eps": eps,
        "weight_decay": weight_decay,
        "amsgrad": amsgrad,
        "maximize": maximize,
    }
    if name == "adam":
        hyperparams["decoupled_weight_decay"] = decoupled
    update = transforms.torch_step(
        update, maximize=maximize, weight_decay=weight_decay, decoupled=decoupled, lr=lr
    )
    return base.Optimizer(name, hyperparams, init, update, effective_lr)


_AMSGRAD = Param(
    "amsgrad",
    False,
    kind="bool",
    help="AMSGrad: divide by the largest second moment seen so far, so the step size never grows back.",
)
# Adam's rule written once for both entries; AdamW prepends its decay and steps from the decayed point.
_ADAM_LATEX = (
    r"\begin{{aligned}}"
    "\n"
    "{decay}"
    r"m_t &= \beta_1 m_{{t-1}} + (1-\beta_1)\, g_t \\"
    "\n"
    r"v_t &= \beta_2 v_{{t-1}} + (1-\beta_2)\, g_t^2 \\"
    "\n"
    r"\hat m_t &= \frac{{m_t}}{{1-\beta_1^t}}, \qquad \hat v_t = \frac{{v_t}}{{1-\beta_2^t}} \\"
    "\n"
    r"\theta_t &= {theta} - \eta\, \frac{{\hat m_t}}{{\sqrt{{\hat v_t}} + \epsilon}}"
    "\n"
    r"\end{{aligned}}"
)
_STATE_LABELS = {
    "step": "t",
    "first_moment": "m_t",
    "second_moment": "v_t",
    "max_second_moment": r"\hat v_t^{\max}",
}

SPEC = base.OptimizerSpec(
    name="adam",
    title="Adam",
    description="Momentum plus per-coordinate RMS scaling, with bias correction of both running averages.",
    latex=_ADAM_LATEX.format(decay="", theta=r"\theta_{t-1}"),
    params=(
        base.lr_param(1e-3),
        base.betas_param(),
        base.eps_param(1e-8),
        base.weight_decay_param(),
        _AMSGRAD,
        base.maximize_param(),
        base.decoupled_param(),
    ),
    state_labels=_STATE_LABELS,
    build=adam,
)

ADAMW_SPEC = base.OptimizerSpec(
    name="adamw",
    title="AdamW",
    description="Adam with weight decay applied to the parameters directly, not through the gradient.",
    latex=_ADAM_LATEX.format(
        decay=r"\theta'_{t-1} &= \theta_{t-1}\,(1 - \eta\lambda) \\" + "\n", theta=r"\theta'_{t-1}"
    ),
    params=(
        base.lr_param(1e-3),
        base.betas_param(),
        base.eps_param(1e-8),
        base.weight_decay_param(1e-2, decoupled=True),
        _AMSGRAD,
        base.maximize_param(),
    ),
    state_labels=_STATE_LABELS,
    build=adamw,
)
