"""Unit tests of the lab player's pure JavaScript (ui/lab_player/*.js, exported as ``labPure``), run in
Chromium on a blank page: which record a step shows, the regions' colours and interpolation (the same
numbers as viz/), where the figures go, how weights are drawn, and the decoder against a Python message."""

import base64

import numpy as np
import pytest

import datasets
import optimizers
import training
from tools.browser import file_only
from viz import lab_player, regions
from viz.network import region_colours

CALL = "([name, args]) => window.LP[name](...args)"


@pytest.fixture(scope="module")
def lab_js(browser):
    from ui import lab_player as component

    page = browser.new_page()
    code = f"{component.script()}\nwindow.LP = labPure;\nwindow.mountLab = mountLabPlayer;"
    page.set_content(f'<!doctype html><body><script type="module">{code}</script>')
    page.wait_for_function("() => !!window.LP", timeout=30_000)
    yield page
    page.close()


def call(page, name, *args):
    return page.evaluate(CALL, [name, list(args)])


def test_a_step_shows_the_last_record_at_or_before_it(lab_js):
    steps = [0, 10, 20, 30]
    got = [call(lab_js, "lastAtOrBefore", steps, s) for s in (0, 9, 10, 25, 30, 99)]
    assert got == [0, 0, 1, 2, 3, 3]
    assert call(lab_js, "lastAtOrBefore", [5, 6], 2) == 0, "before the first record: the first"


def test_region_colours_are_viz_networks_own(lab_js):
    rng = np.random.default_rng(0)
    for k in (2, 3, 4):
        probabilities = rng.dirichlet(np.ones(k), size=6)
        expected = region_colours(probabilities)
        for p, rgb in zip(probabilities, expected, strict=True):
            got = call(lab_js, "mixColor", p.tolist(), list(lab_player.CLASS_COLORS), lab_player.STRENGTH)
            assert np.abs(np.array(got) - rgb).max() <= 1, (p, got, rgb)


def test_the_regions_are_interpolated_as_viz_regions_does(lab_js):
    values = np.random.default_rng(1).integers(0, 256, size=(2, 5, 5, 2)).astype(np.uint8)
    got = np.array(call(lab_js, "upsample", values.ravel().tolist(), 5, 2, 1, 2)).reshape(9, 9, 2)
    axis = np.linspace(0, 1, 5)
    _, _, fine = regions.interpolated(axis, axis, values[1:] / 255.0, 2)
    np.testing.assert_allclose(got, fine[0], atol=1e-6)


def test_discretised_regions_take_one_class_colour_and_the_top_row_is_the_windows_top(lab_js):
    colors = {"classes": list(lab_player.CLASS_COLORS), "ramp": list(lab_player.RAMP), "strength": 0.55}
    fine = [0.9, 0.1, 0.9, 0.1, 0.2, 0.8, 0.2, 0.8]  # 2 x 2 cells: bottom row class 0, top row class 1
    pixels = call(lab_js, "regionPixels", fine, 2, 2, "classification", colors, True)
    top, bottom = pixels[0:3], pixels[8:11]
    assert top == region_colours(np.array([0.0, 1.0])).tolist()
    assert bottom == region_colours(np.array([1.0, 0.0])).tolist()
    ramp = call(lab_js, "regionPixels", [0.0, 1.0, 0.0, 1.0], 2, 1, "regression", colors, False)
    assert ramp[8:11] == call(lab_js, "rgbOf", lab_player.RAMP[0]) and ramp[12:15] == call(
        lab_js, "rgbOf", lab_player.RAMP[-1]
    )


@pytest.mark.parametrize("width", [420, 640, 700, 1000, 1300])
def test_the_figures_fit_the_column_and_keep_apart(lab_js, width):
    boxes = call(lab_js, "labLayout", width, 15, 3, 9)
    figures = [boxes[n] for n in ("regions", "loss", "accuracy", "gradients", "ratios")] + boxes["histograms"]
    for box in figures:
        assert box["x"] >= 0 and box["x"] + box["w"] <= width and box["w"] > 50 and box["h"] > 40
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
            assert apart or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"], (a, b)
    assert boxes["height"] >= max(b["y"] + b["h"] for b in figures)


def test_weights_are_drawn_by_sign_and_size(lab_js):
    positive, negative = call(lab_js, "weightStyle", 0.5, 1.0), call(lab_js, "weightStyle", -1.0, 1.0)
    assert positive["dash"] == [] and negative["dash"] != [], "the sign is not colour alone"
    assert positive["color"] != negative["color"] and negative["width"] > positive["width"]
    units = call(lab_js, "diagramLayout", {"x": 0, "y": 0, "w": 400, "h": 200}, [2, 4, 1], 30)
    assert [len(layer) for layer in units] == [2, 4, 1]
    assert units[0][0]["x"] == 0 and units[2][0]["x"] == 370 and units[1][1]["y"] > units[1][0]["y"]


