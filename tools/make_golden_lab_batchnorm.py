"""Write tests/fixtures/golden/lab_batchnorm.json: whole Network lab runs with batch normalisation, in torch.

Development only (needs torch): ``/work/torchenv-main/bin/python -m tools.make_golden_lab_batchnorm``. The
torch environment cannot import the app (it lacks autograd), so the tool runs in two halves:

1. the lab's half, ``<the app's python> -m tools.make_golden_lab_batchnorm --lab``, reads each case's lab URL
   (:func:`training.lab.from_query`) and prints, as JSON, what the lab trains on: the training and validation
   inputs and targets after preprocessing, the initial flat parameters, every step's mini-batch rows, the
   optimizer and the checkpoint steps;
2. the torch half builds ``nn.Sequential(Linear, BatchNorm1d, <activation>, ..., Linear)``, loads those
   parameters (``vector_to_parameters``: the lab's layout), and trains in ``train()`` mode step by step
   (``torch.optim`` with the same settings, L2 as ``(l2 / 2) * sum W^2`` over the weight matrices, the lab's
   penalty), recording each step's mini-batch loss; after each checkpoint step it switches to ``eval()`` mode
   (the running statistics) for the training and validation losses and the validation accuracy, and stores
   the running statistics at the end.

``tests/training/test_lab_batchnorm.py`` replays every case through ``training.train`` without torch.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "golden" / "lab_batchnorm.json"
LAB_PYTHON = os.environ.get("LAB_PYTHON", str(ROOT / ".venv" / "bin" / "python"))

# lab URLs (every one with norm=batch) and the checkpoints to compare at
CASES = (
    {
        "query": "data=two_moons&net1=norm=batch&opt1=adam:lr=0.01&steps=200&batch=32&seed=3",
        "checkpoints": 21,
    },
    {
        "query": "data=spirals:n_points=300&net1=hidden_layers=3,width=16,activation=tanh,l2=0.001,norm=batch"
        "&opt1=momentum:lr=0.01&steps=120&seed=1",
        "checkpoints": 13,
    },
    {
        "query": "data=xor&net1=activation=prelu,loss=binary_cross_entropy,norm=batch&opt1=sgd:lr=0.1"
        "&steps=150&batch=16&seed=7",
        "checkpoints": 16,
    },
)


def lab_half() -> dict:
    """What the lab trains on, for every case (runs under the app's python: no torch)."""
    import numpy as np

    import training
    from training import lab

    cases = []
    for case in CASES:
        query = dict(item.split("=", 1) for item in case["query"].split("&"))
        state, notices = lab.from_query(query)
        assert not notices, notices
        spec, config = lab.network_spec(state), state.configs[0]
        data, objective, theta = training.build(spec, state.batch, state.seed)
        batches = []
        for step in range(1, state.steps + 1):
            chosen, masks = objective._draw(step)  # the lab's own rows of this step (no dropout here)
            assert masks is None
            batches.append(list(range(len(objective.inputs))) if chosen is None else chosen.tolist())
        cases.append(
            {
                **case,
                "widths": list(objective.architecture.widths),
                "activation": spec.activation,
                "loss": spec.loss,
                "l2": spec.l2,
                "optimizer": config.optimizer,
                "hyperparams": dict(lab.optimizer_of(config).hyperparams),
                "steps": state.steps,
                "checkpoint_steps": training.checkpoint_steps(state.steps, case["checkpoints"]).tolist(),
                "train_inputs": objective.inputs.tolist(),
                "train_targets": np.asarray(objective.targets).tolist(),
                "validation_inputs": np.asarray(data.validation_inputs).tolist(),
                "validation_targets": np.asarray(data.validation_targets).tolist(),
                "params": theta.tolist(),
                "batches": batches,
            }
        )
    return {"cases": cases}


def _model(case):
    import itertools

    from torch import nn

    from tools.make_golden_nets import ACTIVATIONS

    widths, layers = case["widths"], []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(widths)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(widths) - 2:
            layers += [nn.BatchNorm1d(fan_out), ACTIVATIONS[(case["activation"], ())]()]
    return nn.Sequential(*layers)


def _optimizer(case, params):
    import torch

    settings = dict(case["hyperparams"])
    if case["optimizer"] == "adam":
        settings["betas"] = tuple(settings["betas"])
        return torch.optim.Adam(params, **settings)
    if case["optimizer"] == "momentum":
        return torch.optim.SGD(params, lr=settings["lr"], momentum=settings["momentum"])
    return torch.optim.SGD(params, lr=settings["lr"])


def torch_half(case) -> dict:
    import torch
    from torch import nn

    from tools.make_golden_nets import loss_value

    torch.set_default_dtype(torch.float64)
    model = _model(case)
    nn.utils.vector_to_parameters(torch.tensor(case["params"]), model.parameters())
    binary = case["loss"] == "binary_cross_entropy"
    kind = torch.float64 if binary else torch.int64
    x, y = torch.tensor(case["train_inputs"]), torch.tensor(case["train_targets"], dtype=kind)
    xv, yv = torch.tensor(case["validation_inputs"]), torch.tensor(case["validation_targets"], dtype=kind)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    optimizer = _optimizer(case, model.parameters())

    def penalty():
        return 0.5 * case["l2"] * sum((w * w).sum() for w in weights) if case["l2"] else 0.0

    def evaluate():
        model.eval()
        with torch.no_grad():
            outputs = model(xv)
            if binary:
                accuracy = ((outputs[:, 0] > 0).to(torch.float64) == yv).to(torch.float64).mean()
            else:
                accuracy = (outputs.argmax(dim=1) == yv).to(torch.float64).mean()
            row = [float(loss_value(case["loss"], model(x), y)), float(loss_value(case["loss"], outputs, yv))]
        model.train()
        return [*row, float(accuracy)]

    wanted = set(case["checkpoint_steps"])
    checkpoints = [evaluate()] if 0 in wanted else []
    step_losses = []
    model.train()
    for step, rows in enumerate(case["batches"], start=1):
        optimizer.zero_grad()
        value = loss_value(case["loss"], model(x[rows]), y[rows]) + penalty()
        value.backward()
        optimizer.step()
        step_losses.append(float(value.detach()))
        if step in wanted:
            checkpoints.append(evaluate())
    norms = [m for m in model if isinstance(m, nn.BatchNorm1d)]
    return {
        "query": case["query"],
        "checkpoints": case["checkpoints"],
        "step_losses": step_losses,
        "train_loss": [row[0] for row in checkpoints],
        "validation_loss": [row[1] for row in checkpoints],
        "validation_accuracy": [row[2] for row in checkpoints],
        "running_mean": [m.running_mean.tolist() for m in norms],
        "running_var": [m.running_var.tolist() for m in norms],
        "final_params": nn.utils.parameters_to_vector(model.parameters()).tolist(),
    }


def main() -> None:
    if sys.argv[1:] == ["--lab"]:
        json.dump(lab_half(), sys.stdout)
        return
    import torch

    made = subprocess.run(
        [LAB_PYTHON, "-m", "tools.make_golden_lab_batchnorm", "--lab"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    cases = json.loads(made.stdout)["cases"]
    payload = {"torch": torch.__version__, "cases": [torch_half(case) for case in cases]}
    OUT.write_text(json.dumps(payload) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
