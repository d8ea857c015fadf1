"""The served Landscape explorer with a visitor who leaves: a run of many minutes (the budget raised to ten)
stops with the closed tab. Driven over Streamlit's websocket protocol (benchmarks/load_protocol.py)."""

from __future__ import annotations

import pathlib
import sys
import time
from urllib.parse import urlparse

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.load_protocol import Link, ServerMeter, server_pid, visit  # noqa: E402
from tools.serve import serve_app  # noqa: E402

FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))
# SGD basins on a 500-character formula: 200 x 200 starts x 1,000 steps, about a minute and a half of CPU
LONG_RUN = Link.of("explorer", surface="custom", expr=FORMULA, lane1="sgd:lr=0.001", grid=200, steps=1000)


def test_a_basin_map_abandoned_by_its_visitor_stops_with_the_closed_tab(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_BUDGET_SECONDS", "600")  # only the visitor's leaving can end the run
    with serve_app() as url:
        meter = ServerMeter(server_pid(urlparse(url).port))
        try:
            assert visit(url, Link.of("explorer", grid=8, steps=20)).error is None  # warm: imports
            started, before = time.perf_counter(), meter.cpu()
            # the tab is closed once the server has spent a CPU second on the run (or after 60 s)
            visit(url, LONG_RUN, leave_after=60.0, leave_when=lambda: meter.cpu() - before > 1.0)
            busy_while_open = meter.cpu() - before
            rate_while_open = busy_while_open / (time.perf_counter() - started)
            time.sleep(1.0)  # the stop is asked every 50 ms of the run; the session's teardown takes a moment
            quiet_from = meter.cpu()
            time.sleep(3.0)
            busy_after = meter.cpu() - quiet_from
        finally:
            meter.close()
    assert busy_while_open > 0.5, f"the run did not start working ({busy_while_open:.2f} s of CPU)"
    # a run that went on would keep the server about as busy as while the tab was open
    assert busy_after < 0.1 * rate_while_open * 3.0, (rate_while_open, busy_after)
