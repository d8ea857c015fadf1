"""training.stats reads every layer at once; its numbers are numpy's own, layer by layer."""

import numpy as np
import pytest

from nets import Architecture, Workspace, forward
from training import stats


@pytest.mark.parametrize("activation", ["tanh", "relu", "gelu", "prelu", "sigmoid"])
def test_layer_statistics_equal_numpys_per_layer_figures(activation):
    architecture = Architecture(2, (8, 5, 3), 1, activation)
    theta = 3 * architecture.initial_params("kaiming_uniform", seed=2)
    inputs = np.random.default_rng(1).standard_normal((300, 2))
    edges = stats.histogram_edges(architecture, 30)
    fwd = forward(architecture, theta, inputs)
    measured = stats.layer_statistics(architecture, theta, fwd, edges)
    for index, h in enumerate(fwd.inputs[1:]):
        counts, _ = np.histogram(h, bins=30, range=(edges[0], edges[-1]))
        assert measured["histogram"][index].tolist() == counts.tolist()
        assert measured["outside"][index].tolist() == [(h < edges[0]).sum(), (h > edges[-1]).sum()]
        assert measured["mean"][index] == pytest.approx(h.mean(), rel=1e-12, abs=1e-15)
        assert measured["std"][index] == pytest.approx(h.std(), rel=1e-12)


@pytest.mark.parametrize("large", [False, True])
def test_histograms_count_edges_and_non_finite_values_as_numpy_does(large, monkeypatch):
    if large:  # the layer-by-layer path of large passes
        monkeypatch.setattr(stats, "LARGE_PASS", 0)
    edges = np.linspace(-1.0, 1.0, 31)
    special = [np.nan, np.inf, -np.inf, 0.3]
    values = np.resize(np.concatenate([edges, np.nextafter(edges, 2), special]), 2 * 200)
    counts = stats._histograms(values.reshape(2, 200), np.array([0, 1]), 2, edges)
    for row in range(2):
        expected, _ = np.histogram(values.reshape(2, 200)[row], bins=30, range=(-1.0, 1.0))
        assert counts[row].tolist() == expected.tolist()


@pytest.mark.parametrize("low, high", [(-1.0, 1.0), (0.0, 3.0), (-3.0, 3.0)])
def test_binned_counts_below_each_bin_and_above_as_numpy_does(low, high):
    edges = np.linspace(low, high, 31)
    neighbours = [np.nextafter(edges, np.inf), np.nextafter(edges, -np.inf)]
    near = np.concatenate([edges, *neighbours, [-1e9, 1e9, 0.3]])
    rows = np.stack([np.resize(near, 400), np.resize(near[::-1], 400), np.linspace(low - 1, high + 1, 400)])
    layer = np.array([0, 1, 1])
    counts = stats._binned(rows, layer, 2, edges, Workspace())
    for index in range(2):
        values = rows[layer == index]
        expected, _ = np.histogram(values, bins=30, range=(low, high))
        assert counts[index, 1:-1].tolist() == expected.tolist()
        assert counts[index, [0, -1]].tolist() == [(values < low).sum(), (values > high).sum()]
