""" "Copy as PyTorch": one lab configuration written out as a self-contained script (torch and numpy only).

The script rebuilds the run the lab trains: the training points as the network sees them (extra features,
preprocessing and augmented copies applied, embedded as numbers), ``nn.Sequential(Linear, [BatchNorm1d],
<activation>, [Dropout], ..., Linear)`` loaded with the lab's initial parameters (``vector_to_parameters``:
the lab's flat vector is torch's layout), the optimizer under its ``torch.optim`` name with the lab's
settings, the schedule as its ``torch.optim.lr_scheduler`` class, stepped after the optimizer, L2 and L1 as
the lab's penalty :math:`\\frac{\\lambda_2}{2} \\sum W^2 + \\lambda_1 \\sum |W|` over the weight matrices,
and the lab's mini-batches (``numpy.random.default_rng((seed, step)).choice(n, batch, replace=False)``, the
same draw). It prints ``step,train_loss`` at the steps of the lab's curve (every step of a run of up to
:data:`training.run.TRACE_POINTS` steps, else every ``stride``-th and the last, :class:`training.run.Trace`):
the data loss over the whole training set in evaluation mode (batch normalisation's running statistics, no
dropout), penalty excluded. Without dropout the printed curve is the lab's to rounding (tests/training/
test_torch_script.py compares stored outputs of torch runs, tools/make_golden_torch_scripts.py); with dropout
torch draws its own masks, which the script says in a comment.

A setting torch cannot reproduce (an optimizer ``torch.optim`` lacks, L-BFGS's closure, plain dropout)
raises :class:`UnsupportedError` with a sentence saying why; nothing returns a script that trains differently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

import optimizers
from optimizers import schedules

from . import build, lab
from .run import TRACE_POINTS, trace_stride

__all__ = ["TORCH_OPTIMIZERS", "UnsupportedError", "digest", "script"]

# the lab's optimizer -> (torch.optim class, settings it always writes)
TORCH_OPTIMIZERS = {
    "sgd": ("SGD", ()),
    "momentum": ("SGD", ("momentum",)),
    "nesterov": ("SGD", ("momentum",)),
    "adagrad": ("Adagrad", ()),
    "rmsprop": ("RMSprop", ()),
    "adadelta": ("Adadelta", ()),
    "adam": ("Adam", ()),
    "adamw": ("AdamW", ()),
    "adamax": ("Adamax", ()),
    "nadam": ("NAdam", ()),
    "radam": ("RAdam", ()),
    "rprop": ("Rprop", ()),
    "asgd": ("ASGD", ()),
}
_WHY_NOT = {
    "lbfgs": "torch.optim.LBFGS evaluates a closure as often as its own line search wants, so its steps are "
    "not the lab's",
    "newton": "torch.optim has no Newton's method",
    "adafactor": "torch.optim.Adafactor factors the second moment of every weight matrix into row and column "
    "statistics, while the lab's Adafactor steps the flat parameter vector (one vector, unfactored)",
    "muon": "torch.optim.Muon runs its Newton-Schulz iteration in bfloat16 whatever the dtype, the lab's "
    "Muon in float64, so the two runs part after a few steps",
}
# the lab's schedule -> torch.optim.lr_scheduler's class and its keyword for each of the lab's parameters
TORCH_SCHEDULES = {
    "step": ("StepLR", {"step_size": "step_size", "gamma": "gamma"}),
    "exponential": ("ExponentialLR", {"gamma": "gamma"}),
    "cosine": ("CosineAnnealingLR", {"T_max": "T_max", "eta_min": "eta_min"}),
    "warmup": ("LinearLR", {"start_factor": "start_factor", "warmup_steps": "total_iters"}),
    "one_cycle": (
        "OneCycleLR",
        {
            "total_steps": "total_steps",
            "pct_start": "pct_start",
            "div_factor": "div_factor",
            "final_div_factor": "final_div_factor",
        },
    ),
}
ACTIVATIONS = {
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "prelu": "PReLU",
    "elu": "ELU",
    "selu": "SELU",
    "gelu": "GELU",
    "silu": "SiLU",
    "softplus": "Softplus",
    "linear": "Identity",
}
BOUND = 1e6  # training.train's divergence bound, which the lab uses


class UnsupportedError(ValueError):
    """A setting that no torch script reproduces; the message says which and why."""


def digest(text: str) -> str:
    """The script's SHA-256 (what the golden fixtures store beside its output)."""
    return hashlib.sha256(text.encode()).hexdigest()


def _number(value) -> str:
    return repr(float(value))


