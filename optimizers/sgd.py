"""Stochastic gradient descent, with optional heavy-ball or Nesterov momentum (torch.optim.SGD).

Three picker entries share this file: ``sgd`` (torch's defaults, no momentum), ``momentum`` (heavy ball,
momentum 0.9) and ``nesterov`` (Nesterov momentum 0.9).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class SgdState(NamedTuple):
    step: int  # t: updates taken so far
    velocity: np.ndarray  # b_t, the momentum buffer (torch: momentum_buffer); stays 0 without momentum


def sgd(
    *, lr: float, momentum: float, dampening: float, weight_decay: float, nesterov: bool, maximize: bool
) -> base.UpdateRule:
    r"""Stochastic gradient descent with optional momentum.

    .. math::
        g_t = \nabla f(\theta_{t-1}) + \lambda \theta_{t-1}, \qquad
        b_t = \mu b_{t-1} + (1 - \tau) g_t \;\; (b_1 = g_1), \\
        \theta_t = \theta_{t-1} - \eta\, b_t \;\;\text{(heavy ball)} \quad\text{or}\quad
        \theta_t = \theta_{t-1} - \eta\, (g_t + \mu b_t) \;\;\text{(Nesterov)}.

    Args:
      lr: learning rate :math:`\eta` (default ``1e-3``, torch's).
      momentum: :math:`\mu` (default 0: plain gradient descent).
      dampening: :math:`\tau`, scales down the new gradient in the buffer (default 0).
      weight_decay: coupled L2 penalty :math:`\lambda` (default 0).
      nesterov: use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1, momentum=0.9)
        >>> state = opt.init(np.zeros(2))
        >>> updates, state = opt.update(np.array([1.0, -2.0]), state, np.zeros(2), lr=0.1)
        >>> updates
        array([-0.1,  0.2])

    The first step copies the gradient into the buffer (no dampening), as torch does; with ``momentum == 0``
    there is no buffer and ``velocity`` stays zero.

    PyTorch:
      Same update as ``torch.optim.SGD``; the only difference is that ``velocity`` exists (as zeros) before
      the first step, where torch has no buffer yet.

    References:
      Polyak, "Some methods of speeding up the convergence of iteration methods" (1964);
      Sutskever et al., "On the importance of initialization and momentum in deep learning" (ICML 2013).
    """
    base.check_lr(lr)
    base.check("Invalid momentum value", momentum, lambda v: np.logical_not(v < 0.0))
    base.check_weight_decay(weight_decay)
    if nesterov and (np.any(momentum <= 0) or np.any(dampening != 0)):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    lr, momentum, dampening = base.as_float(lr), base.as_float(momentum), base.as_float(dampening)
    weight_decay = base.as_float(weight_decay)
    # settings without momentum keep no buffer (torch ignores dampening there): masked in a broadcast run
    without_momentum = momentum == 0 if isinstance(momentum, np.ndarray) and np.any(momentum == 0) else None
    has_momentum = base.any_nonzero(momentum)  # once, not at every step (a network's step is short)

    def init(params):
        return SgdState(0, np.zeros_like(params, dtype=float))

    def update(g, state, params, *, lr=lr, objective=None):
        velocity = state.velocity
        if has_momentum:
            # torch starts the buffer at the first gradient, undamped, rather than at zero
            velocity = g if state.step == 0 else velocity * momentum + (1.0 - dampening) * g
            direction = g + momentum * velocity if nesterov else velocity
            if without_momentum is not None:
                velocity = np.where(without_momentum, state.velocity, velocity)
                direction = np.where(without_momentum, g, direction)
        else:
            direction = g
        return direction * -lr, SgdState(state.step + 1, velocity)

    def effective_lr(state, lr):
        return np.broadcast_to(lr, state.velocity.shape).astype(float)

    update = transforms.torch_step(update, maximize=maximize, weight_decay=weight_decay)
    return base.UpdateRule(init, update, effective_lr)


def heavy_ball(
    *, lr: float, momentum: float, dampening: float, weight_decay: float, maximize: bool
) -> base.UpdateRule:
    """The ``momentum`` picker entry: :func:`sgd` with heavy-ball momentum (0.9 by default)."""
    return sgd(
        lr=lr,
        momentum=momentum,
        dampening=dampening,
        weight_decay=weight_decay,
        nesterov=False,
        maximize=maximize,
    )


def nesterov(
    *, lr: float, momentum: float, dampening: float, weight_decay: float, maximize: bool
) -> base.UpdateRule:
    """The ``nesterov`` picker entry: :func:`sgd` with ``nesterov=True`` (momentum 0.9 by default)."""
    return sgd(
        lr=lr,
        momentum=momentum,
        dampening=dampening,
        weight_decay=weight_decay,
        nesterov=True,
        maximize=maximize,
    )


_MOMENTUM_HELP = "Momentum coefficient: the fraction of the previous velocity kept at each step."
_DAMPENING = Param(
    "dampening",
    0.0,
    low=0.0,
    high=1.0,
    label=r"\tau",
    help="Dampening: the new gradient enters the velocity scaled by (1 - dampening).",
)
_STATE_LABELS = {"step": "t", "velocity": "b_t"}
_LATEX_SGD = r"""\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
b_t &= \mu\, b_{t-1} + (1-\tau)\, g_t \qquad (b_1 = g_1) \\
\theta_t &= \theta_{t-1} - \eta\, b_t \qquad (\mu = 0:\ \theta_t = \theta_{t-1} - \eta\, g_t)
\end{aligned}"""
_LATEX_MOMENTUM = r"""\begin{aligned}
b_t &= \mu\, b_{t-1} + (1-\tau)\, \nabla f(\theta_{t-1}) \qquad (b_1 = g_1) \\
\theta_t &= \theta_{t-1} - \eta\, b_t
\end{aligned}"""
_LATEX_NESTEROV = r"""\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) \\
b_t &= \mu\, b_{t-1} + g_t \qquad (b_1 = g_1) \\
\theta_t &= \theta_{t-1} - \eta\, (g_t + \mu\, b_t)
\end{aligned}"""


def _params(momentum_default: float, *, with_nesterov: bool) -> tuple[Param, ...]:
    params = [
        base.lr_param(1e-3),
        Param("momentum", momentum_default, low=0.0, high=0.999, label=r"\mu", help=_MOMENTUM_HELP),
        _DAMPENING,
        base.weight_decay_param(),
    ]
    if with_nesterov:
        params.append(
            Param("nesterov", False, kind="bool", help="Evaluate the momentum step at the look-ahead point.")
        )
    params.append(base.maximize_param())
    return tuple(params)


SPEC = base.OptimizerSpec(
    name="sgd",
    title="SGD",
    description="Plain gradient descent: step against the gradient, scaled by the learning rate.",
    latex=_LATEX_SGD,
    params=_params(0.0, with_nesterov=True),
    state_labels=_STATE_LABELS,
    build=sgd,
)

MOMENTUM_SPEC = base.OptimizerSpec(
    name="momentum",
    title="Momentum",
    description="Heavy-ball momentum: a velocity that accumulates past gradients and rolls through ravines.",
    latex=_LATEX_MOMENTUM,
    params=_params(0.9, with_nesterov=False),
    state_labels=_STATE_LABELS,
    build=heavy_ball,
)

NESTEROV_SPEC = base.OptimizerSpec(
    name="nesterov",
    title="Nesterov",
    description="Nesterov momentum: correct the velocity with the gradient seen after the momentum step.",
    latex=_LATEX_NESTEROV,
    params=_params(0.9, with_nesterov=False),
    state_labels=_STATE_LABELS,
    build=nesterov,
)
