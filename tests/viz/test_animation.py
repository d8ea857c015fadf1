"""The frame schedule: which steps get frames, and how paths are cut into chunks."""

import numpy as np
import pytest

from viz.animation import (
    chunk_bounds,
    completed_chunks,
    fine_chunks,
    finite_length,
    frame_steps,
    refine_bounds,
)


@pytest.mark.parametrize(("steps", "max_frames"), [(0, 200), (1, 200), (150, 200), (1000, 200), (5000, 150)])
def test_frames_keep_first_and_last_step_and_stay_under_the_cap(steps, max_frames):
    chosen = frame_steps(steps, max_frames)
    assert chosen[0] == 0 and chosen[-1] == steps
    assert len(chosen) <= max_frames
    assert np.all(np.diff(chosen) > 0)


def test_short_runs_get_a_frame_per_step():
    assert frame_steps(10, 200).tolist() == list(range(11))


def test_chunks_cover_the_path_and_refinement_keeps_their_bounds():
    bounds = chunk_bounds(1000, 8)
    assert bounds[0] == 0 and bounds[-1] == 1000 and len(bounds) == 9
    fine = refine_bounds(bounds, fine_chunks(8, 200))
    assert set(bounds.tolist()) <= set(fine.tolist())
    assert np.all(np.diff(fine) > 0)


def test_completed_chunks_counts_chunks_that_ended():
    bounds = np.array([0, 10, 20, 30])
    assert [completed_chunks(bounds, s) for s in (0, 9, 10, 29, 30)] == [0, 0, 1, 2, 3]


def test_finite_length_stops_at_the_first_nan_row():
    positions = np.array([[0.0, 0.0], [1.0, 1.0], [np.nan, np.nan], [2.0, 2.0]])
    assert finite_length(positions) == 2
    assert finite_length(positions[:2]) == 2
