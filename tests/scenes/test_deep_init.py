"""The Initialisation page's deeper scenes hold: residual blocks with a zero last layer keep the stream's
variance while Kaiming branches triple it, and SELU drives every layer towards mean 0 and variance 1. Measured
with the page's own functions (``scenes.lessons``), at the preset, for six seeds and under small changes of
depth, width and (for SELU) the inputs' mean and spread; the page opens each scene by its link."""

import pathlib

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import scenes
from nets.lesson_settings import COMPARE_WIDTH, INIT_PAGE, deep_seconds, from_query
from scenes import lessons

APP = str(pathlib.Path(__file__).resolve().parents[2] / "app.py")
SEEDS = range(6)
# small changes: the depth and the width by about a fifth either way
SIZES = [
    (lessons.RESIDUAL_BLOCKS, COMPARE_WIDTH),
    (8, COMPARE_WIDTH),
    (12, COMPARE_WIDTH),
    (10, 160),
    (10, 250),
]


# six seeds at the preset, and each small change on seed 0 (every run is a few tenths of a second on a busy
# machine: the whole product would take minutes)
@pytest.mark.parametrize(
    "blocks, width, seed", [(*SIZES[0], s) for s in SEEDS] + [(*c, 0) for c in SIZES[1:]]
)
def test_a_zero_last_layer_keeps_the_variance_that_kaiming_branches_triple(blocks, width, seed):
    result = lessons.residual_measurement(blocks, width, seed)
    assert 2.5 < lessons.per_block_growth(result) < 3.5  # "about twice the stream's variance" added per block
    assert np.all(np.diff(result.residual_kaiming) > 0)  # it grows at every block
    np.testing.assert_allclose(result.residual_zero_last, result.input_variance, rtol=1e-12)


def test_the_residual_caption_quotes_the_page_measurement():
    scene = scenes.get("residual-zero-last-layer")
    assert dict(scene.state.query)["deeper"] == "residual"
    values, _ = from_query(INIT_PAGE, dict(scene.state.query))
    assert values["layers"] == lessons.RESIDUAL_BLOCKS  # the page draws as many blocks as the caption says
    result = lessons.residual_measurement(values["layers"])
    growth = lessons.per_block_growth(result)
    assert f"grows {growth:.1f}-fold per block" in scene.caption
    assert f"to {result.residual_kaiming[-1]:.3g} after {values['layers']} blocks" in scene.caption
    assert f"stays {result.residual_zero_last[-1]:.2f}, however deep" in scene.caption


SELU_CHANGES = [
    {},
    {"layers": 16},
    {"layers": 20 if lessons.SELU_LAYERS != 20 else 24},
    {"width": 160},
    {"width": 250},
    {"inputs": (0.8, 2.0)},
    {"inputs": (1.25, 2.0)},
    {"inputs": (1.0, 1.6)},
    {"inputs": (1.0, 2.5)},
]


@pytest.mark.parametrize(
    "change, seed", [({}, s) for s in SEEDS] + [(c, 0) for c in SELU_CHANGES[1:]], ids=str
)
def test_selu_self_normalises_where_relu_loses_its_variance(change, seed):
    mean, variance = lessons.selu_measurement("selu", seed=seed, **change)
    assert abs(mean[0]) > 0.1 and variance[0] > 2  # the first layer is far from (0, 1)
    assert abs(mean[-1]) < 0.1 and 0.8 < variance[-1] < 1.2  # the last is near it
    _, relu_variance = lessons.selu_measurement("relu", seed=seed, **change)
    assert relu_variance[-1] < 1e-3 * relu_variance[0]


def test_the_selu_caption_quotes_the_page_measurement():
    scene = scenes.get("selu-self-normalises")
    values, _ = from_query(INIT_PAGE, dict(scene.state.query))
    assert values["deeper"] == "selu" and values["layers"] == lessons.SELU_LAYERS
    mean, variance = lessons.selu_measurement("selu", values["layers"])
    assert f"mean {mean[0]:.2f} and variance {variance[0]:.2f}, the last's" in scene.caption
    assert f"the last's mean {mean[-1]:.2f} and variance {variance[-1]:.2f}" in scene.caption
    _, relu = lessons.selu_measurement("relu", values["layers"])
    assert f"variance {relu[-1]:.0e} at the last" in scene.caption


def test_a_deeper_lesson_is_priced_in_the_page_budget():
    values, _ = from_query(INIT_PAGE, {})
    plain = deep_seconds(values)[1]
    assert deep_seconds({**values, "deeper": "residual"})[1] > plain
    assert deep_seconds({**values, "deeper": "selu"})[1] > deep_seconds({**values, "deeper": "residual"})[1]


def test_the_scene_link_opens_the_initialisation_page_with_its_section_and_the_radio_switches_it():
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["scene"] = "residual-zero-last-layer"
    app.switch_page("app_pages/initialisation.py").run()
    assert not app.exception, app.exception
    assert not [w.value for w in app.warning if "could not be used" in str(w.value)]
    assert "5. Residual blocks: 10 blocks x + F(x)" in [h.value for h in app.header]
    # the page's own experiment is cached: switching the lesson reruns only the SELU measurement
    app.radio(key="ini_deeper").set_value("selu").run()
    assert not app.exception, app.exception
    assert "5. SELU's self-normalisation over 10 layers" in [h.value for h in app.header]
