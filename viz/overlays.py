"""What is drawn over or under the paths of a map: the landscape image and its pick grid, the colour bar,
the Hessian's eigenvectors of a quadratic, and the inspected step's gradient and update arrows."""

from dataclasses import dataclass

import numpy as np

from viz.encoding import typed
from viz.landscape import Landscape, colorscale
from viz.theme import Look, domain_annotation, format_number
from viz.traces import FigureBuilder


@dataclass(frozen=True, eq=False)
class InspectArrows:
    """One inspected step of one lane: at ``position`` the update used ``gradient``, then moved by
    ``update``."""

    lane: int
    step: int
    position: np.ndarray
    gradient: np.ndarray
    update: np.ndarray


@dataclass(frozen=True, eq=False)
class TheoryOverlay:
    """The Hessian of a quadratic: eigenvector directions (the columns of ``eigenvectors``) drawn through
    ``minimum``, labelled with their eigenvalues and the condition number."""

    minimum: np.ndarray
    eigenvectors: np.ndarray
    eigenvalues: np.ndarray
    condition_number: float


def add_landscape(builder: FigureBuilder, landscape: Landscape, axes, *, source: str, pick_grid: int) -> None:
    """The landscape as a layout image under the paths, and (``pick_grid > 1``) invisible points over it:
    they give the loss on hover, and a click on the map selects one (the page sets the start point)."""
    (x_min, x_max), (y_min, y_max) = landscape.window
    builder.images.append(
        {
            "source": source,
            "xref": axes[0],
            "yref": axes[1],
            "x": x_min,
            "y": y_max,
            "sizex": x_max - x_min,
            "sizey": y_max - y_min,
            "sizing": "stretch",
            "layer": "below",
            "xanchor": "left",
            "yanchor": "top",
        }
    )
    if pick_grid <= 1:
        return
    sx = max(1, int(np.ceil(len(landscape.x) / pick_grid)))
    sy = max(1, int(np.ceil(len(landscape.y) / pick_grid)))
    X, Y = np.meshgrid(landscape.x[::sx], landscape.y[::sy])
    builder.add(
        {
            "type": "scatter",
            "x": typed(X.ravel()),
            "y": typed(Y.ravel()),
            "customdata": typed(landscape.z[::sy, ::sx].ravel()),
            "mode": "markers",
            "marker": {"size": 8, "opacity": 0, "color": "#000000"},
            "name": "landscape",
            "showlegend": False,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hovertemplate": "x = %{x:.3g}<br>y = %{y:.3g}<br>loss = %{customdata:.4g}"
            "<extra>landscape</extra>",
        }
    )


def colorbar_ticks(landscape: Landscape) -> tuple[np.ndarray, np.ndarray]:
    """Loss values to label on the colour bar and their positions (0..1) on it."""
    if landscape.scale == "quantile":
        values = landscape.levels[:: max(1, int(np.ceil(len(landscape.levels) / 6)))]
        values = np.unique(np.append(values, landscape.levels[-1]))
    elif landscape.scale == "log":
        decades = np.arange(np.floor(np.log10(landscape.delta)), np.ceil(np.log10(landscape.z_high)) + 1)
        candidates = landscape.z_low + 10.0**decades
        values = candidates[(candidates >= landscape.z_low) & (candidates <= landscape.z_high)]
        values = values[:: max(1, int(np.ceil(len(values) / 7)))]
    else:
        values = np.linspace(landscape.z_low, landscape.z_high, 6)
    return values, landscape.normalize(values)


