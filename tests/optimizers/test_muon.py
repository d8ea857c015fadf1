"""Muon matches torch.optim.Muon (+ torch.optim.AdamW for the biases) on small MLPs in float64, from fixtures
written by tools/make_golden_muon.py (no torch here); it is offered only where there are weight matrices."""

import dataclasses
import json
import pathlib

import numpy as np
import pytest

import optimizers
import surfaces
import training
from nets import Architecture, NetworkObjective
from optimizers import muon
from training import lab

FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "golden" / "muon.json"
CASES = json.loads(FIXTURE.read_text())["cases"]


def _objective(case):
    widths = case["widths"]
    architecture = Architecture(widths[0], tuple(widths[1:-1]), widths[-1], case["activation"])
    return NetworkObjective(architecture, case["loss"], np.array(case["inputs"]), np.array(case["targets"]))


def _replay(case):
    opt = optimizers.get("muon", **case["hyperparams"])
    return optimizers.run(opt, _objective(case), np.array(case["positions"][0]), case["steps"])


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c["bfloat16"]], ids=lambda c: ",".join(c["hyperparams"]) or "default"
)
def test_trajectory_matches_torch_muon_with_adamw_for_the_biases(case):
    np.testing.assert_allclose(_replay(case), np.array(case["positions"]), rtol=1e-9, atol=1e-12)


def test_fixtures_cover_tall_wide_and_square_matrices_and_non_default_settings():
    shapes = {
        shape for case in CASES for _, shape in _objective(case).weight_matrices if shape[0] != shape[1]
    }
    assert any(rows > cols for rows, cols in shapes) and any(rows < cols for rows, cols in shapes)
    changed = {key for case in CASES for key in case["hyperparams"]} - {"lr"}
    assert {"nesterov", "momentum", "ns_steps", "adjust_lr_fn", "matrices", "adamw_lr", "eps"} <= changed


def test_torch_own_bfloat16_newton_schulz_differs_in_the_small_directions_but_trains_alike():
    # torch 2.13 casts to bfloat16 inside Newton-Schulz; we stay in float64. Directions with tiny singular
    # values (the 8 x 8 hidden gradient spans 6 decades) are amplified differently, so a step can differ by
    # a fifth, while the loss follows the same curve.
    (case,) = [c for c in CASES if c["bfloat16"]]
    ours, theirs = _replay(case), np.array(case["positions"])
    steps, torch_steps = np.diff(ours, axis=0), np.diff(theirs, axis=0)
    gap = np.linalg.norm(steps - torch_steps, axis=-1) / np.linalg.norm(torch_steps, axis=-1)
    assert np.all((gap > 1e-3) & (gap < 0.3))
    objective = _objective(case)
    losses = np.array([objective.value(p) for p in ours])
    torch_losses = np.array([objective.value(p) for p in theirs])
    np.testing.assert_allclose(losses, torch_losses, rtol=1e-3)
    assert losses[-1] < losses[0]


def test_defaults_are_torch_2_13s():
    hyperparams = optimizers.get("muon").hyperparams
    assert {k: hyperparams[k] for k in ("lr", "weight_decay", "momentum", "nesterov", "ns_steps", "eps")} == {
        "lr": 1e-3,
        "weight_decay": 0.1,
        "momentum": 0.95,
        "nesterov": True,
        "ns_steps": 5,
        "eps": 1e-7,
    }
    assert hyperparams["adjust_lr_fn"] is None and muon.NS_COEFFICIENTS == (3.4445, -4.7750, 2.0315)
    assert (hyperparams["adamw_lr"], hyperparams["adamw_weight_decay"]) == (3e-4, 0.01)  # torch's example


