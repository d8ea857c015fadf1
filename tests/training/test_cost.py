"""The Network lab's budget: a run's price per optimizer and network size, known before it starts, and the
Playground's rule on it (run, cut with a notice that says what and how to get the full run, or refuse) with
one budget for both configurations."""

from __future__ import annotations

import dataclasses

import pytest

import training
from playground import budget
from training import cost, lab
from training.lab import Config, LabState
from ui import network_lab

BIG = (("hidden_layers", 6), ("width", 32))
SPIRALS = {"dataset": "spirals", "dataset_params": (("n_points", 2000),)}


def step(state: LabState) -> float:
    return lab.seconds(state)[0]


def test_an_optimizer_is_priced_by_its_evaluations_per_step():
    default = training.NetworkSpec()
    d = training.build(default)[1].size
    assert cost.evaluations("adam", {}, d) == 1.0
    assert cost.evaluations("newton", {}, d) == 1 + 2 * d  # the Hessian's central differences
    assert cost.evaluations("newton", {}, 1218) == 1.0, "too large a Hessian: it refuses at its first step"
    assert cost.evaluations("lbfgs", {"line_search_fn": None}, d) == 1.0
    searching = cost.evaluations("lbfgs", {"line_search_fn": "strong_wolfe", "max_eval": 100}, d)
    assert searching == 1 + cost.LINE_SEARCH_EVALS
    assert cost.evaluations("lbfgs", {"line_search_fn": "strong_wolfe", "max_eval": 2}, d) == 2.0
    prices = {
        name: step(LabState(configs=(Config(optimizer=name, hyperparams=hyper),)))
        for name, hyper in [
            ("adam", ()),
            ("lbfgs", ()),
            ("lbfgs_search", None),
            ("muon", ()),
            ("newton", ()),
        ]
        if hyper is not None
    }
    searching_state = LabState(
        configs=(Config(optimizer="lbfgs", hyperparams=(("line_search_fn", "strong_wolfe"),)),)
    )
    assert prices["adam"] < prices["lbfgs"] < step(searching_state) < prices["newton"]
    assert prices["adam"] < prices["muon"]
    assert prices["newton"] > 100 * prices["adam"], "a Hessian is 2d gradients"


def test_the_price_grows_with_the_points_the_units_and_the_layers():
    small = LabState()
    more_points = dataclasses.replace(small, dataset_params=(("n_points", 2000),))
    wider = dataclasses.replace(small, configs=(Config(network=(("width", 32),)),))
    deeper = dataclasses.replace(small, configs=(Config(network=BIG),))
    assert step(small) < step(more_points)
    assert step(small) < step(wider) < step(deeper)
    batches = dataclasses.replace(more_points, batch=32)
    assert step(batches) < step(more_points), "a mini-batch step evaluates fewer rows"


def test_two_configurations_share_one_budget():
    adam, newton = Config(), Config(optimizer="newton", hyperparams=())
    pair = LabState(configs=(adam, newton))
    alone = [lab.seconds(LabState(configs=(c,))) for c in (adam, newton)]
    assert lab.seconds(pair) == pytest.approx(tuple(map(sum, zip(*alone, strict=True))))
    plan = network_lab.decide(pair, budget.DEFAULT_SECONDS)
    assert network_lab.estimate(pair, plan.steps).seconds <= budget.DEFAULT_SECONDS
    assert plan.notice.startswith("Training 2 configurations (2 × 8 with Adam, 2 × 8 with Newton) for 500")


def test_the_default_page_and_every_preset_run_in_full():
    assert network_lab.decide(LabState(), budget.DEFAULT_SECONDS).notice is None


@pytest.mark.parametrize(
    ("title", "state"),
    [
        ("?opt1=newton", LabState(configs=(Config(optimizer="newton", hyperparams=()),))),
        (
            "two L-BFGS on 6 x 32, 2,000 spirals",
            LabState(
                configs=(Config(network=BIG, optimizer="lbfgs", hyperparams=()),) * 2, steps=5000, **SPIRALS
            ),
        ),
        (
            "L-BFGS strong-Wolfe, max_eval 100, GELU",
            LabState(
                configs=(
                    Config(
                        network=(*BIG, ("activation", "gelu")),
                        optimizer="lbfgs",
                        hyperparams=(("line_search_fn", "strong_wolfe"), ("max_eval", 100)),
                    ),
                ),
                steps=5000,
                **SPIRALS,
            ),
        ),
    ],
)
def test_the_worst_links_are_cut_or_refused_with_a_notice(title, state):
    plan = network_lab.decide(state, budget.DEFAULT_SECONDS)
    assert plan.cut or plan.refused, title
    assert network_lab.estimate(state, plan.steps).seconds <= budget.DEFAULT_SECONDS or plan.refused
    assert plan.notice.startswith(lab.describe(state) + " would take about") and "make run" in plan.notice
    if plan.cut:
        assert budget.MIN_STEPS <= plan.steps < state.steps
        assert f"showing the first {plan.steps:,} steps" in plan.notice
    suggested = float(plan.notice.split(f"{budget.ENVIRONMENT_VARIABLE}=")[1].rstrip("."))
    assert network_lab.decide(state, suggested).steps == state.steps, "the suggested budget runs it all"


def test_a_request_whose_fixed_part_alone_is_over_the_budget_is_refused():
    state = LabState(configs=(Config(network=BIG),) * 2, steps=5000, **SPIRALS)
    per_step, fixed = lab.seconds(state, budget.MIN_STEPS)  # the shortest cut's checkpoints and figures
    plan = network_lab.decide(state, fixed * 0.9)  # do not fit alone
    assert plan.refused and plan.steps == 0
    assert "even cut to 10 steps" in plan.notice and lab.ADVICE in plan.notice
    assert per_step > 0


def test_a_cut_run_is_priced_with_its_own_checkpoints():
    # the full request's checkpoints alone are over the budget, a short run's are not: cut, not refused
    state = LabState(configs=(Config(network=BIG),) * 2, steps=5000, **SPIRALS)
    full_fixed, cut_fixed = lab.seconds(state)[1], lab.seconds(state, budget.MIN_STEPS)[1]
    assert cut_fixed < full_fixed
    seconds = (cut_fixed + full_fixed) / 2
    plan = network_lab.decide(state, seconds)
    assert plan.cut and plan.steps >= budget.MIN_STEPS
    assert network_lab.estimate(state, plan.steps).seconds <= seconds
    assert "about" in plan.notice and f"showing the first {plan.steps:,} steps" in plan.notice
    bigger = plan.steps * 2 if str(plan.steps)[0] in "15" else plan.steps * 5 // 2
    assert network_lab.estimate(state, bigger).seconds > seconds  # the most round steps that fit


def test_a_cut_run_trains_the_planned_steps_within_its_estimate():
    # no timing asserted: the plan's steps are what the page trains, and the estimate is of those steps
    state = LabState(configs=(Config(optimizer="sgd", hyperparams=(("lr", 0.1),)),), steps=5000)
    seconds = lab.seconds(state)[1] + 0.1  # the checkpoints and figures, and 0.1 s of steps
    plan = network_lab.decide(state, seconds)
    assert plan.cut and plan.estimate.steps == 5000
    run = training.train(lab.network_spec(state), lab.optimizer_of(state.configs[0]), plan.steps)
    assert run.checkpoint_steps[-1] == plan.steps and run.stopped_at is None
    assert network_lab.estimate(state, plan.steps).seconds <= seconds
