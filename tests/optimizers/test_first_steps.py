"""The first two or three steps of every first-order optimizer, expanded by hand on a small quadratic.

The objective is f(x) = 1/2 (x_1^2 + 4 x_2^2), so the gradient is h * x with h = (1, 4), from x_0 = (1, -2).
Each test writes the update rule out step by step with plain floats, the way a lecture slide would.
"""

import math

import numpy as np
import pytest

import optimizers

H = np.array([1.0, 4.0])
X0 = np.array([1.0, -2.0])


class Bowl:
    """f(x) = 1/2 sum h_i x_i^2 in any dimension (the first len(h) coordinates)."""

    stochastic = False

    def __init__(self, h=H):
        self.h = np.asarray(h, dtype=float)

    def value(self, p):
        p = np.asarray(p, dtype=float)
        return 0.5 * (self.h * p * p).sum(axis=-1)

    def grad(self, p):
        return self.h * np.asarray(p, dtype=float)

    def hessian(self, p):
        p = np.asarray(p, dtype=float)
        return np.broadcast_to(np.diag(self.h), (*p.shape, p.shape[-1])).copy()


def path(name, steps=3, start=X0, **hyperparams):
    return optimizers.run(optimizers.get(name, **hyperparams), Bowl(), start, steps)


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-15)


def test_sgd_takes_lr_times_gradient():
    lr = 0.1
    x1 = X0 - lr * H * X0
    x2 = x1 - lr * H * x1
    close(path("sgd", 2, lr=lr), [X0, x1, x2])


def test_heavy_ball_starts_its_velocity_at_the_first_gradient():
    lr, mu = 0.1, 0.9
    b1 = H * X0  # torch copies the first gradient into the buffer
    x1 = X0 - lr * b1
    b2 = mu * b1 + H * x1
    x2 = x1 - lr * b2
    b3 = mu * b2 + H * x2
    x3 = x2 - lr * b3
    close(path("sgd", lr=lr, momentum=mu), [X0, x1, x2, x3])
    close(path("momentum", lr=lr), [X0, x1, x2, x3])


def test_dampening_scales_the_new_gradient_but_not_the_first():
    lr, mu, tau = 0.1, 0.9, 0.5
    b1 = H * X0
    x1 = X0 - lr * b1
    b2 = mu * b1 + (1 - tau) * H * x1
    x2 = x1 - lr * b2
    close(path("sgd", 2, lr=lr, momentum=mu, dampening=tau), [X0, x1, x2])


def test_nesterov_adds_the_momentum_look_ahead_to_the_gradient():
    lr, mu = 0.1, 0.9
    g1 = H * X0
    b1 = g1
    x1 = X0 - lr * (g1 + mu * b1)
    g2 = H * x1
    b2 = mu * b1 + g2
    x2 = x1 - lr * (g2 + mu * b2)
    close(path("sgd", 2, lr=lr, momentum=mu, nesterov=True), [X0, x1, x2])
    close(path("nesterov", 2, lr=lr), [X0, x1, x2])


def test_weight_decay_and_maximize_change_the_gradient_sgd_sees():
    lr, wd = 0.1, 0.5
    g1 = -(H * X0) + wd * X0  # maximize negates the gradient first, then the L2 term is added
    x1 = X0 - lr * g1
    close(path("sgd", 1, lr=lr, weight_decay=wd, maximize=True), [X0, x1])


def test_adagrad_divides_by_the_root_of_the_squared_gradient_sum():
    lr, eps, decay, g0 = 0.5, 1e-10, 0.1, 0.25
    g1 = H * X0
    G1 = g0 + g1**2
    x1 = X0 - lr / (1 + 0 * decay) * g1 / (np.sqrt(G1) + eps)
    g2 = H * x1
    G2 = G1 + g2**2
    x2 = x1 - lr / (1 + 1 * decay) * g2 / (np.sqrt(G2) + eps)
    close(path("adagrad", 2, lr=lr, lr_decay=decay, initial_accumulator_value=g0), [X0, x1, x2])


def test_adagrad_first_step_is_lr_times_sign_of_gradient():
    g1 = H * X0
    close(path("adagrad", 1, lr=0.3)[1], X0 - 0.3 * np.sign(g1) * np.abs(g1) / (np.abs(g1) + 1e-10))


def test_rmsprop_divides_by_the_running_rms():
    lr, alpha, eps = 0.01, 0.9, 1e-8
    g1 = H * X0
    v1 = (1 - alpha) * g1**2
    x1 = X0 - lr * g1 / (np.sqrt(v1) + eps)
    g2 = H * x1
    v2 = alpha * v1 + (1 - alpha) * g2**2
    x2 = x1 - lr * g2 / (np.sqrt(v2) + eps)
    close(path("rmsprop", 2, lr=lr, alpha=alpha), [X0, x1, x2])


def test_centered_rmsprop_with_momentum_uses_the_variance_and_a_velocity():
    lr, alpha, eps, mu = 0.01, 0.9, 1e-8, 0.5
    g1 = H * X0
    v1, m1 = (1 - alpha) * g1**2, (1 - alpha) * g1
    b1 = g1 / (np.sqrt(v1 - m1**2) + eps)
    x1 = X0 - lr * b1
    g2 = H * x1
    v2, m2 = alpha * v1 + (1 - alpha) * g2**2, alpha * m1 + (1 - alpha) * g2
    b2 = mu * b1 + g2 / (np.sqrt(v2 - m2**2) + eps)
    x2 = x1 - lr * b2
    close(path("rmsprop", 2, lr=lr, alpha=alpha, centered=True, momentum=mu), [X0, x1, x2])


