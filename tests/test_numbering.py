"""Numbers: prefix + 3 digits, one sequence per service per local business day."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shared.clock import ManualClock
from tests.conftest import example_raw, make_service, open_all_day


def test_padding_and_sequence_per_service(service):
    assert [service.issue("ktp").ticket.code for _ in range(3)] == ["A-001", "A-002", "A-003"]
    assert service.issue("kk").ticket.code == "B-001"
    assert service.issue("A").ticket.code == "A-004"  # by prefix too


def test_number_grows_past_999(tmp_path):
    raw = open_all_day(example_raw())
    raw["services"][0].pop("daily_quota")
    clock = ManualClock(datetime(2026, 11, 23, 8, tzinfo=ZoneInfo("Asia/Jakarta")))
    svc = make_service(tmp_path, raw, clock)
    svc._conn.execute("UPDATE day_sequences SET last_number = 0")  # no-op; sequence starts fresh
    svc._conn.execute("INSERT INTO day_sequences VALUES ('ktp', '2026-11-23', 998)")
    assert svc.issue("ktp").ticket.code == "A-999"
    assert svc.issue("ktp").ticket.code == "A-1000"


@pytest.mark.parametrize("zone,utc_before,utc_after", [
    # local midnight in Jakarta (UTC+7) is 17:00 UTC; in Jayapura (UTC+9) 15:00 UTC
    ("Asia/Jakarta", datetime(2026, 11, 23, 16, 59, 59), datetime(2026, 11, 23, 17, 0, 0)),
    ("Asia/Jayapura", datetime(2026, 11, 23, 14, 59, 59), datetime(2026, 11, 23, 15, 0, 0)),
])
def test_reset_at_local_midnight(tmp_path, zone, utc_before, utc_after):
    raw = open_all_day(example_raw())
    raw["office"]["timezone"] = zone
    utc = ZoneInfo("UTC")
    clock = ManualClock(utc_before.replace(hour=utc_before.hour - 1, tzinfo=utc))
    svc = make_service(tmp_path, raw, clock)
    assert svc.issue("ktp").ticket.code == "A-001"
    clock.set(utc_before.replace(tzinfo=utc))
    last = svc.issue("ktp").ticket
    assert last.code == "A-002" and last.business_day.isoformat() == "2026-11-23"
    clock.set(utc_after.replace(tzinfo=utc))
    first = svc.issue("ktp").ticket
    assert first.code == "A-001" and first.business_day.isoformat() == "2026-11-24"
    assert svc._conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 3
    # the queue runs on past midnight in issue order: yesterday's numbers first
    order = [svc.call_next("1").id for _ in range(1)] + [t.id for t in svc.waiting("ktp")]
    assert order == [1, 2, 3]


def test_leftovers_are_not_called_the_next_morning(tmp_path):
    raw = open_all_day(example_raw())
    clock = ManualClock(datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    svc = make_service(tmp_path, raw, clock)
    svc.issue("ktp")
    clock.set(datetime(2026, 11, 24, 7, 30, tzinfo=ZoneInfo("Asia/Jakarta")))  # 17.5 h later
    fresh = svc.issue("ktp").ticket
    assert fresh.code == "A-001"
    assert [t.id for t in svc.waiting("ktp")] == [fresh.id]
    assert svc.call_next("1").id == fresh.id


def test_same_code_on_two_days_both_findable_by_day(tmp_path):
    raw = open_all_day(example_raw())
    clock = ManualClock(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
    svc = make_service(tmp_path, raw, clock)
    a = svc.issue("ktp").ticket
    clock.advance(minutes=24 * 60)
    b = svc.issue("ktp").ticket
    assert a.code == b.code == "A-001" and a.id != b.id
    assert svc.ticket("A-001").id == b.id  # today's
    assert svc.ticket(a.token).id == a.id   # the status-page token finds the exact ticket


def test_ticket_lookup_accepts_short_forms(service):
    service.issue("ktp")
    for typed in ("A-001", "a1", "A001", "a-1", " A-001 "):
        assert service.ticket(typed).code == "A-001"
