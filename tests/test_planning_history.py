"""What the planner reads from the store: jobs, holding times, turnaround, recorded shares and
which counters were really open — on a day played through the real store, computed by hand."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from shared.clock import ManualClock
from shared.planning.history import load_history, recorded_shares
from shared.planning.presence import open_intervals, open_per_hour
from tests.conftest import JAKARTA, example_raw, make_service, open_all_day

DAY = date(2026, 11, 23)


def at(clock, hour, minute, second=0):
    clock.set(datetime(2026, 11, 23, hour, minute, second, tzinfo=JAKARTA))


def s(hour, minute, second=0):
    return hour * 3600 + minute * 60 + second


@pytest.fixture
def day(tmp_path):
    """Counter 1 (ktp only) on 23 November 2026, local times:

    A-001 08:00 → called 08:00, served to 08:10
    A-002 08:05 → called 08:10:20 (20 s turnaround, it was waiting), to 08:20
    (nobody waits 08:20–08:40: the counter is open and idle)
    A-003 08:40 → called 08:40:30, to 08:50; the counter goes on a break
    A-004 08:55 → waits through the break; called 09:30 (35 min: over the 30-min standard), to 09:40
    A-005 09:40:30 → called 09:41, transferred to kk at 09:45; counter 3 calls it 09:50, to 10:00
    A-006 10:00 → cancelled 10:05 (never called: no work)
    """
    clock = ManualClock(datetime(2026, 11, 23, 7, 59, tzinfo=JAKARTA))
    svc = make_service(tmp_path, open_all_day(example_raw()), clock)
    svc.open_counter("1", "siti")
    at(clock, 8, 0); svc.issue("ktp"); svc.call_next("1"); svc.start("1")
    at(clock, 8, 5); svc.issue("ktp")
    at(clock, 8, 10); svc.finish("1")
    at(clock, 8, 10, 20); svc.call_next("1"); svc.start("1")
    at(clock, 8, 20); svc.finish("1")
    at(clock, 8, 40); svc.issue("ktp")
    at(clock, 8, 40, 30); svc.call_next("1"); svc.start("1")
    at(clock, 8, 50); svc.finish("1"); svc.pause("1", "Istirahat")
    at(clock, 8, 55); svc.issue("ktp")
    at(clock, 9, 30); svc.resume("1"); svc.call_next("1"); svc.start("1")
    at(clock, 9, 40); svc.finish("1")
    at(clock, 9, 40, 30); svc.issue("ktp")
    at(clock, 9, 41); svc.call_next("1"); svc.start("1")
    at(clock, 9, 45); svc.transfer("1", "kk")
    at(clock, 9, 50); svc.call_next("3"); svc.start("3")
    at(clock, 10, 0); svc.finish("3"); code = svc.issue("ktp").ticket.code
    at(clock, 10, 5); svc.cancel(code)
    yield svc
    svc.close()


def test_jobs_holding_times_and_turnaround(day):
    h = load_history(day._conn, day.config, DAY, DAY)
    rec = h.days[DAY]
    jobs = sorted(rec.jobs, key=lambda j: (j.arrival, j.service))
    assert [(j.service, j.scored) for j in jobs] == [
        ("ktp", True), ("ktp", True), ("ktp", True), ("ktp", True), ("ktp", True), ("kk", False)]
    assert [j.arrival for j in jobs] == pytest.approx(
        [s(8, 0), s(8, 5), s(8, 40), s(8, 55), s(9, 40, 30), s(9, 45)])
    waits = [j.wait for j in jobs]
    assert waits[:5] == pytest.approx([0, 320, 30, 2100, 30], abs=1e-3) and waits[5] is None
    assert [j.busy for j in jobs] == pytest.approx([600, 580, 570, 600, 240, 600], abs=1e-3)
    # one gap where the next visitor was already waiting: A-002, 20 s
    assert h.turnaround == {"ktp": pytest.approx(20.0), "*": pytest.approx(20.0)}
    samples = h.holding_samples()
    assert sorted(samples["ktp"]) == pytest.approx([260, 590, 600, 620, 620], abs=1e-3)
    assert samples["kk"] == pytest.approx([620.0], abs=1e-3)


def test_recorded_shares_by_hour_of_issue(day):
    h = load_history(day._conn, day.config, DAY, DAY)
    shares = recorded_shares(h, day.config)
    assert shares[(DAY, "ktp", 8)] == (3, 4)          # A-004 waited 35 > 30 minutes
    assert shares[(DAY, "ktp", 9)] == (1, 1)
    assert (DAY, "kk", 9) not in shares               # a transfer's wait is not the standard's
    assert (DAY, "ktp", 10) not in shares             # cancelled before any call


def test_which_counters_were_open(day):
    h = load_history(day._conn, day.config, DAY, DAY)
    spans = open_intervals(h.days[DAY], day.config)
    # idle 08:20–08:40 with nobody waiting: open; from 08:55 A-004 waited: closed until 09:30
    assert spans["1"] == [pytest.approx((s(8, 0), s(8, 55))), pytest.approx((s(9, 30), s(9, 45)))]
    assert spans["3"] == [pytest.approx((s(9, 50), s(10, 0)))]
    per_hour = open_per_hour(spans, day.config)
    assert per_hour[("ktp", 8)] == pytest.approx(55 / 60)
    assert per_hour[("ktp", 9)] == pytest.approx(15 / 60)
    # counter 3 serves kk and pindah: both count it
    assert per_hour[("kk", 9)] == pytest.approx(10 / 60)
    assert per_hour[("pindah", 9)] == pytest.approx(10 / 60)


def test_a_plan_for_the_example_office_with_shared_and_priority_counters(tmp_path):
    """The Dukcapil example (counters shared by services, a priority-only counter, interleave
    policy, issuing closed 12.00–13.00): three Mondays played through the store, then the
    next Monday planned."""
    import random

    from shared.domain import NobodyWaiting
    from shared.planning.planner import plan_period
    from shared.planning.recommend import PlanSettings, pools_of

    clock = ManualClock(datetime(2026, 11, 2, 7, 30, tzinfo=JAKARTA))
    svc = make_service(tmp_path, example_raw(), clock)
    assert svc.config.priority.policy == "interleave"
    rng = random.Random(5)
    for day in (2, 9, 16):
        t = datetime(2026, 11, day, 7, 31, tzinfo=JAKARTA).timestamp()
        for counter, officer in (("1", "siti"), ("3", "budi"), ("5", None)):
            clock.set(datetime.fromtimestamp(t, JAKARTA))
            svc.open_counter(counter, officer)
        for k in range(40):
            t += rng.uniform(120, 420)
            local = datetime.fromtimestamp(t, JAKARTA)
            if 12 <= local.hour < 13 or local.hour >= 15:
                continue
            clock.set(local)
            svc.issue(rng.choice(("ktp", "ktp", "kk", "akta")),
                      "lansia" if k % 9 == 0 else None)
            for counter in ("1", "3", "5"):
                if svc.counter_state(counter).current is not None:
                    svc.finish(counter)
                try:
                    svc.call_next(counter)
                    svc.start(counter)
                except NobodyWaiting:    # nobody this counter may call: it stays idle
                    pass
    plan = plan_period(svc._conn, svc.config, date(2026, 11, 23), date(2026, 11, 23),
                       PlanSettings(history_weeks=3))
    monday = plan.days[0].plan
    assert plan.history_days == 3 and monday is not None
    codes = [s.code for s in svc.config.services if s.active]
    # every counter links the services it serves; the priority counter serves all five
    assert len(pools_of(svc.config, codes)) == 1
    assert {h for _s, h in monday.cells} <= {7, 8, 9, 10, 11, 13, 14}
    assert 12 not in {h for _s, h in monday.cells}          # issuing closed at lunch
    for (service, hour), cell in monday.cells.items():
        if cell.arrivals > 0.5:
            assert cell.counters >= 1, (service, hour)
    assert any("5" in names for names in monday.open_counters.values())
    svc.close()
