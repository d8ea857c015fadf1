"""Weight initialisation: cs231n's deep-network experiment forward and backward, and the symmetry problem."""

from urllib.parse import urlencode

import numpy as np
import streamlit as st

from nets import lesson_settings, lessons, lessons_extra
from nets.lesson_settings import INIT_PAGE, deep_seconds, deep_what, deep_work_notice
from scenes import lessons as scene_lessons
from scenes.lessons import INITIALISATION_SCENES
from training import lab
from ui import cache, lesson_url
from ui.budget import interrupter, plan_size
from ui.chart import plotly_chart
from ui.text import notices, table
from viz import initialisation as figures

PREFIX = "ini"
LAB_PATH = "network_lab"  # the Network lab's url_path in app.py
KEY_FIGURE = "histograms"  # presenter mode fits it to the window
INTRO = (
    "cs231n's deep-network experiment: unit-Gaussian inputs through many layers, each layer's activations "
    "and gradients under one initialisation, then every initialisation side by side, and symmetry."
)
ADVICE = "Use fewer layers or units"
COMPARE_WIDTH, COMPARE_POINTS = lesson_settings.COMPARE_WIDTH, lesson_settings.COMPARE_POINTS
TITLES = {
    "zeros": "zeros",
    "small": "N(0, 0.01²)",
    "large": "N(0, 1)",
    "xavier": "Xavier (gain 1)",
    "xavier_gain": "Xavier (torch gain)",
    "kaiming": "Kaiming (ReLU gain)",
}
# the lab's URL carries the scheme's name only: N(0, 0.01²) and torch's tanh gain have no link
LAB_INIT = {"zeros": "zeros", "large": "normal", "xavier": "xavier_normal", "kaiming": "kaiming_normal"}
DEEPER_TITLES = {"none": "none", "residual": "residual blocks", "selu": "SELU self-normalisation"}


@st.cache_data(max_entries=24, ttl=cache.TTL)
def experiment(activation: str, setting: str, layers: int, width: int, points: int, _stop=None):
    return lessons.deep_init_experiment(activation, setting, layers, width, points, stop=_stop)


@st.cache_data(max_entries=4, ttl=cache.TTL)
def symmetry(_stop=None):
    return {scheme: lessons_extra.symmetry(scheme, stop=_stop) for scheme in ("constant", "xavier_normal")}


def lab_link(activation: str, setting: str) -> str | None:
    if setting not in LAB_INIT:
        return None
    config = lab.Config(network=tuple(sorted({"activation": activation, "init": LAB_INIT[setting]}.items())))
    return f"./{LAB_PATH}?" + urlencode(lab.to_query(lab.LabState(configs=(config,))))


def number(value: float) -> str:
    return "undefined (0/0)" if not np.isfinite(value) else f"{value:.3g}"


@st.cache_data(max_entries=8, ttl=cache.TTL)
def residual(blocks: int):
    return scene_lessons.residual_measurement(blocks)


@st.cache_data(max_entries=8, ttl=cache.TTL)
def self_normalising(activation: str, layers: int):
    return scene_lessons.selu_measurement(activation, layers)


def deeper_section(lesson: str, layers: int) -> None:
    """The residual blocks' or SELU's section, at the comparison's size, over ``layers`` blocks or layers."""
    if lesson == "residual":
        st.header(f"5. Residual blocks: {layers} blocks x + F(x)")
        result = residual(layers)
        curves = {
            "residual, Kaiming last layer": result.residual_kaiming,
            "residual, zero last layer": result.residual_zero_last,
            "plain ReLU stack, Kaiming": result.plain,
        }
        plotly_chart(figures.layer_curves_figure([("variance per block", curves, True)]), key="residual")
        st.caption(
            f"F(x) = W₂ relu(W₁ x), {COMPARE_WIDTH} units, {COMPARE_POINTS} unit-Gaussian inputs of variance "
            f"{result.input_variance:.2f}. Kaiming in both layers: the variance grows "
            f"{scene_lessons.per_block_growth(result):.1f}-fold per block, to "
            f"{result.residual_kaiming[-1]:.3g}. "
            f"A zero last layer makes every block the identity: {result.residual_zero_last[-1]:.2f}."
        )
    elif lesson == "selu":
        st.header(f"5. SELU's self-normalisation over {layers} layers")
        mean_std = scene_lessons.SELU_INPUT
        runs = {name: self_normalising(name, layers) for name in ("selu", "relu", "tanh")}
        plotly_chart(
            figures.layer_curves_figure(
                [
                    ("mean per layer", {name: run[0] for name, run in runs.items()}, False),
                    ("variance per layer", {name: run[1] for name, run in runs.items()}, True),
                ]
            ),
            key="selu",
        )
        mean, variance = runs["selu"]
        st.caption(
            f"Inputs of mean {mean_std[0]:g} and std {mean_std[1]:g}, {COMPARE_WIDTH} units, LeCun-normal "
            f"weights (variance 1/fan_in), no biases. SELU's last layer: mean {mean[-1]:.2f}, variance "
            f"{variance[-1]:.2f}."
        )


