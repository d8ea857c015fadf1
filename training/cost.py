"""What a training run will cost, in seconds of one core, known from plain values before any step is taken.

One evaluation of the loss and its gradient on ``n`` rows (forward and backward) costs

.. math::

    t_{\\text{eval}}(n) = a + b\\,(L + 1) + n \\bigl(c\\, M + u_f\\, U\\bigr)

for ``L`` hidden layers, ``M`` multiply-adds per row (the weights) and ``U`` hidden units; :math:`u_f` is
the activation's price per unit and row (its function and derivative, and the elementwise work around
them: for a small network the arrays, not the matrix products, set the time). A step costs the
optimizer's own work, :math:`o_0 + o_1 d` for ``d`` parameters, plus its evaluations:

- first-order methods: one;
- L-BFGS: one, plus the strong-Wolfe line search's trials (:data:`LINE_SEARCH_EVALS` on the lab's networks,
  at most ``max_eval - 1``); its two-loop recursion reads ``history_size`` pairs of length ``d``;
- Newton: one, plus the Hessian's :math:`2d` gradients (central differences) and its eigendecomposition
  (:math:`d^3`);
- Muon: one; its Newton-Schulz iterations on every weight matrix scale with ``ns_steps``.

Batch normalisation adds, per evaluation, :data:`NORM_LAYER_SECONDS` per hidden layer and
:data:`NORM_UNIT_SECONDS` per hidden unit and row (its statistics, normalisation and backward pass).
Mini-batches draw their rows from the whole training set, and dropout draws a mask per unit and row.
The lab also traces the curves at every step (:class:`training.run.Trace`: two forward passes over the
training and validation points), :data:`TRACE_SECONDS` plus :data:`TRACE_EVALS` evaluations of those rows
per traced step. Independent of the steps: the checkpoints (about :data:`CHECKPOINT_EVALS` evaluations over
the training, validation and grid points each) and the page's figures. The factors were measured on the 2-core
build machine by ``benchmarks/budget.py``, which prints predicted against measured seconds.
"""

from __future__ import annotations

import itertools

import datasets
import nets
import optimizers
from nets.mlp import Architecture
from nets.objective import MAX_HESSIAN_SIZE

from .run import TRACE_POINTS, checkpoint_steps

