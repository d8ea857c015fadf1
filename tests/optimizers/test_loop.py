"""The run loop: shapes, batches, any dimension, schedules, noise, averaging, divergence, validation."""

import warnings

import numpy as np
import pytest

import optimizers
import surfaces
from tests.optimizers.test_first_steps import Bowl

FIRST_ORDER = [name for name in optimizers.names() if optimizers.spec(name).order == 1]
LR = {"adadelta": 1.0}  # a learning rate that moves visibly on the test surfaces; 0.01 for the rest


def opt_for(name, **hyperparams):
    return optimizers.get(name, **{"lr": LR.get(name, 0.01), **hyperparams})


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_one_start_gives_steps_plus_one_rows_starting_at_the_start():
    path = optimizers.run(opt_for("adam"), surfaces.get("rosenbrock"), (-1.5, 2.0), 40)
    assert path.shape == (41, 2)
    np.testing.assert_array_equal(path[0], [-1.5, 2.0])


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_a_batch_of_starts_equals_the_individual_runs(name):
    surface = surfaces.get("rosenbrock")
    starts = np.array([[-1.5, 2.0], [-1.2, 1.0], [1.5, -0.5]])
    batch = optimizers.run(opt_for(name), surface, starts, 60)
    assert batch.shape == (61, 3, 2)
    for k, start in enumerate(starts):
        np.testing.assert_allclose(batch[:, k], optimizers.run(opt_for(name), surface, start, 60), rtol=1e-15)


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_any_dimension_works(name, no_warnings):
    bowl = Bowl(h=[1.0, 2.0, 3.0, 4.0, 5.0])
    start = np.array([1.0, -1.0, 2.0, 0.5, -3.0])
    path = optimizers.trajectory(opt_for(name), bowl, start, 30)
    assert (
        path.positions.shape == (31, 5) and path.grads.shape == (30, 5) and path.effective_lr.shape == (30, 5)
    )
    assert bowl.value(path.positions[-1]) < bowl.value(start)
    batch = optimizers.run(opt_for(name), bowl, np.stack([start, -start]), 30)
    assert batch.shape == (31, 2, 5)
    np.testing.assert_allclose(batch[:, 0], path.positions, rtol=1e-15)


def test_trajectory_records_everything_with_the_documented_shapes():
    surface = surfaces.get("rosenbrock")
    starts = np.array([[-1.5, 2.0], [-1.2, 1.0]])
    t = optimizers.trajectory(opt_for("adam"), surface, starts, 25)
    assert t.positions.shape == (26, 2, 2) and t.losses.shape == (26, 2)
    assert t.grads.shape == t.updates.shape == t.effective_lr.shape == (25, 2, 2)
    assert t.lrs.shape == (25,) and t.steps == 25
    assert t.states["first_moment"].shape == (25, 2, 2) and t.states["step"].tolist() == list(range(1, 26))
    np.testing.assert_allclose(t.losses, surface.value(t.positions))
    np.testing.assert_allclose(t.grads, surface.grad(t.positions[:-1]))
    np.testing.assert_allclose(t.updates, np.diff(t.positions, axis=0), rtol=1e-12, atol=1e-15)
    assert t.polyak.shape == t.ema.shape == t.positions.shape
    np.testing.assert_array_equal(t.diverged_at, [-1, -1])


def test_zero_steps_is_just_the_start():
    t = optimizers.trajectory(opt_for("sgd"), surfaces.get("ravine"), (1.0, 1.0), 0)
    assert t.positions.shape == (1, 2) and t.grads.shape == (0, 2) and t.lrs.shape == (0,)
    assert t.states["velocity"].shape == (0, 2) and t.diverged_at is None


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("sgd", lambda t: t.grads),
        ("adagrad", lambda t: t.grads),
        ("rmsprop", lambda t: t.grads),
        ("adam", lambda t: t.states["first_moment"]),
        ("adamax", lambda t: t.states["first_moment"]),
        ("adadelta", lambda t: t.grads),
    ],
)
def test_updates_are_effective_lr_times_the_direction(name, direction):
    t = optimizers.trajectory(opt_for(name), surfaces.get("rosenbrock"), (-1.2, 1.0), 40)
    np.testing.assert_allclose(t.updates, -t.effective_lr * direction(t), rtol=1e-7, atol=1e-14)


def test_adam_effective_lr_is_the_bias_corrected_per_axis_factor():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    t = optimizers.trajectory(opt_for("adam"), surfaces.get("ravine"), (-8.0, 2.0), 3)
    v = t.states["second_moment"][2]
    expected = lr / (1 - b1**3) / (np.sqrt(v) / np.sqrt(1 - b2**3) + eps)
    np.testing.assert_allclose(t.effective_lr[2], expected, rtol=1e-14)


