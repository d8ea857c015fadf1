"""Issue 15's optimizers reach every place an optimizer appears: the picker's list, the URL, the command
line and the inspector (its state fields), each with a non-default setting, plus the words the lane editor
shows and, where the method returns an averaged point, that point on the map."""

import json

import numpy as np
import pytest

import optimizers
import scenes
from playground import compute
from playground.cli import main
from playground.inspect import step_view, table_markdown
from playground.picture import lanes_key, path_arrays
from playground.state import Lane, PlaygroundState, from_query, to_query

# one non-default setting each, besides lr (also the CLI's --set values)
NEW = {
    "rprop": ({"lr": 0.05, "etas": (0.4, 1.3)}, "etas=0.4,1.3"),
    "asgd": ({"lr": 1e-3, "t0": 20.0}, "t0=20"),
    "adafactor": ({"lr": 0.05, "d": 2.0}, "d=2"),
    "lion": ({"lr": 0.01, "betas": (0.8, 0.95)}, "betas=0.8,0.95"),
    "schedule_free_sgd": ({"lr": 1e-3, "momentum": 0.5}, "momentum=0.5"),
    "schedule_free_adamw": ({"lr": 0.05, "warmup_steps": 5}, "warmup_steps=5"),
    "prodigy": ({"lr": 1.0, "d_coef": 0.5}, "d_coef=0.5"),
}
AVERAGED = {"asgd": "average", "schedule_free_sgd": "averaged_point", "schedule_free_adamw": "averaged_point"}


def _state(name):
    return PlaygroundState(surface="rosenbrock", lanes=(Lane(name, NEW[name][0]),), steps=30)


def test_every_new_optimizer_is_in_the_picker_list():
    names = optimizers.names()  # what the lane editor's picker offers (ui/lanes.py)
    assert set(NEW) <= set(names)
    assert "muon" not in names  # Muon needs weight matrices: the network lab offers it, not the 2D picker


@pytest.mark.parametrize("name", NEW)
def test_new_optimizer_round_trips_through_the_url(name):
    state = _state(name)
    query = to_query(state, scenes.presets())
    assert query["lane1"].startswith(name + ":")
    assert from_query(query, scenes.presets()) == (state, [])


@pytest.mark.parametrize("name", NEW)
def test_new_optimizer_runs_from_the_command_line_with_its_setting(name, capsys):
    hyperparams, setting = NEW[name]
    argv = ["--surface", "rosenbrock", "--optimizer", name, "--set", f"lr={hyperparams['lr']}"]
    status = main([*argv, "--set", setting, "--steps", "30", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    _, (run,) = compute.run_state(_state(name))
    assert run.diverged_at is None
    lane = json.loads(out)["lanes"][0]
    assert lane["optimizer"] == name and set(hyperparams) <= set(lane["hyperparams"])
    np.testing.assert_allclose(np.array(lane["positions"]), run.positions, rtol=1e-12)


@pytest.mark.parametrize("name", NEW)
def test_inspector_shows_every_state_field_of_the_new_optimizer(name):
    state = _state(name)
    _, (run,) = compute.run_state(state)
    view = step_view(state.lanes[0], run, 10)
    spec = optimizers.spec(name)
    assert set(spec.state_labels) <= set(run.states)
    table = table_markdown(state.lanes[0], view)
    for field, label in spec.state_labels.items():
        if field in view.states:
            assert f"${label}$" in table, field
    assert len(view.states) >= 2


@pytest.mark.parametrize("name", NEW)
def test_new_optimizer_has_a_description_and_says_what_it_shows_on_a_surface(name):
    spec = optimizers.spec(name)
    assert 20 <= len(spec.description) <= 200
    assert 120 <= len(spec.on_surface) <= 500 and spec.on_surface.count(". ") <= 3


@pytest.mark.parametrize("name", NEW)
def test_map_draws_the_optimizers_own_averaged_point_where_it_has_one(name):
    state = _state(name)
    surface, runs = compute.run_state(state)
    (path,) = path_arrays(lanes_key(state, tuple(surface.starts[0])), runs, None, surface)
    if name in AVERAGED:
        assert optimizers.spec(name).averaged_field == AVERAGED[name]
        np.testing.assert_array_equal(path.average[1:], runs[0].states[AVERAGED[name]])
        assert path.average_name and path.average_losses.shape == (31,)
    else:
        assert path.average is None and not optimizers.spec(name).averaged_field


def test_prodigy_beta3_and_growth_rate_round_trip_through_url_and_command_line(capsys):
    lane = Lane("prodigy", {"lr": 1.0, "beta3": 0.95, "growth_rate": 1.02})
    state = PlaygroundState(surface="rosenbrock", lanes=(lane,), steps=30)
    query = to_query(state, scenes.presets())
    assert "beta3=0.95" in query["lane1"] and "growth_rate=1.02" in query["lane1"]
    assert from_query(query, scenes.presets()) == (state, [])
    argv = ["--surface", "rosenbrock", "--optimizer", "prodigy", "--set", "beta3=0.95"]
    assert main([*argv, "--set", "growth_rate=1.02", "--steps", "30", "--format", "json"]) == 0
    _, (run,) = compute.run_state(state)
    positions = json.loads(capsys.readouterr().out)["lanes"][0]["positions"]
    np.testing.assert_allclose(np.array(positions), run.positions, rtol=1e-12)
