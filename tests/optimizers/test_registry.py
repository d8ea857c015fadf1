"""The registry: names, specs, defaults and validation as torch.optim, and the docs that come with them."""

import doctest
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import optimizers
from paramspec import Param

FIRST_ORDER = [
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adadelta",
    "adam",
    "adamw",
    "adamax",
    "nadam",
    "radam",
]

# torch.optim's defaults (torch 2.13), written out so that the tests do not need torch
TORCH_DEFAULTS = {
    "sgd": {
        "lr": 1e-3,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    },
    "adagrad": {
        "lr": 1e-2,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    },
    "rmsprop": {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    },
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adam": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
        "decoupled_weight_decay": False,
    },
    "adamw": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": False},
    "adamax": {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    "nadam": {
        "lr": 2e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum_decay": 4e-3,
        "decoupled_weight_decay": False,
    },
    "radam": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "decoupled_weight_decay": False,
    },
    "momentum": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0},
    "nesterov": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0},
}


def test_names_list_the_first_order_optimizers_in_picker_order():
    assert optimizers.names()[: len(FIRST_ORDER)] == FIRST_ORDER


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_defaults_are_torchs(name):
    opt = optimizers.get(name)
    assert opt.name == name
    for key, value in TORCH_DEFAULTS[name].items():
        assert opt.hyperparams[key] == value, key
    assert set(opt.hyperparams) == {p.name for p in optimizers.spec(name).params}


