"""Widget labels and grids from a Param: plain words and symbols a screen reader can read, grids that hold
the current value, links that carry the page's address."""

from __future__ import annotations

import optimizers
import surfaces
from optimizers import schedules
from paramspec import Param
from ui.params import log_grid, pair_labels, params_kept, symbol, widget_label
from ui.share import link
from ui.text import plain


def test_labels_are_plain_text_with_the_lecture_symbol_and_torch_name():
    lr = {p.name: p for p in optimizers.spec("sgd").params}["lr"]
    assert widget_label(lr) == "η (lr)"
    standardize = {p.name: p for p in surfaces.spec("linear_regression").params}["standardize"]
    assert widget_label(standardize) == "standardize features"  # words keep their spaces
    t_max = {p.name: p for p in schedules.spec("cosine").params}["T_max"]
    assert widget_label(t_max) == "T_max (T_max)"
    assert symbol(r"\hat v_t^{\max}") == "hat v_t^max"


def test_no_widget_label_of_any_registry_is_latex():
    params = [p for n in optimizers.names() for p in optimizers.spec(n).params]
    params += [p for n in surfaces.names() for p in surfaces.spec(n).params]
    params += [p for n in schedules.names() for p in schedules.spec(n).params]
    for param in params:
        labels = pair_labels(param) if param.kind == "pair" else (widget_label(param),)
        for label in labels:
            assert not set(label) & set("\\${}"), (param.name, label)


def test_adam_betas_read_beta1_and_beta2():
    betas = {p.name: p for p in optimizers.spec("adam").params}["betas"]
    assert pair_labels(betas) == ("β1 (beta1)", "β2 (beta2)")
    assert pair_labels(Param("pair", (0, 1), kind="pair")) == ("pair (first)", "pair (second)")


def test_log_grid_spans_the_range_and_keeps_an_off_grid_value():
    grid = log_grid(1e-3, 10.0, 0.18)
    assert grid[0] == 1e-3 and grid[-1] == 10.0
    assert 0.18 in grid and 0.2 in grid and 0.15 in grid
    assert grid == sorted(grid)
    assert 0.21 in log_grid(1e-3, 10.0, 0.21)  # a typed value just above the ravine's limit is reachable


def test_share_link_has_the_root_slash_and_readable_lanes():
    query = {"surface": "ravine", "lane1": "adam:lr=0.02,betas=0.9|0.999", "label": "a b&c"}
    expected = "surface=ravine&lane1=adam:lr=0.02,betas=0.9|0.999&label=a+b%26c"
    assert link("http://localhost:8501", query) == "http://localhost:8501/?" + expected
    assert link("https://demo.example/app?old=1", query) == "https://demo.example/app?" + expected
    assert link(None, {"scene": "sgd-zigzag"}) == "./?scene=sgd-zigzag"


def test_plain_text_defuses_links_images_headings_and_html():
    for hostile in ("**[Click](https://evil.example)**", "![x](https://evil.example/p.png)", "a\n# Heading"):
        shown = plain(hostile)
        assert "](" not in shown and "\n" not in shown and "**" not in shown and "://" not in shown
    assert plain("<a href='x'>") == r"\<a href\=\'x\'\>"


def test_an_optional_value_is_none_until_its_box_is_ticked_then_starts_at_its_suggestion():
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        import optimizers
        from ui.params import param_widget

        st.text(repr(param_widget(optimizers.spec("prodigy").param("growth_rate"), "g", None)))

    app = AppTest.from_function(script, default_timeout=60).run()
    assert app.text[0].value == "None" and app.checkbox[0].label == "set γ (growth_rate)"
    app.checkbox[0].check().run()
    assert app.text[0].value == "1.02"


def test_params_kept_is_what_untouched_widgets_return():
    rate = Param("rate", 0.1, kind="float", low=0.0, high=1.0)
    count = Param("count", 3, kind="int", low=1, high=9)
    flag = Param("flag", False, kind="bool")
    params = (rate, count, flag)
    assert params_kept(params, {}) == {}  # every default: nothing to write down
    assert params_kept(params, {"rate": 0.5, "count": 3}) == {"rate": 0.5}
    assert params_kept(params, {"flag": True}, keep=("count",)) == {"count": 3, "flag": True}
    assert params_kept(params, {"other": 1}) == {}  # a value of another group is not this group's
