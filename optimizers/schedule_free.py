"""Schedule-Free SGD and AdamW: no learning-rate schedule, an online average instead (schedulefree 1.4).

Three sequences: ``z`` takes plain (or Adam-normalised) gradient steps, ``x`` is a weighted running average
of ``z``, and the gradient is taken at ``y``, a point between them. The run loop's path is ``y`` (where the
gradients are taken, what ``optimizer.train()`` leaves in the parameters); ``x``, the point to evaluate
(what ``optimizer.eval()`` puts there), is the state field ``averaged_point``, and ``z`` is ``base_point``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class ScheduleFreeState(NamedTuple):
    step: int  # k: updates taken so far
    base_point: np.ndarray  # z_t, the sequence that takes the gradient steps (schedulefree: z)
    averaged_point: np.ndarray  # x_t, the weighted average of z: the point to evaluate (after .eval())
    second_moment: np.ndarray  # v_t, AdamW only (schedulefree: exp_avg_sq); zeros for SGD
    lr_max: float | np.ndarray  # the largest (warmed-up) learning rate so far
    weight_sum: float | np.ndarray  # sum of the averaging weights so far


def schedule_free_sgd(
    *, lr: float, momentum: float, weight_decay: float, warmup_steps: int, r: float, weight_lr_power: float
) -> base.UpdateRule:
    r"""Schedule-Free SGD: steps on :math:`z`, their running average :math:`x`, gradients at :math:`y`.

    .. math::
        y_t = (1-\beta) z_t + \beta x_t, \qquad z_{t+1} = z_t - \eta_t \nabla f(y_t), \\
        x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}, \qquad
        c_{t+1} = \frac{w_{t+1}}{\sum_{i \le t+1} w_i},\ w_i = i^r \eta_{\max}^{p}

    Args:
      lr: :math:`\eta` (default 1.0), scaled by a linear warm-up over ``warmup_steps`` steps.
      momentum: :math:`\beta`, strictly between 0 and 1 (default 0.9): how close :math:`y` sits to :math:`x`.
      weight_decay: coupled L2 penalty at :math:`y` (default 0).
      warmup_steps: linear warm-up length (default 0).
      r: the averaging weights grow as :math:`i^r` (default 0: a uniform average).
      weight_lr_power: the weights also grow as :math:`\eta_{\max}^{p}` (default 2).

    Example::

        >>> opt = SGD_SPEC.make(lr=0.1)
        >>> p = np.zeros(2)
        >>> updates, state = opt.update(np.array([1.0, -2.0]), opt.init(p), p, lr=0.1)
        >>> updates, state.base_point   # step 1 averages with weight 1: y, z and x take the plain step
        (array([-0.1,  0.2]), array([-0.1,  0.2]))

    Reference implementation:
      ``schedulefree.SGDScheduleFree`` 1.4.1 (in train mode), same update, defaults and validation messages.

    References:
      Defazio et al., "The road less scheduled" (NeurIPS 2024).
    """
    base.check_lr(lr)
    base.check_weight_decay(weight_decay)
    base.check("Momentum must be between 0 and 1 exclusive", momentum, lambda v: (v > 0) & (v < 1))
    return _schedule_free(lr, weight_decay, warmup_steps, r, weight_lr_power, beta1=momentum, moments=None)


def schedule_free_adamw(
    *,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    warmup_steps: int,
    r: float,
    weight_lr_power: float,
) -> base.UpdateRule:
    r"""Schedule-Free AdamW: :func:`schedule_free_sgd` with the gradient divided by Adam's RMS.

    .. math::
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \qquad
        \hat g_t = \frac{g_t}{\sqrt{v_t / (1-\beta_2^t)} + \epsilon} + \lambda y_t

    and then the steps of :func:`schedule_free_sgd` with :math:`\beta = \beta_1` and :math:`\hat g_t` in
    place of the gradient (the weight decay is added after the normalisation, at :math:`y_t`).

    Args:
      lr: default ``0.0025``; betas: :math:`(\beta_1, \beta_2)`, default ``(0.9, 0.999)``, with
        :math:`\beta_1 > 0`; eps: default ``1e-8``; the other arguments as :func:`schedule_free_sgd`.

    Reference implementation:
      ``schedulefree.AdamWScheduleFree`` 1.4.1 (in train mode), same update and defaults; it validates
      nothing, and the checks here are torch.optim.AdamW's (with :math:`\beta_1 > 0`, since
      :math:`x = y + (1 - 1/\beta_1)(z - y)` divides by it).
    """
    base.check_lr(lr)
    base.check_eps(eps)
    base.check("Invalid beta parameter at index 0", betas[0], lambda v: (v > 0.0) & (v < 1.0))
    base.check("Invalid beta parameter at index 1", betas[1], lambda v: (v >= 0.0) & (v < 1.0))
    base.check_weight_decay(weight_decay)
    moments = transforms.AdamMoments(base.as_float(betas[0]), base.as_float(betas[1]))
    return _schedule_free(
        lr,
        weight_decay,
        warmup_steps,
        r,
        weight_lr_power,
        beta1=betas[0],
        moments=moments,
        eps=base.as_float(eps),
    )


def _schedule_free(lr, weight_decay, warmup_steps, r, power, *, beta1, moments, eps=None) -> base.UpdateRule:
    """Both entries: ``moments is None`` is SGD (raw gradients), else AdamW (RMS-normalised gradients)."""
    lr, weight_decay, r, power, beta1 = map(base.as_float, (lr, weight_decay, r, power, beta1))
    warmup_steps = int(warmup_steps)
    evaluation_weight = transforms.per_value(lambda b: 1 - 1 / b, beta1)  # x = lerp(y, z, 1 - 1/beta)

    def init(params):
        params = np.asarray(params, dtype=float)
        shared = transforms.per_value(lambda *_: 0.0, lr, r, power)
        return ScheduleFreeState(0, params.copy(), params.copy(), np.zeros_like(params), shared - 1.0, shared)

    def update(g, state, params, *, lr=lr, objective=None):
        k = state.step
        warm_lr = lr * ((k + 1) / warmup_steps) if k < warmup_steps else lr * 1.0
        lr_max = (
            np.maximum(warm_lr, state.lr_max)
            if _any_array(warm_lr, state.lr_max)
            else max(warm_lr, state.lr_max)
        )
        weight = transforms.per_value(lambda r_, m, p: ((k + 1) ** r_) * (m**p), r, lr_max, power)
        weight_sum = state.weight_sum + weight
        with np.errstate(divide="ignore", invalid="ignore"):
            ckp1 = (
                np.where(weight_sum == 0, 0.0, weight / weight_sum)
                if _any_array(weight_sum)
                else (weight / weight_sum if weight_sum != 0 else 0)
            )
        second_moment = state.second_moment
        if moments is not None:
            second_moment = moments.second(state.second_moment, g)
            g = g / (np.sqrt(moments.unbiased_second(second_moment, k + 1)) + eps)
        if np.any(weight_decay != 0):
            g = g + weight_decay * params
        y = transforms.lerp(params, state.base_point, ckp1) + g * (warm_lr * (beta1 * (1 - ckp1) - 1))
        z = state.base_point - g * warm_lr
        x = transforms.lerp(y, z, evaluation_weight)
        return y - params, ScheduleFreeState(k + 1, z, x, second_moment, lr_max, weight_sum)

    def effective_lr(state, lr):
        return np.zeros_like(state.base_point) + lr

    return base.UpdateRule(init, update, effective_lr)


def _any_array(*values) -> bool:
    return any(isinstance(v, np.ndarray) for v in values)


def _averaging_params(momentum_name: str) -> tuple[Param, ...]:
    return (
        base.weight_decay_param(),
        Param(
            "warmup_steps",
            0,
            kind="int",
            low=0,
            high=1000,
            help="Steps of linear learning-rate warm-up (the only schedule Schedule-Free uses).",
        ),
        Param(
            "r",
            0.0,
            low=0.0,
            high=4.0,
            help=f"Averaging weights grow as step**r: 0 averages every {momentum_name} step alike, larger "
            "values favour recent ones.",
        ),
        Param(
            "weight_lr_power",
            2.0,
            low=0.0,
            high=4.0,
            label="p",
            help="Averaging weights also grow as lr_max**p, so warm-up steps count less.",
        ),
    )


_STATE_LABELS = {
    "step": "k",
    "averaged_point": r"x^{\mathrm{avg}}_t",
    "base_point": "z_t",
    "lr_max": r"\eta_{\max}",
    "weight_sum": r"\textstyle\sum_i w_i",
}
_AVERAGED_NAME = "averaged point x (to evaluate)"

SGD_SPEC = base.OptimizerSpec(
    name="schedule_free_sgd",
    title="Schedule-Free SGD",
    description="SGD without a schedule: gradient steps on z, their running average x is the answer, "
    "gradients are taken between the two.",
    latex=r"""\begin{aligned}
