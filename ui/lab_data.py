"""The network lab's "Your own data" block (sidebar) and its "Copy as PyTorch" button.

Points come from a CSV file, pasted rows or clicks on a small board (:mod:`viz.lab_points`); they are read
by :mod:`datasets.user` (pure), and a set the lab can train on replaces the page's data set through the
page model (:func:`training.lab.with_points`), so the link carries it. A file or text that cannot be used
leaves everything as it was and says why, once, in plain text.
"""

from __future__ import annotations

import streamlit as st

import datasets
from datasets import user
from datasets.user import UserDataError
from training import lab, torch_script
from ui.chart import plotly_chart
from ui.text import plain
from viz.lab_points import board_figure

PREFIX = "nl_data:"  # not the page model's widget stem: a new state must not drop these
DRAFT, MESSAGE, CLICKS = PREFIX + "draft", PREFIX + "message", PREFIX + "clicks"
CLASSES = tuple(range(user.MAX_CLASSES))
VALUE = "y"  # the board's choice that adds regression points
CODE_BLOCK_CHARS = 100_000


def _say(message: str | None) -> None:
    st.session_state[MESSAGE] = message


def _use(model, user_set) -> None:
    """Train on ``user_set`` (checked) or say why not; the page's state changes only on success."""
    try:
        text = user.encode(user.check(user_set))
    except UserDataError as error:
        _say(f"These points cannot be used: {error}.")
        return
    st.session_state[DRAFT] = user_set
    _say(None)
    model.edit(lab.with_points, text)


def _uploaded(model, key: str) -> None:
    file = st.session_state.get(key)
    if file is None:
        return
    if file.size > user.MAX_BYTES:  # refused by its size, before a byte of it is read
        _say(f"The file has {file.size / 1e6:.1f} MB; at most {user.MAX_BYTES / 1e6:g} MB. Nothing changed.")
        return
    _read(model, file.getvalue())


def _pasted(model, key: str) -> None:
    _read(model, st.session_state.get(key, ""))


def _read(model, data) -> None:
    try:
        user_set = user.parse_csv(data)
    except UserDataError as error:
        _say(f"The file cannot be used: {error}. Nothing changed.")
        return
    _use(model, user_set)


def _clicked(key: str, label, task: str) -> None:
    """A click on the board: on an empty place it adds a point of class ``label`` (or of value ``label`` for
    regression), on a point removes it. A board of classes takes no values, and the reverse."""
    event = st.session_state.get(key)
    chosen = getattr(getattr(event, "selection", None), "points", None) or []
    if not chosen:
        return
    draft, point = st.session_state.get(DRAFT), chosen[0]
    st.session_state[CLICKS] = st.session_state.get(CLICKS, 0) + 1  # a fresh board: no selection left
    try:
        if draft is not None and len(draft) and draft.task != task:
            what = "classes" if draft.task == "classification" else "values y"
            raise UserDataError(f"the board holds {what}; clear it first")
        if point.get("curve_number", 0) == 0:
            st.session_state[DRAFT] = user.with_point(draft, point["x"], point["y"], label, task)
        elif draft is not None:
            st.session_state[DRAFT] = _without(draft, point["x"], point["y"])
    except (UserDataError, KeyError) as error:
        _say(f"No point added: {error}.")


def _without(draft, x1: float, x2: float):
    """``draft`` without its point nearest ``(x1, x2)``."""
    nearest = min(range(len(draft)), key=lambda i: (draft.x1[i] - x1) ** 2 + (draft.x2[i] - x2) ** 2)
    keep = [i for i in range(len(draft)) if i != nearest]
    pick = lambda values: tuple(values[i] for i in keep)  # noqa: E731
    return user.UserSet(draft.task, pick(draft.x1), pick(draft.x2), pick(draft.target))


def _points(state: lab.LabState):
    """The state's own points, or None: another set, or a large set this server no longer keeps (the page's
    URL check then falls back to another set with a notice)."""
    if state.dataset not in datasets.USER_SETS:
        return None
    try:
        return user.decode(dict(state.dataset_params)["points"])
    except UserDataError:
        return None


def _clear() -> None:
    st.session_state[DRAFT] = None
    _say(None)


