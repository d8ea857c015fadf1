"""Write tests/fixtures/golden/muon.json: torch.optim.Muon on the weight matrices of small MLPs and
torch.optim.AdamW on the rest, float64, step for step.

Development only: ``/work/refvenv/bin/python tools/make_golden_muon.py``. Each case builds the network of
``tools/make_golden_nets.py`` (torch's seeded default initialisation, fixed inputs and targets, full batch),
gives torch.optim.Muon the chosen weight matrices and torch.optim.AdamW every other parameter, and records
the flat parameters (``parameters_to_vector``: our layout) after every step. torch 2.13 runs Muon's
Newton-Schulz iteration in bfloat16 whatever the dtype (``grad.bfloat16()`` in
``_zeropower_via_newtonschulz``); the cases marked ``"bfloat16": false`` switch that cast off for the run
(``Tensor.bfloat16`` returns a float64 copy), so they compare the algorithm at float64 precision; the one
case with the cast on records how far torch's own bfloat16 steps are from it.
``tests/optimizers/test_muon.py`` replays them without torch.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import pathlib
import sys

import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.make_golden_nets import ACTIVATIONS, loss_value  # noqa: E402  (the parity-tested networks)

OUT = ROOT / "tests" / "fixtures" / "golden" / "muon.json"

# (seed, activation, widths, loss, steps, our hyperparameters, bfloat16 cast as torch does it)
CASES = [
    (0, "tanh", (2, 8, 8, 1), "mse", 15, {"lr": 0.02}, False),
    (
        1,
        "relu",
        (3, 6, 4, 2),
        "softmax_cross_entropy",
        12,
        {
            "lr": 0.05,
            "momentum": 0.9,
            "nesterov": False,
            "weight_decay": 0.0,
            "ns_steps": 3,
            "adjust_lr_fn": "match_rms_adamw",
            "adamw_lr": 1e-3,
        },
        False,
    ),
    (
        2,
        "tanh",
        (2, 5, 7, 1),
        "mse",
        12,
        {"lr": 0.02, "matrices": "hidden", "adjust_lr_fn": "original", "adamw_lr": 1e-2, "eps": 1e-5},
        False,
    ),
    (0, "tanh", (2, 8, 8, 1), "mse", 5, {"lr": 0.02}, True),
]
OURS = {  # our defaults, which the torch calls below spell out
    "lr": 1e-3,
    "weight_decay": 0.1,
    "momentum": 0.95,
    "nesterov": True,
    "ns_steps": 5,
    "adjust_lr_fn": None,
    "eps": 1e-7,
    "matrices": "all",
    "adamw_lr": 3e-4,
    "adamw_weight_decay": 0.01,
}


@contextlib.contextmanager
def float64_newton_schulz():
    """``Tensor.bfloat16`` returns a float64 copy for the duration (Muon's cast, switched off)."""
    original = torch.Tensor.bfloat16
    torch.Tensor.bfloat16 = lambda self, *args, **kwargs: self.clone()
    try:
        yield
    finally:
        torch.Tensor.bfloat16 = original


def run_case(seed, activation, widths, loss, steps, hyperparams, bfloat16, n=16):
    settings = {**OURS, **hyperparams}
    torch.manual_seed(seed)
    layers = []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(widths)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(widths) - 2:
            layers.append(ACTIVATIONS[(activation, ())]())
    model = nn.Sequential(*layers)
    inputs = torch.randn(n, widths[0]) * 1.5
    targets = torch.randn(n) if loss == "mse" else torch.randint(0, widths[-1], (n,))
    linears = [m for m in model if isinstance(m, nn.Linear)]
    chosen = linears if settings["matrices"] == "all" else linears[1:-1]
    muon_params = [m.weight for m in chosen]
    other = [p for p in model.parameters() if all(p is not w for w in muon_params)]
    muon = torch.optim.Muon(
        muon_params,
        lr=settings["lr"],
        weight_decay=settings["weight_decay"],
        momentum=settings["momentum"],
        nesterov=settings["nesterov"],
        eps=settings["eps"],
        ns_steps=settings["ns_steps"],
        adjust_lr_fn=settings["adjust_lr_fn"],
    )
    adamw = torch.optim.AdamW(other, lr=settings["adamw_lr"], weight_decay=settings["adamw_weight_decay"])
    start = nn.utils.parameters_to_vector(model.parameters()).tolist()
    positions = [start]
    cast = contextlib.nullcontext() if bfloat16 else float64_newton_schulz()
    with cast:
        for _ in range(steps):
            muon.zero_grad()
            adamw.zero_grad()
            loss_value(loss, model(inputs), targets).backward()
            muon.step()
            adamw.step()
            positions.append(nn.utils.parameters_to_vector(model.parameters()).detach().tolist())
    return {
        "activation": activation,
        "widths": list(widths),
        "loss": loss,
        "inputs": inputs.tolist(),
        "targets": targets.tolist(),
        "hyperparams": hyperparams,
        "bfloat16": bfloat16,
        "steps": steps,
        "positions": positions,
        "final_momentum": [muon.state[w]["momentum_buffer"].flatten().tolist() for w in muon_params],
    }


def main() -> None:
    torch.set_default_dtype(torch.float64)
    defaults = torch.optim.Muon.__init__.__defaults__  # lr .. ns_steps, adjust_lr_fn: ours, written out
    assert defaults == (1e-3, 0.1, 0.95, True, (3.4445, -4.7750, 2.0315), 1e-7, 5, None), defaults
    cases = [run_case(*case) for case in CASES]
    OUT.write_text(json.dumps({"torch": torch.__version__, "dtype": "float64", "cases": cases}) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
