"""The loss figure on its own (beside the 3D view): loss and distance to the nearest minimum versus step."""

from viz.geometry import points
from viz.lanes import check_lanes, legend_name, n_steps_of
from viz.loss_panels import FigureBuilder, add_loss_panels, log_ticks
from viz.theme import BACKGROUND, FONT_FAMILY, Look


def _legend_entries(builder: FigureBuilder, lanes, look: Look) -> None:
    """One legend entry per lane (the curves themselves stay out of the legend, grouped with it)."""
    for index, lane in enumerate(lanes):
        builder.add(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines+markers",
                "name": legend_name(lane),
                "line": {"color": lane.style.color, "width": look.line, "dash": lane.style.dash},
                "marker": {"symbol": lane.style.symbol, "size": look.marker - 3, "color": lane.style.color},
                "legendgroup": f"lane{index}",
                "hoverinfo": "skip",
            }
        )


def _step_line(step: int) -> dict:
    return {
        "type": "line",
        "x0": step,
        "x1": step,
        "y0": 0,
        "y1": 1,
        "xref": "x2",
        "yref": "paper",
        "line": {"color": "#888888", "width": 1.5},
    }


def loss_figure(
    lanes,
    *,
    minima=None,
    step: int | None = None,
    presenter: bool = False,
    min_loss: float | None = None,
    height: int | None = None,
) -> dict:
    """Loss (log) and distance to the nearest minimum (log) versus step for every lane, as a figure dict.

    A marker at ``step`` on every curve (the inspected step); a dotted vertical line at each divergence.
    """
    lanes, look = check_lanes(lanes), Look.of(presenter)
    builder = FigureBuilder()
    loss_title, loss_range, distance_range = add_loss_panels(
        builder,
        lanes,
        minima=points(minima),
        loss_axes=("x", "y"),
        distance_axes=("x2", "y2"),
        look=look,
        min_loss=min_loss,
    )
    builder.show_step(step if step is not None else n_steps_of(lanes))
    _legend_entries(builder, lanes, look)
    n_steps = n_steps_of(lanes) if lanes else 1
    log = {"type": "log", "exponentformat": "power"}
    layout = {
        "height": height or (560 + (80 if presenter else 0)),
        "margin": {"l": 70, "r": 20, "t": 30, "b": 60},
        "font": {"size": look.font, "family": FONT_FAMILY},
        "plot_bgcolor": BACKGROUND,
        "hovermode": "closest",
        "xaxis": {
            "domain": [0, 1],
            "anchor": "y",
            "matches": "x2",
            "showticklabels": False,
            "range": [0, n_steps],
        },
        "yaxis": {
            "domain": [0.55, 1.0],
            **log,
            "title": {"text": loss_title + " (log)"},
            **({"range": loss_range, **log_ticks(loss_range)} if loss_range else {}),
        },
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": "step"}, "range": [0, n_steps]},
        "yaxis2": {
            "domain": [0.0, 0.45],
            "anchor": "x2",
            **log,
            **log_ticks(distance_range),
            "title": {"text": "distance to nearest min (log)"},
        },
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top"},
        "template": {"layout": {}},
        "annotations": builder.annotations,
        "shapes": builder.shapes + ([_step_line(step)] if step is not None else []),
    }
    return {"data": builder.data, "layout": layout}
