"""``stop`` is asked inside a step too, before each evaluation the optimizer makes itself (L-BFGS's line
search, Newton's Hessian): a long step can give way or end part-way, and asking changes no path."""

import itertools
import json
import pathlib

import numpy as np
import pytest

import optimizers
import surfaces
from optimizers import loop

GOLDEN = json.loads(
    (pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "lbfgs.json").read_text()
)
SEARCHING = [case for case in GOLDEN["cases"] if case["hyperparams"]["line_search_fn"] == "strong_wolfe"]


class Counted:
    """A surface that counts the evaluations made of it (the loop's gradients and the optimizer's own)."""

    def __init__(self, surface):
        self.surface, self.calls = surface, 0

    def value(self, p):
        self.calls += 1
        return self.surface.value(p)

    def grad(self, p):
        self.calls += 1
        return self.surface.grad(p)

    def hessian(self, p):
        self.calls += 1
        return self.surface.hessian(p)


@pytest.fixture
def ask_always(monkeypatch):
    """Every check is due: ``stop`` is asked before every evaluation inside a step and after every step."""
    monkeypatch.setattr(loop, "STOP_CHECK_SECONDS", 0.0)


def asks_of(opt, surface, start, steps):
    """Every ask of a run whose ``stop`` never says True: (last step completed, evaluations made so far)."""
    asked = []
    optimizers.run(opt, surface, start, steps, stop=lambda done: asked.append((done, surface.calls)) or False)
    return asked


@pytest.mark.parametrize("case", SEARCHING, ids=lambda c: f"{c['surface']}-{c['start']}")
def test_asking_before_every_evaluation_keeps_the_torch_paths_bit_for_bit(case, ask_always):
    opt = optimizers.get("lbfgs", **case["hyperparams"])
    surface = surfaces.get(case["surface"], **case["surface_params"])
    counted = Counted(surface)
    asked = asks_of(opt, counted, case["start"], case["steps"])
    plain = optimizers.run(opt, surface, case["start"], case["steps"])
    never = optimizers.run(opt, surface, case["start"], case["steps"], stop=lambda done: False)
    np.testing.assert_array_equal(never, plain)
    np.testing.assert_allclose(plain, case["path"], rtol=1e-9, atol=1e-12)
    # asked inside steps: more often than once a step (the loop does not ask after its last step)
    assert len(asked) > case["steps"]


def test_a_true_inside_a_line_search_ends_the_run_at_the_last_completed_step(ask_always):
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    start, steps = (-1.5, 2.0), 40
    counted = Counted(surfaces.get("rosenbrock"))
    asked = asks_of(opt, counted, start, steps)
    full = optimizers.trajectory(opt, surfaces.get("rosenbrock"), start, steps)
    # a step whose line search evaluates several times; stopped at its last ask, before its last evaluation
    done = next(d for d in range(1, steps) if full.states["line_search_evals"][d] >= 2)
    inside = [calls for d, calls in asked if d == done][-1]

    counted = Counted(surfaces.get("rosenbrock"))
    stopped = optimizers.trajectory(opt, counted, start, steps, stop=lambda d: counted.calls >= inside)
    assert stopped.stopped_at == done
    assert counted.calls == inside + 1  # no evaluation after the True but the path's losses, read at the end
    np.testing.assert_array_equal(stopped.positions[: done + 1], full.positions[: done + 1])
    np.testing.assert_array_equal(stopped.grads[:done], full.grads[:done])
    assert np.isnan(stopped.positions[done + 1 :]).all() and np.isnan(stopped.grads[done:]).all()
    np.testing.assert_array_equal(stopped.states["step_size"][:done], full.states["step_size"][:done])
    assert np.isnan(stopped.states["step_size"][done:]).all()
    assert stopped.diverged_at is None


def test_a_true_during_the_first_step_keeps_only_the_start(ask_always):
    counted = Counted(surfaces.get("rosenbrock"))
    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    stopped = optimizers.trajectory(opt, counted, (-1.5, 2.0), 10, stop=lambda done: counted.calls >= 2)
    assert stopped.stopped_at == 0 and counted.calls == 2 + 1
    np.testing.assert_array_equal(stopped.positions[0], (-1.5, 2.0))
    assert np.isnan(stopped.positions[1:]).all()


def test_an_exception_from_stop_inside_a_line_search_leaves_the_loop(ask_always):
    class VisitorGoneError(Exception):
        pass

    counted = Counted(surfaces.get("rosenbrock"))

    def visitor_left(done):
        if counted.calls > 1:  # past the loop's own gradient of step 1: inside its line search
            raise VisitorGoneError

    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    with pytest.raises(VisitorGoneError):
        optimizers.run(opt, counted, (-1.5, 2.0), 40, stop=visitor_left)
    assert counted.calls == 2


def test_newton_is_asked_before_its_hessian_and_keeps_its_path(ask_always):
    opt = optimizers.get("newton", lr=0.5)
    counted = Counted(surfaces.get("himmelblau"))
    asked = asks_of(opt, counted, (0.5, 0.5), 5)
    plain = optimizers.run(opt, surfaces.get("himmelblau"), (0.5, 0.5), 5)
    # one ask after the loop's gradient of each step (before the Hessian), one after each step but the last
    assert [d for d, _ in asked] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    counted = Counted(surfaces.get("himmelblau"))
    stopped = optimizers.run(opt, counted, (0.5, 0.5), 5, stop=lambda done: counted.calls >= 5)
    np.testing.assert_array_equal(stopped[:3], plain[:3])  # 5 = two steps' gradient and Hessian, a gradient
    assert np.isnan(stopped[3:]).all() and counted.calls == 5


def test_a_mini_batch_step_is_asked_inside_too(ask_always):
    """An objective with ``minibatch_*``: the step's own objective asks as the whole surface's does."""

    class Batches(Counted):
        stochastic = True

        def minibatch_value(self, p, step):
            return self.value(p) * (1.0 + 0.01 * (step % 3))

        def minibatch_grad(self, p, step):
            return self.grad(p) * (1.0 + 0.01 * (step % 3))

    opt = optimizers.get("lbfgs", line_search_fn="strong_wolfe")
    counted = Batches(surfaces.get("rosenbrock"))
    asked = asks_of(opt, counted, (-1.5, 2.0), 10)
    plain = optimizers.run(opt, Batches(surfaces.get("rosenbrock")), (-1.5, 2.0), 10)
    assert len(asked) > 10
    counted = Batches(surfaces.get("rosenbrock"))
    # the second ask with the same last step is inside the next step (one ask between two steps)
    done, inside = next((d, calls) for (d, _), (e, calls) in itertools.pairwise(asked) if d == e)
    stopped = optimizers.run(opt, counted, (-1.5, 2.0), 10, stop=lambda _: counted.calls >= inside)
    np.testing.assert_array_equal(stopped[: done + 1], plain[: done + 1])
    assert np.isnan(stopped[done + 1 :]).all() and counted.calls == inside
