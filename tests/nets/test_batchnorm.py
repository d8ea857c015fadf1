"""Batch normalisation matches torch.nn.BatchNorm1d in float64 (fixtures from tools/make_golden_batchnorm.py):
training and evaluation mode, forward and backward, and the running statistics over an SGD run."""

import json
import pathlib

import numpy as np
import pytest

from nets import Architecture, backward, batchnorm, forward, losses

GOLDEN = json.loads(
    (pathlib.Path(__file__).parent.parent / "fixtures" / "golden" / "batchnorm.json").read_text()
)
CASES = GOLDEN["cases"]


def _id(case):
    return f"{case['activation']}-{'x'.join(map(str, case['widths']))}-{case['loss']}"


def _architecture(case):
    widths = case["widths"]
    return Architecture(widths[0], tuple(widths[1:-1]), widths[-1], case["activation"], norm="batch")


def _targets(case):
    return np.array(case["targets"])


def _pass(case, running=None, rows=None):
    architecture = _architecture(case)
    theta = np.array(case["params"])
    inputs, targets = np.array(case["inputs"]), _targets(case)
    if rows is not None:
        inputs, targets = inputs[rows], targets[rows]
    fwd = forward(architecture, theta, inputs, running=running)
    value, d_outputs = losses.get(case["loss"]).value_and_grad(fwd.outputs, targets)
    return architecture, theta, fwd, value, d_outputs


def _running(case):
    return [batchnorm.RunningStats(np.array(r["mean"]), np.array(r["var"])) for r in case["running"]]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_layout_is_torchs_parameters_to_vector(case):
    architecture = _architecture(case)
    assert architecture.size == len(case["params"])
    fresh = architecture.initial_params("kaiming_uniform", seed=0)
    for layer in architecture.layers[:-1]:
        assert (fresh[layer.scale] == 1.0).all() and (fresh[layer.shift] == 0.0).all()
    assert architecture.layers[-1].scale is None


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_forward_and_backward_match_torch(case, mode):
    running = _running(case) if mode == "eval" else None
    architecture, theta, fwd, value, d_outputs = _pass(case, running)
    expected = case[mode]
    np.testing.assert_allclose(fwd.outputs, expected["outputs"], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(value, expected["value"], rtol=1e-12)
    grad = backward(architecture, theta, fwd, d_outputs)
    scale = np.abs(expected["grad"]).max()
    np.testing.assert_allclose(grad, expected["grad"], rtol=1e-10, atol=1e-12 * scale)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_running_statistics_follow_torch_over_an_sgd_run(case):
    run = case["sgd"]
    architecture = _architecture(case)
    theta = np.array(case["params"])
    running = [batchnorm.initial_running(width) for width in architecture.hidden]
    for rows, expected in zip(run["batches"], run["running"], strict=True):
        sub = dict(case, params=theta.tolist())
        _, _, fwd, _, d_outputs = _pass(sub, rows=rows)
        running = [batchnorm.update(r, kept, len(rows)) for r, kept in zip(running, fwd.norms, strict=True)]
        for ours, theirs in zip(running, expected, strict=True):
            np.testing.assert_allclose(ours.mean, theirs["mean"], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(ours.var, theirs["var"], rtol=1e-12, atol=1e-14)
        theta = theta - run["lr"] * backward(architecture, theta, fwd, d_outputs)
    np.testing.assert_allclose(theta, run["params"], rtol=1e-10, atol=1e-12)


def test_training_mode_output_does_not_depend_on_the_scale_of_the_layers_below():
    """Batch normalisation's point: multiplying every layer's weights and biases by 100 leaves the outputs as
    they were (up to eps against the variance), where the same net without it saturates its tanh units."""
    inputs = np.random.default_rng(1).standard_normal((64, 2))
    change = {}
    for norm in ("batch", "none"):
        architecture = Architecture(2, (16, 16), 1, "tanh", norm=norm)
        theta = architecture.initial_params("kaiming_uniform", seed=3)
        scaled = theta.copy()
        for layer in architecture.layers[:-1]:
            scaled[layer.weight] *= 100.0
            scaled[layer.bias] *= 100.0
        before = forward(architecture, theta, inputs).outputs
        after = forward(architecture, scaled, inputs).outputs
        change[norm] = np.abs(after - before).max() / np.abs(before).max()
    assert change["batch"] < 1e-3
    assert change["none"] > 0.1


def test_unknown_norm_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="none, batch"):
        Architecture(2, (4,), 1, "relu", norm="layer")


def test_batch_gradient_matches_finite_differences():
    architecture = Architecture(3, (5, 4), 2, "gelu", norm="batch")
    rng = np.random.default_rng(4)
    theta = architecture.initial_params("xavier_normal", seed=2) + 0.1 * rng.standard_normal(
        architecture.size
    )
    inputs, targets = rng.standard_normal((9, 3)), rng.integers(0, 2, 9)
    loss = losses.get("softmax_cross_entropy")

    def value(t):
        return loss.value_and_grad(forward(architecture, t, inputs).outputs, targets)[0]

    fwd = forward(architecture, theta, inputs)
    grad = backward(architecture, theta, fwd, loss.value_and_grad(fwd.outputs, targets)[1])
    h = 1e-6
    numeric = np.array([(value(theta + h * e) - value(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)
