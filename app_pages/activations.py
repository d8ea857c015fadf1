"""Activation functions: each one with its derivative, and four lessons measured live."""

import math

import streamlit as st

import nets
import scenes
from nets.lesson_settings import ACTIVATION_PAGE, activation_params
from ui import lecture, lesson_url
from ui.budget import interrupter
from ui.chart import plotly_chart
from ui.lesson_cache import X, collapse, cost, depth_lesson, dying, measured, zigzag
from ui.text import notices, table
from viz import activations as figures

PREFIX = "act"
KEY_FIGURE = "gallery"  # presenter mode fits it to the window
# the chart that shows a scene's lesson (the others' is the gallery)
SCENE_FIGURES = {
    "sigmoid-vanishes-deep": "depth",
    "relus-die-large-step": "dead",
    "linear-network-collapses": "collapse",
}
ACTIVATION_SCENES = scenes.on_page("activations")  # the scenes this page opens, in lecture order
INTRO = (
    "Each activation with its derivative, then four lessons measured live: vanishing gradients, "
    "zero-centring, why nonlinearity, dying ReLUs."
)


def figure_of(scene_id: str | None) -> str:
    """The chart presenter mode shows first and fits to the window for scene ``scene_id``."""
    return SCENE_FIGURES.get(scene_id, KEY_FIGURE)


def bounds(props) -> str:
    def edge(value):
        return "∞" if value == math.inf else "−∞" if value == -math.inf else f"{value:.3g}"

    return f"({edge(props.low)}, {edge(props.high)})"


found = lesson_url.load(PREFIX, ACTIVATION_PAGE, ACTIVATION_SCENES)
lesson_url.keys(PREFIX, ACTIVATION_PAGE, ACTIVATION_SCENES, figure_of)  # presenter mode's clicker
lesson_url.top(PREFIX, ACTIVATION_PAGE, ACTIVATION_SCENES, "Activation functions", INTRO)
notices("The link had values that could not be used:", found)
spec = {p.name: p for p in ACTIVATION_PAGE}
with lesson_url.settings_box():
    lesson_url.preset_picker(PREFIX, ACTIVATION_PAGE, ACTIVATION_SCENES)
    left, middle, right, far = st.columns(4)
    left.slider(
        spec["negative_slope"].display, 0.0, 1.0, step=0.01, key=lesson_url.key(PREFIX, "negative_slope")
    )
    middle.slider(spec["alpha"].display, 0.01, 5.0, step=0.01, key=lesson_url.key(PREFIX, "alpha"))
    right.slider("depth L", 2, 40, key=lesson_url.key(PREFIX, "depth"), help=spec["depth"].help)
    far.number_input(spec["lr"].display, 0.1, 100.0, key=lesson_url.key(PREFIX, "lr"), help=spec["lr"].help)
values = lesson_url.values(PREFIX, ACTIVATION_PAGE)
lesson_url.sync(ACTIVATION_PAGE, values, lesson_url.shown_scene(PREFIX, ACTIVATION_PAGE, ACTIVATION_SCENES))
stop = interrupter()  # the CPU deadline; ends the rerun as soon as the visitor leaves


def section_gallery() -> None:
    """1. Each activation and its derivative (the page's key figure)."""
    st.header("1. Each activation and its derivative")
    st.caption("Solid: f(x); dashed: f′(x); shaded: saturated, where f′ is below 1 % of its largest value.")
    panels, rows = [], []
    for name in nets.activations.names():
        stop()
        params = tuple(sorted(activation_params(values, name).items()))
        props, fx, dfx = measured(name, params)
        short = {"negative_slope": "s", "alpha": "α"}
        title = nets.activations.get(name).title + "".join(f" {short[k]}={v:g}" for k, v in params)
        panels.append((title, fx, dfx, props.saturated))
        forward_cost, derivative_cost = cost(name, _stop=stop)
        rows.append(
            {
                "activation": title,
                "range": bounds(props),
                "zero-centred": "yes" if props.zero_centred else "no",
                "mean output, z~N(0,1)": round(props.mean_output, 3),
                "largest f′": round(props.max_derivative, 3),
                "ms per million f": round(1e3 * forward_cost, 2),
                "ms per million f′": round(1e3 * derivative_cost, 2),
            }
        )
    plotly_chart(figures.gallery_figure(X, panels), key=KEY_FIGURE)
    table(rows)
    st.caption("Cost measured on this server in NumPy (float64, best of 3 on 200,000 inputs).")


