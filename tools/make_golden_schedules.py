"""Write tests/fixtures/golden/schedules.json: learning-rate sequences from torch.optim.lr_scheduler.

Development only (needs torch): ``.venv/bin/python tools/make_golden_schedules.py``. Each case records the
learning rate torch uses at steps 1..steps (read before ``optimizer.step(); scheduler.step()``), so the test
compares ``schedule(base_lr, step, total_steps=steps)`` with entry ``step - 1``.
"""

from __future__ import annotations

import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden" / "schedules.json"

# (our name, our params, torch class, torch kwargs, base lr, steps)
CASES = [
    ("constant", {}, None, {}, 0.05, 40),
    ("step", {}, "StepLR", {"step_size": 30}, 0.1, 100),
    ("step", {"step_size": 7, "gamma": 0.5}, "StepLR", {"step_size": 7, "gamma": 0.5}, 0.3, 60),
    ("exponential", {}, "ExponentialLR", {"gamma": 0.99}, 0.1, 200),
    ("exponential", {"gamma": 0.9}, "ExponentialLR", {"gamma": 0.9}, 2.0, 80),
    ("cosine", {"T_max": 50}, "CosineAnnealingLR", {"T_max": 50}, 0.1, 160),
    (
        "cosine",
        {"T_max": 40, "eta_min": 0.001},
        "CosineAnnealingLR",
        {"T_max": 40, "eta_min": 0.001},
        0.02,
        100,
    ),
    ("cosine", {}, "CosineAnnealingLR", {"T_max": 120}, 0.5, 120),
    ("warmup", {}, "LinearLR", {"start_factor": 1.0 / 3.0, "total_iters": 5}, 0.1, 30),
    (
        "warmup",
        {"start_factor": 0.01, "warmup_steps": 37},
        "LinearLR",
        {"start_factor": 0.01, "end_factor": 1.0, "total_iters": 37},
        0.7,
        90,
    ),
    ("one_cycle", {}, "OneCycleLR", {"total_steps": 200}, 0.1, 200),
    (
        "one_cycle",
        {"total_steps": 150, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0},
        "OneCycleLR",
        {"total_steps": 150, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0},
        0.02,
        150,
    ),
    ("one_cycle", {"pct_start": 0.5}, "OneCycleLR", {"total_steps": 57, "pct_start": 0.5}, 1.0, 57),
]


def torch_lrs(cls_name: str | None, kwargs: dict, base_lr: float, steps: int) -> list[float]:
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    if cls_name == "OneCycleLR":
        # max_lr is the base lr; momentum cycling off: we do not cycle momentum (documented difference)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=base_lr, cycle_momentum=False, anneal_strategy="cos", **kwargs
        )
    elif cls_name is not None:
        scheduler = getattr(torch.optim.lr_scheduler, cls_name)(optimizer, **kwargs)
    lrs = []
    for _ in range(steps):
        lrs.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        if cls_name is not None and len(lrs) < steps:  # OneCycleLR refuses to step past total_steps
            scheduler.step()
    return lrs


def main() -> None:
    cases = [
        {
            "schedule": name,
            "params": params,
            "torch": cls_name or "constant",
            "torch_kwargs": kwargs,
            "base_lr": base_lr,
            "steps": steps,
            "lrs": torch_lrs(cls_name, kwargs, base_lr, steps),
        }
        for name, params, cls_name, kwargs, base_lr, steps in CASES
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {"generator": "tools/make_golden_schedules.py", "torch": torch.__version__, "cases": cases},
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
