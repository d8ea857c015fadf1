"""The one way a page hands a figure to Streamlit: a plain figure dict from viz/, drawn by st.plotly_chart.

Why not ``st.plotly_chart(figure_dict)``: Streamlit 1.67 passes a dict through
``plotly.tools.return_figure_from_figure_or_data(..., validate_figure=True)``, which rebuilds it as
``plotly.graph_objects.Figure(**figure)`` (a validated object for every trace of every frame) and turns it
back into a dict, on every rerun: 0.3-0.6 s for the 6 lanes x 1,000 steps map (benchmarks/playground.py).
A plotly ``Figure`` is read through its public ``to_dict()`` instead, and the JSON is then written with
``validate=False``. So the dict travels inside a ``Figure`` whose ``to_dict()`` returns it unchanged: the
builders in viz/ already made it valid and encoded its arrays. Selections (``on_select``) work as for any
figure: the element is the same ``plotly_chart`` widget.

Under every chart a folded expander holds the chart as text and as a table (:mod:`viz.chart_text`), its
text alternative for a screen reader and for anyone who wants the numbers.
"""

import plotly.graph_objects as go
import streamlit as st

from ui.text import plain
from viz.chart_text import chart_summary, chart_table, chart_title
from viz.theme import fitted_height, presenter_chart_font, scaled_text

CONFIG = {"displaylogo": False}
FITTED = "chart_fitted"  # (chart key, screen): presenter mode's key figure, fitted to the window this run
PRESENTING = "chart_presenting"  # (screen,) in presenter mode: every figure's text follows the window


class _ReadyFigure(go.Figure):
    """An empty ``Figure`` standing for a ready figure dict: ``to_dict()`` returns the dict itself."""

    def __init__(self, spec: dict):
        super().__init__()
        self._ready_spec = spec

    def to_dict(self) -> dict:
        return self._ready_spec


def plotly_chart(
    figure: dict, *, key: str, on_select="ignore", selection_mode=("points", "box", "lasso"), config=None
):
    """Draw a figure dict from viz/ (shared read-only: it may come from a cache) and return what
    ``st.plotly_chart`` returns (the selection state when ``on_select`` is set). The chart :func:`fit`
    names is drawn in a container the clicker measures, at the height left below its top; in presenter
    mode every figure's text is sized by the window (:func:`viz.theme.presenter_chart_font`)."""
    fitted, presenting = st.session_state.get(FITTED), st.session_state.get(PRESENTING)
    if fitted and key in fitted[0]:
        box, drawn = st.container(key=fit_key(key)), fitted_figure(figure, fitted[1])
    else:
        box, drawn = st.container(), figure
    if presenting:
        drawn = scaled_text(drawn, presenter_chart_font(presenting[0]))
    with box:
        result = st.plotly_chart(
            _ReadyFigure(drawn),
            key=key,
            on_select=on_select,
            selection_mode=selection_mode,
            config={**CONFIG, **(config or {})},
        )
    chart_words(figure, key)
    return result


def fit_key(key: str) -> str:
    """The key of the container that holds chart ``key`` when it is fitted (the clicker measures it)."""
    return f"fit_{key}"


def fit(key: str | None, screen, *beside: str, presenting: bool = False) -> None:
    """Fit chart ``key`` (None: none) to ``screen``, the clicker's ``(width, height, top)``, in this run, and
    the charts ``beside`` it (in the same row: the same top) with it; ``presenting``: size every figure's
    text for ``screen`` too (presenter mode on a page other than the Playground, whose figures size their
    own text)."""
    st.session_state[FITTED] = ((key, *beside), screen) if key else None
    st.session_state[PRESENTING] = (screen,) if presenting else None


def fitted_figure(figure: dict, screen) -> dict:
    """``figure`` at the height left below its top in the window (:func:`viz.theme.fitted_height`);
    unchanged until the browser has reported the window."""
    layout = figure.get("layout", {})
    height = fitted_height(int(layout.get("height") or 450), screen)
    return {**figure, "layout": {**layout, "height": height}}


def chart_words(figure: dict, key: str) -> None:
    """The chart as text and as a table, in a folded expander under it.

    The table is built only while the expander is open (opening it reruns the page): sent on every rerun,
    up to 10,000 rows a chart cost each visit CPU time, and the first one loaded pandas and pyarrow into
    the server for good (about 60 MB).
    """
    title = chart_title(figure)
    label = f"Chart as text and table: {title}" if title else "Chart as text and table"
    with st.expander(plain(label[:90]), expanded=False, key=f"{key}__words", on_change="rerun") as box:
        st.markdown(plain(chart_summary(figure)))
        if not box.open:
            return
        table, rows = chart_table(figure)
        if rows:
            st.dataframe(table, hide_index=True, width="stretch")
        if rows > len(table["series"]):
            st.caption(f"The first {len(table['series']):,} of {rows:,} rows.")
