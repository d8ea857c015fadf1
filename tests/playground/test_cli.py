"""``python -m playground``: it prints the library's numbers in the page's export format; bad input is one
line and status 2."""

import contextlib
import csv
import io
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optimizers
import surfaces
from optimizers import schedules
from playground import export
from playground.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def read_csv(text):
    """The columns step, x, y and loss of the export table, every row checked against the header."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[: len(export.FIXED_COLUMNS)] == list(export.FIXED_COLUMNS)
    assert all(len(row) == len(header) for row in rows[1:])
    wanted = [header.index(name) for name in ("step", "x", "y", "loss")]
    return np.array([[float(row[i]) if row[i] else np.nan for i in wanted] for row in rows[1:]])


def test_csv_is_the_library_trajectory_to_the_last_digit(capsys):
    status, out, err = run_cli(
        capsys,
        "--surface",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--set",
        "lr=0.02",
        "--set",
        "betas=0.9,0.99",
        "--start=-1.5,2",
        "--steps",
        "50",
    )
    assert status == 0 and err == ""
    table = read_csv(out)
    expected = optimizers.trajectory(
        optimizers.get("adam", lr=0.02, betas=(0.9, 0.99)), surfaces.get("rosenbrock"), (-1.5, 2.0), 50
    )
    np.testing.assert_array_equal(table[:, 0], np.arange(51))
    np.testing.assert_array_equal(table[:, 1:3], expected.positions)
    np.testing.assert_array_equal(table[:, 3], expected.losses)


def test_json_carries_the_settings_and_the_divergence(capsys):
    status, out, _ = run_cli(
        capsys,
        "--surface",
        "ravine",
        "--surface-set",
        "condition_number=10",
        "--optimizer",
        "sgd",
        "--set",
        "lr=1.5",
        "--start=-8,2",
        "--steps",
        "8",
        "--format",
        "json",
    )
    assert status == 0
    document = json.loads(out)
    assert document["surface"] == "ravine" and document["surface_params"] == {"condition_number": 10.0}
    (lane,) = document["lanes"]
    assert lane["optimizer"] == "sgd" and lane["hyperparams"]["lr"] == 1.5
    assert lane["hyperparams"]["nesterov"] is False
    # lr 1.5 > 2 / 10: y is multiplied by -14 every step and leaves |y| <= 1e6 at step 5
    assert lane["diverged_at"] == 5
    positions, losses = lane["positions"], lane["losses"]
    assert len(positions) == 9 and lane["start"] == [-8.0, 2.0]
    assert positions[1] == [4.0, -28.0] and losses[1] == 0.5 * 16 + 5 * 28**2
    assert positions[5][1] == 2.0 * (-14) ** 5  # the diverged row keeps its (finite) value
    assert positions[6][0] is None and losses[8] is None  # NaN after divergence is null


def test_json_pairs_and_none_choices(capsys):
    status, out, _ = run_cli(
        capsys,
        "--optimizer",
        "lbfgs",
        "--set",
        "line_search_fn=none",
        "--set",
        "history_size=5",
        "--steps",
        "3",
        "--format",
        "json",
    )
    document = json.loads(out)
    hyperparams = document["lanes"][0]["hyperparams"]
    assert status == 0 and hyperparams["line_search_fn"] is None
    assert hyperparams["history_size"] == 5 and document["surface"] == "rosenbrock"
    status, out, _ = run_cli(
        capsys, "--optimizer", "adam", "--set", "betas=0.8,0.9", "--steps", "1", "--format", "json"
    )
    assert json.loads(out)["lanes"][0]["hyperparams"]["betas"] == [0.8, 0.9]


def test_schedule_and_its_parameters_reach_the_run(capsys):
    status, out, _ = run_cli(
        capsys,
        "--surface",
        "ravine",
        "--optimizer",
        "sgd",
        "--set",
        "lr=0.1",
        "--steps",
        "40",
        "--schedule",
        "step",
        "--schedule-set",
        "step_size=10",
        "--schedule-set",
        "gamma=0.5",
    )
    expected = optimizers.run(
        optimizers.get("sgd", lr=0.1),
        surfaces.get("ravine"),
        surfaces.get("ravine").starts[0],
        40,
        schedule=schedules.get("step", step_size=10, gamma=0.5),
    )
    assert status == 0
    np.testing.assert_array_equal(read_csv(out)[:, 1:3], expected)
    plain = optimizers.run(
        optimizers.get("sgd", lr=0.1), surfaces.get("ravine"), surfaces.get("ravine").starts[0], 40
    )
    assert not np.array_equal(expected, plain)


def test_defaults_start_at_the_surfaces_first_start(capsys):
    status, out, _ = run_cli(capsys, "--surface", "beale", "--optimizer", "newton", "--steps", "3")
    assert status == 0
    table = read_csv(out)
    assert table.shape == (4, 4) and tuple(table[0, 1:3]) == tuple(surfaces.get("beale").starts[0])


def test_expression_surface(capsys):
    status, out, _ = run_cli(
        capsys,
        "--surface",
        "expr:0.5*x**2 + 10*y**2",
        "--optimizer",
        "newton",
        "--steps",
        "1",
        "--start=3,-1",
    )
    assert status == 0
    np.testing.assert_allclose(read_csv(out)[1], [1, 0.0, 0.0, 0.0], atol=1e-12)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--optimizer", "adamm"], "unknown optimizer 'adamm'; choose one of sgd"),
        (["--surface", "nope"], "unknown surface 'nope'"),
        (["--schedule", "cyclic"], "unknown schedule 'cyclic'"),
        (["--optimizer", "adam", "--set", "lr=-1"], "Invalid learning rate: -1"),
        (["--optimizer", "adam", "--set", "lr=fast"], "lr must be a number, got 'fast'"),
        (["--optimizer", "adam", "--set", "betas=0.9"], "betas must be two numbers"),
        (["--optimizer", "adam", "--set", "foo=1"], "adam has no parameter 'foo'; valid: lr, betas"),
        (["--optimizer", "sgd", "--set", "lr"], "must look like NAME=VALUE"),
        (["--optimizer", "sgd", "--set", "nesterov=maybe"], "nesterov must be true or false"),
        (
            ["--surface", "ravine", "--surface-set", "condition_number=0"],
            "condition_number must be between 1",
        ),
        (["--surface", "expr:__import__('os')"], "bad expression: "),
        (["--surface", "expr:x+", "--steps", "2"], "bad expression: "),
        (["--surface", "expr:x*y", "--surface-set", "a=1"], "does not apply to an expression"),
        (["--schedule", "cosine", "--schedule-set", "T_max=-3"], "T_max must be at least 0"),
        (["--steps", "-1"], "steps must be at least 0"),
        (["--steps", "1e9"], "steps must be at most 100,000"),
        (["--steps", "2.5"], "--steps must be a whole number"),
        (["--start=1,2,3"], "--start must be two finite numbers"),
        (["--start=a,b"], "--start must be two numbers"),
        (["--start=nan,0"], "--start must be two finite numbers"),
        (["--start", "-1.5,2"], "--start=-1.5,2"),
        (["--noise", "-1"], "--noise must be a finite number >= 0"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--budget", "-1"], "--budget must be a finite number >= 0"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(capsys, argv, message):
    status, out, err = run_cli(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("python -m playground: error: ")
    assert message in err


def test_list_names_everything(capsys):
    status, out, _ = run_cli(capsys, "--list")
    assert status == 0
    for name in [*surfaces.names(), *optimizers.names(), *schedules.names()]:
        assert f"\n  {name} " in out or f"\n  {name}\n" in out
    assert "lr=0.001 betas=0.9,0.999" in out


def test_help(capsys):
    status, out, _ = run_cli(capsys, "--help")
    assert status == 0 and "--schedule-set" in out and "--start=-1.5,2" in out


def test_module_entry_point_in_a_subprocess():
    good = subprocess.run(
        [
            sys.executable,
            "-m",
            "playground",
            "--surface",
            "ravine",
            "--optimizer",
            "newton",
            "--steps",
            "2",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert good.returncode == 0 and good.stderr == ""
    document = json.loads(good.stdout)
    assert document["lanes"][0]["positions"][1] == [0.0, 0.0] and document["lanes"][0]["losses"][1] == 0.0
    bad = subprocess.run(
        [sys.executable, "-m", "playground", "--optimizer", "adam", "--set", "betas=2,3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert (
        bad.stderr == "python -m playground: error: optimizer adam: Invalid beta parameter at index 0: 2.0\n"
    )


TOKENS = [
    "--surface", "--optimizer", "--set", "--surface-set", "--schedule", "--schedule-set", "--start",
    "--steps", "--format", "--noise", "ravine", "adam", "lbfgs", "newton", "cosine", "lr=0.1", "lr=-1",
    "lr=", "=",
    "betas=0.9", "momentum=2", "x=1", "expr:x**2+y", "expr:(((", "3", "-1", "1e400", "nan", "json", "",
    "--start=1,2", "--start=-1.5", "condition_number=5", "step_size=0",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_any_command_line_exits_0_or_2_with_at_most_one_error_line(argv):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["--steps", "3", *argv])
    assert status in (0, 2)
    if status == 2:
        assert stdout.getvalue() == "" and stderr.getvalue().count("\n") == 1
    else:
        assert stderr.getvalue() == "" and stdout.getvalue()


def test_a_run_over_the_command_lines_budget_is_refused_with_what_it_would_cost(capsys):
    argv = ["--surface", "expr:sin(3*x)*cos(2*y) + x**2", "--optimizer", "newton", "--steps", "100000"]
    status, out, err = run_cli(capsys, *argv, "--budget", "1")
    assert status == 2 and out == ""
    assert "1 Newton lane × 100,000 steps on a custom formula would take about" in err
    assert "more than this command line's budget of 1 s; allow it with --budget " in err
    status, out, _ = run_cli(capsys, *argv[:-1], "50", "--budget", "1")
    assert status == 0 and len(read_csv(out)) == 51


def test_the_command_line_writes_what_the_page_downloads(capsys):
    from playground import compute
    from playground.state import Lane, PlaygroundState

    status, out, _ = run_cli(
        capsys, "--surface", "ravine", "--optimizer", "adam", "--set", "lr=0.1", "--steps", "20"
    )
    lane = Lane("adam", dict(optimizers.get("adam", lr=0.1).hyperparams))
    state = PlaygroundState(
        surface="ravine", surface_params=dict(surfaces.get("ravine").params), lanes=(lane,)
    )
    surface = compute.build_surface(state)
    run = compute.run_lane(surface, lane, surface.starts[0], 20)
    assert status == 0 and out == export.trajectories_csv(state, [run])
