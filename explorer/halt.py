"""Ending a tool's many runs at once: a CPU deadline, or a visitor who left, stops the whole tool.

A tool is many runs of the loop (chunks of a basin map, cells of a sweep, members of an ensemble). The
caller's ``stop(step) -> bool`` (the run loop's, e.g. ``playground.compute.cpu_deadline``) is asked inside
each run by the loop itself, about every :data:`optimizers.loop.STOP_CHECK_SECONDS`, and between runs by
:meth:`Halt.between` at the same pace (a run shorter than that interval is never asked by the loop).

A True ends the tool with :class:`TimeLimitError` rather than with a half-run result: a path cut short would
read as diverged (its later rows are NaN), and a result that is not the one asked for must not be cached.
An exception ``stop`` raises itself (a page's "the visitor has left") goes through unchanged.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from optimizers.loop import STOP_CHECK_SECONDS


class TimeLimitError(RuntimeError):
    """The tool used up its CPU deadline before it finished (its estimate was too low)."""


class Halt:
    """The run loop's ``stop`` for every run of one tool, and the check between two runs.

    ``Halt(None)`` never stops and costs nothing; :attr:`loop_stop` is then None, so the loop skips its
    checks.
    """

    def __init__(self, stop: Callable[[int], bool] | None = None):
        self._stop = stop
        self._ask_at = time.perf_counter() + STOP_CHECK_SECONDS

    @property
    def loop_stop(self) -> Callable[[int], bool] | None:
        """What to pass as ``optimizers.run(..., stop=)``."""
        return None if self._stop is None else self

    def __call__(self, step: int) -> bool:
        """Ask ``stop``; raise :class:`TimeLimitError` on True (the loop never sees a True)."""
        self._ask_at = time.perf_counter() + STOP_CHECK_SECONDS
        if self._stop(step):
            raise TimeLimitError(f"stopped at the time limit after step {step:,} of a run")
        return False

    def between(self) -> None:
        """Between two runs: ask ``stop`` if :data:`STOP_CHECK_SECONDS` have passed since the last ask."""
        if self._stop is not None and time.perf_counter() >= self._ask_at:
            self(0)
