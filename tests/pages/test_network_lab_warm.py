"""The server warms the Network lab's default run (ui.warm, through app.py): the entries it computes are the
very ones a first visit of the page reads, so that visit trains nothing and builds no message."""

from __future__ import annotations

import functools

import pytest

from tests.pages.helpers import open_page
from training import checklist, lab
from ui import network_lab
from viz import lab_player

open_lab = functools.partial(open_page, page="network_lab", timeout=180)


def test_the_warmed_default_run_and_message_are_the_ones_the_page_reads(monkeypatch):
    for task in network_lab.defaults():
        task()

    def computed_again(*_args, **_kwargs):
        pytest.fail("the page computed what the warming had computed: its cache entry was another")

    monkeypatch.setattr(lab, "train", computed_again)
    monkeypatch.setattr(lab_player, "payload", computed_again)
    monkeypatch.setattr(checklist, "small_sample_run", computed_again)
    app = open_lab()  # a first visit: no link
    assert [e for e in app.get("bidi_component") if e.proto.component_name == "cs231n_lab_player"]
    assert "Overfit 20 points" in "\n".join(str(m.value) for m in app.markdown)
