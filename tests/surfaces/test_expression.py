"""Custom formulas: the allow-list parser, its messages, and autograd derivatives of what it builds."""

import math
import pathlib
import re
import threading
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surfaces
from surfaces import expression as expression_module
from surfaces.expression import FUNCTIONS, MAX_LENGTH, parse


def test_the_issue_example_is_a_quadratic_bowl():
    surface = surfaces.from_expression("0.5*x**2 + 10*y**2")
    assert surface.name == "custom" and surface.title == "Custom f(x, y)"
    assert surface.latex == r"f(x, y) = 0.5\,x^{2} + 10\,y^{2}"
    p = np.array([[1.0, 2.0], [-0.5, 0.25]])
    np.testing.assert_allclose(surface.value(p), 0.5 * p[:, 0] ** 2 + 10 * p[:, 1] ** 2)
    np.testing.assert_allclose(surface.grad(p), p * [1.0, 20.0])
    np.testing.assert_allclose(surface.hessian(p), np.broadcast_to(np.diag([1.0, 20.0]), (2, 2, 2)))
    assert surface.is_quadratic
    np.testing.assert_allclose(surface.minima, [[0.0, 0.0]], atol=1e-9)
    assert surface.window == ((-3.0, 3.0), (-3.0, 3.0))
    assert surface.starts[0] == (-2.5, 2.0)
    assert surface.minibatch_grad is surface.grad and not surface.stochastic


