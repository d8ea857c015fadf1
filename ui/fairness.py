"""Fair shares of one server process: expensive reruns give way to everyone else's.

All sessions share one Python process on a small machine, so a visitor who keeps reopening a link that
costs its whole budget would take half of the interpreter from every other visitor (the two threads take
turns at the interpreter lock). Instead, a rerun the budget calls expensive is *low priority*: at each of its
stop checks (about every ``optimizers.loop.STOP_CHECK_SECONDS`` of computing) it sleeps while any other
rerun is running, so an ordinary visitor's rerun waits at most one check interval for the interpreter, and
the expensive one continues in the gaps. Sleeping costs wall time, not CPU time, so the budget's CPU
deadline is untouched; a wait is capped at :data:`LONGEST_WAIT` seconds per check, so that a steady stream
of other visitors slows an expensive rerun down but never stalls it (nor a rerun that waits on it).

This module keeps the registry of running reruns (``app.py`` enters :func:`rerun` around every page run) and
decides who waits; :mod:`ui.budget` marks the expensive ones and calls :func:`give_way` at its checks.
Nothing here imports Streamlit, so the rule is tested without a server.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable

LONGEST_WAIT = 1.0  # seconds an expensive rerun sleeps at most per check while others run
# Seconds an expensive rerun keeps giving way after the last ordinary rerun ended: the server's event loop
# still sends that rerun's messages to its browser, and needs the interpreter for it.
GRACE = 0.2
# The interpreter hands its lock to a waiting thread after this many seconds (Python's default is 0.005):
# an ordinary rerun, or the event loop sending its messages, waits less for an expensive thread to let go.
SWITCH_INTERVAL = 0.001
POLL = 0.01  # seconds between looks at the registry while waiting
ASK_EVERY = 0.1  # seconds between calls of ``still_wanted`` while waiting (a closed tab ends the wait)


class Reruns:
    """The reruns under way in this process, by thread: each ordinary or low priority."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, bool] = {}  # thread ident -> low priority
        self.last_ordinary_end = -float("inf")  # time.monotonic() when the last ordinary rerun ended

    def enter(self, ident: int) -> None:
        with self._lock:
            self._running[ident] = False

    def leave(self, ident: int, now: float | None = None) -> None:
        with self._lock:
            if not self._running.pop(ident, True):
                self.last_ordinary_end = time.monotonic() if now is None else now

    def lower(self, ident: int, low: bool = True) -> None:
        """Mark the rerun of thread ``ident`` low priority (an expensive one), or ordinary again."""
        with self._lock:
            if ident in self._running:
                self._running[ident] = low

    def is_low(self, ident: int) -> bool:
        with self._lock:
            return self._running.get(ident, False)

    def others_ordinary(self, ident: int) -> int:
        """How many ordinary reruns other than thread ``ident``'s are under way."""
        with self._lock:
            return sum(1 for other, low in self._running.items() if other != ident and not low)


REGISTRY = Reruns()


@contextlib.contextmanager
def rerun(registry: Reruns = REGISTRY):
    """Count the calling thread's rerun as under way (ordinary) until the block ends; the process's lock
    switch interval is set to :data:`SWITCH_INTERVAL`."""
    if sys.getswitchinterval() != SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)
    ident = threading.get_ident()
    registry.enter(ident)
    try:
        yield
    finally:
        registry.leave(ident)


@contextlib.contextmanager
def low_priority(registry: Reruns = REGISTRY):
    """Within the block, the calling thread's rerun gives way to ordinary ones (see :func:`give_way`)."""
    ident = threading.get_ident()
    was_low = registry.is_low(ident)
    registry.lower(ident)
    try:
        yield
    finally:
        registry.lower(ident, was_low)


def give_way(
    still_wanted: Callable[[], object] | None = None,
    registry: Reruns = REGISTRY,
    *,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> float:
    """If the calling thread's rerun is low priority, sleep while ordinary reruns of others are under way
    (and :data:`GRACE` seconds after the last one ended), at most :data:`LONGEST_WAIT` seconds, calling
    ``still_wanted`` every :data:`ASK_EVERY` seconds (it raises to end the rerun). Returns the seconds
    waited (0.0 for an ordinary rerun or an idle server)."""
    ident = threading.get_ident()
    if not registry.is_low(ident):
        return 0.0
    started = asked = clock()
    while (
        registry.others_ordinary(ident) or clock() - registry.last_ordinary_end < GRACE
    ) and clock() - started < LONGEST_WAIT:
        sleep(POLL)
        if still_wanted is not None and clock() - asked >= ASK_EVERY:
            asked = clock()
            still_wanted()
    return clock() - started
