"""The network diagram's numbers: each unit's map over the plane, the drawn weights, dead and twin units."""

import numpy as np

import optimizers
import training
from nets import forward
from tests.training.specs import MOONS, dead_relus
from training import NetworkSpec
from training.diagram import diagram


def test_a_units_map_is_its_activation_over_the_plane_and_the_weights_are_the_runs():
    run = training.train(MOONS, optimizers.get("adam", lr=0.02), 30, checkpoints=4)
    drawn = diagram(run, MOONS, size=6)
    assert drawn.widths == drawn.totals == (2, 8, 8, 2) and drawn.names == ("x1", "x2")
    assert drawn.maps[1].shape == (4, 8, 6, 6) and drawn.dead.shape == drawn.twin.shape == (4, 16)
    data, objective, _ = training.build(MOONS)
    (_, x1), (y0, _) = data.window
    corner = data.inputs(np.array([[x1, y0]]))  # the plane's last column, first row
    hidden = forward(run.architecture, run.params[2], corner, None, objective.test_scale).inputs[2]
    np.testing.assert_allclose(drawn.maps[1][2, :, 0, -1], hidden[0], rtol=1e-12)
    W = run.params[-1][run.architecture.layers[1].weight].reshape(8, 8)
    np.testing.assert_array_equal(drawn.weights[1][-1], W)
    low, high = drawn.spans[0]
    assert low == -high and 0 < high <= 1, "tanh: symmetric about 0, within its range"
    assert not drawn.dead.any() and (drawn.twin == -1).all() and drawn.capped is None


def test_constant_initialisation_makes_every_unit_a_twin_of_the_first():
    spec = NetworkSpec(**{**MOONS.__dict__, "activation": "sigmoid", "init": "zeros"})
    run = training.train(spec, optimizers.get("sgd", lr=1.0), 20, checkpoints=2)
    drawn = diagram(run, spec, size=4)
    assert drawn.twin[-1].tolist() == [-1, *[0] * 7] * 2


def test_dead_relus_are_marked_and_wide_layers_capped():
    spec = dead_relus((12, 8))
    run = training.train(spec, optimizers.get("adam", lr=0.01), steps=10, checkpoints=2)
    drawn = diagram(run, spec, size=4)
    assert drawn.widths == (2, 8, 8, 2) and drawn.totals == (2, 12, 8, 2)
    assert drawn.dead[:, :8].all(), "every first-layer unit drawn is dead"
    assert drawn.capped == "Units drawn (the first of each layer): layer 1: 8 of 12."
