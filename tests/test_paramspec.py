"""Param: one description drives validation, parsing and formatting."""

import math

import pytest

from paramspec import Param, resolve

LR = Param("lr", 1e-3, low=1e-6, high=10.0, log=True)
BETAS = Param("betas", (0.9, 0.999), kind="pair", low=0.0, high=1.0)
FLAG = Param("nesterov", False, kind="bool")
STEPS = Param("steps", 200, kind="int", low=1, high=5000)
MODE = Param("variant", "plain", kind="choice", choices=("plain", "bounded"))


@pytest.mark.parametrize(
    ("param", "value"),
    [(LR, 0.02), (BETAS, (0.8, 0.95)), (FLAG, True), (STEPS, 42), (MODE, "bounded")],
)
def test_format_then_parse_round_trips(param, value):
    assert param.parse(param.format(value)) == value


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        (LR, "50", "lr must be between 1e-06 and 10"),
        (LR, "abc", "lr must be a number"),
        (LR, "nan", "lr must be finite"),
        (BETAS, "0.9", "two numbers"),
        (FLAG, "maybe", "true or false"),
        (STEPS, "2.5", "whole number"),
        (MODE, "other", "must be one of plain, bounded"),
    ],
)
def test_bad_text_gives_a_clear_message(param, text, message):
    with pytest.raises(ValueError, match=message):
        param.parse(text)


def test_resolve_fills_defaults_and_rejects_unknown_names():
    assert resolve((LR, FLAG), {"lr": 0.5}, owner="sgd") == {"lr": 0.5, "nesterov": False}
    with pytest.raises(TypeError, match="unexpected parameter"):
        resolve((LR,), {"lrr": 0.5}, owner="sgd")


def test_numpy_numbers_are_numbers():
    import numpy as np

    assert STEPS.validate(np.int64(7)) == 7 and isinstance(STEPS.validate(np.int64(7)), int)
    assert LR.validate(np.float64(0.5)) == 0.5


def test_an_optional_param_takes_none_as_the_librarys_own_rule_written_none():
    beta3 = Param("beta3", None, low=0.0, high=1.0, optional=True, suggested=0.99)
    assert beta3.validate(None) is None and beta3.parse("none") is None and beta3.format(None) == "none"
    assert beta3.parse(beta3.format(0.9)) == 0.9
    with pytest.raises(ValueError, match="beta3 must be between 0 and 1"):
        beta3.parse("2")
    with pytest.raises(ValueError, match="must be a number"):
        Param("beta", 0.5).parse("none")  # only an optional value may be none


# ---- a slider's value as its steps mean it (ui.params's float sliders) ----------------------------------


def _slider_params():
    """Every float with a slider in the app: optimizers', schedules' and surfaces' parameters."""
    import optimizers
    import surfaces
    from optimizers import schedules

    specs = [optimizers.spec(n) for n in optimizers.names(networks=True)]
    specs += [schedules.spec(n) for n in schedules.names()] + [surfaces.spec(n) for n in surfaces.names()]
    found = {(p.name, p.low, p.high, p.default): p for s in specs for p in s.params if p.slider_step}
    return list(found.values())


def test_decimals_are_those_of_the_shortest_text():
    from paramspec import decimals

    assert [decimals(v) for v in (0.001, 2.5, 1e-07, 10.0, 1.5e-05, 0.35)] == [3, 1, 7, 0, 6, 2]


def test_a_slider_value_reads_as_the_slider_shows_it():
    momentum = Param("momentum", 0.9, low=0.0, high=0.999)
    assert momentum.slider_step == 0.001
    assert 350 * 0.001 != 0.35 and momentum.on_slider(350 * 0.001) == 0.35
    assert momentum.format(momentum.on_slider(350 * 0.001)) == "0.35"
    # a typed value or one from a link, off the steps, is kept as it is
    assert momentum.on_slider(0.3512) == 0.3512 and momentum.on_slider(1 / 3) == 1 / 3
    assert Param("tol", 1e-7, low=0.0, high=0.1).slider_step is None  # its default is off the steps: a box
    assert LR.slider_step is None and LR.on_slider(0.1 + 0.2) == 0.1 + 0.2  # a log slider: no steps


def test_every_slider_grid_value_is_written_short_and_reads_back_the_same():
    params = _slider_params()
    assert len(params) >= 10
    for param in params:
        step = param.slider_step
        count = round((param.high - param.low) / step)  # the first 400 steps and 400 spread over the range
        for k in {*range(min(count, 400) + 1), *range(0, count + 1, max(1, count // 400)), count}:
            for arrived in (param.low + k * step, k * step):  # sums of steps, as a browser adds them
                if not param.low <= arrived <= param.high:
                    continue
                value = param.on_slider(arrived)
                assert abs(value - arrived) <= max(1e-9 * step, 8 * math.ulp(arrived)), (param.name, arrived)
                text = param.format(value)
                assert len(text.partition(".")[2]) <= 3, (param.name, arrived, text)
                assert param.parse(text) == value and param.on_slider(value) == value
