"""L-BFGS: a quasi-Newton method that builds its curvature model from the last ``history_size`` steps.

One :func:`update` is one L-BFGS iteration, so every iteration is a point of the path. It reproduces
``torch.optim.LBFGS(params, lr, max_iter=1, max_eval, tolerance_grad, tolerance_change, history_size,
line_search_fn)`` whose ``step(closure)`` is called once per path point (float64, to rounding); the tests
check this against trajectories recorded from torch.

Iteration :math:`k` with gradient :math:`g_k`:

.. math::

    s_{k-1} = t_{k-1} d_{k-1},\\quad y_{k-1} = g_k - g_{k-1}
        \\quad\\text{(stored only if } y^\\top s > 10^{-10}\\text{, the oldest pair dropped beyond } m)

    \\gamma = \\frac{s_{k-1}^\\top y_{k-1}}{y_{k-1}^\\top y_{k-1}}, \\qquad
    d_k = -H_k g_k \\text{ by the two-loop recursion from } H_k^0 = \\gamma I

    x_{k+1} = x_k + t_k d_k, \\qquad
    t_k = \\begin{cases} \\min(1, 1/\\lVert g_1 \\rVert_1)\\,\\eta & k = 1 \\\\
                         \\eta & \\text{no line search} \\\\
                         \\text{strong-Wolfe line search from } \\eta & \\text{otherwise} \\end{cases}

The first iteration is a plain gradient step (``d_1 = -g_1``), shortened so that it moves at most ``lr``
in L1 norm. Stops, as torch's at the top of an iteration: if :math:`\\max_i |g_i| \\le` ``tolerance_grad``
the point stays put and nothing is recorded; if the directional derivative :math:`g^\\top d >`
``-tolerance_change`` the point stays put, though the iteration counts and the previous step's
curvature pair is stored (torch does the same).
Torch's other two stops (step or loss change below ``tolerance_change``) end the inner loop of a
multi-iteration ``step()`` call and never fire with ``max_iter=1``; they do not exist here either.

The strong-Wolfe line search (``c1 = 1e-4``, ``c2 = 0.9``, cubic interpolation, bracketing then zoom) may
evaluate the objective up to ``max_eval - 1`` times per iteration: torch's per-``step()`` budget
``max_eval`` counts the evaluation at the start of the step. Torch's default ``max_eval`` is
``max_iter * 5 // 4``, which for ``max_iter=1`` is 1 and leaves the line search no evaluation to spend; we
keep torch's default budget for its default ``max_iter=20`` (``max_eval=25``) instead, so pass
``max_eval`` explicitly when comparing with torch.

Batches of points share nothing: the two-loop recursion is vectorized over the batch (histories are
fixed-size arrays, zero-padded at the oldest end, which makes the padding exact no-ops); the line search
runs point by point because its branches differ per point. A single point in a few dimensions runs the
two-loop in Python floats, and iterations stuck at the slope tolerance skip it (it would rebuild the same
direction), so a long run that has converged costs little. In a run with ``stop``, the run loop's objective
asks it before each of the line search's evaluations: a True abandons the iteration (the state is the last
completed one; states are never changed in place).

Example::

    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    path = optimizers.run(opt, surfaces.get("rosenbrock"), start=(-1.5, 2.0), steps=40)

References: Nocedal & Wright, *Numerical Optimization* (2006), algorithms 7.4 (two-loop recursion), 3.5-3.6
(strong-Wolfe line search); torch.optim.LBFGS.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import numpy as np

from paramspec import Param

from .base import OptimizerSpec, UpdateRule, check_lr, lr_param
from .lbfgs_memory import CURVATURE_THRESHOLD, dot, inverse_hessian_diagonal, remember, two_loop
from .line_search import strong_wolfe

__all__ = ["SPEC", "LbfgsState", "lbfgs", "strong_wolfe", "two_loop"]


class LbfgsState(NamedTuple):
    """The state after an iteration; leading dims ``...`` are the batch of points, ``m = history_size``."""

    step: np.ndarray  # (...,) int: iterations taken (torch's n_iter); a tolerance_grad stop does not count
    direction: np.ndarray  # (..., d) d_k = -H_k g_k, the search direction of the last iteration
    step_size: np.ndarray  # (...,) t_k, the step length along d_k (the line search's result, else lr)
    s_history: np.ndarray  # (..., m, d) steps s_i = t_i d_i, oldest first, zero rows before the first
    y_history: np.ndarray  # (..., m, d) gradient changes y_i = g_{i+1} - g_i, aligned with s_history
    rho_history: np.ndarray  # (..., m) rho_i = 1 / (y_i . s_i); 0 in empty slots
    history_count: np.ndarray  # (...,) int: how many (s, y) pairs are stored (at most m)
    hessian_scale: np.ndarray  # (...,) gamma = s.y / y.y of the newest pair: H_k^0 = gamma I
    prev_grad: np.ndarray  # (..., d) g_k, the gradient the last iteration used
    line_search_evals: np.ndarray  # (...,) int: objective evaluations of the last line search
    stopped: np.ndarray  # (...,) bool: the last iteration did not move (a tolerance was met)


class _Stops(NamedTuple):
    """What an iteration reads besides the state: torch's two stopping tolerances and the memory size."""

    tolerance_grad: float
    tolerance_change: float
    history_size: int


