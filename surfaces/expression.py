"""User formulas in ``x`` and ``y``, read safely: ``from_expression("0.5*x**2 + 10*y**2")``.

The text is parsed by Python's :mod:`ast` into a syntax tree (parsing only: nothing is compiled or run), and
the tree is walked with an allow-list: numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **``, unary
``-``/``+``, parentheses and the functions in :data:`FUNCTIONS`. Everything else is rejected with a
``ValueError`` that says what and at which column. The walk builds the function out of ``autograd.numpy``
operations (closures, constants folded), which gives exact gradients and Hessians by automatic
differentiation, and a LaTeX rendering of the same tree (the reader is :mod:`surfaces.formula_reader`;
this module makes the surface: derivatives, minima, starts).

Limits that keep a request cheap: at most :data:`MAX_LENGTH` characters, nesting at most :data:`MAX_DEPTH`
levels (a long sum ``a + b + c + ...`` counts as one level), and exponents that are constants of absolute
value at most :data:`MAX_EXPONENT`. A surface is built once per text and window and then shared (a small
bounded cache): reloading a link with a long formula costs nothing.

Messages speak of the formula, not of Python: ``2x`` gets "write 2*x", ``x y`` "an operator is missing".
"""

from __future__ import annotations

import functools
import math
import threading

import autograd.numpy as anp
import autograd.tracer
import numpy as np
from autograd import elementwise_grad, make_vjp

from .base import Surface, Window, find_minima
from .formula_reader import FUNCTIONS, MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, Node, parse, short, size

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "from_expression", "parse", "size"]

DEFAULT_WINDOW: Window = ((-3.0, 3.0), (-3.0, 3.0))


class _ThreadTraceStack(autograd.tracer.TraceStack):
    """autograd's trace counter, one per thread.

    autograd numbers nested traces (a Hessian is a trace inside a trace) with one process-wide counter that
    each trace raises on entry and lowers on exit. Two threads tracing at once (two app sessions) interleave
    those raises and lowers, and an inner trace can then get the same number as its outer one, which breaks
    the derivative. A trace's boxes never leave the thread that made them, so a counter per thread is exactly
    right and no lock is needed: one session's long formula cannot hold up another's.
    """

    _local = threading.local()

    @property
    def top(self) -> int:
        return getattr(self._local, "top", -1)

    @top.setter
    def top(self, value: int) -> None:
        self._local.top = value


if not isinstance(autograd.tracer.trace_stack, _ThreadTraceStack):
    autograd.tracer.trace_stack = _ThreadTraceStack()


