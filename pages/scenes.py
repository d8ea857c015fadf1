"""Scenes gallery: every lecture scene as a card, with links that open it in the Playground."""

import itertools

import streamlit as st

import scenes

PLAYGROUND = "pages/playground.py"
COLUMNS = 2

# Cards of one row share a height, so a row reads as a row; the rules block scrolls sideways if it must.
CARD_CSS = """
<style>
div[data-testid="stVerticalBlockBorderWrapper"] .katex-display { overflow-x: auto; overflow-y: hidden; }
div[data-testid="stVerticalBlockBorderWrapper"] .katex-display .katex { font-size: 1.05em; }
</style>
"""

OPTIMIZER_TITLES = {
    "sgd": "SGD",
    "momentum": "momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
    "newton": "Newton",
    "lbfgs": "L-BFGS",
}


def lanes_summary(scene: scenes.Scene) -> str:
    """``ravine · SGD, momentum · 300 steps``: what the scene runs, in a few words."""
    names = []
    for lane in scene.state.lanes:
        name = OPTIMIZER_TITLES.get(lane.optimizer, lane.optimizer)
        if name not in names:
            names.append(name)
    surface = scene.state.surface.replace("_", " ")
    return f"{surface} · {', '.join(names)} · {scene.state.steps:,} steps"


def card(number: int, scene: scenes.Scene) -> None:
    with st.container(border=True):
        st.markdown(f"**{number}. {scene.title}**")
        st.caption(lanes_summary(scene))
        st.markdown(scene.caption)
        st.latex(scene.rules)
        with st.container(horizontal=True, gap="small"):
            st.page_link(
                PLAYGROUND,
                label="Open in playground",
                icon=":material/play_arrow:",
                query_params=scene.query,
                help=f"Opens ?scene={scene.id}",
            )
            st.page_link(
                PLAYGROUND,
                label="Present",
                icon=":material/co_present:",
                query_params=scene.presenter_query,
                help=f"Opens ?scene={scene.id}&presenter=1: no sidebar, large type, previous/next scene",
            )
        if scene.check:
            st.caption(f"Checked by a test: {scene.check}")


st.markdown(CARD_CSS, unsafe_allow_html=True)
st.title("Lecture scenes")
st.markdown(
    "Each scene is one lesson of a lecture on training neural networks, set up in the Playground so that "
    "its phenomenon is on screen the moment it opens: a surface, a few optimizer lanes, their "
    "hyperparameters and a start point. Every scene is checked by a test that measures the phenomenon in "
    "the trajectory numbers, so what you show is what the math says."
)
with st.expander("For lecturers: deep links and presenter mode", expanded=False):
    first = scenes.names()[0]
    st.markdown(
        f"""
- **Deep links.** Every scene has a stable address: add `?scene=ID` to the app's address, for example
  `/?scene={first}`. Put these links on your slides; they always open the same picture.
- **Presenter mode.** Add `&presenter=1` (or use the *Present* link on a card) to hide the sidebar,
  enlarge text and lines for a projector, and get *Previous scene* / *Next scene* buttons that walk
  through the scenes in the order below.
- **Live changes.** A scene is only a starting point: change a learning rate, add a lane or move the start
  and the page updates at once. The address bar then holds the whole edited state, so a link to it reproduces
  exactly what the room saw.
"""
    )
    st.markdown("Scene ids, in lecture order:")
    st.code("\n".join(scenes.names()), language=None)

number = itertools.count(1)
for topic, group in itertools.groupby(scenes.scenes(), key=lambda s: s.topic):
    st.subheader(topic or "More scenes")
    group = list(group)
    for row_start in range(0, len(group), COLUMNS):
        columns = st.columns(COLUMNS)
        for column, scene in zip(columns, group[row_start : row_start + COLUMNS], strict=False):
            with column:
                card(next(number), scene)
