"""Muon: momentum whose update is orthogonalised per weight matrix (torch.optim.Muon), AdamW for the rest.

Muon needs weight matrices. It finds them in the objective it is stepped on (``objective.weight_matrices``:
``(slice, (rows, cols))`` of each matrix in the flat parameter vector, which a network has); the other
coordinates (biases, PReLU slopes) take AdamW steps, as torch's documentation and Keller Jordan advise. On
one 2D point there is no matrix: a 1 x 2 "matrix" orthogonalises to a vector of length about 1 along the
momentum, a Nesterov step of fixed length, which is not what Muon is for; so the 2D picker does not offer it
(``OptimizerSpec.needs_matrices``) and an objective without matrices is refused.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from optimizers import adam, base
from paramspec import Param

# torch 2.13's defaults (torch/optim/_muon.py, from Keller Jordan's Muon)
NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)
NS_STEPS = 5
EPS = 1e-7
ADJUST_LR_FNS = (None, "original", "match_rms_adamw")
MATRICES = ("all", "hidden")


class MuonState(NamedTuple):
    step: int  # t: updates taken so far
    momentum_buffer: np.ndarray  # B_t on the Muon coordinates, zeros elsewhere (torch: momentum_buffer)
    fallback: adam.AdamState  # AdamW's state on the other coordinates (biases), a shorter vector


def muon(
    *,
    lr: float,
    weight_decay: float,
    momentum: float,
    nesterov: bool,
    ns_steps: int,
    adjust_lr_fn: str | None,
    eps: float,
    matrices: str,
    adamw_lr: float,
    adamw_weight_decay: float,
) -> base.UpdateRule:
    r"""Muon on the weight matrices of a network, AdamW on its other parameters.

    For each weight matrix :math:`W` (shape :math:`A \times B`) with gradient :math:`G_t`:

    .. math::
        B_t = \mu B_{t-1} + (1-\mu) G_t, \qquad
        \tilde B_t = (1-\mu) G_t + \mu B_t \ \text{(Nesterov)}, \qquad
        O_t = \mathrm{NS}_k(\tilde B_t / \max(\lVert \tilde B_t \rVert_F, \epsilon)), \\
        W_t = W_{t-1}(1 - \eta\lambda) - \eta\, s(A, B)\, O_t, \qquad
        s = \sqrt{\max(1, A/B)} \ \text{("original")} \ \text{or}\ 0.2\sqrt{\max(A, B)}
        \ \text{("match\_rms\_adamw")}

    where one Newton-Schulz step (on the wide orientation, :math:`X X^\top` the smaller Gram matrix) is
    :math:`X \leftarrow aX + (bXX^\top + c(XX^\top)^2)X` with :math:`(a, b, c) = (3.4445, -4.7750, 2.0315)`.
    It pushes every singular value of :math:`X` towards 1 and keeps the singular vectors (a singular value
    of at least 1/100 of the Frobenius norm ends between 0.68 and 1.13: :func:`singular_value_range`):
    :math:`O_t \approx UV^\top` for :math:`\tilde B_t = USV^\top`. Every direction of the matrix moves by
    about the same amount, however small its share of the gradient.

    Args:
      lr: :math:`\eta` for the matrices (default ``1e-3``; Keller Jordan uses 0.02).
      weight_decay: :math:`\lambda`, decoupled, for the matrices (default 0.1).
      momentum: :math:`\mu` (default 0.95). nesterov: Nesterov's look-ahead (default true).
      ns_steps: Newton-Schulz steps :math:`k` (default 5). adjust_lr_fn: ``None`` (``"original"``) or
        ``"match_rms_adamw"``. eps: the floor of the norm (default ``1e-7``).
      matrices: ``"all"`` weight matrices (torch's example: every 2-D parameter) or only ``"hidden"`` ones
        (between two hidden layers: Keller Jordan leaves the input and output layers to AdamW).
      adamw_lr, adamw_weight_decay: the AdamW fallback for every other coordinate (defaults ``3e-4`` and
        0.01, torch's example), its other settings torch's defaults; a schedule scales both learning rates
        alike.

    The Newton-Schulz coefficients are torch's default ``ns_coefficients``, :data:`NS_COEFFICIENTS`.

    PyTorch:
      ``torch.optim.Muon`` runs Newton-Schulz in bfloat16 whatever the parameters' dtype; this runs it in
      float64. The golden trajectories compare with torch's algorithm in float64 (its bfloat16 cast
      switched off in the fixture tool), and one case with the cast on shows the size of that difference.
    """
    base.check("Learning rate should be >= 0 but is", lr, lambda v: v >= 0.0)
    base.check("momentum should be >= 0 but is", momentum, lambda v: v >= 0.0)
    base.check("weight decay should be >= 0 but is", weight_decay, lambda v: v >= 0.0)
    if adjust_lr_fn not in ADJUST_LR_FNS:
        raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
    if not 0 <= int(ns_steps) < 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if matrices not in MATRICES:
        raise ValueError(f"matrices must be one of {', '.join(MATRICES)}; got {matrices!r}")
    lr, weight_decay, momentum, eps = map(float, (lr, weight_decay, momentum, eps))
    fallback = adam.ADAMW_SPEC.make(lr=adamw_lr, weight_decay=adamw_weight_decay)
    base_lr = lr

    def init(params):
        params = np.asarray(params, dtype=float)
        return MuonState(0, np.zeros_like(params), _Pending(params.shape))

    def update(g, state, params, *, lr=lr, objective=None):
        chosen = _muon_matrices(objective, matrices, params.shape[-1])
        others = _others(chosen, params.shape[-1])
        buffer = state.momentum_buffer.copy()
        updates = np.zeros_like(params)
        for where, shape in chosen:
            grad = g[..., where].reshape(*g.shape[:-1], *shape)
            buf = buffer[..., where].reshape(grad.shape)
            buf = buf + (grad - buf) * (1 - momentum)  # torch: buf.lerp_(grad, 1 - momentum)
            step = grad + (buf - grad) * momentum if nesterov else buf
            ortho = orthogonalise(step, NS_COEFFICIENTS, int(ns_steps), eps)
            w = params[..., where].reshape(grad.shape)
            new_w = w * (1 - lr * weight_decay) - ortho * (lr * _scale(adjust_lr_fn, shape))
            updates[..., where] = (new_w - w).reshape(*g.shape[:-1], -1)
            buffer[..., where] = buf.reshape(*g.shape[:-1], -1)
        rest = state.fallback
        if isinstance(rest, _Pending):
            rest = fallback.init(params[..., others])
        factor = lr / base_lr if base_lr else 1.0  # a schedule scales the fallback's lr alike
        step_updates, rest = fallback.update(
            g[..., others], rest, params[..., others], lr=fallback.lr * factor, objective=objective
        )
        updates[..., others] = step_updates
        return updates, MuonState(state.step + 1, buffer, rest)

    def effective_lr(state, lr):
        return np.zeros_like(state.momentum_buffer) + lr

    return base.UpdateRule(init, update, effective_lr)


class _Pending(NamedTuple):
    """AdamW's state before the first step, when it is not yet known which coordinates are biases."""

    shape: tuple


def orthogonalise(matrix: np.ndarray, coefficients=NS_COEFFICIENTS, steps: int = NS_STEPS, eps: float = EPS):
    """Newton-Schulz's approximate :math:`UV^\\top` of ``matrix`` ``(..., A, B)`` (torch's quintic iteration).

    Scaled to Frobenius norm at most 1 (so the spectral norm is too), then ``steps`` times
    :math:`X \\leftarrow aX + (bG + cG^2)X` with :math:`G = XX^\\top`, on the wide orientation.
    """
    a, b, c = coefficients
    tall = matrix.shape[-2] > matrix.shape[-1]
    x = np.swapaxes(matrix, -1, -2) if tall else matrix
    norm = np.sqrt(np.sum(x * x, axis=(-2, -1), keepdims=True))
    x = x / np.maximum(norm, eps)
    for _ in range(steps):
        gram = x @ np.swapaxes(x, -1, -2)
        x = a * x + (b * gram + c * (gram @ gram)) @ x
    return np.swapaxes(x, -1, -2) if tall else x


def singular_value_range(smallest: float, coefficients=NS_COEFFICIENTS, steps: int = NS_STEPS):
    """Where Newton-Schulz sends the singular values that start in ``[smallest, 1]`` (after the scaling to
    norm 1): ``(low, high)``, read off the scalar polynomial on a fine grid. Nothing is exactly 1: the
    coefficients buy a steep start at 0 (small directions grow fast) with an overshoot near 1."""
    a, b, c = coefficients
    s = np.linspace(smallest, 1.0, 100_001)
    for _ in range(steps):
        s = a * s + (b * s**2 + c * s**4) * s
    return float(s.min()), float(s.max())


_LOW, _HIGH = singular_value_range(0.01)
LAB_NOTE = (
    "Muon orthogonalises the update of each weight matrix: five Newton-Schulz steps replace the momentum "
    "matrix $USV^\\top$ by about $UV^\\top$, so every direction of the matrix moves by about the same "
    f"amount (singular values of at least 1/100 of the norm end between {_LOW:.2f} and {_HIGH:.2f}), "
    "however small its share of the gradient. The biases, and with matrices = hidden the input and output "
    "layers, take AdamW steps instead (adamw_lr), as torch and Keller Jordan advise; on one 2D point Muon "
    "would be a Nesterov step of fixed length, so the Playground does not offer it."
)


def _scale(adjust_lr_fn: str | None, shape: tuple[int, int]) -> float:
    rows, cols = shape
    if adjust_lr_fn in (None, "original"):
        return math.sqrt(max(1.0, rows / cols))
    return 0.2 * math.sqrt(max(rows, cols))


def _muon_matrices(objective, which: str, size: int) -> tuple:
    """The ``(slice, shape)`` of the matrices Muon steps: all of the objective's, or the hidden ones."""
    found = tuple(getattr(objective, "weight_matrices", ()) or ())
    if not found:
        raise ValueError(
            "Muon orthogonalises weight matrices, and this objective has none (a 2D point is one vector, "
            "where Muon would be a fixed-length Nesterov step): train a network with it"
        )
    if which == "hidden":
        found = found[1:-1]
    return found


def _others(chosen: tuple, size: int) -> np.ndarray:
    """Indices of the coordinates outside the chosen matrices (biases, slopes, left-out layers)."""
    mask = np.ones(size, dtype=bool)
    for where, _ in chosen:
        mask[where] = False
    return np.flatnonzero(mask)


SPEC = base.OptimizerSpec(
    name="muon",
    title="Muon (weight matrices; AdamW for biases)",
    description="Momentum whose update of each weight matrix is orthogonalised by Newton-Schulz, so every "
    "direction of the matrix moves by about the same amount; AdamW steps the biases.",
    latex=r"""\begin{aligned}
B_t &= \mu B_{t-1} + (1-\mu)\, G_t, \qquad \tilde B_t = (1-\mu)\, G_t + \mu B_t \\
O_t &= \mathrm{NS}_5\bigl(\tilde B_t / \lVert \tilde B_t \rVert_F\bigr) \approx U V^\top
  \quad (\tilde B_t = U S V^\top) \\
W_t &= W_{t-1}(1 - \eta\lambda) - \eta \sqrt{\max(1, A/B)}\; O_t \qquad \text{(biases: AdamW)}
\end{aligned}""",
    params=(
        base.lr_param(1e-3),
        Param(
            "weight_decay",
            0.1,
            low=0.0,
            high=1.0,
            label=r"\lambda",
            help="Decoupled weight decay of the matrices: they shrink by lr * weight_decay each step.",
        ),
        Param("momentum", 0.95, low=0.0, high=0.999, label=r"\mu", help="Momentum of the matrix updates."),
        Param("nesterov", True, kind="bool", help="Orthogonalise the Nesterov look-ahead of the momentum."),
        Param(
            "ns_steps",
            NS_STEPS,
            kind="int",
            low=0,
            high=20,
            label="k",
            help="Newton-Schulz steps: 0 only normalises the matrix, 5 brings its singular values near 1.",
        ),
        Param(
            "adjust_lr_fn",
            None,
            kind="choice",
            choices=ADJUST_LR_FNS,
            help="Learning-rate factor per matrix shape: none or original sqrt(max(1, rows/cols)), or "
            "match_rms_adamw 0.2 sqrt(max(rows, cols)).",
        ),
        base.eps_param(EPS),
        Param(
            "matrices",
            "all",
            kind="choice",
            choices=MATRICES,
            help="Muon for all weight matrices, or only those between hidden layers (the input and output "
            "layers then take AdamW steps).",
        ),
        Param(
            "adamw_lr",
            3e-4,
            low=1e-6,
            high=1.0,
            log=True,
            help="Learning rate of the AdamW steps of the biases and of the layers Muon leaves out.",
        ),
        Param(
            "adamw_weight_decay",
            0.01,
            low=0.0,
            high=1.0,
            help="Decoupled weight decay of the AdamW part.",
        ),
    ),
    state_labels={"step": "t"},
    build=muon,
    scalar_only="each matrix is orthogonalised as a whole, for one setting at a time",
    needs_matrices="it orthogonalises weight matrices; one 2D point has none",
    on_surface="Not on 2D surfaces: on one point Muon would be a Nesterov step of fixed length. In the "
    "network lab it steps each weight matrix by an orthogonalised momentum, AdamW the biases.",
)
