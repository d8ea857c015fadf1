"""The formula reader: a formula's text through Python's :mod:`ast` (parsing only: nothing is compiled or
run) and an allow-list walk that builds the function out of ``autograd.numpy`` operations (constants
folded) and a LaTeX rendering of the same tree. Everything not on the list is a ``ValueError`` that says
what and at which column. :mod:`surfaces.expression` turns the result into a :class:`Surface`.
"""

from __future__ import annotations

import ast
import functools
import math
import operator
from collections.abc import Callable

import autograd.numpy as anp
import numpy as np

from .formula_advice import syntax_advice

MAX_LENGTH = 500
MAX_DEPTH = 30
MAX_EXPONENT = 10.0

FUNCTIONS: dict[str, tuple[Callable, str]] = {
    "sin": (anp.sin, r"\sin"),
    "cos": (anp.cos, r"\cos"),
    "tan": (anp.tan, r"\tan"),
    "exp": (anp.exp, r"\exp"),
    "log": (anp.log, r"\ln"),
    "sqrt": (anp.sqrt, r"\sqrt"),
    "tanh": (anp.tanh, r"\tanh"),
    "abs": (anp.abs, ""),
    "sinh": (anp.sinh, r"\sinh"),
    "cosh": (anp.cosh, r"\cosh"),
    "arctan": (anp.arctan, r"\arctan"),
}
CONSTANTS = {"pi": (math.pi, r"\pi"), "e": (math.e, "e")}
VARIABLES = ("x", "y")
_ALLOWED = "a formula uses numbers, x, y, pi, e, + - * / **, parentheses and " + ", ".join(FUNCTIONS)

_OPERATORS = {
    ast.Add: (operator.add, "+"),
    ast.Sub: (operator.sub, "-"),
    ast.Mult: (operator.mul, "*"),
    ast.Div: (operator.truediv, "/"),
    ast.Pow: (operator.pow, "**"),
}
_SYMBOLS = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Not: "not",
    ast.Invert: "~",
}
_DESCRIPTIONS = {
    ast.Attribute: "attribute access with '.'",
    ast.Subscript: "indexing with [ ]",
    ast.Lambda: "lambda",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if ... else'",
    ast.Tuple: "a comma",
    ast.List: "a list [ ]",
    ast.Dict: "a dictionary { }",
    ast.Set: "a set { }",
    ast.NamedExpr: "':='",
    ast.Starred: "'*' unpacking",
    ast.JoinedStr: "a string",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield'",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Slice: "a slice",
}

# LaTeX precedence of a rendered node: sums < products < unary minus < quotients < powers < atoms.
_SUM, _PRODUCT, _UNARY, _QUOTIENT, _POWER, _ATOM = range(6)


# A node of the compiled formula: a float (constant subtree, folded) or a function of (x, y).
Node = float | Callable


