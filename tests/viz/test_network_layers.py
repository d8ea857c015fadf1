"""Per-hidden-layer series on a linear axis: one named line per layer, values kept as they are."""

import numpy as np

from tests.viz.helpers import decode
from viz.network_layers import hidden_series_figure


def test_one_line_per_hidden_layer_keeps_zero_and_negative_values():
    values = np.array([[0.25, 0.25], [0.0, -0.1]])
    figure = hidden_series_figure([0, 10], values, title="slopes", reference=0.25, diverged_at=None)
    assert [trace["name"] for trace in figure["data"]] == ["layer 1", "layer 2"]
    np.testing.assert_allclose(decode(figure["data"][1]["y"]), [0.25, -0.1], rtol=1e-7)
    assert figure["layout"]["shapes"][0]["y0"] == 0.25 and "type" not in figure["layout"].get("yaxis", {})
