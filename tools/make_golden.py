"""Write tests/fixtures/golden/first_order.json: torch.optim's first-order optimizers in float64.

Development only (needs torch): ``.venv/bin/python tools/make_golden.py``. Each case runs a plain torch
loop (``zero_grad``, loss, ``backward``, ``step``) on a float64 tensor of two parameters, with the surface
written in torch ops below, and records every position and the optimizer's state after the last step (under
our state field names). ``tests/optimizers/test_golden.py`` replays the cases with ``optimizers.trajectory``
and compares, without torch.
"""

from __future__ import annotations

import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "golden" / "first_order.json"

# The surfaces in torch ops, as the textbook writes them (autograd gives the gradients).
SURFACES = {
    "ravine": lambda p, condition_number=10.0: 0.5 * (p[0] ** 2 + condition_number * p[1] ** 2),
    "rosenbrock": lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    "beale": lambda p: (
        (1.5 - p[0] + p[0] * p[1]) ** 2
        + (2.25 - p[0] + p[0] * p[1] ** 2) ** 2
        + (2.625 - p[0] + p[0] * p[1] ** 3) ** 2
    ),
    "saddle": lambda p: p[0] ** 2 - p[1] ** 2 + 0.25 * p[1] ** 4,  # the default, bounded variant
}

# Our registry name -> torch class and the keyword arguments our convenience entries fix.
TORCH = {
    "sgd": (torch.optim.SGD, {}),
    "momentum": (torch.optim.SGD, {"momentum": 0.9}),
    "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    "adagrad": (torch.optim.Adagrad, {}),
    "rmsprop": (torch.optim.RMSprop, {}),
    "adadelta": (torch.optim.Adadelta, {}),
    "adam": (torch.optim.Adam, {}),
    "adamw": (torch.optim.AdamW, {}),
    "adamax": (torch.optim.Adamax, {}),
    "nadam": (torch.optim.NAdam, {}),
    "radam": (torch.optim.RAdam, {}),
}

# torch state key -> our state field
STATE_FIELDS = {
    "momentum_buffer": "velocity",
    "sum": "squared_grad_cache",
    "square_avg": "squared_grad_avg",
    "grad_avg": "grad_avg",
    "acc_delta": "squared_update_avg",
    "exp_avg": "first_moment",
    "exp_avg_sq": "second_moment",
    "max_exp_avg_sq": "max_second_moment",
    "exp_inf": "infinity_norm",
    "mu_product": "mu_product",
    "step": "step",
}
# torch's RMSprop keeps its buffer under "momentum_buffer" too, and Adadelta's square_avg is E[g^2]
ROSEN, RAVINE, BEALE, SADDLE = ("rosenbrock", {}), ("ravine", {}), ("beale", {}), ("saddle", {})
STEEP_RAVINE = ("ravine", {"condition_number": 50.0})