def _literal(value) -> str:
    """Python source for a setting: floats as their exact repr, tuples of them, flags, None."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, float | np.floating):
        return _number(value)
    return repr(value)


def _rows(name: str, values: Sequence[str], width: int = 100) -> str:
    """``NAME = [...]`` with the values wrapped to ``width`` characters."""
    lines, line = [], "    "
    for value in values:
        piece = value + ", "
        if len(line) + len(piece) > width and line.strip():
            lines.append(line.rstrip())
            line = "    "
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return f"{name} = [\n" + "\n".join(lines) + "\n]\n"


def _check(state: lab.LabState, index: int) -> None:
    config = state.configs[index]
    spec = lab.network_spec(state, index)
    if config.optimizer not in TORCH_OPTIMIZERS:
        title = optimizers.spec(config.optimizer).title
        why = _WHY_NOT.get(config.optimizer, f"torch.optim has no {title}")
        raise UnsupportedError(
            f"No PyTorch script for {title}: {why}. Scripts cover {', '.join(sorted(TORCH_OPTIMIZERS))}."
        )
    if spec.dropout > 0 and spec.dropout_mode != "inverted":
        raise UnsupportedError(
            f"No PyTorch script for {spec.dropout_mode} dropout: torch.nn.Dropout is inverted dropout "
            "(times 1/keep while training); choose dropout scaling 'inverted'."
        )


def _optimizer_line(config: lab.Config) -> str:
    """``optimizer = torch.optim.NAME(model.parameters(), ...)``: lr and every setting off torch's default."""
    torch_name, always = TORCH_OPTIMIZERS[config.optimizer]
    resolved = dict(lab.optimizer_of(config).hyperparams)
    defaults = {p.name: p.default for p in optimizers.spec(config.optimizer).params}
    settings = {
        k: v for k, v in resolved.items() if k == "lr" or k in always or v != defaults.get(k, object())
    }
    if config.optimizer == "nesterov":
        settings["nesterov"] = True
    arguments = "".join(f", {k}={_literal(v)}" for k, v in settings.items())
    return f"optimizer = torch.optim.{torch_name}(model.parameters(){arguments})\n"


def _scheduler_lines(config: lab.Config, steps: int) -> tuple[str, str]:
    """The scheduler's construction and the call after each optimizer step (empty without a schedule)."""
    if lab.schedule_of(config) is None or config.schedule == "constant":
        return "scheduler = None  # constant learning rate\n", ""
    torch_name, keywords = TORCH_SCHEDULES[config.schedule]
    params = dict(schedules.get(config.schedule, **dict(config.schedule_params)).params)
    settings = {keywords[k]: v for k, v in params.items()}
    if config.schedule == "cosine" and not settings["T_max"]:
        settings["T_max"] = steps  # the lab's 0: anneal over the whole run
    if config.schedule == "warmup":
        settings["end_factor"] = 1.0
    call = "    scheduler.step()\n"
    if config.schedule == "one_cycle":
        settings["total_steps"] = settings["total_steps"] or steps
        settings = {"max_lr": float(lab.optimizer_of(config).lr)} | settings
        settings |= {"anneal_strategy": "cos", "cycle_momentum": False}  # the lab cycles the rate only
        # torch refuses to step past total_steps; the lab holds the last rate there
        call = "    if step < {}:\n        scheduler.step()\n".format(settings["total_steps"])
    arguments = "".join(f", {k}={_literal(v)}" for k, v in settings.items())
    return f"scheduler = torch.optim.lr_scheduler.{torch_name}(optimizer{arguments})\n", call


def _model_lines(objective) -> str:
    """``model = nn.Sequential(...)`` in the lab's layer order (torch's parameter order is the lab's)."""
    arch = objective.architecture
    params = dict(arch.activation_params)
    arguments = ", ".join(f"{k}={_literal(v)}" for k, v in params.items())
    activation = f"nn.{ACTIVATIONS[arch.activation]}({arguments})"
    widths = arch.widths
    lines = []
    for layer in range(len(widths) - 1):
        lines.append(f"nn.Linear({widths[layer]}, {widths[layer + 1]})")
        if layer < len(arch.hidden):
            if arch.norm == "batch":
                lines.append(f"nn.BatchNorm1d({widths[layer + 1]})")  # eps 1e-5, momentum 0.1, as the lab's
            lines.append(activation)
            if objective.dropout > 0:
                lines.append(f"nn.Dropout(p={_number(objective.dropout)})")
    return "model = nn.Sequential(\n" + "".join(f"    {line},\n" for line in lines) + ")\n"


_LOSSES = {
    "softmax_cross_entropy": (
        "loss_function = nn.CrossEntropyLoss()\n\n\n"
        "def data_loss(outputs, targets):\n    return loss_function(outputs, targets)\n\n\n"
    ),
    "binary_cross_entropy": (
        "loss_function = nn.BCEWithLogitsLoss()\n\n\n"
        "def data_loss(outputs, targets):\n    return loss_function(outputs[:, 0], targets)\n\n\n"
    ),
    "mse": (
        "loss_function = nn.MSELoss()\n\n\n"
        "def data_loss(outputs, targets):\n    return loss_function(outputs, targets)\n\n\n"
    ),
}


def _targets_line(objective) -> str:
    """How the script turns the embedded targets into the tensor its loss takes."""
    outputs = objective.architecture.output_dim
    if objective.loss == "binary_cross_entropy":
        return "y = torch.tensor(TRAIN_TARGETS, dtype=torch.float64)\n"
    if objective.loss == "mse" and outputs > 1:  # class labels: one-hot, as the lab's mse on labels
        return f"y = nn.functional.one_hot(torch.tensor(TRAIN_TARGETS), {outputs}).to(torch.float64)\n"
    if objective.loss == "mse":
        return "y = torch.tensor(TRAIN_TARGETS, dtype=torch.float64).reshape(-1, 1)\n"
    return "y = torch.tensor(TRAIN_TARGETS, dtype=torch.int64)\n"


