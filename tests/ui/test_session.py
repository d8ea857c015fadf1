"""ui.session's widget keys: a first value is sent to the browser again in the next runs, then left alone."""

import pytest

from ui import session


class Recorder(dict):
    """st.session_state as a dict that counts the writes of each key (a write is what sends a widget's
    value to the browser again)."""

    def __init__(self):
        super().__init__()
        self.writes = {}

    def __setitem__(self, key, value):
        self.writes[key] = self.writes.get(key, 0) + 1
        super().__setitem__(key, value)


@pytest.fixture
def state(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(session.st, "session_state", recorder)
    return recorder


def test_a_first_value_is_sent_again_in_the_next_runs_then_left_alone(state):
    for _ in range(1 + session.RESENDS + 3):  # one call per run, as a page draws each widget once
        assert session.init("w:layout", "multiples") == "w:layout"
    assert state["w:layout"] == "multiples"
    assert state.writes["w:layout"] == 1 + session.RESENDS
    assert "w:layout" not in state[session.RESEND]


def test_a_visitors_change_stands_when_it_is_sent_again(state):
    session.init("w:layout", "multiples")
    dict.__setitem__(state, "w:layout", "overlay")  # the browser sent the visitor's choice
    session.init("w:layout", "multiples")
    assert state["w:layout"] == "overlay" and state.writes["w:layout"] == 2


def test_a_new_model_starts_its_widgets_over(state):
    model = session.PageModel("pg_state", "w:")
    model.set("first")
    session.init(model.widget("layout"), "multiples")
    model.set("second")  # the widget keys are dropped, and their resends with them
    assert "w:layout" not in state and "w:layout" not in state[session.RESEND]
    session.init(model.widget("layout"), "overlay")
    assert state["w:layout"] == "overlay" and state[session.RESEND]["w:layout"] == session.RESENDS
