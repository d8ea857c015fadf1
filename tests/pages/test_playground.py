"""The Playground page under AppTest: every control changes the state, the URL follows, nothing raises."""

from __future__ import annotations

import functools
import json
import pathlib

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import scenes
import surfaces
from playground import compute, story
from playground.picture import lane_title
from playground.state import Lane, PlaygroundState, from_query, to_query
from tests.pages import helpers as pages
from tests.pages.helpers import url

ROOT = pathlib.Path(__file__).resolve().parents[2]


open_page = functools.partial(pages.open_page, timeout=60)


def page_state(app: AppTest) -> PlaygroundState:
    return app.session_state["pg_state"]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def map_header(app: AppTest) -> tuple[dict, bytes]:
    """The canvas player's message (the contour map, one map): its header and blob (viz.player)."""
    from viz import player

    (element,) = [e for e in app.get("bidi_component") if e.proto.component_name == "cs231n_map_player"]
    return player.unpack(element.proto.bytes)


def has_map(app: AppTest) -> bool:
    """The map is drawn: the canvas player or (small multiples, 3D) a Plotly figure."""
    return bool(app.get("bidi_component") or app.get("plotly_chart"))


def test_default_page_shows_the_story_and_writes_the_url():
    app = open_page()
    assert url(app) == to_query(story.opening())  # the fair race on the steeper ravine, tuned rates
    assert [lane.optimizer for lane in page_state(app).lanes] == ["sgd", "momentum", "adam"]
    assert any(c.value.startswith("Steps until the loss stays within") for c in app.caption)
    header, blob = map_header(app)
    offset, count = header["image"]
    assert blob[offset : offset + 4] == b"\x89PNG" and count > 100, "the landscape raster is missing"
    assert header["steps"] == 200 and len(header["lanes"]) == 3
    assert not app.get("plotly_chart"), "the contour map no longer needs plotly.js in the page"


def test_changing_surface_sets_its_learning_rates_and_url():
    app = open_page()
    app.selectbox(key="w:surface").set_value("rosenbrock").run()
    assert not app.exception
    state = page_state(app)
    assert state.surface == "rosenbrock"
    assert state.lanes[0].hyperparams["lr"] == 0.002
    assert url(app)["surface"] == "rosenbrock"
    assert surfaces.spec("rosenbrock").description in texts(app.caption)
    assert surfaces.get("rosenbrock").latex in texts(app.latex)


def test_surface_parameter_widget_updates_the_state():
    app = open_page()
    app.select_slider(key="w:sp:ravine:condition_number").set_value(50.0).run()
    assert page_state(app).surface_params == {"condition_number": 50.0}
    assert url(app)["condition_number"] == "50"


def test_add_and_remove_lanes():
    app = open_page()
    app.button(key="pg_add_lane").click().run()
    assert len(page_state(app).lanes) == 4
    assert "lane4" in url(app)
    app.button(key="pg_add_lane").click().run()
    app.button(key="pg_add_lane").click().run()
    assert len(page_state(app).lanes) == 6
    assert app.button(key="pg_add_lane").disabled
    app.selectbox(key="pg_edit_lane").set_value(0).run()
    app.button(key="pg_remove_lane").click().run()
    assert not app.exception
    lanes = page_state(app).lanes
    assert len(lanes) == 5 and lanes[0].optimizer == "momentum"
    assert "lane6" not in url(app)


def test_setting_a_learning_rate_recomputes_that_lane():
    app = open_page()
    app.select_slider(key="w:lane0:sgd:lr").set_value(0.05).run()
    assert page_state(app).lanes[0].hyperparams == {"lr": 0.05}
    assert url(app)["lane1"] == "sgd:lr=0.05"


def test_changing_the_optimizer_of_a_lane_uses_the_surface_default_lr():
    app = open_page()
    app.selectbox(key="w:lane0:opt").set_value("rmsprop").run()
    lane = page_state(app).lanes[0]
    assert lane.optimizer == "rmsprop" and lane.hyperparams == {"lr": 0.05}


def test_an_invalid_combination_shows_torch_message_and_keeps_the_lane():
    app = open_page()
    app.checkbox(key="w:lane0:sgd:nesterov").check().run()
    assert not app.exception
    assert "Nesterov" in texts(app.error)
    assert page_state(app).lanes[0].hyperparams == {"lr": story.opening().lanes[0].hyperparams["lr"]}


