"""Widgets driven by :class:`paramspec.Param`: one description of a knob gives its widget, label and help.

Labels are plain text with Unicode symbols (``η (lr)``, ``β1 (beta1)``), never LaTeX: Streamlit drops the
spaces of a LaTeX label ("batchsize") and a screen reader would read its source. A log-scale value gets a
slider on a 1-1.2-1.5-2-... grid and, beside it, a box for typing any value in range.
"""

from __future__ import annotations

import math
import re

import streamlit as st

from paramspec import Param
from ui.session import init

_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "eta": "η",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "psi": "ψ",
    "rho": "ρ",
    "tau": "τ",
}
# Shown in a choice widget for the choice ``None`` (Streamlit would show its "Choose an option" placeholder).
NONE = "none"


def symbol(latex: str) -> str:
    r"""A LaTeX symbol in plain Unicode: ``\beta_1`` -> ``β1``, ``T_{\max}`` -> ``T_max``."""
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), latex)
    text = re.sub(r"_\{([^}]*)\}", r"_\1", text)
    text = re.sub(r"_(\d)", r"\1", text)
    return text.replace("{", "").replace("}", "").replace("$", "").strip()


def widget_label(param: Param) -> str:
    """``name``, or the lecture's symbol and torch's keyword: ``η (lr)``; a label in words is shown as is."""
    if not param.label or param.label == param.name:
        return param.name
    if "\\" not in param.label and "_" not in param.label and "$" not in param.label and " " in param.label:
        return param.label  # already words: "batch size", "standardize features"
    return f"{symbol(param.label)} ({param.name})"


def pair_labels(param: Param) -> tuple[str, str]:
    """Labels of the two boxes of a pair: ``β1 (beta1)`` and ``β2 (beta2)`` for Adam's ``betas``."""
    parts = [p.strip() for p in (param.label or "").split(",")]
    stem = param.name[:-1] if param.name.endswith("s") else param.name
    if len(parts) == 2 and all(parts):
        return tuple(f"{symbol(part)} ({stem}{j + 1})" for j, part in enumerate(parts))
    return (f"{param.name} (first)", f"{param.name} (second)")


def help_text(param: Param) -> str:
    return f"{param.help} Range: {param.range_text()}. Default: {param.format(param.default)}.".strip()


def log_grid(low: float | None, high: float | None, value: float | None) -> list[float]:
    """Log-spaced values from ``low`` to ``high`` (12 a decade), plus ``value`` if it is off the grid."""
    low = low if low and low > 0 else 1e-8
    high = high if high and high > low else low * 1e6
    mantissas = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)
    grid = [
        float(f"{m * 10.0**e:.6g}")
        for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        for m in mantissas
    ]
    grid = [v for v in grid if low <= v <= high]
    if value is not None and value not in grid:
        grid = sorted([*grid, float(value)])
    return grid


def _copy(source: str, target: str) -> None:
    """The slider moved the box or the box the slider. A widget of a scene the page has since replaced (its
    key dropped by :meth:`ui.session.PageModel.set`) can still report a change from the browser: ignored."""
    if source in st.session_state:
        st.session_state[target] = st.session_state[source]


def _log_widget(param: Param, key: str, value: float, label: str) -> float:
    """A log slider and a typed box that mirror each other (the box reaches values between grid points)."""
    typed = key + ":typed"
    current = float(st.session_state.get(key, value))
    init(key, current)
    init(typed, current)
    slider_column, box_column = st.columns([3, 2], vertical_alignment="bottom")
    with slider_column:
        st.select_slider(
            label,
            options=log_grid(param.low, param.high, current),
            key=key,
            help=help_text(param),
            format_func=lambda v: f"{v:g}",
            on_change=_copy,
            args=(key, typed),
        )
    with box_column:
        st.number_input(
            f"{label}, typed",
            min_value=param.low,
            max_value=param.high,
            key=typed,
            format="%g",
            step=None,
            label_visibility="collapsed",
            help=f"Type any value of {param.name} {param.range_text()}.",
            on_change=_copy,
            args=(typed, key),
        )
    return float(st.session_state[key])


def _choice_widget(param: Param, key: str, value, label: str):
    """A select box over the choices written as text (``None`` reads ``none``); returns the choice."""
    texts = [NONE if c is None else str(c) for c in param.choices]
    init(key, NONE if value is None else str(value))
    picked = st.selectbox(label, texts, key=key, help=help_text(param))
    return param.choices[texts.index(picked)]


