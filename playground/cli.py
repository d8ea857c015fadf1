"""``python -m playground``: a trajectory as CSV or JSON, for the numbers on slides and in papers.

Example::

    python -m playground --surface rosenbrock --optimizer adam --set lr=0.02 --set betas=0.9,0.999 \\
        --start=-1.5,2 --steps 200 --format csv
    python -m playground --surface "expr:0.5*x**2 + 10*y**2" --optimizer sgd --set lr=0.05 \\
        --schedule cosine --steps 100 --format json
    python -m playground --list

Every ``--set``/``--surface-set``/``--schedule-set`` value is read by the :class:`paramspec.Param` of that
name (so ``betas=0.9,0.999`` is a pair and ``nesterov=true`` a bool); ranges are the library's, as in
torch.optim, not the app's slider ranges. Bad arguments print one line on stderr and exit with status 2.
Write negative start coordinates with ``=`` (``--start=-1.5,2``): a value that starts with ``-`` is
otherwise read as an option.

The files are the page's exports (:mod:`playground.export`), one lane, so a command-line file and a
downloaded one read the same. A run whose estimated cost (:mod:`playground.budget`) exceeds ``--budget``
seconds (default :data:`playground.budget.CLI_SECONDS`) is refused with one line saying what it would cost.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
from collections.abc import Sequence
from typing import Any

import optimizers
import surfaces
from optimizers import schedules
from optimizers.loop import check_steps
from paramspec import Param
from playground import budget, export
from playground.state import CUSTOM, Lane, PlaygroundState

EXPRESSION_PREFIX = "expr:"
PROG = "python -m playground"


class UsageError(Exception):
    """A bad command line: the message is printed as one line and the exit status is 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print the usage block and exit; we want one line
        if "--start" in message and "expected one argument" in message:
            message += " (write a negative start with '=': --start=-1.5,2)"
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Run an optimizer on a loss surface and print the trajectory (step, x, y, loss).",
        epilog="Names: python -m playground --list. Negative starts need '=': --start=-1.5,2.",
    )
    parser.add_argument(
        "--surface", help='a surface name, or "expr:FORMULA" in x and y (default: rosenbrock)'
    )
    parser.add_argument("--optimizer", help="an optimizer name (default: sgd)")
    parser.add_argument(
        "--set",
        dest="hyperparams",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a hyperparameter",
    )
    parser.add_argument(
        "--surface-set", action="append", default=[], metavar="NAME=VALUE", help="a surface parameter"
    )
    parser.add_argument("--schedule", default="constant", help="a learning-rate schedule (default: constant)")
    parser.add_argument(
        "--schedule-set", action="append", default=[], metavar="NAME=VALUE", help="a schedule parameter"
    )
    parser.add_argument("--start", metavar="X,Y", help="start point (default: the surface's first start)")
    parser.add_argument("--steps", default="200", help="number of steps, 0 to 100000 (default: 200)")
    parser.add_argument(
        "--noise", default="0", help="std of Gaussian noise added to the gradient (default: 0)"
    )
    parser.add_argument("--seed", default="0", help="seed of the gradient noise (default: 0)")
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default: csv)"
    )
    parser.add_argument(
        "--budget",
        default=str(budget.CLI_SECONDS),
        metavar="SECONDS",
        help=f"refuse runs estimated to take longer (default: {budget.CLI_SECONDS:g})",
    )
    parser.add_argument("--list", action="store_true", help="list the surfaces, optimizers and schedules")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        text = _listing() if args.list else _render(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help has printed the help
        return int(done.code or 0)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader left, which is not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _render(args: argparse.Namespace) -> str:
    surface_text = args.surface or "rosenbrock"
    surface = _surface(surface_text, args.surface_set)
    name = args.optimizer or "sgd"
    opt = _build(
        "optimizer",
        name,
        args.hyperparams,
        lambda: optimizers.spec(name).params,
        optimizers.get,
        range_free=True,
    )
    schedule_name = args.schedule
    schedule = _build(
        "schedule",
        schedule_name,
        args.schedule_set,
        lambda: schedules.spec(schedule_name).params,
        schedules.get,
        range_free=True,
    )
    start = _start(args.start, surface)
    steps = _number("steps", args.steps, int, check_steps)
    noise = _number("noise", args.noise, float, _nonnegative("noise"))
    seed = _number("seed", args.seed, int, _nonnegative("seed"))
    limit = _number("budget", args.budget, float, _nonnegative("budget"))
    lane = Lane(
        optimizer=opt.name,
        hyperparams=dict(opt.hyperparams),
        schedule=schedule_name,
        schedule_params=dict(schedule.params),
        noise=noise,
        seed=seed,
    )
    expression = surface_text[len(EXPRESSION_PREFIX) :] if surface_text.startswith(EXPRESSION_PREFIX) else ""
    state = PlaygroundState(
        surface=CUSTOM if expression else surface.name,
        surface_params={} if expression else dict(surface.params),
        expression=expression,
        lanes=(lane,),
        start=start,
        steps=steps,
    )
    plan = budget.plan(state, limit, where="command line")
    if plan.refused:
        raise UsageError(plan.notice)
    trajectory = optimizers.trajectory(
        opt,
        surface,
        start,
        steps,
        schedule=None if schedule_name == "constant" else schedule,
        noise=noise,
        seed=seed,
    )
    if args.format == "csv":
        return export.trajectories_csv(state, [trajectory])
    return export.trajectories_json(state, [trajectory], surface) + "\n"


def _surface(text: str, settings: list[str]):
    if text.startswith(EXPRESSION_PREFIX):
        if settings:
            raise UsageError("--surface-set does not apply to an expression surface")
        try:
            return surfaces.from_expression(text[len(EXPRESSION_PREFIX) :])
        except ValueError as error:
            raise UsageError(f"bad expression: {error}") from None
    return _build(
        "surface", text, settings, lambda: surfaces.spec(text).params, surfaces.get, range_free=False
    )


def _build(kind: str, name: str, settings: list[str], params_of, make, *, range_free: bool):
    """``make(name, **parsed settings)``, every failure turned into one :class:`UsageError` line."""
    try:
        params = {p.name: p for p in params_of()}
    except KeyError as error:
        raise UsageError(_message(error)) from None
    given: dict[str, Any] = {}
    for setting in settings:
        key, sep, text = setting.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"{kind} setting {setting!r} must look like NAME=VALUE")
        if key not in params:
            valid = ", ".join(params) or "none"
            raise UsageError(f"{kind} {name} has no parameter {key!r}; valid: {valid}")
        param = params[key]
        if range_free and param.kind in ("float", "int", "pair"):
            # the library checks the range with its own (torch's) messages; the Param reads the text
            param = dataclasses.replace(param, low=None, high=None)
        if param.kind == "choice" and None in param.choices and text.strip().lower() == "none":
            given[key] = None  # torch's line_search_fn=None, however it is spelled
            continue
        try:
            given[key] = param.parse(text)
        except ValueError as error:
            raise UsageError(f"{kind} {name}: {error}") from None
    try:
        return make(name, **given)
    except (KeyError, TypeError, ValueError) as error:
        raise UsageError(f"{kind} {name}: {_message(error)}") from None


