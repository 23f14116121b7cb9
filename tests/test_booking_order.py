"""The ordering rule of checked-in bookings, tested like the priority policies: a booking checked in
early or on time is called as if its number were taken at the slot start (among the walk-ins who
came then, ahead of those who came after); checked in late, as if taken at the check-in time."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import JAKARTA, example_raw, make_service

TUESDAY = date(2026, 11, 24)


def at(hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2026, 11, 24, hh, mm, ss, tzinfo=JAKARTA)


def office(tmp_path, clock, policy="strict"):
    raw = example_raw()
    raw["priority"] = {"ask_at_kiosk": True, "policy": policy, "max_in_a_row": 1}
    svc = make_service(tmp_path, raw, clock)
    return svc


def run(svc, clock, script):
    """script: (time, what) with what 'W' (a walk-in), 'P' (a lansia walk-in), or
    ('B', name, slot time) booked the day before, or ('C', name[, priority]) a check-in.
    Returns {ticket code: label}."""
    clock.set(datetime(2026, 11, 23, 8, tzinfo=JAKARTA))
    script = [(when or at(8), what) for when, what in script]
    codes, bookings, n = {}, {}, 0
    for _when, what in script:
        if isinstance(what, tuple) and what[0] == "B":
            bookings[what[1]] = svc.book("kk", what[2], what[1], f"08123456{len(bookings):04d}").code
    for when, what in script:
        clock.set(when)
        if what in ("W", "P"):
            n += 1
            t = svc.issue("kk", "lansia" if what == "P" else None).ticket
            codes[t.code] = f"{what}{n}"
        elif what[0] == "C":
            t = svc.check_in(bookings[what[1]], what[2] if len(what) > 2 else None).ticket
            codes[t.code] = what[1]
    return codes


def call_all(svc, counter="3"):
    out = []
    while True:
        try:
            t = svc.call_next(counter)
        except Exception:   # NobodyWaiting: the queue is empty
            return out
        out.append(t.code)
        svc.no_show(counter)


SLOT_9 = at(9)
SLOT_930 = at(9, 30)


@pytest.mark.parametrize("script,expected", [
    # early check-in (08:45 for 09:00): called among the walk-ins of 09:00, not those of 08:50
    ([(at(8, 40), "W"), (None, ("B", "X", SLOT_9)), (at(8, 45), ("C", "X")), (at(8, 50), "W"),
      (at(9, 5), "W")], ["W1", "W2", "X", "W3"]),
    # on time (exactly at the slot start): after whoever took a number before 09:00
    ([(at(8, 59), "W"), (None, ("B", "X", SLOT_9)), (at(9), ("C", "X")), (at(9, 1), "W")],
     ["W1", "X", "W2"]),
    # late (09:10 for 09:00, within 15 minutes): as if the number were taken at 09:10
    ([(at(9, 5), "W"), (None, ("B", "X", SLOT_9)), (at(9, 10), ("C", "X")), (at(9, 12), "W")],
     ["W1", "X", "W2"]),
    ([(at(9, 5), "W"), (at(9, 8), "W"), (None, ("B", "X", SLOT_9)), (at(9, 10), ("C", "X"))],
     ["W1", "W2", "X"]),
    # two bookings: the earlier slot first, whatever the order of arrival
    ([(None, ("B", "X", SLOT_930)), (None, ("B", "Y", SLOT_9)), (at(8, 55), "W"),
      (at(9), ("C", "X")), (at(9, 5), ("C", "Y")), (at(9, 20), "W")], ["W1", "Y", "W2", "X"]),
])
def test_booked_visitors_take_their_slot_time(tmp_path, clock, script, expected):
    svc = office(tmp_path, clock)
    codes = run(svc, clock, script)
    clock.set(at(9, 40))
    assert [codes[c] for c in call_all(svc)] == expected


def test_a_booking_checked_in_as_lansia_follows_the_priority_policy(tmp_path, clock):
    svc = office(tmp_path, clock, "strict")
    codes = run(svc, clock, [(at(8, 40), "W"), (at(8, 41), "W"), (None, ("B", "X", SLOT_930)),
                             (at(9), ("C", "X", "lansia")), (at(9, 1), "P")])
    clock.set(at(9, 40))
    # strict: priority first; among priority tickets the booked one by its slot time (09:30)
    assert [codes[c] for c in call_all(svc)] == ["P3", "X", "W1", "W2"]


def test_interleave_counts_a_booked_priority_ticket_as_priority(tmp_path, clock):
    svc = office(tmp_path, clock, "interleave")     # at most one priority call in a row
    codes = run(svc, clock, [(at(8, 40), "W"), (at(8, 41), "W"), (None, ("B", "X", SLOT_9)),
                             (at(8, 45), ("C", "X", "lansia")), (at(8, 46), "P")])
    clock.set(at(9, 40))
    assert [codes[c] for c in call_all(svc)] == ["P3", "W1", "X", "W2"]


def test_people_ahead_of_a_booked_ticket(tmp_path, clock):
    svc = office(tmp_path, clock)
    run(svc, clock, [(at(8, 40), "W"), (None, ("B", "X", SLOT_9)), (at(8, 45), ("C", "X")),
                     (at(8, 50), "W")])
    booked = [t for t in svc.waiting("kk") if t.booking_code]
    assert [t.code for t in svc.waiting("kk")] == ["B-001", "B-003", "B-002"]
    assert svc.people_ahead(booked[0].code) == 2
