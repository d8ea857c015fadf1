"""The shared wrappers: maximize, the L2 penalty and decoupled decay, each written once around a core rule."""

import ast
import pathlib

import numpy as np

import optimizers
import surfaces
from optimizers import transforms


def _core(grads, state, params, *, lr=0.5, objective=None):
    """A bare update that shows what it was fed: the step is -lr times the gradient it received."""
    return -lr * grads, state + 1


PARAMS = np.array([2.0, -4.0])
GRADS = np.array([1.0, 3.0])


def test_maximizing_feeds_the_negated_gradient():
    updates, state = transforms.maximizing(_core, True)(GRADS, 0, PARAMS, lr=0.5)
    np.testing.assert_array_equal(updates, 0.5 * GRADS)
    assert state == 1
    assert transforms.maximizing(_core, False) is _core


def test_l2_penalty_adds_weight_decay_times_the_parameters_to_the_gradient():
    updates, _ = transforms.with_l2_penalty(_core, 0.1)(GRADS, 0, PARAMS, lr=0.5)
    np.testing.assert_array_equal(updates, -0.5 * (GRADS + 0.1 * PARAMS))
    assert transforms.with_l2_penalty(_core, 0.0) is _core


def test_decoupled_decay_shrinks_the_parameters_apart_from_the_gradient():
    updates, _ = transforms.with_decoupled_decay(_core, 0.1, 0.5)(GRADS, 0, PARAMS, lr=0.2)
    np.testing.assert_allclose(PARAMS + updates, PARAMS * (1 - 0.2 * 0.1) - 0.2 * GRADS, rtol=1e-15)
    default_lr, _ = transforms.with_decoupled_decay(_core, 0.1, 0.5)(GRADS, 0, PARAMS)
    np.testing.assert_allclose(PARAMS + default_lr, PARAMS * (1 - 0.5 * 0.1) - 0.5 * GRADS, rtol=1e-15)


def test_torch_step_negates_before_it_adds_the_penalty_as_torch_does():
    updates, _ = transforms.torch_step(_core, maximize=True, weight_decay=0.1)(GRADS, 0, PARAMS, lr=0.5)
    np.testing.assert_array_equal(updates, -0.5 * (-GRADS + 0.1 * PARAMS))


def test_adamw_is_adam_with_decoupled_weight_decay_exactly():
    start = np.array([[-1.5, 2.0], [0.3, 0.4]])
    surface = surfaces.get("rosenbrock")
    adamw = optimizers.run(optimizers.get("adamw", lr=0.01, weight_decay=0.1), surface, start, 50)
    adam = optimizers.get("adam", lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
    np.testing.assert_array_equal(adamw, optimizers.run(adam, surface, start, 50))


def test_the_run_loop_imports_only_the_optimizer_types_not_the_registry():
    loop_modules = {"optimizers.loop", "optimizers.run_options", "optimizers.recording"}
    for module in loop_modules:
        source = (pathlib.Path(optimizers.__file__).parent / f"{module.split('.')[1]}.py").read_text()
        imported = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert {name for name in imported if name.startswith("optimizers")} <= {
            "optimizers.base"
        } | loop_modules
