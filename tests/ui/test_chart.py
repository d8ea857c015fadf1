"""The chart helper: a figure dict reaches the browser as it is, without plotly re-validating it."""

import json

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st

    from ui import chart

    figure = {
        "data": [{"type": "scatter", "x": [0, 1], "y": [1, 0], "name": "landscape", "not_a_plotly_key": 1}],
        "layout": {"height": 321},
        "frames": [{"name": "0", "data": [{"x": [0], "y": [1]}], "traces": [0]}],
    }
    selection = chart.plotly_chart(figure, key="map", on_select="rerun", selection_mode="points")
    st.session_state["selection"] = selection


def test_a_figure_dict_is_sent_unchanged_and_unvalidated():
    app = AppTest.from_function(_page, default_timeout=30).run()
    assert not app.exception
    (element,) = app.get("plotly_chart")
    spec = json.loads(element.proto.spec)
    # plotly's validation would have refused the unknown key: it was not run
    assert spec["data"][0]["not_a_plotly_key"] == 1
    assert spec["frames"][0]["data"][0]["y"] == [1]
    assert spec["layout"]["height"] == 321
    assert json.loads(element.proto.config) == {"displaylogo": False}


def test_map_clicks_still_come_back_as_a_selection():
    app = AppTest.from_function(_page, default_timeout=30).run()
    (element,) = app.get("plotly_chart")
    assert list(element.proto.selection_mode)  # the chart is a selection widget
    assert app.session_state["selection"]["selection"]["points"] == []


def test_the_chart_comes_with_its_text_and_table_in_a_folded_expander():
    app = AppTest.from_function(_page, default_timeout=30).run()
    (expander,) = app.expander
    assert expander.label == "Chart as text and table"
    assert len(app.markdown) == 1 and len(app.dataframe) == 0  # folded: the words, no table built
    app.session_state["map__words"] = True  # the visitor opens it
    app.run()
    (table,) = app.dataframe
    assert list(table.value["y"]) == [1.0, 0.0] and list(table.value["series"]) == ["landscape"] * 2
