"""Calling and serving: call next or by code, recall, start, finish, no-show, transfer, reactivate."""
from __future__ import annotations

from shared.domain import CounterPaused, IllegalTransition, NobodyWaiting, Ticket
from shared.store.base import QUEUE_KEY_SCALE, StoreBase, require_status
from shared.store.database import write_transaction


class CallingMixin(StoreBase):
    def call_next(self, counter: str, officer: str | None = None) -> Ticket:
        conn = self._conn
        now, at, day = self._now()
        with write_transaction(conn):
            c = self._ready_counter(conn, counter, at)
            services = [s for s in self._counter_services(c[0])]
            pick = self._pick_next(conn, services, self._window(now), bool(c[7]), c[6])
            if pick is None:
                label = c[1]
                raise NobodyWaiting(f"Tidak ada antrean untuk {label}",
                                    f"Nobody is waiting for {label}", counter=c[0])
            ticket_id, is_priority = pick
            streak = c[6] + 1 if is_priority else 0
            return self._do_call(conn, c, ticket_id, at, officer, streak, "called",
                                 {"opened": True} if c[2] == "closed" else None)

    def call_ticket(self, counter: str, code: str, officer: str | None = None) -> Ticket:
        conn = self._conn
        now, at, day = self._now()
        with write_transaction(conn):
            c = self._ready_counter(conn, counter, at)
            t = self._find_ticket(conn, code)
            require_status(t, ("waiting", "no_show"), "memanggil", "call")
            if t.service not in self._counter_services(c[0]):
                raise IllegalTransition(
                    f"{c[1]} tidak melayani layanan tiket {t.code}",
                    f"{c[1]} does not serve the service of ticket {t.code}", code=t.code)
            return self._do_call(conn, c, t.id, at, officer, c[6], "called",
                                 {"specific": True, "from": t.status.value,
                                  **({"opened": True} if c[2] == "closed" else {})})

    def _counter_services(self, counter: str) -> list[str]:
        cfg = self.config.counter(counter)
        if cfg is None:
            return []
        active = {s.code for s in self.config.services if s.active}
        return [s for s in cfg.services if s in active]

    def _ready_counter(self, conn, counter: str, at: str) -> tuple:
        c = self._counter_row(conn, counter)
        if c[2] == "paused":
            raise CounterPaused(f"{c[1]} sedang istirahat: lanjutkan dulu",
                                f"{c[1]} is on a break: resume first", counter=c[0])
        if c[5] is not None:
            cur = self._ticket_by_id(conn, c[5])
            raise IllegalTransition(
                f"{c[1]} masih memegang tiket {cur.code}: selesaikan, alihkan atau tandai tidak hadir",
                f"{c[1]} still has ticket {cur.code}: finish, transfer or mark it no-show",
                counter=c[0], code=cur.code)
        if c[2] == "closed":
            # calling opens a closed counter; the 'called' event says so (detail.opened)
            conn.execute("UPDATE counters SET status = 'open' WHERE name = ?", (c[0],))
        return c

    def _pick_next(self, conn, services: list[str], window: int, priority_only: bool,
                   streak: int) -> tuple[int, bool] | None:
        """The next (ticket id, is priority) under the office's policy; None when nobody waits."""
        def head(is_priority: int):
            best = None
            for svc in services:  # one index lookup per service beats sorting the whole queue
                row = conn.execute(
                    "SELECT queue_key, id FROM tickets WHERE status = 'waiting' AND service = ? "
                    "AND is_priority = ? AND queue_key >= ? ORDER BY queue_key, id LIMIT 1",
                    (svc, is_priority, window)).fetchone()
                if row and (best is None or row < best):
                    best = row
            return best

        prio = head(1)
        if priority_only:
            return (prio[1], True) if prio else None
        regular = head(0)
        policy = self.config.priority
        if prio and regular:
            if policy.policy == "strict":
                take_priority = True
            elif policy.policy == "interleave":
                take_priority = streak < policy.max_in_a_row
            else:  # dedicated: priority counters jump the line, ordinary counters go by time
                take_priority = prio < regular
            return (prio[1], True) if take_priority else (regular[1], False)
        if prio:
            return prio[1], True
        if regular:
            return regular[1], False
        return None

    def _do_call(self, conn, c, ticket_id: int, at: str, officer: str | None, streak: int,
                 event: str, detail: dict | None = None) -> Ticket:
        officer = officer or c[4]
        changed = conn.execute(
            "UPDATE tickets SET status = 'called', counter = ?, officer = ?, called_at = ?, "
            "first_called_at = COALESCE(first_called_at, ?), started_at = NULL "
            "WHERE id = ? AND status IN ('waiting', 'no_show')",
            (c[0], officer, at, at, ticket_id)).rowcount
        if changed != 1:  # cannot happen inside BEGIN IMMEDIATE; refuse rather than double-call
            raise IllegalTransition("Tiket sudah dipanggil loket lain",
                                    "The ticket was already called by another counter")
        conn.execute("UPDATE counters SET current_ticket = ?, priority_streak = ?, officer = ? "
                     "WHERE name = ?", (ticket_id, streak, officer, c[0]))
        t = self._ticket_by_id(conn, ticket_id)
        conn.execute("INSERT INTO segments (ticket_id, service, counter, officer, called_at) "
                     "VALUES (?, ?, ?, ?, ?)", (ticket_id, t.service, c[0], officer, at))
        self._event(conn, at, event, ticket_id=ticket_id, ticket_code=t.code, service=t.service,
                    counter=c[0], officer=officer, detail=detail)
        return t

    # --- acting on the counter's current ticket ---------------------------------------------
    def _current(self, conn, counter: str, allowed: tuple[str, ...], verb_id: str, verb_en: str):
        c = self._counter_row(conn, counter)
        if c[5] is None:
            raise IllegalTransition(f"{c[1]} tidak sedang memegang tiket: tidak bisa {verb_id}",
                                    f"{c[1]} has no ticket in hand: cannot {verb_en}",
                                    counter=c[0])
        t = self._ticket_by_id(conn, c[5])
        require_status(t, allowed, verb_id, verb_en)
        return c, t

    def recall(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "memanggil ulang", "recall")
            limit = self.config.recall.max_recalls
            if t.recalls >= limit:
                raise IllegalTransition(
                    f"Tiket {t.code} sudah dipanggil ulang {t.recalls} kali (batas {limit}): "
                    "tandai tidak hadir", f"Ticket {t.code} was already recalled {t.recalls} "
                    f"times (limit {limit}): mark it no-show", code=t.code)
            conn.execute("UPDATE tickets SET recalls = recalls + 1, called_at = ? WHERE id = ?",
                         (at, t.id))
            self._event(conn, at, "recalled", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, counter=c[0], officer=c[4],
                        detail={"recall": t.recalls + 1})
            return self._ticket_by_id(conn, t.id)

    def start(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "memulai layanan", "start")
            conn.execute("UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?",
                         (at, t.id))
            conn.execute("UPDATE segments SET started_at = ? WHERE ticket_id = ? AND ended_at IS NULL",
                         (at, t.id))
            self._event(conn, at, "started", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, counter=c[0], officer=c[4])
            return self._ticket_by_id(conn, t.id)

    def _release(self, conn, c, t: Ticket, at: str, status: str, outcome: str, stamp: str | None,
                 event: str, detail: dict | None = None, extra_sql: str = "", extra=()) -> Ticket:
        stamp_sql = f", {stamp} = ?" if stamp else ""
        conn.execute(f"UPDATE tickets SET status = ?{stamp_sql}{extra_sql} WHERE id = ?",
                     (status, *((at,) if stamp else ()), *extra, t.id))
        conn.execute("UPDATE segments SET ended_at = ?, outcome = ? "
                     "WHERE ticket_id = ? AND ended_at IS NULL", (at, outcome, t.id))
        conn.execute("UPDATE counters SET current_ticket = NULL WHERE name = ?", (c[0],))
        self._event(conn, at, event, ticket_id=t.id, ticket_code=t.code, service=t.service,
                    counter=c[0], officer=c[4], detail=detail)
        return self._ticket_by_id(conn, t.id)

    def finish(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("serving",), "menyelesaikan", "finish")
            return self._release(conn, c, t, at, "done", "done", "finished_at", "finished")

    def no_show(self, counter: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called",), "menandai tidak hadir", "mark no-show")
            return self._release(conn, c, t, at, "no_show", "no_show", "no_show_at", "no_show")

    def transfer(self, counter: str, service: str) -> Ticket:
        conn = self._conn
        _, at, _ = self._now()
        target = self._service(service)
        if not target.active:
            raise IllegalTransition(f"Layanan {target.name} tidak aktif",
                                    f"Service {target.name_en} is not active")
        with write_transaction(conn):
            c, t = self._current(conn, counter, ("called", "serving"), "mengalihkan", "transfer")
            if target.code == t.service:
                raise IllegalTransition(f"Tiket {t.code} sudah di layanan {target.name}",
                                        f"Ticket {t.code} is already in {target.name_en}")
            # the ticket keeps its number and issue time, so it keeps its place by issue time
            return self._release(
                conn, c, t, at, "waiting", "transferred", None, "transferred",
                {"from": t.service, "to": target.code},
                ", service = ?, counter = NULL, called_at = NULL, started_at = NULL, "
                "transfers = transfers + 1", (target.code,))

    def reactivate(self, code: str) -> Ticket:
        conn = self._conn
        now, at, _ = self._now()
        rule = self.config.recall
        with write_transaction(conn):
            t = self._find_ticket(conn, code)
            require_status(t, ("no_show",), "mengaktifkan kembali", "reactivate")
            if t.reactivations >= rule.max_reactivations:
                raise IllegalTransition(
                    f"Tiket {t.code} sudah {t.reactivations} kali diaktifkan kembali "
                    f"(batas {rule.max_reactivations})",
                    f"Ticket {t.code} was already reactivated {t.reactivations} times "
                    f"(limit {rule.max_reactivations})", code=t.code)
            # re-queued behind the next N waiting numbers of its service and class
            cls = (t.service, int(t.is_priority), self._window(now))
            ahead = conn.execute(
                "SELECT queue_key, id FROM tickets WHERE status = 'waiting' AND service = ? "
                "AND is_priority = ? AND queue_key >= ? ORDER BY queue_key, id LIMIT ?",
                (*cls, rule.reactivate_after)).fetchall()
            if ahead and len(ahead) == rule.reactivate_after:
                key_n, id_n = ahead[-1]
                # make room right after the N-th ticket, even when issue times tie
                conn.execute(
                    "UPDATE tickets SET queue_key = queue_key + 2 WHERE status = 'waiting' "
                    "AND service = ? AND is_priority = ? AND queue_key >= ? "
                    "AND (queue_key > ? OR (queue_key = ? AND id > ?))", (*cls, key_n, key_n, id_n))
                new_key = key_n + 1
            else:
                last = conn.execute(
                    "SELECT MAX(queue_key) FROM tickets WHERE status = 'waiting' AND service = ? "
                    "AND is_priority = ? AND queue_key >= ?", cls).fetchone()[0]
                # nobody (else) waits: a key from now, not from the issue time, which may be
                # outside the calling window already (the ticket would wait for no counter)
                new_key = (last + 1 if last is not None else
                           int(now.timestamp() * 1_000_000) * QUEUE_KEY_SCALE)
            conn.execute(
                "UPDATE tickets SET status = 'waiting', queue_key = ?, counter = NULL, "
                "called_at = NULL, recalls = 0, reactivations = reactivations + 1 WHERE id = ?",
                (new_key, t.id))
            self._event(conn, at, "reactivated", ticket_id=t.id, ticket_code=t.code,
                        service=t.service, detail={"after": len(ahead)})
            return self._ticket_by_id(conn, t.id)
