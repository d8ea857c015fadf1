"""Param: one description drives validation, parsing and formatting."""

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
