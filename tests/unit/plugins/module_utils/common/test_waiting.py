import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import Poller, TimeLeft, WaitTimeout
from tests.unit.fakes import FakeClock


def finishing_at(clock, done_at, probe_cost=0.0):
    """A probe that reports done once the clock passes ``done_at``; each probe takes ``probe_cost`` seconds."""
    seen = []

    def probe():
        seen.append(clock())
        clock.advance(probe_cost)
        return seen[-1] >= done_at, "state-at-%.1f" % seen[-1]

    return probe, seen


@pytest.mark.parametrize("done_after", [0.0, 0.05, 0.3, 1.7, 4.2, 33.3])
@pytest.mark.parametrize("probe_cost", [0.0, 0.02, 0.2, 0.45])
def test_completion_is_noticed_within_one_second_at_no_more_than_two_requests_per_second(done_after, probe_cost):
    clock = FakeClock()
    start = clock()
    probe, seen = finishing_at(clock, start + done_after, probe_cost)
    Poller(timeout=600, clock=clock, sleep=clock.sleep).wait(probe, "thing")
    noticed = seen[-1] + probe_cost
    assert noticed - (start + done_after) <= 1.0
    starts = seen
    for earlier, later in zip(starts, starts[1:]):
        assert later - earlier >= 0.5 - 1e-9
    elapsed = max(noticed - start, 1.0)
    assert len(seen) <= 2 * elapsed + 1


def test_slow_probes_are_not_followed_by_extra_sleep():
    clock = FakeClock()
    probe, seen = finishing_at(clock, clock() + 3.0, probe_cost=0.8)
    Poller(timeout=60, clock=clock, sleep=clock.sleep).wait(probe, "thing")
    assert clock.sleeps == []
    assert len(seen) == 5


def test_timeout_is_honoured_and_names_the_object_and_last_state():
    clock = FakeClock()
    start = clock()
    probe, seen = finishing_at(clock, start + 1000)
    with pytest.raises(WaitTimeout) as info:
        Poller(timeout=5, clock=clock, sleep=clock.sleep).wait(probe, "instance web-1 to become OK", describe_last=lambda v: "last: " + v)
    assert str(info.value) == "Timed out after 5 s waiting for instance web-1 to become OK (last: state-at-1005.0)"
    assert seen[-1] == start + 5
    assert info.value.last == "state-at-1005.0"


def test_a_wait_on_what_is_left_of_a_task_budget_names_the_budget_the_user_set():
    clock = FakeClock()
    probe, seen = finishing_at(clock, clock() + 1000)
    with pytest.raises(WaitTimeout) as info:
        Poller(timeout=TimeLeft(37.25, 120), clock=clock, sleep=clock.sleep).wait(probe, "task t-1 (stopping Instance 'web')")
    assert str(info.value) == "Timed out after 120 s (wait_timeout) waiting for task t-1 (stopping Instance 'web')"
    assert seen[-1] == pytest.approx(seen[0] + 37.25)


def test_probe_errors_abort_the_wait():
    clock = FakeClock()

    def probe():
        raise RuntimeError("ERRED: boom")

    with pytest.raises(RuntimeError, match="boom"):
        Poller(timeout=5, clock=clock, sleep=clock.sleep).wait(probe, "thing")


def test_real_clock_latency_and_rate():
    """The same property on the real clock, loosely: it must not busy-loop nor oversleep."""
    import time
    start = time.monotonic()
    calls = []

    def probe():
        calls.append(time.monotonic())
        return time.monotonic() - start >= 1.2, None

    Poller(timeout=10).wait(probe, "thing")
    assert 3 <= len(calls) <= 5


def test_first_look_can_wait_one_interval_after_an_operation_started():
    clock = FakeClock()
    start = clock()
    probe, seen = finishing_at(clock, start + 0.2)
    Poller(timeout=60, clock=clock, sleep=clock.sleep).wait(probe, "thing", probe_at_once=False)
    assert seen == [start + 0.5]


def test_a_delayed_first_look_still_honours_a_short_timeout():
    clock = FakeClock()
    start = clock()
    probe, seen = finishing_at(clock, start + 100)
    with pytest.raises(WaitTimeout):
        Poller(timeout=0.2, clock=clock, sleep=clock.sleep).wait(probe, "thing", probe_at_once=False)
    assert seen == [start + 0.2]
