"""The error function in a handful of NumPy passes (NumPy has none, and SciPy is not a dependency).

On a grid of cells of width :math:`h` over :math:`[-6, 6]`, with :math:`c` the centre of the cell that holds
:math:`x` and :math:`t = x - c`,

.. math::

    \\operatorname{erf}(x) = \\operatorname{erf}(c) + \\frac{2}{\\sqrt\\pi} \\int_c^x e^{-s^2}\\, ds
    \\approx \\operatorname{erf}(c) + \\frac{t}{\\sqrt\\pi}
        \\left(e^{-(c + \\xi_1 t)^2} + e^{-(c + \\xi_2 t)^2}\\right),
    \\qquad \\xi_{1,2} = \\tfrac12 \\mp \\tfrac{1}{2\\sqrt3},

a table of :math:`\\operatorname{erf}(c)` (``math.erf`` at every centre, made once) and two-point
Gauss-Legendre quadrature of the rest. The quadrature's error is
:math:`\\tfrac{t^5}{4320} \\max |f^{(4)}|` with :math:`f = \\tfrac{2}{\\sqrt\\pi} e^{-s^2}` and
:math:`\\max |f^{(4)}| = \\tfrac{24}{\\sqrt\\pi}`, so :math:`|t| \\le h/2 = 2^{-10}` keeps it under
:math:`4 \\times 10^{-18}`: the result agrees with ``math.erf`` to a few units in the last place (tested).
Beyond :math:`|x| = 6`, :math:`1 - \\operatorname{erf}(6) < 2.2 \\times 10^{-17}` rounds to 1.

The cost is one table lookup, two ``exp`` and about twenty arithmetic passes over chunks that stay in a
core's cache (``benchmarks/activations.py`` measures it against ``tanh``), where summing a 60-term Taylor
series and a 60-level continued fraction for every element cost 5-10 times as much.
:func:`normal_cdf` is :math:`\\Phi`, GELU's factor, in the same passes. Autograd differentiates each as one
primitive with its closed-form derivative (:math:`\\tfrac{2}{\\sqrt\\pi} e^{-x^2}` for erf).
"""

from __future__ import annotations

import math

import numpy as np
from autograd.extend import defvjp, primitive

_EDGE = 6.0  # erf(±6) is ±1 in float64
_CELLS_PER_UNIT = 512  # h = 1/512
_WIDTH = 1.0 / _CELLS_PER_UNIT
_CELLS = int(2 * _EDGE * _CELLS_PER_UNIT)
# one more cell past +6, so that x = 6 itself finds a cell (its t is -h/2 and its erf(c) is 1)
_CENTRE_ERF = np.array([math.erf(-_EDGE + (i + 0.5) * _WIDTH) for i in range(_CELLS + 1)])
_NODES = (0.5 - 0.5 / math.sqrt(3.0), 0.5 + 0.5 / math.sqrt(3.0))
_WEIGHT = 1.0 / math.sqrt(math.pi)  # 2/sqrt(pi) times the rule's weight 1/2 on [0, 1]


_CHUNK = 16_384  # elements per pass: five buffers of this size stay in a core's L2 cache


def _erf_chunk(x, out, clipped, centre, t, gauss, index, scale: float = 1.0) -> None:
    """``out[:] = erf(scale x)`` for one chunk, in place in the scratch buffers (all of ``x``'s length)."""
    np.multiply(x, scale, out=clipped)
    np.clip(clipped, -_EDGE, _EDGE, out=clipped)
    np.multiply(clipped, _CELLS_PER_UNIT, out=centre)
    centre += _EDGE * _CELLS_PER_UNIT
    np.floor(centre, out=centre)
    with np.errstate(invalid="ignore"):  # a NaN's cell is meaningless; its t is NaN and so is its erf
        index[...] = centre
    centre *= _WIDTH
    centre += 0.5 * _WIDTH - _EDGE
    np.subtract(clipped, centre, out=t)
    total = out
    for node, buffer in ((_NODES[0], total), (_NODES[1], gauss)):
        np.multiply(t, node, out=buffer)  # e^{-(c + xi t)^2}
        buffer += centre
        buffer *= buffer
        np.negative(buffer, out=buffer)
        np.exp(buffer, out=buffer)
    total += gauss
    total *= t
    total *= _WEIGHT
    _CENTRE_ERF.take(index, mode="clip", out=gauss)
    total += gauss
    np.clip(total, -1.0, 1.0, out=total)


def _erf_values(x, scale: float = 1.0):
    values = np.asarray(x, dtype=float)
    flat = values.reshape(-1)
    out = np.empty_like(flat)
    size = min(flat.size, _CHUNK)
    scratch = [np.empty(size) for _ in range(4)] + [np.empty(size, dtype=np.intp)]
    for start in range(0, flat.size, _CHUNK):
        stop = min(start + _CHUNK, flat.size)
        buffers = (buffer[: stop - start] for buffer in scratch)
        _erf_chunk(flat[start:stop], out[start:stop], *buffers, scale=scale)
    return out.reshape(values.shape) if values.shape else out[0]


@primitive
def _erf(x):
    return _erf_values(x)


defvjp(_erf, lambda ans, x: lambda g: g * (2.0 / math.sqrt(math.pi)) * np.exp(-x * x))


def _normal_cdf_values(x):
    cdf = _erf_values(x, scale=1.0 / math.sqrt(2.0))
    cdf += 1.0
    cdf *= 0.5
    return cdf


@primitive
def _normal_cdf(x):
    return _normal_cdf_values(x)


defvjp(_normal_cdf, lambda ans, x: lambda g: g * np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi))


def normal_cdf(x):
    """:math:`\\Phi(x) = \\tfrac12 \\bigl(1 + \\operatorname{erf}(x / \\sqrt2)\\bigr)`, the standard normal's
    distribution function, in the same passes as :func:`erf`."""
    return _normal_cdf(x)


def erf(x, xp=np):
    """:math:`\\operatorname{erf}(x)` elementwise, to a few units in the last place.

    ``xp`` is accepted for the activations' shared signature; plain NumPy and autograd's boxes both work.
    """
    del xp
    return _erf(x)
