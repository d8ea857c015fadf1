"""Your own data (datasets/user.py): CSV files and link texts are read or refused with one sentence, never
half read; a set's link text gives the same set back; hypothesis fuzzes both readers."""

import math
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets import user
from datasets.user import UserDataError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _csv(rows, header="x1,x2,label"):
    return "\n".join([header, *(",".join(map(str, row)) for row in rows)]) + "\n"


GOOD = [(0.1 * i, -0.2 * i, i % 2) for i in range(12)]


def test_a_csv_of_classes_is_read_as_float32_points_and_labels():
    read = user.parse_csv(_csv(GOOD))
    assert read.task == "classification" and len(read) == 12 and read.n_classes == 2
    assert read.x1[3] == float(np.float32(0.3)) and read.target[:3] == (0, 1, 0)
    assert user.parse_csv(user.to_csv(read)) == read


def test_a_regression_csv_and_a_headerless_one_are_told_apart():
    rows = [(i, i * 0.5, math.sin(i)) for i in range(15)]
    assert user.parse_csv(_csv(rows, "x1,x2,y")).task == "regression"
    assert user.parse_csv(_csv(rows, "")[1:]).task == "regression"  # targets that are not classes
    assert user.parse_csv(_csv(GOOD, "")[1:]).task == "classification"  # whole numbers 0-3


@pytest.mark.parametrize(
    "text, message",
    [
        (_csv(GOOD, "a,b,c"), "the header reads 'a,b,c'"),
        (_csv([*GOOD, (1, 2)]), "row 14 has 2 values; expected 3"),
        (_csv([*GOOD, (1, "abc", 0)]), "row 14: 'abc' is not a number"),
        (_csv([*GOOD, (1, "nan", 0)]), "row 14: x2 is nan, not a finite number"),
        (_csv([*GOOD, ("inf", 1, 0)]), "row 14: x1 is inf"),
        (_csv([(i, i, 1) for i in range(20)]), "every point is class 1"),
        (_csv([*GOOD, (1, 2, 7)]), "row 14: label 7 is not a class 0 to 3"),
        (_csv(GOOD[:4]), "4 points; at least 10"),
        (_csv([(1, 2, 0)] * 100_000), "the file has 100,001 rows; at most 2,000 points"),
        ("", "the file is empty"),
        (b"\xff\xfe\x00bad", "not text"),
    ],
)
def test_malformed_files_get_one_short_sentence(text, message):
    with pytest.raises(UserDataError, match=re.escape(message)):
        user.parse_csv(text)


def test_a_50_mb_upload_is_refused_by_its_size_before_it_is_read():
    with pytest.raises(UserDataError, match=re.escape("50.0 MB; at most 2 MB")):
        user.parse_csv(b"1,2,0\n" * (50_000_000 // 6 + 1))


def test_small_sets_travel_inline_and_come_back_identical():
    read = user.parse_csv(_csv(GOOD))
    text = user.encode(read)
    assert text.startswith("c") and len(text) <= 12 * len(read) + 2
    assert user.decode(text) == read
    assert user.POINTS.parse(text) == text


def test_large_sets_are_kept_on_the_server_and_refused_inline():
    rows = [(i * 0.01, (i % 7) * 0.1, i % 3) for i in range(user.MAX_URL_POINTS + 1)]
    read = user.parse_csv(_csv(rows))
    key = user.encode(read)
    assert key.startswith("#") and len(key) == 17 and user.decode(key) == read
    with pytest.raises(UserDataError, match="links carry at most 300"):
        user.decode(user._inline(read))
    with pytest.raises(UserDataError, match="no longer holds"):
        user.decode("#0123456789abcdef")


def test_clicked_points_build_a_set_that_trains_once_it_has_two_classes_and_ten_points():
    clicked = None
    for i in range(10):
        clicked = user.with_point(clicked, i * 0.1, 0.5, 0, "classification")
    with pytest.raises(UserDataError, match="every point is class 0"):
        user.check(clicked)
    clicked = user.with_point(clicked, 2.0, 2.0, 1, "classification")
    assert user.check(clicked).n_classes == 2


@FUZZ
@given(st.text(max_size=400) | st.binary(max_size=400))
def test_any_file_is_read_or_refused_with_a_sentence(data):
    try:
        read = user.parse_csv(data)
    except UserDataError as error:
        assert str(error) and "\n" not in str(error) and len(str(error)) < 200
    else:
        assert user.MIN_POINTS <= len(read) <= user.MAX_POINTS
        assert all(math.isfinite(v) for v in (*read.x1, *read.x2, *read.target))


cells = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5) | st.sampled_from(["", "x", " 1"])


@FUZZ
@given(st.lists(st.tuples(cells, cells, cells), max_size=30), st.sampled_from(["x1,x2,label", "x1,x2,y", ""]))
def test_tables_of_odd_numbers_are_read_or_refused(rows, header):
    text = _csv(rows, header)
    try:
        read = user.parse_csv(text)
    except UserDataError:
        return
    assert len(read) == len(rows) and user.decode(user.encode(read)) == read


@FUZZ
@given(st.text(alphabet="cr#0123456789abcdefABC_-=%,:", max_size=200))
def test_any_link_text_is_decoded_or_refused(text):
    try:
        read = user.decode(text)
    except UserDataError as error:
        assert str(error)
    else:
        assert user.decode(user.encode(read)) == read