def lbfgs(
    *,
    lr: float,
    history_size: int,
    tolerance_grad: float,
    tolerance_change: float,
    line_search_fn: str | None,
    max_eval: int,
) -> UpdateRule:
    """L-BFGS with torch.optim.LBFGS's hyperparameters; see the module docstring for the math.

    Args:
      lr: initial step length of each iteration (the line search's first trial), default 1.
      history_size: number m of (s, y) pairs kept, default 100.
      tolerance_grad: stop when the largest gradient component is at most this, default 1e-7.
      tolerance_change: stop when the directional derivative g.d is above -tolerance_change, default 1e-9.
      line_search_fn: ``None`` (fixed steps) or ``"strong_wolfe"``.
      max_eval: torch's per-step evaluation budget with ``max_iter=1``: the line search may spend
        ``max_eval - 1`` evaluations per iteration, default 25.
    """
    check_lr(lr)
    if not history_size >= 1:
        raise ValueError(f"Invalid history_size value: {history_size}")
    if not tolerance_grad >= 0.0:
        raise ValueError(f"Invalid tolerance_grad value: {tolerance_grad}")
    if not tolerance_change >= 0.0:
        raise ValueError(f"Invalid tolerance_change value: {tolerance_change}")
    if line_search_fn not in (None, "strong_wolfe"):
        raise ValueError(f"only 'strong_wolfe' is supported as line_search_fn, got {line_search_fn!r}")
    if not max_eval >= 1:
        raise ValueError(f"Invalid max_eval value: {max_eval}")
    history_size = int(history_size)
    stops = _Stops(float(tolerance_grad), float(tolerance_change), history_size)
    search = None  # fixed steps; else the line search with torch's budget (see the module docstring)
    if line_search_fn == "strong_wolfe":
        search = functools.partial(
            _line_search, max_evals=int(max_eval) - 1, tolerance_change=stops.tolerance_change
        )

    def init(params) -> LbfgsState:
        params = np.asarray(params, dtype=float)
        batch, d = params.shape[:-1], params.shape[-1]
        return LbfgsState(
            step=np.zeros(batch, dtype=int),
            direction=np.zeros(params.shape),
            step_size=np.zeros(batch),
            s_history=np.zeros((*batch, history_size, d)),
            y_history=np.zeros((*batch, history_size, d)),
            rho_history=np.zeros((*batch, history_size)),
            history_count=np.zeros(batch, dtype=int),
            hessian_scale=np.ones(batch),
            prev_grad=np.zeros(params.shape),
            line_search_evals=np.zeros(batch, dtype=int),
            stopped=np.zeros(batch, dtype=bool),
        )

    def update(grads, state: LbfgsState, params, *, lr: float = lr, objective: Any = None):
        if line_search_fn is not None and not hasattr(objective, "value"):
            raise TypeError("the line search needs the step's objective: update(..., objective=...)")
        with np.errstate(all="ignore"):
            return _iterate(grads, state, params, lr, objective, stops, search)

    def effective_lr(state: LbfgsState, lr: float) -> np.ndarray:
        """``t_k * diag(H_k)``: the step length times the diagonal of the inverse-Hessian model.

        Exact per-axis factor when ``H_k`` is diagonal; in general the off-diagonal terms of ``H_k`` also
        mix the gradient's components (see ``direction``). Costs d two-loop recursions per point.
        """
        model = (state.s_history, state.y_history, state.rho_history, state.hessian_scale)
        cached_model, cached_diagonal = _last_diagonal[0]  # one read of one tuple: safe across threads
        if all(a is b for a, b in zip(cached_model, model, strict=True)):
            return state.step_size[..., None] * cached_diagonal
        diagonal = inverse_hessian_diagonal(state)
        _last_diagonal[0] = (model, diagonal)  # holding the arrays keeps their ids from being reused
        return state.step_size[..., None] * diagonal

    # (model arrays, diag(H)) of the last call: a step stuck at a tolerance reuses the same arrays, so its
    # effective learning rate costs nothing. States are immutable, so the same arrays mean the same model.
    _last_diagonal: list = [((None, None, None, None), None)]

    return UpdateRule(init, update, effective_lr)


