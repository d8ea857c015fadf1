"""The server's warming thread gives way to visitors' reruns and survives a failing task (ui/warm.py)."""

import threading

from ui import fairness, warm


def test_warming_waits_while_a_rerun_is_under_way_and_skips_a_failing_task():
    registry = fairness.Reruns()
    registry.enter(threading.get_ident() + 1)  # another thread's rerun, under way
    done, slept = [], []

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 3:  # the rerun ends after three looks
            registry.leave(threading.get_ident() + 1)

    def fail():
        raise ValueError("bad")

    assert warm.warm([lambda: done.append(1), fail, lambda: done.append(2)], registry, sleep) == 2
    assert done == [1, 2] and len(slept) == 3  # nothing ran while the rerun was under way


def test_a_process_starts_one_warming_thread_unless_told_not_to(monkeypatch):
    monkeypatch.setattr(warm, "_thread", None)
    monkeypatch.setenv(warm.ENVIRONMENT_VARIABLE, "0")
    assert not warm.start(lambda stop: [])
    monkeypatch.setenv(warm.ENVIRONMENT_VARIABLE, "1")
    ran = threading.Event()
    assert warm.start(lambda stop: [ran.set])
    assert not warm.start(lambda stop: [ran.set])
    assert ran.wait(10)
