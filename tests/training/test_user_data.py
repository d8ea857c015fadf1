"""Your own points in the lab's engine: they plug into the state, its link, the network spec (split,
preprocessing, compare mode) and the budget's estimate; the board draws them over its click targets."""

import numpy as np
from hypothesis import given

import datasets
import training
from datasets import user
from tests.fuzz import assert_short, fuzz, near
from training import cost, lab
from viz.lab_points import board_figure


def _set(n: int, task: str = "classification") -> user.UserSet:
    rows = [(np.cos(i), np.sin(2 * i), i % 3 if task == "classification" else np.sin(i)) for i in range(n)]
    header = "x1,x2,label" if task == "classification" else "x1,x2,y"
    return user.parse_csv(header + "\n" + "\n".join(",".join(map(str, row)) for row in rows))


def test_your_points_replace_the_data_set_keep_the_split_and_round_trip_through_the_link():
    state = lab.LabState(dataset_params=(("n_points", 300), ("validation_fraction", 0.5)))
    mine = lab.with_points(state, user.encode(_set(40)))
    assert mine.dataset == "user" and dict(mine.dataset_params)["validation_fraction"] == 0.5
    assert "n_points" not in dict(mine.dataset_params)
    assert lab.from_query(lab.to_query(mine)) == (mine, [])
    data = datasets.get(mine.dataset, **dict(mine.dataset_params))
    assert (len(data.train_inputs), len(data.validation_inputs), data.n_classes) == (20, 20, 3)


def test_regression_points_train_with_the_squared_error_in_compare_mode():
    state = lab.with_points(lab.LabState(), user.encode(_set(30, "regression")))
    state = lab.from_query({**lab.to_query(state), "opt2": "sgd:lr=0.05"})[0]
    assert state.dataset == "user_regression" and len(state.configs) == 2
    for index in range(2):
        spec = lab.network_spec(state, index)
        assert spec.loss == "mse"
        run = training.train(spec, lab.optimizer_of(state.configs[index]), 20, checkpoints=3)
        assert np.isfinite(run.train_loss).all() and run.train_loss[-1] < run.train_loss[0]


def test_the_budget_prices_your_set_by_its_size():
    small = lab.network_spec(lab.with_points(lab.LabState(), user.encode(_set(20))))
    large = lab.network_spec(lab.with_points(lab.LabState(), user.encode(_set(2000))))
    assert cost.step_seconds(large, "adam", {}) > cost.step_seconds(small, "adam", {})
    assert "2,000 points of Your points" in lab.describe(
        lab.with_points(lab.LabState(), user.encode(_set(2000)))
    )


def test_a_set_over_the_link_cap_travels_by_reference_on_this_server():
    state = lab.with_points(lab.LabState(), user.encode(_set(user.MAX_URL_POINTS + 1)))
    assert lab.to_query(state)["data"].startswith("user:points=#")
    assert lab.from_query(lab.to_query(state)) == (state, [])


def test_the_board_draws_each_class_over_a_grid_of_click_targets():
    mine = _set(12)
    figure = board_figure(mine.points, mine.targets, "classification")
    assert len(figure["data"]) == 1 + 3 and figure["data"][0]["marker"]["color"] == "rgba(0,0,0,0)"
    (x_low, x_high), (y_low, y_high) = figure["layout"]["xaxis"]["range"], figure["layout"]["yaxis"]["range"]
    assert x_low < mine.points[:, 0].min() and mine.points[:, 0].max() < x_high
    assert y_low < mine.points[:, 1].min() and mine.points[:, 1].max() < y_high
    empty = board_figure(np.empty((0, 2)), np.empty(0), "classification")
    assert len(empty["data"]) == 1 and empty["layout"]["xaxis"]["range"] == [-0.55 * 3, 0.55 * 3]


VALID = user.encode(_set(12))


@fuzz(120)
@given(
    near(
        ("user", "user_regression", ":points=", VALID, VALID[:9], "#", ",seed=2", "c", "r"),
        ":=,#%",
        text=12,
        pieces=6,
    )
)
def test_any_data_value_naming_your_points_gives_a_state_that_round_trips(text):
    state, notices = lab.from_query({"data": text, "steps": "5"})
    assert_short(notices)
    assert lab.from_query(lab.to_query(state)) == (state, [])
    if state.dataset in datasets.USER_SETS:
        assert user.MIN_POINTS <= len(user.decode(dict(state.dataset_params)["points"])) <= user.MAX_POINTS


def test_the_board_colours_regression_points_by_their_value():
    mine = _set(12, "regression")
    figure = board_figure(mine.points, mine.targets, "regression")
    assert len(figure["data"]) == 2 and figure["data"][1]["marker"]["color"] == list(mine.target)
    assert figure["data"][1]["marker"]["colorscale"] == "RdBu"
    assert len(board_figure(np.empty((0, 2)), np.empty(0), "regression")["data"]) == 2
