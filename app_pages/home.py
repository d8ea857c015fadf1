"""Welcome page: what the app shows and where to start, over the picture the Playground opens on."""

import streamlit as st

import scenes
from playground import compute
from playground.keys import surface_key
from playground.picture import lanes_key
from playground.state import PlaygroundState
from ui import cache, figures, lecture

st.title("Optimizer Playground")
st.markdown(
    "See why SGD zigzags, why momentum overshoots, why AdaGrad stalls and why Adam is the default: "
    "pick a loss surface, race optimizers across it, and inspect every step."
)
left, right = st.columns(2)
with left:
    st.page_link("app_pages/playground.py", label="Open the Playground", icon=":material/show_chart:")
    st.caption(
        "Choose a surface and up to six optimizers, press Play, scrub, inspect one step, share the link."
    )
with right:
    st.page_link("app_pages/scenes.py", label="Browse the lecture scenes", icon=":material/school:")
    st.caption(
        f"{len(scenes.names())} ready-made lessons, each one click (or one link) away, with a presenter mode."
    )
st.subheader("Start the lecture")
st.caption(
    "Presenter mode, on a projector: no sidebar, large text, each scene's figure on one screen; PageDown "
    "(a clicker's next key) or ▶ steps to the next scene, from page to page."
)
outline = scenes.lecture.sections(scenes.scenes())
for column, (part, first) in zip(
    st.columns(2), scenes.lecture.part_starts(scenes.scenes()).items(), strict=False
):
    with column:
        if st.button(f"▶ Start {scenes.lecture.PARTS[part].lower()}", key=f"start_part_{part}"):
            lecture.go(first.id)  # presenter mode, at the part's first scene, in its page
        covered = [section.title for section, group in outline if section.part == part and group]
        count = sum(len(group) for section, group in outline if section.part == part)
        st.caption(f"{count} scenes: " + ", ".join(covered) + ".")
st.markdown(
    "**Reading the map.** Blue is low loss and sand is high, the circle is the start, the star the "
    "minimum; each optimizer is a lane with its own colour, dash and marker. Below: the picture the "
    "Playground opens on, a bowl ten times steeper across than along, with SGD, momentum and Adam."
)

state = PlaygroundState()
skey = surface_key(state)
key = figures.FigureKey(
    surface=skey,
    lanes=lanes_key(state, compute.shared_start(state, cache.surface(skey))),
    steps=state.steps,
    average=None,
    layout=state.layout,
    inspect=None,
    presenter=False,
)
height = figures.map_height(key)
figures.player_chart(figures.watch_message(key, height), key="welcome_map")