@pytest.mark.parametrize(
    ("name", "hyperparams", "message"),
    [
        ("sgd", {"lr": -1}, "Invalid learning rate: -1"),
        ("sgd", {"lr": -1.0}, "Invalid learning rate: -1.0"),
        ("adam", {"lr": float("nan")}, "Invalid learning rate: nan"),
        ("sgd", {"momentum": -0.5}, "Invalid momentum value: -0.5"),
        ("sgd", {"weight_decay": -1}, "Invalid weight_decay value: -1"),
        ("sgd", {"nesterov": True}, "Nesterov momentum requires a momentum and zero dampening"),
        (
            "sgd",
            {"nesterov": True, "momentum": 0.9, "dampening": 0.1},
            "Nesterov momentum requires a momentum",
        ),
        ("nesterov", {"dampening": 0.1}, "Nesterov momentum requires a momentum and zero dampening"),
        ("nesterov", {"momentum": 0.0}, "Nesterov momentum requires a momentum and zero dampening"),
        ("momentum", {"momentum": -0.1}, "Invalid momentum value: -0.1"),
        ("adagrad", {"lr_decay": -1}, "Invalid lr_decay value: -1"),
        ("adagrad", {"initial_accumulator_value": -1}, "Invalid initial_accumulator_value value: -1"),
        ("adagrad", {"eps": -0.001}, "Invalid epsilon value: -0.001"),
        ("rmsprop", {"alpha": -0.1}, "Invalid alpha value: -0.1"),
        ("rmsprop", {"momentum": -1}, "Invalid momentum value: -1"),
        ("adadelta", {"rho": 1.5}, "Invalid rho value: 1.5"),
        ("adam", {"betas": (1.0, 0.999)}, "Invalid beta parameter at index 0: 1.0"),
        ("adam", {"betas": (0.9, -0.1)}, "Invalid beta parameter at index 1: -0.1"),
        ("adamw", {"weight_decay": -0.01}, "Invalid weight_decay value: -0.01"),
        ("adamax", {"eps": -1}, "Invalid epsilon value: -1"),
        ("nadam", {"momentum_decay": -1}, "Invalid momentum_decay value: -1"),
        ("radam", {"betas": (0.9, 1.0)}, "Invalid beta parameter at index 1: 1.0"),
    ],
)
def test_validation_messages_are_torchs(name, hyperparams, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        optimizers.get(name, **hyperparams)


def test_values_outside_the_app_range_but_valid_for_torch_are_accepted():
    opt = optimizers.get("sgd", lr=100.0, momentum=1.5)  # the sliders stop at 10 and 0.999
    assert opt.hyperparams["lr"] == 100.0 and opt.hyperparams["momentum"] == 1.5


def test_unknown_optimizer_is_a_key_error_listing_the_names():
    with pytest.raises(KeyError, match="unknown optimizer 'adamm'; choose one of sgd, momentum, nesterov"):
        optimizers.get("adamm")


def test_unknown_hyperparameter_is_a_type_error_listing_the_valid_ones():
    with pytest.raises(TypeError, match=r"adam got unexpected parameter\(s\) beta1; valid: lr, betas"):
        optimizers.get("adam", beta1=0.9)


@pytest.mark.parametrize(
    "hyperparams",
    [{"lr": "fast"}, {"lr": None}, {"lr": True}, {"betas": 0.9}, {"betas": (0.9, "x")}, {"amsgrad": "yes"}],
)
def test_wrong_types_are_value_errors_that_name_the_hyperparameter(hyperparams):
    (key,) = hyperparams
    with pytest.raises(ValueError, match=key):
        optimizers.get("adam", **hyperparams)


def test_hyperparams_are_plain_python_values_and_read_only():
    opt = optimizers.get("adam", lr=np.float64(0.5), betas=[0.8, 0.9], amsgrad=np.bool_(True))
    assert opt.hyperparams["betas"] == (0.8, 0.9)
    assert type(opt.hyperparams["lr"]) is float and opt.hyperparams["amsgrad"] is True
    with pytest.raises(TypeError):
        opt.hyperparams["lr"] = 1.0


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_spec_describes_every_hyperparameter_for_widgets_urls_and_docs(name):
    spec = optimizers.spec(name)
    assert spec.name == name and spec.title and spec.order == 1
    assert spec.description and "\n" not in spec.description
    assert spec.latex.startswith(r"\begin{aligned}") and spec.latex.endswith(r"\end{aligned}")
    for param in spec.params:
        assert isinstance(param, Param)
        assert param.help, param.name
        assert param.validate(param.default) == param.default  # the default lies in the offered range
        assert param.parse(param.format(param.default)) == param.default
        if param.name in ("lr", "eps"):
            assert param.log and param.low > 0
    assert spec.params[0].name == "lr"


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_state_labels_name_real_state_fields(name):
    opt = optimizers.get(name)
    state = opt.init(np.zeros(3))
    labels = optimizers.spec(name).state_labels
    assert set(labels) == set(state._fields)
    assert all(isinstance(label, str) and label for label in labels.values())


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_state_is_an_immutable_named_tuple_and_update_does_not_touch_its_inputs(name):
    opt = optimizers.get(name, lr=0.1)
    params = np.array([[1.0, -2.0, 0.5]])
    grads = np.array([[0.3, 4.0, -1.0]])
    state = opt.init(params)
    before = [np.array(field, copy=True) for field in state]
    params_before, grads_before = params.copy(), grads.copy()
    updates, new_state = opt.update(grads, state, params, lr=0.1, objective=None)
    _, newer_state = opt.update(grads, new_state, params + updates, lr=0.1, objective=None)
    assert type(new_state) is type(state) and isinstance(state, tuple) and hasattr(state, "_fields")
    with pytest.raises(AttributeError):
        state.step = 5
    for field, old in zip(state, before, strict=True):
        np.testing.assert_array_equal(field, old)
    np.testing.assert_array_equal(params, params_before)
    np.testing.assert_array_equal(grads, grads_before)
    assert new_state.step == 1 and newer_state.step == 2
    assert updates.shape == params.shape and opt.effective_lr(new_state, 0.1).shape == params.shape


def test_momentum_and_nesterov_entries_are_sgd_with_those_settings():
    assert optimizers.get("momentum").hyperparams == {
        "lr": 1e-3,
        "momentum": 0.9,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "maximize": False,
    }
    assert "nesterov" not in optimizers.get("nesterov").hyperparams  # the entry is Nesterov by definition


MODULES = sorted(module.name for module in pkgutil.iter_modules(optimizers.__path__))


def test_every_optimizer_module_runs_its_examples():
    assert {"sgd", "adam", "lion", "prodigy", "schedule_free", "loop", "transforms"} <= set(MODULES)


@pytest.mark.parametrize("name", optimizers.names(networks=True))
def test_a_hyperparameter_is_described_once_by_its_param(name):
    """The factory names the Params as keyword arguments without defaults (a default lives in its Param),
    and the registry records them: no optimizer writes its hyperparameters out again."""
    spec = optimizers.spec(name)
    signature = inspect.signature(spec.build).parameters.values()
    assert [p.name for p in signature] == [p.name for p in spec.params]
    assert all(p.kind is p.KEYWORD_ONLY and p.default is p.empty for p in signature)
    given = {p.name: p.default for p in spec.params}
    assert dict(spec.make(**given).hyperparams) == {p.name: p.default for p in spec.params}


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    result = doctest.testmod(
        importlib.import_module(f"optimizers.{module}"), optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_factories_document_math_arguments_example_and_references(name):
    spec = optimizers.spec(name)
    doc = spec.build.__doc__
    assert doc and doc.strip().splitlines()[0].endswith(".")
    if name not in ("momentum", "nesterov", "adamw"):  # entries that point to the full docstring
        for section in ("math::", "Args:", "Example::", "PyTorch:", "References:"):
            assert section in doc, section
