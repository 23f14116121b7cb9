"""The background jobs of `antrean serve` and `antrean start` (the daily backup, the release of
booking no-shows) share one loop: it ticks on time, survives a failing tick, and stops."""
from __future__ import annotations

import threading
import time

from shared.store.scheduler import PeriodicJob


class Counting(PeriodicJob):
    thread_name = "antrean-test-job"

    def __init__(self, every_s, fail_first=False, tick_at_start=True):
        super().__init__(every_s)
        self.ticks, self.fail_first, self.tick_at_start = [], fail_first, tick_at_start
        self.third = threading.Event()

    def tick(self):
        self.ticks.append(time.monotonic())
        if len(self.ticks) >= 3:
            self.third.set()
        if self.fail_first and len(self.ticks) == 1:
            raise RuntimeError("disk full")


def test_a_failing_tick_is_logged_and_the_next_one_runs(caplog):
    job = Counting(0.01, fail_first=True).start()
    try:
        assert job.third.wait(5)
    finally:
        job.stop()
    assert "periodic job failed" in caplog.text and "disk full" in caplog.text
    assert not job._thread.is_alive()
    count = len(job.ticks)
    time.sleep(0.05)
    assert len(job.ticks) == count          # stopped means no more ticks


def test_a_job_that_waits_first_does_not_tick_at_start():
    job = Counting(0.3, tick_at_start=False)
    started = time.monotonic()
    job.start()
    try:
        time.sleep(0.1)
        assert job.ticks == []
        assert job.third.wait(5)
    finally:
        job.stop()
    assert job.ticks[0] - started >= 0.3


def test_stop_before_the_first_interval_ends_at_once():
    job = Counting(30, tick_at_start=False).start()
    t0 = time.monotonic()
    job.stop()
    assert time.monotonic() - t0 < 2 and job.ticks == [] and not job._thread.is_alive()
