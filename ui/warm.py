"""The server warms what every visitor would compute alike, once, in a background thread.

``app.py`` calls :func:`start` on every run; the first call in the server's process starts one daemon
thread that computes the lesson pages' default experiments (:func:`ui.lesson_cache.defaults`) into the
caches every session shares, so that a visitor opening those pages finds them ready. The thread gives way:
before each task, and whenever a task asks its ``stop`` (between the layers of an experiment, the steps of
a training run), it sleeps while any visitor's rerun is under way (:mod:`ui.fairness`'s registry), so it
runs in the gaps and never delays a page. A task that fails is skipped (the page will compute it itself
and show its error there).

Nothing here imports Streamlit: the tasks are given, and the rule is tested without a server. The test
suite sets ``PLAYGROUND_WARM=0`` (tests/conftest.py): its AppTest runs share one process, whose CPU the
warming would take from them.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from ui import fairness

POLL = 0.05  # seconds between looks at the registry while visitors' reruns are under way
ENVIRONMENT_VARIABLE = "PLAYGROUND_WARM"  # "0": no warming (the tests' AppTest runs, which share a process)
_LOGGER = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None


def give_way(registry: fairness.Reruns = fairness.REGISTRY, sleep=time.sleep) -> float:
    """Sleep while any rerun is under way (the warming thread is none of them); the seconds slept."""
    slept = 0.0
    while registry.others_ordinary(threading.get_ident()):
        sleep(POLL)
        slept += POLL
    return slept


def warm(tasks: list[Callable[[], object]], registry: fairness.Reruns = fairness.REGISTRY, sleep=time.sleep):
    """Run ``tasks`` in order, giving way before each; returns how many completed."""
    done = 0
    for task in tasks:
        give_way(registry, sleep)
        try:
            task()
            done += 1
        except Exception:  # a warm-up never takes the server down; the page shows the error itself
            _LOGGER.warning("warming task failed", exc_info=True)
    return done


def start(tasks_of: Callable[[Callable[..., bool]], list[Callable[[], object]]]) -> bool:
    """Start the warming thread unless this process has one; ``tasks_of(stop)`` lists its tasks, given the
    ``stop`` they pass to long computations (it gives way and never ends them). True if this call started
    it (never with :data:`ENVIRONMENT_VARIABLE` set to 0)."""
    global _thread
    with _lock:
        if _thread is not None or os.environ.get(ENVIRONMENT_VARIABLE) == "0":
            return False

        def stop(*_args) -> bool:
            give_way()
            return False

        _thread = threading.Thread(target=lambda: warm(tasks_of(stop)), name="warm", daemon=True)
        _thread.start()
        return True
