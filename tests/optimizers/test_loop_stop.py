"""A run can be told to stop between steps: a deadline passed, or nobody is waiting for the result."""

import time

import numpy as np
import pytest

import optimizers
import surfaces
from optimizers import loop


class SlowBowl:
    """A quadratic bowl whose gradient takes a millisecond, so a run of many steps takes a while."""

    def __init__(self):
        self.bowl = surfaces.get("ravine")
        self.calls = 0

    def value(self, p):
        return self.bowl.value(p)

    def grad(self, p):

        self.calls += 1
        time.sleep(0.001)
        return self.bowl.grad(p)


def test_a_stopped_run_keeps_the_steps_it_took_and_says_where_it_stopped():
    surface = SlowBowl()
    opt = optimizers.get("sgd", lr=0.05)
    record = optimizers.trajectory(opt, surface, (-8.0, 2.0), 5000, stop=lambda step: step >= 20)
    assert record.stopped_at is not None and 20 <= record.stopped_at < 5000
    taken = record.stopped_at
    full = optimizers.trajectory(opt, surfaces.get("ravine"), (-8.0, 2.0), taken)
    np.testing.assert_array_equal(record.positions[: taken + 1], full.positions)
    assert np.isnan(record.positions[taken + 1 :]).all() and np.isnan(record.grads[taken:]).all()
    assert record.diverged_at is None and surface.calls == taken


def test_an_exception_from_stop_leaves_the_loop_at_once():
    class VisitorGoneError(Exception):
        pass

    surface = SlowBowl()

    def visitor_left(step):
        raise VisitorGoneError

    with pytest.raises(VisitorGoneError):
        optimizers.run(optimizers.get("adam", lr=0.1), surface, (-8.0, 2.0), 5000, stop=visitor_left)
    # asked after about STOP_CHECK_SECONDS of stepping, not after the 5,000 steps (5 s)
    assert surface.calls < 5000 * loop.STOP_CHECK_SECONDS * 4


def test_without_stop_nothing_changes():
    opt = optimizers.get("momentum", lr=0.02, momentum=0.9)
    asked = []
    plain = optimizers.trajectory(opt, surfaces.get("rosenbrock"), (-1.5, 2.0), 300)
    patient = optimizers.trajectory(
        opt, surfaces.get("rosenbrock"), (-1.5, 2.0), 300, stop=lambda step: asked.append(step) or False
    )
    np.testing.assert_array_equal(plain.positions, patient.positions)
    assert plain.stopped_at is None and patient.stopped_at is None