def test_adadelta_scales_by_the_rms_of_past_updates():
    lr, rho, eps = 1.0, 0.9, 1e-6
    g1 = H * X0
    Eg1 = (1 - rho) * g1**2
    d1 = np.sqrt(0 + eps) / np.sqrt(Eg1 + eps) * g1
    Ed1 = (1 - rho) * d1**2
    x1 = X0 - lr * d1
    g2 = H * x1
    Eg2 = rho * Eg1 + (1 - rho) * g2**2
    d2 = np.sqrt(Ed1 + eps) / np.sqrt(Eg2 + eps) * g2
    x2 = x1 - lr * d2
    close(path("adadelta", 2), [X0, x1, x2])


def test_adam_bias_correction_makes_the_first_step_lr_times_sign():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    g1 = H * X0
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    x1 = X0 - lr * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)
    g2 = H * x1
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    x2 = x1 - lr * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    got = path("adam", 2, lr=lr)
    close(got, [X0, x1, x2])
    close(got[1], X0 - lr * np.sign(g1) * (1 - 1e-8 / np.abs(g1)))  # |g|/(|g|+eps) of a step of lr


def test_amsgrad_divides_by_the_largest_second_moment_so_far():
    lr, b1, b2, eps = 0.1, 0.5, 0.5, 1e-8
    x = X0.copy()
    m = v = vmax = np.zeros(2)
    expected = [x]
    for t in (1, 2, 3):
        g = H * x
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        vmax = np.maximum(vmax, v)
        x = x - lr / (1 - b1**t) * m / (np.sqrt(vmax) / math.sqrt(1 - b2**t) + eps)
        expected.append(x)
    close(path("adam", 3, lr=lr, betas=(b1, b2), amsgrad=True), expected)


def test_adamw_shrinks_the_parameters_before_the_adam_step():
    lr, wd, eps = 0.1, 0.5, 1e-8  # first step: m_hat = g and v_hat = g^2 for any betas
    g1 = H * X0
    x1 = X0 * (1 - lr * wd) - lr * g1 / (np.abs(g1) + eps)
    close(path("adamw", 1, lr=lr, weight_decay=wd)[1], x1)
    close(path("adam", 1, lr=lr, weight_decay=wd, decoupled_weight_decay=True)[1], x1)
    # coupled: the decay enters the gradient, and Adam's normalisation then hides its size on step 1
    coupled = g1 + wd * X0
    close(path("adam", 1, lr=lr, weight_decay=wd)[1], X0 - lr * coupled / (np.abs(coupled) + eps))


def test_adamax_divides_by_a_decaying_max_of_gradient_magnitudes():
    lr, b1, b2, eps = 0.02, 0.9, 0.999, 1e-8
    g1 = H * X0
    m1, u1 = (1 - b1) * g1, np.abs(g1) + eps
    x1 = X0 - lr / (1 - b1) * m1 / u1
    g2 = H * x1
    m2, u2 = b1 * m1 + (1 - b1) * g2, np.maximum(b2 * u1, np.abs(g2) + eps)
    x2 = x1 - lr / (1 - b1**2) * m2 / u2
    close(path("adamax", 2, lr=lr), [X0, x1, x2])


def test_nadam_mixes_the_gradient_and_the_momentum_with_scheduled_coefficients():
    lr, b1, b2, eps, psi = 0.02, 0.9, 0.999, 1e-8, 4e-3

    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** (t * psi))

    x, m, v, product = X0.copy(), np.zeros(2), np.zeros(2), 1.0
    expected = [x]
    for t in (1, 2):
        g = H * x
        product *= mu(t)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        denom = np.sqrt(v / (1 - b2**t)) + eps
        x = (
            x
            - lr * (1 - mu(t)) / (1 - product) * g / denom
            - lr * mu(t + 1) / (1 - product * mu(t + 1)) * m / denom
        )
        expected.append(x)
    close(path("nadam", 2, lr=lr), expected)


def test_radam_is_plain_momentum_until_the_variance_is_tractable_then_rectified():
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    rho_inf = 2 / (1 - b2) - 1
    x, m, v = X0.copy(), np.zeros(2), np.zeros(2)
    expected = [x]
    rectified = []
    for t in range(1, 8):
        g = H * x
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho_t > 5:
            r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            x = x - lr * m_hat * r * math.sqrt(1 - b2**t) / (np.sqrt(v) + eps)
        else:
            x = x - lr * m_hat
        rectified.append(rho_t > 5)
        expected.append(x)
    assert rectified == [False] * 5 + [True] * 2  # with beta2 = 0.999 the switch happens at step 6
    close(path("radam", 7, lr=lr), expected)


@pytest.mark.parametrize(
    "name", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamax", "nadam"]
)
def test_lr_zero_never_moves(name):
    close(path(name, 5, lr=0.0), np.tile(X0, (6, 1)))