def test_sgd_effective_lr_is_the_learning_rate():
    t = optimizers.trajectory(opt_for("sgd"), surfaces.get("ravine"), (-8.0, 2.0), 3)
    np.testing.assert_array_equal(t.effective_lr, np.full((3, 2), 0.01))


@pytest.mark.parametrize("entry", ["momentum", "nesterov"])
def test_convenience_entries_follow_the_same_path_as_sgd(entry):
    surface = surfaces.get("rosenbrock")
    sgd = optimizers.get("sgd", lr=1e-3, momentum=0.9, nesterov=entry == "nesterov")
    np.testing.assert_array_equal(
        optimizers.run(optimizers.get(entry), surface, (-1.2, 1.0), 300),
        optimizers.run(sgd, surface, (-1.2, 1.0), 300),
    )


# Schedules


def test_a_schedule_sets_the_learning_rate_of_each_step():
    schedule = optimizers.schedules.get("step", step_size=2, gamma=0.5)
    t = optimizers.trajectory(optimizers.get("sgd", lr=0.1), Bowl(), (1.0, -2.0), 5, schedule=schedule)
    np.testing.assert_allclose(t.lrs, [0.1, 0.1, 0.05, 0.05, 0.025])
    x = np.array([1.0, -2.0])
    for lr in t.lrs:
        x = x - lr * np.array([1.0, 4.0]) * x
    np.testing.assert_allclose(t.positions[-1], x, rtol=1e-14)
    np.testing.assert_array_equal(
        optimizers.run(optimizers.get("sgd", lr=0.1), Bowl(), (1.0, -2.0), 5, schedule=schedule), t.positions
    )


def test_a_plain_callable_schedule_gets_base_lr_step_and_total_steps():
    calls = []

    def halve_every_step(base_lr, step, total_steps=None):
        calls.append((base_lr, step, total_steps))
        return base_lr / 2 ** (step - 1)

    t = optimizers.trajectory(
        optimizers.get("sgd", lr=0.4), Bowl(), (1.0, -2.0), 3, schedule=halve_every_step
    )
    assert calls == [(0.4, 1, 3), (0.4, 2, 3), (0.4, 3, 3)]
    np.testing.assert_allclose(t.lrs, [0.4, 0.2, 0.1])


def test_constant_schedule_equals_no_schedule():
    surface = surfaces.get("rosenbrock")
    opt = opt_for("adam")
    np.testing.assert_array_equal(
        optimizers.run(opt, surface, (-1.2, 1.0), 50, schedule=optimizers.schedules.get("constant")),
        optimizers.run(opt, surface, (-1.2, 1.0), 50),
    )


# Gradient noise


def test_noise_is_reproducible_from_its_seed_and_identical_in_run_and_trajectory():
    surface, opt = surfaces.get("ravine"), opt_for("momentum")
    first = optimizers.run(opt, surface, (-8.0, 2.0), 100, noise=0.5, seed=3)
    again = optimizers.run(opt, surface, (-8.0, 2.0), 100, noise=0.5, seed=3)
    other = optimizers.run(opt, surface, (-8.0, 2.0), 100, noise=0.5, seed=4)
    full = optimizers.trajectory(opt, surface, (-8.0, 2.0), 100, noise=0.5, seed=3)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, full.positions)
    assert not np.allclose(first, other)
    assert not np.allclose(first, optimizers.run(opt, surface, (-8.0, 2.0), 100))


def test_noise_is_gaussian_with_the_given_standard_deviation_in_every_component():
    surface = surfaces.get("ravine")
    t = optimizers.trajectory(opt_for("sgd"), surface, (-8.0, 2.0), 4000, noise=0.7, seed=1)
    added = t.grads - surface.grad(t.positions[:-1])
    assert abs(added.mean()) < 0.03
    np.testing.assert_allclose(added.std(axis=0), [0.7, 0.7], rtol=0.05)
    np.testing.assert_allclose(np.corrcoef(added.T)[0, 1], 0.0, atol=0.05)


def test_noise_draws_come_from_default_rng_of_the_seed_one_draw_per_step():
    surface = Bowl()
    t = optimizers.trajectory(optimizers.get("sgd", lr=0.1), surface, (1.0, -2.0), 5, noise=0.3, seed=9)
    rng = np.random.default_rng(9)
    expected = [0.3 * rng.standard_normal(2) for _ in range(5)]
    np.testing.assert_allclose(t.grads - surface.grad(t.positions[:-1]), expected, rtol=1e-12, atol=1e-15)


