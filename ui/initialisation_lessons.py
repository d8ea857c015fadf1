"""The Initialisation page's "deeper lessons", one section each: residual blocks, SELU's
self-normalisation, batch normalisation under the page's initialisation, dropout at test time and dropout as
an average over masks.

Each section draws the measurement a scene's caption quotes (:mod:`scenes.lessons`,
:mod:`scenes.lesson_sections`: pure functions of plain values, cached there once per process) and names its
key figure in :data:`FIGURES`, which presenter mode fits to the window when a scene opens the section.
"""

from __future__ import annotations

import streamlit as st

from nets.lesson_settings import COMPARE_POINTS, COMPARE_WIDTH
from scenes import lesson_sections
from scenes import lessons as scene_lessons
from ui import cache
from ui.chart import plotly_chart
from ui.text import table
from viz import initialisation as figures
from viz.palette import LANE_COLORS

# the deeper lesson -> the chart key of its section's figure
FIGURES = {
    "residual": "residual",
    "selu": "selu",
    "batchnorm": "batchnorm",
    "dropout": "dropout",
    "masks": "masks",
}
RULES = {  # nets.objective's dropout modes as the lecture names them
    "inverted": "inverted (÷q in training)",
    "plain": "plain (×q at test time)",
    "plain_unscaled": "plain, scaling forgotten",
}


@st.cache_data(max_entries=8, ttl=cache.TTL)
def residual(blocks: int):
    return scene_lessons.residual_measurement(blocks)


@st.cache_data(max_entries=8, ttl=cache.TTL)
def self_normalising(activation: str, layers: int):
    return scene_lessons.selu_measurement(activation, layers)


def section(lesson: str, values: dict, comparison, titles: dict) -> None:
    """The section of ``lesson`` (none for ``"none"``); ``comparison()``: the page's comparison of every
    setting (the plain network the batch-norm section sets beside its normalised one), ``titles``: their
    names."""
    layers = values["layers"]
    if lesson == "residual":
        section_residual(layers)
    elif lesson == "selu":
        section_selu(layers)
    elif lesson == "batchnorm":
        section_batchnorm(
            values["activation"], values["setting"], layers, comparison()[values["setting"]], titles
        )
    elif lesson == "dropout":
        section_dropout(round(values["keep"], 2))  # the slider's steps of 0.05, without float residue
    elif lesson == "masks":
        section_masks(round(values["keep"], 2))


def section_residual(layers: int) -> None:
    st.header(f"5. Residual blocks: {layers} blocks x + F(x)")
    result = residual(layers)
    curves = {
        "residual, Kaiming last layer": result.residual_kaiming,
        "residual, zero last layer": result.residual_zero_last,
        "plain ReLU stack, Kaiming": result.plain,
    }
    plotly_chart(figures.layer_curves_figure([("variance per block", curves, True)]), key=FIGURES["residual"])
    st.caption(
        f"F(x) = W₂ relu(W₁ x), {COMPARE_WIDTH} units, {COMPARE_POINTS} unit-Gaussian inputs of variance "
        f"{result.input_variance:.2f}. Kaiming in both layers: the variance grows "
        f"{scene_lessons.per_block_growth(result):.1f}-fold per block, to "
        f"{result.residual_kaiming[-1]:.3g}. "
        f"A zero last layer makes every block the identity: {result.residual_zero_last[-1]:.2f}."
    )


def section_selu(layers: int) -> None:
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
        key=FIGURES["selu"],
    )
    mean, variance = runs["selu"]
    st.caption(
        f"Inputs of mean {mean_std[0]:g} and std {mean_std[1]:g}, {COMPARE_WIDTH} units, LeCun-normal "
        f"weights (variance 1/fan_in), no biases. SELU's last layer: mean {mean[-1]:.2f}, variance "
        f"{variance[-1]:.2f}."
    )


def section_batchnorm(activation: str, setting: str, layers: int, plain, titles: dict) -> None:
    st.header(f"5. Batch normalisation: {activation} with {titles[setting]} weights, with and without")
    normed = lesson_sections.batchnorm_measurement(setting, "batch", layers, activation=activation)
    plotly_chart(
        figures.histogram_rows_figure(
            [
                ("without batch normalisation", plain.edges, plain.histograms, LANE_COLORS[0]),
                (
                    "with batch normalisation before the activation",
                    normed.edges,
                    normed.histograms,
                    LANE_COLORS[1],
                ),
            ],
            row_height=200,
        ),
        key=FIGURES["batchnorm"],
    )
    rows = [
        {"network": name, **{key: f"{value:.3g}" for key, value in result.outcomes().items()}}
        for name, result in (("without", plain), ("with batch normalisation", normed))
    ]
    table(rows)
    st.caption(
        f"The comparison's network ({layers} layers of {COMPARE_WIDTH} units, {COMPARE_POINTS} points, the "
        "same weights in both rows). Batch normalisation gives every layer's pre-activations mean 0 and "
        "variance 1 over the batch (γ = 1, β = 0), whatever the weights' scale: the activations' std is "
        f"{normed.std.min():.3f} to {normed.std.max():.3f} at every layer, against "
        f"{plain.std[0]:.3g} at the first and {plain.std[-1]:.3g} at the last without it."
    )


def section_dropout(keep: float) -> None:
    st.header(f"5. Dropout at test time: three rules, q = {keep:g}")
    result = lesson_sections.scale_measurement(keep)
    ratios = {RULES[mode]: result.ratio(mode) for mode in RULES}
    layers = list(range(1, len(result.ratio("inverted")) + 1))
    plotly_chart(figures.dropout_scale_figure(layers, ratios), key=FIGURES["dropout"])
    table(
        [
            {
                "rule": RULES[mode],
                **{
                    f"layer {k}: training / test": f"{a:.3f} / {b:.3f}"
                    for k, a, b in zip(layers, result.train[mode], result.test[mode], strict=True)
                },
            }
            for mode in RULES
        ]
    )
    st.caption(
        f"A {len(layers)} x {COMPARE_WIDTH} ReLU network (Kaiming weights, no biases) on {COMPARE_POINTS} "
        f"unit-Gaussian inputs, every unit kept with probability q = {result.keep:g}: the mean of what each "
        "layer passes on, averaged over the masks while training (a fresh mask for every point) and at test "
        "time. The three rules share the weights, the inputs and the masks."
    )


def section_masks(keep: float) -> None:
    st.header(f"5. Dropout as an ensemble: averaging k masks, q = {keep:g}")
    curve = lesson_sections.mask_measurement(keep)
    plotly_chart(
        figures.mask_error_figure(
            curve.ks,
            {
                f"against {curve.reference:,} other masks (the mask average)": curve.to_average,
                "against the scaled network's one pass": curve.to_scaled,
            },
            curve.gap,
        ),
        key=FIGURES["masks"],
    )
    st.caption(
        f"A 2-32-32-1 ReLU network trained on two moons with inverted dropout (q = {curve.keep:g}), "
        f"validation accuracy {curve.validation_accuracy:.0%}. Error: the root-mean-square difference of the "
        f"predicted class probabilities over the validation points and {curve.streams} streams of masks. "
        "Against the mask average it falls with "
        f"slope {curve.slope():.2f} (1/√k: −0.5); against the one pass it levels off at {curve.gap:.3f}."
    )
