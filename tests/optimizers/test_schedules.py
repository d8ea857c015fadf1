"""Learning-rate schedules: torch's sequences, the lecture's shapes, the registry and its errors."""

import json
import math
import pathlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizers import schedules

GOLDEN = json.loads(
    (pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "schedules.json").read_text()
)


@pytest.mark.parametrize(
    "case", GOLDEN["cases"], ids=[f"{c['schedule']}-{c['torch']}-{i}" for i, c in enumerate(GOLDEN["cases"])]
)
def test_matches_torch_lr_scheduler(case):
    schedule = schedules.get(case["schedule"], **case["params"])
    ours = schedule.lrs(case["base_lr"], case["steps"])
    np.testing.assert_allclose(ours, case["lrs"], rtol=1e-12, atol=1e-300)


def test_golden_covers_every_schedule():
    assert {c["schedule"] for c in GOLDEN["cases"]} == set(schedules.names())


def test_registry_order_and_specs():
    assert schedules.names() == ["constant", "step", "exponential", "cosine", "warmup", "one_cycle"]
    for name in schedules.names():
        spec = schedules.spec(name)
        assert spec.name == name and spec.title and spec.latex and "\n" not in spec.description
        schedule = schedules.get(name)
        assert schedule.name == name
        assert schedule.params == {p.name: p.default for p in spec.params}


def test_schedules_are_frozen_and_hashable():
    schedule = schedules.get("step", step_size=5)
    with pytest.raises(AttributeError):
        schedule.gamma = 0.5
    twin = schedules.get("step", step_size=5)
    assert schedule == twin and hash(schedule) == hash(twin)


def test_step_decay_closed_form():
    schedule = schedules.get("step", step_size=3, gamma=0.5)
    assert [schedule(1.0, t) for t in range(1, 8)] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_cosine_reaches_eta_min_at_t_max_and_the_run_length_by_default():
    assert schedules.get("cosine", T_max=10, eta_min=0.01)(0.1, 11) == pytest.approx(0.01, abs=1e-15)
    whole_run = schedules.get("cosine")
    lrs = whole_run.lrs(0.1, 20)  # T_max = 20: step 11 is half-way
    assert lrs[0] == 0.1 and lrs[10] == pytest.approx(0.05) and np.all(np.diff(lrs) < 0)


def test_warmup_rises_linearly_then_holds():
    lrs = schedules.get("warmup", start_factor=0.1, warmup_steps=4).lrs(1.0, 8)
    np.testing.assert_allclose(lrs, [0.1, 0.325, 0.55, 0.775, 1.0, 1.0, 1.0, 1.0])


def test_one_cycle_peaks_at_base_lr_and_ends_far_below_it():
    lrs = schedules.get("one_cycle", pct_start=0.3).lrs(0.1, 100)
    peak = int(np.argmax(lrs))
    assert lrs[peak] == pytest.approx(0.1) and peak == 29
    assert lrs[0] == pytest.approx(0.1 / 25) and lrs[-1] == pytest.approx(0.1 / 25 / 1e4)
    assert np.all(np.diff(lrs[: peak + 1]) > 0) and np.all(np.diff(lrs[peak:]) < 0)


def test_one_cycle_holds_the_final_rate_past_total_steps():
    schedule = schedules.get("one_cycle", total_steps=20)
    assert schedule(0.1, 25) == schedule(0.1, 20) == pytest.approx(0.1 / 25 / 1e4)


def test_run_length_schedules_need_a_length():
    with pytest.raises(ValueError, match="T_max = 0 means the run's number of steps"):
        schedules.get("cosine")(0.1, 1)
    assert schedules.get("cosine", T_max=10)(0.1, 1) == 0.1


def test_steps_are_one_based():
    with pytest.raises(ValueError, match="1-based"):
        schedules.get("constant")(0.1, 0)


def test_unknown_name_lists_the_names():
    names = "constant, step, exponential, cosine, warmup, one_cycle"
    with pytest.raises(KeyError, match=f"unknown schedule 'cyclic'; choose one of {names}"):
        schedules.get("cyclic")


def test_unknown_parameter_is_a_type_error():
    with pytest.raises(TypeError, match=r"unexpected parameter.*milestones"):
        schedules.get("step", milestones=(3, 5))


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("step", {"step_size": 0}, "step_size must be at least 1"),
        ("step", {"step_size": 2.5}, "step_size must be a whole number"),
        ("step", {"gamma": 0.0}, "gamma must be greater than 0"),
        ("exponential", {"gamma": math.nan}, "gamma must be a finite number"),
        ("cosine", {"eta_min": -1.0}, "eta_min must be at least 0"),
        ("warmup", {"start_factor": 1.5}, "start_factor must be at most 1"),
        ("warmup", {"warmup_steps": "5"}, "warmup_steps must be a whole number"),
        ("one_cycle", {"pct_start": 0.0}, "pct_start must be greater than 0"),
        ("one_cycle", {"div_factor": True}, "div_factor must be a finite number"),
    ],
)
def test_bad_values_say_which_parameter(name, params, message):
    with pytest.raises(ValueError, match=message):
        schedules.get(name, **params)


def test_whole_number_floats_become_ints():
    schedule = schedules.get("step", step_size=4.0)
    assert schedule.step_size == 4 and isinstance(schedule.step_size, int)


@settings(max_examples=60, deadline=None)
@given(
    base_lr=st.floats(1e-6, 10.0),
    total=st.integers(1, 400),
    pct_start=st.floats(0.01, 1.0),
    div_factor=st.floats(1.0, 1e4),
    final_div_factor=st.floats(1.0, 1e6),
)
def test_one_cycle_stays_between_its_floor_and_the_peak(
    base_lr, total, pct_start, div_factor, final_div_factor
):
    schedule = schedules.get(
        "one_cycle", pct_start=pct_start, div_factor=div_factor, final_div_factor=final_div_factor
    )
    lrs = schedule.lrs(base_lr, total)
    floor = base_lr / div_factor / final_div_factor
    assert np.all(np.isfinite(lrs))
    assert np.all(lrs <= base_lr * (1 + 1e-12)) and np.all(lrs >= floor * (1 - 1e-12))


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["step", "exponential", "cosine"]),
    base_lr=st.floats(1e-6, 10.0),
    steps=st.integers(1, 300),
    gamma=st.floats(0.01, 1.0),
)
def test_decays_never_increase_within_their_period(name, base_lr, steps, gamma):
    params = {"cosine": {}, "step": {"step_size": 7, "gamma": gamma}, "exponential": {"gamma": gamma}}[name]
    lrs = schedules.get(name, **params).lrs(base_lr, steps)
    assert lrs[0] == base_lr and np.all(np.diff(lrs) <= 0) and np.all(lrs >= 0)
