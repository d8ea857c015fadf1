"""Write tests/fixtures/golden/more_optimizers.json: Rprop, ASGD, Adafactor (torch.optim), Lion
(lion-pytorch), Schedule-Free SGD and AdamW (schedulefree) and Prodigy (prodigyopt), all in float64.

Development only, with the reference interpreter that has torch and the three packages:
``/work/refvenv/bin/python tools/make_golden_more.py``. Each case is a plain loop (``zero_grad``, loss,
``backward``, ``step``) on one float64 tensor of two parameters, with the surfaces of
``tools/make_golden.py``; it records every position and the state after the last step under our field names.
``tests/optimizers/test_golden_more.py`` replays the cases without torch.
"""

from __future__ import annotations

import json
import pathlib
import sys
from importlib import metadata

import lion_pytorch
import prodigyopt
import schedulefree
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.make_golden import SURFACES, record_cases  # noqa: E402  (the torch formulas of the first-order fixtures)

OUT = ROOT / "tests" / "fixtures" / "golden" / "more_optimizers.json"
EPS_FLOAT64 = float(torch.finfo(torch.float64).eps)

REFERENCE = {
    "rprop": torch.optim.Rprop,
    "asgd": torch.optim.ASGD,
    "adafactor": torch.optim.Adafactor,
    "lion": lion_pytorch.Lion,
    "schedule_free_sgd": schedulefree.SGDScheduleFree,
    "schedule_free_adamw": schedulefree.AdamWScheduleFree,
    "prodigy": prodigyopt.Prodigy,
}
# reference state key (per parameter) -> our state field
STATE_FIELDS = {
    "step": "step",
    "prev": "previous_grad",
    "step_size": "step_size",
    "eta": "eta",
    "mu": "mu",
    "ax": "average",
    "variance": "variance",
    "exp_avg": "first_moment",
    "exp_avg_sq": "second_moment",
    "z": "base_point",
    "s": "weighted_grad_sum",
    "p0": "start",
}
# reference group key -> our state field, for the optimizers that keep run-wide scalars in the group
GROUP_FIELDS = {
    "d": "lr_estimate",
    "d_numerator": "numerator",
    "d_max": "largest_estimate",
    "lr_max": "lr_max",
    "weight_sum": "weight_sum",
}
RENAMED_STATE = {"lion": {"exp_avg": "momentum"}}

ROSEN, RAVINE, BEALE, SADDLE = ("rosenbrock", {}), ("ravine", {}), ("beale", {}), ("saddle", {})
STEEP_RAVINE = ("ravine", {"condition_number": 50.0})

