"""Counters opening, closing, pausing and resuming, and events recorded from outside the store."""
from __future__ import annotations

from shared.domain import CounterState, Event, IllegalTransition, NotFound
from shared.store.base import StoreBase
from shared.store.database import write_transaction


class CountersMixin(StoreBase):
    def open_counter(self, counter: str, officer: str | None = None,
                     takeover: bool = False) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if officer:
                officer = officer.lower()
                if conn.execute("SELECT 1 FROM officers WHERE username = ? AND active = 1",
                                (officer,)).fetchone() is None:
                    raise NotFound(f"Petugas {officer!r} tidak dikenal",
                                   f"Unknown officer {officer!r}")
                elsewhere = conn.execute(
                    "SELECT name, label, current_ticket FROM counters WHERE officer = ? "
                    "AND status != 'closed' AND name != ?", (officer, c[0])).fetchone()
                if elsewhere:
                    if not takeover:
                        raise IllegalTransition(
                            f"{officer} masih masuk di {elsewhere[1]}",
                            f"{officer} is still logged in at {elsewhere[1]}",
                            counter=elsewhere[0])
                    if elsewhere[2] is not None:  # a closed counter must not hold a ticket
                        held = self._ticket_by_id(conn, elsewhere[2])
                        raise IllegalTransition(
                            f"{elsewhere[1]} masih memegang tiket {held.code}: selesaikan, alihkan "
                            f"atau tandai tidak hadir di sana dulu",
                            f"{elsewhere[1]} still holds ticket {held.code}: finish, transfer or "
                            f"mark it no-show there first", counter=elsewhere[0], code=held.code)
                    self._close(conn, elsewhere[0], at, {"reason": "takeover", "to": c[0]})
                if c[4] and c[4] != officer and c[2] != "closed" and not takeover:
                    raise IllegalTransition(f"{c[1]} sedang dipakai {c[4]}",
                                            f"{c[1]} is in use by {c[4]}", counter=c[0])
            conn.execute("UPDATE counters SET status = CASE status WHEN 'paused' THEN 'paused' "
                         "ELSE 'open' END, officer = ? WHERE name = ?", (officer, c[0]))
            self._event(conn, at, "counter_opened", counter=c[0], officer=officer,
                        detail={"takeover": True} if takeover else None)
        return self.counter_state(c[0])

    def _close(self, conn, name: str, at: str, detail: dict | None = None) -> None:
        row = conn.execute("SELECT current_ticket, officer FROM counters WHERE name = ?",
                           (name,)).fetchone()
        conn.execute("UPDATE counters SET status = 'closed', pause_reason = NULL, officer = NULL "
                     "WHERE name = ?", (name,))
        self._event(conn, at, "counter_closed", counter=name, officer=row[1], detail=detail)

    def close_counter(self, counter: str) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[5] is not None:
                cur = self._ticket_by_id(conn, c[5])
                raise IllegalTransition(
                    f"{c[1]} masih memegang tiket {cur.code}: selesaikan dulu",
                    f"{c[1]} still has ticket {cur.code}: finish it first", counter=c[0])
            self._close(conn, c[0], at)
        return self.counter_state(c[0])

    def pause(self, counter: str, reason: str = "") -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[2] == "paused":
                raise IllegalTransition(f"{c[1]} sudah istirahat", f"{c[1]} is already on a break")
            if c[5] is not None:
                cur = self._ticket_by_id(conn, c[5])
                raise IllegalTransition(
                    f"{c[1]} masih memegang tiket {cur.code}: selesaikan dulu sebelum istirahat",
                    f"{c[1]} still has ticket {cur.code}: finish it before a break", counter=c[0])
            conn.execute("UPDATE counters SET status = 'paused', pause_reason = ? WHERE name = ?",
                         (reason.strip() or None, c[0]))
            self._event(conn, at, "paused", counter=c[0], officer=c[4],
                        detail={"reason": reason.strip()})
        return self.counter_state(c[0])

    def resume(self, counter: str) -> CounterState:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c = self._counter_row(conn, counter)
            if c[2] != "paused":
                raise IllegalTransition(f"{c[1]} tidak sedang istirahat", f"{c[1]} is not on a break")
            conn.execute("UPDATE counters SET status = 'open', pause_reason = NULL WHERE name = ?",
                         (c[0],))
            self._event(conn, at, "resumed", counter=c[0], officer=c[4])
        return self.counter_state(c[0])

    def record_event(self, type: str, *, ticket_code: str | None = None,
                     counter: str | None = None, detail: dict | None = None) -> Event:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            t = self._find_ticket(conn, ticket_code) if ticket_code else None
            seq = self._event(conn, at, type, ticket_id=t.id if t else None,
                              ticket_code=t.code if t else None, service=t.service if t else None,
                              counter=counter, detail=detail)
        return self.events_after(seq - 1, 1)[0]