def own_data(model, state: lab.LabState) -> None:
    """The sidebar block: load or paste a CSV, or click points onto the board, then train on them."""
    if DRAFT not in st.session_state and state.dataset in datasets.USER_SETS:
        st.session_state[DRAFT] = _points(state)
    draft = st.session_state.get(DRAFT)
    # drawn when opened (a rerun), and open from the start on your own data: its file box and text area
    # would otherwise cost every first visit of the page
    box = st.expander(
        "Your own data", expanded=state.dataset in datasets.USER_SETS, key=PREFIX + "open", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.caption(
            f"A CSV of x1,x2,label (classes 0-{user.MAX_CLASSES - 1}) or x1,x2,y (regression), "
            f"{user.MIN_POINTS} to {user.MAX_POINTS:,} rows; up to {user.MAX_URL_POINTS} points travel in "
            "the link."
        )
        st.file_uploader(
            "CSV file",
            type=["csv", "txt"],
            key=PREFIX + "file",
            on_change=_uploaded,
            max_upload_size=max(1, round(user.MAX_BYTES / 1e6)),  # MB: the browser refuses a larger file
            args=(model, PREFIX + "file"),
        )
        st.text_area("…or paste rows", key=PREFIX + "paste", height=80, placeholder="x1,x2,label\n0.5,-1.2,0")
        st.button(
            "Use pasted rows", key=PREFIX + "use_paste", on_click=_pasted, args=(model, PREFIX + "paste")
        )
        if not st.toggle("Draw points by clicking", key=PREFIX + "draw", value=shown_default(state)):
            _message_and_download(state)
            return
        kind = st.segmented_control(
            "A click adds a point of",
            (*CLASSES, VALUE),
            key=PREFIX + "class",
            default=0,
            format_func=lambda k: "a value y" if k == VALUE else f"class {k}",
        )
        task = "regression" if kind == VALUE else "classification"
        label = st.number_input("y of a click", key=PREFIX + "y", value=0.0) if kind == VALUE else kind or 0
        shown = draft if draft is not None and len(draft) else None
        key = f"{PREFIX}board{st.session_state.get(CLICKS, 0)}"
        plotly_chart(
            board_figure(
                [] if shown is None else shown.points,
                [] if shown is None else shown.targets,
                task if shown is None else shown.task,
            ),
            key=key,
            on_select=lambda: _clicked(key, label, task),
            selection_mode=("points",),
            config={"displayModeBar": False},
        )
        count = 0 if shown is None else len(shown)
        st.button(
            f"Train on these {count} points",
            key=PREFIX + "use",
            disabled=count == 0,
            on_click=_use,
            args=(model, shown),
            width="stretch",
        )
        st.button("Clear the board", key=PREFIX + "clear", on_click=_clear, width="stretch")
        _message_and_download(state)


def shown_default(state: lab.LabState) -> bool:
    """The board starts open on clicked points (a classification set small enough for a link)."""
    return state.dataset == "user" and not dict(state.dataset_params)["points"].startswith("#")


def _message_and_download(state: lab.LabState) -> None:
    message = st.session_state.get(MESSAGE)
    if message:
        st.error(plain(message), icon=":material/error:")
    points = _points(state)
    if points is not None:
        st.download_button(
            f"Your {len(points)} points (CSV)", user.to_csv(points), "your_points.csv", "text/csv"
        )


def torch_button(state: lab.LabState, index: int) -> None:
    """ "Copy as PyTorch" for configuration ``index``: a download and the script in a code block (its copy
    button), or the reason there is none."""
    try:
        text = torch_script.script(state, index)
    except torch_script.UnsupportedError as error:
        st.info(plain(str(error)), icon=":material/info:")
        return
    name = f"network_lab_config{index + 1}.py"
    st.download_button(
        f"Copy as PyTorch: configuration {index + 1} (.py)",
        text,
        name,
        "text/x-python",
        key=f"nl_torch{index}",
    )
    if len(text) > CODE_BLOCK_CHARS:  # a large set's script is sent once, as the download, not twice
        st.caption(f"The script has {len(text) / 1e3:,.0f} kB: download it.")
        return
    # drawn when opened (a rerun): a few hundred highlighted lines would cost every first visit of the page
    box = st.expander(
        f"The PyTorch script ({len(text.splitlines()):,} lines): copy it from here",
        key=f"nl_torch_code{index}",
        on_change="rerun",
    )
    if box.open:
        with box:
            st.code(text, language="python")
