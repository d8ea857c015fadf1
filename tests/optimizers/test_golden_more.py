"""Rprop, ASGD and Adafactor match torch.optim; Lion, Schedule-Free SGD/AdamW and Prodigy their reference
packages: float64, step for step, from fixtures written by tools/make_golden_more.py (no torch here)."""

import json
import pathlib

import numpy as np
import pytest

import optimizers
import surfaces

FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "golden" / "more_optimizers.json"
CASES = json.loads(FIXTURE.read_text())["cases"]
NEW = ["rprop", "asgd", "adafactor", "lion", "schedule_free_sgd", "schedule_free_adamw", "prodigy"]


def _case_id(case):
    settings = ",".join(f"{k}={v}" for k, v in case["hyperparams"].items())
    return f"{case['optimizer']}[{settings}]-{case['surface']}"


def _replay(case):
    opt = optimizers.get(case["optimizer"], **case["hyperparams"])
    surface = surfaces.get(case["surface"], **case["surface_params"])
    return optimizers.trajectory(opt, surface, case["start"], case["steps"]), opt, surface


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_trajectory_matches_the_reference(case):
    path, _, _ = _replay(case)
    np.testing.assert_allclose(path.positions, np.array(case["positions"]), rtol=1e-9, atol=1e-12)
    assert path.diverged_at is None


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_final_state_matches_the_reference(case):
    path, opt, surface = _replay(case)
    assert case["final_state"]
    for field, expected in case["final_state"].items():
        got = path.states[field][-1] if field in path.states else _final_field(opt, surface, case, field)
        np.testing.assert_allclose(np.ravel(got), np.ravel(expected), rtol=1e-9, atol=1e-12, err_msg=field)


def _final_field(opt, surface, case, field):
    """A state field the inspector does not show, from stepping the optimizer by hand."""
    params = np.array(case["start"], dtype=float)
    state = opt.init(params)
    for _ in range(case["steps"]):
        updates, state = opt.update(surface.grad(params), state, params, lr=opt.lr, objective=surface)
        params = params + updates
    return getattr(state, field)


def test_fixtures_cover_every_new_optimizer_on_several_surfaces_with_non_default_settings():
    assert {case["optimizer"] for case in CASES} == set(NEW)
    for name in NEW:
        mine = [case for case in CASES if case["optimizer"] == name]
        assert len({case["surface"] for case in mine}) >= 3, name
        defaults = {p.name: p.default for p in optimizers.spec(name).params}
        changed = {k for case in mine for k, v in case["hyperparams"].items() if v != defaults[k]} - {"lr"}
        assert changed, name


