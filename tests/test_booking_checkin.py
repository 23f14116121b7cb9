"""Antrean online at the kiosk, the `QueueService` contract on every implementation: check-in
(each refusal and the ticket it issues), the release of no-shows, and the quota split between
bookings and walk-ins."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.domain import (BookingRefused, BookingStatus, CheckInRefused, IssueRefused,
                           PriorityGroup, TicketStatus)
from tests.conftest import example_raw
from tests.test_booking_contract import TUESDAY, at, phone
from tests.test_contract import make_qs, qs  # noqa: F401 — the fixtures, parametrised


@pytest.fixture
def booked(qs):
    """A kk booking for Tuesday 09:00 (check-in 08:30–09:15), made on Monday."""
    return qs, qs.book("kk", at(TUESDAY, 9), "Budi Santoso", phone(1))


def refusal(qs, code: str) -> CheckInRefused:
    seq = qs.last_event_seq()
    with pytest.raises(CheckInRefused) as err:
        qs.check_in(code)
    assert qs.last_event_seq() == seq                 # a refusal changes nothing
    assert err.value.message != err.value.message_en and err.value.code == "check_in_refused"
    return err.value


def test_check_in_issues_a_ticket_like_a_walk_in(booked, clock):
    qs, b = booked
    clock.set(at(TUESDAY, 8, 40))
    walk_in = qs.issue("kk").ticket
    seq = qs.last_event_seq()
    issued = qs.check_in(f"http://localhost:8080/booking/{b.code}\r\n")   # the QR, as scanned
    t = issued.ticket
    assert (t.code, t.number, t.service, t.status, t.booking_code) == (
        "B-002", 2, "kk", TicketStatus.WAITING, b.code)
    assert issued.status_url.endswith("/" + t.token) and issued.people_ahead == 1
    assert qs.ticket("B-002").booking_code == b.code and walk_in.booking_code is None
    assert qs.ticket(walk_in.code).booking_code is None
    after = qs.booking(b.code)
    assert (after.status, after.ticket_code, after.checked_in_at) == (
        BookingStatus.CHECKED_IN, "B-002", clock.now())
    events = qs.events_after(seq)
    assert [e.type for e in events] == ["issued", "booking_checked_in"]
    assert events[0].detail["booking"] == b.code and events[1].ticket_code == "B-002"
    assert qs.issue("kk").ticket.code == "B-003"      # one sequence for both


def test_priority_chosen_at_check_in(booked, clock):
    qs, b = booked
    clock.set(at(TUESDAY, 9))
    t = qs.check_in(b.display_code.lower(), PriorityGroup.LANSIA).ticket
    assert t.priority_group == PriorityGroup.LANSIA and t.is_priority


def test_too_early_says_when_it_opens(booked, clock):
    qs, b = booked
    clock.set(at(TUESDAY, 8, 29))
    err = refusal(qs, b.code)
    assert err.reason == "too_early" and err.opens_at == at(TUESDAY, 8, 30)
    assert "Terlalu awal" in err.message and "08.30 WIB" in err.message
    assert "08:30 WIB" in err.message_en
    assert err.booking.code == b.code and err.booking.slot_start == at(TUESDAY, 9)
    clock.set(at(TUESDAY, 8, 30))
    assert qs.check_in(b.code).ticket.booking_code == b.code


def test_wrong_day(booked, clock):
    qs, b = booked
    clock.set(at(date(2026, 11, 23), 9))              # Monday: the booking is for Tuesday
    err = refusal(qs, b.code)
    assert err.reason == "wrong_day" and "Selasa, 24 November 2026" in err.message


def test_too_late_then_released_as_no_show(booked, clock):
    qs, b = booked
    clock.set(at(TUESDAY, 9, 15))
    assert qs.check_in(b.code).ticket.booking_code == b.code   # the last minute still counts
    other = qs.book("kk", at(TUESDAY, 10, 30), "Ani", phone(2))
    clock.set(at(TUESDAY, 10, 45, ) + timedelta(seconds=1))
    err = refusal(qs, other.code)
    assert err.reason == "too_late" and "10.45 WIB" in err.message
    seq = qs.last_event_seq()
    assert qs.release_bookings() == 1
    assert qs.release_bookings() == 0                 # counted once
    events = qs.events_after(seq)
    assert [(e.type, e.detail["booking"]) for e in events] == [("booking_released", other.code)]
    gone = qs.booking(other.code)
    assert gone.status == BookingStatus.NO_SHOW and gone.released_at == clock.now()
    assert refusal(qs, other.code).reason == "no_show"
    assert qs.booking(b.code).status == BookingStatus.CHECKED_IN   # untouched


def test_cancelled_already_and_unknown(booked, clock):
    qs, b = booked
    other = qs.book("kk", at(TUESDAY, 9), "Ani", phone(2))
    qs.cancel_booking(other.code)
    clock.set(at(TUESDAY, 8, 50))
    assert refusal(qs, other.code).reason == "cancelled"
    first = qs.check_in(b.code).ticket
    err = refusal(qs, b.code)
    assert err.reason == "already" and first.code in err.message
    for text in ("ZZZZ-ZZZZ", "", "A-001", "http://localhost:8080/t/abcdefghijklmnopqrstuv"):
        err = refusal(qs, text)
        assert err.reason == "unknown" and err.booking is None


def test_release_is_lazy_too(booked, clock):
    """No daemon needed: reading the booking (or its day's slots) releases what is due."""
    qs, b = booked
    clock.set(at(TUESDAY, 9, 16))
    assert qs.booking(b.code).status == BookingStatus.NO_SHOW
    assert [x.status for x in qs.bookings(TUESDAY)] == [BookingStatus.NO_SHOW]
    assert qs.release_bookings() == 0


def test_walk_ins_keep_their_share_and_bookings_theirs(make_qs, clock):
    raw = example_raw()
    raw["services"][1]["daily_quota"] = 10            # kk: 3 places for bookings, 7 walk-ins
    qs = make_qs(raw)
    early = qs.book("kk", at(TUESDAY, 9), "A", phone(1))
    late = qs.book("kk", at(TUESDAY, 14, 30), "B", phone(2))
    clock.set(at(TUESDAY, 8))
    assert [qs.issue("kk").ticket.number for _ in range(7)] == list(range(1, 8))
    with pytest.raises(IssueRefused) as err:
        qs.issue("kk")
    assert err.value.reason == "quota" and "online" in err.value.message
    assert "walk-in" in err.value.message_en
    q = {q.service: q for q in qs.queues()}["kk"]
    assert (q.can_issue, q.closed_reason) == (False, "quota")
    clock.set(at(TUESDAY, 8, 45))
    assert qs.check_in(early.code).ticket.code == "B-008"     # a booked place is always there
    # 13:31: the last slot's cut-off has passed; the unbooked place goes back to walk-ins
    clock.set(at(TUESDAY, 13, 31))
    assert {q.service: q for q in qs.queues()}["kk"].can_issue
    assert qs.issue("kk").ticket.code == "B-009"
    with pytest.raises(IssueRefused):
        qs.issue("kk")                                 # the 14:30 booking still holds its place
    clock.set(at(TUESDAY, 14, 46))                     # its check-in window is over
    assert qs.issue("kk").ticket.code == "B-010"
    with pytest.raises(IssueRefused):
        qs.issue("kk")
    assert qs.booking(late.code).status == BookingStatus.NO_SHOW


def test_a_share_below_one_place_leaves_the_quota_to_walk_ins(make_qs, clock):
    raw = example_raw()
    raw["services"][1]["daily_quota"] = 2             # 30% of 2 is no whole place
    qs = make_qs(raw)
    with pytest.raises(BookingRefused) as err:
        qs.book("kk", at(TUESDAY, 9), "A", phone(1))
    assert err.value.reason == "full"
    clock.set(at(TUESDAY, 8))
    assert [qs.issue("kk").ticket.code for _ in range(2)] == ["B-001", "B-002"]
    with pytest.raises(IssueRefused) as err:
        qs.issue("kk")
    assert err.value.message == "Kuota harian Kartu Keluarga (2) sudah habis"
