"""Trajectories match torch.optim (float64) step for step, from fixtures written by tools/make_golden.py.

No torch here: the fixtures hold every position torch produced and the optimizer state after the last step.
"""

import json
import pathlib

import numpy as np
import pytest

import optimizers
import surfaces
from tests.optimizers.objectives import Quadratic

FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "golden" / "first_order.json"
CASES = json.loads(FIXTURE.read_text())["cases"]
FIRST_ORDER = [name for name in optimizers.names() if optimizers.spec(name).order == 1]


def _case_id(case):
    settings = ",".join(f"{k}={v}" for k, v in case["hyperparams"].items())
    return f"{case['optimizer']}[{settings}]-{case['surface']}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_trajectory_matches_torch(case):
    opt = optimizers.get(case["optimizer"], **case["hyperparams"])
    surface = surfaces.get(case["surface"], **case["surface_params"])
    path = optimizers.trajectory(opt, surface, case["start"], case["steps"])
    np.testing.assert_allclose(path.positions, np.array(case["positions"]), rtol=1e-9, atol=1e-12)
    assert path.diverged_at is None


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_final_state_matches_torch(case):
    opt = optimizers.get(case["optimizer"], **case["hyperparams"])
    surface = surfaces.get(case["surface"], **case["surface_params"])
    path = optimizers.trajectory(opt, surface, case["start"], case["steps"])
    # torch keeps no state at all for plain SGD (no momentum buffer); every other case records some
    stateless = case["optimizer"] == "sgd" and not case["hyperparams"].get("momentum")
    assert bool(case["final_state"]) != stateless
    for field, expected in case["final_state"].items():
        np.testing.assert_allclose(path.states[field][-1], expected, rtol=1e-9, atol=1e-12, err_msg=field)


def test_run_gives_the_same_positions_as_trajectory_on_every_case():
    for case in CASES:
        opt = optimizers.get(case["optimizer"], **case["hyperparams"])
        surface = surfaces.get(case["surface"], **case["surface_params"])
        fast = optimizers.run(opt, surface, case["start"], case["steps"])
        full = optimizers.trajectory(opt, surface, case["start"], case["steps"])
        np.testing.assert_array_equal(fast, full.positions)


# checked against their own references in test_golden_more.py
MORE = {
    case["optimizer"] for case in json.loads((FIXTURE.parent / "more_optimizers.json").read_text())["cases"]
}


def test_fixtures_cover_every_first_order_optimizer_and_several_surfaces():
    assert {case["optimizer"] for case in CASES} == set(FIRST_ORDER) - MORE
    assert not {case["optimizer"] for case in CASES} & MORE
    assert {case["surface"] for case in CASES} >= {"ravine", "rosenbrock", "beale", "saddle"}
    for name in set(FIRST_ORDER) - MORE:
        settings = [case["hyperparams"] for case in CASES if case["optimizer"] == name]
        assert len(settings) >= 2, name


@pytest.mark.parametrize(
    "option",
    [
        ("sgd", "dampening"),
        ("sgd", "nesterov"),
        ("sgd", "weight_decay"),
        ("sgd", "maximize"),
        ("adagrad", "lr_decay"),
        ("adagrad", "initial_accumulator_value"),
        ("rmsprop", "centered"),
        ("rmsprop", "momentum"),
        ("adam", "amsgrad"),
        ("adam", "decoupled_weight_decay"),
        ("adamw", "weight_decay"),
        ("nadam", "momentum_decay"),
        ("nadam", "decoupled_weight_decay"),
        ("radam", "decoupled_weight_decay"),
    ],
)
def test_fixtures_exercise_non_default_settings(option):
    name, hyperparameter = option
    default = optimizers.spec(name).param(hyperparameter).default
    assert any(
        case["optimizer"] == name and case["hyperparams"].get(hyperparameter, default) != default
        for case in CASES
    )


QUADRATIC5 = json.loads(FIXTURE.read_text())["quadratic5"]


@pytest.mark.parametrize("case", QUADRATIC5["cases"], ids=[c["optimizer"] for c in QUADRATIC5["cases"]])
def test_five_dimensional_trajectory_matches_torch(case):
    opt = optimizers.get(case["optimizer"], **case["hyperparams"])
    objective = Quadratic(QUADRATIC5["A"], QUADRATIC5["b"])
    path = optimizers.trajectory(opt, objective, QUADRATIC5["start"], case["steps"])
    np.testing.assert_allclose(path.positions, np.array(case["positions"]), rtol=1e-9, atol=1e-12)
    for field, expected in case["final_state"].items():
        np.testing.assert_allclose(path.states[field][-1], expected, rtol=1e-9, atol=1e-12, err_msg=field)
