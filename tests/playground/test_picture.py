"""Cache keys and the arrays handed to the plotting layer: plain values that mean exactly the lanes."""

from __future__ import annotations

import numpy as np

from playground import compute
from playground.keys import lane_from_key, lane_key, surface_key
from playground.picture import lane_title, lanes_key, path_arrays
from playground.state import Lane, PlaygroundState


def test_keys_round_trip_and_leave_out_what_does_not_change_a_run():
    lane = Lane(
        "adam",
        {"lr": 0.03, "betas": (0.8, 0.99)},
        "step",
        {"step_size": 5},
        0.1,
        4,
        (1.0, 1.0),
        "#112233",
        "x",
    )
    back = lane_from_key(lane_key(lane))
    assert back == Lane("adam", {"lr": 0.03, "betas": (0.8, 0.99)}, "step", {"step_size": 5}, 0.1, 4)
    renamed = Lane("adam", {"betas": (0.8, 0.99), "lr": 0.03}, "step", {"step_size": 5}, 0.1, 4, label="y")
    assert lane_key(renamed) == lane_key(lane)
    custom = PlaygroundState(surface="custom", expression="x**2")
    assert surface_key(custom) == ("custom", (), "x**2")
    assert surface_key(PlaygroundState(expression="ignored")) == ("ravine", (), "")


def test_picture_arrays_are_the_trajectories_with_their_titles():
    state = PlaygroundState(
        lanes=(Lane("sgd", {"lr": 0.1}), Lane("adam", {"lr": 0.1}, label="mine")), steps=10
    )
    surface, runs = compute.run_state(state)
    lanes = lanes_key(state, tuple(surface.starts[0]))
    paths = path_arrays(lanes, runs, None)
    assert (
        [p.title for p in paths]
        == ["1. SGD · lr 0.1", "2. mine · lr 0.1"]
        == [lane_title(i, lane) for i, lane in enumerate(state.lanes)]
    )
    assert paths[1].positions is runs[1].positions and paths[0].average is None
    averaged = path_arrays(
        lanes, compute.run_state(PlaygroundState(lanes=state.lanes, steps=10, average="ema"))[1], "ema"
    )
    assert averaged[0].average.shape == runs[0].positions.shape


def test_a_lane_named_with_its_rate_does_not_repeat_it_in_the_legend():
    assert lane_title(1, Lane("sgd", {"lr": 0.5}, label="SGD, lr = 0.5")) == "2. SGD, lr = 0.5"
    assert lane_title(0, Lane("sgd", {"lr": 0.5}, label="SGD, lr = 5e-1")) == "1. SGD, lr = 5e-1"
    # another number in the name is not the rate: the rate is still said
    assert lane_title(1, Lane("sgd", {"lr": 0.5}, label="SGD 0.05")) == "2. SGD 0.05 · lr 0.5"
    assert lane_title(0, Lane("sgd", {"lr": 0.5})) == "1. SGD · lr 0.5"


def test_the_map_names_where_a_path_ended_with_the_warnings_words_and_step():
    from choices import stop_words
    from viz.lanes import LanePath, stop_text
    from viz.palette import lane_style

    state = PlaygroundState(
        surface="custom",
        expression="log(x) + y**2",
        lanes=(Lane("sgd", {"lr": 0.3}), Lane("sgd", {"lr": 0.5})),
        start=(2.5, -2.0),
        steps=200,
    )
    surface, runs = compute.run_state(state)
    paths = path_arrays(lanes_key(state, (2.5, -2.0)), runs, None, surface)
    for path, run in zip(paths, runs, strict=True):
        step, left_domain = compute.stop_event(run, surface)
        assert left_domain and path.left_domain and path.diverged_at == step == run.diverged_at - 1
        words = stop_words(step, left_domain=True)
        assert compute.stop_reason(run, surface).startswith(words + ":")  # the warning
        lane = LanePath("", path.positions, path.losses, lane_style(0), path.diverged_at, left_domain=True)
        assert stop_text(lane) == words  # the map's cross, panel and legend
        assert np.isfinite(path.positions[step]).all()  # the map's cross sits on the last drawn point
    ravine = PlaygroundState(surface="ravine", lanes=(Lane("sgd", {"lr": 0.5}),))
    surface, (run,) = compute.run_state(ravine)
    (path,) = path_arrays(lanes_key(ravine, tuple(surface.starts[0])), [run], None, surface)
    assert (
        (path.diverged_at, path.left_domain) == (run.diverged_at, False) == compute.stop_event(run, surface)
    )
