"""The rule of ui/fairness.py: an expensive rerun sleeps while others' ordinary reruns are under way.

No real sleeping: the tests give ``give_way`` a clock that a recorded ``sleep`` advances."""

import threading

import pytest

from ui import fairness


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


ME = threading.get_ident()
OTHER = ME + 1  # another session's script thread, as the registry sees it


def test_an_ordinary_rerun_never_waits_even_beside_others():
    registry, clock = fairness.Reruns(), Clock()
    assert fairness.GRACE < fairness.LONGEST_WAIT
    with fairness.rerun(registry):
        registry.enter(OTHER)
        assert fairness.give_way(None, registry, sleep=clock.sleep, clock=clock) == 0.0
    assert clock.sleeps == []


def test_an_expensive_rerun_alone_does_not_wait():
    registry, clock = fairness.Reruns(), Clock()
    with fairness.rerun(registry), fairness.low_priority(registry):
        assert fairness.give_way(None, registry, sleep=clock.sleep, clock=clock) == 0.0


def test_an_expensive_rerun_waits_until_the_ordinary_one_ends_and_its_messages_are_sent():
    registry, clock = fairness.Reruns(), Clock()
    registry.enter(OTHER)

    def sleep(seconds):
        clock.sleep(seconds)
        if len(clock.sleeps) == 5:
            registry.leave(OTHER, now=clock.now)  # the other visitor's rerun is drawn

    with fairness.rerun(registry), fairness.low_priority(registry):
        waited = fairness.give_way(None, registry, sleep=sleep, clock=clock)
        assert waited == pytest.approx(5 * fairness.POLL + fairness.GRACE)
        # once the grace is over, nothing holds it up
        assert fairness.give_way(None, registry, sleep=sleep, clock=clock) == 0.0


def test_a_low_priority_rerun_ending_gives_no_grace():
    registry = fairness.Reruns()
    registry.enter(OTHER)
    registry.lower(OTHER)
    registry.leave(OTHER, now=5.0)
    assert registry.last_ordinary_end == -float("inf")


def test_the_wait_is_capped_and_asks_whether_the_visitor_still_waits():
    registry, clock, asked = fairness.Reruns(), Clock(), []
    registry.enter(OTHER)
    with fairness.rerun(registry), fairness.low_priority(registry):
        waited = fairness.give_way(lambda: asked.append(1), registry, sleep=clock.sleep, clock=clock)
    assert fairness.LONGEST_WAIT <= waited < fairness.LONGEST_WAIT + 2 * fairness.POLL
    expected = fairness.LONGEST_WAIT / fairness.ASK_EVERY
    assert expected - 1 <= len(asked) <= expected + 1


def test_a_visitor_who_left_ends_the_wait_at_once():
    registry, clock = fairness.Reruns(), Clock()
    registry.enter(OTHER)

    class LeftError(Exception):
        pass

    def still_wanted():
        raise LeftError

    with fairness.rerun(registry), fairness.low_priority(registry), pytest.raises(LeftError):
        fairness.give_way(still_wanted, registry, sleep=clock.sleep, clock=clock)
    assert sum(clock.sleeps) <= fairness.ASK_EVERY + fairness.POLL


def test_other_expensive_reruns_do_not_hold_each_other_up():
    registry, clock = fairness.Reruns(), Clock()
    registry.enter(OTHER)
    registry.lower(OTHER)  # queued for the server's slot, or computing
    with fairness.rerun(registry), fairness.low_priority(registry):
        assert fairness.give_way(None, registry, sleep=clock.sleep, clock=clock) == 0.0


def test_the_registry_forgets_a_rerun_that_ended_and_restores_the_priority():
    registry = fairness.Reruns()
    with fairness.rerun(registry):
        with fairness.low_priority(registry):
            assert registry.is_low(ME)
        assert not registry.is_low(ME)
        assert registry.others_ordinary(OTHER) == 1
    assert registry.others_ordinary(OTHER) == 0