@pytest.mark.parametrize(
    ("hyperparams", "message"),
    [
        ({"lr": -1.0}, "Learning rate should be >= 0 but is: -1.0"),
        ({"momentum": -0.5}, "momentum should be >= 0 but is: -0.5"),
        ({"weight_decay": -0.1}, "weight decay should be >= 0 but is: -0.1"),
        (
            {"adjust_lr_fn": "other"},
            "adjust_lr_fn must be one of None, original, match_rms_adamw; got 'other'",
        ),
    ],
)
def test_validation_messages(hyperparams, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        optimizers.get("muon", **hyperparams)


def test_newton_schulz_keeps_the_singular_vectors_and_brings_the_singular_values_near_one():
    rng = np.random.default_rng(0)
    u, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    v, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    singular = np.array([10.0, 3.0, 1.0, 0.3])  # spread 33-fold
    matrix = u[:, :4] * singular @ v.T  # tall: 6 x 4
    ortho = muon.orthogonalise(matrix)
    low, high = muon.singular_value_range(singular.min() / np.linalg.norm(singular))
    image = u[:, :4].T @ ortho @ v  # U^T O V: diagonal when the singular vectors are kept
    np.testing.assert_allclose(image - np.diag(np.diag(image)), 0.0, atol=1e-9)
    assert np.all((low - 1e-9 <= np.diag(image)) & (np.diag(image) <= high + 1e-9))
    assert np.ptp(np.diag(image)) < 0.5 < np.ptp(singular / np.linalg.norm(singular))
    assert muon.singular_value_range(0.01) == pytest.approx((0.68, 1.13), abs=0.01)


def test_muon_is_left_out_of_the_2d_pickers_and_refuses_a_surface_without_matrices():
    assert "muon" not in optimizers.names() and "muon" in optimizers.names(networks=True)
    assert optimizers.spec("muon").needs_matrices
    with pytest.raises(ValueError, match="Muon orthogonalises weight matrices, and this objective has none"):
        optimizers.run(optimizers.get("muon"), surfaces.get("ravine"), (1.0, 1.0), 3)


def test_a_schedule_scales_the_adamw_learning_rate_of_the_biases_alike():
    case = CASES[0]
    objective = _objective(case)
    theta = np.array(case["positions"][0])
    opt = optimizers.get("muon", lr=0.02)
    g = objective.grad(theta)
    full, _ = opt.update(g, opt.init(theta), theta, lr=0.02, objective=objective)
    half, _ = opt.update(g, opt.init(theta), theta, lr=0.01, objective=objective)
    biases = ~objective.architecture.weight_mask()
    np.testing.assert_allclose(half[biases], full[biases] / 2, rtol=1e-12)  # AdamW's first step: lr sign(g)


def test_the_network_lab_offers_muon_trains_with_it_and_keeps_it_in_its_url():
    config = lab.Config(optimizer="muon", hyperparams=(("lr", 0.02), ("matrices", "hidden")))
    state = dataclasses.replace(lab.LabState(), configs=(config,), steps=60)
    assert lab.from_query(lab.to_query(state)) == (state, [])
    run = training.train(lab.network_spec(state, 0), lab.optimizer_of(config), 60)
    assert run.diverged_at is None and run.train_loss[-1] < run.train_loss[0]
    assert "muon" in muon.LAB_NOTE.lower() and "orthogonal" in muon.LAB_NOTE


def test_on_one_2d_point_muon_is_a_nesterov_step_of_fixed_length():
    class Point:  # a 2D surface whose one point is declared a 1 x 2 "matrix"
        surface = surfaces.get("ravine")
        weight_matrices = ((slice(0, 2), (1, 2)),)

        def grad(self, p):
            return self.surface.grad(p)

        value = property(lambda self: self.surface.value)

    path = optimizers.run(optimizers.get("muon", lr=0.05, weight_decay=0.0), Point(), (-8.0, 2.0), 30)
    lengths = np.linalg.norm(np.diff(path, axis=0), axis=-1)
    np.testing.assert_allclose(lengths, lengths[0], rtol=1e-9)  # whatever the gradient's size
