"""Entry point: a thin router over the scripts in pages/ (``streamlit run app.py``)."""

import streamlit as st

st.set_page_config(page_title="Optimizer Playground", page_icon="📉", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Welcome", icon="🏠", default=True),
]

st.navigation(PAGES).run()
