"""The strong-Wolfe line search of L-BFGS (torch.optim.lbfgs's ``_strong_wolfe``, branch by branch).

Along a descent direction :math:`d` from :math:`x` it looks for a step length :math:`t` with

.. math::

    f(x + t d) \\le f(x) + c_1 t\\, g^\\top d, \\qquad |\\nabla f(x + t d)^\\top d| \\le -c_2\\, g^\\top d

(sufficient decrease and a flattened slope), by bracketing and then zooming with cubic interpolation.
One point at a time: its branches differ per point. Reference: Nocedal & Wright, *Numerical Optimization*
(2006), algorithms 3.5-3.6.

A search can spend up to ``max_evals`` evaluations (0.2-0.3 s on a 500-character formula): in a run the
loop hands it an objective that asks the run's ``stop`` before each evaluation (``optimizers.loop``), so a
search can give way to other visitors or end the run part-way; the search itself is unchanged.
"""

from __future__ import annotations

import numpy as np

WOLFE_C1 = 1e-4  # sufficient decrease (Armijo)
WOLFE_C2 = 0.9  # curvature condition


def strong_wolfe(
    objective,
    x: np.ndarray,
    t: float,
    d: np.ndarray,
    f: float,
    g: np.ndarray,
    *,
    max_evals: int = 25,
    tolerance_change: float = 1e-9,
    c1: float = WOLFE_C1,
    c2: float = WOLFE_C2,
) -> tuple[float, int]:
    """Step length along ``d`` from ``x`` satisfying the strong Wolfe conditions, and the evaluations spent.

    .. math::

        f(x + t d) \\le f(x) + c_1 t\\, g^\\top d, \\qquad |\\nabla f(x + t d)^\\top d| \\le -c_2\\, g^\\top d

    Bracketing phase: try ``t``, extrapolate by cubic interpolation (within ``[t + 0.01 (t - t_prev), 10 t]``)
    until an interval holds an acceptable point; zoom phase: shrink it by cubic interpolation, moving trials
    that land within 10% of an end back inside. Follows torch.optim.lbfgs's ``_strong_wolfe`` branch by branch
    (same budget: at most ``max_evals`` evaluations). A single point: ``x``, ``d``, ``g`` of shape ``(d,)``.
    """
    f = np.float64(f)
    gtd = g @ d

    def phi(step):
        """The loss and the slope along ``d`` at ``x + step d`` (one evaluation)."""
        point = x + step * d
        return np.float64(objective.value(point)), np.asarray(objective.grad(point), dtype=float) @ d

    tests = (f, gtd, c1, c2)
    bracket, bracket_f, bracket_gtd, done, iterations, evals = _bracket(phi, tests, np.float64(t), max_evals)
    low = 0 if bracket_f[0] <= bracket_f[-1] else 1
    if done or iterations >= max_evals:
        return float(bracket[low]), evals
    zoomed, spent = _zoom(
        phi,
        tests,
        (bracket, bracket_f, bracket_gtd),
        max_evals - iterations,
        np.abs(d).max(),
        tolerance_change,
    )
    return zoomed, evals + spent


def _bracket(phi, tests, t, max_evals):
    """Bracketing phase: try ``t``, extrapolate until an interval holds an acceptable point.

    Returns ``(bracket, bracket_f, bracket_gtd, done, iterations, evals)``; ``done`` when ``t`` itself
    satisfies both conditions (then the bracket is that one point).
    """
    f, gtd, c1, c2 = tests
    f_new, gtd_new = phi(t)
    evals = 1
    t_prev, f_prev, gtd_prev = np.float64(0.0), f, gtd
    iterations = 0
    while iterations < max_evals:
        if f_new > f + c1 * t * gtd or (iterations > 1 and f_new >= f_prev):
            return [t_prev, t], [f_prev, f_new], [gtd_prev, gtd_new], False, iterations, evals
        if abs(gtd_new) <= -c2 * gtd:
            return [t], [f_new], None, True, iterations, evals
        if gtd_new >= 0:
            return [t_prev, t], [f_prev, f_new], [gtd_prev, gtd_new], False, iterations, evals
        # extrapolate: the minimum of the cubic through both ends, kept ahead of t and within 10 t
        lower, upper = t + 0.01 * (t - t_prev), t * 10
        t_prev, t = t, _cubic_minimum(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(lower, upper))
        f_prev, gtd_prev = f_new, gtd_new
        f_new, gtd_new = phi(t)
        evals += 1
        iterations += 1
    return [np.float64(0.0), t], [f, f_new], None, False, iterations, evals


def _zoom(phi, tests, brackets, budget, d_norm, tolerance_change):
    """Zoom phase: shrink the bracket by cubic interpolation until a trial satisfies both conditions, the
    bracket is shorter than ``tolerance_change`` along ``d`` or ``budget`` evaluations are spent.

    Returns the step length at the low end of the bracket and the evaluations spent.
    """
    f, gtd, c1, c2 = tests
    bracket, bracket_f, bracket_gtd = brackets
    insufficient_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    evals = 0
    while evals < budget:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_minimum(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        t, insufficient_progress = _away_from_the_ends(t, bracket, insufficient_progress)
        f_new, gtd_new = phi(t)
        evals += 1
        if f_new > f + c1 * t * gtd or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high], bracket_gtd[high] = t, f_new, gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            done = abs(gtd_new) <= -c2 * gtd
            if not done and gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high], bracket_gtd[high] = (
                    bracket[low],
                    bracket_f[low],
                    bracket_gtd[low],
                )
            bracket[low], bracket_f[low], bracket_gtd[low] = t, f_new, gtd_new
            if done:
                break
    return float(bracket[low]), evals


def _away_from_the_ends(t, bracket, insufficient_progress):
    """A trial hugging an end of the bracket makes little progress: the second time in a row (or when it is
    at or beyond the end) move it a tenth of the bracket inside. Returns the trial and the new flag."""
    margin = 0.1 * (max(bracket) - min(bracket))
    if min(max(bracket) - t, t - min(bracket)) >= margin:
        return t, False
    if insufficient_progress or t >= max(bracket) or t <= min(bracket):
        t = max(bracket) - margin if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + margin
        return t, False
    return t, True


def _cubic_minimum(x1, f1, g1, x2, f2, g2, bounds=None):
    """Minimizer of the cubic matching values and slopes at ``x1`` and ``x2``, clipped to ``bounds``.

    ``bounds`` defaults to the interval between the two points; without a real minimizer (negative
    discriminant) the midpoint of ``bounds``.
    """
    low, high = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = np.sqrt(d2_square)
        if x1 <= x2:
            minimum = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            minimum = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(minimum, low), high)
    return (low + high) / 2.0