# ---- factors measured by benchmarks/budget.py --networks, its lines pasted (2-core build machine, thread
# CPU, one BLAS thread; 2026-12-07 22:25 UTC, load 13; CHECKPOINT_SECONDS, NORM_*, DIAGRAM_* and TRACE_*
# are measured elsewhere, as their comments say) ----
EVAL_SECONDS = 4.7e-05  # a: an evaluation's fixed cost
LAYER_SECONDS = 4.2e-06  # b: per affine layer (forward and backward)
MULTIPLY_ADD_SECONDS = 1.3e-10  # c: per weight and row
UNIT_SECONDS = {  # u_f: per hidden unit and row, by activation
    "sigmoid": 5.2e-09,
    "tanh": 4.2e-09,
    "relu": 2.7e-09,
    "leaky_relu": 8.3e-09,
    "prelu": 8.3e-09,
    "elu": 1.3e-08,
    "selu": 1.3e-08,
    "gelu": 2.7e-08,
    "silu": 9.2e-09,
    "softplus": 1.1e-08,
    "linear": 4e-09,
}
UNKNOWN_UNIT_SECONDS = 5e-08  # an activation not measured yet: priced like the dearest
# (o_0, o_1): an optimizer's own work per step, and per parameter and step
OPTIMIZER_STEP = {
    "sgd": (1.5e-05, 3.9e-08),
    "momentum": (1.8e-05, 3.8e-08),
    "nesterov": (3.6e-05, 4.3e-08),
    "adagrad": (2.1e-05, 7e-08),
    "rmsprop": (3.2e-05, 1.1e-07),
    "adadelta": (1.7e-05, 6.4e-08),
    "adam": (3e-05, 5e-08),
    "adamw": (4.5e-05, 3.3e-08),
    "adamax": (2.8e-05, 3.6e-08),
    "nadam": (3e-05, 3.6e-08),
    "radam": (5.8e-05, 3.1e-08),
    "rprop": (2.1e-05, 3.8e-08),
    "asgd": (1.7e-05, 3.8e-08),
    "adafactor": (3.9e-05, 3.5e-08),
    "lion": (1.4e-05, 3.9e-08),
    "schedule_free_sgd": (3.7e-05, 3.5e-08),
    "schedule_free_adamw": (4.7e-05, 3.3e-08),
    "prodigy": (9.6e-05, 3.6e-08),
    "newton": (0.0013, 0),
    "lbfgs": (9.4e-05, 5.8e-07),
    "muon": (0.00023, 1.5e-07),
}
UNKNOWN_OPTIMIZER_STEP = (2e-04, 1.1e-06)  # an optimizer not measured yet: priced like a slow one
LBFGS_HISTORY = 100  # the history size OPTIMIZER_STEP["lbfgs"] was measured at
MUON_NS_STEPS = 5  # the Newton-Schulz steps OPTIMIZER_STEP["muon"] was measured at
LINE_SEARCH_EVALS = 2.1  # strong-Wolfe evaluations per L-BFGS step beyond its own, on the lab's networks
EIGH_SECONDS = 2.7e-10  # per d^3 of Newton's eigendecomposition
BATCH_SECONDS = (1.9e-05, 0)  # drawing a mini-batch: fixed, per training point
DROPOUT_SECONDS = 6.7e-09  # per hidden unit and row
# batch normalisation, per evaluation: measured 0.19-1.3 ms per step more on 2 x 8 to 6 x 32 networks with
# 280-1,400 rows (load 13); these predict 0.7-1.5x of that extra time
NORM_LAYER_SECONDS = 6e-05
NORM_UNIT_SECONDS = 1.5e-08
CHECKPOINT_SECONDS = 2e-04
CHECKPOINT_EVALS = 0.97  # a checkpoint costs this many evaluations over training, validation and grid points
FIGURE_SECONDS = 0.036  # a configuration's figures
# a traced step (training/run.py's Trace), measured on 2 x 8 and 6 x 32 networks with 280-1,400 rows
# (load 5): 0.36-1.8 ms; these predict 0.75-1.1x of it
# the network diagram (training/diagram.py) per checkpoint: 1 ms on the default 2 x 8 network (load 10)
# re-measured 2026-12-07 22:45 UTC (load 5-10, after the training speed-up): the diagrams of a 2 x 8 run's
# 101 checkpoints 0.028-0.030 s in all, a traced step 0.97-1.18e-4 s (the 2 x 8 network, 400 and 280 + 120
# rows); the fixed parts below were 2.5 and 3 times those
DIAGRAM_SECONDS = 1.8e-04
DIAGRAM_EVALS = 1.0  # evaluations over the training points and the diagram's 400 plane points
TRACE_SECONDS = 6e-05
TRACE_EVALS = 0.55


def _architecture(spec, data) -> Architecture:
    output = nets.losses.output_dim(spec.loss, data.task, data.n_classes)
    norm = getattr(spec, "norm", "none")
    return Architecture(
        data.input_dim, spec.hidden, output, spec.activation, dict(spec.activation_params), norm
    )


def eval_seconds(architecture: Architecture, rows: int) -> float:
    """Seconds of one loss-and-gradient evaluation of ``architecture`` on ``rows`` rows."""
    widths = (architecture.input_dim, *architecture.hidden, architecture.output_dim)
    multiply_adds = sum(a * b for a, b in itertools.pairwise(widths))
    per_unit = UNIT_SECONDS.get(architecture.activation, UNKNOWN_UNIT_SECONDS)
    per_row = MULTIPLY_ADD_SECONDS * multiply_adds + per_unit * sum(architecture.hidden)
    seconds = EVAL_SECONDS + LAYER_SECONDS * len(architecture.layers) + rows * per_row
    if architecture.norm == "batch":
        seconds += NORM_LAYER_SECONDS * len(architecture.hidden)
        seconds += NORM_UNIT_SECONDS * rows * sum(architecture.hidden)
    return seconds


def _optimizer_seconds(name: str, hyperparams: dict, size: int) -> float:
    base, per_parameter = OPTIMIZER_STEP.get(name, UNKNOWN_OPTIMIZER_STEP)
    if name == "lbfgs":
        per_parameter *= int(hyperparams.get("history_size", LBFGS_HISTORY)) / LBFGS_HISTORY
    if name == "muon":
        per_parameter *= max(int(hyperparams.get("ns_steps", MUON_NS_STEPS)), 1) / MUON_NS_STEPS
    return base + per_parameter * size


