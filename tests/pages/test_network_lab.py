"""The Network lab page under AppTest: the controls reach the state and the URL, links round-trip, a bad
link gives a notice, presets and the compare mode train (one player message for both configurations),
failures are named on the page."""

from __future__ import annotations

import functools
import re

from playground import budget as playground_budget
from tests.pages.helpers import open_page, url
from training import lab, lab_files
from training.lab import Config, LabState
from ui.text import plain

open_lab = functools.partial(open_page, page="network_lab", timeout=180)


def player(app) -> tuple[dict, bytes]:
    """The lab player's one message (viz.lab_player): its header and blob."""
    from viz import lab_player

    (element,) = [e for e in app.get("bidi_component") if e.proto.component_name == "cs231n_lab_player"]
    return lab_player.unpack(element.proto.bytes)


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements).replace("\\", "")  # the page escapes Markdown


def checklist_table(app) -> dict[str, list[str]]:
    """The debugging checklist's Markdown table (the one whose header starts with "check"), by column."""
    for element in app.markdown:
        lines = element.value.splitlines()
        if lines and lines[0].startswith("| check |"):
            cells = [
                [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in line.strip("|").split(" | ")]
                for line in lines
            ]
            return {name: [row[k] for row in cells[2:]] for k, name in enumerate(cells[0])}
    raise AssertionError("no checklist table on the page")


def test_every_control_group_reaches_the_state_and_the_url():
    app = open_lab({"steps": "40"})
    header, _ = player(app)
    assert header["steps"] == 40 and len(header["runs"]) == 1 and header["runs"][0]["diagram"] is not None
    assert not app.get("plotly_chart"), "every figure of a plain network is the player's"
    (words,) = [e for e in app.expander if e.label == "Figures as text and table"]
    assert not words.markdown, "drawn when opened"
    app.session_state["nl_words"] = True  # the visitor opens it
    (words,) = [e for e in app.run().expander if e.label == "Figures as text and table"]
    assert "| step |" in "\n".join(m.value for m in words.markdown), "the curves as a table"
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Figures as an offline player (HTML)" in labels
    app.selectbox(key="nl:data").set_value("xor").run()
    app.number_input(key="nl:d:xor:n_points").set_value(200).run()
    app.selectbox(key="nl:c0:n:activation").set_value("tanh").run()
    app.number_input(key="nl:c0:n:width").set_value(4).run()
    app.selectbox(key="nl:c0:opt").set_value("sgd").run()
    app.selectbox(key="nl:c0:schedule").set_value("cosine").run()
    app.number_input(key="nl:batch").set_value(16).run()
    app.number_input(key="nl:seed").set_value(5).run()
    assert not app.exception, app.exception
    state = app.session_state["nl_state"]
    assert state.dataset == "xor" and dict(state.dataset_params)["n_points"] == 200
    config = state.configs[0]
    assert config.net("activation") == "tanh" and config.net("width") == 4
    assert config.optimizer == "sgd" and config.schedule == "cosine"
    assert (state.batch, state.seed, state.steps) == (16, 5, 40)
    assert url(app) == lab.to_query(state)
    assert url(app)["opt1"].startswith("sgd:") and "schedule=cosine" in url(app)["opt1"]
    assert not app.error, texts(app.error)


def test_a_link_round_trips_through_the_page():
    wanted = LabState(
        dataset="circles",
        dataset_params=(("noise", 0.2),),
        configs=(Config(network=(("dropout", 0.25), ("hidden_layers", 1))),),
        steps=30,
        batch=32,
        seed=4,
    )
    app = open_lab(lab.to_query(wanted))
    assert app.session_state["nl_state"] == wanted
    assert url(app) == lab.to_query(wanted)
    assert "could not be used" not in texts(app.warning)


def test_a_bad_link_value_gives_a_notice_and_the_page_still_trains():
    app = open_lab({"data": "xor:n_points=5", "opt1": "adamm", "steps": "30"})
    warning = texts(app.warning)
    assert "n_points must be between 20 and 2000" in warning and "unknown optimizer 'adamm'" in warning
    assert player(app)[0]["steps"] == 30


