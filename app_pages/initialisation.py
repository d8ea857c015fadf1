"""Weight initialisation: cs231n's deep-network experiment forward and backward, the symmetry problem, and a
deeper lesson: residual blocks, SELU, batch normalisation, dropout at test time and as an ensemble."""

from urllib.parse import urlencode

import numpy as np
import streamlit as st

import scenes
from nets import lesson_settings
from nets.lesson_settings import INIT_PAGE, deep_seconds, deep_what, deep_work_notice
from scenes import lesson_sections
from training import lab
from ui import initialisation_lessons as deeper
from ui import lecture, lesson_url
from ui.budget import interrupter, plan_size
from ui.chart import plotly_chart
from ui.lesson_cache import experiment
from ui.text import notices, table
from viz import initialisation as figures

PREFIX = "ini"
LAB_PATH = "network_lab"  # the Network lab's url_path in app.py
KEY_FIGURE = "histograms"  # presenter mode fits it to the window, or the figure of the scene on screen
PRESETS = scenes.on_page("initialisation")  # the scenes this page opens, in lecture order
INTRO = (
    "cs231n's deep-network experiment: unit-Gaussian inputs through many layers, each layer's activations "
    "and gradients under one initialisation, then every initialisation side by side, a deeper lesson "
    "(residual blocks, SELU, batch normalisation, dropout), and symmetry."
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
DEEPER_TITLES = {
    "none": "none",
    "residual": "residual blocks",
    "selu": "SELU self-normalisation",
    "batchnorm": "batch normalisation",
    "dropout": "dropout at test time",
    "masks": "dropout as an ensemble",
}


def lab_link(activation: str, setting: str) -> str | None:
    if setting not in LAB_INIT:
        return None
    config = lab.Config(network=tuple(sorted({"activation": activation, "init": LAB_INIT[setting]}.items())))
    return f"./{LAB_PATH}?" + urlencode(lab.to_query(lab.LabState(configs=(config,))))


def number(value: float) -> str:
    return "undefined (0/0)" if not np.isfinite(value) else f"{value:.3g}"


def figure_of(scene_id: str | None) -> str:
    """The chart presenter mode shows first and fits to the window for scene ``scene_id``: its deeper
    lesson's figure, the symmetry chart, or the histograms."""
    if scene_id == lesson_sections.CONSTANT_SYMMETRY.id:
        return "symmetry"
    scene = next((s for s in PRESETS if s.id == scene_id), None)
    lesson = dict(scene.state.query).get("deeper", "none") if scene else "none"
    return deeper.FIGURES.get(lesson, KEY_FIGURE)


found = lesson_url.load(PREFIX, INIT_PAGE, PRESETS)
lesson_url.keys(PREFIX, INIT_PAGE, PRESETS, figure_of)  # presenter mode's clicker
lesson_url.top(PREFIX, INIT_PAGE, PRESETS, "Weight initialisation", INTRO)
notices("The link had values that could not be used:", found)
spec = {p.name: p for p in INIT_PAGE}
with lesson_url.settings_box():
    lesson_url.preset_picker(PREFIX, INIT_PAGE, PRESETS)
    cols = st.columns([1, 2, 1, 1, 1, 1])
    cols[0].radio(
        "activation", spec["activation"].choices, key=lesson_url.key(PREFIX, "activation"), horizontal=True
    )
    cols[1].selectbox(
        "initialisation",
        spec["setting"].choices,
        key=lesson_url.key(PREFIX, "setting"),
        format_func=TITLES.get,
    )
    cols[2].slider("layers", 2, 20, key=lesson_url.key(PREFIX, "layers"))
    cols[3].slider("units per layer", 10, 1000, key=lesson_url.key(PREFIX, "width"))
    cols[4].slider("input points", 10, 2000, key=lesson_url.key(PREFIX, "points"))
    cols[5].slider(
        spec["keep"].display, 0.1, 0.9, step=0.05, key=lesson_url.key(PREFIX, "keep"), help=spec["keep"].help
    )
    st.radio(
        "deeper lesson",
        spec["deeper"].choices,
        key=lesson_url.key(PREFIX, "deeper"),
        horizontal=True,
        format_func=DEEPER_TITLES.get,
        help=spec["deeper"].help,
    )
values = lesson_url.values(PREFIX, INIT_PAGE)
lesson_url.sync(INIT_PAGE, values, lesson_url.shown_scene(PREFIX, INIT_PAGE, PRESETS))
stop = interrupter()  # the CPU deadline; ends the rerun as soon as the visitor leaves
budget = deep_work_notice(values)
if budget:
    st.info(budget, icon=":material/speed:")
# the server's budget in seconds: fewer points with a notice if the page would take longer
per_point, fixed = deep_seconds(values)
values["points"] = plan_size(
    values["points"], per_point, fixed, what=deep_what(values), advice=ADVICE, unit="points"
).steps
activation, setting, layers = values["activation"], values["setting"], values["layers"]
result = experiment(activation, setting, layers, values["width"], values["points"], _stop=stop)


def comparison() -> dict:
    """Every setting at the comparison's size (cached): section 3 draws it, the batch-norm lesson reads it."""
    return {s: experiment(activation, s, layers, COMPARE_WIDTH, COMPARE_POINTS, _stop=stop) for s in TITLES}


def section_forward() -> None:
    """1. The page's experiment forward: per-layer histograms (the page's key figure)."""
    st.header(f"1. Forward: {activation} with {TITLES[setting]} weights")
    st.caption(
        f"{values['points']:,} unit-Gaussian inputs through {layers} layers of {values['width']} "
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
    measured = result.outcomes()
    for column, (label, value) in zip(st.columns(len(measured)), measured.items(), strict=True):
        column.metric(label, number(value))


def section_backward() -> None:
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
        "From a unit-Gaussian gradient at the last layer. Zero values (zero weights) are not drawn on a log "
        "axis."
    )


def section_compare() -> None:
    st.header(f"3. Every initialisation with {activation}")
    st.caption(
        f"The same experiment at {COMPARE_WIDTH} units and {COMPARE_POINTS} points per setting (its outcomes "
        "scale the same way), with a link that opens the Network lab with that initialisation."
    )
    compared = comparison()
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
    table(
        [
            {"initialisation": TITLES[s], **{k: number(v) for k, v in r.outcomes().items()}}
            for s, r in compared.items()
        ]
    )
    links = [f"[{TITLES[s]}]({lab_link(activation, s)})" for s in TITLES if lab_link(activation, s)]
    st.markdown(f"Open the Network lab with {activation} and: " + " · ".join(links))
    st.caption("N(0, 0.01²) and torch's tanh gain are not in the lab's URL form, so they have no link.")


def section_deeper() -> None:
    deeper.section(values["deeper"], values, comparison, TITLES)


def section_symmetry() -> None:
    st.header("4. Symmetry: constant weights keep every unit identical")
    constant = lesson_sections.symmetry_measurement()
    xavier = lesson_sections.symmetry_measurement("xavier_normal")
    plotly_chart(
        figures.spread_figure(
            constant.steps, {"constant 0.1": constant.spread, "Xavier normal": xavier.spread}
        ),
        key="symmetry",
    )
    a, b = st.columns(2)
    for column, title, run in ((a, "constant init", constant), (b, "Xavier normal init", xavier)):
        column.markdown(f"**Gradient on the first layer's weights, {title}** (one row per unit)")
        with column:
            rows = [{"unit": k + 1, "∂J/∂w₁": g[0], "∂J/∂w₂": g[1]} for k, g in enumerate(run.first_grad)]
            table(rows, "{:.4e}")
    width, steps, still = len(constant.first_grad), int(constant.steps[-1]), constant.spread.max()
    st.caption(
        f"A 2-{width}-{width}-1 tanh network trained on XOR by gradient descent for {steps} steps. From "
        f"constant weights the largest difference between two units stays {still:.1g}: every unit computes "
        "the same value and gets the same gradient, so each layer acts as one unit. Random weights start "
        f"apart (spread {xavier.spread[0].min():.2f}) and the network can learn XOR "
        f"(loss {xavier.loss[-1]:.3f} against {constant.loss[-1]:.3f})."
    )


SECTIONS = {
    "forward": section_forward,
    "backward": section_backward,
    "compare": section_compare,
    "deeper": section_deeper,
    "symmetry": section_symmetry,
}
# Presenter mode draws the open scene's section first, so that its figure is the one on the screen.
figure = figure_of(st.session_state.get(f"{PREFIX}_scene")) if lecture.presenter() else KEY_FIGURE
focus = {KEY_FIGURE: "forward", "symmetry": "symmetry"}.get(figure, "deeper")
for name in (focus, *(name for name in SECTIONS if name != focus)):
    SECTIONS[name]()