def _start(text: str | None, surface) -> tuple[float, float]:
    if text is None:
        return tuple(float(v) for v in surface.starts[0])
    parts = text.split(",")
    try:
        point = tuple(float(part) for part in parts)
    except ValueError:
        raise UsageError(f"--start must be two numbers X,Y, got {text!r}") from None
    if len(point) != 2 or not all(math.isfinite(v) for v in point):
        raise UsageError(f"--start must be two finite numbers X,Y, got {text!r}")
    return point


def _number(name: str, text: str, cast: type, check) -> Any:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"--{name} must be a number, got {text!r}") from None
    if cast is int:
        if not math.isfinite(value) or value != int(value):
            raise UsageError(f"--{name} must be a whole number, got {text!r}")
        value = int(value)
    try:
        return check(value)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _nonnegative(name: str):
    def check(value):
        if not (0 <= value < math.inf):
            raise ValueError(f"--{name} must be a finite number >= 0, got {value:g}")
        return value

    return check


def _message(error: Exception) -> str:
    """The text of an exception without ``KeyError``'s quotes."""
    return str(error.args[0]) if error.args else type(error).__name__


def _listing() -> str:
    def describe(name: str, params: tuple[Param, ...]) -> str:
        settings = " ".join(
            f"{p.name}={p.format(p.default) if p.default is not None else 'None'}" for p in params
        )
        return f"  {name:18s} {settings}".rstrip()

    lines = ["surfaces:"]
    lines += [describe(name, surfaces.spec(name).params) for name in surfaces.names()]
    lines += [
        f"  {EXPRESSION_PREFIX + 'FORMULA':18s} a formula in x and y, e.g. expr:x**2 + 10*y**2",
        "optimizers:",
    ]
    lines += [describe(name, optimizers.spec(name).params) for name in optimizers.names()]
    lines += ["schedules:"]
    lines += [describe(name, schedules.spec(name).params) for name in schedules.names()]
    return "\n".join(lines) + "\n"
