"""Pieces shared by the first-order optimizers: gradient sign, weight decay, moving averages, bias correction.

Each helper is a pure function on arrays (or Python floats for the per-step scalars). They follow
torch.optim's order of floating-point operations, so that a trajectory matches torch's to the last few bits
rather than only to a tolerance. Hyperparameters may be arrays of settings (shape ``(..., 1)``, see
:mod:`optimizers.base`); every helper then gives each element what the scalar setting would, bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from optimizers import base


def per_setting(*hyperparams) -> Callable[[Callable[..., float]], float | np.ndarray]:
    """``apply(formula)``: a per-step formula of these hyperparameters, evaluated as the scalar case does.

    For scalars ``apply(f)`` is ``f(*hyperparams)``. For arrays of settings ``f`` runs in Python once per
    distinct combination and the results are spread back to the broadcast shape: NumPy's vectorised ``power``
    may round differently from Python's ``**``, and a broadcast run must match the scalar runs bit for bit.
    The distinct settings are found once, when the optimizer is built, not at every step.
    """
    if not any(isinstance(h, np.ndarray) for h in hyperparams):
        return lambda formula: formula(*hyperparams)
    shape = np.broadcast_shapes(*(np.shape(h) for h in hyperparams))
    columns = np.stack([np.broadcast_to(np.asarray(h, dtype=float), shape).ravel() for h in hyperparams], -1)
    distinct, inverse = np.unique(columns, axis=0, return_inverse=True)
    rows = [tuple(float(v) for v in row) for row in distinct]
    inverse = inverse.reshape(shape)

    def apply(formula):
        return np.array([formula(*row) for row in rows], dtype=float)[inverse]

    return apply


# Wrappers around a core ``update(grads, state, params, *, lr, objective)``, in the spirit of optax's chain:
# torch.optim opens most steps with the same lines (negate the gradient to maximize, add the L2 term) and
# AdamW-style optimizers close them with the same decay of the parameters. Each is written once here; an
# optimizer's own update is only its core rule, and ``torch_step`` composes the three.


def torch_step(core: Callable, *, maximize: bool, weight_decay, decoupled: bool = False, lr=None) -> Callable:
    """``core`` behind torch's opening lines, outermost first: :func:`maximizing`, then weight decay
    (:func:`with_l2_penalty`, or :func:`with_decoupled_decay` when ``decoupled``; ``lr`` is the default
    learning rate the decoupled decay uses when a call gives none)."""
    if decoupled:
        return maximizing(with_decoupled_decay(core, weight_decay, lr), maximize)
    return maximizing(with_l2_penalty(core, weight_decay), maximize)


def maximizing(update: Callable, maximize: bool) -> Callable:
    """``update`` fed :math:`-g`, so that descending it climbs the surface (torch's ``maximize``)."""
    if not maximize:
        return update

    def ascend(grads, state, params, **step):
        return update(-grads, state, params, **step)

    return ascend


def with_l2_penalty(update: Callable, weight_decay) -> Callable:
    r"""``update`` fed :math:`g + \lambda \theta`: coupled weight decay, an L2 penalty in the gradient."""
    if not np.any(weight_decay != 0):
        return update

    def penalised(grads, state, params, **step):
        return update(add_weight_decay(grads, params, weight_decay), state, params, **step)

    return penalised


def with_decoupled_decay(update: Callable, weight_decay, default_lr) -> Callable:
    r"""``update`` plus decoupled weight decay :math:`\theta (1 - \eta\lambda) - \theta`, from the
    parameters before the step (AdamW; torch's ``decoupled_weight_decay``)."""
    if not np.any(weight_decay != 0):
        return update

    def decayed(grads, state, params, *, lr=default_lr, **step):
        decay = decoupled_decay(params, lr, weight_decay)
        updates, state = update(grads, state, params, lr=lr, **step)
        return decay + updates, state

    return decayed


def descent_grads(grads: np.ndarray, maximize: bool) -> np.ndarray:
    """The gradient the optimizer descends: ``-g`` when maximizing."""
    return -grads if maximize else grads


def add_weight_decay(grads: np.ndarray, params: np.ndarray, weight_decay: float) -> np.ndarray:
    r"""Coupled weight decay (an L2 penalty folded into the gradient): :math:`g + \lambda \theta`."""
    return grads + weight_decay * params if np.any(weight_decay != 0) else grads


def decoupled_decay(params: np.ndarray, lr: float, weight_decay: float) -> np.ndarray | float:
    r"""The update of decoupled weight decay (AdamW): :math:`\theta (1 - \eta \lambda) - \theta`.

    Written as a difference rather than ``-lr * wd * params`` so that ``params + decay`` is exactly torch's
    ``param.mul_(1 - lr * weight_decay)`` (the subtraction of two nearby floats is exact).
    """
    if not np.any(weight_decay != 0):
        return 0.0
    return params * (1.0 - lr * weight_decay) - params


def per_value(formula: Callable[..., float], *values) -> float | np.ndarray:
    """``formula(*values)`` in Python floats, once per distinct element when some values are arrays.

    :func:`per_setting` for quantities that change from step to step (a scheduled learning rate, a running
    maximum), so the distinct values are found at each call.
    """
    if not any(isinstance(v, np.ndarray) for v in values):
        return formula(*values)
    return per_setting(*values)(formula)


def lerp(start: np.ndarray, end: np.ndarray, weight) -> np.ndarray:
    r"""torch's ``lerp(start, end, weight)``: :math:`s + w (e - s)` for :math:`|w| < 0.5`, else
    :math:`e - (e - s)(1 - w)` (the same value, rounded as torch rounds it)."""
    gap = end - start
    if isinstance(weight, np.ndarray):
        return np.where(np.abs(weight) < 0.5, start + weight * gap, end - gap * (1.0 - weight))
    if abs(weight) < 0.5:
        return start + weight * gap
    return end - gap * (1.0 - weight)


def moving_average(average: np.ndarray, value: np.ndarray, decay: float) -> np.ndarray:
    r"""Exponential moving average :math:`\beta a + (1 - \beta) x`, evaluated as torch's ``lerp``.

    ``lerp(a, x, w)`` is ``a + w (x - a)`` for small weights and ``x - (x - a)(1 - w)`` otherwise; both equal
    :math:`\beta a + (1-\beta) x` with :math:`w = 1 - \beta`, but round differently.
    """
    weight = 1.0 - decay
    step = value - average  # a fresh array: the in-place operations below touch nothing of the caller's
    if isinstance(weight, np.ndarray):  # settings: torch's choice of form, per element
        return np.where(np.abs(weight) < 0.5, step * weight + average, value - step * (1.0 - weight))
    if abs(weight) < 0.5:
        step *= weight
        step += average
        return step
    step *= 1.0 - weight
    return value - step


def squared_average(average: np.ndarray, grads: np.ndarray, decay: float) -> np.ndarray:
    r"""Running average of squared gradients :math:`\beta v + (1-\beta) g^2`."""
    squared = grads * grads
    squared *= 1.0 - decay  # in place on our own temporaries: same rounding, fewer allocations
    decayed = average * decay
    decayed += squared
    return decayed


def bias_correction(decay: float, step: int) -> float:
    r""":math:`1 - \beta^t`: divides a zero-initialised running average to make it unbiased at step ``t``."""
    return 1.0 - decay**step


def adam_settings(lr, betas, eps, weight_decay):
    """Adam's settings checked (as ``torch.optim.Adam`` checks them, in its order) and as floats: ``lr``,
    ``eps``, ``weight_decay`` and the :class:`AdamMoments` of ``betas``. Adam, AdamW, NAdam, RAdam and Adamax
    start so."""
    base.check_lr(lr)
    base.check_eps(eps)
    base.check_betas(betas)
    base.check_weight_decay(weight_decay)
    moments = AdamMoments(base.as_float(betas[0]), base.as_float(betas[1]))
    return base.as_float(lr), base.as_float(eps), base.as_float(weight_decay), moments


class AdamMoments:
    r"""Adam's two running moments and their bias corrections, written once for Adam, AdamW, NAdam, RAdam,
    Adamax and Schedule-Free AdamW (the part optax's ``scale_by_adam`` plays for adam, adamw and nadam).

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \qquad
        \hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}

    Each optimizer then combines them in its reference's own order of operations: Adam divides
    :math:`\sqrt{v_t}` by :math:`\sqrt{1-\beta_2^t}` (:meth:`denominator`), NAdam and Schedule-Free take the
    root of :math:`\hat v_t` (:meth:`unbiased_second`). The two are equal in exact arithmetic and differ in
    the last bit, and the golden trajectories are bit for bit. The corrections are evaluated per setting of
    the betas (:func:`per_setting`), as a scalar run evaluates them.
    """

    def __init__(self, beta1, beta2):
        self.beta1, self.beta2 = beta1, beta2
        self._per_beta1, self._per_beta2 = per_setting(beta1), per_setting(beta2)

    def first(self, first_moment: np.ndarray, grads: np.ndarray) -> np.ndarray:
        r""":math:`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t`."""
        return moving_average(first_moment, grads, self.beta1)

    def second(self, second_moment: np.ndarray, grads: np.ndarray) -> np.ndarray:
        r""":math:`v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2`."""
        return squared_average(second_moment, grads, self.beta2)

    def first_correction(self, step: int) -> float | np.ndarray:
        r""":math:`1 - \beta_1^t`."""
        return self._per_beta1(lambda b1: bias_correction(b1, step))

    def second_correction(self, step: int) -> float | np.ndarray:
        r""":math:`1 - \beta_2^t`."""
        return self._per_beta2(lambda b2: bias_correction(b2, step))

    def second_correction_root(self, step: int) -> float | np.ndarray:
        r""":math:`\sqrt{1 - \beta_2^t}`, as Python's ``** 0.5`` rounds it."""
        return self._per_beta2(lambda b2: bias_correction(b2, step) ** 0.5)

    def unbiased_second(self, second_moment: np.ndarray, step: int) -> np.ndarray:
        r""":math:`\hat v_t = v_t / (1-\beta_2^t)`."""
        return second_moment / self.second_correction(step)

    def denominator(self, second_moment: np.ndarray, step: int, eps) -> np.ndarray:
        r"""Adam's per-axis scale :math:`\sqrt{v_t} / \sqrt{1-\beta_2^t} + \epsilon` (torch's order).

        In place on the fresh square root: the same rounding as the expression, one temporary fewer."""
        denom = np.sqrt(second_moment)
        denom /= self.second_correction_root(step)
        denom += eps
        return denom
