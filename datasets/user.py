"""Your own data: 2-D points with class labels (or regression targets), from a CSV file or from clicks.

A CSV has the columns ``x1,x2,label`` (classes 0 to 3) or ``x1,x2,y`` (regression), with or without that
header (without one, a third column of whole numbers 0-3 is read as classes). :func:`parse_csv` reads it
with the csv module and raises :class:`UserDataError` with one short sentence for anything it cannot use
(a wrong column count, a non-number, NaN or infinity, a single class, too few or too many rows, a file
too large); nothing is half read. Coordinates and targets are kept as float32 values, so that a set
written into a link comes back bit for bit.

A set is the ``points`` parameter of the data sets ``user`` (classes) and ``user_regression``, one text:

- up to :data:`MAX_URL_POINTS` points inline, ``c`` (classes) or ``r`` (regression) then URL-safe base64
  of the float32 ``x1`` values, the float32 ``x2`` values and the uint8 labels (or float32 targets), about
  12 characters a point;
- a larger set (up to :data:`MAX_POINTS`) as ``#`` and 16 hex digits of its SHA-256: the set itself stays
  in this server's memory (the last :data:`KEPT_SETS` of them), so a link to it works on this server while
  it runs; a link carrying more than :data:`MAX_URL_POINTS` points inline is refused with a message.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from paramspec import Param
from paramspec.registry import excerpt

__all__ = [
    "MAX_POINTS",
    "MAX_URL_POINTS",
    "PointsParam",
    "UserDataError",
    "UserSet",
    "decode",
    "encode",
    "parse_csv",
    "to_csv",
    "with_point",
]

MIN_POINTS = 10  # a validation split of 30 % still keeps 3 points
MAX_POINTS = 2000  # as many as a generated set may have
MAX_URL_POINTS = 300  # about 3,600 characters of link
MAX_BYTES = 2_000_000  # a file's size cap, read before anything is parsed
MAX_CLASSES = 4
MAX_ABS = 1e6  # coordinates and targets: beyond this a network's inputs are not what the lab is about
KEPT_SETS = 32
TASKS = {"c": "classification", "r": "regression"}
HEADERS = {("x1", "x2", "label"): "classification", ("x1", "x2", "y"): "regression"}
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class UserDataError(ValueError):
    """Data that cannot be used; the message is one short sentence for the visitor."""


@dataclass(frozen=True)
class UserSet:
    """``n`` points ``(x1, x2)`` with integer labels (classification) or real targets (regression)."""

    task: str
    x1: tuple[float, ...] = ()
    x2: tuple[float, ...] = ()
    target: tuple = ()
    n_classes: int = field(init=False)

    def __post_init__(self):
        labels = self.target if self.task == "classification" else ()
        object.__setattr__(self, "n_classes", int(max(labels, default=-1)) + 1 if labels else 1)

    def __len__(self) -> int:
        return len(self.x1)

    @property
    def points(self) -> np.ndarray:
        return np.column_stack([np.array(self.x1, dtype=float), np.array(self.x2, dtype=float)]).reshape(
            -1, 2
        )

    @property
    def targets(self) -> np.ndarray:
        kind = np.int64 if self.task == "classification" else float
        return np.array(self.target, dtype=kind)


def _f32(value: float) -> float:
    return float(np.float32(value))


def check(user_set: UserSet) -> UserSet:
    """``user_set`` if a network can train on it, else :class:`UserDataError` saying why."""
    n = len(user_set)
    if n < MIN_POINTS:
        raise UserDataError(
            f"{n} point{'s' * (n != 1)}; at least {MIN_POINTS} are needed to train and validate"
        )
    if n > MAX_POINTS:
        raise UserDataError(f"{n:,} points; at most {MAX_POINTS:,}")
    if user_set.task == "classification" and len(set(user_set.target)) < 2:
        raise UserDataError(
            f"every point is class {user_set.target[0]}; a classifier needs points of at least two classes"
        )
    return user_set


def with_point(user_set: UserSet | None, x1: float, x2: float, target: float, task: str) -> UserSet:
    """``user_set`` (or an empty set of ``task``) with one more point; a draft need not pass :func:`check`."""
    if user_set is None or user_set.task != task:
        user_set = UserSet(task)
    if len(user_set) >= MAX_POINTS:
        raise UserDataError(f"the set has {MAX_POINTS:,} points already, the most it may have")
    values = [
        _value(x1, "x1"),
        _value(x2, "x2"),
        _value(target, "the label" if task == "classification" else "y"),
    ]
    label = _label(values[2]) if task == "classification" else _f32(values[2])
    return UserSet(
        task, (*user_set.x1, _f32(values[0])), (*user_set.x2, _f32(values[1])), (*user_set.target, label)
    )


def _value(value: float, what: str, where: str = "") -> float:
    if not math.isfinite(value):
        raise UserDataError(f"{where}{what} is {value}, not a finite number")
    if abs(value) > MAX_ABS:
        raise UserDataError(f"{where}{what} is {value:g}; values must lie within ±{MAX_ABS:g}")
    return float(value)


def _label(value: float, where: str = "") -> int:
    if not 0 <= value < MAX_CLASSES or value != int(value):  # NaN and infinities fail the range first
        raise UserDataError(f"{where}label {value:g} is not a class 0 to {MAX_CLASSES - 1}")
    return int(value)


# --- CSV ------------------------------------------------------------------------------------------------


def parse_csv(data: str | bytes) -> UserSet:
    """The set a CSV file holds (see the module docstring), or :class:`UserDataError`."""
    size = len(data.encode()) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        raise UserDataError(
            f"the file has {size / 1e6:.1f} MB; at most {MAX_BYTES / 1e6:g} MB ({MAX_POINTS:,} points)"
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserDataError("the file is not text (UTF-8); save it as CSV") from None
    data = data.removeprefix("\ufeff")
    lines = data.count("\n") + (not data.endswith("\n"))
    if lines > MAX_POINTS + 10:
        raise UserDataError(f"the file has {lines:,} rows; at most {MAX_POINTS:,} points")
    rows = [(number, row) for number, row in _rows(data) if row and not row[0].lstrip().startswith("#")]
    if not rows:
        raise UserDataError("the file is empty; expected rows x1,x2,label (or x1,x2,y)")
    task = None
    if not _numeric(rows[0][1]):
        header = tuple(cell.strip().lower() for cell in rows[0][1])
        task = HEADERS.get(header)
        if task is None:
            raise UserDataError(
                f"the header reads {_quoted(','.join(rows[0][1]))}; "
                "expected x1,x2,label (classes) or x1,x2,y (regression)"
            )
        rows = rows[1:]
    values = [(number, _numbers(number, row)) for number, row in rows]
    if task is None:  # no header: whole numbers 0-3 in the third column are classes
        whole = all(0 <= v[2] < MAX_CLASSES and v[2] == int(v[2]) for _, v in values)
        task = "classification" if values and whole else "regression"
    user_set = UserSet(task)
    x1, x2, target = [], [], []
    for number, (a, b, t) in values:
        where = f"row {number}: "
        x1.append(_f32(_value(a, "x1", where)))
        x2.append(_f32(_value(b, "x2", where)))
        target.append(_label(t, where) if task == "classification" else _f32(_value(t, "y", where)))
    user_set = UserSet(task, tuple(x1), tuple(x2), tuple(target))
    return check(user_set)


def _rows(text: str):
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise UserDataError(f"row {reader.line_num}: not CSV ({error})") from None


def _quoted(text: str) -> str:
    """A short excerpt of the file in quotes, unprintable characters shown as '?' (a message stays short)."""
    return "'" + "".join(c if c.isprintable() else "?" for c in excerpt(text)) + "'"


def _numeric(row: list[str]) -> bool:
    try:
        [float(cell) for cell in row]
    except ValueError:
        return False
    return True


def _numbers(number: int, row: list[str]) -> tuple[float, float, float]:
    if len(row) != 3:
        raise UserDataError(
            f"row {number} has {len(row)} value{'s' * (len(row) != 1)}; expected 3: x1,x2,label"
        )
    values = []
    for cell in row:
        try:
            values.append(float(cell))
        except ValueError:
            raise UserDataError(f"row {number}: {_quoted(cell.strip())} is not a number") from None
    return values[0], values[1], values[2]


def to_csv(user_set: UserSet) -> str:
    """The set as a CSV with its header (what :func:`parse_csv` reads back)."""
    header = "x1,x2,label" if user_set.task == "classification" else "x1,x2,y"
    rows = (
        f"{a!r},{b!r},{t if user_set.task == 'classification' else repr(t)}"
        for a, b, t in zip(user_set.x1, user_set.x2, user_set.target, strict=True)
    )
    return "\n".join((header, *rows)) + "\n"


# --- the text a link carries ----------------------------------------------------------------------------

_KEPT: OrderedDict[str, UserSet] = OrderedDict()
_LOCK = threading.Lock()


def encode(user_set: UserSet) -> str:
    """The set's ``points`` text: inline up to :data:`MAX_URL_POINTS` points, else a reference to the set
    kept in this server's memory (see the module docstring)."""
    if len(user_set) > MAX_URL_POINTS:
        key = "#" + hashlib.sha256(_inline(user_set).encode()).hexdigest()[:16]
        with _LOCK:
            _KEPT[key] = user_set
            _KEPT.move_to_end(key)
            while len(_KEPT) > KEPT_SETS:
                _KEPT.popitem(last=False)
        return key
    return _inline(user_set)


