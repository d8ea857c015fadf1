"""Entry point: a thin router over the scripts in pages/ (``streamlit run app.py``)."""

import streamlit as st

st.set_page_config(page_title="Optimizer Playground", page_icon="📉", layout="wide")

PAGES = [
    st.Page("pages/playground.py", title="Playground", icon=":material/show_chart:", default=True),
    st.Page("pages/scenes.py", title="Scenes", icon=":material/school:", url_path="scenes"),
    st.Page(
        "pages/explorer.py", title="Landscape explorer", icon=":material/travel_explore:", url_path="explorer"
    ),
    st.Page(
        "pages/activations.py",
        title="Activation functions",
        icon=":material/function:",
        url_path="activations",
    ),
    st.Page(
        "pages/initialisation.py", title="Initialisation", icon=":material/tune:", url_path="initialisation"
    ),
    st.Page("pages/network_lab.py", title="Network lab", icon=":material/hub:", url_path="network-lab"),
    st.Page("pages/home.py", title="Welcome", icon=":material/home:", url_path="welcome"),
]

st.navigation(PAGES).run()