def section_depth() -> None:
    """2. Vanishing gradients: products of local derivatives."""
    st.header("2. Vanishing gradients: products of local derivatives")
    depth = values["depth"]
    products, norms = depth_lesson(depth)
    plotly_chart(figures.depth_figure(products, norms), key="depth")
    sigmoid_bound = products["sigmoid"][-1]
    sigmoid_norms = next(iter(norms.values()))
    relu_norms = list(norms.values())[-1]
    a, b, c = st.columns(3)
    a.metric(f"sigmoid: most gradient kept through {depth} layers", f"{sigmoid_bound:.2e}")
    b.metric(
        "sigmoid network: first layer / last layer gradient", f"{sigmoid_norms[0] / sigmoid_norms[-1]:.1e}"
    )
    c.metric("ReLU + Kaiming: first layer / last layer gradient", f"{relu_norms[0] / relu_norms[-1]:.2g}")
    st.caption(
        f"Measured in a {depth} x 32 network at initialisation on 200 unit-Gaussian points (binary "
        f"cross-entropy). Sigmoid's largest slope is {products['sigmoid'][0]:.3g}, so the bound is that "
        "to the power L."
    )


def section_zigzag() -> None:
    """3. Not zero-centred: all-positive inputs zigzag."""
    st.header("3. Not zero-centred: all-positive inputs zigzag")
    positive, centred, positive_share, centred_share, path_share, centred_path_share = zigzag()
    plotly_chart(figures.zigzag_figure(positive, centred, (1.0, -1.0)), key="zigzag")
    a, b = st.columns(2)
    a.metric("same-sign weight gradients, inputs in [0, 1]²", f"{positive_share:.0%}")
    b.metric("same-sign weight gradients, centred inputs", f"{centred_share:.0%}")
    st.caption(
        "The gradient on a unit's weights is δ·x: with every x positive its components share the sign of "
        f"δ, so each step moves both weights up or both down ({path_share:.0%} of the path's steps; "
        f"{centred_path_share:.0%} with centred inputs) and reaching w* = (1, −1) takes a zigzag."
    )


def section_collapse() -> None:
    """4. Why nonlinearity: a deep linear network is one linear layer."""
    st.header("4. Why nonlinearity: a deep linear network is one linear layer")
    result = collapse(_stop=stop)
    plotly_chart(
        figures.collapse_figure(
            result.grid_x,
            result.grid_y,
            result.deep_logit,
            result.points,
            result.labels,
            result.weight,
            result.bias,
        ),
        key="collapse",
    )
    a, b, c = st.columns(3)
    matrices = "".join(f"W{k}" for k in range(len(result.hidden) + 1, 0, -1))
    a.metric(f"collapsed W = {matrices}", f"({result.weight[0]:.3f}, {result.weight[1]:.3f})")
    b.metric("largest |deep − collapsed| on the grid", f"{result.largest_difference:.1e}")
    c.metric("same class on the grid", f"{result.agreement:.0%}")
    st.caption(
        f"A 2-{'-'.join(map(str, result.hidden))}-1 network with linear activations, trained by gradient "
        "descent on two moons: its boundary is the straight line of the one collapsed layer."
    )


def section_dead() -> None:
    """5. Dying ReLUs after one large step."""
    st.header("5. Dying ReLUs after one large step")
    names, before, after = dying(values["lr"])
    plotly_chart(figures.dead_figure(names, before, after), key="dead")
    cols = st.columns(len(names))
    for column, name, share in zip(cols, names, after.max(axis=1), strict=True):
        column.metric(f"{name}: most dead units in a layer after the step", f"{share:.0%}")
    st.caption(
        "A 2-32-32-1 network (Kaiming init, XOR) takes one gradient step with learning rate "
        f"{values['lr']:g}. A unit is dead when its slope is zero on every point: it passes no gradient to "
        "its own weights, so only a change in the layer below can revive it (a first-layer unit, whose "
        "inputs are the data, stays dead under gradient descent)."
    )


SECTIONS = {
    "gallery": section_gallery,
    "depth": section_depth,
    "zigzag": section_zigzag,
    "collapse": section_collapse,
    "dead": section_dead,
}
# Presenter mode draws the open scene's section first, so that its figure is the one on the screen.
focus = figure_of(st.session_state.get(f"{PREFIX}_scene")) if lecture.presenter() else KEY_FIGURE
for name in (focus, *(name for name in SECTIONS if name != focus)):
    SECTIONS[name]()
