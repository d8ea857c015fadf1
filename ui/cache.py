"""The page's heavy pure calls, cached on plain values (the keys of :mod:`playground.keys`).

A surface holds functions, so it is shared (``cache_resource``) rather than pickled; trajectories are data
and cached per lane, so changing one lane's learning rate recomputes that lane only.

Every cache is bounded by entries and by time, sized so that memory stays bounded on a shared server: a
5,000-step lane is about 1 MB pickled, so the lanes take at most about 64 MB; an entry unused for
:data:`TTL` seconds is dropped.
"""

from __future__ import annotations

import streamlit as st

import surfaces
from playground import compute
from playground.keys import lane_from_key
from playground.state import CUSTOM
from surfaces.theory import QuadraticTheory, quadratic_theory

TTL = 900


@st.cache_resource(max_entries=32, ttl=TTL, show_spinner=False)
def surface(key: tuple):
    """The Surface of ``key = (name, params, expression)``; ``ValueError`` for a bad formula."""
    name, params, expression = key
    if name == CUSTOM:
        return surfaces.from_expression(expression)
    return surfaces.get(name, **dict(params))


@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False)
def trajectory(
    surface_key: tuple, lane_key: tuple, start: tuple, steps: int, average: str | None, _stop=None
):
    """One lane's :class:`optimizers.Trajectory` (the lane written as :func:`playground.keys.lane_key`).

    ``_stop`` (left out of the cache key by its underscore) is the run loop's stop (:mod:`ui.budget`).
    """
    lane = lane_from_key(lane_key)
    return compute.run_lane(surface(surface_key), lane, start, steps, average=average, stop=_stop)


@st.cache_data(max_entries=64, ttl=TTL, show_spinner=False)
def theory(surface_key: tuple) -> QuadraticTheory | None:
    """The quadratic theory of the surface; None unless its Hessian is constant and positive definite."""
    return quadratic_theory(surface(surface_key))
