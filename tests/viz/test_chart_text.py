"""Every Plotly chart in words and as a table: what the summary says is read from the figure's own data."""

import numpy as np

from viz.chart_text import chart_summary, chart_table, chart_title, values
from viz.encoding import typed


def figure():
    steps = np.arange(5.0)
    return {
        "data": [
            {"type": "scatter", "name": "training loss", "x": typed(steps), "y": typed([4, 2, 1, 0.5, 0.25])},
            {
                "type": "scatter",
                "hovertemplate": "<b>2. Adam · lr 0.1</b><br>step %{x}",
                "x": [0, 1],
                "y": [3, 1],
            },
            {"type": "scatter", "mode": "markers", "marker": {"opacity": 0}, "x": [0, 1], "y": [0, 0]},
            {"type": "heatmap", "name": "regions", "z": typed(np.zeros((3, 4)))},
        ],
        "layout": {
            "title": {"text": "Loss <br>per step"},
            "xaxis": {"title": {"text": "step"}},
            "yaxis": {"title": "loss"},
        },
    }


def test_typed_arrays_and_lists_decode_to_the_same_numbers():
    assert np.array_equal(values(typed([1.5, -2.0])), [1.5, -2.0])
    assert values(typed(np.ones((2, 3)))).shape == (2, 3)
    assert list(values(["a", "b"])) == ["a", "b"] and values(None) is None


def test_the_summary_names_axes_extent_and_last_value_of_each_series():
    text = chart_summary(figure())
    assert chart_title(figure()) == "Loss per step"
    assert text.startswith("Loss per step. training loss (scatter, 5 points): loss from 0.25 to 4, last 0.25")
    assert "against step." in text
    assert "2. Adam · lr 0.1 (scatter, 2 points): loss from 1 to 3, last 1" in text  # named by its hover text
    assert "regions: a heatmap of z on a 3 x 4 grid." in text
    assert "series 3" not in text  # invisible click-catching markers are not a series


def test_the_table_holds_every_drawn_point_in_long_form_and_says_when_it_is_cut():
    table, rows = chart_table(figure())
    assert rows == 7 and table["series"] == ["training loss"] * 5 + ["2. Adam · lr 0.1"] * 2
    assert table["y"][:5] == [4, 2, 1, 0.5, 0.25] and "z" not in table
    cut, total = chart_table(figure(), max_rows=3)
    assert total == 7 and len(cut["series"]) == len(cut["x"]) == 3