# Averaging


def test_polyak_average_of_a_noisy_run_lands_closer_to_the_minimum_than_the_last_iterate():
    surface = surfaces.get("ravine")
    opt = optimizers.get("sgd", lr=0.1)
    path, polyak = optimizers.run(opt, surface, (1.0, 1.0), 3000, noise=1.0, seed=0, average="polyak")
    assert np.linalg.norm(polyak[-1]) < 0.25 * np.linalg.norm(path[-1])
    np.testing.assert_allclose(polyak[-1], path.mean(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(polyak[0], path[0])


def test_ema_average_starts_at_the_start_and_follows_its_recursion():
    surface = surfaces.get("ravine")
    opt = opt_for("adam")
    path, ema = optimizers.run(opt, surface, (-8.0, 2.0), 50, average="ema", ema_decay=0.8)
    expected = [path[0]]
    for row in path[1:]:
        expected.append(0.8 * expected[-1] + 0.2 * row)
    np.testing.assert_allclose(ema, expected, rtol=1e-14)
    t = optimizers.trajectory(opt, surface, (-8.0, 2.0), 50, ema_decay=0.8)
    np.testing.assert_array_equal(t.ema, ema)
    np.testing.assert_array_equal(
        t.polyak, optimizers.run(opt, surface, (-8.0, 2.0), 50, average="polyak")[1]
    )


def test_averages_of_a_batch_are_per_point():
    starts = np.array([[-8.0, 2.0], [3.0, -3.0]])
    path, polyak = optimizers.run(opt_for("sgd"), surfaces.get("ravine"), starts, 20, average="polyak")
    assert polyak.shape == path.shape
    np.testing.assert_allclose(polyak[-1], path.mean(axis=0))


# Divergence


def test_divergence_records_the_step_keeps_that_row_and_blanks_the_rest(no_warnings):
    # on the ravine (curvature 10 along y) lr = 0.5 multiplies y by -4 per step: |y| = 4^t > 1e6 at t = 10
    t = optimizers.trajectory(optimizers.get("sgd", lr=0.5), surfaces.get("ravine"), (1.0, 1.0), 40)
    assert t.diverged_at == 10
    np.testing.assert_allclose(t.positions[10], [0.5**10, 4.0**10])
    assert np.isfinite(t.positions[:11]).all() and np.isnan(t.positions[11:]).all()
    assert np.isfinite(t.grads[:10]).all() and np.isnan(t.grads[10:]).all()
    assert np.isnan(t.updates[10:]).all() and np.isnan(t.states["velocity"][10:]).all()
    assert np.isnan(t.losses[11:]).all() and np.isnan(t.polyak[11:]).all() and np.isnan(t.ema[11:]).all()
    assert np.isfinite(t.lrs).all()  # the schedule does not depend on the path
    run = optimizers.run(optimizers.get("sgd", lr=0.5), surfaces.get("ravine"), (1.0, 1.0), 40)
    np.testing.assert_array_equal(run, t.positions)


def test_a_non_finite_row_is_blanked_too(no_warnings):
    # lr = 1e200 makes the second step overflow to infinity; the bound is pushed out of the way
    path = optimizers.trajectory(optimizers.get("sgd", lr=1e200), Bowl(), (1.0, 1.0), 5, bound=1e308)
    assert path.diverged_at == 2
    assert np.isfinite(path.positions[1]).all() and np.isnan(path.positions[2:]).all()


def test_bound_is_an_option():
    surface = surfaces.get("ravine")
    t = optimizers.trajectory(optimizers.get("sgd", lr=0.5), surface, (1.0, 1.0), 40, bound=100.0)
    assert t.diverged_at == 4  # 4^4 = 256 > 100


def test_in_a_batch_only_the_diverging_point_is_blanked(no_warnings):
    surface = surfaces.get("ravine")
    opt = optimizers.get("sgd", lr=0.19)  # stable (lr < 2/10) but |1 - 10 lr| = 0.9
    starts = np.array([[1.0, 1.0], [1e5, 9e5]])
    t = optimizers.trajectory(opt, surface, starts, 30, bound=1e6)
    np.testing.assert_array_equal(t.diverged_at, [-1, -1])
    wild = optimizers.trajectory(optimizers.get("sgd", lr=0.21), surface, starts, 200)
    assert wild.diverged_at[1] < wild.diverged_at[0]
    assert np.isnan(wild.positions[wild.diverged_at[1] + 1 :, 1]).all()
    k = wild.diverged_at[1] + 1
    assert (
        np.isfinite(wild.positions[:k, 0]).all()
        and np.isfinite(wild.positions[k : wild.diverged_at[0], 0]).all()
    )


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_every_optimizer_diverges_quietly(name, no_warnings):
    opt = optimizers.get(name, lr=1e6)
    for surface_name in ("ravine", "rosenbrock", "beale", "saddle"):
        t = optimizers.trajectory(opt, surfaces.get(surface_name), (2.0, 2.0), 200)
        if t.diverged_at is not None:
            assert np.isnan(t.positions[t.diverged_at + 1 :]).all()
        assert np.isfinite(t.positions[: (t.diverged_at or 200) + 1][:-1]).all()


def test_stepping_stops_once_every_point_has_diverged():
    class CountingBowl(Bowl):
        calls = 0

        def grad(self, p):
            CountingBowl.calls += 1
            return super().grad(p)

    starts = np.array([[1.0, 1.0], [2.0, -1.0]])
    path = optimizers.run(optimizers.get("sgd", lr=2.0), CountingBowl(), starts, 5000)
    assert path.shape == (5001, 2, 2) and np.isnan(path[-1]).all()
    assert CountingBowl.calls < 100  # diverged around step 10 of 5000


# Generic and stochastic objectives


def test_stochastic_objectives_get_the_step_number_and_the_step_objective():
    seen, objectives = [], []

    class Batches:
        stochastic = True

        def value(self, p):
            return 0.5 * (np.asarray(p) ** 2).sum(axis=-1)

        def grad(self, p):
            raise AssertionError("a stochastic objective is stepped with its mini-batch gradient")

        def hessian(self, p):
            return np.eye(2)

        def minibatch_value(self, p, step):
            return self.value(p) + step

        def minibatch_grad(self, p, step):
            seen.append(step)
            return np.asarray(p) + step

    def spy_update(grads, state, params, *, lr, objective):
        objectives.append(objective.value(params))
        return sgd.update(grads, state, params, lr=lr, objective=objective)

    sgd = optimizers.get("sgd", lr=0.1)
    spy = optimizers.Optimizer("spy", sgd.hyperparams, sgd.init, spy_update, sgd.effective_lr)
    path = optimizers.run(spy, Batches(), (1.0, 2.0), 3)
    assert seen == [1, 2, 3]
    x = np.array([1.0, 2.0])
    for step in (1, 2, 3):
        np.testing.assert_allclose(objectives[step - 1], 0.5 * (x**2).sum() + step)
        x = x - 0.1 * (x + step)
    np.testing.assert_allclose(path[-1], x)


# Validation of the options


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"steps": -1}, "steps must be at least 0"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"steps": True}, "steps must be a whole number"),
        ({"steps": 100_001}, "steps must be at most 100,000"),
        ({"start": (1.0, float("nan"))}, "start must be finite"),
        ({"start": "here"}, "start must be numbers"),
        ({"start": 3.0}, "start must have shape"),
        ({"noise": -0.1}, "noise must be a finite number >= 0"),
        ({"noise": "loud"}, "noise must be a number"),
        ({"ema_decay": "slow"}, "ema_decay must be a number"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"average": "median"}, "average must be None, 'polyak' or 'ema'"),
        ({"ema_decay": 1.0}, r"ema_decay must be in \[0, 1\)"),
        ({"bound": 0.0}, "bound must be a positive finite number"),
    ],
)
def test_bad_options_are_value_errors_saying_what_is_wrong(options, message):
    arguments = {"start": (1.0, 1.0), "steps": 10, **options}
    for function in (optimizers.run, optimizers.trajectory):
        with pytest.raises(ValueError, match=message):
            function(opt_for("sgd"), surfaces.get("ravine"), **arguments)


def test_run_and_trajectory_take_the_same_options_and_refuse_others():
    for function in (optimizers.run, optimizers.trajectory):
        with pytest.raises(TypeError, match="decay"):
            function(opt_for("sgd"), Bowl(), (1.0, 1.0), 5, decay=0.5)
    options = optimizers.RunOptions(noise=0.3, seed=4, average="ema", ema_decay=0.5)
    path, averaged = optimizers.run(opt_for("sgd"), Bowl(), (1.0, 1.0), 5, **vars(options))
    full = optimizers.trajectory(opt_for("sgd"), Bowl(), (1.0, 1.0), 5, **vars(options))
    np.testing.assert_array_equal(path, full.positions)
    np.testing.assert_array_equal(averaged, full.ema)


def test_max_steps_is_accepted():
    path = optimizers.run(opt_for("sgd"), Bowl(), (1.0, 1.0), optimizers.MAX_STEPS)
    assert path.shape == (optimizers.MAX_STEPS + 1, 2)