def test_the_dropout_preset_compares_two_networks_side_by_side():
    app = open_lab({"steps": "30"})
    app.button(key="nl_preset:Dropout or not (tanh, 3 x 16)").click().run()
    assert not app.exception, app.exception
    state = app.session_state["nl_state"]
    assert len(state.configs) == 2 and state.configs[1].net("dropout") == 0.5
    assert url(app) == lab_files.PRESETS["Dropout or not (tanh, 3 x 16)"]
    assert app.toggle(key="nl:compare").value
    header, _ = player(app)
    headings = [s.value for s in app.subheader][:2]
    wanted = ["Configuration 1: Adam, dropout 0", "Configuration 2: Adam, dropout 0.5"]
    assert headings == [plain(h) for h in wanted]  # shown as text, not Markdown
    assert "at the early-stopping point" in texts(app.info)
    assert [run["title"] for run in header["runs"]] == wanted, "the player's columns, headed the same"
    assert header["axes"]["loss"] is not None, "one loss axis for both, in the message"


def test_constant_initialisation_and_divergence_are_named_on_the_page():
    app = open_lab(lab_files.PRESETS["Constant initialisation: symmetry"] | {"steps": "30"})
    assert "all 8 units are identical" in texts(app.warning)
    app = open_lab(lab_files.PRESETS["Learning rate too high: divergence"])
    assert "Diverged at step" in texts(app.warning)


