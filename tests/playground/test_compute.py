"""Lane computation: the numbers the page draws, and why a lane's path ends where it does."""

from __future__ import annotations

import numpy as np
import pytest

from optimizers import schedules
from playground import compute
from playground.defaults import default_lr
from playground.state import Lane, PlaygroundState


def test_build_surface_reports_a_bad_expression():
    with pytest.raises(ValueError):
        compute.build_surface(PlaygroundState(surface="custom", expression="x +* y", lanes=(Lane(),)))
    state = PlaygroundState(surface="custom", expression="x**2 + y**2", lanes=(Lane(),))
    surface = compute.build_surface(state)
    assert surface.value(np.array([1.0, 2.0])) == pytest.approx(5.0)


def test_lane_start_overrides_the_shared_start():
    state = PlaygroundState(lanes=(Lane("sgd", {"lr": 0.1}), Lane("sgd", {"lr": 0.1}, start=(1.0, -1.0))))
    surface, (shared, own) = compute.run_state(state)
    assert tuple(shared.positions[0]) == surface.starts[0]
    assert tuple(own.positions[0]) == (1.0, -1.0)


def test_schedule_and_noise_come_from_the_lane():
    step_decay = {"step_size": 5, "gamma": 0.5}
    lane = Lane("sgd", {"lr": 0.1}, schedule="step", schedule_params=step_decay, noise=0.3)
    surface = compute.build_surface(PlaygroundState(lanes=(lane,)))
    run = compute.run_lane(surface, lane, (-8.0, 2.0), 12)
    assert np.allclose(run.lrs, schedules.get("step", step_size=5, gamma=0.5).lrs(0.1, 12))
    exact = surface.grad(run.positions[:-1])
    assert not np.allclose(run.grads, exact), "the noise did not reach the gradients"
    again = compute.run_lane(surface, lane, (-8.0, 2.0), 12)
    assert np.array_equal(run.positions, again.positions), "same seed, same noise"


def test_default_story_tells_it_on_the_ravine():
    """SGD zigzags across the steep axis, momentum overshoots along the shallow one (the first picture)."""
    state = PlaygroundState()
    _, runs = compute.run_state(state)
    by_name = dict(zip((lane.optimizer for lane in state.lanes), runs, strict=True))
    sgd_y = by_name["sgd"].positions[:30, 1]
    assert np.sum(np.diff(np.sign(sgd_y)) != 0) >= 10
    assert by_name["sgd"].diverged_at is None
    assert by_name["momentum"].positions[:, 0].max() > 0.5  # passes the minimum at x = 0 and comes back
    assert default_lr("ravine", "sgd") < 2 / 10  # below the stability limit 2 / lambda_max


def test_a_lane_that_walks_off_the_formulas_domain_is_told_so_not_to_lower_the_lr_blindly():
    state = PlaygroundState(
        surface="custom",
        expression="sqrt(1 - x**2 - y**2)",
        lanes=(Lane("sgd", {"lr": 0.3}),),
        start=(0.1, 0.1),
    )
    surface, (run,) = compute.run_state(state)
    assert run.diverged_at is not None
    reason = compute.stop_reason(run, surface)
    assert reason.startswith(f"left the formula's domain at step {run.diverged_at - 1}: at (0.")
    assert "not a real number" in reason and "bounded region" not in reason
    # the unit disc is defined: 1 - pi / 36 of the 6 x 6 window is not
    percent = int(compute.domain_notice(surface).split("on about ")[1].split(" %")[0])
    assert abs(percent - 100 * (1 - np.pi / 36)) <= 2


def test_a_diverging_lane_on_a_bowl_is_told_to_lower_its_learning_rate():
    state = PlaygroundState(surface="ravine", lanes=(Lane("sgd", {"lr": 0.5}),))
    surface, (run,) = compute.run_state(state)
    assert compute.stop_reason(run, surface).startswith(f"diverged at step {run.diverged_at}:")
    assert "Lower its learning rate" in compute.stop_reason(run, surface)
    assert compute.domain_notice(surface) is None and compute.undefined_share(surface) == 0.0


def test_a_cpu_deadline_stops_a_lane_and_the_reason_says_it_was_the_time_limit():
    state = PlaygroundState(surface="custom", expression="sin(3*x)*cos(2*y) + x**2", lanes=(Lane("newton"),))
    surface = compute.build_surface(state)
    checks = []
    run = compute.run_lane(
        surface,
        state.lanes[0],
        (1.0, 1.0),
        5000,
        stop=compute.cpu_deadline(0.05, also=lambda: checks.append(1)),
    )
    assert run.stopped_at is not None and run.stopped_at < 5000 and checks
    assert compute.stop_reason(run, surface).startswith(f"stopped after step {run.stopped_at:,}")


def test_coupled_l2_lanes_converge_to_the_marked_regularised_minimum():
    import scenes

    state = scenes.get("weight-decay").state
    surface, runs = compute.run_state(state)
    ((decay, point),) = compute.l2_minima(surface, state.lanes)  # AdamW's decoupled decay is left out
    assert decay == 0.5
    for lane, run in zip(state.lanes, runs, strict=True):
        reached = np.allclose(run.positions[-1], point, atol=1e-4)
        coupled = lane.hyperparams.get("weight_decay") and lane.optimizer != "adamw"
        assert reached == bool(coupled), lane.label
