"""The clicker's queue: every key the browser reported is applied once, in order, none lost or replayed."""

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
