"""Per-hidden-layer series on a linear axis, for what a log axis cannot show: PReLU's learned slopes (zero or
negative) and batch normalisation's statistics and learned scale."""

from __future__ import annotations

import numpy as np

from viz.encoding import typed
from viz.lab_axes import divergence_marks, step_axis
from viz.palette import LANE_COLORS
from viz.theme import FONT_FAMILY, plain


def hidden_series_figure(
    steps, values, *, title: str, reference: float | None = None, diverged_at: int | None = None
) -> dict:
    """One line per hidden layer (``values`` ``(m, L)``) against the step, with a dashed ``reference`` line
    (torch's starting value, say) when given."""
    steps, values = np.asarray(steps), np.asarray(values, dtype=float)
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": typed(steps),
            "y": typed(values[:, j]),
            "name": f"layer {j + 1}",
            "line": {"color": LANE_COLORS[j % len(LANE_COLORS)]},
            "marker": {"size": 4},
        }
        for j in range(values.shape[1])
    ]
    shapes, annotations = divergence_marks(diverged_at)
    if reference is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": reference,
                "y1": reference,
                "line": {"color": "#777777", "dash": "dash"},
            }
        )
    layout = {
        "height": 300,
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
        "title": {"text": plain(title), "x": 0},
        "xaxis": step_axis(steps, diverged_at),
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}