_BODY = '''
def penalty():
    """The lab's L2 and L1 over the weight matrices (not the biases): (L2 / 2) sum W^2 + L1 sum |W|."""
    total = 0.0
    if L2:
        total = total + 0.5 * L2 * sum((w * w).sum() for w in weights)
    if L1:
        total = total + L1 * sum(w.abs().sum() for w in weights)
    return total


def rows(step):
    """The lab's mini-batch of `step`: drawn without replacement from numpy's default_rng((SEED, step))."""
    if not 0 < BATCH_SIZE < len(x):
        return slice(None)
    chosen = np.random.default_rng((SEED, step)).choice(len(x), size=BATCH_SIZE, replace=False)
    return torch.from_numpy(chosen)


def train_loss():
    """The data loss over the whole training set in evaluation mode, penalty excluded (the lab's curve)."""
    model.eval()
    with torch.no_grad():
        value = float(data_loss(model(x), y))
    model.train()
    return value


model.train()
print(f"0,{train_loss()!r}")
for step in range(1, STEPS + 1):
    chosen = rows(step)
    optimizer.zero_grad()
    loss = data_loss(model(x[chosen]), y[chosen]) + penalty()
    loss.backward()
    optimizer.step()
{scheduler_step}    if not nn.utils.parameters_to_vector(model.parameters()).abs().max() <= BOUND:
        print(f"# diverged at step {step}: a parameter is not finite or beyond {BOUND:g}, as the lab stops")
        break
    if step % STRIDE == 0 or step == STEPS:
        print(f"{step},{train_loss()!r}")
'''


def script(state: lab.LabState, index: int = 0) -> str:
    """The PyTorch script of configuration ``index`` of ``state`` (see the module docstring);
    :class:`UnsupportedError` says why not."""
    _check(state, index)
    config, spec = state.configs[index], lab.network_spec(state, index)
    _, objective, theta = build(spec, state.batch, state.seed)
    classification = objective.loss != "mse" or objective.architecture.output_dim > 1
    targets = [str(int(t)) if classification else _number(t) for t in objective.targets]
    scheduler, scheduler_step = _scheduler_lines(config, state.steps)
    query = "&".join(f"{k}={v}" for k, v in lab.to_query(state).items())
    head = [
        '"""The network lab\'s run rebuilt in PyTorch (float64); prints `step,train_loss` per checkpoint.',
        "",
        f"Configuration {index + 1} of the lab link below: {len(objective.inputs)} training points as the "
        "network sees them",
        "(features and preprocessing applied), the lab's initial parameters, optimizer, schedule, L2/L1",
        "and mini-batches. The printed loss is the lab's training-loss curve (evaluation mode, no penalty).",
        '"""',
        "",
        "import numpy as np",
        "import torch",
        "from torch import nn",
        "",
        f"LAB_QUERY = {query!r}",
        f"STEPS = {state.steps}",
        f"BATCH_SIZE = {state.batch}  # 0: the whole training set every step",
        f"SEED = {state.seed}  # the lab's seed: mini-batches of step s come from default_rng((SEED, s))",
        f"L2 = {_number(spec.l2)}",
        f"L1 = {_number(spec.l1)}",
        f"BOUND = {_number(BOUND)}  # the lab ends a run whose parameters leave [-BOUND, BOUND]",
        f"STRIDE = {trace_stride(state.steps, TRACE_POINTS)}  # the curve: every STRIDE-th step, the last",
    ]
    if spec.dropout > 0:
        head += [
            "# Dropout: torch draws its own masks (seeded below), not the lab's, so this run follows",
            "# the lab's curve in distribution only; the mini-batches are still the lab's.",
            "DROPOUT_SEED = SEED",
        ]
    parts = [
        "\n".join(head) + "\n",
        _rows("TRAIN_INPUTS", ["[" + ", ".join(map(_number, row)) + "]" for row in objective.inputs]),
        _rows("TRAIN_TARGETS", targets),
        _rows("INITIAL_PARAMETERS", [_number(v) for v in theta]),
        "\ntorch.set_default_dtype(torch.float64)\n",
        "torch.manual_seed(DROPOUT_SEED)\n" if spec.dropout > 0 else "",
        _model_lines(objective),
        "nn.utils.vector_to_parameters(torch.tensor(INITIAL_PARAMETERS), model.parameters())\n",
        "weights = [m.weight for m in model if isinstance(m, nn.Linear)]\n",
        "x = torch.tensor(TRAIN_INPUTS)\n",
        _targets_line(objective),
        _LOSSES[objective.loss],
        _optimizer_line(config),
        scheduler,
        "\n" + _BODY.replace("{scheduler_step}", scheduler_step),
    ]
    return "".join(parts)
