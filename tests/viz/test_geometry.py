"""Paths against the view: where a path stops being finite, where it left the window."""

import numpy as np

from viz.geometry import divergence_marker, finite_length


def test_finite_length_stops_at_the_first_nan_row():
    positions = np.array([[0.0, 0.0], [1.0, 1.0], [np.nan, np.nan], [2.0, 2.0]])
    assert finite_length(positions) == 2
    assert finite_length(positions[:2]) == 2
    assert finite_length(np.zeros((0, 2))) == 0


def test_the_divergence_marker_sits_on_the_border_where_the_path_left():
    window = ((-1.0, 1.0), (-1.0, 1.0))
    positions = np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [np.nan, np.nan]])
    last_inside, point = divergence_marker(positions, window)
    assert last_inside == 1 and np.allclose(point, [1.0, 0.0])
