"""One description per tunable value: name, default, range, scale and help text.

A :class:`Param` is the single source of truth for a knob, whether it is an optimizer
hyperparameter (``lr``, ``betas``), a surface parameter (``condition_number``) or a
schedule parameter (``gamma``). Widgets, URL parsing, validation and the docs all read
it, so a range is written down once.

The range here (``low``/``high``) is the range the *app* offers. Libraries such as
``optimizers.get`` may accept a wider range (whatever torch.optim accepts); values
typed into a URL or a widget are checked against this narrower one.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["float", "int", "bool", "choice", "pair"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Param:
    """A tunable value and everything the UI needs to offer it.

    Attributes:
      name: the keyword the library takes (``lr``, ``momentum``, ``condition_number``).
      default: the library default.
      kind: ``float``, ``int``, ``bool``, ``choice`` (one of ``choices``) or ``pair``
        (two floats, such as Adam's ``betas``; ``low``/``high`` bound each entry).
      low, high: inclusive bounds the app offers (``None``: unbounded).
      log: whether a slider should move on a log scale (learning rates, eps).
      choices: the allowed values of a ``choice``.
      label: a short display label (LaTeX allowed), defaults to ``name``.
      help: one sentence for a tooltip and the docs.
      optional: ``None`` is a value too, meaning the library's own rule (Prodigy's ``beta3=None``: the
        square root of beta2); it is written ``none`` in URLs and on the command line.
      suggested: where the widget of an optional value starts when it is switched on.
    """

    name: str
    default: Any
    kind: Kind = "float"
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple = field(default_factory=tuple)
    label: str | None = None
    help: str = ""
    optional: bool = False
    suggested: Any = None

    @property
    def display(self) -> str:
        return self.label or self.name

    def range_text(self) -> str:
        """The offered range in words: ``between 0 and 1``, ``at least 0``, ``any number``."""
        if self.low is not None and self.high is not None:
            return f"between {self.low:g} and {self.high:g}"
        if self.low is not None:
            return f"at least {self.low:g}"
        if self.high is not None:
            return f"at most {self.high:g}"
        return "any number"

    @property
    def slider_step(self) -> float | None:
        """The step of this float's slider (``ui.params``): 0.001 over a span up to 1, 0.01 up to 10, 0.1
        beyond; ``None`` where it has no slider (not a linear float with both bounds, or a default off the
        steps, such as ``tolerance_grad = 1e-7``, which gets a box)."""
        if self.kind != "float" or self.log or self.low is None or self.high is None:
            return None
        span = self.high - self.low
        step = 0.001 if span <= 1 else 0.01 if span <= 10 else 0.1
        default = self.suggested if self.default is None else self.default  # an optional value's start
        if default is None:
            return None
        return step if abs(default / step - round(default / step)) < 1e-6 else None

    def on_slider(self, value: float) -> float:
        """A slider's value as its steps mean it: the browser adds steps in binary floats, so 35 steps of
        0.01 arrive as 0.35000000000000003; within float noise of a value with no more decimals than the
        step and ``low``, that value (0.35), so that a link reads what the slider shows and reads back the
        same. Any other value (typed, or from a link) is returned unchanged."""
        step = self.slider_step
        value = float(value)
        if step is None:
            return value
        places = max(decimals(step), decimals(self.low))
        neat = round(value, places)
        # a sum of steps is off by a few units in the last place, or by less than a billionth of a step
        return neat if abs(neat - value) <= max(1e-9 * step, 8 * math.ulp(value)) else value

    def validate(self, value: Any) -> Any:
        """Return ``value`` coerced to this kind, or raise ``ValueError`` saying why not."""
        if value is None and self.optional:
            return None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, numbers.Real) and value in (0, 1):
                return bool(value)
            raise ValueError(f"{self.name} must be true or false, got {value!r}")
        if self.kind == "choice":
            if value in self.choices:
                return value
            options = ", ".join(map(str, self.choices))
            raise ValueError(f"{self.name} must be one of {options}; got {value!r}")
        if self.kind == "pair":
            try:
                first, second = value
            except (TypeError, ValueError):
                raise ValueError(f"{self.name} must be two numbers, got {value!r}") from None
            return (self._number(first, float), self._number(second, float))
        return self._number(value, int if self.kind == "int" else float)

    def _number(self, value: Any, cast: type) -> float | int:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{self.name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{self.name} must be finite, got {value!r}")
        if cast is int and value != int(value):
            raise ValueError(f"{self.name} must be a whole number, got {value!r}")
        value = cast(value)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ValueError(f"{self.name} must be {self.range_text()}, got {value:g}")
        return value

    def parse(self, text: str) -> Any:
        """Parse the text form (as written by :meth:`format`) and validate it."""
        text = str(text).strip()
        if self.optional and text.lower() == "none":
            return None
        if self.kind == "bool":
            lowered = text.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError(f"{self.name} must be true or false, got {text!r}")
        if self.kind == "choice":
            for choice in self.choices:
                if str(choice) == text:
                    return choice
            return self.validate(text)
        if self.kind == "pair":
            parts = text.split(",")
            if len(parts) != 2:
                raise ValueError(f"{self.name} must be two numbers separated by a comma, got {text!r}")
            return self.validate(tuple(_to_float(self.name, part) for part in parts))
        number = _to_float(self.name, text)
        return self.validate(number)

    def format(self, value: Any) -> str:
        """The short text form used in URLs and on the command line."""
        if value is None and self.optional:
            return "none"
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "pair":
            return ",".join(_short(v) for v in value)
        if self.kind == "choice":
            return str(value)
        return _short(value)


def _to_float(name: str, text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text.strip()!r}") from None


def decimals(value: float) -> int:
    """Digits after the decimal point in the shortest text of ``value``: 0.001 -> 3, 2.5 -> 1, 1e-07 -> 7."""
    mantissa, _, exponent = repr(float(value)).partition("e")
    return max(len(mantissa.partition(".")[2].rstrip("0")) - int(exponent or 0), 0)


def _short(value: float | int) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return repr(float(value)) if float(value) != int(value) or abs(value) >= 1e16 else str(int(value))


def resolve(params: tuple[Param, ...], given: dict[str, Any], *, owner: str) -> dict[str, Any]:
    """Defaults overlaid with ``given``; unknown names raise ``TypeError`` like a bad keyword."""
    known = {p.name: p for p in params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        valid = ", ".join(known) or "none"
        raise TypeError(f"{owner} got unexpected parameter(s) {', '.join(unknown)}; valid: {valid}")
    return {name: given.get(name, p.default) for name, p in known.items()}
