"""Entry point: a thin router over the scripts in app_pages/ (``streamlit run app.py``)."""

import os

# One BLAS thread per server, set before the first page imports NumPy. The server's parallelism is its
# sessions; a second BLAS thread per matrix product made a 6 x 32 network's training 3-10 times slower in
# wall time on the loaded 2-core machine (its threads wait on each other), and its CPU time escapes the
# budget's deadline, which counts the rerun's own thread (benchmarks/budget.py prints both).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import streamlit as st  # noqa: E402

from ui import a11y, fairness, lesson_cache, warm  # noqa: E402

st.set_page_config(page_title="Optimizer Playground", page_icon="📉", layout="wide")

PAGES = [
    st.Page("app_pages/playground.py", title="Playground", icon=":material/show_chart:", default=True),
    st.Page("app_pages/scenes.py", title="Scenes", icon=":material/school:", url_path="scenes"),
    st.Page(
        "app_pages/explorer.py",
        title="Landscape explorer",
        icon=":material/travel_explore:",
        url_path="explorer",
    ),
    st.Page(
        "app_pages/activations.py",
        title="Activation functions",
        icon=":material/function:",
        url_path="activations",
    ),
    st.Page(
        "app_pages/initialisation.py",
        title="Initialisation",
        icon=":material/tune:",
        url_path="initialisation",
    ),
    st.Page("app_pages/network_lab.py", title="Network lab", icon=":material/hub:", url_path="network_lab"),
    st.Page("app_pages/home.py", title="Welcome", icon=":material/home:", url_path="welcome"),
]


def lab_defaults(stop) -> None:
    """The Network lab's default run and message (:func:`ui.network_lab.defaults`), imported here, in the
    warming thread between reruns: importing the lab's modules at start-up would delay the first page."""
    from ui import network_lab

    for task in network_lab.defaults(stop):
        task()


page = st.navigation(PAGES)
a11y.scrollers()  # every page: a formula that scrolls sideways can be reached with Tab
with fairness.rerun():  # counted as under way: an expensive rerun gives way to it (ui/fairness.py)
    # once per server: the lesson pages' default experiments and the Network lab's default run, computed in
    # the gaps between reruns
    warm.start(lambda stop: [*lesson_cache.defaults(stop), lambda: lab_defaults(stop)])
    page.run()