# (optimizer, hyperparameters, (surface, surface params), start, steps)
CASES = [
    ("sgd", {"lr": 0.05}, RAVINE, (-8.0, 2.0), 100),
    ("sgd", {"lr": 1e-3}, ROSEN, (-1.5, 2.0), 200),
    (
        "sgd",
        {"lr": 0.01, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.05},
        STEEP_RAVINE,
        (-3.0, 3.5),
        150,
    ),
    ("sgd", {"lr": 5e-4, "momentum": 0.8, "nesterov": True}, ROSEN, (-1.2, 1.0), 200),
    ("sgd", {"lr": 1e-3, "maximize": True, "momentum": 0.5}, RAVINE, (1.0, -0.5), 60),
    ("sgd", {"lr": 0.02, "weight_decay": 0.1}, SADDLE, (-2.5, 0.01), 150),
    ("momentum", {"lr": 0.01}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("momentum", {"lr": 5e-4, "dampening": 0.1}, ROSEN, (-1.5, 2.0), 200),
    ("nesterov", {"lr": 0.02}, RAVINE, (-3.0, 3.5), 120),
    ("nesterov", {"lr": 2e-4, "weight_decay": 0.01}, ROSEN, (1.5, -0.5), 200),
    ("adagrad", {"lr": 0.5}, RAVINE, (-8.0, 2.0), 100),
    ("adagrad", {"lr": 0.1}, ROSEN, (-1.5, 2.0), 200),
    (
        "adagrad",
        {"lr": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.5, "weight_decay": 0.01, "eps": 1e-8},
        BEALE,
        (1.0, 1.5),
        150,
    ),
    ("adagrad", {"lr": 0.05, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("rmsprop", {"lr": 0.01}, ROSEN, (-1.5, 2.0), 200),
    ("rmsprop", {"lr": 0.01, "centered": True}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.9, "alpha": 0.9, "weight_decay": 0.01}, ROSEN, (-1.2, 1.0), 200),
    ("rmsprop", {"lr": 5e-3, "momentum": 0.5, "centered": True, "eps": 1e-6}, SADDLE, (-2.5, 0.01), 150),
    ("rmsprop", {"lr": 1e-3, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("adadelta", {}, RAVINE, (-8.0, 2.0), 150),
    ("adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.1}, ROSEN, (-1.5, 2.0), 200),
    ("adadelta", {"lr": 2.0, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("adam", {"lr": 0.02}, ROSEN, (-1.5, 2.0), 200),
    ("adam", {"lr": 0.05, "amsgrad": True}, BEALE, (1.0, 1.5), 150),
    ("adam", {"lr": 0.05, "weight_decay": 0.1}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, SADDLE, (-2.5, 0.01), 150),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6}, ROSEN, (-1.2, 1.0), 200),
    ("adam", {"lr": 1e-3, "maximize": True, "amsgrad": True}, RAVINE, (1.0, -0.5), 50),
    ("adamw", {"lr": 0.05}, RAVINE, (-8.0, 2.0), 120),
    ("adamw", {"lr": 0.02, "weight_decay": 0.5, "amsgrad": True}, ROSEN, (-1.5, 2.0), 200),
    ("adamax", {"lr": 0.02}, ROSEN, (-1.5, 2.0), 200),
    ("adamax", {"lr": 0.1, "betas": (0.8, 0.99), "weight_decay": 0.05}, BEALE, (1.0, 1.5), 150),
    ("adamax", {"lr": 0.01, "maximize": True}, RAVINE, (1.0, -0.5), 50),
    ("nadam", {"lr": 0.02}, ROSEN, (-1.5, 2.0), 200),
    ("nadam", {"lr": 0.05, "momentum_decay": 0.01}, STEEP_RAVINE, (-8.0, 2.0), 150),
    ("nadam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, SADDLE, (-2.5, 0.01), 150),
    ("nadam", {"lr": 0.05, "weight_decay": 0.1}, RAVINE, (-3.0, 3.5), 120),
    ("radam", {"lr": 2e-3}, ROSEN, (-1.2, 1.0), 200),
    ("radam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, RAVINE, (-8.0, 2.0), 150),
    ("radam", {"lr": 0.01, "weight_decay": 0.05, "betas": (0.85, 0.995)}, BEALE, (1.0, 1.5), 150),
    ("radam", {"lr": 0.01, "maximize": True}, RAVINE, (1.0, -0.5), 50),
]


# A coupled quadratic in five dimensions, 1/2 x^T A x - b^T x, for the "any d" cases (A is symmetric positive
# definite with condition number about 30; both are stored in the fixture for the test to rebuild).
QUADRATIC_A = [
    [4.0, 1.0, 0.0, 0.5, 0.0],
    [1.0, 3.0, 0.5, 0.0, 0.0],
    [0.0, 0.5, 2.0, 0.0, 0.3],
    [0.5, 0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.3, 0.0, 0.15],
]
QUADRATIC_B = [1.0, -2.0, 0.5, 0.0, 3.0]
QUADRATIC_START = (2.0, -1.0, 0.5, 3.0, -2.0)
ND_CASES = [
    ("sgd", {"lr": 0.1, "momentum": 0.5, "nesterov": True}, 80),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.01}, 80),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.3}, 80),
    ("adadelta", {"lr": 1.0, "weight_decay": 0.01}, 80),
    ("adam", {"lr": 0.05, "amsgrad": True}, 80),
    ("adamw", {"lr": 0.05, "weight_decay": 0.1}, 80),
    ("adamax", {"lr": 0.05}, 80),
    ("nadam", {"lr": 0.05}, 80),
    ("radam", {"lr": 0.05}, 80),
]


def quadratic(p):
    A, b = torch.tensor(QUADRATIC_A), torch.tensor(QUADRATIC_B)
    return 0.5 * p @ A @ p - b @ p


def run_case(name, hyperparams, surface, start, steps):
    surface_name, surface_params = surface
    loss_fn = quadratic if surface_name == "quadratic5" else SURFACES[surface_name]
    cls, fixed = TORCH[name]
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = cls([p], **fixed, **hyperparams, foreach=False)
    positions = [p.detach().tolist()]
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(p, **surface_params)
        loss.backward()
        opt.step()
        positions.append(p.detach().tolist())
    state = {}
    for key, value in opt.state[p].items():
        if key in STATE_FIELDS:
            state[STATE_FIELDS[key]] = value.tolist() if isinstance(value, torch.Tensor) else value
    return positions, state


def record_cases(case_table, run_case):
    """Run each ``(optimizer, hyperparams, (surface, params), start, steps)`` row with ``run_case`` and return
    the fixture records. Before running, checks that the torch formula of the surface is the app's surface
    (one probe point), and after, that the path stayed finite and bounded."""
    import surfaces  # after sys.path: checks that the torch formulas above are the app's surfaces

    records = []
    for name, hyperparams, surface, start, steps in case_table:
        check = surfaces.get(surface[0], **surface[1])
        probe = torch.tensor([0.3, -0.7])
        assert (
            abs(float(SURFACES[surface[0]](probe, **surface[1])) - float(check.value(probe.numpy()))) < 1e-12
        )
        positions, state = run_case(name, hyperparams, surface, start, steps)
        flat = torch.tensor(positions)
        assert torch.isfinite(flat).all() and flat.abs().max() < 1e6, (name, hyperparams, surface)
        records.append(
            {
                "optimizer": name,
                "hyperparams": {k: list(v) if isinstance(v, tuple) else v for k, v in hyperparams.items()},
                "surface": surface[0],
                "surface_params": surface[1],
                "start": list(start),
                "steps": steps,
                "positions": positions,
                "final_state": state,
            }
        )
    return records


def main() -> None:
    torch.set_default_dtype(torch.float64)  # torch keeps scalar state (step, mu_product) in the default dtype
    sys.path.insert(0, str(ROOT))
    cases = record_cases(CASES, run_case)
    nd_cases = []
    for name, hyperparams, steps in ND_CASES:
        positions, state = run_case(name, hyperparams, ("quadratic5", {}), QUADRATIC_START, steps)
        nd_cases.append(
            {
                "optimizer": name,
                "hyperparams": hyperparams,
                "steps": steps,
                "positions": positions,
                "final_state": state,
            }
        )
    quadratic5 = {"A": QUADRATIC_A, "b": QUADRATIC_B, "start": list(QUADRATIC_START), "cases": nd_cases}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"torch": torch.__version__, "dtype": "float64", "cases": cases, "quadratic5": quadratic5}
    OUT.write_text(json.dumps(document) + "\n")
    size = OUT.stat().st_size / 1024
    print(f"wrote {len(cases)} + {len(nd_cases)} cases to {OUT.relative_to(ROOT)} ({size:.0f} KB)")


if __name__ == "__main__":
    main()
