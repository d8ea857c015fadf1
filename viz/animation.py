"""The frame schedule of an animation: which steps get a frame, and how each path is cut into chunks.

The JSON of an animation must grow linearly with the number of steps. A frame that repeats the path so far
costs O(steps) per frame and O(steps x frames) in all (82 MB for 6 lanes x 1,000 steps). Here:

- every path is cut once into ``S`` static chunk traces (exact, sent once); base frames switch a chunk on
  when it is complete. ``S`` stays small (about 10) because plotly.js spends time on every trace of the
  figure at every frame.
- each chunk is cut into finer pieces; at each fine boundary a base frame sets one "mid" trace per path to
  the part of the current chunk that is complete;
- a frame carries only the "head": the points since the last fine boundary, and the markers.

Frames are self-contained through plotly.js's ``baseframe`` chains, so the slider can jump backwards.
"""

import itertools

import numpy as np


def frame_steps(n_steps: int, max_frames: int = 200) -> np.ndarray:
    """The steps that get a frame: ``0`` and ``n_steps`` always, at most ``max_frames`` evenly spaced steps.

    >>> frame_steps(4, 10).tolist()
    [0, 1, 2, 3, 4]
    >>> frame_steps(1000, 3).tolist()
    [0, 500, 1000]
    """
    n_steps = max(int(n_steps), 0)
    count = int(min(n_steps + 1, max(int(max_frames), 2)))
    return np.unique(np.round(np.linspace(0, n_steps, count)).astype(int))


def chunk_bounds(n_steps: int, n_chunks: int = 24) -> np.ndarray:
    """Chunk boundaries ``b_0 = 0 < b_1 < ... < b_S = n_steps``; chunk ``j`` holds rows ``b_j .. b_{j+1}``.

    Neighbouring chunks share their boundary row so that the drawn line has no gap.
    """
    n_steps = max(int(n_steps), 0)
    if n_steps == 0:
        return np.array([0, 0])
    count = int(min(max(int(n_chunks), 1), n_steps))
    return np.unique(np.round(np.linspace(0, n_steps, count + 1)).astype(int))


def fine_chunks(n_chunks: int, n_frames: int) -> int:
    """How many fine pieces to cut each chunk into, for ``n_frames`` frames.

    Per path, the base frames hold on average half a chunk per fine boundary, ``P (T / S) / 2`` points for
    ``P`` fine boundaries, and the frames half a fine piece each, ``F (T / P) / 2`` points. The sum is
    smallest at ``P = sqrt(F S)``: about ``sqrt(F / S)`` pieces per chunk.
    """
    return max(1, round(np.sqrt(max(n_frames, 1) / max(n_chunks, 1))))


def refine_bounds(bounds: np.ndarray, pieces: int) -> np.ndarray:
    """Cut every chunk ``bounds[j] .. bounds[j + 1]`` into ``pieces`` near-equal pieces.

    The result contains every boundary of ``bounds``.
    """
    parts = [np.round(np.linspace(a, b, pieces + 1)).astype(int) for a, b in itertools.pairwise(bounds)]
    return np.unique(np.concatenate(parts or [bounds]))


def completed_chunks(bounds: np.ndarray, step: int) -> int:
    """How many chunks end at or before ``step`` (all of them are drawn in full at that step)."""
    return int(np.searchsorted(bounds[1:], step, side="right"))


def finite_length(positions: np.ndarray) -> int:
    """The number of leading rows whose coordinates are all finite (a diverged path stops there)."""
    positions = np.asarray(positions, dtype=float)
    if positions.size == 0:
        return 0
    bad = ~np.all(np.isfinite(positions.reshape(len(positions), -1)), axis=1)
    return int(np.argmax(bad)) if bad.any() else len(positions)
