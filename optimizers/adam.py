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
    *,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    amsgrad: bool,
    maximize: bool,
    decoupled_weight_decay: bool,
) -> base.UpdateRule:
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

        >>> import optimizers
        >>> opt = optimizers.get("adam", lr=0.1)
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
    return _adam(lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay)


def adamw(
    *, lr: float, betas: tuple[float, float], eps: float, weight_decay: float, amsgrad: bool, maximize: bool
) -> base.UpdateRule:
    r"""AdamW: :func:`adam` with decoupled weight decay, :math:`\theta \leftarrow \theta(1 - \eta\lambda)`.

    Args are those of :func:`adam`; ``weight_decay`` defaults to ``1e-2`` as in torch.

    References:
      Loshchilov and Hutter, "Decoupled weight decay regularization" (ICLR 2019).
    """
    return _adam(lr, betas, eps, weight_decay, amsgrad, maximize, True)


def _adam(lr, betas, eps, weight_decay, amsgrad, maximize, decoupled) -> base.UpdateRule:
    lr, eps, weight_decay, moments = transforms.adam_settings(lr, betas, eps, weight_decay)

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamState(0, zeros, zeros, zeros)

    def update(g, state, params, *, lr=lr, objective=None):
        step = state.step + 1
        first_moment = moments.first(state.first_moment, g)
        second_moment = moments.second(state.second_moment, g)
        step_size = lr / moments.first_correction(step)
        if amsgrad:
            max_second_moment = np.maximum(state.max_second_moment, second_moment)
            denom = moments.denominator(max_second_moment, step, eps)
        else:
            max_second_moment = state.max_second_moment
            denom = moments.denominator(second_moment, step, eps)
        updates = np.divide(first_moment, denom, out=denom)
        updates *= -step_size
        return updates, AdamState(step, first_moment, second_moment, max_second_moment)

    def effective_lr(state, lr):
        step = max(state.step, 1)
        second_moment = state.max_second_moment if amsgrad else state.second_moment
        return (lr / moments.first_correction(step)) / moments.denominator(second_moment, step, eps)

    update = transforms.torch_step(
        update, maximize=maximize, weight_decay=weight_decay, decoupled=decoupled, lr=lr
    )
    return base.UpdateRule(init, update, effective_lr)


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
