"""Network lab: train a small network on a toy data set and watch the lecture's instruments.

The page state is a :class:`training.lab.LabState` (one or two configurations on the same data and seed);
the URL is that state written down (:func:`training.lab.to_query`). Top to bottom: read the URL, the
sidebar's widgets, the next state (checked by a round trip through its URL form), the URL again; then the
runs (cached), the failures they show, their figures, the link and the files.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

import scenes
from playground.budget import ENVIRONMENT_VARIABLE, duration
from training import compare, lab, lab_files
from ui import budget, lab_data, lab_ensemble, lab_landscape, lab_player, lecture, network_lab, session, share
from ui import scenes as scenes_ui
from ui.params import param_widget
from ui.session import init
from ui.text import notices, plain

MODEL = session.PageModel("nl_state", "nl:")
NOTICES = "nl_notices"  # (the state the URL gave, its notices): shown while the page still shows that state
SCENE = "nl_scene"  # the scene the page last opened from a link: where presenter mode's clicker stands
PLAYER = "nl_player"  # the one player of every figure and configuration: presenter mode fits it
INTRO = (
    "Train a small fully connected network on a toy data set and watch what the lectures measure: the "
    "decision regions, the train and validation curves with the early-stopping point, per-layer "
    "activations, gradient norms and update/weight ratios (about 1e-3 is healthy), and the network itself: "
    "each hidden unit drawn as a map of its output. One player moves every figure: ▶ plays training, Step "
    "goes one step on, the slider reaches every step; compare two configurations on the same data and seed."
)


def open_preset(name: str) -> None:
    loaded, found = lab.from_query(lab_files.PRESETS[name])
    MODEL.set(loaded)
    st.session_state[NOTICES] = (loaded, found)


jumped = lecture.arrived() is not None  # presenter mode's PageDown opened a scene of this page
if jumped or not MODEL.exists():
    loaded, found, opened = network_lab.read_link(session.query())
    (MODEL.replace if jumped else MODEL.set)(loaded)  # a jump: the last scene's widgets are not reused
    st.session_state[NOTICES], st.session_state[SCENE] = (loaded, found), opened
# presenter mode's clicker; the player (every figure of both configurations) is the key figure
_, screen = lecture.keys(st.session_state.get(SCENE), (), PLAYER)
scenes_ui.style(lecture.presenter())
state = MODEL.state

with st.sidebar:
    st.header("Presets")
    for preset in lab_files.PRESETS:
        st.button(
            preset,
            key=f"nl_preset:{preset}",
            help=lab_files.CLAIMS[preset],
            on_click=open_preset,
            args=(preset,),
            width="stretch",
        )
    st.header("Data")
    dataset, dataset_params = network_lab.data_controls(state.dataset, state.dataset_params, MODEL.widgets)
    lab_data.own_data(MODEL, state)
    st.header("View")
    view = network_lab.view_controls()
    st.header("Training")
    steps = param_widget(lab.STEPS, MODEL.widget("steps"), state.steps)
    batch = param_widget(lab.BATCH, MODEL.widget("batch"), state.batch)
    seed = param_widget(lab.SEED, MODEL.widget("seed"), state.seed)
    members, snapshots = lab_ensemble.controls(state, MODEL.widgets)
    comparing = st.toggle(
        "Compare two configurations",
        key=init(MODEL.widget("compare"), len(state.configs) == 2),
        help="Train a second network and optimizer on the same data with the same seed.",
    )
    wanted = (*state.configs, state.configs[0])[: 2 if comparing else 1]
    configs = []
    for index, tab in enumerate(st.tabs([f"Configuration {i + 1}" for i in range(len(wanted))])):
        with tab:
            configs.append(network_lab.config_controls(wanted[index], f"{MODEL.widgets}c{index}:"))

edited = dataclasses.replace(
    state,
    dataset=dataset,
    dataset_params=dataset_params,
    configs=tuple(configs),
    steps=int(steps),
    batch=int(batch),
    seed=int(seed),
    ensemble=members,
    snapshots=snapshots,
)
# the URL codec checks combinations (binary cross-entropy on three classes, a batch above the training set)
state, problems = lab.from_query(lab.to_query(edited))
MODEL.store(state)
query = lab.to_query(state)
opened = st.session_state.get(SCENE)
session.write_query({**network_lab.scene_query(opened, state), **query, **lecture.presenter_query()})

if lecture.presenter():
    lecture.header("Network lab", scenes.get(opened) if opened else None, INTRO)
else:
    st.title("Network lab")
    st.markdown(INTRO)
loaded, found = st.session_state.get(NOTICES, (None, []))
if opened and loaded == state and not lecture.presenter():  # the scene's claim, while its preset is shown
    shown_scene = scenes.get(opened)
    st.info(f"**Scene: {shown_scene.title}**\n\n{shown_scene.caption}", icon=":material/school:")
if loaded == state:
    notices("The link had values that could not be used:", found)
notices("Some settings cannot train together and were changed:", problems)

plan = network_lab.plan(state)  # one budget for both configurations: a notice if cut; refused, the page ends
stop = budget.stopper(plan)  # the CPU deadline, and an end as soon as the visitor leaves
runs, figures, shown = [], [], []  # shown: the configurations that ran
for index in range(len(state.configs)):
    config, spec = state.configs[index], lab.network_spec(state, index)
    args = (spec, config, plan.steps, state.batch, state.seed)
    try:
        with budget.slot(plan):
            result = network_lab.run(*args, _stop=stop)
    except ValueError as error:  # a setting the network cannot take
        st.error(plain(f"Configuration {index + 1} cannot run: {error}."), icon=":material/block:")
        continue
    runs.append(result)
    figures.append(network_lab.layer_figures(*args, _result=result))
    shown.append(index)
compared = len(runs) == len(state.configs) == 2
if compared:  # one verdict from both runs (the player draws both on the same axes)
    st.info(plain(compare.verdict(runs)), icon=":material/compare_arrows:")
message = None
if runs:  # one player for every configuration: one Play, one scrubber, every figure at the same step
    titles = tuple(compare.heading(state, i) if compared else "" for i in shown)
    message = network_lab.player_message(
        state, plan.steps, tuple(shown), titles, view, lecture.presenter(), _runs=tuple(runs)
    )
    network_lab.player(message, PLAYER, screen if lecture.presenter() else None)
    network_lab.player_words(runs, titles)
columns = st.columns(len(runs)) if len(runs) > 1 else [st.container() for _ in runs]
room = network_lab.checklist_room(state, plan)  # the checklists' small-sample runs fit in what is left
for index, column, result, figs in zip(shown, columns, runs, figures, strict=True):
    with column:
        if len(state.configs) > 1:
            st.subheader(plain(compare.heading(state, index)))
        network_lab.panels(result, figs, f"nl_{index}", len(state.configs) > 1)
        room = network_lab.checks(result, state, index, stop, room)

lab_ensemble.section(state, plan.steps, stop, runs[0] if shown[:1] == [0] else None)
lab_landscape.section(state, plan.steps, shown, runs, stop, room)  # drawn when asked, in what is left

st.caption(
    f"Budget: the configurations together must fit {duration(budget.budget_seconds())} of computing "
    "by their estimate before training starts; a larger request is cut to fewer steps with a notice "
    f"(set {ENVIRONMENT_VARIABLE} to change it)."
)
st.subheader("Share and export")
share.share_box(query)
if runs and len(runs) == len(state.configs):
    left, right = st.columns(2)
    left.download_button(
        "Curves and statistics (CSV)", lab_files.curves_csv(state, runs), "network_lab.csv", "text/csv"
    )
    right.download_button(
        "Curves and statistics (JSON)",
        lab_files.statistics_json(state, runs),
        "network_lab.json",
        "application/json",
    )
if message is not None:  # the same player and message as one file that plays offline
    st.download_button(
        "Figures as an offline player (HTML)",
        lambda: lab_player.page(message, title="Network lab"),  # built when asked: the message, in base64
        "network_lab_player.html",
        "text/html",
    )
for index in range(len(state.configs)):  # "Copy as PyTorch": the run as a torch script, or why there is none
    lab_data.torch_button(dataclasses.replace(state, steps=plan.steps), index)  # the steps that ran
