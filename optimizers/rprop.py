"""Rprop: sign steps, per-coordinate lengths that grow while the sign holds (torch.optim.Rprop)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers import base, transforms
from paramspec import Param


class RpropState(NamedTuple):
    step: int  # t: updates taken so far
    previous_grad: np.ndarray  # g_{t-1}, zeroed where its sign flipped (torch: prev)
    step_size: np.ndarray  # Delta_t, one step length per coordinate (torch: step_size)


def rprop(
    *, lr: float, etas: tuple[float, float], step_sizes: tuple[float, float], maximize: bool
) -> base.UpdateRule:
    r"""Resilient backpropagation: the gradient's sign picks the direction, its history the step length.

    .. math::
        \Delta_t = \operatorname{clip}\bigl(\Delta_{t-1} \cdot
            \{\eta_+ \text{ if } g_t g_{t-1} > 0,\ \eta_- \text{ if } g_t g_{t-1} < 0,\ 1\},\
            \Gamma_{\min}, \Gamma_{\max}\bigr), \\
        g_t \leftarrow 0 \text{ where the sign flipped}, \qquad
        \theta_t = \theta_{t-1} - \Delta_t \operatorname{sign}(g_t)

    Args:
      lr: the initial step length :math:`\Delta_0` of every coordinate (default ``1e-2``); a schedule does
        not change later steps, as in torch, because the lengths live in the state.
      etas: :math:`(\eta_-, \eta_+)`, the factors that shrink and grow a length (default ``(0.5, 1.2)``).
      step_sizes: :math:`(\Gamma_{\min}, \Gamma_{\max})`, the bounds of a length (default ``(1e-6, 50)``).
      maximize: ascend instead of descend.

    Example::

        >>> opt = SPEC.make(lr=0.1)
        >>> updates, state = opt.update(np.array([3.0, -0.01]), opt.init(np.zeros(2)), np.zeros(2), lr=0.1)
        >>> updates   # the gradient's size does not matter, only its sign
        array([-0.1,  0.1])

    A step never depends on how large the gradient is, so on a 2D map every step moves the same length
    along both axes until a sign flips: the path runs along diagonals.

    PyTorch:
      Same update as ``torch.optim.Rprop``; ``effective_lr`` is :math:`\Delta_t` (the factor in front of
      :math:`\operatorname{sign}(g_t)`, not of :math:`g_t`).

    References:
      Riedmiller and Braun, "A direct adaptive method for faster backpropagation learning: the RPROP
      algorithm" (ICNN 1993).
    """
    base.check_lr(lr)
    eta_minus, eta_plus = etas
    valid = np.logical_and(np.logical_and(eta_minus > 0.0, eta_minus < 1.0), np.asarray(eta_plus) > 1.0)
    if not np.all(valid):
        first = np.argmin(
            np.broadcast_to(valid, np.broadcast_shapes(np.shape(eta_minus), np.shape(eta_plus)))
        )
        shown = [np.broadcast_to(e, np.shape(valid)).flat[first] for e in (eta_minus, eta_plus)]
        raise ValueError(f"Invalid eta values: {_plain(shown[0])}, {_plain(shown[1])}")
    lr, eta_minus, eta_plus = base.as_float(lr), base.as_float(eta_minus), base.as_float(eta_plus)
    step_min, step_max = base.as_float(step_sizes[0]), base.as_float(step_sizes[1])

    def init(params):
        return RpropState(0, np.zeros_like(params, dtype=float), np.zeros_like(params, dtype=float) + lr)

    def update(g, state, params, *, lr=lr, objective=None):
        agreement = np.sign(g * state.previous_grad)
        factor = np.where(agreement > 0, eta_plus, np.where(agreement < 0, eta_minus, 1.0))
        # torch's clamp_(min, max): the maximum first, then the minimum
        step_size = np.minimum(np.maximum(state.step_size * factor, step_min), step_max)
        g = np.where(factor == eta_minus, 0.0, g)  # after a sign flip: no step, and no flip counted next time
        return -(np.sign(g) * step_size), RpropState(state.step + 1, g, step_size)

    def effective_lr(state, lr):
        return state.step_size

    update = transforms.torch_step(update, maximize=maximize, weight_decay=0.0)
    return base.UpdateRule(init, update, effective_lr)


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


SPEC = base.OptimizerSpec(
    name="rprop",
    title="Rprop",
    description="Steps of a per-coordinate length that grows while the gradient keeps its sign and halves "
    "when it flips; the gradient's size is ignored.",
    latex=r"""\begin{aligned}
\Delta_t &= \operatorname{clip}\bigl(\Delta_{t-1}\,\eta_\pm,\ \Gamma_{\min},\ \Gamma_{\max}\bigr)
  \quad \eta_+ \text{ if } g_t g_{t-1} > 0,\ \eta_- \text{ if } g_t g_{t-1} < 0 \\
g_t &\leftarrow 0 \quad \text{where the sign flipped} \\
\theta_t &= \theta_{t-1} - \Delta_t\, \operatorname{sign}(g_t)
\end{aligned}""",
    params=(
        base.lr_param(1e-2),
        Param(
            "etas",
            (0.5, 1.2),
            kind="pair",
            low=0.01,
            high=5.0,
            label=r"\eta_-, \eta_+",
            help="Factors for a step length: eta_minus (< 1) after a sign flip, eta_plus (> 1) while the "
            "sign holds.",
        ),
        Param(
            "step_sizes",
            (1e-6, 50.0),
            kind="pair",
            low=0.0,
            high=100.0,
            label=r"\Gamma_{\min}, \Gamma_{\max}",
            help="Smallest and largest step length a coordinate may take.",
        ),
        base.maximize_param(),
    ),
    state_labels={"step": "t", "previous_grad": "g_{t-1}", "step_size": r"\Delta_t"},
    build=rprop,
    on_surface=(
        "Every step goes by the sign of the gradient, so a path starts on a 45° diagonal however steep the "
        "slope; each coordinate's step length grows (x1.2 by default) while its sign holds and is cut "
        "(x0.5) when it flips, so the path overshoots along a steep axis once and then settles. The "
        "gradient's size never enters a step."
    ),
)
