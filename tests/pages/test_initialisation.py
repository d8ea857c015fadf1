"""The Initialisation page under AppTest: URL round trip, a preset, a bad value's notice, the lab links."""

import functools
import pathlib
import re
from urllib.parse import parse_qs, urlparse

from playground import budget as playground_budget
from tests.pages import helpers as pages
from training import lab

ROOT = pathlib.Path(__file__).resolve().parents[2]
SMALL = {"width": "100", "points": "200"}  # the page's numbers at a size that runs fast under test


open_page = functools.partial(pages.open_page, page="initialisation", timeout=180)


def metrics(app) -> dict:
    return {m.label: m.value for m in app.metric}


def test_url_round_trip_and_small_init_collapses():
    app = open_page({**SMALL, "layers": "8"})
    assert dict(app.query_params) == {**SMALL, "layers": "8"}
    assert float(metrics(app)["std, last / first layer"]) < 1e-3
    app.radio(key="ini_activation").set_value("relu").run()
    assert app.query_params["activation"] == "relu"


def test_kaiming_preset_keeps_relu_second_moment_and_links_to_the_lab():
    app = open_page(SMALL)
    app.button(key="ini_preset_kaiming-fixes-relu").click().run()
    assert app.query_params["setting"] == "kaiming" and app.query_params["activation"] == "relu"
    assert 0.8 < float(metrics(app)["second moment, factor per layer"]) < 1.25
    line = next(m.value for m in app.markdown if m.value.startswith("Open the Network lab"))
    links = re.findall(r"\]\(([^)]+)\)", line)
    assert len(links) == 4  # zeros, N(0, 1), Xavier, Kaiming
    kaiming = urlparse(links[-1])
    assert kaiming.path == "./network_lab"  # the url_path app.py gives the lab
    assert 'url_path="network_lab"' in (ROOT / "app.py").read_text()
    state, notices = lab.from_query({k: v[0] for k, v in parse_qs(kaiming.query).items()})
    assert notices == [] and state.configs[0].net("init") == "kaiming_normal"
    assert state.configs[0].net("activation") == "relu"


def test_bad_url_value_gives_a_notice_and_symmetry_is_measured():
    app = open_page({**SMALL, "setting": "orthogonal<b>"})
    notice = "".join(w.value for w in app.warning).replace("\\", "")  # the page escapes Markdown
    assert "\n- setting: 'orthogonal<b>' is not one of zeros" in notice
    assert "setting" not in app.query_params
    assert any("largest difference between two units stays 0:" in c.value for c in app.caption)


def test_the_page_is_priced_before_it_computes_and_cut_or_refused_with_a_notice(monkeypatch):
    # 19 layers of 997 units: about 0.97 s whatever the points (the comparison, the weights), 3 ms a point
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "1.5")
    monkeypatch.setattr(playground_budget, "DEADLINE_FACTOR", 100.0)  # the plan is tested, not the deadline
    app = open_page({"width": "997", "points": "201", "layers": "19"})
    warning = " ".join(w.value for w in app.warning)
    assert "The deep experiment with 19 layers of 997 units on 201 points would take about" in warning
    assert "budget of 1.5 s: using " in warning and " points. For the full run" in warning
    assert app.get("plotly_chart"), "the cut experiment is drawn"
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.1")
    app = open_page({"width": "997", "points": "201", "layers": "19"})
    assert any("even cut to 10 points. Use fewer layers or units" in e.value for e in app.error)
    assert not app.get("plotly_chart")


def test_the_new_lessons_open_by_their_scene_links_and_the_radio_switches_between_them():
    app = open_page({"scene": "batch-norm-histograms", **SMALL})
    headers = [h.value for h in app.header]
    assert "5. Batch normalisation: tanh with N(0, 1) weights, with and without" in headers
    assert pages.url(app)["deeper"] == "batchnorm" and pages.url(app)["setting"] == "large"  # the preset's
    assert not [w.value for w in app.warning if "could not be used" in str(w.value)]
    for lesson, header in (
        ("dropout", "5. Dropout at test time: three rules, q = 0.5"),
        ("masks", "5. Dropout as an ensemble: averaging k masks, q = 0.5"),
    ):
        app.radio(key="ini_deeper").set_value(lesson).run()
        assert not app.exception, app.exception
        assert header in [h.value for h in app.header]
    app.slider(key="ini_keep").set_value(0.8).run()
    assert "5. Dropout as an ensemble: averaging k masks, q = 0.8" in [h.value for h in app.header]
    assert pages.url(app)["deeper"] == "masks" and pages.url(app)["keep"] == "0.8"
