"""The served Playground under a hostile visitor who leaves: a run of many minutes stops within a second or
two of the closed tab (tests/served.py; benchmarks/load.py's hostile link)."""

from __future__ import annotations

import os

from benchmarks.load import hostile
from benchmarks.load_protocol import Link, visit
from tests.served import PATIENT_BUDGET, abandon


def test_a_run_abandoned_by_its_visitor_stops_within_a_second_or_two(patient_server):
    url, meter = patient_server
    # the patient budget is the server's, not this worker's: its later AppTest runs keep the default budget
    assert os.environ.get("PLAYGROUND_BUDGET_SECONDS") != PATIENT_BUDGET
    assert visit(url, Link.of("")).error is None  # warm: imports and the default page
    run = abandon(url, meter, hostile("playground", 7), settle=1.5)  # "within a second or two"
    busy = run.busy_while_open
    assert busy > 0.5, f"the hostile run did not start working ({busy:.2f} s of CPU)"
    # a run that went on would keep the server as busy as while the tab was open
    assert run.share_kept < 1 / 3, run
