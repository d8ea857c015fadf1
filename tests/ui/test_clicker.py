"""The clicker's queue: every key the browser reported is applied once, in order, none lost or replayed."""

from ui import clicker
from ui.clicker import unapplied


def test_a_report_gives_the_moves_not_applied_yet():
    report = {"from": 2, "moves": ["next", "prev", "next"]}
    assert unapplied(report, 2) == (["next", "prev", "next"], 5)
    assert unapplied(report, 3) == (["prev", "next"], 5)  # one of them was applied by an earlier run
    assert unapplied(report, 5) == ([], 5)  # the same report again: nothing is applied twice
    assert unapplied(report, 7) == ([], 7)  # an older report than what is applied


def test_a_new_session_takes_a_report_it_finds_as_applied():
    assert unapplied({"from": 0, "moves": ["next", "next"]}, None) == ([], 2)
    assert unapplied(None, None) == ([], 0)


def test_a_malformed_report_is_no_move():
    for report in ({"from": "x", "moves": []}, {"moves": ["next"]}, "next", 3, {"from": 0, "moves": None}):
        assert unapplied(report, 1) == ([], 1)
    assert unapplied({"from": 0, "moves": ["next", "jump", "<b>"]}, 0) == (["next"], 3)


class _StoppedError(Exception):
    """Streamlit stopping a run for a newer one (it may, at any read or write of st.session_state)."""


class _Session(dict):
    """st.session_state that stops the run at its ``stop_at``-th access."""

    def __init__(self, stop_at=None):
        super().__init__()
        self.accesses, self.stop_at = 0, stop_at

    def _touch(self):
        self.accesses += 1
        if self.accesses == self.stop_at:
            raise _StoppedError

    def get(self, key, default=None):
        self._touch()
        return super().get(key, default)

    def __setitem__(self, key, value):
        self._touch()
        super().__setitem__(key, value)


def _run(monkeypatch, session, report, current, walk):
    """One run's clicker part: the scene the moves lead to, opened (None if the run was stopped)."""
    monkeypatch.setattr(clicker.st, "session_state", session)
    dict.__setitem__(session, clicker.KEY, {"moves": report})  # the browser's report (no access counted)
    session.accesses = 0
    try:
        goal = clicker.target(True, current, walk)
        if goal is not None:
            clicker.opened()
        return goal
    except _StoppedError:
        return None


def _walk(at, moves):
    position = int(at or 0) + sum(1 if move == "next" else -1 for move in moves)
    return str(position)


def test_a_run_stopped_anywhere_neither_loses_nor_repeats_a_move(monkeypatch):
    """Each run is stopped at its n-th access of session state, n = 1, 2, ...; the next run (not stopped)
    must end on the scene the keys lead to, whatever was done before the stop."""
    first = {"from": 0, "moves": []}
    report = {"from": 0, "moves": ["next", "next", "next"]}
    for stop_at in range(1, 8):
        session = _Session()
        monkeypatch.setattr(clicker.st, "session_state", session)
        assert _run(monkeypatch, session, first, "0", _walk) is None
        session.stop_at = stop_at
        stopped = _run(monkeypatch, session, report, "0", _walk)  # "3", or None if stopped before opening
        session.stop_at = None
        again = _run(monkeypatch, session, report, stopped or "0", _walk)
        assert (stopped, again) in (("3", None), (None, "3")), stop_at
        assert _run(monkeypatch, session, report, "3", _walk) is None  # the same report: applied once


def test_the_buttons_moves_join_the_keys(monkeypatch):
    session = _Session()
    _run(monkeypatch, session, {"from": 0, "moves": []}, "0", _walk)
    clicker.press("next")
    clicker.press("next")
    assert _run(monkeypatch, session, {"from": 0, "moves": ["prev"]}, "5", _walk) == "6"
    assert _run(monkeypatch, session, {"from": 0, "moves": ["prev"]}, "6", _walk) is None


def _lecture_run(monkeypatch, session, report, current):
    monkeypatch.setattr(clicker.st, "session_state", session)
    dict.__setitem__(session, clicker.KEY, {"moves": report})
    goal = clicker.target(True, current, _walk, lecture=True)
    if goal is not None:
        clicker.opened()
    return goal


def test_a_run_of_the_page_the_lecture_left_goes_back_to_where_it_stands(monkeypatch):
    """PageDown from scene 0 (page A) opens scene 1 (page B); a request the browser sent from page A before
    it had page B runs page A again, showing scene 0: that run reopens scene 1, and a key it carries walks
    on from scene 1, not from 0."""
    session = _Session()
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": []}, "0") is None
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": ["next"]}, "0") == "1"
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": ["next"]}, "1") is None  # page B, at rest
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": ["next"]}, "0") == "1"  # page A again
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": ["next", "next"]}, "0") == "2"
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": ["next", "next", "prev"]}, "2") == "1"
    moves = ["next", "next", "prev", "next"]
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": moves}, "1") == "2"
    # two pages back: page A (scene 0) runs again after scenes 1 and 2 opened
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": moves}, "0") == "2"
    clicker.stand("5")  # a preset button opened scene 5 here: the keys walk on from it
    assert _lecture_run(monkeypatch, session, {"from": 0, "moves": [*moves, "next"]}, "5") == "6"
    # outside the lecture (the Playground's own scenes) the page's scene is where the keys start
    assert clicker.target(True, "5", _walk) is None