y_t &= (1-\beta)\, z_t + \beta\, x_t \\
z_{t+1} &= z_t - \eta\, \nabla f(y_t) \\
x_{t+1} &= (1 - c_{t+1})\, x_t + c_{t+1}\, z_{t+1}, \qquad c_{t+1} = w_{t+1} / \textstyle\sum_{i \le t+1} w_i
\end{aligned}""",
    params=(
        base.lr_param(1.0),
        Param(
            "momentum",
            0.9,
            low=0.01,
            high=0.999,
            label=r"\beta",
            help="Where the gradient is taken: y = (1 - beta) z + beta x, so a larger beta stays nearer the "
            "average.",
        ),
        *_averaging_params("SGD"),
    ),
    state_labels=_STATE_LABELS,
    build=schedule_free_sgd,
    on_surface=(
        "The solid path is y, where the gradients are taken; the dotted one is x, the running average to "
        "evaluate, with no learning-rate schedule. y sits between the fast sequence z and x (momentum says "
        "where), so the path scatters less than SGD's at the same constant lr, and x trails behind in a "
        "long descent."
    ),
    averaged_field="averaged_point",
    averaged_name=_AVERAGED_NAME,
)

ADAMW_SPEC = base.OptimizerSpec(
    name="schedule_free_adamw",
    title="Schedule-Free AdamW",
    description="Schedule-Free averaging on top of Adam's RMS-normalised gradient steps, with no schedule.",
    latex=r"""\begin{aligned}
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \qquad
  \hat g_t = g_t / \bigl(\sqrt{v_t / (1-\beta_2^t)} + \epsilon\bigr) + \lambda y_t \\
z_{t+1} &= z_t - \eta\, \hat g_t, \qquad y_t = (1-\beta_1)\, z_t + \beta_1 x_t \\
x_{t+1} &= (1 - c_{t+1})\, x_t + c_{t+1}\, z_{t+1}
\end{aligned}""",
    params=(
        base.lr_param(0.0025),
        Param(
            "betas",
            (0.9, 0.999),
            kind="pair",
            low=0.01,
            high=0.9999,
            label=r"\beta_1, \beta_2",
            help="beta1 places y between z and x (as momentum does for SGD); beta2 averages the squared "
            "gradients.",
        ),
        base.eps_param(1e-8),
        *_averaging_params("AdamW"),
    ),
    state_labels={**_STATE_LABELS, "second_moment": "v_t"},
    build=schedule_free_adamw,
    on_surface=(
        "Schedule-Free averaging over Adam-normalised steps on z: the solid path is y, where gradients are "
        "taken, the dotted one the smooth average x to evaluate. Being a plain mean of every z since the "
        "start, x trails in a long descent and jitters far less than y near the minimum."
    ),
    averaged_field="averaged_point",
    averaged_name=_AVERAGED_NAME,
)
