"""Write tests/fixtures/golden/lbfgs.json: L-BFGS paths recorded from torch.optim.LBFGS in float64.

Development only (needs torch): ``.venv/bin/python tools/make_golden_lbfgs.py``.

Each case records ``path``: the start, then the point after each of ``steps`` calls of
``LBFGS(max_iter=1, max_eval=...).step(closure)`` (one iteration per path point, which is what
``optimizers.get("lbfgs")`` does per update). Cases without a line search also record ``inner_path``: the
iterates of ONE ``step()`` call with ``max_iter=steps`` (read at each closure call, plus the final point),
which stops early where torch's tolerance checks end its loop. The test checks that both agree with ours, so
the "one update = one inner iteration" equivalence is verified against torch too.
"""

from __future__ import annotations

import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden" / "lbfgs.json"


# Torch versions of the surfaces (same formulas as surfaces/: rosenbrock, ravine, beale).
def rosenbrock(p, params):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def ravine(p, params):
    return 0.5 * (p[0] ** 2 + params.get("condition_number", 10.0) * p[1] ** 2)


def beale(p, params):
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


FUNCTIONS = {"rosenbrock": rosenbrock, "ravine": ravine, "beale": beale}

# (surface, surface params, start, steps, hyperparameters). Torch's autograd and the closed-form gradients of
# surfaces/ round differently (1e-16); along a few paths with short histories that difference grows step by
# step (chaotically, not by a different branch), so those cases stop before it could reach 1e-9.
CASES = [
    ("rosenbrock", {}, (-1.5, 2.0), 40, {"line_search_fn": "strong_wolfe"}),
    ("rosenbrock", {}, (-1.5, 2.0), 17, {"line_search_fn": "strong_wolfe", "history_size": 3}),
    ("rosenbrock", {}, (0.5, -0.5), 13, {"line_search_fn": "strong_wolfe", "history_size": 1}),
    ("rosenbrock", {}, (-1.0, 1.0), 30, {"lr": 0.1, "history_size": 5}),
    ("rosenbrock", {}, (1.2, 1.2), 30, {"lr": 0.5}),
    ("rosenbrock", {}, (-1.5, 2.0), 15, {"line_search_fn": "strong_wolfe", "max_eval": 4}),
    ("ravine", {"condition_number": 10.0}, (-8.0, 2.0), 30, {}),
    ("ravine", {"condition_number": 100.0}, (-8.0, 2.0), 30, {"history_size": 2}),
    ("ravine", {"condition_number": 100.0}, (8.0, -3.0), 20, {"line_search_fn": "strong_wolfe"}),
    ("ravine", {"condition_number": 10.0}, (-3.0, 3.5), 25, {"lr": 0.3, "tolerance_grad": 1e-5}),
    ("beale", {}, (1.0, 1.0), 40, {"line_search_fn": "strong_wolfe"}),
    ("beale", {}, (-1.0, 1.5), 30, {"line_search_fn": "strong_wolfe", "history_size": 4}),
    ("beale", {}, (2.0, 0.0), 30, {"lr": 0.2}),
    ("beale", {}, (3.0, 0.3), 30, {"lr": 0.5, "history_size": 2}),
]

TORCH_DEFAULTS = {
    "lr": 1.0,
    "history_size": 100,
    "tolerance_grad": 1e-7,
    "tolerance_change": 1e-9,
    "line_search_fn": None,
    "max_eval": 25,
}


def closure_for(function, surface_params, point, visits=None):
    def closure():
        point.grad = None
        loss = function(point, surface_params)
        loss.backward()
        if visits is not None:
            visits.append(point.detach().tolist())
        return loss

    return closure


def one_iteration_per_step(function, surface_params, start, steps, hyper):
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([point], max_iter=1, **hyper)
    closure = closure_for(function, surface_params, point)
    path = [point.detach().tolist()]
    for _ in range(steps):
        optimizer.step(closure)
        path.append(point.detach().tolist())
    return path


def one_call(function, surface_params, start, steps, hyper):
    """The iterates of one step() with max_iter=steps (fixed steps only: each closure call is an iterate)."""
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    hyper = {**hyper, "max_eval": 10 * steps}  # never the binding limit
    optimizer = torch.optim.LBFGS([point], max_iter=steps, **hyper)
    visits = []
    optimizer.step(closure_for(function, surface_params, point, visits))
    final = point.detach().tolist()
    if visits[-1] != final:
        visits.append(final)
    return visits


def main() -> None:
    cases = []
    for surface, surface_params, start, steps, overrides in CASES:
        hyper = {**TORCH_DEFAULTS, **overrides}
        function = FUNCTIONS[surface]
        case = {
            "surface": surface,
            "surface_params": surface_params,
            "start": list(start),
            "steps": steps,
            "hyperparams": hyper,
            "path": one_iteration_per_step(function, surface_params, start, steps, hyper),
        }
        if hyper["line_search_fn"] is None:
            case["inner_path"] = one_call(function, surface_params, start, steps, hyper)
        cases.append(case)
        last = case["path"][-1]
        inner = len(case.get("inner_path", [])) - 1
        print(
            f"{surface:10s} {start!s:12s} {overrides!s:60s} -> ({last[0]:.6g}, {last[1]:.6g}) inner {inner}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"generator": "tools/make_golden_lbfgs.py", "torch": torch.__version__, "cases": cases}
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