def _iterate(grads, state: LbfgsState, params, lr, objective, stops: _Stops, search):
    """One L-BFGS iteration of every point (see the module docstring); ``stops``: its tolerances and memory,
    ``search``: the line search (``None`` for fixed steps)."""
    grads = np.asarray(grads, dtype=float)
    params = np.asarray(params, dtype=float)
    # A point whose gradient is already below tolerance keeps its whole state (torch returns early); a
    # NaN gradient is not below tolerance, so it reaches the path and shows as divergence, as in torch.
    active = ~(np.abs(grads).max(axis=-1) <= stops.tolerance_grad)
    if not active.any():  # every point has converged: nothing moves and nothing is recorded
        evals = np.zeros(active.shape, dtype=int)
        return np.zeros_like(grads), state._replace(line_search_evals=evals, stopped=~active)
    step = state.step + active
    first = active & (step == 1)
    later = active & (step > 1)
    if (later | ~active).all() and (state.stopped | ~active).all():
        same = (grads == state.prev_grad).all(axis=-1)
        if (same | ~active).all():
            # Stuck at the slope tolerance with the same gradient: y = 0 stores nothing, the two-loop
            # would rebuild the same direction and the slope test would stop it again. Skip the work.
            step_size = np.where(active, lr, state.step_size)
            evals = np.zeros(active.shape, dtype=int)
            stopped = np.ones(active.shape, dtype=bool)
            return np.zeros_like(grads), state._replace(
                step=step, step_size=step_size, line_search_evals=evals, stopped=stopped
            )

    y = grads - state.prev_grad
    s = state.direction * state.step_size[..., None]
    ys = dot(y, s)
    accept = later & (ys > CURVATURE_THRESHOLD)
    memory = remember(state, s, y, ys, accept, stops.history_size)
    s_history, y_history, rho_history, history_count, hessian_scale = memory

    newest = int(history_count.max(initial=0))
    direction = two_loop(-grads, s_history, y_history, rho_history, hessian_scale, newest)
    direction = np.where(first[..., None], -grads, direction)
    direction = np.where(active[..., None], direction, state.direction)

    step_size = np.where(first, np.minimum(1.0, 1.0 / np.abs(grads).sum(axis=-1)) * lr, lr)
    step_size = np.where(active, step_size, state.step_size)
    moving = active & ~(dot(grads, direction) > -stops.tolerance_change)
    evals = np.zeros(step.shape, dtype=int)
    if search is not None and moving.any():
        step_size, evals = search(objective, params, grads, direction, step_size, moving)
    updates = np.where(moving[..., None], step_size[..., None] * direction, 0.0)
    new_state = LbfgsState(
        step=step,
        direction=direction,
        step_size=step_size,
        s_history=s_history,
        y_history=y_history,
        rho_history=rho_history,
        history_count=history_count,
        hessian_scale=hessian_scale,
        prev_grad=np.where(active[..., None], grads, state.prev_grad),
        line_search_evals=evals,
        stopped=~moving,
    )
    return updates, new_state


