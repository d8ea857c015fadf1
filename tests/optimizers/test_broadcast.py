"""Hyperparameter arrays: a sweep of k settings is one vectorised run, point i the scalar run of setting i."""

import types

import numpy as np
import pytest

import optimizers
import surfaces

# Three settings per hyperparameter; point i of a broadcast run uses entry i of every list. Zeros sit next to
# non-zeros on purpose (momentum, weight decay), so the terms a scalar run skips are masked per element.
SETTINGS = {
    "sgd": {"lr": [1e-3, 1e-2, 2e-2], "momentum": [0.0, 0.5, 0.9], "dampening": [0.2, 0.1, 0.0]},
    "momentum": {"lr": [1e-3, 5e-3, 1e-2], "momentum": [0.0, 0.9, 0.5], "weight_decay": [0.0, 0.1, 0.0]},
    "nesterov": {"lr": [1e-3, 5e-3, 1e-2], "momentum": [0.3, 0.9, 0.6]},
    "adagrad": {
        "lr": [0.1, 0.5, 1.0],
        "lr_decay": [0.0, 0.01, 0.1],
        "initial_accumulator_value": [0.0, 0.1, 1.0],
        "eps": [1e-10, 1e-3, 0.1],
    },
    "rmsprop": {"lr": [3e-3, 1e-2, 3e-2], "alpha": [0.9, 0.99, 0.5], "momentum": [0.0, 0.9, 0.5]},
    "adadelta": {"lr": [0.5, 1.0, 2.0], "rho": [0.5, 0.9, 0.95], "eps": [1e-6, 1e-4, 1e-2]},
    "adam": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.5, 0.0], [0.999, 0.9, 0.99]),
        "weight_decay": [0, 0.1, 0],
    },
    "adamw": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.8, 0.9], [0.999, 0.99, 0.9]),
        "weight_decay": [0, 0.1, 1],
    },
    "adamax": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.5, 0.0], [0.999, 0.9, 0.99]),
        "eps": [1e-8, 1e-3, 0.1],
    },
    "nadam": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.5, 0.8], [0.999, 0.9, 0.99]),
        "momentum_decay": [4e-3, 0.0, 0.1],
    },
    # beta2 = 0.5 never leaves the plain-momentum phase, 0.9 leaves it after a few steps, 0.999 after five
    "radam": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.5, 0.8], [0.999, 0.9, 0.5]),
        "weight_decay": [0, 0.1, 0],
    },
    "newton": {"lr": [1.0, 0.5, 0.1], "damping": [0.0, 0.1, 1.0], "eigenvalue_floor": [1e-2, 0.1, 1.0]},
    "rprop": {
        "lr": [1e-3, 1e-2, 0.1],
        "etas": ([0.5, 0.3, 0.9], [1.2, 1.5, 1.1]),
        "step_sizes": ([1e-6, 1e-3, 0], [50, 0.5, 1]),
    },
    "asgd": {
        "lr": [1e-3, 1e-2, 2e-2],
        "lambd": [1e-4, 1e-2, 0.1],
        "alpha": [0.75, 0.5, 1.0],
        "t0": [1e6, 10, 0],
    },
    "adafactor": {
        "lr": [1e-2, 0.05, 0.1],
        "beta2_decay": [-0.8, -0.5, -1.0],
        "d": [1.0, 2.0, 1.5],
        "weight_decay": [0, 0.1, 0],
    },
    "lion": {
        "lr": [1e-3, 1e-2, 3e-2],
        "betas": ([0.9, 0.5, 0.99], [0.99, 0.9, 0.999]),
        "weight_decay": [0, 0.1, 0],
    },
    "schedule_free_sgd": {
        "lr": [1e-3, 1e-2, 2e-2],
        "momentum": [0.9, 0.5, 0.3],
        "r": [0, 1, 0.5],
        "weight_lr_power": [2, 1, 0],
    },
    "schedule_free_adamw": {
        "lr": [1e-2, 3e-2, 0.1],
        "betas": ([0.9, 0.5, 0.8], [0.999, 0.9, 0.99]),
        "weight_decay": [0, 0.1, 0],
    },
    "prodigy": {
        "lr": [1.0, 0.5, 2.0],
        "betas": ([0.9, 0.0, 0.5], [0.999, 0.9, 0.99]),
        "d0": [1e-6, 1e-3, 1e-2],
        "d_coef": [1, 0.5, 2],
    },
}
FLAGS = {
    "rmsprop": [{"centered": True}],
    "adam": [{"amsgrad": True}, {"decoupled_weight_decay": True}],
    "nadam": [{"decoupled_weight_decay": True}],
    "radam": [{"decoupled_weight_decay": True}],
    "newton": [{"negative_curvature": "gradient"}, {"negative_curvature": "none"}],
    "lion": [{"decoupled_weight_decay": True}],
    "prodigy": [
        {"use_bias_correction": True, "safeguard_warmup": True},
        {"decouple": False, "weight_decay": 0.1},
    ],
    "schedule_free_sgd": [{"warmup_steps": 10}],
    "schedule_free_adamw": [{"warmup_steps": 10}],
}
CASES = [(name, {}) for name in SETTINGS] + [(name, flags) for name, many in FLAGS.items() for flags in many]
K = 3