CASES = [
    ("rprop", {}, ROSEN, (-1.5, 2.0), 200),
    ("rprop", {"lr": 0.1, "etas": (0.3, 1.5), "step_sizes": (1e-4, 0.5)}, BEALE, (1.0, 1.5), 150),
    ("rprop", {"lr": 0.05}, SADDLE, (-2.5, 0.01), 120),
    ("rprop", {"lr": 0.01, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("asgd", {"lr": 0.02}, STEEP_RAVINE, (-3.0, 3.5), 150),
    ("asgd", {"lr": 1e-3, "lambd": 1e-2, "alpha": 0.5, "t0": 20.0}, ROSEN, (-1.5, 2.0), 200),
    ("asgd", {"lr": 0.02, "t0": 0.0, "weight_decay": 0.1}, SADDLE, (-2.5, 0.01), 150),
    ("asgd", {"lr": 0.01, "maximize": True, "t0": 10.0}, RAVINE, (1.0, -0.5), 50),
    ("adafactor", {}, ROSEN, (-1.2, 1.0), 200),
    ("adafactor", {"lr": 0.1, "beta2_decay": -0.5, "d": 2.0, "eps": (1e-30, 1e-2)}, BEALE, (1.0, 1.5), 150),
    ("adafactor", {"lr": 0.05, "weight_decay": 0.1}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("adafactor", {"lr": 0.02}, SADDLE, (-2.5, 0.01), 150),
    ("adafactor", {"lr": 0.01, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("lion", {"lr": 0.01}, ROSEN, (-1.5, 2.0), 200),
    ("lion", {"lr": 0.05, "betas": (0.8, 0.95)}, BEALE, (1.0, 1.5), 150),
    ("lion", {"lr": 0.05, "weight_decay": 0.1}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("lion", {"lr": 0.01, "weight_decay": 0.5, "decoupled_weight_decay": True}, SADDLE, (-2.5, 0.01), 150),
    ("schedule_free_sgd", {"lr": 1e-3}, ROSEN, (-1.5, 2.0), 200),
    ("schedule_free_sgd", {"lr": 0.1, "momentum": 0.5}, RAVINE, (-8.0, 2.0), 150),
    (
        "schedule_free_sgd",
        {"lr": 0.05, "warmup_steps": 20, "r": 1.0, "weight_lr_power": 1.0},
        SADDLE,
        (-2.5, 0.01),
        150,
    ),
    ("schedule_free_sgd", {"lr": 0.01, "weight_decay": 0.05}, BEALE, (1.0, 1.5), 150),
    ("schedule_free_adamw", {"lr": 0.05}, ROSEN, (-1.5, 2.0), 200),
    (
        "schedule_free_adamw",
        {"lr": 0.1, "warmup_steps": 10, "betas": (0.8, 0.99), "weight_decay": 0.1},
        STEEP_RAVINE,
        (-8.0, 2.0),
        150,
    ),
    ("schedule_free_adamw", {"lr": 0.05, "r": 0.5, "eps": 1e-6}, BEALE, (1.0, 1.5), 150),
    ("prodigy", {}, ROSEN, (-1.5, 2.0), 200),
    ("prodigy", {"use_bias_correction": True, "d_coef": 0.5}, BEALE, (1.0, 1.5), 150),
    ("prodigy", {"weight_decay": 0.1, "decouple": False}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("prodigy", {"weight_decay": 0.1, "d0": 1e-4}, RAVINE, (-3.0, 3.5), 150),
    ("prodigy", {"betas": (0.0, 0.99), "safeguard_warmup": True}, SADDLE, (-2.5, 0.01), 150),
    ("prodigy", {"beta3": 0.9, "growth_rate": 1.02}, ROSEN, (-1.5, 2.0), 200),
    ("prodigy", {"growth_rate": 1.5, "d_coef": 2.0}, BEALE, (1.0, 1.5), 150),
    ("prodigy", {"beta3": 0.99, "d0": 1e-3, "growth_rate": 1.1}, STEEP_RAVINE, (-8.0, 2.0), 150),
]


def _reference_kwargs(name, hyperparams):
    kwargs = dict(hyperparams)
    if name == "adafactor" and "eps" in kwargs and kwargs["eps"][0] == EPS_FLOAT64:
        kwargs["eps"] = (None, kwargs["eps"][1])
    return kwargs


def _plain(value):
    if isinstance(value, torch.Tensor):
        return value.tolist()
    return float(value)


def run_case(name, hyperparams, surface, start, steps):
    surface_name, surface_params = surface
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = REFERENCE[name]([p], **_reference_kwargs(name, hyperparams))
    if hasattr(opt, "train"):
        opt.train()  # schedulefree: the parameters hold y, where gradients are taken
    positions = [p.detach().tolist()]
    for _ in range(steps):
        opt.zero_grad()
        SURFACES[surface_name](p, **surface_params).backward()
        opt.step()
        positions.append(p.detach().tolist())
    renamed = {**STATE_FIELDS, **RENAMED_STATE.get(name, {})}
    state = {renamed[k]: _plain(v) for k, v in opt.state[p].items() if k in renamed}
    group = opt.param_groups[0]
    if name == "prodigy" or name.startswith("schedule_free"):  # Adafactor's group "d" is its clip threshold
        state.update({field: _plain(group[key]) for key, field in GROUP_FIELDS.items() if key in group})
    if hasattr(opt, "eval"):
        opt.eval()  # the averaged point x, read once at the end so that the recorded path is untouched
        state["averaged_point"] = p.detach().tolist()
    if name in ("schedule_free_sgd", "schedule_free_adamw"):
        state["step"] = float(group["k"])
    if name == "prodigy":
        state["step"] = float(group["k"])
    return positions, state


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = record_cases(CASES, run_case)
    versions = {
        package: metadata.version(package)
        for package in ("torch", "lion-pytorch", "schedulefree", "prodigyopt")
    }
    OUT.write_text(json.dumps({"references": versions, "dtype": "float64", "cases": cases}) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
