"""The estimated wait on hand-built days in a real store: history days whose every service takes
exactly ten minutes (so the figures are exact), then one situation today and the figure the
visitor is told — and, for the priority policies, the real calling order that bears it out."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.clock import ManualClock
from shared.config import parse_config
from shared.estimate.words import range_text, slip_text
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database

JAKARTA = ZoneInfo("Asia/Jakarta")
HISTORY = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]   # Monday–Wednesday
TODAY = date(2026, 11, 26)                                                # Thursday


def at(day: date, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime.combine(day, time(h, m), tzinfo=JAKARTA)


def office(counters: list[dict], policy: str = "strict", max_in_a_row: int = 2) -> dict:
    return {
        "office": {"name": "Kantor Uji", "timezone": "Asia/Jakarta",
                   "status_base_url": "http://127.0.0.1/t/"},
        "hours": {"hari_kerja": ["07:30-12:00", "13:00-15:00"], "sabtu": [], "minggu": []},
        "services": [{"code": "umum", "prefix": "A", "name": "Layanan Umum",
                      "name_en": "General", "target_wait_min": 30, "target_service_min": 10}],
        "counters": counters,
        "officers": [{"username": "siti", "full_name": "Siti", "role": "officer"},
                     {"username": "budi", "full_name": "Budi", "role": "officer"}],
        "priority": {"policy": policy, "max_in_a_row": max_in_a_row},
    }


ONE = [{"name": "1", "label": "Loket 1", "services": ["umum"]}]


def make(tmp_path, raw: dict, staffed=("1",)) -> tuple[SqliteQueueService, ManualClock]:
    """A store with three history days: each staffed counter opens at 08.00, serves six tickets
    of exactly ten minutes, breaks 12.00–13.00 and closes at 14.00."""
    path = tmp_path / f"estimate-{len(list(tmp_path.iterdir()))}.db"
    clock = ManualClock(at(HISTORY[0], "07:00"))
    init_database(path, parse_config(raw, "uji.toml"), now=clock.now())
    svc = SqliteQueueService(path, clock)
    for day in HISTORY:
        clock.set(at(day, "07:40"))
        codes = [svc.issue("umum").ticket.code for _ in range(6 * len(staffed))]
        clock.set(at(day, "08:00"))
        for name in staffed:
            svc.open_counter(name)
        for _ in range(6):
            for name in staffed:
                svc.call_next(name)
                svc.start(name)
            clock.advance(minutes=10)
            for name in staffed:
                svc.finish(name)
        assert all(svc.ticket(c).status.value == "done" for c in codes)
        clock.set(at(day, "12:00"))
        for name in staffed:
            svc.pause(name, "Istirahat")
        clock.set(at(day, "13:00"))
        for name in staffed:
            svc.resume(name)
        clock.set(at(day, "14:00"))
        for name in staffed:
            svc.close_counter(name)
    return svc, clock


@pytest.fixture
def one(tmp_path):
    svc, clock = make(tmp_path, office(ONE))
    yield svc, clock
    svc.close()


def busy_since(svc, clock, minutes: float, counter: str = "1") -> str:
    """Today at 09.00: the counter has had a visitor for `minutes`."""
    clock.set(at(TODAY, "09:00") - timedelta(minutes=minutes))
    svc.open_counter(counter)
    code = svc.issue("umum").ticket.code
    svc.call_next(counter)
    svc.start(counter)
    clock.set(at(TODAY, "09:00"))
    return code


def test_one_counter_busy_and_nobody_waiting_is_the_remaining_service_time(one):
    svc, clock = one
    busy_since(svc, clock, 4)
    issued = svc.issue("umum")
    assert issued.people_ahead == 0
    assert issued.estimated_wait_min == pytest.approx(6.0, abs=1e-3)
    assert issued.estimated_wait_low_min == pytest.approx(6.0, abs=1e-3)
    assert issued.estimated_wait_high_min == pytest.approx(6.0, abs=1e-3)
    assert slip_text(issued.estimated_wait_min) == "± 6 menit"      # not "kurang dari 1 menit"
    est = svc.wait_estimate(issued.ticket.code)
    assert (est.minutes, est.from_history) == (issued.estimated_wait_min, True)


def test_each_ticket_ahead_adds_its_service_time(one):
    svc, clock = one
    busy_since(svc, clock, 4)
    first, second, mine = (svc.issue("umum") for _ in range(3))
    assert [first.people_ahead, second.people_ahead, mine.people_ahead] == [0, 1, 2]
    assert mine.estimated_wait_min == pytest.approx(26.0, abs=1e-3)    # 6 + 2 × 10
    clock.advance(minutes=5)                                            # nothing else happens
    assert svc.estimated_wait(mine.ticket.code) == pytest.approx(21.0, abs=1e-3)


def test_an_open_idle_counter_calls_at_once(one):
    svc, clock = one
    clock.set(at(TODAY, "09:00"))
    svc.open_counter("1")
    issued = svc.issue("umum")
    assert issued.estimated_wait_min == 0.0
    assert slip_text(issued.estimated_wait_min) == "kurang dari 1 menit"


def test_before_the_counter_opens_it_opens_at_its_usual_time(one):
    svc, clock = one
    clock.set(at(TODAY, "07:40"))                  # issuing from 07.30; the officer comes at 08.00
    a, b = svc.issue("umum"), svc.issue("umum")
    assert a.estimated_wait_min == pytest.approx(20.0, abs=1e-3)
    assert b.estimated_wait_min == pytest.approx(30.0, abs=1e-3)
    clock.set(at(TODAY, "08:10"))                  # ten minutes late: expected in ten more
    assert svc.estimated_wait(a.ticket.code) == pytest.approx(10.0, abs=1e-3)
    assert svc.estimated_wait(b.ticket.code) == pytest.approx(20.0, abs=1e-3)
    svc.open_counter("1")                          # there: called now
    assert svc.estimated_wait(b.ticket.code) == pytest.approx(10.0, abs=1e-3)


def test_on_its_usual_break_the_counter_is_back_when_the_break_ends(one):
    svc, clock = one
    clock.set(at(TODAY, "11:50"))
    svc.open_counter("1")
    svc.issue("umum")
    svc.call_next("1")
    svc.start("1")
    clock.set(at(TODAY, "11:58"))
    b, c = svc.issue("umum"), svc.issue("umum")
    clock.set(at(TODAY, "12:00"))
    svc.finish("1")
    svc.pause("1", "Istirahat")
    clock.set(at(TODAY, "12:10"))
    assert svc.estimated_wait(b.ticket.code) == pytest.approx(50.0, abs=1e-3)   # at 13.00
    assert svc.estimated_wait(c.ticket.code) == pytest.approx(60.0, abs=1e-3)   # at 13.10


def test_an_unplanned_pause_lasts_as_long_as_the_usual_pause(one):
    svc, clock = one
    clock.set(at(TODAY, "09:00"))
    svc.open_counter("1")
    svc.pause("1", "Salat")                        # pauses in this office last 60 minutes
    clock.set(at(TODAY, "09:05"))
    assert svc.issue("umum").estimated_wait_min == pytest.approx(55.0, abs=1e-3)


def test_the_usual_break_later_today_is_waited_out(one):
    svc, clock = one
    clock.set(at(TODAY, "11:45"))
    svc.open_counter("1")
    svc.issue("umum")
    svc.call_next("1")
    svc.start("1")                                 # free at 11.55
    svc.issue("umum")                              # called 11.55, done 12.05
    clock.set(at(TODAY, "11:46"))
    mine = svc.issue("umum")
    # half of the ticket ahead before 12.00, the break, the other half: called at 13.05
    assert mine.estimated_wait_min == pytest.approx(79.0, abs=1e-3)
    assert slip_text(mine.estimated_wait_min) == "± 1 jam 20 menit"


def test_a_counter_closed_after_working_today_is_not_expected_back(one):
    svc, clock = one
    clock.set(at(TODAY, "08:00"))
    svc.open_counter("1")
    clock.set(at(TODAY, "10:00"))
    svc.close_counter("1")
    issued = svc.issue("umum")
    # nobody expected: the figure says what it would be once someone comes (in five minutes)
    assert issued.estimated_wait_min == pytest.approx(5.0, abs=1e-3)


def test_a_fresh_office_without_history_uses_the_target_time(tmp_path):
    path = tmp_path / "fresh.db"
    clock = ManualClock(at(TODAY, "08:00"))
    init_database(path, parse_config(office(ONE), "uji.toml"), now=clock.now())
    svc = SqliteQueueService(path, clock)
    try:
        a, b = svc.issue("umum"), svc.issue("umum")
        est = svc.wait_estimate(b.ticket.code)
        assert a.estimated_wait_min == pytest.approx(5.0, abs=1e-3)   # nobody has opened yet
        assert not est.from_history and est.counters == 1
        # the target (10 min) as a memoryless time: a range around 5 + 10, the median below it
        assert 5.0 <= est.low_min < est.minutes < 15.0 < est.high_min
    finally:
        svc.close()


# --- priority policies: the estimate against the store's own calling order ---------------------
def queue_for_policy(svc, clock) -> str:
    """R1, P1, P2, then the regular ticket T, then P3 and P4 (priority, after T)."""
    busy_since(svc, clock, 4)
    svc.issue("umum")
    svc.issue("umum", "lansia")
    svc.issue("umum", "hamil")
    code = svc.issue("umum").ticket.code
    svc.issue("umum", "disabilitas")
    svc.issue("umum", "anak")
    return code


def calls_before(svc, clock, code: str, counter: str = "1") -> int:
    """Serve at the counter until `code` is called; how many were called before it."""
    svc.finish(counter)
    n = 0
    while svc.call_next(counter).code != code:
        n += 1
        svc.start(counter)
        svc.finish(counter)
    return n


@pytest.mark.parametrize("policy, max_in_a_row, ahead", [
    ("strict", 2, 5),          # every priority ticket first, P3 and P4 too
    ("interleave", 1, 3),      # P1, R1, P2, then T: one priority call at a time
    ("interleave", 2, 5),      # P1, P2, R1, P3, P4 (two in a row), then T
    ("dedicated", 2, 3),       # by issue time at an ordinary counter: R1, P1, P2
])
def test_priority_policies_put_the_ticket_where_the_counter_will_call_it(
        tmp_path, policy, max_in_a_row, ahead):
    counters = ONE + [{"name": "2", "label": "Loket Prioritas", "services": ["umum"],
                       "priority_only": True}]   # never staffed: not expected today
    svc, clock = make(tmp_path, office(counters, policy, max_in_a_row))
    try:
        code = queue_for_policy(svc, clock)
        est = svc.wait_estimate(code)
        assert est.work_ahead == pytest.approx(ahead)
        assert est.minutes == pytest.approx(6.0 + 10 * ahead, abs=1e-3)
        assert calls_before(svc, clock, code) == ahead
    finally:
        svc.close()


def test_a_priority_ticket_waits_only_for_earlier_priority_tickets(tmp_path):
    svc, clock = make(tmp_path, office(ONE, "strict"))
    try:
        busy_since(svc, clock, 4)
        svc.issue("umum")
        svc.issue("umum")
        svc.issue("umum", "lansia")
        mine = svc.issue("umum", "hamil")
        assert (mine.people_ahead, mine.estimated_wait_min) == (1, pytest.approx(16.0, abs=1e-3))
        assert calls_before(svc, clock, mine.ticket.code) == 1
    finally:
        svc.close()


def test_two_counters_share_the_queue(tmp_path):
    two = ONE + [{"name": "2", "label": "Loket 2", "services": ["umum"]}]
    svc, clock = make(tmp_path, office(two), staffed=("1", "2"))
    try:
        busy_since(svc, clock, 4, "1")
        svc.open_counter("2")
        first = svc.issue("umum")        # counter 2 is free: called at once
        assert first.estimated_wait_min == 0.0
        svc.call_next("2")
        svc.start("2")                   # both busy: 1 free in 6 minutes, 2 in 10
        a, b = svc.issue("umum"), svc.issue("umum")
        assert a.estimated_wait_min == pytest.approx(6.0, abs=1e-3)
        assert b.estimated_wait_min == pytest.approx(10.0, abs=1e-3)
    finally:
        svc.close()


def test_the_phone_range_and_the_slip_figure_are_worded_from_the_estimate(one):
    svc, clock = one
    busy_since(svc, clock, 4)
    for _ in range(2):
        svc.issue("umum")
    est = svc.wait_estimate(svc.issue("umum").ticket.code)
    assert (est.low_min, est.high_min) == (pytest.approx(26.0, abs=1e-3),) * 2
    assert range_text(est.low_min, est.high_min) == "sekitar 25 menit"
    assert range_text(est.low_min, est.high_min, "en") == "about 25 min"
    assert slip_text(est.minutes) == "± 25 menit"


def test_a_ticket_longer_than_any_before_it_is_expected_to_end_soon_but_not_now(one):
    svc, clock = one
    busy_since(svc, clock, 14)           # every ticket before it took exactly ten minutes
    est = svc.wait_estimate(svc.issue("umum").ticket.code)
    # no telling: memoryless from here with half the usual time (5 minutes on average), so
    # soon — sooner than a fresh ticket's ten minutes — but not "kurang dari 1 menit"
    assert 1.0 < est.minutes < 10.0
    assert slip_text(est.minutes) != "kurang dari 1 menit"
    clock.advance(minutes=3)
    assert 1.0 < svc.estimated_wait(svc.waiting("umum")[0].code) < 10.0