def evaluations(name: str, hyperparams: dict, size: int) -> float:
    """Loss-and-gradient evaluations of one step of optimizer ``name`` on ``size`` parameters."""
    if name == "newton" and size <= MAX_HESSIAN_SIZE:  # above it the first step says the Hessian is too large
        return 1.0 + 2.0 * size  # the gradient, and the Hessian's central differences
    if name == "lbfgs" and hyperparams.get("line_search_fn") == "strong_wolfe":
        max_eval = int(hyperparams.get("max_eval", 25))
        return 1.0 + min(max(max_eval - 1, 0), LINE_SEARCH_EVALS)
    return 1.0


def _copies(spec) -> int:
    """How many times the training set is there: itself and its augmented copies (``datasets.augment``)."""
    return 1 + (int(spec.augment_copies) if getattr(spec, "augment", "none") != "none" else 0)


def step_seconds(spec, optimizer: str, hyperparams: dict, batch_size: int = 0) -> float:
    """Seconds of one training step of ``spec`` (a :class:`training.NetworkSpec`) with ``optimizer``; an
    augmented training set is priced at its size with the copies."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    architecture = _architecture(spec, data)
    n_train = len(data.train_inputs) * _copies(spec)
    rows = batch_size if 0 < batch_size < n_train else n_train
    seconds = _optimizer_seconds(optimizer, hyperparams, architecture.size)
    seconds += evaluations(optimizer, hyperparams, architecture.size) * eval_seconds(architecture, rows)
    if optimizer == "newton" and architecture.size <= MAX_HESSIAN_SIZE:
        seconds += EIGH_SECONDS * architecture.size**3
    if rows < n_train:
        seconds += BATCH_SECONDS[0] + BATCH_SECONDS[1] * n_train
    if spec.dropout > 0:
        seconds += DROPOUT_SECONDS * rows * sum(spec.hidden)
    return seconds


def trace_seconds(spec, steps: int, points: int = TRACE_POINTS) -> float:
    """Seconds of the curves of a ``steps``-step run traced at about ``points`` steps (every step up to
    ``points`` steps), priced with the checkpoints rather than per step, at ``min(steps, points) + 1``
    traced steps: a run of more steps traces no more than that (a stride of 2 traces 1,001 steps about
    501 times), so the price never falls with the steps and a run cut to fewer steps is never priced above
    the full run."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    rows = len(data.train_inputs) * _copies(spec) + len(data.validation_inputs)
    traced = TRACE_SECONDS + TRACE_EVALS * eval_seconds(_architecture(spec, data), rows)
    return traced * (min(int(steps), int(points)) + 1)


def diagram_seconds(spec, steps: int, checkpoints=50) -> float:
    """Seconds of the network diagram of a run (:func:`training.diagram.diagram`): its forward passes over
    the training points and the plane at every checkpoint."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    rows = len(data.train_inputs) * _copies(spec) + 400
    per_checkpoint = DIAGRAM_SECONDS + DIAGRAM_EVALS * eval_seconds(_architecture(spec, data), rows)
    return len(checkpoint_steps(steps, checkpoints)) * per_checkpoint


def fixed_seconds(spec, steps: int, checkpoints=50, grid: int = 40) -> float:
    """Seconds of a run that do not grow with its steps: the checkpoints' instruments and the figures."""
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    architecture = _architecture(spec, data)
    rows = len(data.train_inputs) * _copies(spec) + len(data.validation_inputs) + grid * grid
    count = len(checkpoint_steps(steps, checkpoints))
    per_checkpoint = CHECKPOINT_SECONDS + CHECKPOINT_EVALS * eval_seconds(architecture, rows)
    return count * per_checkpoint + FIGURE_SECONDS


def estimated_seconds(
    spec, steps: int, batch_size: int = 0, checkpoints=50, grid: int = 40, *, optimizer=None
) -> float:
    """Predicted seconds of ``training.train(spec, optimizer, steps, batch_size, ...)`` and its figures;
    ``optimizer`` is a bound optimizer (``optimizers.get(...)``), ``None`` for SGD."""
    optimizer = optimizer if optimizer is not None else optimizers.get("sgd")
    per_step = step_seconds(spec, optimizer.name, dict(optimizer.hyperparams), batch_size)
    return steps * per_step + fixed_seconds(spec, steps, checkpoints, grid)