FORMULAS = [
    "sin(x)*cos(y) + 0.1*(x**2 + y**2)",
    "exp(-x**2 - y**2) - tanh(x*y)",
    "log(1 + x**2) + sqrt(1 + y**2) + arctan(x - y)",
    "abs(x + 0.3) + sinh(y/3) + cosh(x/4) - tan(y/4)",
    "(1 - x)**2 + 100*(y - x**2)**2",
    "x**-2 + y**0.5",
    "-(x + y)**3 / (1 + e**2) + pi*x",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_autograd_derivatives_match_central_differences(text):
    surface = surfaces.from_expression(text)
    rng = np.random.default_rng(3)
    points = rng.uniform(0.2, 2.5, size=(25, 2))  # positive: x**-2 and y**0.5 are smooth there
    h = 1e-5
    for i in range(2):
        step = np.zeros(2)
        step[i] = h
        fd_grad = (surface.value(points + step) - surface.value(points - step)) / (2 * h)
        np.testing.assert_allclose(surface.grad(points)[:, i], fd_grad, rtol=1e-6, atol=1e-6)
        fd_hess = (surface.grad(points + step) - surface.grad(points - step)) / (2 * h)
        np.testing.assert_allclose(surface.hessian(points)[:, :, i], fd_hess, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("text", FORMULAS)
def test_shapes_broadcast_like_the_built_ins(text):
    surface = surfaces.from_expression(text)
    points = np.random.default_rng(0).uniform(0.5, 2.0, size=(3, 4, 2))
    assert surface.value(points).shape == (3, 4)
    assert surface.grad(points).shape == (3, 4, 2)
    assert surface.hessian(points).shape == (3, 4, 2, 2)
    assert np.shape(surface.value((1.0, 1.0))) == ()
    assert surface.grad([1.0, 1.0]).shape == (2,)
    assert surface.hessian((1.0, 1.0)).shape == (2, 2)
    np.testing.assert_allclose(surface.grad(points)[1, 2], surface.grad(points[1, 2]), rtol=1e-14)


def test_constant_and_one_variable_formulas_still_broadcast():
    for text in ("3", "2*pi", "x**2", "sin(y)"):
        surface = surfaces.from_expression(text)
        points = np.zeros((5, 2)) + 0.5
        assert surface.value(points).shape == (5,)
        assert surface.grad(points).shape == (5, 2)
        assert surface.hessian(points).shape == (5, 2, 2)
    np.testing.assert_allclose(surfaces.from_expression("2*pi").value(np.zeros((2, 2))), 2 * math.pi)
    np.testing.assert_array_equal(surfaces.from_expression("x**2").grad((3.0, 1.0)), [6.0, 0.0])


def test_minima_are_found_numerically_global_first():
    surface = surfaces.from_expression("(x**2 + y - 11)**2 + (x + y**2 - 7)**2", window=((-5, 5), (-5, 5)))
    assert len(surface.minima) == 4
    assert np.abs(surface.grad(surface.minima)).max() < 1e-8
    np.testing.assert_allclose(surface.value(surface.minima), 0.0, atol=1e-12)
    shifted = surfaces.from_expression("(x - 1)**2 + 2*(y + 2)**2 + 0.5*sin(3*x)")
    values = shifted.value(shifted.minima)
    assert np.all(np.diff(values) >= 0), "global minimum first"
    assert len(surfaces.from_expression("x**2 - y**2").minima) == 0


def test_window_and_starts_follow_a_given_window():
    surface = surfaces.from_expression("x**2 + y**2", window=((0, 12), (-1, 5)))
    assert surface.window == ((0.0, 12.0), (-1.0, 5.0))
    assert surface.starts[0] == (1.0, 4.0)
    for bad in (((1, 0), (0, 1)), ((0, 1),), ((0, float("inf")), (0, 1)), "big"):
        with pytest.raises(ValueError, match="window"):
            surfaces.from_expression("x", window=bad)


def test_starts_avoid_points_where_the_formula_is_undefined():
    surface = surfaces.from_expression("log(x) + y**2")
    for start in surface.starts:
        assert np.isfinite(surface.value(start)) and np.all(np.isfinite(surface.grad(start)))


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("x - (y - 1)", r"x - \left(y - 1\right)"),
        ("-(x + y)**2", r"-\left(x + y\right)^{2}"),
        ("x*-y", r"x\,\left(-y\right)"),
        ("(x + 1)/(y**2 + 2)", r"\frac{x + 1}{y^{2} + 2}"),
        ("sqrt(abs(x))", r"\sqrt{\left|x\right|}"),
        ("log(x)**2", r"\left(\ln\left(x\right)\right)^{2}"),
        ("2*pi*x", r"2 \cdot \pi\,x"),
        ("x**2**3", r"x^{2^{3}}"),
        ("(-x)**2", r"\left(-x\right)^{2}"),
        ("1e-05*x", r"1 \times 10^{-5}\,x"),
    ],
)
def test_latex_is_rendered_from_the_tree(text, latex):
    assert parse(text)[1] == latex


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x + 2*z", "unknown name 'z' at column 7; use x, y, pi, e"),
        ("x.real", "attribute access with '.' is not allowed at column 1"),
        ("x[0]", r"indexing with \[ \] is not allowed"),
        ("lambda: 1", "lambda is not allowed"),
        ("'x'", "text in quotes is not allowed"),
        ("x < y", "a comparison is not allowed at column 3"),
        ("x and y", "'and'/'or' is not allowed at column 3"),
        ("x if y else 1", "'if ... else' is not allowed"),
        ("x, y", "a comma is not allowed"),
        ("[x]", r"a list \[ \] is not allowed"),
        ("foo(x)", "unknown function 'foo' at column 1; use sin, cos"),
        ("__import__('os').system('ls')", "attribute access"),
        ("__import__('os')", "unknown function '__import__'"),
        ("sin(x, y)", "sin\\(\\) takes exactly one argument"),
        ("sin(x=1)", "sin\\(\\) takes no keyword arguments at column 7"),
        ("sin(*x)", "sin\\(\\) takes exactly one argument"),
        ("sin + 1", "'sin' is a function at column 1; write sin"),
        ("x^2", "the operator '\\^' is not allowed at column 2; write \\*\\* for powers"),
        ("x % 2", "the operator '%' is not allowed at column 3"),
        ("x // 2", "the operator '//' is not allowed"),
        ("~x", "the operator '~' is not allowed"),
        ("x**y", "the exponent must be a number between -10 and 10 at column 4"),
        ("x**11", "the exponent 11 is too large at column 4"),
        ("x**(-20)", "the exponent -20 is too large"),
        ("9**9**9", "the exponent .* is too large"),
        ("2x", r"a number runs into a name at column 2; write 2\*x"),
        ("2 x", r"an operator is missing at column 3; write 2\*x"),
        ("sin x", r"sin needs parentheses at column 5; write sin\(x\)"),
        ("(x)(y)", r"'x' is not a function at column 1; write x\*\(...\)"),
        ("y = x**2", "'=' at column 3 is not allowed; type only the right-hand side"),
        ("x×y", r"the character '×' at column 2 cannot be used; write \* for times"),
        ("(x + y", "the '\\(' at column 1 is never closed"),
        ("x +", "the formula ends too early: something is missing after '\\+'"),
        ("x²", r"the character '²' at column 2 cannot be used; write \*\*2"),
        ("1" * 400, "the number is too large"),
        ("1e999 * x", "the number is too large"),
        ("3j * x", "complex number"),
        ("True", "unknown name 'True'"),
        ("x :=1", "cannot read the formula"),
        ("x" * (MAX_LENGTH + 1), f"at most {MAX_LENGTH}"),
        ("sin(" * 31 + "x" + ")" * 31, "nests more than 30 levels"),
        ("log(-1 - x**2 - y**2)", "not a finite number anywhere in the window"),
        ("1/0", "not a finite number anywhere"),
        ("x\x00", "the invisible character U\\+0000 at column 2"),
        ("x" * 100_000, "the formula has 100,000 characters; at most 500"),
    ],
)
def test_rejections_say_what_and_where(text, message):
    with pytest.raises(ValueError, match=message):
        surfaces.from_expression(text)


