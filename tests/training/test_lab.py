"""The network lab's URL state: round trips, notices for everything malformed, nothing raises."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import training
from training import lab
from training.lab import Config, LabState

COMPARE = LabState(
    dataset="blobs",
    dataset_params=(
        ("n_classes", 4),
        ("noise", 0.2),
        ("offset", (3.0, -1.5)),
        ("preprocessing", "standardise"),
    ),
    configs=(
        Config(network=(("activation", "tanh"), ("hidden_layers", 3))),
        Config(
            network=(("activation", "tanh"), ("dropout", 0.5), ("hidden_layers", 3)),
            optimizer="sgd",
            hyperparams=(("lr", 0.1), ("momentum", 0.9)),
            schedule="step",
            schedule_params=(("gamma", 0.5), ("step_size", 20)),
        ),
    ),
    steps=800,
    batch=32,
    seed=3,
)


@pytest.mark.parametrize("state", [LabState(), COMPARE])
def test_round_trip(state):
    assert lab.from_query(lab.to_query(state)) == (state, [])


def test_the_url_reads_like_the_settings():
    query = lab.to_query(COMPARE)
    assert query["data"] == "blobs:n_classes=4,noise=0.2,offset=3|-1.5,preprocessing=standardise"
    assert query["opt2"] == "sgd:lr=0.1,momentum=0.9,schedule=step,schedule.gamma=0.5,schedule.step_size=20"
    assert query["net2"] == "activation=tanh,dropout=0.5,hidden_layers=3"
    assert lab.to_query(LabState()) == {"data": "two_moons", "opt1": "adam:lr=0.01"}


def test_both_configurations_train_on_the_same_data_and_seed():
    first, second = lab.network_spec(COMPARE, 0), lab.network_spec(COMPARE, 1)
    assert first.dataset_params == second.dataset_params and first.init_seed == second.init_seed == 3
    assert first.hidden == (8, 8, 8) and second.dropout == 0.5 and first.dropout == 0
    assert first.init_params == (("nonlinearity", "tanh"),)  # Kaiming with tanh's gain
    run = training.train(
        first, lab.optimizer_of(COMPARE.configs[0]), steps=5, batch_size=COMPARE.batch, checkpoints=2
    )
    assert run.grid_outputs.shape[-1] == 4
    assert isinstance(lab.schedule_of(COMPARE.configs[1]), optimizers.schedules.Schedule)


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"data": "moons"}, "Unknown data set 'moons'"),
        ({"data": "xor:n_points=5"}, "n_points must be between 20 and 2000"),
        ({"data": "xor:colour=red"}, "has no parameter 'colour'"),
        ({"opt1": "adamm"}, "unknown optimizer 'adamm'"),
        ({"opt1": "adam:lr=-1"}, "lr must be between"),
        ({"opt1": "adam:schedule=sometimes"}, "unknown schedule 'sometimes'"),
        ({"net1": "width=99"}, "width must be between 1 and 32"),
        ({"net1": "activation=swish"}, "activation must be one of"),
        ({"net1": "nonsense"}, "is not key=value"),
        ({"steps": "1e9"}, "steps must be between 1 and 5000"),
        ({"data": "blobs", "net1": "loss=binary_cross_entropy"}, "needs 2 classes"),
        ({"data": "xor:n_points=40", "batch": "500"}, "larger than the 28 training points"),
    ],
)
def test_malformed_links_fall_back_with_a_notice(query, notice):
    state, notices = lab.from_query(query)
    assert any(notice in n for n in notices), notices
    lab.network_spec(state)  # and what is left trains
    lab.optimizer_of(state.configs[0])


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["data", "opt1", "net1", "opt2", "net2", "steps", "batch", "seed"]),
        st.text(max_size=40),
    )
)
def test_no_query_makes_it_raise(query):
    state, notices = lab.from_query(query)
    assert isinstance(notices, list)
    for index in range(len(state.configs)):
        lab.network_spec(state, index)


def test_a_run_that_learns_nothing_gets_the_hint_to_raise_the_learning_rate():
    state = lab.LabState(configs=(lab.Config(optimizer="sgd", hyperparams=(("lr", 1e-6),)),), steps=100)
    config = state.configs[0]
    stuck = training.train(lab.network_spec(state), lab.optimizer_of(config), 100, checkpoints=2, grid=2)
    assert "The loss has not moved" in lab.hint(stuck) and "larger learning rate" in lab.hint(stuck)
    state = lab.LabState(steps=100)
    learning = training.train(lab.network_spec(state), lab.optimizer_of(state.configs[0]), 100, grid=2)
    assert lab.hint(learning) is None


def test_the_picker_starts_sgd_at_a_rate_that_learns_and_others_at_torchs_defaults():
    assert lab.start_hyperparams("sgd") == {"lr": 0.1}
    assert lab.start_hyperparams("adagrad") == {}


def test_batch_norm_in_the_url_and_a_one_sample_batch_refused():
    state, notices = lab.from_query({"net1": "norm=batch", "batch": "16"})
    assert notices == [] and lab.network_spec(state).norm == "batch"
    assert lab.to_query(state)["net1"] == "norm=batch"
    state, notices = lab.from_query({"net1": "norm=batch", "batch": "1"})
    assert state.batch == 0 and "at least 2 samples" in notices[0]
    assert lab.from_query({"net1": "norm=layer"})[1][0].startswith("Configuration 1: norm must be one of")


def test_augmentation_is_a_training_option_of_each_configuration():
    query = {"net1": "augment=jitter,copies=3,strength=0.2", "opt2": "adam:lr=0.01"}
    state, notices = lab.from_query(query)
    assert notices == []
    spec, plain_spec = lab.network_spec(state, 0), lab.network_spec(state, 1)
    assert (spec.augment, spec.augment_copies, spec.augment_strength) == ("jitter", 3, 0.2)
    assert plain_spec.augment == "none"
    assert lab.to_query(state)["net1"] == "augment=jitter,copies=3,strength=0.2"
    data, objective, _ = training.build(spec)
    plain_data, plain_objective, _ = training.build(plain_spec)
    assert len(objective.inputs) == 4 * len(plain_objective.inputs)
    np.testing.assert_array_equal(data.validation_inputs, plain_data.validation_inputs)
    # the budget prices the points it trains on: four times the rows of every step
    per_step = training.cost.step_seconds(spec, "adam", {})
    plain_per_step = training.cost.step_seconds(plain_spec, "adam", {})
    rows, plain_rows = len(objective.inputs), len(plain_objective.inputs)
    extra = training.cost.eval_seconds(objective.architecture, rows) - training.cost.eval_seconds(
        objective.architecture, plain_rows
    )
    assert extra > 0 and per_step - plain_per_step == pytest.approx(extra)
    assert lab.from_query({"net1": "augment=rotate"})[1][0].startswith("Configuration 1: augment must be")


def test_the_budget_sentence_counts_augmented_points():
    plain = lab.describe(lab.from_query({})[0])
    augmented = lab.describe(lab.from_query({"net1": "augment=jitter,copies=2"})[0])
    assert "on 400 points" in plain and "on 960 points" in augmented  # 280 training x 3 + 120 validation


def test_a_width_per_layer_travels_in_the_link_and_shapes_the_network():
    query = {"data": "xor", "net1": "hidden_layers=3,width=6,width2=2,width3=4", "opt1": "adam:lr=0.01"}
    state, notices = lab.from_query(query)
    assert notices == [] and lab.to_query(state) == query
    assert lab.widths(state.configs[0]) == (6, 2, 4)
    assert lab.network_spec(state).hidden == (6, 2, 4)
    assert "6-2-4 network" in lab.describe(state)
    state, notices = lab.from_query({"net1": "width2=33"})
    assert lab.widths(state.configs[0]) == (8, 8) and "width2" in notices[0]


def test_the_ensembles_are_in_the_link_and_the_members_in_the_price():
    state = lab.LabState(ensemble=4, snapshots=10)
    assert lab.to_query(state)["ensemble"] == "4" and lab.to_query(state)["snapshots"] == "10"
    assert lab.from_query(lab.to_query(state)) == (state, [])
    assert "ensemble" not in lab.to_query(lab.LabState())
    alone, with_members = lab.seconds(lab.LabState()), lab.seconds(lab.LabState(ensemble=4))
    config = lab.LabState().configs[0]
    member_step = training.cost.step_seconds(
        lab.network_spec(lab.LabState()), "adam", lab._hyperparams(config)
    )
    assert with_members[0] == pytest.approx(alone[0] + 4 * member_step)  # four more runs, step for step
    assert with_members[1] > alone[1]
    assert lab.seconds(lab.LabState(snapshots=10)) == alone  # averaging checkpoints trains nothing
    assert "and 4 ensemble members" in lab.describe(lab.LabState(ensemble=4))
    loaded, notices = lab.from_query({"ensemble": "99"})
    assert loaded.ensemble == 0 and notices
