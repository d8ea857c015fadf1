"""The L-BFGS memory: the last ``m`` curvature pairs :math:`(s_i, y_i)` and the inverse-Hessian model they
define, applied to a vector by the two-loop recursion (Nocedal & Wright, algorithm 7.4).

Histories are fixed-size arrays ``(..., m, d)``, newest pair last and zero-padded at the oldest end
(``rho = 0`` in an empty slot, which makes it an exact no-op), so a batch of points shares one recursion.
"""

from __future__ import annotations

import numpy as np

CURVATURE_THRESHOLD = 1e-10  # torch's threshold on y.s for storing a pair


def remember(state, s, y, ys, accept, history_size: int):
    """The memory after storing the pair ``(s, y)`` where ``accept`` holds, the oldest pair dropped beyond
    ``history_size`` (``ys`` is :math:`y^\\top s`). Returns ``(s_history, y_history, rho_history,
    history_count, hessian_scale)`` with :math:`\\rho = 1 / (y^\\top s)` and
    :math:`\\gamma = s^\\top y / y^\\top y` of the newest pair."""
    if not accept.any():  # the very same arrays: effective_lr recognises an unchanged model by identity
        return state.s_history, state.y_history, state.rho_history, state.history_count, state.hessian_scale
    s_history = _push(state.s_history, s, accept)
    y_history = _push(state.y_history, y, accept)
    rho_history = _push(state.rho_history[..., None], (1.0 / ys)[..., None], accept)[..., 0]
    history_count = np.where(accept, np.minimum(state.history_count + 1, history_size), state.history_count)
    hessian_scale = np.where(accept, ys / dot(y, y), state.hessian_scale)
    return s_history, y_history, rho_history, history_count, hessian_scale


def two_loop(q, s_history, y_history, rho_history, hessian_scale, newest: int) -> np.ndarray:
    """``H q`` for the L-BFGS inverse-Hessian model, by the two-loop recursion (Nocedal & Wright alg. 7.4).

    ``q`` has shape ``(..., d)``; histories ``(..., m, d)`` with the newest pair last; only the last
    ``newest`` slots are visited (empty slots have ``rho = 0`` and contribute exactly nothing). With
    ``q = -g`` this is the search direction.
    """
    if q.ndim == 1 and q.shape[0] <= _SMALL_D:
        return _two_loop_point(q, s_history, y_history, rho_history, hessian_scale, newest)
    m = s_history.shape[-2]
    slots = range(m - 1, m - 1 - newest, -1)
    alphas = {}
    for i in slots:  # newest to oldest
        alphas[i] = np.asarray(dot(s_history[..., i, :], q) * rho_history[..., i])
        q = q - alphas[i][..., None] * y_history[..., i, :]
    r = q * hessian_scale[..., None]
    for i in reversed(slots):  # oldest to newest
        beta = dot(y_history[..., i, :], r) * rho_history[..., i]
        r = r + np.asarray(alphas[i] - beta)[..., None] * s_history[..., i, :]
    return r


# One point in a few dimensions (every lane of the playground): the recursion in Python floats, about three
# times faster than a hundred tiny NumPy operations per slot, and the same arithmetic in the same order.
_SMALL_D = 8


def _two_loop_point(q, s_history, y_history, rho_history, hessian_scale, newest):
    m = s_history.shape[-2]
    steps = s_history[m - newest :].tolist()
    changes = y_history[m - newest :].tolist()
    rhos = rho_history[m - newest :].tolist()
    q = q.tolist()
    alphas = [0.0] * newest
    for i in range(newest - 1, -1, -1):
        alpha = sum([s * v for s, v in zip(steps[i], q, strict=True)]) * rhos[i]
        alphas[i] = alpha
        q = [v - alpha * y for v, y in zip(q, changes[i], strict=True)]
    scale = float(hessian_scale)
    r = [v * scale for v in q]
    for i in range(newest):
        coefficient = alphas[i] - sum([y * v for y, v in zip(changes[i], r, strict=True)]) * rhos[i]
        r = [v + coefficient * s for v, s in zip(r, steps[i], strict=True)]
    return np.array(r)


def inverse_hessian_diagonal(state) -> np.ndarray:
    """``diag(H_k)`` of the memory in ``state`` (an ``LbfgsState``): one two-loop recursion per axis."""
    with np.errstate(all="ignore"):
        d = state.direction.shape[-1]
        newest = int(state.history_count.max(initial=0))
        history = (state.s_history, state.y_history, state.rho_history, state.hessian_scale, newest)
        if state.direction.ndim == 1 and d <= _SMALL_D:
            return np.array([two_loop(unit, *history)[j] for j, unit in enumerate(np.eye(d))])
        unit = np.broadcast_to(np.eye(d), (*state.direction.shape, d))  # (..., d, d): columns e_j
        columns = two_loop(
            np.moveaxis(unit, -1, -2),  # rows e_j as a batch of "gradients"
            state.s_history[..., None, :, :],
            state.y_history[..., None, :, :],
            state.rho_history[..., None, :],
            state.hessian_scale[..., None],
            newest,
        )
        return np.diagonal(columns, axis1=-2, axis2=-1)


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.ndim == 1 and b.ndim == 1:
        return a @ b
    return np.einsum("...i,...i->...", a, b)


def _push(history: np.ndarray, new: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Append ``new`` as the newest slot (dropping the oldest) at the points where ``where`` holds."""
    if not where.any():
        return history
    shifted = np.concatenate([history[..., 1:, :], new[..., None, :]], axis=-2)
    return np.where(where[..., None, None], shifted, history)
