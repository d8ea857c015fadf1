"""Write tests/fixtures/golden/batchnorm.json: MLPs with BatchNorm1d before each activation, in float64.

Development only (needs torch): ``<a venv with torch 2.13>/bin/python tools/make_golden_batchnorm.py``. Each
case builds ``nn.Sequential(Linear, BatchNorm1d, <activation>, ..., Linear)`` with torch's default
initialisation (seeded), moves the normalisations' gamma and beta off their identity start (so that the test
sees them used), and records:

- the flat parameters (``parameters_to_vector``: our layout), inputs and targets;
- training mode: the outputs, the loss and the flat gradient;
- evaluation mode with made-up running statistics: the outputs and the gradient;
- a short SGD run on fixed mini-batches (``torch.optim.SGD``, lr 0.1): the running mean and variance of every
  layer after every step, and the final parameters.

``tests/nets/test_batchnorm.py`` replays all of it without torch.
"""

from __future__ import annotations

import itertools
import json
import pathlib

import torch
from torch import nn

from tools.make_golden_nets import ACTIVATIONS, loss_value

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden" / "batchnorm.json"
torch.set_default_dtype(torch.float64)
STEPS, BATCH, LR = 6, 5, 0.1


def build(seed, activation, widths):
    torch.manual_seed(seed)
    layers = []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(widths)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(widths) - 2:
            norm = nn.BatchNorm1d(fan_out)
            with torch.no_grad():
                norm.weight.uniform_(0.5, 1.5)
                norm.bias.uniform_(-0.5, 0.5)
            layers += [norm, ACTIVATIONS[activation]()]
    return nn.Sequential(*layers)


def targets_for(loss, n, output_dim):
    if loss == "binary_cross_entropy":
        targets = torch.randint(0, 2, (n,)).to(torch.float64)
        return targets, [int(t) for t in targets.tolist()]
    if loss == "mse" and output_dim == 1:
        targets = torch.randn(n)
        return targets, targets.tolist()
    targets = torch.randint(0, output_dim, (n,))
    return targets, targets.tolist()


def gradient(model, loss, inputs, targets):
    model.zero_grad()
    outputs = model(inputs)
    value = loss_value(loss, outputs, targets)
    value.backward()
    grad = nn.utils.parameters_to_vector([p.grad for p in model.parameters()])
    return outputs.detach().tolist(), float(value.detach()), grad.tolist()


def norms_of(model):
    return [m for m in model if isinstance(m, nn.BatchNorm1d)]


def case(seed, activation, widths, loss, n=12):
    model = build(seed, activation, widths)
    inputs = torch.randn(n, widths[0]) * 1.5 + 0.7  # off-centre, so that the normalisation matters
    targets, stored = targets_for(loss, n, widths[-1])
    params = nn.utils.parameters_to_vector(model.parameters()).tolist()
    model.train()
    train_outputs, train_value, train_grad = gradient(model, loss, inputs, targets)
    running = []
    for norm in norms_of(model):
        with torch.no_grad():
            norm.running_mean.normal_(0.0, 0.5)
            norm.running_var.uniform_(0.5, 2.0)
        running.append({"mean": norm.running_mean.tolist(), "var": norm.running_var.tolist()})
    model.eval()
    eval_outputs, eval_value, eval_grad = gradient(model, loss, inputs, targets)
    # a fresh copy of the model for the SGD run, its running statistics at torch's start (0, 1)
    model = build(seed, activation, widths).train()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    batches = [torch.randperm(n)[:BATCH].tolist() for _ in range(STEPS)]
    history = []
    for batch in batches:
        optimizer.zero_grad()
        loss_value(loss, model(inputs[batch]), targets[batch]).backward()
        optimizer.step()
        history.append(
            [{"mean": m.running_mean.tolist(), "var": m.running_var.tolist()} for m in norms_of(model)]
        )
    return {
        "activation": activation[0],
        "widths": list(widths),
        "loss": loss,
        "params": params,
        "inputs": inputs.tolist(),
        "targets": stored,
        "train": {"outputs": train_outputs, "value": train_value, "grad": train_grad},
        "running": running,
        "eval": {"outputs": eval_outputs, "value": eval_value, "grad": eval_grad},
        "sgd": {
            "lr": LR,
            "batches": batches,
            "running": history,
            "params": nn.utils.parameters_to_vector(model.parameters()).tolist(),
        },
    }


def main():
    cases = [
        case(0, ("relu", ()), (3, 6, 5, 3), "softmax_cross_entropy"),
        case(1, ("tanh", ()), (2, 8, 8, 1), "binary_cross_entropy"),
        case(2, ("prelu", ()), (2, 5, 4, 1), "mse"),
        case(3, ("gelu", ()), (4, 7, 3), "softmax_cross_entropy", n=9),
        case(4, ("sigmoid", ()), (2, 6, 6, 6, 2), "mse"),
    ]
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
    print(f"wrote {OUT} ({len(cases)} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