def test_bad_expression_shows_the_parser_message_and_page_keeps_working():
    app = open_page()
    app.selectbox(key="w:surface").set_value("custom").run()
    assert page_state(app).surface == "custom"
    good = page_state(app).expression
    app.text_input(key="pg_expression").input("x**2 + (").run()
    assert not app.exception
    assert texts(app.error), "the parser's message is not shown"
    assert page_state(app).expression == good
    assert has_map(app)
    app.text_input(key="pg_expression").input("x**2 + 4*y**2").run()
    assert page_state(app).expression == "x**2 + 4*y**2"
    assert url(app)["expr"] == "x**2 + 4*y**2"
    assert not texts(app.error)


def test_steps_are_capped_at_5000_and_the_page_says_so():
    app = open_page()
    steps = app.number_input(key="w:steps")
    assert steps.max == 5000 and "5,000" in steps.label
    steps.set_value(5000).run()
    assert page_state(app).steps == 5000
    app = open_page({"steps": str(10**9)})
    assert page_state(app).steps == 200
    assert "5,000" in texts(app.warning)


def test_layout_switch_draws_small_multiples():
    app = open_page()
    app.radio(key="w:layout").set_value("multiples").run()
    assert url(app)["layout"] == "multiples"
    header, _ = map_header(app)  # the canvas player draws small multiples too: one map per lane
    titles = [lane_title(k, lane) for k, lane in enumerate(page_state(app).lanes)]
    assert header["multiples"]["titles"] == titles
    assert not app.get("plotly_chart"), "small multiples no longer need plotly.js in the page"


def test_3d_view():
    app = open_page()
    app.radio(key="w:view").set_value("3d").run()
    assert not app.exception
    kinds = {trace["type"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]}
    assert "surface" in kinds


def test_inspector_shows_the_numbers_the_update_used():
    app = open_page()
    app.slider(key="pg_inspect_step").set_value(3).run()
    app.toggle(key="pg_inspect_arrows").set_value(True).run()
    assert not app.exception
    state = page_state(app)
    surface = compute.build_surface(state)
    trajectory = compute.run_lane(surface, state.lanes[0], compute.shared_start(state, surface), state.steps)
    table = texts(app.markdown)
    gx, gy = trajectory.grads[2]
    assert f"({gx:.4g}, {gy:.4g})" in table
    ux, uy = trajectory.updates[2]
    assert f"({ux:.4g}, {uy:.4g})" in table
    header, _ = map_header(app)
    assert header["inspected"]["step"] == 3 and header["step"] == 3, "the map shows the inspected step"
    assert header["inspected"]["arrows"]["gradient"] == pytest.approx([gx, gy])
    assert header["inspected"]["arrows"]["update"] == pytest.approx([ux, uy])


def test_downloads_exist():
    app = open_page()
    labels = [button.proto.label for button in app.get("download_button")]
    assert any("CSV" in label for label in labels)
    assert any("JSON" in label for label in labels)
    assert any("HTML" in label for label in labels)


def test_divergence_is_reported_per_lane():
    app = open_page({"lane1": "sgd:lr=0.5", "lane2": "adam:lr=0.1"})
    warning = texts(app.warning)
    assert "diverged at step" in warning and "SGD" in warning


def test_theory_panel_snaps_a_lane_to_the_heavy_ball():
    app = open_page()
    assert "stable only for lr" in texts(app.markdown)
    app.button(key="pg_snap").click().run()
    lane = page_state(app).lanes[0]
    assert lane.optimizer == "sgd" and lane.schedule == "constant"
    kappa = story.opening().surface_params["condition_number"]
    momentum = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    assert lane.hyperparams["momentum"] == pytest.approx(momentum, rel=1e-3)
    assert (
        url(app)["lane1"] == f"sgd:lr={lane.hyperparams['lr']:.4g},momentum={momentum:.4g}"
    )  # short numbers


def test_shared_link_reproduces_the_state():
    state = PlaygroundState(
        surface="ravine",
        surface_params={"condition_number": 25.0},
        lanes=(Lane("adam", {"lr": 0.03, "betas": (0.8, 0.99)}), Lane("nesterov", {"lr": 0.01}, noise=0.2)),
        start=(-6.0, 3.0),
        steps=150,
        layout="multiples",
    )
    app = open_page(to_query(state))
    assert page_state(app) == state
    assert url(app) == to_query(state)
    assert app.number_input(key="w:start_x").value == -6.0
    assert app.select_slider(key="w:lane0:adam:lr").value == 0.03
    code = texts(app.code)
    assert "lane1=adam:lr=0.03,betas=0.8|0.99" in code


MALFORMED_URLS = [
    {"surface": "nope"},
    {"steps": "abc"},
    {"start": "abc"},
    {"lane1": "warpdrive"},
    {"lane1": "sgd:lr=99"},
    {"lane1": "adam:betas=2|3"},
    {f"lane{i}": "sgd:lr=0.1" for i in range(1, 10)},
    {"surface": "custom", "expr": "import os"},
    {"layout": "spiral", "view": "hologram"},
    {"scene": "not-a-scene"},
]


