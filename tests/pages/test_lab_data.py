"""The Network lab's own-data block and "Copy as PyTorch" under AppTest: pasted rows become the page's data
set and its link, bad rows change nothing and say why, a link's oversized set is refused with a notice, and
the page offers the script the engine writes (or the reason there is none)."""

from __future__ import annotations

import functools

from datasets import user
from tests.pages.helpers import open_page, url
from training import lab, torch_script

open_lab = functools.partial(open_page, page="network_lab", timeout=180)
ROWS = "x1,x2,label\n" + "\n".join(f"{0.1 * i},{(-1) ** i * 0.5},{i % 2}" for i in range(20))


def _opened(app, expander_key: str):
    """``app`` after the visitor opened the expander ``expander_key`` (drawn only when open: a rerun)."""
    app.session_state[expander_key] = True
    return app.run()


def _errors(app) -> str:
    return "\n".join(str(e.value) for e in app.error).replace("\\", "")


def test_pasted_rows_become_the_data_set_and_travel_in_the_link():
    app = open_lab({"steps": "20"})
    assert not app.text_area, "the own-data block is drawn when opened"
    _opened(app, "nl_data:open").text_area(key="nl_data:paste").set_value(ROWS)
    app.button(key="nl_data:use_paste").click().run()
    assert not app.exception, app.exception
    state = app.session_state["nl_state"]
    assert state.dataset == "user" and user.decode(dict(state.dataset_params)["points"]) == user.parse_csv(
        ROWS
    )
    assert url(app)["data"].startswith("user:points=c") and url(app) == lab.to_query(state)
    assert not app.error, _errors(app)
    again = open_lab(url(app))  # the link gives the same points
    assert again.session_state["nl_state"] == state


def test_malformed_rows_change_nothing_and_say_why():
    app = _opened(open_lab({"steps": "20"}), "nl_data:open")
    before = app.session_state["nl_state"]
    app.text_area(key="nl_data:paste").set_value("x1,x2,label\n1,2,0\n3,abc,1\n")
    app.button(key="nl_data:use_paste").click().run()
    assert app.session_state["nl_state"] == before
    assert "row 3: 'abc' is not a number" in _errors(app) and "Nothing changed" in _errors(app)


def test_a_link_with_too_many_points_inline_is_refused_with_a_notice():
    rows = [(i * 0.01, (i % 7) * 0.1, i % 2) for i in range(user.MAX_URL_POINTS + 5)]
    big = user.parse_csv("x1,x2,label\n" + "\n".join(",".join(map(str, row)) for row in rows))
    app = open_lab({"data": "user:points=" + user._inline(big), "steps": "20"})
    assert app.session_state["nl_state"].dataset == "two_moons"
    notices = "\n".join(str(e.value) for e in (*app.warning, *app.info, *app.markdown))
    assert "links carry at most 300" in notices.replace("\\", "")


def test_the_page_offers_the_engines_pytorch_script_or_says_why_not():
    app = open_lab({"steps": "20", "opt1": "sgd:lr=0.1"})
    state = app.session_state["nl_state"]
    python = lambda: [code for code in app.code if code.language == "python"]  # noqa: E731
    assert not python(), "the script's code block is drawn when its expander is opened"
    _opened(app, "nl_torch_code0")
    assert [code.value.strip() for code in python()] == [torch_script.script(state).strip()]
    assert app.get("download_button")
    refused = open_lab({"steps": "20", "opt1": "lion"})
    assert "No PyTorch script for Lion" in "\n".join(str(e.value) for e in refused.info)


def test_a_large_set_the_server_no_longer_keeps_falls_back_with_a_notice():
    rows = "x1,x2,label\n" + "\n".join(
        f"{i * 0.01},{(i % 7) * 0.1},{i % 2}" for i in range(user.MAX_URL_POINTS + 1)
    )
    app = _opened(open_lab({"steps": "5"}), "nl_data:open")
    app.text_area(key="nl_data:paste").set_value(rows)
    app.button(key="nl_data:use_paste").click().run()
    assert url(app)["data"].startswith("user:points=#")  # too large for the link: a reference
    user._KEPT.clear()  # as when 32 newer large sets pushed it out
    app.run()
    assert not app.exception, app.exception
    assert app.session_state["nl_state"].dataset == "two_moons"
    assert "no longer holds" in "\n".join(str(e.value) for e in (*app.warning, *app.info, *app.markdown))


def test_a_run_the_budget_cut_is_exported_with_the_steps_that_ran(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "0.5")
    app = _opened(open_lab({"steps": "5000", "opt1": "sgd:lr=0.1"}), "nl_torch_code0")
    scripts = [code.value for code in app.code if code.value.startswith('"""The network lab')]
    steps = int(next(line for line in scripts[0].splitlines() if line.startswith("STEPS = ")).split()[2])
    assert 0 < steps < 5000  # the budget's cut, not the link's 5,000
