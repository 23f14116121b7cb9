"""Antrean online, the `QueueService` contract: slots, booking, cancel and reschedule, the same on
the embedded store, the in-process HTTP app and a real socket (the fixtures of test_contract)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shared.booking.codes import ALPHABET
from shared.booking.limits import MAX_CREATED_PER_24H, MAX_RESCHEDULES
from shared.domain import BookingRefused, BookingStatus, NotFound
from tests.conftest import JAKARTA, example_raw
from tests.test_contract import make_qs, qs  # noqa: F401 — the fixtures, parametrised

TUESDAY = date(2026, 11, 24)          # the clock starts on Monday 23 November 2026, 08:00 WIB


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=JAKARTA)


def phone(i: int) -> str:
    return f"0812-3456-{i:04d}"


def nik(i: int) -> str:
    return f"317401570890{i:04d}"


def test_slots_laid_in_the_service_hours(qs):
    slots = qs.booking_slots("kk", TUESDAY)
    # Mon–Thu 07:30–12:00 and 13:00–15:00, 30-minute slots: nine, then four after the break
    assert [s.start.astimezone(JAKARTA).strftime("%H:%M") for s in slots] == [
        "07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
        "13:00", "13:30", "14:00", "14:30"]
    first = slots[0]
    assert (first.service, first.end - first.start, first.capacity, first.booked,
            first.available, first.bookable) == ("kk", timedelta(minutes=30), 3, 0, 3, True)
    assert first.start == at(TUESDAY, 7, 30) and first.start.tzinfo is not None
    friday = qs.booking_slots("kk", date(2026, 11, 27))           # short Friday, prayer break
    assert [s.start for s in friday[6:8]] == [at(date(2026, 11, 27), 10, 30),
                                              at(date(2026, 11, 27), 13, 30)]
    assert len(friday) == 10 and friday[-1].end == at(date(2026, 11, 27), 15)
    assert qs.booking_slots("kk", date(2026, 11, 28)) == []      # Saturday: closed
    assert qs.booking_slots("kk", date(2026, 12, 25)) == []      # Natal


def test_cutoff_and_days_ahead_in_slots(qs):
    today = qs.booking_slots("kk", date(2026, 11, 23))           # now 08:00, cut-off 60 min
    bookable = {s.start.astimezone(JAKARTA).strftime("%H:%M"): s.bookable for s in today}
    assert not bookable["08:30"] and not bookable["09:00"] and bookable["09:30"]
    far = qs.booking_slots("kk", date(2026, 12, 1))              # 8 days ahead, kk allows 7
    assert far and not any(s.bookable for s in far)


def test_services_without_booking(qs):
    with pytest.raises(BookingRefused) as err:
        qs.booking_slots("ktp", TUESDAY)
    assert err.value.reason == "no_booking" and "anjungan" in err.value.message
    with pytest.raises(NotFound):
        qs.booking_slots("nope", TUESDAY)


def test_book_and_read_back(qs, clock):
    seq = qs.last_event_seq()
    b = qs.book("kk", at(TUESDAY, 9), "  Siti   Aminah ", "+62 812 3456 7890")
    assert len(b.code) == 8 and set(b.code) <= set(ALPHABET)
    assert b.display_code == f"{b.code[:4]}-{b.code[4:]}"
    assert (b.service, b.business_day, b.status, b.name, b.contact_masked, b.reschedules) == (
        "kk", TUESDAY, BookingStatus.BOOKED, "Siti Aminah", "0812****7890", 0)
    assert (b.slot_start, b.slot_end) == (at(TUESDAY, 9), at(TUESDAY, 9, 30))
    assert b.created_by is None and b.ticket_code is None and b.created_at == clock.now()
    assert qs.booking(b.display_code.lower()) == b == qs.booking(f" {b.code[:4]} {b.code[4:]} ")
    slot = [s for s in qs.booking_slots("kk", TUESDAY) if s.start == at(TUESDAY, 9)][0]
    assert (slot.booked, slot.available, slot.bookable) == (1, 2, True)
    events = qs.events_after(seq)
    assert [e.type for e in events] == ["booking_created"]
    assert events[0].detail["booking"] == b.code and events[0].service == "kk"
    assert "7890" not in str(events[0].detail)        # no contact in the log
    assert qs.bookings(TUESDAY) == [b] and qs.bookings(TUESDAY, "akta") == []
    with pytest.raises(NotFound):
        qs.booking("ZZZZ-ZZZZ")
    with pytest.raises(NotFound):
        qs.booking("not a code")


def test_staff_books_for_a_phone_caller(qs):
    b = qs.book("akta", at(TUESDAY, 10), "Pak Darmo", nik(1), staff="admin")
    assert b.created_by == "admin" and b.contact_masked == "3174********0001"


def test_full_slot_is_refused(qs):
    for i in range(3):
        qs.book("kk", at(TUESDAY, 10), f"Warga {i}", phone(i))
    seq = qs.last_event_seq()
    with pytest.raises(BookingRefused) as err:
        qs.book("kk", at(TUESDAY, 10), "Warga 3", phone(3))
    assert err.value.reason == "full" and "penuh" in err.value.message
    assert qs.last_event_seq() == seq
    slot = [s for s in qs.booking_slots("kk", TUESDAY) if s.start == at(TUESDAY, 10)][0]
    assert (slot.booked, slot.available, slot.bookable) == (3, 0, False)
    assert qs.book("kk", at(TUESDAY, 10, 30), "Warga 3", phone(3)).status == BookingStatus.BOOKED


@pytest.mark.parametrize("when,reason", [
    (at(date(2026, 11, 23), 9), "past_cutoff"),            # 60 minutes before: closed at 08:00
    (at(date(2026, 11, 20), 9), "past_cutoff"),            # a past day
    (at(date(2026, 12, 1), 9), "too_far"),                 # kk: at most 7 days ahead
    (at(date(2026, 11, 28), 9), "closed_day"),             # Saturday
    (at(date(2026, 11, 30) + timedelta(days=0), 12, 0), "no_slot"),   # the lunch break
    (at(TUESDAY, 9, 15), "no_slot"),                       # not a slot start
])
def test_times_that_cannot_be_booked(qs, when, reason):
    with pytest.raises(BookingRefused) as err:
        qs.book("kk", when, "Budi", phone(1))
    assert err.value.reason == reason
    assert err.value.message != err.value.message_en


def test_a_holiday_cannot_be_booked(qs, clock):
    clock.set(at(date(2026, 12, 14), 8))             # akta books 14 days ahead: Natal is in reach
    with pytest.raises(BookingRefused) as err:
        qs.book("akta", at(date(2026, 12, 25), 9), "Budi", nik(1))
    assert err.value.reason == "closed_day" and "Hari Raya Natal" in err.value.message


@pytest.mark.parametrize("service,contact,reason", [
    ("kk", "12345", "bad_phone"),
    ("kk", "021-555-1234", "bad_phone"),                   # a landline: mobile numbers only
    ("akta", "0812 3456 7890", "bad_nik"),                 # akta asks for the NIK
    ("akta", "3174019999900001", "bad_nik"),               # 16 digits, month 99
    ("akta", "317401570890000", "bad_nik"),                # 15 digits
])
def test_bad_contact(qs, service, contact, reason):
    with pytest.raises(BookingRefused) as err:
        qs.book(service, at(TUESDAY, 9), "Budi", contact)
    assert err.value.reason == reason
    assert contact not in err.value.message or reason == "bad_phone"   # a NIK is never echoed


def test_either_takes_a_nik_or_a_phone(qs):
    by_nik = qs.book("kk", at(TUESDAY, 9), "A", nik(7))
    by_phone = qs.book("kk", at(TUESDAY, 9), "B", "6281234567890")
    assert (by_nik.contact_masked, by_phone.contact_masked) == ("3174********0007", "0812****7890")


def test_one_booking_per_person_per_service_and_day(qs):
    qs.book("kk", at(TUESDAY, 9), "Budi", "081234567890")
    with pytest.raises(BookingRefused) as err:     # the same number written another way
        qs.book("kk", at(TUESDAY, 13), "Budi", "+6281234567890")
    assert err.value.reason == "duplicate"
    assert qs.book("akta", at(TUESDAY, 9), "Budi", nik(1)).status == BookingStatus.BOOKED
    assert qs.book("kk", at(date(2026, 11, 25), 9), "Budi", "081234567890").business_day == \
        date(2026, 11, 25)


def test_cap_on_bookings_made_per_person(qs):
    days = [date(2026, 11, 23) + timedelta(days=i) for i in range(8)]
    open_days = [d for d in days if qs.booking_slots("kk", d)]     # today and five more
    assert len(open_days) == MAX_CREATED_PER_24H
    made = [qs.book("kk", at(d, 14), "Budi", phone(5)) for d in open_days]
    qs.cancel_booking(made[1].code)                # cancelled ones count: no book/cancel loop
    with pytest.raises(BookingRefused) as err:
        qs.book("kk", at(open_days[1], 9), "Budi", phone(5))
    assert err.value.reason == "limit" and "besok" in err.value.message
    other = qs.book("kk", at(open_days[1], 9), "Ani", phone(6))    # another person: own count
    assert other.status == BookingStatus.BOOKED


def test_cancel_needs_the_right_contact_and_frees_the_place(qs, clock):
    b = qs.book("kk", at(TUESDAY, 9), "Budi", phone(1))
    with pytest.raises(BookingRefused) as err:
        qs.cancel_booking(b.code, phone(2))
    assert err.value.reason == "contact_mismatch"
    with pytest.raises(BookingRefused) as err:
        qs.cancel_booking(b.code, nik(1))
    assert err.value.reason == "contact_mismatch"
    seq = qs.last_event_seq()
    c = qs.cancel_booking(b.display_code, "+62 812-3456-0001")
    assert c.status == BookingStatus.CANCELLED and c.cancelled_at == clock.now()
    assert [e.type for e in qs.events_after(seq)] == ["booking_cancelled"]
    with pytest.raises(BookingRefused) as err:
        qs.cancel_booking(b.code)
    assert err.value.reason == "not_active"
    slot = [s for s in qs.booking_slots("kk", TUESDAY) if s.start == at(TUESDAY, 9)][0]
    assert slot.booked == 0
    assert qs.book("kk", at(TUESDAY, 9), "Budi", phone(1)).code != b.code   # may book again


def test_reschedule(qs):
    b = qs.book("kk", at(TUESDAY, 9), "Budi", phone(1))
    for i in range(3):
        qs.book("kk", at(TUESDAY, 10), f"W{i}", phone(10 + i))
    with pytest.raises(BookingRefused) as err:
        qs.reschedule_booking(b.code, at(TUESDAY, 10), phone(1))
    assert err.value.reason == "full"
    with pytest.raises(BookingRefused) as err:
        qs.reschedule_booking(b.code, at(TUESDAY, 13), phone(9))
    assert err.value.reason == "contact_mismatch"
    seq = qs.last_event_seq()
    moved = qs.reschedule_booking(b.code, at(date(2026, 11, 26), 13), phone(1))
    assert (moved.code, moved.business_day, moved.slot_start, moved.reschedules) == (
        b.code, date(2026, 11, 26), at(date(2026, 11, 26), 13), 1)
    events = qs.events_after(seq)
    assert [e.type for e in events] == ["booking_rescheduled"]
    assert events[0].detail["from"] == at(TUESDAY, 9).isoformat()
    old = [s for s in qs.booking_slots("kk", TUESDAY) if s.start == at(TUESDAY, 9)][0]
    assert old.booked == 0
    assert qs.reschedule_booking(b.code, moved.slot_start, phone(1)) == moved   # no change
    for hh in range(MAX_RESCHEDULES - 1):
        moved = qs.reschedule_booking(b.code, at(TUESDAY, 8 + hh))
    with pytest.raises(BookingRefused) as err:
        qs.reschedule_booking(b.code, at(TUESDAY, 11))
    assert err.value.reason == "limit" and qs.booking(b.code).reschedules == MAX_RESCHEDULES


def test_the_day_share_caps_bookings(make_qs):
    raw = example_raw()
    raw["services"][1]["daily_quota"] = 10        # kk: share 0.3 → three booked places a day
    qs = make_qs(raw)
    for i in range(3):
        qs.book("kk", at(TUESDAY, 9 + i), f"W{i}", phone(i))
    with pytest.raises(BookingRefused) as err:
        qs.book("kk", at(TUESDAY, 13), "W3", phone(3))
    assert err.value.reason == "full" and "hari itu" in err.value.message
    assert not any(s.bookable for s in qs.booking_slots("kk", TUESDAY))
    assert qs.book("kk", at(date(2026, 11, 25), 13), "W3", phone(3)).status == BookingStatus.BOOKED
