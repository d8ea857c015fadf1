"""The inspector shows the rule that ran and the numbers it used: g includes weight decay, variants show
their own lines and fields, a diverged lane shows its last step."""

from __future__ import annotations

import numpy as np

from playground import compute, inspect
from playground.state import Lane, PlaygroundState


def _run(lane: Lane, steps: int = 20, surface: str = "ravine"):
    state = PlaygroundState(surface=surface, lanes=(lane,), steps=steps)
    surface_obj, (run,) = compute.run_state(state)
    return surface_obj, run


def test_with_weight_decay_the_gradient_used_reproduces_the_velocity():
    lane = Lane("momentum", {"lr": 0.02, "weight_decay": 0.3})
    _, run = _run(lane)
    view = inspect.step_view(lane, run, 1)
    # b_1 = g_1 (torch's first momentum step): only g = grad f + lambda x gives the table's velocity
    np.testing.assert_allclose(view.states["velocity"], view.grad)
    np.testing.assert_allclose(view.grad, view.loss_grad + 0.3 * view.position)
    quantities = [q for q, _ in inspect.table_rows(lane, view)]
    assert any("gradient of the loss" in q for q in quantities)
    assert r"\lambda\,\theta_{t-1}" in inspect.rule_latex(lane)


def test_plain_lanes_show_one_gradient_and_the_optimizer_rule():
    lane = Lane("adam", {"lr": 0.1})
    _, run = _run(lane)
    view = inspect.step_view(lane, run, 3)
    assert [q for q, _ in inspect.table_rows(lane, view)][1].startswith("gradient used")
    assert "max_second_moment" not in view.states  # amsgrad off: no max field
    assert r"\max" not in inspect.rule_latex(lane)


def test_amsgrad_and_adamw_show_their_variant():
    amsgrad = Lane("adam", {"lr": 0.1, "amsgrad": True})
    _, run = _run(amsgrad)
    view = inspect.step_view(amsgrad, run, 5)
    assert "max_second_moment" in view.states
    assert r"\hat v_t^{\max}" in inspect.rule_latex(amsgrad)
    adamw = Lane("adamw", {"lr": 0.1})
    _, run = _run(adamw)
    view = inspect.step_view(adamw, run, 5)
    assert "max_second_moment" not in view.states
    np.testing.assert_array_equal(view.grad, view.loss_grad)  # decoupled: the decay is not in g
    assert r"(1 - \eta\lambda)" in inspect.rule_latex(adamw)


def test_centered_rmsprop_with_momentum_shows_its_rule_and_fields():
    lane = Lane("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.9})
    _, run = _run(lane)
    view = inspect.step_view(lane, run, 4)
    assert {"grad_avg", "velocity"} <= set(view.states)
    rule = inspect.rule_latex(lane)
    assert r"\bar g_t" in rule and r"b_t &= \mu" in rule and r"v_t - \bar g_t^2" in rule
    plain = Lane("rmsprop", {"lr": 0.01})
    _, run = _run(plain)
    assert not {"grad_avg", "velocity"} & set(inspect.step_view(plain, run, 4).states)


def test_maximize_flips_the_gradient_used():
    lane = Lane("sgd", {"lr": 0.01, "maximize": True})
    _, run = _run(lane, steps=5)
    view = inspect.step_view(lane, run, 2)
    np.testing.assert_allclose(view.grad, -view.loss_grad)
    assert r"g_t &= -\nabla f" in inspect.rule_latex(lane)


def test_after_divergence_the_inspector_shows_the_last_step_with_numbers():
    lane = Lane("sgd", {"lr": 0.5})
    _, run = _run(lane, steps=200)
    assert run.diverged_at is not None
    view = inspect.step_view(lane, run, 150)
    assert view.step == run.diverged_at and view.requested == 150
    assert "diverged at step" in inspect.divergence_note(view)
    assert int(view.states["step"]) == view.step  # not t = 0
    assert "nan" not in inspect.table_markdown(lane, view).lower()
    assert inspect.number(float("inf")) == "∞" and inspect.number(float("nan")) == "undefined"


def test_the_arithmetic_line_shows_this_step():
    lane = Lane("sgd", {"lr": 0.1})
    _, run = _run(lane)
    view = inspect.step_view(lane, run, 3)
    text = inspect.arithmetic_latex(view)
    assert f"{run.updates[2][0]:.4g}" in text and "x_{3} &= x_{2}" in text


def test_latex_numbers_write_powers_of_ten():
    assert inspect.latex_number(-1.245e-58) == "-1.245 \\times 10^{-58}"
    assert inspect.latex_number(3.2e20) == "3.2 \\times 10^{20}"
    assert inspect.latex_number(0.03) == "0.03"
    assert inspect.latex_number(float("-inf")) == "-\\infty"
    assert inspect.latex_number(float("nan")) == "\\text{undefined}"


def test_the_note_names_a_walk_out_of_the_domain_as_the_warning_does():
    import optimizers
    import surfaces
    from choices import stop_words

    surface = surfaces.from_expression("log(x) + y**2")
    lane = Lane("sgd", {"lr": 0.3})
    run = optimizers.trajectory(optimizers.get("sgd", lr=0.3), surface, (0.5, 1.0), 200)
    stop = compute.stop_event(run, surface)
    assert stop is not None and stop[1], stop  # it leaves the domain
    view = inspect.step_view(lane, run, 200)
    note = inspect.divergence_note(view, stop)
    assert stop_words(stop[0], left_domain=True) in note
    assert compute.stop_reason(run, surface).startswith(stop_words(stop[0], left_domain=True)[:20])