@pytest.mark.parametrize("query", MALFORMED_URLS, ids=[str(q)[:50] for q in MALFORMED_URLS])
def test_malformed_urls_show_a_notice_and_use_defaults(query):
    app = open_page(query)
    expected, notices = from_query(query, scenes.presets())
    assert notices
    assert "could not be used" in texts(app.warning)
    assert page_state(app) == expected
    assert has_map(app)


def test_presenter_mode_hides_the_sidebar():
    app = open_page({"presenter": "1"})
    css = "\n".join(str(e.proto.body) for e in app.get("html"))
    assert "stSidebar" in css and "display: none" in css
    app.button(key="pg_exit_presenter").click().run()
    assert page_state(app).presenter is False
    assert "presenter" not in url(app)


def test_scene_link_shows_the_scene_and_steps_through_in_order():
    import scenes

    ids = list(scenes.presets())  # the Playground's scenes; presenter mode walks the whole lecture
    lecture_ids = scenes.names()
    middle = lecture_ids.index(ids[6])
    assert lecture_ids[middle - 1 : middle + 2] == ids[5:8]  # three Playground scenes in a row
    app = open_page({"scene": ids[6], "presenter": "1"})
    assert scenes.get(ids[6]).title in texts(app.title)
    assert scenes.get(ids[6]).caption in texts(app.markdown)
    assert f"{middle + 1} / {len(lecture_ids)}" in texts(app.caption)  # where the lecture stands
    app.button(key="pg_next_scene").click().run()
    assert page_state(app).scene == ids[7] and page_state(app).presenter
    assert url(app) == {"scene": ids[7], "presenter": "1"}
    app.button(key="pg_prev_scene").click().run()
    app.button(key="pg_prev_scene").click().run()
    assert page_state(app).scene == ids[5]


def test_changing_a_scene_keeps_its_name_and_can_reset():
    import scenes

    first = next(iter(scenes.presets()))
    app = open_page({"scene": first})
    app.number_input(key="w:steps").set_value(123).run()
    assert page_state(app).scene == first and url(app)["scene"] == first and url(app)["steps"] == "123"
    assert "changed" in texts(app.caption)
    app.button(key="pg_reset_scene").click().run()
    assert url(app) == {"scene": first}


def test_schedule_noise_colour_and_name_of_a_lane():
    app = open_page()
    app.selectbox(key="w:lane0:schedule").set_value("step").run()
    app.slider(key="w:lane0:noise").set_value(0.5).run()
    app.color_picker(key="w:lane0:color").pick("#112233").run()
    app.text_input(key="w:lane0:label").input("noisy SGD").run()
    assert not app.exception
    lane = page_state(app).lanes[0]
    assert (lane.schedule, lane.noise, lane.color, lane.label) == ("step", 0.5, "#112233", "noisy SGD")
    assert url(app)["lane1"] == "sgd:lr=0.03,schedule=step,noise=0.5,color=112233,label=noisy SGD"
    assert map_header(app)[0]["lanes"][0]["label"] == "1. noisy SGD · lr 0.03"


def _scene_ids() -> list[str]:
    import scenes

    return list(scenes.presets())  # the Playground's scenes (other pages' scenes open their own pages)


@pytest.mark.parametrize("scene_id", _scene_ids())
def test_every_scene_opens_unchanged_by_the_widgets(scene_id):
    """The widgets read back exactly the scene's preset, so its link stays ``?scene=ID``."""
    app = open_page({"scene": scene_id})
    assert url(app) == {"scene": scene_id}
    assert "changed" not in texts(app.caption)
    assert not texts(app.error)


def test_editing_another_lane_changes_only_that_lane():
    app = open_page()
    before = page_state(app).lanes
    app.selectbox(key="pg_edit_lane").set_value(1).run()
    app.select_slider(key="w:lane1:momentum:lr").set_value(0.01).run()
    after = page_state(app).lanes
    assert after[1].hyperparams == {"lr": 0.01}
    assert after[0] == before[0] and after[2] == before[2]
    assert url(app)["lane2"] == "momentum:lr=0.01"


def test_a_scene_link_in_a_running_session_opens_that_scene():
    import scenes

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    first, second = list(scenes.presets())[:2]
    app.query_params["scene"] = second
    app.run()
    assert not app.exception
    assert any(scenes.get(second).title in t.value for t in app.title)
    assert first != second


