"""The served Landscape explorer with a visitor who leaves: a run of many minutes stops with the closed tab
(tests/served.py: a budget of ten minutes a rerun, so that only the visitor's leaving can end the run)."""

from __future__ import annotations

from benchmarks.load_protocol import Link, visit
from tests.served import abandon

FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))
# SGD basins on a 500-character formula: 200 x 200 starts x 1,000 steps, about a minute and a half of CPU
LONG_RUN = Link.of("explorer", surface="custom", expr=FORMULA, lane1="sgd:lr=0.001", grid=200, steps=1000)


def test_a_basin_map_abandoned_by_its_visitor_stops_with_the_closed_tab(patient_server):
    url, meter = patient_server
    assert visit(url, Link.of("explorer", grid=8, steps=20)).error is None  # warm: imports
    run = abandon(url, meter, LONG_RUN)
    assert run.busy_while_open > 0.5, f"the run did not start working ({run.busy_while_open:.2f} s of CPU)"
    # a run that went on would keep the server about as busy as while the tab was open
    assert run.share_kept < 0.1, run
