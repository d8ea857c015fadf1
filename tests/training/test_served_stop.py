"""The served Network lab and Initialisation page under a visitor who closes the tab mid-run: the work stops
(tests/served.py: a budget of ten minutes a rerun, so that only the visitor's leaving can end the run)."""

from __future__ import annotations

import pytest

from benchmarks.load_protocol import Link, visit
from tests.served import abandon

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


@pytest.mark.parametrize("page", list(LINKS))
def test_a_run_abandoned_by_its_visitor_stops(patient_server, page):
    url, meter = patient_server
    warm = Link.of(page, **({"steps": "5"} if page == "network_lab" else {"width": "50"}))
    assert visit(url, warm).error is None
    run = abandon(url, meter, LINKS[page](1), leave_at=0.5, quiet=2.0)
    assert run.busy_while_open > 0.3, f"the run did not start working ({run.busy_while_open:.2f} s of CPU)"
    # a run that went on would keep the server as busy as while the tab was open
    assert run.share_kept < 1 / 3, run
