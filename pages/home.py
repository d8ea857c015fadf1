"""Welcome page: what the app shows and where to start."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("Optimizer Playground")
st.markdown(
    "See why SGD zigzags, why momentum overshoots, why AdaGrad stalls and why Adam is the default: "
    "pick a loss surface, race optimizers across it, and inspect every step."
)
left, right = st.columns(2)
with left:
    st.page_link("pages/playground.py", label="Open the Playground", icon=":material/show_chart:")
    st.caption(
        "Choose a surface and up to six optimizers, press Play, scrub, inspect one step, share the link."
    )
with right:
    st.page_link("pages/scenes.py", label="Browse the lecture scenes", icon=":material/school:")
    st.caption("Sixteen ready-made lessons, each one click (or one link) away, with a presenter mode.")
st.markdown(
    "**Reading the map.** Blue is low loss and sand is high, the circle is the start, the star the "
    "minimum; each optimizer is a lane with its own colour, dash and marker. Below: the kind of surface "
    "the Playground opens on, a bowl ten times steeper across than along."
)


@st.cache_data
def _bowl(n: int = 80) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.linspace(-2.0, 2.0, n)
    y = np.linspace(-2.0, 2.0, n)
    xx, yy = np.meshgrid(x, y)
    return x, y, 0.5 * xx**2 + 5.0 * yy**2


x, y, z = _bowl()
figure = go.Figure(go.Contour(x=x, y=y, z=z, colorscale="Viridis", showscale=False, ncontours=25))
figure.update_layout(height=360, margin=dict(l=10, r=10, t=10, b=10), title=None)
st.plotly_chart(figure, width="stretch")