found = lesson_url.load(PREFIX, INIT_PAGE, INITIALISATION_SCENES)
lesson_url.keys(PREFIX, INIT_PAGE, INITIALISATION_SCENES, KEY_FIGURE)  # presenter mode's clicker
lesson_url.top(PREFIX, INIT_PAGE, INITIALISATION_SCENES, "Weight initialisation", INTRO)
notices("The link had values that could not be used:", found)
spec = {p.name: p for p in INIT_PAGE}
with lesson_url.settings_box():
    lesson_url.preset_picker(PREFIX, INIT_PAGE, INITIALISATION_SCENES)
    cols = st.columns([1, 2, 1, 1, 1])
    cols[0].radio("activation", spec["activation"].choices, key=f"{PREFIX}_activation", horizontal=True)
    cols[1].selectbox(
        "initialisation", spec["setting"].choices, key=f"{PREFIX}_setting", format_func=TITLES.get
    )
    cols[2].slider("layers", 2, 20, key=f"{PREFIX}_layers")
    cols[3].slider("units per layer", 10, 1000, key=f"{PREFIX}_width")
    cols[4].slider("input points", 10, 2000, key=f"{PREFIX}_points")
    st.radio(
        "deeper lesson",
        spec["deeper"].choices,
        key=f"{PREFIX}_deeper",
        horizontal=True,
        format_func=DEEPER_TITLES.get,
        help=spec["deeper"].help,
    )
values = lesson_url.values(PREFIX, INIT_PAGE)
lesson_url.sync(INIT_PAGE, values, lesson_url.shown_scene(PREFIX, INIT_PAGE, INITIALISATION_SCENES))
stop = interrupter()  # the CPU deadline; ends the rerun as soon as the visitor leaves
budget = deep_work_notice(values)
if budget:
    st.info(budget, icon=":material/speed:")
# the server's budget in seconds: fewer points with a notice if the page would take longer
per_point, fixed = deep_seconds(values)
values["points"] = plan_size(
    values["points"], per_point, fixed, what=deep_what(values), advice=ADVICE, unit="points"
).steps
activation, setting = values["activation"], values["setting"]
result = experiment(activation, setting, values["layers"], values["width"], values["points"], _stop=stop)
measured = result.outcomes()

st.header(f"1. Forward: {activation} with {TITLES[setting]} weights")
st.caption(
    f"{values['points']:,} unit-Gaussian inputs through {values['layers']} layers of {values['width']} "
    f"units, h = {activation}(h W), no biases. Each panel is one layer's activations."
)
plotly_chart(figures.histograms_figure(result.edges, result.histograms), key=KEY_FIGURE)
plotly_chart(
    figures.layer_curves_figure(
        [
            ("mean per layer", {TITLES[setting]: result.mean}, False),
            ("std per layer", {TITLES[setting]: result.std}, False),
        ]
    ),
    key="forward",
)
metric_columns = st.columns(len(measured))
for column, (label, value) in zip(metric_columns, measured.items(), strict=True):
    column.metric(label, number(value))

st.header("2. Backward: gradients per layer")
plotly_chart(
    figures.layer_curves_figure(
        [
            ("std of ∂J/∂W per layer", {TITLES[setting]: result.weight_grad_std}, True),
            ("std of ∂J/∂h per layer", {TITLES[setting]: result.input_grad_std}, True),
        ]
    ),
    key="backward",
)
st.caption(
    "From a unit-Gaussian gradient at the last layer. Zero values (zero weights) are not drawn on a log axis."
)

st.header(f"3. Every initialisation with {activation}")
st.caption(
    f"The same experiment at {COMPARE_WIDTH} units and {COMPARE_POINTS} points per setting (its outcomes "
    "scale the same way), with a link that opens the Network lab with that initialisation."
)
layers = values["layers"]
compared = {s: experiment(activation, s, layers, COMPARE_WIDTH, COMPARE_POINTS, _stop=stop) for s in TITLES}
plotly_chart(
    figures.layer_curves_figure(
        [
            ("activation std", {TITLES[s]: r.std for s, r in compared.items()}, True),
            ("second moment", {TITLES[s]: r.second_moment for s, r in compared.items()}, True),
            ("input gradient std", {TITLES[s]: r.input_grad_std for s, r in compared.items()}, True),
        ],
        height=380,
    ),
    key="compare",
)
rows = [
    {"initialisation": TITLES[s], **{k: number(v) for k, v in r.outcomes().items()}}
    for s, r in compared.items()
]
table(rows)
links = [f"[{TITLES[s]}]({lab_link(activation, s)})" for s in TITLES if lab_link(activation, s)]
st.markdown(f"Open the Network lab with {activation} and: " + " · ".join(links))
st.caption("N(0, 0.01²) and torch's tanh gain are not in the lab's URL form, so they have no link.")

deeper_section(values["deeper"], layers)

st.header("4. Symmetry: constant weights keep every unit identical")
runs = symmetry(_stop=stop)
constant, xavier = runs["constant"], runs["xavier_normal"]
plotly_chart(
    figures.spread_figure(constant.steps, {"constant 0.1": constant.spread, "Xavier normal": xavier.spread}),
    key="symmetry",
)
a, b = st.columns(2)
a.markdown("**Gradient on the first layer's weights, constant init** (one row per unit)")
with a:
    table(
        [{"unit": k + 1, "∂J/∂w₁": g[0], "∂J/∂w₂": g[1]} for k, g in enumerate(constant.first_grad)], "{:.4e}"
    )
b.markdown("**The same with Xavier normal init**")
with b:
    table(
        [{"unit": k + 1, "∂J/∂w₁": g[0], "∂J/∂w₂": g[1]} for k, g in enumerate(xavier.first_grad)], "{:.4e}"
    )
width, steps, still = len(constant.first_grad), int(constant.steps[-1]), constant.spread.max()
st.caption(
    f"A 2-{width}-{width}-1 tanh network trained on XOR by gradient descent for {steps} steps. From "
    f"constant weights the largest difference between two units stays {still:.1g}: every unit computes "
    "the same value and gets the same gradient, so each layer acts as one unit. Random weights start "
    f"apart (spread {xavier.spread[0].min():.2f}) and the network can learn XOR "
    f"(loss {xavier.loss[-1]:.3f} against {constant.loss[-1]:.3f})."
)