@functools.lru_cache(maxsize=64)
def size(text: str) -> int:
    """How many operations, numbers and names ``text`` has (its syntax-tree nodes); 0 if it does not parse.

    What a formula's value, gradient and Hessian cost grows in proportion to this; the compute budget uses it
    before anything is evaluated.
    """
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return 0
    try:
        tree = ast.parse(" ".join(text.split()), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return 0
    markers = (ast.operator, ast.unaryop, ast.Load)  # parts of a node, not operations of their own
    return sum(1 for node in ast.walk(tree.body) if not isinstance(node, markers))


def parse(text: str) -> tuple[Node, str]:
    """Check ``text`` against the allow-list; return the compiled body (a float or ``f(x, y)``) and LaTeX."""
    stripped = text.strip()
    if not stripped:
        raise ValueError("the formula is empty: type a formula in x and y, e.g. x**2 + 10*y**2")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the formula has {len(text):,} characters; at most {MAX_LENGTH} are allowed")
    # newlines and tabs would make Python read several lines; as spaces the columns stay the same
    source = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    indent = len(source) - len(source.lstrip())  # Python refuses leading spaces; columns still count them
    hidden = next((i for i, c in enumerate(source) if not c.isprintable()), None)
    if hidden is not None:
        code = f"U+{ord(source[hidden]):04X}"
        raise ValueError(f"the invisible character {code} at column {hidden + 1} cannot be used; delete it")
    source = source.lstrip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise ValueError(syntax_advice(source, error, indent, FUNCTIONS)) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        raise ValueError(f"cannot read the formula: {_first_line(error)}") from None
    return _Reader(source, indent).read(tree.body)


class _Reader:
    """Walks an ``ast`` tree with the allow-list, compiling and rendering each node."""

    def __init__(self, source: str, indent: int = 0):
        self.source = source
        self.indent = indent

    def read(self, node: ast.AST, depth: int = 1) -> tuple[Node, str]:
        compiled, latex, _ = self._node(node, depth)
        return compiled, latex

    def _column(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)  # in UTF-8 bytes
        return (
            len(self.source.encode("utf-8", "replace")[:offset].decode("utf-8", "ignore")) + self.indent + 1
        )

    def _fail(self, node: ast.AST, what: str, hint: str = "", column: int | None = None) -> ValueError:
        column = self._column(node) if column is None else column
        return ValueError(f"{what} at column {column}" + (f"; {hint}" if hint else ""))

    def _operator_column(self, left: ast.AST, right: ast.AST) -> int:
        """The column of the operator symbol between two operands."""
        encoded = self.source.encode("utf-8", "replace")
        start, end = left.end_col_offset or 0, right.col_offset
        gap = encoded[start:end].decode("utf-8", "ignore")
        skipped = len(gap) - len(gap.lstrip(" ()"))
        return len(encoded[:start].decode("utf-8", "ignore")) + skipped + self.indent + 1

    def _node(self, node: ast.AST, depth: int) -> tuple[Node, str, int]:
        if depth > MAX_DEPTH:
            raise self._fail(node, f"the formula nests more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node, depth)
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Compare):
            column = self._operator_column(node.left, node.comparators[0])
            raise self._fail(node, "a comparison is not allowed", _ALLOWED, column)
        if isinstance(node, ast.BoolOp):
            column = self._operator_column(node.values[0], node.values[1])
            raise self._fail(node, "'and'/'or' is not allowed", _ALLOWED, column)
        if type(node) in _DESCRIPTIONS:
            raise self._fail(node, f"{_DESCRIPTIONS[type(node)]} is not allowed", _ALLOWED)
        raise self._fail(node, f"'{_snippet(self.source, node)}' is not allowed", _ALLOWED)

    def _constant(self, node: ast.Constant) -> tuple[Node, str, int]:
        value = node.value
        if isinstance(value, (str, bytes)):
            raise self._fail(node, "text in quotes is not allowed", _ALLOWED)
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self._fail(node, f"unknown name '{value}'", "use x, y, pi, e")
        if isinstance(value, complex):
            raise self._fail(node, f"the complex number {value!r} is not allowed")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self._fail(node, "the number is too large")
        return number, _number_latex(number), _ATOM

    def _name(self, node: ast.Name) -> tuple[Node, str, int]:
        if node.id == "x":
            return (lambda x, y: x), "x", _ATOM
        if node.id == "y":
            return (lambda x, y: y), "y", _ATOM
        if node.id in CONSTANTS:
            value, latex = CONSTANTS[node.id]
            return value, latex, _ATOM
        if node.id in FUNCTIONS:
            raise self._fail(node, f"'{node.id}' is a function", f"write {node.id}(...)")
        raise self._fail(node, f"unknown name '{short(node.id)}'", "use x, y, pi, e")

    def _unary(self, node: ast.UnaryOp, depth: int) -> tuple[Node, str, int]:
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise self._fail(
                node, f"the operator '{_SYMBOLS.get(type(node.op), '?')}' is not allowed", _ALLOWED
            )
        operand, latex, precedence = self._node(node.operand, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return operand, latex, precedence
        if precedence <= _SUM or precedence == _UNARY:
            latex = _parens(latex)
        if isinstance(operand, float):
            return -operand, f"-{latex}", _UNARY
        return (lambda x, y: -operand(x, y)), f"-{latex}", _UNARY

    def _binary(self, node: ast.BinOp, depth: int) -> tuple[Node, str, int]:
        kind = type(node.op)
        if kind not in _OPERATORS:
            symbol = _SYMBOLS.get(kind, "?")
            hint = "write ** for powers, e.g. x**2" if symbol == "^" else "use + - * / **"
            raise self._fail(
                node,
                f"the operator '{symbol}' is not allowed",
                hint,
                self._operator_column(node.left, node.right),
            )
        # a chain a + b + c nests to the left: let it count as one level, as a reader sees it
        same_chain = isinstance(node.left, ast.BinOp) and _group(type(node.left.op)) == _group(kind)
        left, left_latex, left_precedence = self._node(node.left, depth if same_chain else depth + 1)
        right, right_latex, right_precedence = self._node(node.right, depth + 1)
        function, _ = _OPERATORS[kind]
        if kind is ast.Pow:
            if not isinstance(right, float):
                raise self._fail(
                    node.right,
                    f"the exponent must be a number between -{MAX_EXPONENT:g} and {MAX_EXPONENT:g}",
                    "for x or y in an exponent write exp(...)",
                )
            if not abs(right) <= MAX_EXPONENT:
                raise self._fail(
                    node.right,
                    f"the exponent {right:g} is too large",
                    f"exponents are limited to -{MAX_EXPONENT:g}..{MAX_EXPONENT:g}",
                )
            base = left_latex if left_precedence == _ATOM and not _is_function(node.left) else None
            base = base if base is not None else _parens(left_latex)
            latex, precedence = f"{base}^{{{right_latex}}}", _POWER
        elif kind is ast.Div:
            latex, precedence = rf"\frac{{{left_latex}}}{{{right_latex}}}", _QUOTIENT
        elif kind is ast.Mult:
            if left_precedence <= _SUM:
                left_latex = _parens(left_latex)
            if right_precedence <= _UNARY:
                right_latex = _parens(right_latex)
            joiner = r" \cdot " if isinstance(right, float) or right_latex[0].isdigit() else r"\,"
            latex, precedence = f"{left_latex}{joiner}{right_latex}", _PRODUCT
        else:  # + and -
            if right_precedence == _UNARY or (kind is ast.Sub and right_precedence <= _SUM):
                right_latex = _parens(right_latex)
            latex, precedence = f"{left_latex} {_OPERATORS[kind][1]} {right_latex}", _SUM
        return _combine(function, left, right), latex, precedence

    def _call(self, node: ast.Call, depth: int) -> tuple[Node, str, int]:
        if not isinstance(node.func, ast.Name):
            self._node(node.func, depth + 1)  # reports attribute access and the like where it is
            snippet = _snippet(self.source, node.func)
            raise self._fail(node, f"'{snippet}' is not a function", f"write {snippet}*(...) to multiply")
        name = node.func.id
        if name in VARIABLES or name in CONSTANTS:
            raise self._fail(node, f"'{name}' is not a function", f"write {name}*(...) to multiply")
        if name not in FUNCTIONS:
            raise self._fail(node, f"unknown function '{short(name)}'", f"use {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise self._fail(node.keywords[0].value, f"{name}() takes no keyword arguments")
        if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise self._fail(node, f"{name}() takes exactly one argument")
        argument, latex, _ = self._node(node.args[0], depth + 1)
        function, command = FUNCTIONS[name]
        if name == "sqrt":
            rendered = rf"\sqrt{{{latex}}}"
        elif name == "abs":
            rendered = rf"\left|{latex}\right|"
        else:
            rendered = rf"{command}{_parens(latex)}"
        if isinstance(argument, float):
            with np.errstate(all="ignore"):
                return float(function(argument)), rendered, _ATOM
        return (lambda x, y: function(argument(x, y))), rendered, _ATOM


def _combine(function: Callable, left: Node, right: Node) -> Node:
    left_constant, right_constant = isinstance(left, float), isinstance(right, float)
    if left_constant and right_constant:
        with np.errstate(all="ignore"):
            return float(function(np.float64(left), np.float64(right)))
    if left_constant:
        return lambda x, y: function(left, right(x, y))
    if right_constant:
        return lambda x, y: function(left(x, y), right)
    return lambda x, y: function(left(x, y), right(x, y))


def _group(kind: type) -> int:
    return {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}.get(kind, 0)


def _is_function(node: ast.AST) -> bool:
    return isinstance(node, ast.Call)


def _parens(latex: str) -> str:
    return rf"\left({latex}\right)"


def _number_latex(number: float) -> str:
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    text = f"{number:.12g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _snippet(source: str, node: ast.AST) -> str:
    segment = ast.get_source_segment(source, node) or type(node).__name__
    return short(segment)


def short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]
