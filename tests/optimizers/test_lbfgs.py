"""L-BFGS: torch's paths, the two-loop recursion against dense BFGS, the line search, stops and batches."""

import json
import pathlib
import warnings

import numpy as np
import pytest

import optimizers
import surfaces
from optimizers.lbfgs import strong_wolfe, two_loop
from tests.optimizers.objectives import random_quadratic

GOLDEN = json.loads(
    (pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "lbfgs.json").read_text()
)
CASE_IDS = [
    f"{c['surface']}-{c['start']}-{c['hyperparams']['line_search_fn']}-m{c['hyperparams']['history_size']}"
    for c in GOLDEN["cases"]
]


def run_case(case):
    opt = optimizers.get("lbfgs", **case["hyperparams"])
    surface = surfaces.get(case["surface"], **case["surface_params"])
    return optimizers.run(opt, surface, case["start"], case["steps"])


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=CASE_IDS)
def test_matches_torch_lbfgs_one_iteration_per_step(case):
    np.testing.assert_allclose(run_case(case), case["path"], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    "case", [c for c in GOLDEN["cases"] if "inner_path" in c], ids=lambda c: f"{c['surface']}-{c['start']}"
)
def test_matches_the_inner_iterations_of_one_torch_step_call(case):
    # torch's single step(max_iter=steps) call: its iterates are our path, until its tolerance checks stop it
    inner = np.array(case["inner_path"])
    np.testing.assert_allclose(run_case(case)[: len(inner)], inner, rtol=1e-9, atol=1e-12)


def test_golden_covers_line_search_history_sizes_and_surfaces():
    cases = GOLDEN["cases"]
    assert {c["surface"] for c in cases} == {"rosenbrock", "ravine", "beale"}
    assert {c["hyperparams"]["line_search_fn"] for c in cases} == {None, "strong_wolfe"}
    assert len({c["hyperparams"]["history_size"] for c in cases}) >= 4
    # at least one single torch call stopped early on its tolerance checks, where our path goes on
    assert any(len(c["inner_path"]) < c["steps"] + 1 for c in cases if "inner_path" in c)


def test_first_step_is_a_gradient_step_of_l1_length_at_most_lr():
    surface = surfaces.get("rosenbrock")
    start = np.array([-1.5, 2.0])
    g = surface.grad(start)
    path = optimizers.run(optimizers.get("lbfgs", lr=0.7), surface, start, 1)
    np.testing.assert_allclose(path[1], start - min(1.0, 1.0 / np.abs(g).sum()) * 0.7 * g, rtol=1e-15)


def dense_bfgs_inverse(pairs, d):
    """H from gamma I by the textbook BFGS inverse update, one pair at a time (Nocedal & Wright eq. 6.17)."""
    s_last, y_last = pairs[-1]
    H = (s_last @ y_last) / (y_last @ y_last) * np.eye(d)
    for s, y in pairs:
        rho = 1.0 / (y @ s)
        left = np.eye(d) - rho * np.outer(s, y)
        H = left @ H @ left.T + rho * np.outer(s, s)
    return H


@pytest.mark.parametrize("d", [4, 12])  # the Python-float path for small d, NumPy beyond
@pytest.mark.parametrize("count", [1, 2, 4])
def test_two_loop_recursion_equals_the_dense_bfgs_inverse(count, d):
    rng = np.random.default_rng(count)
    m = 6
    A = rng.standard_normal((d, d))
    A = A @ A.T + d * np.eye(d)  # y = A s has positive curvature
    pairs = [(s, A @ s) for s in rng.standard_normal((count, d))]
    s_history, y_history, rho_history = np.zeros((m, d)), np.zeros((m, d)), np.zeros(m)
    for slot, (s, y) in enumerate(pairs, start=m - count):
        s_history[slot], y_history[slot], rho_history[slot] = s, y, 1.0 / (y @ s)
    gamma = np.array((pairs[-1][0] @ pairs[-1][1]) / (pairs[-1][1] @ pairs[-1][1]))
    g = rng.standard_normal(d)
    ours = two_loop(-g, s_history, y_history, rho_history, gamma, count)
    np.testing.assert_allclose(ours, -dense_bfgs_inverse(pairs, d) @ g, rtol=1e-12)
    # the newest pair satisfies the secant equation H y = s
    np.testing.assert_allclose(
        two_loop(pairs[-1][1], s_history, y_history, rho_history, gamma, count), pairs[-1][0], rtol=1e-12
    )


