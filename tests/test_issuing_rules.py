"""Issuing hours per weekday with breaks, date overrides, holidays, quotas, unknown services."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shared.clock import ManualClock
from shared.domain import IssueRefused
from tests.conftest import example_raw, make_service

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize("when,service,open_", [
    (datetime(2026, 11, 23, 7, 29), "ktp", False),   # Monday before opening
    (datetime(2026, 11, 23, 7, 30), "ktp", True),    # opening minute
    (datetime(2026, 11, 23, 11, 59), "ktp", True),
    (datetime(2026, 11, 23, 12, 0), "ktp", False),   # lunch break
    (datetime(2026, 11, 23, 13, 0), "ktp", True),
    (datetime(2026, 11, 23, 15, 0), "ktp", False),   # issuing closes before service does
    (datetime(2026, 11, 23, 13, 0), "pindah", False),  # a service with mornings only
    (datetime(2026, 11, 27, 11, 30), "ktp", False),  # Friday prayer break
    (datetime(2026, 11, 27, 13, 30), "ktp", True),
    (datetime(2026, 11, 28, 9, 0), "ktp", False),    # Saturday
    (datetime(2026, 12, 25, 9, 0), "ktp", False),    # Christmas (holiday)
    (datetime(2027, 2, 8, 7, 45), "ktp", False),     # Ramadan override opens 08:00
    (datetime(2027, 2, 8, 8, 0), "ktp", True),
    (datetime(2027, 2, 8, 14, 30), "ktp", False),    # Ramadan closes 14:00
])
def test_issuing_hours(tmp_path, when, service, open_):
    clock = ManualClock(when.replace(tzinfo=WIB))
    svc = make_service(tmp_path, example_raw(), clock)
    if open_:
        assert svc.issue(service).ticket.code.endswith("-001")
    else:
        with pytest.raises(IssueRefused) as err:
            svc.issue(service)
        assert err.value.reason in ("closed", "holiday")
        assert svc._conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_refusal_names_next_opening(tmp_path):
    clock = ManualClock(datetime(2026, 11, 27, 11, 15, tzinfo=WIB))  # Friday break
    svc = make_service(tmp_path, example_raw(), clock)
    with pytest.raises(IssueRefused) as err:
        svc.issue("ktp")
    assert err.value.next_opening == datetime(2026, 11, 27, 13, 30, tzinfo=WIB)
    assert "Jumat, 27 November 2026 pukul 13.30 WIB" in err.value.message


def test_holiday_reason_and_next_working_day(tmp_path):
    clock = ManualClock(datetime(2026, 12, 24, 9, 0, tzinfo=WIB))  # cuti bersama, then Natal
    svc = make_service(tmp_path, example_raw(), clock)
    with pytest.raises(IssueRefused) as err:
        svc.issue("ktp")
    assert err.value.reason == "holiday"
    assert err.value.next_opening == datetime(2026, 12, 28, 7, 30, tzinfo=WIB)
    q = {x.service: x for x in svc.queues()}["ktp"]
    assert not q.can_issue and q.closed_reason == "holiday"


def test_quota_is_never_exceeded(tmp_path, clock):
    raw = example_raw()
    raw["services"][0]["daily_quota"] = 2
    svc = make_service(tmp_path, raw, clock)
    svc.issue("ktp")
    svc.issue("ktp")
    with pytest.raises(IssueRefused) as err:
        svc.issue("ktp")
    assert err.value.reason == "quota" and "Kuota" in err.value.message
    assert len(svc.waiting("ktp")) == 2
    q = {x.service: x for x in svc.queues()}
    assert not q["ktp"].can_issue and q["ktp"].closed_reason == "quota"
    assert q["ktp"].next_opening == datetime(2026, 11, 24, 7, 30, tzinfo=WIB)
    assert q["kk"].can_issue  # the kiosk can say which service is still open
    # the refused attempt left no trace in the numbering
    assert svc._conn.execute("SELECT last_number FROM day_sequences WHERE service='ktp'"
                             ).fetchone()[0] == 2


def test_unknown_and_inactive_services(tmp_path, clock):
    raw = example_raw()
    raw["services"][4]["active"] = False
    svc = make_service(tmp_path, raw, clock)
    with pytest.raises(IssueRefused) as err:
        svc.issue("paspor")
    assert err.value.reason == "unknown_service"
    with pytest.raises(IssueRefused) as err:
        svc.issue("kia")
    assert err.value.reason == "inactive"
    assert "kia" not in {q.service for q in svc.queues()}


@pytest.mark.parametrize("when,open_", [
    (datetime(2027, 2, 15, 13, 30), False),  # Ramadan never opens a mornings-only service
    (datetime(2027, 2, 15, 7, 45), False),   # … and Ramadan starts at 08:00
    (datetime(2027, 2, 15, 8, 30), True),
])
def test_office_override_intersects_a_services_own_hours(tmp_path, when, open_):
    svc = make_service(tmp_path, example_raw(), ManualClock(when.replace(tzinfo=WIB)))
    if open_:
        assert svc.issue("pindah").ticket.code == "D-001"
    else:
        with pytest.raises(IssueRefused):
            svc.issue("pindah")


def test_a_services_own_override_wins_over_the_office(tmp_path):
    raw = example_raw()
    raw["services"][0]["overrides"] = [{"name": "Layanan malam KTP", "from": "2027-02-15",
                                        "to": "2027-02-15", "hours": {"senin": ["19:00-21:00"]}}]
    svc = make_service(tmp_path, raw, ManualClock(datetime(2027, 2, 15, 20, 0, tzinfo=WIB)))
    assert svc.issue("ktp").ticket.code == "A-001"
