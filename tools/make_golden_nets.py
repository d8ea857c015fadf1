"""Write tests/fixtures/golden/nets.json: torch.nn forward and backward passes of small MLPs in float64.

Development only (needs torch): ``/work/refvenv/bin/python tools/make_golden_nets.py``. Each network case
builds ``nn.Sequential(Linear, <activation>, Linear, <activation>, Linear)`` with torch's own default
initialisation (seeded), runs a few inputs through it, adds the L2 and L1 penalties over the weights, and
records the flat parameters (``parameters_to_vector``: our layout), the outputs, the loss and the flat
gradient. Dropout cases multiply each hidden activation by a fixed mask divided by the keep probability
(inverted dropout with the mask written down, since torch's random masks cannot be reproduced). Activation
cases record ``f(x)`` and autograd's ``f'(x)`` on a grid that includes kinks and large magnitudes; the gains
are ``torch.nn.init.calculate_gain``'s. ``tests/nets/test_torch_parity.py`` replays all of it without torch.
"""

from __future__ import annotations

import itertools
import json
import pathlib

import torch
from torch import nn

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden" / "nets.json"
torch.set_default_dtype(torch.float64)

# our name, our parameters -> torch module
ACTIVATIONS = {
    ("sigmoid", ()): lambda: nn.Sigmoid(),
    ("tanh", ()): lambda: nn.Tanh(),
    ("relu", ()): lambda: nn.ReLU(),
    ("leaky_relu", ()): lambda: nn.LeakyReLU(),
    ("leaky_relu", (("negative_slope", 0.2),)): lambda: nn.LeakyReLU(0.2),
    ("prelu", ()): lambda: nn.PReLU(),
    ("elu", ()): lambda: nn.ELU(),
    ("elu", (("alpha", 0.7),)): lambda: nn.ELU(alpha=0.7),
    ("selu", ()): lambda: nn.SELU(),
    ("gelu", ()): lambda: nn.GELU(),
    ("silu", ()): lambda: nn.SiLU(),
    ("softplus", ()): lambda: nn.Softplus(),
    ("linear", ()): lambda: nn.Identity(),
}

GRID = [-40.0, -25.0, -20.5, -6.0, -3.0, -2.9, -1.0, -0.3, 0.0, 0.3, 1.0, 2.9, 3.0, 6.0, 19.5, 20.5, 40.0]


def activation_case(name, params, make):
    x = torch.tensor(GRID, requires_grad=True)
    module = make()
    y = module(x)
    (derivative,) = torch.autograd.grad(y.sum(), x)
    return {"name": name, "params": dict(params), "x": GRID, "f": y.tolist(), "df": derivative.tolist()}


def loss_value(loss, outputs, targets):
    if loss == "softmax_cross_entropy":
        return nn.CrossEntropyLoss()(outputs, targets)
    if loss == "binary_cross_entropy":
        return nn.BCEWithLogitsLoss()(outputs[:, 0], targets)
    if targets.dim() == 1 and outputs.shape[1] > 1:  # mse on class labels: one-hot targets
        targets = nn.functional.one_hot(targets, outputs.shape[1]).to(outputs.dtype)
    return nn.MSELoss()(outputs, targets.reshape(outputs.shape))


def network_case(seed, activation, widths, loss, l2=0.0, l1=0.0, dropout=0.0, n=7):
    name, params = activation
    torch.manual_seed(seed)
    layers = []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(widths)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(widths) - 2:
            layers.append(ACTIVATIONS[activation]())
    model = nn.Sequential(*layers)
    inputs = torch.randn(n, widths[0]) * 1.5
    if loss == "mse" and widths[-1] == 1:
        targets = torch.randn(n)
        stored_targets = targets.tolist()
    elif loss == "binary_cross_entropy":
        targets = torch.randint(0, 2, (n,)).to(torch.float64)
        stored_targets = [int(t) for t in targets.tolist()]
    else:
        targets = torch.randint(0, widths[-1], (n,))
        stored_targets = targets.tolist()
    keep = 1.0 - dropout
    masks = [(torch.rand(n, w) < keep).to(torch.float64) for w in widths[1:-1]] if dropout else None
    h, hidden = inputs, 0
    for module in model:
        h = module(h)
        if masks is not None and not isinstance(module, nn.Linear):
            h = h * masks[hidden] / keep
            hidden += 1
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    penalty = 0.5 * l2 * sum((w**2).sum() for w in weights) + l1 * sum(w.abs().sum() for w in weights)
    total = loss_value(loss, h, targets) + penalty
    model.zero_grad()
    total.backward()
    return {
        "activation": name,
        "activation_params": dict(params),
        "widths": list(widths),
        "loss": loss,
        "l2": l2,
        "l1": l1,
        "dropout": dropout,
        "masks": None if masks is None else [m.tolist() for m in masks],
        "params": nn.utils.parameters_to_vector(model.parameters()).tolist(),
        "inputs": inputs.tolist(),
        "targets": stored_targets,
        "outputs": h.tolist(),
        "value": float(total.detach()),
        "grad": nn.utils.parameters_to_vector([p.grad for p in model.parameters()]).tolist(),
    }


def main():
    networks = []
    for seed, activation in enumerate(ACTIVATIONS):
        networks.append(network_case(seed, activation, (3, 5, 4, 3), "softmax_cross_entropy"))
    networks += [
        network_case(20, ("tanh", ()), (2, 6, 1), "binary_cross_entropy"),
        network_case(21, ("relu", ()), (2, 8, 8, 1), "mse"),
        network_case(22, ("sigmoid", ()), (4, 6, 5, 3), "mse"),
        network_case(23, ("elu", ()), (2, 7, 7, 7, 2), "softmax_cross_entropy", l2=0.3, l1=0.05),
        network_case(24, ("prelu", ()), (3, 6, 6, 1), "binary_cross_entropy", l2=0.1),
        network_case(25, ("relu", ()), (2, 9, 9, 3), "softmax_cross_entropy", dropout=0.4),
        network_case(26, ("gelu", ()), (5, 8, 4, 2), "softmax_cross_entropy", dropout=0.25, l1=0.02, n=11),
    ]
    gains = [
        {"nonlinearity": nl, "param": param, "gain": nn.init.calculate_gain(nl, param)}
        for nl, param in (
            ("linear", None),
            ("sigmoid", None),
            ("tanh", None),
            ("relu", None),
            ("leaky_relu", None),
            ("leaky_relu", 0.2),
            ("selu", None),
        )
    ]
    torch.manual_seed(0)
    ones = torch.ones(20000)
    dropped = nn.Dropout(0.3).train()(ones)
    dropout = {
        "p": 0.3,
        "values": sorted({round(v, 12) for v in dropped.tolist()}),
        "mean": float(dropped.mean()),
    }
    activations = [activation_case(name, params, make) for (name, params), make in ACTIVATIONS.items()]
    payload = {
        "torch": torch.__version__,
        "activations": activations,
        "networks": networks,
        "gains": gains,
        "dropout": dropout,
    }
    OUT.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {OUT} ({len(networks)} networks, {len(activations)} activations)")


if __name__ == "__main__":
    main()
