"""The served app under a visitor who closes the tab mid-run, for the served-stop tests of every page: the
server with a budget of ten minutes a rerun (so that only the visitor's leaving can end a long run) and a
meter of its CPU, and what the server did while the tab was open and after it was closed. Visits go over
Streamlit's websocket protocol (benchmarks/load_protocol.py's visitor)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Iterator
from unittest import mock
from urllib.parse import urlparse

from benchmarks.load_protocol import Link, ServerMeter, server_pid, visit
from tools.serve import serve_app

PATIENT_BUDGET = "600"  # seconds a rerun: longer than any run these tests abandon


@contextlib.contextmanager
def patient_server() -> Iterator[tuple[str, ServerMeter]]:
    """The app served with a budget of ``PATIENT_BUDGET`` seconds a rerun; yields its URL and CPU meter."""
    with contextlib.ExitStack() as stack:
        # the budget is the server's only: the session-scoped fixture lives as long as its test worker, and
        # a patch of this process's environment held that long gave every later AppTest in the worker a
        # budget of 600 s (the Playground's worst link then ran in full, 100 s, with no notice: a CI failure)
        with mock.patch.dict(os.environ, {"PLAYGROUND_BUDGET_SECONDS": PATIENT_BUDGET}):
            url = stack.enter_context(serve_app())
        meter = ServerMeter(server_pid(urlparse(url).port))
        try:
            yield url, meter
        finally:
            meter.close()


@dataclasses.dataclass(frozen=True)
class Abandoned:
    """A run whose visitor left: the server's CPU seconds while the tab was open and their rate, and its CPU
    seconds over ``quiet`` seconds once the session had time to end."""

    busy_while_open: float
    rate_while_open: float
    busy_after: float
    quiet: float

    @property
    def share_kept(self) -> float:
        """The server's work after the visitor left, as a share of its rate while the tab was open (1: the
        run went on as if nobody had left)."""
        return self.busy_after / (self.rate_while_open * self.quiet)


def abandon(url: str, meter: ServerMeter, link: Link, *, leave_at=1.0, settle=1.0, quiet=3.0) -> Abandoned:
    """Open ``link`` and close the tab once the server has spent ``leave_at`` CPU seconds on it (or after
    60 s); wait ``settle`` seconds (the stop is asked every 50 ms of a run, the session's teardown takes a
    moment), then measure the server's CPU over ``quiet`` seconds."""
    started, before = time.perf_counter(), meter.cpu()
    visit(url, link, leave_after=60.0, leave_when=lambda: meter.cpu() - before > leave_at)
    busy_while_open = meter.cpu() - before
    rate_while_open = busy_while_open / (time.perf_counter() - started)
    time.sleep(settle)
    quiet_from = meter.cpu()
    time.sleep(quiet)
    return Abandoned(busy_while_open, rate_while_open, meter.cpu() - quiet_from, quiet)
