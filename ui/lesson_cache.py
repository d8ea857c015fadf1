"""The lesson pages' experiments, cached once per server on plain values and shared by every visitor.

The Activation functions and Initialisation pages measure the same thing for everyone who opens them with
the same settings, so their results are ``st.cache_data`` entries keyed by those settings alone (the
``_stop`` of a call, the visitor's own deadline, is left out of the key by its underscore). They live here
rather than in the page scripts so that :mod:`ui.warm` can compute the pages' defaults in the background
when the server starts, before the first visitor asks (:func:`defaults` lists them).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

import nets
from nets import lesson_settings, lessons, lessons_extra
from ui import cache

X = np.linspace(-5.0, 5.0, 401)  # the gallery's window
DEPTH_ACTIVATIONS = {  # the depth lesson's networks: activation -> its initialisation
    "sigmoid": "xavier_normal",
    "tanh": "xavier_normal",
    "relu": "kaiming_normal",
}


@st.cache_data(max_entries=32, ttl=cache.TTL)
def measured(name: str, params: tuple):
    """Properties, f and f' on the plotted window."""
    props = lessons.activation_properties(name, **dict(params))
    entry = nets.activations.get(name)
    resolved = entry.resolve(dict(params))
    return props, entry.fn(X, **resolved), entry.derivative(X, **resolved)


@st.cache_data(max_entries=16, ttl=cache.TTL)
def cost(name: str, _stop=None) -> tuple[float, float]:
    return lessons.cost_per_million(name, stop=_stop)


@st.cache_data(max_entries=16, ttl=cache.TTL)
def depth_lesson(depth: int):
    products = {name: lessons.derivative_product(name, depth) for name in DEPTH_ACTIVATIONS}
    norms = {
        f"{name} ({scheme})": lessons.gradient_norms_at_init(
            name, depth, 32, scheme, {"nonlinearity": "relu"} if name == "relu" else None
        )
        for name, scheme in DEPTH_ACTIVATIONS.items()
    }
    return products, norms


@st.cache_data(max_entries=4, ttl=cache.TTL)
def zigzag():
    rng = np.random.default_rng(0)
    upstream = rng.standard_normal(1000)
    positive_share = lessons.same_sign_share(rng.uniform(0, 1, (1000, 2)), upstream)
    centred_share = lessons.same_sign_share(rng.standard_normal((1000, 2)), upstream)
    positive, path_share = lessons.quadrant_path(positive=True)
    centred, centred_path_share = lessons.quadrant_path(positive=False)
    return positive, centred, positive_share, centred_share, path_share, centred_path_share


@st.cache_data(max_entries=4, ttl=cache.TTL)
def collapse(_stop=None):
    return lessons_extra.linear_collapse(stop=_stop)


@st.cache_data(max_entries=16, ttl=cache.TTL)
def dying(lr: float):
    names = ("relu", "leaky_relu", "elu")
    rows = [lessons.dead_after_large_step(name, lr=lr) for name in names]
    return names, np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


@st.cache_data(max_entries=24, ttl=cache.TTL)
def experiment(activation: str, setting: str, layers: int, width: int, points: int, _stop=None):
    """cs231n's deep-network experiment (:func:`nets.lessons.deep_init_experiment`)."""
    return lessons.deep_init_experiment(activation, setting, layers, width, points, stop=_stop)


def defaults(stop=None) -> list[Callable[[], object]]:
    """What the two lesson pages compute when opened with their default settings, one call each, in the
    order a visitor's page asks for them (the key figures first); ``stop`` goes to the long ones."""
    page = {p.name: p.default for p in lesson_settings.ACTIVATION_PAGE}
    init = {p.name: p.default for p in lesson_settings.INIT_PAGE}
    calls: list[Callable[[], object]] = []
    for name in nets.activations.names():
        params = tuple(sorted(lesson_settings.activation_params(page, name).items()))
        calls.append(lambda name=name, params=params: measured(name, params))
        calls.append(lambda name=name: cost(name, _stop=stop))
    calls += [lambda: depth_lesson(page["depth"]), zigzag, lambda: collapse(_stop=stop)]
    calls.append(lambda: dying(page["lr"]))
    activation, layers = init["activation"], init["layers"]
    shape = init["setting"], layers, init["width"], init["points"]
    calls.append(lambda: experiment(activation, *shape, _stop=stop))
    # the comparison of every setting (the page's TITLES, in lesson_settings' order)
    size = lesson_settings.COMPARE_WIDTH, lesson_settings.COMPARE_POINTS
    settings = lesson_settings.INIT_SETTINGS
    calls += [lambda s=s: experiment(activation, s, layers, *size, _stop=stop) for s in settings]
    return calls
