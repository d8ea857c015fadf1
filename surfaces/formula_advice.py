"""Python's syntax errors about a formula, said as advice about the formula.

``2x`` gets "a number runs into a name at column 2; write 2*x", ``x y`` "an operator is missing", ``sin x``
"sin needs parentheses"; what Python calls "invalid decimal literal" or "invalid syntax" never reaches the
reader.
"""

from __future__ import annotations

import re


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NUMBER_THEN_NAME = re.compile(r"(\d[\d.]*(?:[eE][-+]?\d+)?)([A-Za-z_]\w*)")
_WORD = re.compile(r"[\w.]+$")
_LAST_TOKEN = re.compile(r"(\*\*|[-+*/(]|[\w.]+)\s*$")
_CHARACTER_HINTS = {
    "×": "write * for times",
    "·": "write * for times",
    "÷": "write / for division",
    "−": "write - for minus",
    "²": "write **2 for a square",
    "³": "write **3 for a cube",
    "√": "write sqrt(...)",
    "π": "write pi",
}


def syntax_advice(source: str, error: SyntaxError, indent: int, functions=()) -> str:
    """Python's complaint about ``source`` as advice about the formula (what, where, how to write it).

    ``indent`` is the number of leading spaces stripped before parsing (columns count them); ``functions``
    are the names that take an argument in parentheses.
    """
    message = error.msg or "invalid syntax"
    offset = max(1, min(error.offset or 1, len(source) + 1))  # 1-based, in characters
    column = offset + indent
    before = source[: offset - 1].rstrip()
    if "decimal literal" in message:
        # the first number-then-name that reaches the reported column (earlier ones would have failed first)
        match = next((m for m in _NUMBER_THEN_NAME.finditer(source) if m.end() >= offset), None)
        if match:
            number, name = match.groups()
            return f"a number runs into a name at column {match.start(2) + indent + 1}; write {number}*{name}"
        return f"a number is written wrongly at column {column}"
    if message.startswith("leading zeros"):
        return f"a number starts with 0 at column {column}; write 7 rather than 07"
    if message.startswith("invalid character"):
        character = source[offset - 1] if offset <= len(source) else "?"
        hint = _CHARACTER_HINTS.get(character, "use + - * / ** and letters a-z")
        return f"the character '{character}' at column {column} cannot be used; {hint}"
    if "was never closed" in message:
        return f"the '(' at column {column} is never closed; add a ')'"
    if message.startswith("unmatched"):
        return f"the ')' at column {column} has no '(' before it"
    if "line continuation" in message:
        where = source.find("\\") + indent + 1
        return f"the character '\\' at column {where} cannot be used; write / for division"
    if not source[offset - 1 :].strip() or error.offset in (None, 0):
        last = _LAST_TOKEN.search(source)
        last_text = _short(last[1] if last else source, 10)
        return f"the formula ends too early: something is missing after '{last_text}'"
    here = source[offset - 1]
    if here in "*/" and before[-1:] in ("*", "/", "+", "-"):
        return f"two operators in a row at column {column}; put a number, x or y between them"
    if here == "=" or message.startswith("cannot assign"):
        return f"'=' at column {column} is not allowed; type only the right-hand side of f(x, y) = ..."
    if before and (before[-1].isalnum() or before[-1] in "_)") and (here.isalnum() or here in "_("):
        left = _WORD.search(before)
        left_text = left[0] if left else before[-1]
        right = re.match(r"[\w.]+", source[offset - 1 :])
        right_text = right[0] if right else here
        if left_text in functions:
            argument = _short(right_text, 10)
            return f"{left_text} needs parentheses at column {column}; write {left_text}({argument})"
        return (
            f"an operator is missing at column {column}; "
            f"write {_short(left_text, 10)}*{_short(right_text, 10)} to multiply"
        )
    return f"cannot read the formula at column {column}; check what comes before '{here}'"
