"""Welcome page: what the app shows and where to start."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("Optimizer Playground")
st.markdown(
    "See why SGD zigzags, why momentum overshoots, why AdaGrad stalls and why Adam is the default: "
    "pick a loss surface, race optimizers across it, and inspect every step."
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