def test_line_search_returns_a_strong_wolfe_step():
    surface = surfaces.get("rosenbrock")
    x = np.array([-1.5, 2.0])
    g = surface.grad(x)
    d = -g / np.abs(g).sum()
    t, evals = strong_wolfe(surface, x, 1.0, d, surface.value(x), g)
    slope = g @ d
    assert 1 <= evals <= 25 and t > 0
    assert surface.value(x + t * d) <= surface.value(x) + 1e-4 * t * slope  # sufficient decrease
    assert abs(surface.grad(x + t * d) @ d) <= -0.9 * slope  # curvature


def test_strong_wolfe_converges_on_rosenbrock():
    path = optimizers.run(
        optimizers.get("lbfgs", line_search_fn="strong_wolfe"), surfaces.get("rosenbrock"), (-1.5, 2.0), 40
    )
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-5)


@pytest.mark.parametrize("standardize", [False, True])
def test_strong_wolfe_fits_logistic_regression(standardize):
    surface = surfaces.get("logistic_regression", standardize=standardize)
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    path = optimizers.run(opt, surface, surface.starts[0], 40)
    np.testing.assert_allclose(path[-1], surface.minima[0], atol=1e-4)


def test_quadratic_in_five_dimensions_converges():
    quadratic = random_quadratic(np.random.default_rng(0), 5)
    # tolerances tightened: with torch's defaults the slope stop ends the run at about 1e-5 from the minimum
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe", tolerance_grad=1e-12, tolerance_change=1e-20)
    path = optimizers.run(opt, quadratic, np.zeros(5), 20)
    np.testing.assert_allclose(path[-1], quadratic.minimum, atol=1e-9)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_batch_equals_individual_runs(line_search_fn):
    opt = optimizers.get("lbfgs", line_search_fn=line_search_fn, history_size=5, lr=0.5)
    surface = surfaces.get("beale")
    starts = np.array([[1.0, 1.0], [2.0, 0.0], [-1.0, 1.5], [3.0, 0.5]])  # the last is the minimum
    batch = optimizers.run(opt, surface, starts, 25)
    for k, start in enumerate(starts):
        # one point takes the Python-float two-loop, a batch the NumPy one: equal up to rounding, which the
        # path from (-1, 1.5) (running off along the flat valley) amplifies to about 1e-12 by step 25
        np.testing.assert_allclose(
            batch[:, k], optimizers.run(opt, surface, start, 25), rtol=1e-10, atol=1e-12
        )


def test_a_point_at_the_minimum_stays_put_and_records_nothing():
    trajectory = optimizers.trajectory(optimizers.get("lbfgs"), surfaces.get("ravine"), (0.0, 0.0), 3)
    assert np.all(trajectory.positions == 0.0)
    assert trajectory.states["step"].tolist() == [0, 0, 0] and trajectory.states["stopped"].all()


def test_directional_derivative_stop_keeps_the_point():
    # ravine from far out: fixed steps reach the minimum to rounding, then g.d > -tolerance_change stops it
    trajectory = optimizers.trajectory(
        optimizers.get("lbfgs", tolerance_grad=0.0), surfaces.get("ravine"), (-8.0, 2.0), 30
    )
    stopped = trajectory.states["stopped"]
    assert stopped[-1] and not stopped[0]
    assert np.all(trajectory.updates[stopped] == 0.0)