def _line_search(objective, params, grads, direction, step_size, moving, *, max_evals, tolerance_change):
    """The strong-Wolfe step length of every moving point, one point at a time, and the evaluations spent."""
    step_size = step_size.copy()
    evals = np.zeros(step_size.shape, dtype=int)
    loss = np.asarray(objective.value(params), dtype=float) * np.ones(step_size.shape)
    for index in np.ndindex(step_size.shape):
        if not moving[index]:
            continue
        step_size[index], evals[index] = strong_wolfe(
            objective,
            params[index],
            step_size[index],
            direction[index],
            loss[index],
            grads[index],
            max_evals=max_evals,
            tolerance_change=tolerance_change,
        )
    return step_size, evals


SPEC = OptimizerSpec(
    name="lbfgs",
    title="L-BFGS",
    description="Quasi-Newton: a curvature model from the last m steps and gradient changes, "
    "optionally with a strong-Wolfe line search.",
    scalar_only="its line search and its stopping tests decide once per run; sweep one setting at a time",
    latex=r"\begin{aligned} s_{k-1} &= x_k - x_{k-1},\quad y_{k-1} = g_k - g_{k-1} \\ "
    r"d_k &= -H_k g_k \quad (\text{two-loop recursion over the last } m \text{ pairs},\ "
    r"H_k^0 = \tfrac{s^\top y}{y^\top y} I) \\ "
    r"x_{k+1} &= x_k + t_k d_k \end{aligned}",
    params=(
        lr_param(1.0),
        Param(
            "history_size",
            100,
            "int",
            1,
            200,
            label="m",
            help="How many recent (step, gradient change) pairs build the curvature model.",
        ),
        Param(
            "tolerance_grad",
            1e-7,
            low=1e-12,
            high=0.1,
            log=True,
            help="Stop once every gradient component is at most this in absolute value.",
        ),
        Param(
            "tolerance_change",
            1e-9,
            low=1e-15,
            high=1e-3,
            log=True,
            help="Stop once the slope along the search direction is above -tolerance_change.",
        ),
        Param(
            "line_search_fn",
            None,
            "choice",
            choices=(None, "strong_wolfe"),
            label="line search",
            help="None takes steps of length lr; strong_wolfe searches along the direction for a step that "
            "decreases the loss enough and flattens the slope.",
        ),
        Param(
            "max_eval",
            25,
            "int",
            1,
            100,
            help="Evaluation budget per iteration (torch's max_eval with max_iter=1): the line search may "
            "evaluate the loss max_eval - 1 times.",
        ),
    ),
    state_labels={
        "step": r"k",
        "stopped": r"\text{stopped (tolerance reached)}",
        "direction": r"d_k = -H_k g_k",
        "step_size": r"t_k",
        "hessian_scale": r"\gamma_k = \tfrac{s^\top y}{y^\top y}",
        "history_count": r"\text{pairs stored}",
        "line_search_evals": r"\text{line-search evaluations}",
    },
    build=lbfgs,
    order=2,
)
