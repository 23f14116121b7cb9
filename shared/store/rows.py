"""Rows of the store turned into domain objects (one place that knows the column order)."""
from __future__ import annotations

import json
from datetime import date, datetime

from shared.domain import Event, PriorityGroup, Ticket, TicketStatus

TICKET_COLUMNS = (
    "id, code, number, service, issued_service, business_day, status, priority_group, issued_at, "
    "token, counter, officer, first_called_at, called_at, started_at, finished_at, no_show_at, "
    "cancelled_at, recalls, transfers, reactivations, "
    "(SELECT b.code FROM bookings b WHERE b.id = tickets.booking_id)")


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def ticket_from_row(r) -> Ticket:
    return Ticket(
        id=r[0], code=r[1], number=r[2], service=r[3], issued_service=r[4],
        business_day=date.fromisoformat(r[5]), status=TicketStatus(r[6]),
        priority_group=PriorityGroup(r[7]) if r[7] else None, issued_at=_dt(r[8]), token=r[9],
        counter=r[10], officer=r[11], first_called_at=_dt(r[12]), called_at=_dt(r[13]),
        started_at=_dt(r[14]), finished_at=_dt(r[15]), no_show_at=_dt(r[16]),
        cancelled_at=_dt(r[17]), recalls=r[18], transfers=r[19], reactivations=r[20],
        booking_code=r[21])


def event_from_row(r) -> Event:
    return Event(seq=r[0], at=_dt(r[1]), type=r[2], ticket_id=r[3], ticket_code=r[4],
                 service=r[5], counter=r[6], officer=r[7], detail=json.loads(r[8] or "{}"))