def _pair_widget(param: Param, key: str, value) -> tuple[float, float]:
    out = []
    for j, (column, label) in enumerate(zip(st.columns(2), pair_labels(param), strict=True)):
        init(f"{key}:{j}", float(value[j]))
        with column:
            out.append(
                st.number_input(
                    label,
                    min_value=param.low,
                    max_value=param.high,
                    step=0.001,
                    format="%.4f",
                    key=f"{key}:{j}",
                    help=help_text(param),
                )
            )
    return (float(out[0]), float(out[1]))


def _float_widget(param: Param, key: str, value: float, label: str) -> float:
    init(key, float(value))
    step = param.slider_step  # a slider only when its steps hold the default (not for tolerance_grad = 1e-7)
    if step is not None:
        # the value as the slider shows it (0.35, not the browser's sum of steps 0.35000000000000003)
        return param.on_slider(
            st.slider(
                label,
                min_value=float(param.low),
                max_value=float(param.high),
                step=step,
                key=key,
                help=help_text(param),
            )
        )
    return float(
        st.number_input(
            label, min_value=param.low, max_value=param.high, key=key, help=help_text(param), format="%g"
        )
    )


def param_widget(param: Param, key: str, value, label: str | None = None):
    """A widget for ``param`` (log slider and box, slider, number, checkbox, select, pair); its value.

    An optional value (``Param.optional``) gets a checkbox first: unticked it is ``None`` (the library's
    own rule, said in the help), ticked the usual widget, starting at ``Param.suggested``.
    """
    label = label or widget_label(param)
    if param.optional:
        init(key + ":set", value is not None)
        if not st.checkbox(f"set {label}", key=key + ":set", help=help_text(param)):
            return None
        value = param.suggested if value is None else value
    if param.kind == "bool":
        init(key, bool(value))
        return st.checkbox(label, key=key, help=help_text(param))
    if param.kind == "choice":
        return _choice_widget(param, key, value, label)
    if param.kind == "pair":
        return _pair_widget(param, key, value)
    if param.kind == "int":
        init(key, int(value))
        low = int(param.low) if param.low is not None else None
        high = int(param.high) if param.high is not None else None
        box = st.number_input(label, min_value=low, max_value=high, step=1, key=key, help=help_text(param))
        return int(box)
    if param.log:
        return _log_widget(param, key, float(value), label)
    return _float_widget(param, key, value, label)


def params_widgets(params, base: dict, prefix: str, *, keep: tuple = ()) -> dict:
    """Widgets for a tuple of Params; the values that differ from the defaults (and those in ``keep``)."""
    values = {}
    for param in params:
        value = param_widget(param, f"{prefix}:{param.name}", base.get(param.name, param.default))
        if param.name in keep or value != param.default:
            values[param.name] = value
    return values


def params_kept(params, base: dict, *, keep: tuple = ()) -> dict:
    """What :func:`params_widgets` returns when its widgets show ``base`` untouched: the values of
    ``base`` (defaults where it has none) that differ from the defaults, and those in ``keep``."""
    values = {}
    for param in params:
        value = base.get(param.name, param.default)
        if param.name in keep or value != param.default:
            values[param.name] = value
    return values


def folded_params_widgets(label: str, params, base: dict, prefix: str, *, key: str, expanded=None) -> dict:
    """:func:`params_widgets` in an expander whose widgets are drawn when it is open (opening it is a rerun),
    and only then: closed, the values stand as ``base`` has them (:func:`params_kept`). A page's rarely
    changed settings then cost its first visit nothing in the browser (every widget is an element to draw).
    It starts open if ``expanded``, by default when ``base`` sets any of ``params`` away from its default
    (a link or a preset that uses them shows them)."""
    if expanded is None:
        expanded = bool(params_kept(params, base))
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    if not box.open:
        return params_kept(params, base)
    with box:
        return params_widgets(params, base, prefix)


def radio(label: str, key: str, titles: dict, **kwargs):
    """A horizontal radio over ``titles`` (value -> text); its value."""
    return st.radio(label, tuple(titles), key=key, horizontal=True, format_func=titles.get, **kwargs)
