"""Forward and backward passes match torch.nn in float64 (fixtures from tools/make_golden_nets.py)."""

import json
import pathlib

import numpy as np
import pytest

from nets import Architecture, NetworkObjective, activations, backward, forward, init, losses

GOLDEN = json.loads((pathlib.Path(__file__).parent.parent / "fixtures" / "golden" / "nets.json").read_text())
NETWORKS = GOLDEN["networks"]


def _case_id(case):
    extras = "".join(f"-{k}" for k in ("l2", "l1", "dropout") if case[k])
    return f"{case['activation']}-{'x'.join(map(str, case['widths']))}-{case['loss']}{extras}"


@pytest.mark.parametrize("case", GOLDEN["activations"], ids=lambda c: f"{c['name']}{c['params'] or ''}")
def test_activation_and_its_derivative_match_torch(case):
    entry = activations.get(case["name"])
    params = entry.resolve(case["params"])
    x = np.array(case["x"])
    np.testing.assert_allclose(entry.fn(x, **params), case["f"], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(entry.derivative(x, **params), case["df"], rtol=1e-13, atol=1e-15)


def _objective(case):
    widths = case["widths"]
    architecture = Architecture(
        widths[0], tuple(widths[1:-1]), widths[-1], case["activation"], case["activation_params"]
    )
    inputs = np.array(case["inputs"])
    return NetworkObjective(
        architecture, case["loss"], inputs, np.array(case["targets"]), l2=case["l2"], l1=case["l1"]
    )


@pytest.mark.parametrize("case", NETWORKS, ids=_case_id)
def test_forward_matches_torch(case):
    objective = _objective(case)
    theta = np.array(case["params"])
    assert theta.shape == (objective.size,)  # same layout as parameters_to_vector
    masks = None
    if case["dropout"]:
        masks = tuple(np.array(m) / (1 - case["dropout"]) for m in case["masks"])
    outputs = forward(objective.architecture, theta, objective.inputs, masks).outputs
    np.testing.assert_allclose(outputs, case["outputs"], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("case", NETWORKS, ids=_case_id)
def test_loss_and_backward_match_torch(case):
    objective = _objective(case)
    theta = np.array(case["params"])
    if case["dropout"]:
        masks = tuple(np.array(m) / (1 - case["dropout"]) for m in case["masks"])
        fwd = forward(objective.architecture, theta, objective.inputs, masks)
        value, d_outputs = losses.get(case["loss"]).value_and_grad(fwd.outputs, objective.targets)
        grad = objective._penalty_grad(theta, backward(objective.architecture, theta, fwd, d_outputs))
        value += objective.penalty(theta)
    else:
        value, grad = objective.loss_and_grad(theta)
    np.testing.assert_allclose(value, case["value"], rtol=1e-12)
    scale = np.abs(case["grad"]).max()
    np.testing.assert_allclose(grad, case["grad"], rtol=1e-10, atol=1e-13 * scale)


@pytest.mark.parametrize("gain", GOLDEN["gains"], ids=lambda g: f"{g['nonlinearity']}-{g['param']}")
def test_calculate_gain_matches_torch(gain):
    assert init.calculate_gain(gain["nonlinearity"], gain["param"]) == pytest.approx(gain["gain"], rel=1e-15)


def test_torch_dropout_is_inverted_like_ours():
    # torch.nn.Dropout(p) in training mode outputs 0 or 1 / (1 - p): the scaling happens while training
    p = GOLDEN["dropout"]["p"]
    assert GOLDEN["dropout"]["values"] == pytest.approx([0.0, 1 / (1 - p)])
    objective = NetworkObjective(Architecture(2, (4,), 1), "mse", np.ones((5, 2)), np.zeros(5), dropout=p)
    _, masks = objective._draw(1)
    assert set(np.unique(masks[0])) <= {0.0, 1 / (1 - p)}