def test_inspector_fields_and_effective_lr():
    trajectory = optimizers.trajectory(
        optimizers.get("lbfgs", history_size=3), surfaces.get("ravine", condition_number=10), (-8.0, 2.0), 6
    )
    states = trajectory.states
    assert states["history_count"].tolist()[:4] == [0, 1, 2, 3] and states["history_count"][-1] == 3
    g0 = trajectory.grads[0]
    first_t = min(1.0, 1.0 / np.abs(g0).sum())
    np.testing.assert_allclose(trajectory.effective_lr[0], [first_t, first_t])  # H_1 = I
    # on the diagonal quadratic diag(1, 10) the curvature model learns the axes: diag(H) -> (1, 1/10)
    assert trajectory.effective_lr[3, 0] > 5 * trajectory.effective_lr[3, 1]
    np.testing.assert_allclose(trajectory.updates[2], states["step_size"][2] * states["direction"][2])


def test_steps_stuck_at_the_tolerance_are_cheap_and_still_exact():
    # from step ~40 the path sits at the slope tolerance: those steps reuse the model (and its diag(H))
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    surface = surfaces.get("rosenbrock")
    trajectory = optimizers.trajectory(opt, surface, (-1.5, 2.0), 80)
    states = trajectory.states
    assert states["stopped"][-30:].all() and states["step"][-1] == 80
    params = np.array([-1.5, 2.0])
    state = opt.init(params)
    for row in range(80):
        updates, state = opt.update(surface.grad(params), state, params, lr=1.0, objective=surface)
        params = params + updates
        if row in (0, 20, 45, 79):
            np.testing.assert_array_equal(opt.effective_lr(state, 1.0), trajectory.effective_lr[row])
    np.testing.assert_array_equal(params, trajectory.positions[-1])


def test_divergence_is_recorded_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trajectory = optimizers.trajectory(
            optimizers.get("lbfgs", lr=1e4), surfaces.get("rosenbrock"), (-1.5, 2.0), 20
        )
    assert trajectory.diverged_at is not None
    assert np.isnan(trajectory.positions[trajectory.diverged_at + 1 :]).all()


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_a_nan_gradient_shows_as_divergence_not_as_convergence(line_search_fn):
    class Cliff:  # a bowl whose gradient is undefined beyond x = 0.5
        def value(self, p):
            return np.where(p[..., 0] > 0.5, np.nan, (p**2).sum(axis=-1))

        def grad(self, p):
            return np.where(p[..., :1] > 0.5, np.nan, 2 * p)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trajectory = optimizers.trajectory(
            optimizers.get("lbfgs", line_search_fn=line_search_fn), Cliff(), (0.6, 0.2), 5
        )
    assert trajectory.diverged_at == 1 and np.isnan(trajectory.positions[1:]).all()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lr": -1}, "Invalid learning rate: -1"),
        ({"history_size": 0}, "Invalid history_size value: 0"),
        ({"tolerance_grad": -1.0}, "Invalid tolerance_grad value: -1.0"),
        ({"line_search_fn": "armijo"}, "must be one of None, strong_wolfe"),
        ({"max_eval": 0}, "Invalid max_eval value: 0"),
    ],
)
def test_validation(params, message):
    with pytest.raises(ValueError, match=message):
        optimizers.get("lbfgs", **params)


def test_line_search_without_an_objective_says_what_is_missing():
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    params = np.array([1.0, 2.0])
    with pytest.raises(TypeError, match="the line search needs the step's objective"):
        opt.update(params, opt.init(params), params, lr=1.0)
    fixed = optimizers.get("lbfgs")  # fixed steps need no objective
    updates, _ = fixed.update(params, fixed.init(params), params, lr=1.0)
    np.testing.assert_allclose(updates, -params / 3.0)  # min(1, 1/|g|_1) * g with |g|_1 = 3


def test_spec():
    spec = optimizers.spec("lbfgs")
    assert spec.order == 2 and [p.name for p in spec.params][:2] == ["lr", "history_size"]
    assert set(spec.state_labels) <= set(optimizers.get("lbfgs").init(np.zeros(2))._fields)