def test_spaces_tabs_and_newlines_are_fine_and_columns_count_them():
    for text in ("  x**2 + y**2", "\tx**2 + y**2", "x**2 +\n y**2", "x**2 + y**2  "):
        assert surfaces.from_expression(text).latex == "f(x, y) = x^{2} + y^{2}"
    with pytest.raises(ValueError, match="unknown name 'z' at column 8"):
        surfaces.from_expression("   x + z")
    with pytest.raises(ValueError, match="the operator '%' is not allowed at column 5"):
        surfaces.from_expression("  x % 2")


def test_long_sums_are_not_deep_nesting():
    text = " + ".join(f"{k}*x" for k in range(1, 60))
    assert len(text) <= MAX_LENGTH
    surface = surfaces.from_expression(text)
    assert surface.value((1.0, 0.0)) == pytest.approx(sum(range(1, 60)))


def test_non_text_is_a_value_error():
    with pytest.raises(ValueError, match="must be text"):
        surfaces.from_expression(42)


def test_undefined_points_give_nan_without_warnings():
    surface = surfaces.from_expression("log(x) + sqrt(y)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(surface.value((-1.0, 1.0)))
        assert np.isnan(surface.grad((-1.0, 1.0))).any()
        surface.hessian(np.array([[-1.0, -1.0], [0.0, 0.0]]))
        surfaces.from_expression("x + y").hessian((1.0, 2.0))  # linear: autograd must not warn either


def short_message(error: ValueError) -> None:
    message = str(error)
    assert 0 < len(message) <= 200 and "\n" not in message, message
    for python_word in ("SyntaxError", "Traceback", "decimal literal", "invalid syntax"):
        assert python_word not in message, message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(min_size=400, max_size=3000))
def test_garbage_text_only_ever_raises_value_error_with_a_short_message(text):
    try:
        surfaces.from_expression(text)
    except ValueError as error:
        short_message(error)


FORMULA_PIECES = [
    *FUNCTIONS,
    "x",
    "y",
    "pi",
    "e",
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "**",
    "1",
    "2.5",
    "0",
    " ",
    ",",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*FORMULA_PIECES, "[", ".", "=", "'", "lambda", "<", "^", "1e400"]), max_size=25)
)
def test_formula_like_token_soup_only_ever_raises_value_error(pieces):
    try:
        surface = surfaces.from_expression("".join(pieces))
    except ValueError as error:
        short_message(error)
        return
    assert surface.value((0.5, 0.5)).shape == ()