def colorbar_trace(landscape: Landscape, axes, look: Look, x_position: float, span=(0.0, 1.0)) -> dict:
    """An invisible trace whose only purpose is the colour bar of the landscape's bands, beside the map
    whose height is ``span`` of the plot's."""
    values, ticks = colorbar_ticks(landscape)
    (x_min, x_max), (y_min, y_max) = landscape.window
    title = {"log": "loss (log)", "quantile": "loss (bands of equal area)"}.get(landscape.scale, "loss")
    return {
        "type": "scatter",
        "x": [(x_min + x_max) / 2] * 2,
        "y": [(y_min + y_max) / 2] * 2,
        "mode": "markers",
        "marker": {
            "color": [0.0, 1.0],
            "cmin": 0.0,
            "cmax": 1.0,
            "opacity": 0,
            "size": 1,
            "colorscale": colorscale(landscape.n_levels),
            "showscale": True,
            "colorbar": {
                "title": {"text": title, "side": "top", "font": {"size": look.font - 3}},
                "tickvals": [float(t) for t in ticks],
                "ticktext": [f"{v:.3g}" for v in values],
                "tickfont": {"size": look.font - 3},
                "x": x_position,
                "xanchor": "left",
                "len": 0.9 * (span[1] - span[0]),
                "y": (span[0] + span[1]) / 2,
                "yanchor": "middle",
                "thickness": 10,
            },
        },
        "xaxis": axes[0],
        "yaxis": axes[1],
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _eigen_label(k: int, value: float, minimum, v, window, axes, look: Look) -> dict:
    """An eigenvalue's label near the window's border along its direction (the two labels of a ravine
    then sit far apart, at its end and at its wall), on the inner side of the border."""
    (x_min, x_max), (y_min, y_max) = window
    reach = [np.inf]
    for axis, (low, high) in enumerate(((x_min, x_max), (y_min, y_max))):
        if v[axis] > 0:
            reach.append((high - minimum[axis]) / v[axis])
        elif v[axis] < 0:
            reach.append((low - minimum[axis]) / v[axis])
    distance = max(min(reach), 0.0)
    if not np.isfinite(distance):
        distance = 0.22 * min(x_max - x_min, y_max - y_min)
    at = minimum + 0.85 * distance * v
    along_x = abs(v[0]) >= abs(v[1])
    return {
        "x": float(at[0]),
        "y": float(at[1]),
        "xref": axes[0],
        "yref": axes[1],
        "text": f"λ{'₁₂'[k] if k < 2 else k + 1} = {format_number(value)}",
        "showarrow": False,
        "xanchor": ("right" if v[0] > 0 else "left") if along_x else "left",
        "yanchor": "bottom" if along_x else ("top" if v[1] > 0 else "bottom"),
        "font": {"size": look.font, "color": "#333333"},
        "bgcolor": "rgba(255,255,255,0.8)",
    }


def add_theory(builder: FigureBuilder, theory: TheoryOverlay, window, axes, look: Look, legend: bool) -> None:
    """Dashed eigenvector lines through the minimum, each labelled with its eigenvalue, and κ in a corner."""
    (x_min, x_max), (y_min, y_max) = window
    reach = np.hypot(x_max - x_min, y_max - y_min)
    minimum = np.asarray(theory.minimum, float).reshape(2)
    vectors = np.asarray(theory.eigenvectors, float).reshape(2, 2)
    values = np.asarray(theory.eigenvalues, float).reshape(-1)
    xs, ys = [], []
    for k in range(len(values)):
        v = vectors[:, k] / (np.linalg.norm(vectors[:, k]) or 1.0)
        a, b = minimum - reach * v, minimum + reach * v
        xs += [float(a[0]), float(b[0]), None]
        ys += [float(a[1]), float(b[1]), None]
        builder.annotations.append(_eigen_label(k, values[k], minimum, v, window, axes, look))
    kappa = format_number(theory.condition_number)
    builder.add(
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "line": {"color": "#444444", "width": max(1.5, look.line / 2), "dash": "dash"},
            "name": f"Hessian eigenvectors (κ = {kappa})",
            "showlegend": legend,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hoverinfo": "skip",
        }
    )
    builder.annotations.append(
        domain_annotation(
            f"κ = λmax / λmin = {kappa}",
            axes,
            x=0.01,
            y=0.99,
            xanchor="left",
            yanchor="top",
            font={"size": look.font, "color": "#222222"},
            bgcolor="rgba(255,255,255,0.85)",
        )
    )


def _arrow(position, tip, axes, colour: str, width: float, name: str) -> dict:
    return {
        "x": float(tip[0]),
        "y": float(tip[1]),
        "ax": float(position[0]),
        "ay": float(position[1]),
        "xref": axes[0],
        "yref": axes[1],
        "axref": axes[0],
        "ayref": axes[1],
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.1,
        "arrowwidth": width,
        "arrowcolor": colour,
        "text": "",
        "hovertext": name,
    }


def _legend_line(name: str, colour: str, width: float, axes, legend: bool) -> dict:
    """An empty trace that only puts a line of this colour in the legend."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "lines",
        "line": {"color": colour, "width": width},
        "name": name,
        "showlegend": legend,
        "xaxis": axes[0],
        "yaxis": axes[1],
        "hoverinfo": "skip",
    }


def add_inspect(
    builder: FigureBuilder, inspect: InspectArrows, colour: str, window, axes, look: Look, legend: bool
):
    """The gradient (scaled to a fifth of the window, so it can be seen) and the true step as arrows from the
    inspected point, with legend entries, and a ring around the point."""
    position = np.asarray(inspect.position, float).reshape(2)
    gradient = np.asarray(inspect.gradient, float).reshape(2)
    update = np.asarray(inspect.update, float).reshape(2)
    if not np.all(np.isfinite(position)):
        return
    (x_min, x_max), (y_min, y_max) = window
    target = 0.2 * min(x_max - x_min, y_max - y_min)
    norm = float(np.linalg.norm(gradient)) if np.all(np.isfinite(gradient)) else 0.0
    scale = target / norm if norm > 0 else 0.0
    gradient_name = f"−gradient, scaled ×{scale:.3g} to be visible"
    step_name = "step taken (true length)"
    if scale > 0:
        builder.annotations.append(
            _arrow(position, position - scale * gradient, axes, "#222222", look.line, gradient_name)
        )
    if np.all(np.isfinite(update)) and np.linalg.norm(update) > 0:
        builder.annotations.append(
            _arrow(position, position + update, axes, colour, look.line + 1, step_name)
        )
    builder.add(
        _legend_line(
            gradient_name if scale > 0 else "gradient is zero here", "#222222", look.line, axes, legend
        )
    )
    builder.add(_legend_line(step_name, colour, look.line + 1, axes, legend))
    builder.add(
        {
            "type": "scatter",
            "x": [float(position[0])],
            "y": [float(position[1])],
            "mode": "markers",
            "marker": {
                "symbol": "circle-open",
                "size": look.marker + 10,
                "color": colour,
                "line": {"width": 3},
            },
            "name": f"inspected step {inspect.step}",
            "showlegend": False,
            "xaxis": axes[0],
            "yaxis": axes[1],
            "hovertemplate": f"inspected: step {inspect.step}<br>x = %{{x:.4g}}<br>y = %{{y:.4g}}"
            f"<br>gradient = ({gradient[0]:.4g}, {gradient[1]:.4g})"
            f"<br>step = ({update[0]:.4g}, {update[1]:.4g})"
            "<extra></extra>",
        }
    )
