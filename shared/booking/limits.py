"""Abuse limits of antrean online: per person (phone or NIK) and per address on the public routes.

Per person: one active booking per service per day, at most MAX_ACTIVE_PER_DAY active bookings on
one day, at most MAX_CREATED_PER_24H bookings made in 24 hours (cancelled ones count, so booking
and cancelling in a loop stops), MAX_RESCHEDULES per booking. Per address: the public booking
writes take from a stricter token bucket than the status page (a phone books a few times a day).
"""
from __future__ import annotations

MAX_ACTIVE_PER_DAY = 3
MAX_CREATED_PER_24H = 6
MAX_RESCHEDULES = 3
# public writes (book, cancel, reschedule) per client address: a burst of 10, then one per 6 s
WRITE_RATE_PER_S = 1 / 6
WRITE_BURST = 10
MAX_NAME = 60