def expressions():
    """Random valid formulas with their meaning, built side by side (no eval needed to check them)."""
    leaves = st.sampled_from(
        [
            ("x", lambda x, y: x),
            ("y", lambda x, y: y),
            ("1.5", lambda x, y: 1.5 + 0 * x),
            ("pi", lambda x, y: math.pi + 0 * x),
        ]
    )

    def extend(children):
        binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
            lambda t: (
                f"({t[0][0]}) {t[1]} ({t[2][0]})",
                {
                    "+": lambda a, b: lambda x, y: a(x, y) + b(x, y),
                    "-": lambda a, b: lambda x, y: a(x, y) - b(x, y),
                    "*": lambda a, b: lambda x, y: a(x, y) * b(x, y),
                }[t[1]](t[0][1], t[2][1]),
            )
        )
        unary = st.tuples(st.sampled_from(["sin", "cos", "tanh", "arctan"]), children).map(
            lambda t: (
                f"{t[0]}({t[1][0]})",
                (lambda f, g: lambda x, y: f(g(x, y)))(getattr(np, t[0]), t[1][1]),
            )
        )
        return binary | unary

    return st.recursive(leaves, extend, max_leaves=8)


@settings(max_examples=30, deadline=None)
@given(expressions())
def test_random_valid_formulas_mean_what_they_say(pair):
    text, meaning = pair
    surface = surfaces.from_expression(text)
    points = np.array([[0.3, -1.2], [2.0, 0.7], [-2.5, 2.0]])
    np.testing.assert_allclose(
        surface.value(points), meaning(points[:, 0], points[:, 1]), rtol=1e-12, atol=1e-12
    )


def test_the_parser_never_hands_text_to_eval_exec_or_compile():
    source = pathlib.Path(expression_module.__file__).read_text()
    for forbidden in ("eval(", "exec(", "__import__", "getattr(np", "getattr(anp"):
        assert forbidden not in source
    # the builtin compile(), not re.compile() of the advice patterns
    assert not re.search(r"(?<![\w.])compile\(", source)


def test_derivatives_are_right_when_sessions_compute_at_the_same_time():
    from concurrent.futures import ThreadPoolExecutor

    bowl = surfaces.from_expression("x**2 + 3*y**2 + sin(x*y)")
    wave = surfaces.from_expression("cos(x) * exp(y/3) - x*y**2")
    points = np.random.default_rng(5).uniform(-2, 2, size=(40, 2))
    expected = [(s.grad(points), s.hessian(points)) for s in (bowl, wave)]

    def work(i):
        s = (bowl, wave)[i % 2]
        return i % 2, s.grad(points), s.hessian(points)

    with ThreadPoolExecutor(max_workers=4) as pool:
        for which, grad, hess in pool.map(work, range(40)):
            np.testing.assert_array_equal(grad, expected[which][0])
            np.testing.assert_array_equal(hess, expected[which][1])


def test_autograd_numbers_its_traces_per_thread_so_sessions_need_no_lock():
    import autograd.tracer
    from autograd import grad

    inside, release = threading.Event(), threading.Event()
    seen = {}

    def slow(v):
        inside.set()
        release.wait(5)
        return v * v

    worker = threading.Thread(target=lambda: seen.setdefault("grad", grad(slow)(3.0)))
    worker.start()
    assert inside.wait(5)
    # the worker is inside its trace; this thread's count is untouched, and its own Hessian is right
    assert autograd.tracer.trace_stack.top == -1
    surface = surfaces.from_expression("x**3 * y**2")
    np.testing.assert_allclose(surface.hessian((1.0, 2.0)), [[24.0, 12.0], [12.0, 2.0]])
    release.set()
    worker.join(5)
    assert seen["grad"] == 6.0


@pytest.mark.parametrize(
    ("text", "message"),
    [("2x + y", "write 2*x"), ("x y", "write x*y"), ("cos y", "write cos(y)"), ("x**", "missing after '**'")],
)
def test_python_speak_becomes_advice_about_the_formula(text, message):
    with pytest.raises(ValueError) as error:
        surfaces.from_expression(text)
    assert message in str(error.value)
    for python_word in ("decimal literal", "invalid syntax", "SyntaxError", "Perhaps"):
        assert python_word not in str(error.value)


def test_a_long_formula_is_built_once_and_shared():
    text = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 15))
    assert 400 < len(text) <= MAX_LENGTH
    assert surfaces.from_expression(text) is surfaces.from_expression(text)
    assert surfaces.from_expression(text) is not surfaces.from_expression(text, window=((-1, 1), (-1, 1)))
