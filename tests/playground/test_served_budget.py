"""The served app under a hostile visitor: the expensive run is cut with a notice, and a run whose visitor
has left stops at once. Driven over Streamlit's websocket protocol (benchmarks/load.py's visitor)."""

from __future__ import annotations

import os
import pathlib
import sys
import time
from urllib.parse import urlparse

import pytest

from tools.serve import serve_app

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402


@pytest.fixture(scope="module")
def patient_server():
    """The app with a budget of 10 minutes a rerun: only the visitor's leaving can end a hostile run."""
    previous = os.environ.get("PLAYGROUND_BUDGET_SECONDS")
    os.environ["PLAYGROUND_BUDGET_SECONDS"] = "600"
    try:
        with serve_app() as url:
            yield url, load.ServerMeter(load.server_pid(urlparse(url).port))
    finally:
        if previous is None:
            del os.environ["PLAYGROUND_BUDGET_SECONDS"]
        else:
            os.environ["PLAYGROUND_BUDGET_SECONDS"] = previous


def test_a_run_abandoned_by_its_visitor_stops_within_a_second_or_two(patient_server):
    url, meter = patient_server
    assert load.visit(url, load.Link.of("")).error is None  # warm: imports and the default page
    hostile = load.hostile("playground", 7)
    before = time.perf_counter(), meter.cpu()
    # the tab is closed once the server has spent a CPU second on a run of many minutes (or after 60 s)
    load.visit(url, hostile, leave_after=60.0, leave_when=lambda: meter.cpu() - before[1] > 1.0)
    busy_while_open = meter.cpu() - before[1]
    rate_while_open = busy_while_open / (time.perf_counter() - before[0])
    time.sleep(1.5)  # "within a second or two"
    quiet_from = meter.cpu()
    time.sleep(3.0)
    busy_after = meter.cpu() - quiet_from
    meter.close()
    assert busy_while_open > 0.5, f"the hostile run did not start working ({busy_while_open:.2f} s of CPU)"
    # a run that went on would keep the server as busy as while the tab was open
    assert busy_after < rate_while_open * 3.0 / 3, (rate_while_open, busy_after)
