"""Issuing and cancelling tickets: day numbering, daily quotas and the refusals a kiosk shows."""
from __future__ import annotations

import secrets
from datetime import datetime

from shared.config import OfficeConfig
from shared.domain import IssuedTicket, IssueRefused, PriorityGroup, Ticket, TicketStatus
from shared.hours import issuing_state
from shared.store.base import QUEUE_KEY_SCALE, StoreBase, require_status
from shared.store.booking_quota import held_for_bookings, walk_in_refusal, walk_ins_left
from shared.store.database import write_transaction


class IssuingMixin(StoreBase):
    def issue(self, service: str, priority: PriorityGroup | str | None = None) -> IssuedTicket:
        return self.issued_ticket(self.issue_ticket(service, priority))

    def issue_ticket(self, service: str, priority: PriorityGroup | str | None = None) -> Ticket:
        """Issue and return the ticket alone (the hot path; `issue` adds position and estimate,
        `ReadsMixin.issued_ticket`)."""
        svc = self._service(service)
        group = PriorityGroup(priority) if priority else None
        now, at, day = self._now()
        local = now.astimezone(self.config.tz)
        ok, reason, nxt = issuing_state(self.config, svc, local)
        if not ok:
            raise _refusal(svc, reason, nxt, self.config)
        conn = self._conn
        token = secrets.token_urlsafe(16)
        key = int(now.timestamp() * 1_000_000) * QUEUE_KEY_SCALE
        with write_transaction(conn):
            number = conn.execute(
                "INSERT INTO day_sequences (service, business_day, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (service, business_day) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number", (svc.code, day)).fetchone()[0]
            left = (walk_ins_left(conn, self.config, svc, day, now, number - 1) if svc.booking
                    else None)
            if left is not None and left <= 0:
                held = held_for_bookings(conn, self.config, svc, day, now)
                if held:      # nothing held: the plain quota message below says it
                    raise walk_in_refusal(svc, svc.daily_quota - held)
            if svc.daily_quota is not None and number > svc.daily_quota:
                raise IssueRefused(
                    f"Kuota harian {svc.name} ({svc.daily_quota}) sudah habis",
                    f"Today's quota for {svc.name_en} ({svc.daily_quota}) is used up",
                    reason="quota", service=svc.code)
            code = f"{svc.prefix}-{number:03d}"
            ticket_id = conn.execute(
                "INSERT INTO tickets (code, number, issued_service, service, business_day, status, "
                "priority_group, is_priority, queue_key, token, issued_at) "
                "VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
                (code, number, svc.code, svc.code, day, group.value if group else None,
                 1 if group else 0, key, token, at)).lastrowid
            self._event(conn, at, "issued", ticket_id=ticket_id, ticket_code=code,
                        service=svc.code, detail={"priority": group.value} if group else None)
        return Ticket(id=ticket_id, code=code, number=number, service=svc.code,
                      issued_service=svc.code, business_day=local.date(),
                      status=TicketStatus.WAITING, priority_group=group, issued_at=now, token=token)

    def cancel(self, code: str) -> Ticket:
        conn = self._conn
        now, at, _ = self._now()
        with write_transaction(conn):
            t = self._find_ticket(conn, code)
            require_status(t, ("waiting",), "membatalkan", "cancel")
            conn.execute("UPDATE tickets SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
                         (at, t.id))
            self._event(conn, at, "cancelled", ticket_id=t.id, ticket_code=t.code,
                        service=t.service)
            return self._ticket_by_id(conn, t.id)


def _refusal(svc, reason: str, nxt: datetime | None, config: OfficeConfig) -> IssueRefused:
    from shared.indonesian import format_datetime_long
    when_id = f" Buka lagi {format_datetime_long(nxt, config.timezone)}." if nxt else ""
    when_en = f" Opens again {format_datetime_long(nxt, config.timezone, 'en')}." if nxt else ""
    if reason == "inactive":
        return IssueRefused(f"Layanan {svc.name} sedang tidak tersedia",
                            f"{svc.name_en} is not available", reason=reason, service=svc.code)
    if reason == "holiday":
        day = nxt and nxt.date()
        return IssueRefused(f"Hari ini libur: layanan {svc.name} tutup.{when_id}",
                            f"Today is a holiday: {svc.name_en} is closed.{when_en}",
                            reason=reason, next_opening=nxt, service=svc.code, day=str(day))
    return IssueRefused(f"Pengambilan nomor {svc.name} sedang tutup.{when_id}",
                        f"Tickets for {svc.name_en} are not being issued now.{when_en}",
                        reason=reason, next_opening=nxt, service=svc.code)
