""" "Copy as PyTorch" (training/torch_script.py): today's export of every golden query is the script torch ran
(same SHA-256) and the lab's own run gives the curve that script printed under torch (fixtures from
tools/make_golden_torch_scripts.py, torch 2.13 in float64); settings torch cannot reproduce are refused
with a reason; the command line writes the same script."""

import ast
import json
import pathlib
from urllib.parse import parse_qsl

import numpy as np
import pytest

import optimizers
import training
from optimizers import schedules
from training import __main__ as cli
from training import lab, torch_script

GOLDEN = json.loads(
    (pathlib.Path(__file__).parent.parent / "fixtures" / "golden" / "torch_scripts.json").read_text()
)


def _state(query: str) -> lab.LabState:
    state, notices = lab.from_query(dict(parse_qsl(query)))
    assert notices == []
    return state


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda case: case["query"][:48])
def test_the_labs_curve_is_what_the_exported_script_printed_under_torch(case):
    state = _state(case["query"])
    assert torch_script.digest(torch_script.script(state)) == case["sha256"], (
        "the export changed: rerun tools/make_golden_torch_scripts.py with torch"
    )
    config = state.configs[0]
    run = training.train(
        lab.network_spec(state),
        lab.optimizer_of(config),
        state.steps,
        state.batch,
        state.seed,
        lab.CHECKPOINTS,
        schedule=lab.schedule_of(config),
        trace=training.run.TRACE_POINTS,
    )
    assert run.trace.steps.tolist() == case["steps"]  # the lab's curve: every step up to 1,000 steps
    np.testing.assert_allclose(run.trace.train_loss, case["train_loss"], rtol=1e-12, atol=1e-6)
    # the script stops where the lab's run does: the step whose parameters left [-1e6, 1e6]
    stopped = [f"# diverged at step {run.diverged_at}:"] if run.diverged_at else []
    assert [comment.split(" a parameter")[0] for comment in case["comments"]] == stopped


def test_the_golden_cases_cover_the_optimizers_schedules_and_layers_the_issue_names():
    text = " ".join(torch_script.script(_state(case["query"])) for case in GOLDEN["cases"])
    for needed in (
        "torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)",
        "nesterov=True",
        "torch.optim.Adam(",
        "torch.optim.AdamW(",
        "torch.optim.RMSprop(",
        "CosineAnnealingLR",
        "StepLR",
        "nn.BatchNorm1d(",
        "nn.PReLU(",
        "nn.Tanh()",
        "nn.ReLU()",
        "nn.GELU()",
        "L2 = 0.01",
        "L1 = 0.002",
        "BATCH_SIZE = 0",
        "BATCH_SIZE = 16",
        "nn.Identity()",
    ):
        assert needed in text, needed


def test_a_script_imports_only_torch_and_numpy_and_embeds_the_labs_numbers():
    state = _state("data=xor:n_points=40&net1=dropout=0.3,width=3&opt1=adam:lr=0.02&steps=20&batch=8")
    text = torch_script.script(state)
    tree = ast.parse(text)
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"numpy", "torch"}
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "").startswith(("TRAIN", "INIT"))
    }
    _, objective, theta = training.build(lab.network_spec(state), state.batch, state.seed)
    assert values["INITIAL_PARAMETERS"] == theta.tolist()
    assert values["TRAIN_INPUTS"] == objective.inputs.tolist()
    assert values["TRAIN_TARGETS"] == objective.targets.tolist()
    assert "STRIDE = 1 " in text
    assert "torch draws its own masks" in text and "nn.Dropout(p=0.3)" in text


@pytest.mark.parametrize(
    "query, reason",
    [
        ("opt1=lbfgs", "closure"),
        ("opt1=lion", "torch.optim has no Lion"),
        ("opt1=adafactor", "factors the second moment"),
        ("opt1=muon", "bfloat16"),
        ("net1=dropout=0.2,dropout_mode=plain&opt1=adam", "inverted dropout"),
    ],
)
def test_settings_torch_cannot_reproduce_are_refused_with_a_reason(query, reason):
    with pytest.raises(torch_script.UnsupportedError, match=reason):
        torch_script.script(_state("data=xor&" + query))


def test_the_command_line_writes_the_script_and_refuses_with_a_message(capsys):
    query = GOLDEN["cases"][0]["query"]
    assert cli.main(["torch-script", query]) == 0
    assert torch_script.digest(capsys.readouterr().out) == GOLDEN["cases"][0]["sha256"]
    assert cli.main(["torch-script", "data=xor&opt1=lion"]) == 2
    assert "No PyTorch script for Lion" in capsys.readouterr().err
    assert cli.main(["torch-script", query, "--config", "2"]) == 2
    assert "1 configuration" in capsys.readouterr().err
    assert cli.main(["torch-script", "data=user:points=%230123456789abcdef&opt1=adam"]) == 2
    assert "no longer holds" in capsys.readouterr().err  # not a script of the two moons it fell back to


def test_user_text_in_the_link_stays_a_string_literal():
    state = _state("data=xor&opt1=adam&steps=5")
    tree = ast.parse(torch_script.script(state))
    query = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "LAB_QUERY")
    assert isinstance(query.value, ast.Constant) and query.value.value.startswith("data=xor")


@pytest.mark.parametrize("name", optimizers.names(networks=True))
def test_every_optimizer_gets_a_script_that_compiles_or_a_reason(name):
    state = _state(f"data=xor:n_points=40&opt1={name}&steps=3")
    try:
        text = torch_script.script(state)
    except torch_script.UnsupportedError as error:
        assert name not in torch_script.TORCH_OPTIMIZERS and str(error).startswith("No PyTorch script for")
    else:
        compile(text, f"{name}.py", "exec")
        assert f"torch.optim.{torch_script.TORCH_OPTIMIZERS[name][0]}(model.parameters(), lr=" in text


@pytest.mark.parametrize("schedule", schedules.names())
@pytest.mark.parametrize("activation", ["prelu", "leaky_relu", "elu", "softplus", "linear"])
def test_every_schedule_and_activation_is_written_as_torch_names_it(schedule, activation):
    query = (
        f"data=blobs:n_points=60&net1=activation={activation},norm=batch&opt1=sgd:lr=0.1,schedule={schedule}"
    )
    text = torch_script.script(_state(query + "&steps=7&batch=10"))
    compile(text, "script.py", "exec")
    assert f"nn.{torch_script.ACTIVATIONS[activation]}(" in text
    if schedule != "constant":
        assert f"lr_scheduler.{torch_script.TORCH_SCHEDULES[schedule][0]}(optimizer" in text
