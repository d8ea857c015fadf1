"""The served Network lab and Initialisation page under a visitor who closes the tab mid-run: the work stops.
Driven over Streamlit's websocket protocol (benchmarks/load_protocol.py's visitor), with a budget of ten
minutes a rerun so that only the visitor's leaving can end the run."""

from __future__ import annotations

import os
import time
from urllib.parse import urlparse

import pytest

from benchmarks.load_protocol import Link, ServerMeter, server_pid, visit
from tools.serve import serve_app

# the lab's worst link (two 6 x 32 networks, 2,000 spiral points, L-BFGS with strong-Wolfe, 5,000 steps:
# many minutes at this budget) and the Initialisation page at its largest size (about two CPU seconds)
NET = "hidden_layers=6,width=32"
LBFGS = "lbfgs:line_search_fn=strong_wolfe,max_eval=100,lr={lr}"
LINKS = {
    "network_lab": lambda k: Link.of(
        "network_lab",
        data="spirals:n_points=2000",
        net1=NET,
        opt1=LBFGS.format(lr=1 - k / 1000),
        net2=NET,
        opt2=LBFGS.format(lr=1 - k / 1000),
        steps=5000,
    ),
    "initialisation": lambda k: Link.of("initialisation", layers=20, width=1000 - k, points=200),
}


@pytest.fixture(scope="module")
def patient_server():
    previous = os.environ.get("PLAYGROUND_BUDGET_SECONDS")
    os.environ["PLAYGROUND_BUDGET_SECONDS"] = "600"
    try:
        with serve_app() as url:
            meter = ServerMeter(server_pid(urlparse(url).port))
            yield url, meter
            meter.close()
    finally:
        if previous is None:
            del os.environ["PLAYGROUND_BUDGET_SECONDS"]
        else:
            os.environ["PLAYGROUND_BUDGET_SECONDS"] = previous


@pytest.mark.parametrize("page", list(LINKS))
def test_a_run_abandoned_by_its_visitor_stops(patient_server, page):
    url, meter = patient_server
    assert (
        visit(url, Link.of(page, **({"steps": "5"} if page == "network_lab" else {"width": "50"}))).error
        is None
    )
    started, cpu = time.perf_counter(), meter.cpu()
    # the tab is closed once the server has spent half a CPU second on the run (or after 60 s)
    visit(url, LINKS[page](1), leave_after=60.0, leave_when=lambda: meter.cpu() - cpu > 0.5)
    busy_while_open = meter.cpu() - cpu
    rate_while_open = busy_while_open / (time.perf_counter() - started)
    time.sleep(1.0)
    quiet_from = meter.cpu()
    time.sleep(2.0)
    busy_after = meter.cpu() - quiet_from
    assert busy_while_open > 0.3, f"the run did not start working ({busy_while_open:.2f} s of CPU)"
    # a run that went on would keep the server as busy as while the tab was open
    assert busy_after < rate_while_open * 2.0 / 3, (rate_while_open, busy_after)