def _column(values):
    return np.array(values, dtype=float).reshape(K, 1)


def _broadcast(settings):
    return {
        name: tuple(_column(v) for v in values) if isinstance(values, tuple) else _column(values)
        for name, values in settings.items()
    }


def _scalar(settings, i):
    return {
        name: tuple(v[i] for v in values) if isinstance(values, tuple) else values[i]
        for name, values in settings.items()
    }


def _assert_point_is_the_scalar_run(batch, single, i):
    np.testing.assert_array_equal(batch.positions[:, i], single.positions)
    np.testing.assert_array_equal(batch.effective_lr[:, i], single.effective_lr)
    np.testing.assert_array_equal(batch.lrs[:, i, 0] if batch.lrs.ndim > 1 else batch.lrs, single.lrs)
    diverged_at = int(batch.diverged_at[i])
    assert diverged_at == (-1 if single.diverged_at is None else single.diverged_at)
    assert set(batch.states) == set(single.states)
    for field, rows in batch.states.items():
        expected = single.states[field]
        got = rows[:, i] if rows.ndim > expected.ndim else rows
        if diverged_at >= 0:  # after it, a per-setting field is blanked where a shared one goes on
            got, expected = got[:diverged_at], expected[:diverged_at]
        np.testing.assert_array_equal(got.reshape(expected.shape), expected, err_msg=field)


def _column_of(path, i):
    """Point ``i`` of a batch run of one scalar setting, as if it had been run alone."""
    diverged_at = int(path.diverged_at[i])
    return types.SimpleNamespace(
        positions=path.positions[:, i],
        effective_lr=path.effective_lr[:, i],
        lrs=path.lrs,
        diverged_at=None if diverged_at < 0 else diverged_at,
        states={field: rows[:, i] if rows.ndim > 1 else rows for field, rows in path.states.items()},
    )


def test_every_optimizer_that_broadcasts_is_covered_and_lbfgs_is_the_exception():
    broadcasting = {name for name in optimizers.names() if not optimizers.spec(name).scalar_only}
    assert broadcasting == set(SETTINGS)
    assert optimizers.spec("lbfgs").scalar_only


@pytest.mark.parametrize("name,flags", CASES, ids=[f"{n}{''.join(f'-{k}' for k in f)}" for n, f in CASES])
@pytest.mark.parametrize("surface", ["rosenbrock", "saddle", "beale", "himmelblau"])
def test_k_copies_of_one_start_with_k_settings_are_the_k_scalar_runs_bit_for_bit(name, flags, surface):
    settings = SETTINGS[name]
    objective = surfaces.get(surface)
    start = np.array([-1.2, 1.3]) if surface != "beale" else np.array([1.0, 1.2])
    batch = optimizers.trajectory(optimizers.get(name, **_broadcast(settings), **flags), objective, start, 60)
    assert batch.positions.shape == (61, K, 2)
    for i in range(K):
        opt = optimizers.get(name, **_scalar(settings, i), **flags)
        if (
            name == "newton"
        ):  # one Hessian goes to LAPACK, a batch of 2x2 ones to a closed form: compare batches
            single = _column_of(optimizers.trajectory(opt, objective, np.tile(start, (K, 1)), 60), i)
        else:
            single = optimizers.trajectory(opt, objective, start, 60)
        _assert_point_is_the_scalar_run(batch, single, i)