def _inline(user_set: UserSet) -> str:
    labels = user_set.task == "classification"
    blob = b"".join(
        (
            np.array(user_set.x1, dtype="<f4").tobytes(),
            np.array(user_set.x2, dtype="<f4").tobytes(),
            np.array(user_set.target, dtype="<u1" if labels else "<f4").tobytes(),
        )
    )
    return ("c" if labels else "r") + base64.urlsafe_b64encode(blob).decode().rstrip("=")


def decode(text: str) -> UserSet:
    """The set ``text`` stands for (:func:`check` ed), or :class:`UserDataError` saying why not."""
    text = str(text).strip()
    if text.startswith("#"):
        with _LOCK:
            kept = _KEPT.get(text)
        if kept is None:
            raise UserDataError(
                "the link names a set of your points that this server no longer holds (a set of more than "
                f"{MAX_URL_POINTS} points does not fit in a link): load the file again"
            )
        return kept
    task = TASKS.get(text[:1])
    body = text[1:]
    if task is None or not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise UserDataError("the link's points are not in the lab's format (c or r, then base64)")
    if len(body) > 4 * math.ceil(12 * MAX_URL_POINTS / 3):
        raise UserDataError(
            f"the link carries more than {MAX_URL_POINTS} points; links carry at most {MAX_URL_POINTS}: "
            "load the points from a file instead"
        )
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise UserDataError("the link's points are not valid base64") from None
    width = 9 if task == "classification" else 12
    n, left = divmod(len(blob), width)
    if left:
        raise UserDataError("the link's points are cut short")
    if n > MAX_URL_POINTS:
        raise UserDataError(f"the link carries {n} points; links carry at most {MAX_URL_POINTS}: load a file")
    x1 = np.frombuffer(blob, "<f4", n, 0).astype(float)
    x2 = np.frombuffer(blob, "<f4", n, 4 * n).astype(float)
    raw = np.frombuffer(blob, "<u1" if task == "classification" else "<f4", n, 8 * n).astype(float)
    for what, column in (("x1", x1), ("x2", x2), ("y", raw)):
        for value in column:
            _value(float(value), what, "in the link, ")
    target = (
        tuple(_label(v, "in the link, ") for v in raw) if task == "classification" else tuple(raw.tolist())
    )
    return check(UserSet(task, tuple(x1.tolist()), tuple(x2.tolist()), target))


@dataclass(frozen=True)
class PointsParam(Param):
    """The ``points`` parameter of the ``user`` data sets: the text of :func:`encode`, checked on the way in
    (a malformed or oversized text raises :class:`UserDataError`, a ``ValueError``)."""

    def validate(self, value):
        text = str(value)
        return encode(decode(text))  # the canonical text (the same set)

    def parse(self, text: str):
        return self.validate(text)

    def format(self, value) -> str:
        return str(value)

    def range_text(self) -> str:
        return f"{MIN_POINTS} to {MAX_POINTS:,} points ({MAX_URL_POINTS} in a link)"


POINTS = PointsParam(
    "points",
    "",
    kind="text",
    label="your points",
    help="Your points: loaded from a CSV file of x1,x2,label (or x1,x2,y), or clicked on the plane.",
)
