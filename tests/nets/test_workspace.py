"""The training step's shortcuts give the numbers of the plain passes, bit for bit: an activation's
derivative read from its output, written into preallocated arrays, and the passes through a workspace."""

import threading

import numpy as np
import pytest

from nets import Architecture, NetworkObjective, Workspace, activations, backward, forward

SHORTCUTS = [name for name in activations.names() if activations.get(name).backprop is not None]


def test_the_shortcuts_cover_the_lectures_activations():
    assert {"tanh", "sigmoid", "relu"} <= set(SHORTCUTS)


@pytest.mark.parametrize("name", SHORTCUTS)
def test_backprop_from_the_output_is_upstream_times_the_derivative(name):
    entry = activations.get(name)
    x = np.concatenate([np.linspace(-30, 30, 601), [0.0, -0.0, 1e-300, -1e-300]]).reshape(-1, 5)
    upstream = np.random.default_rng(0).standard_normal(x.shape)
    y = entry.fn(x)
    expected = upstream * entry.derivative(x)
    given = upstream.copy()
    assert entry.backprop(given, y) is given  # in place
    np.testing.assert_array_equal(given, expected)


@pytest.mark.parametrize("name", SHORTCUTS)
def test_fn_into_writes_fn_into_the_array_given(name):
    entry = activations.get(name)
    x = np.linspace(-30, 30, 600).reshape(-1, 6)
    out = np.full(x.shape, np.nan)
    assert entry.fn_into(x, out) is out
    np.testing.assert_array_equal(out, entry.fn(x))


@pytest.mark.parametrize(
    ("activation", "norm", "masks"),
    [("tanh", "none", False), ("relu", "none", True), ("sigmoid", "batch", False), ("gelu", "none", False)],
)
def test_passes_through_a_workspace_equal_the_plain_passes(activation, norm, masks):
    rng = np.random.default_rng(1)
    architecture = Architecture(2, (6, 5), 1, activation, norm=norm)
    theta = architecture.initial_params("pytorch_default", seed=2)
    inputs = rng.standard_normal((40, 2))
    drop = tuple((rng.random((40, w)) < 0.8) / 0.8 for w in architecture.hidden) if masks else None
    upstream = rng.standard_normal((40, 1))
    plain = forward(architecture, theta, inputs, drop)
    expected = backward(architecture, theta, plain, upstream)
    workspace = Workspace()
    for _ in range(2):  # the second pass reuses the arrays of the first
        kept = forward(architecture, theta, inputs, drop, workspace=workspace)
        np.testing.assert_array_equal(kept.outputs, plain.outputs)
        np.testing.assert_array_equal(
            backward(architecture, theta, kept, upstream, workspace=workspace), expected
        )


def test_objectives_in_two_threads_do_not_share_arrays():
    rng = np.random.default_rng(3)
    objectives = [
        NetworkObjective(Architecture(2, (8, 8), 1, "tanh"), "binary_cross_entropy", x, x[:, 0] > 0)
        for x in (rng.standard_normal((50, 2)), rng.standard_normal((70, 2)))
    ]
    thetas = [o.architecture.initial_params(seed=4) for o in objectives]
    expected = [o.grad(t) for o, t in zip(objectives, thetas, strict=True)]
    wrong = []

    def evaluate(index):
        for _ in range(200):
            if not np.array_equal(objectives[index].grad(thetas[index]), expected[index]):
                wrong.append(index)

    threads = [threading.Thread(target=evaluate, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
