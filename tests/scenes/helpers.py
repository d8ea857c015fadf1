"""Measurements on trajectories, shared by the scene and theory tests."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

import scenes
from playground.compute import build_surface, run_lane, shared_start


@dataclasses.dataclass(frozen=True)
class Run:
    """A state run exactly as the playground runs it: the surface and one trajectory per lane."""

    surface: object
    lanes: tuple


def run_state(state) -> Run:
    surface = build_surface(state)
    start = shared_start(state, surface)
    lanes = tuple(run_lane(surface, lane, start, state.steps, average=state.average) for lane in state.lanes)
    return Run(surface, lanes)


@functools.cache
def run_scene(scene_id: str) -> Run:
    """The scene's preset through ``playground.compute`` (cached: several tests read the same run)."""
    return run_state(scenes.get(scene_id).state)


def distances(positions, target) -> np.ndarray:
    """Euclidean distance of each row of ``positions`` (n, 2) to ``target`` (2,)."""
    return np.linalg.norm(np.asarray(positions, dtype=float) - np.asarray(target, dtype=float), axis=-1)


def steps_to_tolerance(positions, target, tol: float) -> int | None:
    """The first step from which the path stays within ``tol`` of ``target``; None if it never settles.

    Staying, not touching: an oscillating path that crosses the target early counts only once it settles.
    """
    outside = np.flatnonzero(~(distances(positions, target) < tol))  # NaN (diverged) counts as outside
    if outside.size == 0:
        return 0
    if outside[-1] == len(positions) - 1:
        return None
    return int(outside[-1] + 1)


def sign_changes(values) -> int:
    """How many times consecutive entries of ``values`` have opposite signs."""
    signs = np.sign(np.asarray(values, dtype=float))
    return int(np.count_nonzero(signs[1:] * signs[:-1] < 0))


def spread(positions) -> float:
    """Root-mean-square distance of ``positions`` (n, 2) from their own mean: the size of a noise ball."""
    positions = np.asarray(positions, dtype=float)
    return float(np.sqrt(((positions - positions.mean(axis=0)) ** 2).sum(axis=-1).mean()))
