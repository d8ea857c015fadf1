"""The learning-rate range test on surfaces whose stable range is known."""

import numpy as np
import pytest

import optimizers
import surfaces
from explorer import lr_range_test
from explorer.range_test import ExponentialRamp


@pytest.mark.parametrize("kappa", [4.0, 10.0, 100.0])
def test_suggestion_lies_in_the_stable_range_of_a_quadratic(kappa):
    bowl = surfaces.get("ravine", condition_number=kappa)
    test = lr_range_test(bowl, optimizers.get("sgd"), bowl.starts[0], lr_min=1e-5, lr_max=10.0, steps=100)
    assert 0.0 < test.suggestion < 2.0 / kappa


def test_the_test_stops_once_the_loss_blows_up():
    bowl = surfaces.get("ravine", condition_number=10)
    test = lr_range_test(bowl, optimizers.get("sgd"), (-8.0, 2.0), lr_min=1e-4, lr_max=100.0, steps=120)
    assert test.stopped_at is not None
    assert test.lrs[-1] > 2.0 / 10.0  # it ran past the stability limit before it stopped
    assert test.smoothed[-1] > 5.0 * test.smoothed[:-1].min()
    assert (test.smoothed[:-1] <= 5.0 * np.minimum.accumulate(test.smoothed[:-1])).all()
    assert len(test.lrs) == len(test.losses) == len(test.smoothed) == test.stopped_at + 1


def test_the_ramp_is_exponential_from_lr_min_to_lr_max():
    lrs = ExponentialRamp(1e-4, 1.0).lrs(None, 5)
    assert np.allclose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])


def test_losses_are_those_after_each_step_with_its_learning_rate():
    bowl = surfaces.get("ravine", condition_number=10)
    test = lr_range_test(bowl, optimizers.get("sgd"), (-8.0, 2.0), lr_min=1e-3, lr_max=1e-2, steps=20)
    ramp = ExponentialRamp(1e-3, 1e-2)
    path = optimizers.run(optimizers.get("sgd"), bowl, (-8.0, 2.0), 20, schedule=ramp)
    assert test.stopped_at is None
    assert np.allclose(test.losses, bowl.value(path[1:]))
    smoothed = [test.losses[0]]
    for loss in test.losses[1:]:
        smoothed.append(0.05 * loss + 0.95 * smoothed[-1])
    assert np.allclose(test.smoothed, smoothed)


def test_losses_are_measured_from_the_lowest_minimum():
    # Styblinski-Tang's minima are far below zero: "five times the best" needs the floor taken out
    surface = surfaces.get("styblinski_tang")
    test = lr_range_test(surface, optimizers.get("adam"), surface.starts[0], 1e-4, 10.0, 100)
    assert test.losses.min() >= -1e-9
    assert test.suggestion is not None


def test_works_on_any_objective_with_value_and_grad():
    class Parabola:
        def value(self, p):
            return 0.5 * (np.asarray(p) ** 2).sum(axis=-1)

        def grad(self, p):
            return np.asarray(p, dtype=float)

    test = lr_range_test(Parabola(), optimizers.get("sgd"), np.ones(5), 1e-3, 10.0, 80)
    assert 0.0 < test.suggestion < 2.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr_min": 0.0}, "0 < lr_min < lr_max"),
        ({"lr_min": 1.0, "lr_max": 0.1}, "0 < lr_min < lr_max"),
        ({"steps": 1}, "at least 2 steps"),
        ({"smoothing": 0.0}, "smoothing must be in"),
    ],
)
def test_bad_settings_get_a_clear_message(kwargs, message):
    bowl = surfaces.get("ravine")
    with pytest.raises(ValueError, match=message):
        lr_range_test(bowl, optimizers.get("sgd"), (1.0, 1.0), **kwargs)