@pytest.mark.parametrize("name", ["sgd", "adam", "radam"])
def test_k_starts_pair_with_k_settings_under_a_schedule(name):
    settings = SETTINGS[name]
    starts = np.array([[-1.2, 1.3], [0.5, -0.7], [2.0, 2.0]])
    schedule = optimizers.schedules.get("one_cycle")
    objective = surfaces.get("rosenbrock")
    opt = optimizers.get(name, **_broadcast(settings))
    batch = optimizers.trajectory(opt, objective, starts, 50, schedule=schedule)
    fast = optimizers.run(opt, objective, starts, 50, schedule=schedule)
    np.testing.assert_array_equal(fast, batch.positions)
    for i in range(K):
        single_opt = optimizers.get(name, **_scalar(settings, i))
        single = optimizers.trajectory(single_opt, objective, starts[i], 50, schedule=schedule)
        _assert_point_is_the_scalar_run(batch, single, i)


def test_a_grid_of_settings_sweeps_lr_against_momentum_in_one_run():
    lr = np.geomspace(1e-4, 1e-2, 4).reshape(4, 1, 1)
    momentum = np.linspace(0.0, 0.9, 3).reshape(1, 3, 1)
    opt = optimizers.get("momentum", lr=lr, momentum=momentum)
    assert opt.batch_shape == (4, 3)
    path = optimizers.run(opt, surfaces.get("ravine"), (-2.0, 1.0), 30)
    assert path.shape == (31, 4, 3, 2)
    single = optimizers.get("momentum", lr=float(lr[2, 0, 0]), momentum=float(momentum[0, 1, 0]))
    np.testing.assert_array_equal(
        path[:, 2, 1], optimizers.run(single, surfaces.get("ravine"), (-2.0, 1.0), 30)
    )


@pytest.mark.parametrize(
    "name,hyperparams,message",
    [
        ("sgd", {"lr": np.array([[0.1], [-1.0]])}, "Invalid learning rate: -1.0"),
        ("sgd", {"momentum": np.array([[0.9], [-0.5]])}, "Invalid momentum value: -0.5"),
        ("adam", {"betas": (np.array([[0.9], [1.0]]), 0.999)}, "Invalid beta parameter at index 0: 1.0"),
        ("adam", {"eps": np.array([[1e-8], [np.nan]])}, "Invalid epsilon value: nan"),
        ("adadelta", {"rho": np.array([[0.9], [1.5]])}, "Invalid rho value: 1.5"),
        ("newton", {"damping": np.array([[-2.0], [0.0]])}, "Invalid damping value: -2.0"),
        ("nesterov", {"momentum": np.array([[0.9], [0.0]])}, "Nesterov momentum requires a momentum"),
    ],
)
def test_validation_is_elementwise_and_names_the_first_bad_setting(name, hyperparams, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        optimizers.get(name, **hyperparams)


def test_scalar_messages_are_unchanged():
    with pytest.raises(ValueError, match=r"^Invalid learning rate: -1$"):
        optimizers.get("adam", lr=-1)


@pytest.mark.parametrize(
    "hyperparams,message",
    [
        ({"lr": np.array([0.1, 0.2])}, r"trailing axis of length 1"),
        ({"amsgrad": np.array([[True], [False]])}, "amsgrad takes one value"),
        ({"lr": np.array([["a"], ["b"]])}, "lr must be numbers"),
        ({"lr": np.ones((2, 1)), "eps": np.ones((3, 1))}, r"shapes \(2, 1\), \(3, 1\) do not broadcast"),
    ],
)
def test_malformed_settings_say_what_is_wrong(hyperparams, message):
    with pytest.raises(ValueError, match=message):
        optimizers.get("adam", **hyperparams)


def test_lbfgs_says_why_it_takes_one_setting_at_a_time():
    with pytest.raises(ValueError, match="lbfgs takes one value per hyperparameter: its line search"):
        optimizers.get("lbfgs", lr=np.array([[1.0], [0.5]]))


def test_starts_that_do_not_pair_with_the_settings_are_refused():
    opt = optimizers.get("sgd", lr=np.full((3, 1), 0.01))
    with pytest.raises(ValueError, match=r"start of shape \(2, 2\) does not pair"):
        optimizers.run(opt, surfaces.get("rosenbrock"), np.zeros((2, 2)), 5)


def test_settings_are_read_only_copies():
    lr = np.full((2, 1), 0.01)
    opt = optimizers.get("sgd", lr=lr)
    lr[0, 0] = 5.0
    assert opt.lr[0, 0] == 0.01
    with pytest.raises(ValueError):
        opt.lr[0, 0] = 1.0