def test_the_edited_lane_stays_selected_while_its_lr_changes():
    app = open_page({"lane1": "sgd:lr=0.1", "lane2": "momentum:lr=0.02"})
    app.selectbox(key="pg_edit_lane").set_value(1).run()
    for lr in (0.01, 0.05, 0.002):
        app.select_slider(key="w:lane1:momentum:lr").set_value(lr).run()
        assert not app.exception
        assert app.selectbox(key="pg_edit_lane").value == 1
        assert page_state(app).lanes[1].hyperparams == {"lr": lr}


def test_user_text_in_messages_is_shown_literally_not_as_markdown():
    app = open_page({"surface": "custom", "expr": "x**2+$z$"})
    warning = " ".join(w.value for w in app.warning)
    # escaped for markdown: the typed ** is not bold and $z$ is not LaTeX
    assert r"x\*\*2\+\$z\$" in warning


def test_lane_pickers_survive_every_change_of_the_lanes_they_list():
    """Changing a lane's optimizer, momentum and lr while the inspector and the snap picker point at it."""
    app = open_page()
    app.selectbox(key="pg_edit_lane").set_value(1).run()
    app.selectbox(key="pg_snap_lane").set_value(1).run()
    app.selectbox(key="pg_inspect_lane").set_value(1).run()
    app.selectbox(key="w:lane1:opt").set_value("sgd").run()
    app.slider(key="w:lane1:sgd:momentum").set_value(0.5).run()
    app.selectbox(key="w:lane1:opt").set_value("momentum").run()
    app.select_slider(key="w:lane1:momentum:lr").set_value(0.01).run()
    assert not app.exception, app.exception
    assert [app.selectbox(key=k).value for k in ("pg_edit_lane", "pg_snap_lane", "pg_inspect_lane")] == [
        1,
        1,
        1,
    ]
    assert page_state(app).lanes[1] == Lane("momentum", {"lr": 0.01})
    assert "lane2=momentum:lr=0.01" in texts(app.code)  # the share box, below the pickers, is drawn


def test_presenter_mode_after_editing_noise_schedule_start_and_name():
    app = open_page()
    app.selectbox(key="w:lane0:schedule").set_value("cosine").run()
    app.slider(key="w:lane0:noise").set_value(0.3).run()
    app.checkbox(key="w:lane0:own_start").check().run()
    app.text_input(key="w:lane0:label").input("mine").run()
    app.toggle(key="w:presenter").set_value(True).run()
    assert not app.exception, app.exception
    lane = page_state(app).lanes[0]
    assert page_state(app).presenter and (lane.schedule, lane.noise, lane.label) == ("cosine", 0.3, "mine")
    assert lane.start is not None and lane.start != compute.shared_start(
        page_state(app), compute.build_surface(page_state(app))
    )


def test_a_typed_learning_rate_reaches_values_between_slider_stops():
    app = open_page()
    app.number_input(key="w:lane0:sgd:lr:typed").set_value(0.21).run()
    assert page_state(app).lanes[0].hyperparams == {"lr": 0.21}
    assert app.select_slider(key="w:lane0:sgd:lr").value == 0.21
    assert url(app)["lane1"] == "sgd:lr=0.21"


def test_a_hostile_link_shows_short_notices_and_no_markup():
    query = {
        "lane1": "sgd:lr=0.5,label=**[Click here](https://evil.example)**",
        "lane2": "adam:lr=0.1,label=![x](https://evil.example/p.png)",
        "lane" + "9" * 5000: "sgd",
        "expr": "x",
        "steps": "9" * 5000,
        "colour": "<a href='https://evil.example'>Click</a>",
    }
    app = open_page(query)
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert any("could not be used" in w for w in warnings) and all(len(w) < 3000 for w in warnings)
    shown = [e.value for e in (*app.markdown, *app.warning, *app.caption, *app.sidebar.markdown)]
    for text in shown:
        assert "](" not in text and "<a " not in text and "https://" not in text, text[:200]
    assert any(r"\[Click here\]" in text for text in shown)  # the label is there, as text


def test_a_link_to_another_pages_scene_opens_that_page():
    """``/?scene=<the lecture's first>&presenter=1``: that scene lives on the Activations page, which opens on
    it in presenter mode (no "unknown scene" notice on the Playground)."""
    first = scenes.get(scenes.names()[0])
    assert first.page.url_path != ""  # the lecture opens on another page than the Playground
    app = open_page({"scene": first.id, "presenter": "1"})
    assert [title.value for title in app.title] == [first.title]
    assert (url(app)["scene"], url(app)["presenter"]) == (first.id, "1")
    assert not [w for w in app.warning if "Unknown scene" in w.value]
