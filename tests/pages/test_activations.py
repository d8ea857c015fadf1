"""The Activation functions page under AppTest: URL round trip, a preset, a bad value's notice."""

import functools

from tests.pages import helpers as pages

open_page = functools.partial(pages.open_page, page="activations")


def metrics(app) -> dict:
    return {m.label: m.value for m in app.metric}


def test_url_sets_the_controls_and_the_page_writes_it_back():
    app = open_page({"depth": "20", "negative_slope": "0.2"})
    assert app.slider(key="act_depth").value == 20 and app.slider(key="act_negative_slope").value == 0.2
    assert dict(app.query_params) == {"depth": "20", "negative_slope": "0.2"}
    assert "sigmoid: most gradient kept through 20 layers" in metrics(app)
    app.slider(key="act_depth").set_value(12).run()
    assert app.query_params["depth"] == "12"
    assert metrics(app)["sigmoid: most gradient kept through 12 layers"] == f"{0.25**12:.2e}"


def test_preset_kills_most_relus_and_leaky_relu_stays_alive():
    app = open_page()
    app.button(key="act_preset_relus-die-large-step").click().run()
    assert dict(app.query_params) == {"scene": "relus-die-large-step", "lr": "30"}  # the preset names it
    shown = metrics(app)
    assert int(shown["relu: most dead units in a layer after the step"].rstrip("%")) > 50
    assert shown["leaky_relu: most dead units in a layer after the step"] == "0%"
    assert shown["same class on the grid"] == "100%"


def test_bad_url_value_gives_a_notice_and_the_default():
    app = open_page({"lr": "<script>" * 20, "scene": "nope"})
    (notice,) = [w.value.replace("\\", "") for w in app.warning]  # one notice, its Markdown escaped
    assert "\n- lr: '<script>" in notice and "using 10" in notice
    assert "No scene 'nope'" in notice
    assert app.number_input(key="act_lr").value == 10.0 and "lr" not in app.query_params


def test_the_collapse_scene_opens_by_its_link_with_the_page_defaults():
    app = open_page({"scene": "linear-network-collapses"})
    assert pages.url(app) == {"scene": "linear-network-collapses"}
    assert "4. Why nonlinearity: a deep linear network is one linear layer" in [h.value for h in app.header]
    assert not app.warning