def test_an_over_budget_run_is_refused_with_the_budget_message(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.01")
    app = open_lab({"steps": "5000"})
    error = texts(app.error)
    assert "Training a 2 × 8 network with Adam for 5,000 steps on 400 points of Two moons" in error
    assert "even cut to 10 steps" in error and "PLAYGROUND_BUDGET_SECONDS=" in error
    components = [e.proto.component_name for e in app.get("bidi_component")]
    assert not app.get("plotly_chart") and "cs231n_lab_player" not in components


def test_the_newton_link_is_cut_to_the_budget_with_a_notice_and_still_draws(monkeypatch):
    # timing-free: the cut is priced near the budget, and a loaded machine must not stop it at the deadline
    monkeypatch.setattr(playground_budget, "DEADLINE_FACTOR", 100.0)
    app = open_lab({"opt1": "newton"})
    warning = texts(app.warning)
    assert "Training a 2 × 8 network with Newton for 500 steps" in warning
    assert "showing the first" in warning and "make run" in warning
    header, _ = player(app)
    assert header["steps"] < 500 and header["runs"][0]["steps"] == header["steps"], "the cut run is drawn"
    assert url(app)["opt1"] == "newton", "the link keeps asking for the full run"
    table = checklist_table(app)  # its small-sample run would not fit in what the training left
    assert table["measured"][1].startswith("not run: about")


def test_newton_on_too_large_a_network_says_why_instead_of_a_price():
    app = open_lab({"opt1": "newton", "net1": "width=32"})
    assert "too large for Newton's method here (at most 400)" in texts(app.error)
    assert "would take about" not in texts(app.error)


def test_muon_is_offered_for_the_weight_matrices_with_a_note_on_orthogonalising():
    app = open_lab({"steps": "30", "opt1": "muon:lr=0.02"})
    assert app.session_state["nl_state"].configs[0].optimizer == "muon"
    assert "Muon orthogonalises the update of each weight matrix" in texts(app.caption)
    assert any("Muon" in option for option in app.selectbox(key="nl:c0:opt").options)
    assert not app.error, texts(app.error)


def test_batch_norm_from_the_link_draws_its_statistics_and_the_checklist():
    app = open_lab({"net1": "norm=batch", "steps": "30", "batch": "32"})
    assert not app.exception, app.exception
    assert app.session_state["nl_state"].configs[0].net("norm") == "batch"
    assert app.selectbox(key="nl:c0:n:norm").value == "batch"
    titles = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert len(titles) == 2, "beside the player: the running std and the learned scale"
    assert sum("batch norm" in spec for spec in titles) == 2
    table = checklist_table(app)
    assert table["check"][:2] == ["Loss at initialisation", "Overfit 20 points"]
    app.selectbox(key="nl:c0:n:norm").set_value("none").run()
    assert "norm" not in url(app).get("net1", "")
    assert not app.get("plotly_chart")


def test_prelu_shows_its_learned_slopes():
    app = open_lab({"net1": "activation=prelu", "steps": "30"})
    assert not app.exception, app.exception
    specs = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert len(specs) == 1 and "PReLU: learned" in specs[0]


def test_augmentation_from_the_link_reaches_the_state_and_its_widgets():
    app = open_lab({"net1": "augment=mixup,copies=2,strength=0.4", "steps": "30"})
    assert not app.exception, app.exception
    config = app.session_state["nl_state"].configs[0]
    assert (config.net("augment"), config.net("copies"), config.net("strength")) == ("mixup", 2, 0.4)
    assert app.selectbox(key="nl:c0:n:augment").value == "mixup"
    app.selectbox(key="nl:c0:n:augment").set_value("jitter").run()
    assert url(app)["net1"].startswith("augment=jitter")
    assert not app.error, texts(app.error)


def test_the_width_of_one_layer_reaches_the_network_and_the_link():
    app = open_lab({"steps": "20"})
    assert not [w for w in app.number_input if w.key == "nl:c0:n:width2"], "drawn when its expander opens"
    app.session_state["nl:c0:widths"] = True  # the visitor opens "Width per layer"
    app.run().number_input(key="nl:c0:n:width2").set_value(3).run()
    assert not app.exception, app.exception
    assert app.session_state["nl_state"].configs[0].net("width2") == 3
    assert url(app)["net1"] == "width2=3"


def test_the_ensemble_section_trains_its_members_and_averages_the_last_checkpoints():
    app = open_lab({"steps": "30", "ensemble": "3", "snapshots": "5"})
    assert not app.exception, app.exception
    assert "Ensembles of configuration 1" in [s.value for s in app.subheader]
    markdown = texts(app.markdown)
    assert "3 networks from seeds 0 to 2" in markdown and "member 3 (seed 2)" in markdown
    assert "average of the 3" in markdown and "The last 5 checkpoints of configuration 1" in markdown
    info = texts(app.info)
    assert "Averaging the 3 networks gives validation loss" in info
    assert "Averaging the last 5 checkpoints gives validation loss" in info
    assert app.number_input(key="nl:ensemble").value == 3
    app.number_input(key="nl:ensemble").set_value(0).run()
    app.number_input(key="nl:snapshots").set_value(0).run()
    assert "ensemble" not in url(app) and "snapshots" not in url(app)
    assert "Ensembles of configuration 1" not in [s.value for s in app.subheader]


def test_a_scene_link_shows_the_scenes_claim_above_the_lab():
    app = open_lab({"scene": "early-stopping"})
    assert not app.exception, app.exception
    assert "Scene: Early stopping: the validation loss turns up" in texts(app.info)
    app.number_input(key="nl:steps").set_value(100).run()  # an edit: the claim no longer holds, it goes
    assert "Scene:" not in texts(app.info)


def test_a_scene_link_keeps_its_scene_in_the_address_until_the_page_changes():
    """Issue 24: a reload of a scene link reopens the scene (the clicker's place in the lecture)."""
    app = open_lab({"scene": "checklist-large-initial-weights"})
    written = url(app)
    assert written["scene"] == "checklist-large-initial-weights" and "could not be used" not in texts(
        app.warning
    )
    again = open_lab(written)  # the reload: the address as the page wrote it
    assert again.session_state["nl_state"] == app.session_state["nl_state"] and url(again) == written
    again.number_input(key="nl:seed").set_value(5).run()
    assert "scene" not in url(again) and url(again)["seed"] == "5"


def test_a_stopped_ensemble_shows_the_members_that_finished_with_a_notice(monkeypatch):
    from training import ensemble

    train = ensemble.train_ensemble

    def stopped_after_one(spec, optimizer, steps, k, *args, **kwargs):  # the deadline ends member 2
        finished = train(spec, optimizer, steps, 1, *args, **kwargs)
        return ensemble.Ensemble(finished.members, finished.scores, k, True)

    monkeypatch.setattr(ensemble, "train_ensemble", stopped_after_one)
    app = open_lab({"steps": "20", "ensemble": "3", "seed": "7"})
    assert "stopped the ensemble after 1 of its 3 members" in texts(app.warning)
    markdown = texts(app.markdown)
    assert "1 network from seed 7" in markdown and "member 2" not in markdown