# The references' defaults (torch 2.13, lion-pytorch 0.2.5, schedulefree 1.4.1, prodigyopt 1.1.2), written out
REFERENCE_DEFAULTS = {
    "rprop": {"lr": 1e-2, "etas": (0.5, 1.2), "step_sizes": (1e-6, 50), "maximize": False},
    "asgd": {"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0, "maximize": False},
    "adafactor": {
        "lr": 1e-2,
        "beta2_decay": -0.8,
        "eps": (np.finfo(float).eps, 1e-3),
        "d": 1.0,
        "weight_decay": 0.0,
    },
    "lion": {"lr": 1e-4, "betas": (0.9, 0.99), "weight_decay": 0.0, "decoupled_weight_decay": False},
    "schedule_free_sgd": {
        "lr": 1.0,
        "momentum": 0.9,
        "weight_decay": 0,
        "warmup_steps": 0,
        "r": 0.0,
        "weight_lr_power": 2,
    },
    "schedule_free_adamw": {
        "lr": 0.0025,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0,
        "warmup_steps": 0,
        "r": 0.0,
        "weight_lr_power": 2.0,
    },
    "prodigy": {
        "lr": 1.0,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0,
        "decouple": True,
        "use_bias_correction": False,
        "safeguard_warmup": False,
        "d0": 1e-6,
        "d_coef": 1.0,
        "beta3": None,
        "growth_rate": None,  # no limit: prodigyopt writes float("inf"), accepted too
    },
}


@pytest.mark.parametrize("name", NEW)
def test_defaults_are_the_references(name):
    hyperparams = optimizers.get(name).hyperparams
    for key, value in REFERENCE_DEFAULTS[name].items():
        assert hyperparams[key] == value, key


@pytest.mark.parametrize(
    ("name", "hyperparams", "message"),
    [
        ("rprop", {"etas": (1.2, 0.5)}, "Invalid eta values: 1.2, 0.5"),
        ("rprop", {"lr": -1}, "Invalid learning rate: -1"),
        ("asgd", {"weight_decay": -0.1}, "Invalid weight_decay value: -0.1"),
        ("adafactor", {"lr": -1}, "Learning rate should be >= 0 but is: -1"),
        ("adafactor", {"beta2_decay": 0.5}, "beta2_decay should be <= 0 but is: 0.5"),
        ("adafactor", {"d": 0.5}, "Clipping threshold d should be >= 1 but is: 0.5"),
        ("adafactor", {"eps": (-1.0, 1e-3)}, r"epsilon1 should be >= 0 but is: -1.0"),
        ("lion", {"lr": 0.0}, "Invalid learning rate: 0.0"),
        ("lion", {"betas": (0.9, 1.5)}, "Invalid beta parameter at index 1: 1.5"),
        ("schedule_free_sgd", {"momentum": 1.0}, "Momentum must be between 0 and 1 exclusive: 1.0"),
        ("schedule_free_adamw", {"betas": (0.0, 0.999)}, "Invalid beta parameter at index 0: 0.0"),
        ("prodigy", {"d0": 0.0}, "Invalid d0 value: 0.0"),
        ("prodigy", {"lr": 0.0}, "Invalid learning rate: 0.0"),
    ],
)
def test_validation_messages_are_the_references(name, hyperparams, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        optimizers.get(name, **hyperparams)


def test_adafactor_says_it_is_not_factorised_on_one_point():
    assert "not factorised" in optimizers.spec("adafactor").description


def test_schedule_free_records_the_averaged_point_next_to_the_gradient_point():
    path = optimizers.trajectory(
        optimizers.get("schedule_free_sgd", lr=0.05), surfaces.get("ravine"), (-8, 2), 50
    )
    assert {"averaged_point", "base_point"} <= set(path.states)
    x, y, z = path.states["averaged_point"], path.positions[1:], path.states["base_point"]
    np.testing.assert_allclose(y, 0.1 * z + 0.9 * x, rtol=1e-12, atol=1e-12)  # y = (1 - beta) z + beta x


def test_prodigy_records_its_learning_rate_estimate_growing_from_d0():
    path = optimizers.trajectory(optimizers.get("prodigy"), surfaces.get("rosenbrock"), (-1.2, 1.0), 100)
    d = path.states["lr_estimate"]
    assert d[0] == 1e-6 and np.all(np.diff(d) >= 0) and d[-1] > 1e3 * d[0]


def test_prodigy_growth_rate_caps_how_fast_d_grows_after_its_first_rise():
    opt = optimizers.get("prodigy", growth_rate=1.02)
    path = optimizers.trajectory(opt, surfaces.get("rosenbrock"), (-1.5, 2.0), 200)
    d = path.states["lr_estimate"]
    first = int(np.flatnonzero(d > 1e-6)[0])  # prodigyopt leaves the first rise from d0 uncapped
    np.testing.assert_array_less(d[first + 1 :] / d[first:-1], 1.02 * (1 + 1e-12))
    assert np.all(path.states["largest_estimate"] >= d) and path.states["largest_estimate"][-1] > 10 * d[-1]
    free = optimizers.trajectory(optimizers.get("prodigy"), surfaces.get("rosenbrock"), (-1.5, 2.0), 200)
    np.testing.assert_array_equal(free.states["lr_estimate"], free.states["largest_estimate"])


def test_prodigy_beta3_none_is_the_square_root_of_beta2():
    surface = surfaces.get("beale")
    default = optimizers.run(optimizers.get("prodigy", betas=(0.9, 0.99)), surface, (1.0, 1.5), 60)
    spelled = optimizers.run(
        optimizers.get("prodigy", betas=(0.9, 0.99), beta3=0.99**0.5), surface, (1.0, 1.5), 60
    )
    np.testing.assert_array_equal(default, spelled)
    other = optimizers.run(optimizers.get("prodigy", betas=(0.9, 0.99), beta3=0.9), surface, (1.0, 1.5), 60)
    assert np.abs(other - default).max() > 1e-3