def from_expression(text: str, window: Window | None = None) -> Surface:
    """Parse ``text`` (a formula in ``x`` and ``y``) into a :class:`Surface` named ``custom``.

    Raises ``ValueError`` with a message for the user (what is wrong and at which column) when the text is
    not an allowed formula, and when it is not finite anywhere in the window. Gradient and Hessian come from
    autograd; minima are found numerically (grid search refined by Newton steps, see
    :func:`surfaces.base.find_minima`).
    """
    if not isinstance(text, str):
        raise ValueError(f"the formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:  # before the cache: an absurd text is neither parsed nor kept
        raise ValueError(f"the formula has {len(text):,} characters; at most {MAX_LENGTH} are allowed")
    return _build(text, _check_window(DEFAULT_WINDOW if window is None else window))


@functools.lru_cache(maxsize=32)
def _build(text: str, window: Window) -> Surface:
    """:func:`from_expression` for a checked window, once per (text, window); errors are not cached."""
    body, latex = parse(text)
    value, grad, hessian = _functions(body)

    (x_low, x_high), (y_low, y_high) = window
    grid = np.stack(np.meshgrid(np.linspace(x_low, x_high, 41), np.linspace(y_low, y_high, 41)), axis=-1)
    if not np.isfinite(value(grid)).any():
        raise ValueError(
            f"f(x, y) = {short(text.strip(), 40)} is not a finite number anywhere in the window "
            f"x in [{x_low:g}, {x_high:g}], y in [{y_low:g}, {y_high:g}]"
        )
    minima = find_minima(value, grad, hessian, window, resolution=61, limit=10)
    hessians = hessian(grid[::10, ::10].reshape(-1, 2))
    is_quadratic = bool(np.all(np.isfinite(hessians)) and np.allclose(hessians, hessians[0], rtol=1e-12))
    return Surface(
        name="custom",
        title="Custom f(x, y)",
        description=_one_line(f"Your formula: f(x, y) = {text.strip()}"),
        latex=f"f(x, y) = {latex}",
        params={"expression": text.strip()},
        value=value,
        grad=grad,
        hessian=hessian,
        window=window,
        starts=_starts(value, grad, window, minima),
        minima=minima,
        is_quadratic=is_quadratic,
    )


def _functions(body: Node):
    """``value``, ``grad`` and ``hessian`` over points ``(..., 2)`` for a compiled body."""
    if isinstance(body, float):
        return _constant_functions(body)

    def traced(p):
        return body(p[..., 0], p[..., 1])

    def anchored(p):
        # The zero term keeps the gradient a function of p even when f is linear, so autograd never meets an
        # output that does not depend on its input (it warns then); tanh keeps it finite at any coordinate.
        return traced(p) + 0.0 * anp.tanh(p[..., 0]) * anp.tanh(p[..., 1])

    value_and_vjp = make_vjp(traced)
    gradient = elementwise_grad(anchored)
    rows = [elementwise_grad(lambda p, i=i: gradient(p)[..., i]) for i in range(2)]

    # Where f itself is undefined (log of a negative number, 1/0) autograd would still return the derivative
    # of the formula's analytic continuation; we return NaN there, so an optimizer that walks off the domain
    # shows it instead of marching on.
    def value(p, step=None):
        with np.errstate(all="ignore"):
            return traced(np.asarray(p, dtype=float))

    def grad(p, step=None):
        with np.errstate(all="ignore"):
            vjp, f = value_and_vjp(np.asarray(p, dtype=float))
            return np.where(np.isfinite(f)[..., None], vjp(np.ones(np.shape(f))), np.nan)

    def hessian(p, step=None):
        p = np.asarray(p, dtype=float)
        h = np.empty((*p.shape, 2))
        with np.errstate(all="ignore"):
            h[..., 0, :] = rows[0](p)
            h[..., 1, :] = rows[1](p)
            return np.where(np.isfinite(traced(p))[..., None, None], h, np.nan)

    return value, grad, hessian


def _constant_functions(constant: float):
    """A formula without x and y: flat, with zero gradient and Hessian (no tracing needed)."""

    def value(p, step=None):
        return np.full(np.shape(p)[:-1], constant)

    def grad(p, step=None):
        return np.zeros(np.shape(p))

    def hessian(p, step=None):
        return np.zeros((*np.shape(p), 2))

    return value, grad, hessian


def _check_window(window) -> Window:
    try:
        (x_low, x_high), (y_low, y_high) = window
        bounds = [float(v) for v in (x_low, x_high, y_low, y_high)]
    except (TypeError, ValueError):
        raise ValueError(f"the window must be ((x_min, x_max), (y_min, y_max)), got {window!r}") from None
    x_low, x_high, y_low, y_high = bounds
    if not all(map(math.isfinite, bounds)) or not (x_low < x_high and y_low < y_high):
        raise ValueError(f"the window needs finite bounds with min < max, got {window!r}")
    return (x_low, x_high), (y_low, y_high)


def _starts(value, grad, window: Window, minima: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Up to two starts where value and gradient are finite, away from the minima; (-2.5, 2) by default."""
    (x_low, x_high), (y_low, y_high) = window
    fractions = [(1 / 12, 5 / 6), (11 / 12, 1 / 6), (1 / 12, 1 / 6), (11 / 12, 5 / 6), (0.3, 0.7)]
    candidates = np.array(
        [(x_low + a * (x_high - x_low), y_low + b * (y_high - y_low)) for a, b in fractions]
    )
    usable = np.isfinite(value(candidates)) & np.isfinite(grad(candidates)).all(axis=-1)
    usable &= np.abs(grad(candidates)).max(axis=-1) > 0
    starts = [tuple(map(float, c)) for c in candidates[usable][:2]]
    return tuple(starts) or (((x_low + x_high) / 2, (y_low + y_high) / 2),)


def _one_line(text: str, limit: int = 110) -> str:
    return short(" ".join(text.split()), limit)