def test_log_ticks_are_decades_or_1_2_5_on_a_short_axis(lab_js):
    assert call(lab_js, "logTicks", [-3.2, 1.1]) == pytest.approx([1e-3, 1e-2, 1e-1, 1, 10])
    assert call(lab_js, "logTicks", [-1.05, 0.05]) == pytest.approx([0.1, 0.2, 0.5, 1])


def test_the_decoder_reads_what_python_wrote(lab_js):
    spec = training.NetworkSpec(dataset="xor", dataset_params={"n_points": 80}, hidden=(4,))
    run = training.train(spec, optimizers.get("adam", lr=0.05), 30, checkpoints=4, trace=1000)
    data = datasets.get("xor", n_points=80)
    message = lab_player.payload([run], ["A title <b>kept as text</b>"], data)
    got = lab_js.evaluate(
        """(text) => {
            const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
            const {header, runs, data} = window.LP.decodeLab(bytes);
            const r = runs[0];
            return {steps: header.steps, title: r.title, trace: Array.from(r.trace.train_loss),
                    regions: r.regions.values.length, train: Array.from(data.train).slice(0, 4)};
        }""",
        base64.b64encode(message).decode("ascii"),
    )
    assert got["steps"] == 30 and got["title"] == "A title <b>kept as text</b>"
    np.testing.assert_allclose(got["trace"], run.trace.train_loss, rtol=1e-6)
    assert got["regions"] == run.grid_outputs.size
    np.testing.assert_allclose(got["train"], np.asarray(data.train_points).ravel()[:4], rtol=1e-6)
    bad = lab_js.evaluate(
        "() => { try { window.LP.decodeLab(new Uint8Array([77, 65, 80, 49, 0, 0, 0, 0])); } "
        "catch (e) { return e.message; } return null; }"
    )
    assert bad == "not a lab player message"


def test_the_exported_player_plays_offline(browser, tmp_path):
    from ui import lab_player as component

    spec = training.NetworkSpec(dataset="xor", dataset_params={"n_points": 80}, hidden=(4,))
    run = training.train(spec, optimizers.get("adam", lr=0.05), 60, checkpoints=7, trace=1000)
    message = lab_player.payload([run], ["<b>kept as text</b>"], datasets.get("xor", n_points=80))
    path = tmp_path / "lab.html"
    path.write_text(component.page(message, title="Lab <i>export</i>"), encoding="utf-8")
    page = browser.new_page()
    asked = file_only(page)  # the file itself loads; anything else it asks for is refused and noted
    page.goto(path.as_uri())
    page.wait_for_function("() => document.querySelector('.lp-column')?.dataset.step === '60'")
    page.locator(".mp-reset").click()
    page.locator(".mp-play").click()
    page.wait_for_function("() => Number(document.querySelector('.lp-column').dataset.step) > 10")
    assert page.locator("h1").text_content() == "Lab <i>export</i>"
    assert not asked, "nothing fetched"
    page.close()


def test_space_plays_the_player_last_used_and_only_that_one(lab_js):
    spec = training.NetworkSpec(dataset="xor", dataset_params={"n_points": 80}, hidden=(4,))
    run = training.train(spec, optimizers.get("adam", lr=0.05), 400, checkpoints=5, trace=1000)
    message = lab_player.payload([run], ["one"], datasets.get("xor", n_points=80))
    lab_js.evaluate(
        """(text) => {
            const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0)), ignore = () => {};
            for (const id of ["first", "second"]) {
                const div = document.createElement("div");
                div.id = id; div.style.width = "900px"; document.body.appendChild(div);
                const api = {setStateValue: ignore, setTriggerValue: ignore};
                window.mountLab({data: bytes, parentElement: div, ...api});
            }
        }""",
        base64.b64encode(message).decode("ascii"),
    )
    playing = "(id) => document.querySelector(`#${id} .lp-root`).dataset.playing"
    lab_js.keyboard.press("Space")
    lab_js.wait_for_function(f"() => ({playing})('first') === '1'")
    assert lab_js.evaluate(playing, "second") in (None, "0"), "one key, one player"
    lab_js.keyboard.press("Space")  # pause the first
    lab_js.wait_for_function(f"() => ({playing})('first') === '0'")
    lab_js.locator("#second .mp-step").click()  # the second is the one in use now
    lab_js.keyboard.press("Space")
    lab_js.wait_for_function(f"() => ({playing})('second') === '1'")
    assert lab_js.evaluate(playing, "first") == "0"
