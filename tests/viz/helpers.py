"""Synthetic surfaces and lanes, and a reader of the figure JSON the browser receives."""

import base64
import json

import numpy as np

from viz.encoding import to_json
from viz.figures import LanePath
from viz.palette import lane_style

WINDOW = ((-4.0, 4.0), (-2.0, 2.0))


class Bowl:
    """f(x, y) = (x^2 + 10 y^2) / 2 over a 2:1 window: enough of a surface for the plotting layer."""

    name = "bowl"
    title = "Elliptic bowl"
    window = WINDOW
    minima = np.array([[0.0, 0.0]])

    def value(self, p):
        p = np.asarray(p, dtype=float)
        return 0.5 * (p[..., 0] ** 2 + 10.0 * p[..., 1] ** 2)


class Valley:
    """A Rosenbrock valley: a huge dynamic range, so the landscape should use log levels."""

    name = "valley"
    window = ((-2.0, 2.0), (-1.0, 3.0))
    minima = np.array([[1.0, 1.0]])

    def value(self, p):
        p = np.asarray(p, dtype=float)
        return (1 - p[..., 0]) ** 2 + 100.0 * (p[..., 1] - p[..., 0] ** 2) ** 2


def heavy_ball(steps: int, lr: float, momentum: float, start=(-3.5, 1.5), bound: float = 1e6):
    """Heavy-ball descent on the bowl, following the engine's divergence contract: the first step that
    leaves ``bound`` keeps its (finite) value, the rows after it are NaN."""
    curvature = np.array([1.0, 10.0])
    position, velocity = np.array(start, dtype=float), np.zeros(2)
    positions = np.full((steps + 1, 2), np.nan)
    positions[0] = position
    diverged_at = None
    for step in range(1, steps + 1):
        velocity = momentum * velocity + curvature * position
        position = position - lr * velocity
        positions[step] = position
        if np.abs(position).max() > bound:
            diverged_at = step
            break
    losses = Bowl().value(positions)
    return positions, losses, diverged_at


def lanes(n_lanes: int = 6, steps: int = 200, diverge: int | None = None) -> list[LanePath]:
    """``n_lanes`` converging lanes (lane ``diverge`` gets a learning rate that diverges)."""
    out = []
    for index in range(n_lanes):
        lr, momentum = (0.02 + 0.01 * index, 0.5 + 0.08 * index) if index != diverge else (0.25, 0.0)
        positions, losses, diverged_at = heavy_ball(steps, lr, momentum)
        out.append(LanePath(f"lane {index}", positions, losses, lane_style(index), diverged_at, None))
    return out


def decode(value):
    """A plotly typed array spec (``{"dtype", "bdata"}``) or a list, as a float ndarray (None -> NaN)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = [int(n) for n in str(value["shape"]).split(",")] if "shape" in value else [-1]
        return array.astype(float).reshape(shape)
    return np.array([np.nan if v is None else v for v in value], dtype=float)


def payload(figure: dict) -> dict:
    """The figure dict as the browser receives it (the JSON ``st.plotly_chart`` sends)."""
    return json.loads(to_json(figure))
