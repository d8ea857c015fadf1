"""The explorer page's settings: URL round trip, malformed links, the budget and the sweep's axes."""

import numpy as np
import pytest

import surfaces
from explorer import settings as explorer_settings
from explorer.settings import ExplorerSettings, from_query, sweep_axes, to_query
from playground import state as playground_state


def test_settings_survive_the_url_round_trip():
    edited = ExplorerSettings(
        tool="sweep",
        grid=120,
        tol=1e-4,
        x="lr",
        xr=(1e-4, 0.5),
        y="none",
        cells=12,
        members=20,
        compare="batch_size",
        levels=(4.0, 64.0),
        lrs=(1e-6, 1.0),
        ramp=300,
    )
    query = to_query(edited)
    assert from_query(query) == (edited, {}, [])
    assert to_query(ExplorerSettings()) == {"tool": "basins"}


def test_playground_keys_pass_through_untouched():
    parsed, rest, notices = from_query({"tool": "range", "surface": "ravine", "lane1": "sgd:lr=0.1"})
    assert parsed.tool == "range" and notices == []
    assert rest == {"surface": "ravine", "lane1": "sgd:lr=0.1"}


def test_explorer_keys_never_collide_with_the_playground_or_a_surface_parameter():
    surface_params = {p.name for name in surfaces.names() for p in surfaces.spec(name).params}
    assert not set(explorer_settings.KEYS) & (set(playground_state.RESERVED) | surface_params)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"tool": "telescope"}, "tool must be one of basins, sweep, ensemble, range"),
        ({"grid": "100000"}, "grid must be between 8 and 200"),
        ({"tol": "nan"}, "tol must be finite"),
        ({"xr": "1,0.1"}, "xr must be two increasing numbers"),
        ({"levels": "4"}, "levels must be two numbers separated by a comma"),
        ({"cells": "<script>"}, "cells must be a number"),
    ],
)
def test_a_malformed_value_falls_back_to_its_default_with_a_notice(query, fragment):
    parsed, _, notices = from_query(query)
    assert len(notices) == 1 and fragment in notices[0]
    key = next(iter(query))
    assert getattr(parsed, key) == getattr(ExplorerSettings(), key)


def test_sweep_axes_are_log_spaced_for_learning_rates_and_linear_for_momentum():
    axes = sweep_axes(ExplorerSettings(cells=5, xr=(1e-3, 10.0), yr=(0.0, 0.8)), "momentum")
    assert np.allclose(axes["lr"], [1e-3, 1e-2, 1e-1, 1.0, 10.0])
    assert np.allclose(axes["momentum"], [0.0, 0.2, 0.4, 0.6, 0.8])


@pytest.mark.parametrize(
    ("edited", "optimizer", "fragment"),
    [
        ({"y": "momentum"}, "adam", "Adam has no momentum; sweep one of lr, eps, weight_decay"),
        ({"y": "lr"}, "sgd", "must be different hyperparameters"),
        ({"xr": (0.0, 1.0)}, "sgd", "its range must start above 0"),
    ],
)
def test_an_axis_the_optimizer_lacks_gets_a_message_naming_the_valid_ones(edited, optimizer, fragment):
    with pytest.raises(ValueError, match=fragment):
        sweep_axes(ExplorerSettings(**edited), optimizer)


def test_a_backward_range_is_refused():
    with pytest.raises(ValueError, match="from a smaller to a larger value"):
        sweep_axes(ExplorerSettings(y="none", xr=(1.0, 0.1)), "sgd")
