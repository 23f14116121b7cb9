"""Real processes on one SQLite file: 8 kiosks issuing and 8 counters calling at the same time.

Each process opens its own `SqliteQueueService` (its own connection, the system clock) on a
config open around the clock. Issuers issue K tickets each across two services (some priority);
callers loop call_next → start → finish (or call_next → no_show) at their own counter until the
issuers are done and nobody is waiting, within a time limit. Afterwards the store must show: no
number issued twice, no ticket called twice, none lost, the callers' reports equal to the store,
and `PRAGMA integrity_check` = ok.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import random
import time
import traceback
from collections import Counter

import pytest

from shared.config import parse_config
from shared.domain import NobodyWaiting, PriorityGroup
from shared.store.setup import init_database
from shared.store.database import connect

ISSUERS = 8
CALLERS = 8
K = 100                # tickets per issuer
TIME_LIMIT = 45.0      # seconds, for the whole run once every process is ready
SERVICES = ("ktp", "kk")


def office_raw(counters: int) -> dict:
    return {
        "office": {"name": "Kantor Uji Konkurensi", "timezone": "Asia/Jakarta"},
        "hours": {"setiap_hari": ["00:00-24:00"]},
        "services": [
            {"code": "ktp", "prefix": "A", "name": "KTP-el", "target_wait_min": 30,
             "target_service_min": 10},
            {"code": "kk", "prefix": "B", "name": "Kartu Keluarga", "target_wait_min": 30,
             "target_service_min": 15},
        ],
        "counters": [{"name": str(i), "label": f"Loket {i}", "services": list(SERVICES)}
                     for i in range(1, counters + 1)],
        "priority": {"policy": "interleave", "max_in_a_row": 2},
    }


# --- the processes (top level, so the 'spawn' context can import them) -------------------------

def issuer(db_path: str, index: int, k: int, ready, go, results) -> None:
    from shared.store.service import SqliteQueueService
    try:
        svc = SqliteQueueService(db_path)
        rng = random.Random(index)
        ready.put(("issuer", index))
        go.wait()
        issued = []
        for i in range(k):
            service = SERVICES[(index + i) % 2]
            priority = rng.choice(list(PriorityGroup)) if rng.random() < 0.15 else None
            t = svc.issue_ticket(service, priority)
            issued.append((t.id, t.code, t.service, t.business_day.isoformat(), t.number))
        svc.close()
        results.put(("issuer", index, issued, None))
    except BaseException:  # report, never hang the parent
        results.put(("issuer", index, [], traceback.format_exc()))


def caller(db_path: str, counter: str, issuers_done, time_limit: float, ready, go,
           results) -> None:
    from shared.store.service import SqliteQueueService
    try:
        svc = SqliteQueueService(db_path)
        rng = random.Random(counter)
        ready.put(("caller", counter))
        go.wait()
        deadline = time.monotonic() + time_limit
        handled = []   # (ticket id, code, outcome)
        while time.monotonic() < deadline:
            done_before = issuers_done.is_set()  # read before calling: then an empty queue is final
            try:
                t = svc.call_next(counter)
            except NobodyWaiting:
                if done_before:
                    break
                time.sleep(0.002)
                continue
            assert t.counter == counter and t.status.value == "called", t
            if rng.random() < 0.2:
                svc.no_show(counter)
                handled.append((t.id, t.code, "no_show"))
            else:
                svc.start(counter)
                svc.finish(counter)
                handled.append((t.id, t.code, "done"))
        else:
            raise TimeoutError(f"counter {counter} still busy at the time limit")
        svc.close()
        results.put(("caller", counter, handled, None))
    except BaseException:
        results.put(("caller", counter, [], traceback.format_exc()))


# --- the test ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_issuing_and_calling_from_16_processes(tmp_path):
    db = tmp_path / "antrean.db"
    init_database(db, parse_config(office_raw(CALLERS), "concurrency.toml"))
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    go, issuers_done = ctx.Event(), ctx.Event()
    procs = [ctx.Process(target=issuer, args=(str(db), i, K, ready, go, results), daemon=True)
             for i in range(ISSUERS)]
    counters = [str(i) for i in range(1, CALLERS + 1)]
    procs += [ctx.Process(target=caller, args=(str(db), c, issuers_done, TIME_LIMIT, ready, go,
                                               results), daemon=True) for c in counters]
    for p in procs:
        p.start()
    try:
        # spawning 16 interpreters is slow on 2 cores: start the clock when all are up
        for _ in procs:
            ready.get(timeout=60)
        t0 = time.monotonic()
        go.set()

        issued, handled, errors = {}, {}, []
        got = 0
        while got < len(procs):
            try:
                kind, who, items, err = results.get(timeout=max(1.0, t0 + TIME_LIMIT + 15 -
                                                                 time.monotonic()))
            except queue.Empty:
                pytest.fail(f"processes still running {TIME_LIMIT + 15:.0f} s after the start; "
                            f"reported: {got}/{len(procs)}")
            got += 1
            if err:
                errors.append(f"{kind} {who}:\n{err}")
            if kind == "issuer":
                issued[who] = items
                if len(issued) == ISSUERS:
                    issuers_done.set()
            else:
                handled[who] = items
            if err and kind == "issuer":
                issuers_done.set()  # let the callers finish; the test fails on the error anyway
        elapsed = time.monotonic() - t0
    finally:
        go.set()
        issuers_done.set()
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
    assert not errors, "\n".join(errors)
    assert elapsed < TIME_LIMIT, f"took {elapsed:.1f} s"
    print(f"{ISSUERS * K} tickets issued, called and closed by {len(procs)} processes "
          f"in {elapsed:.1f} s")

    conn = connect(db)
    try:
        q = lambda sql, params=(): conn.execute(sql, params).fetchall()  # noqa: E731
        assert q("PRAGMA integrity_check") == [("ok",)]
        assert q("PRAGMA foreign_key_check") == []

        # none lost: every ticket an issuer was given is in the store, and nothing else is
        reported = [t for items in issued.values() for t in items]
        assert len(reported) == ISSUERS * K
        ids = {t[0] for t in reported}
        assert len(ids) == len(reported), "two issuers were given the same ticket id"
        rows = {r[0]: r[1:] for r in q(
            "SELECT id, code, service, business_day, number, status FROM tickets")}
        assert set(rows) == ids, "the store's tickets differ from what the issuers were given"
        assert q("SELECT COUNT(*) FROM events WHERE type = 'issued'") == [(len(ids),)]
        for tid, code, service, day, number in reported:
            assert rows[tid][:4] == (code, service, day, number), (tid, rows[tid])

        # no number issued twice, and no gap
        numbers = Counter((t[2], t[3], t[4]) for t in reported)
        assert max(numbers.values()) == 1, [k for k, n in numbers.items() if n > 1]
        for service, day, count, top in q("SELECT issued_service, business_day, COUNT(*), "
                                          "MAX(number) FROM tickets GROUP BY 1, 2"):
            assert count == top, f"{service} {day}: {count} tickets up to number {top}"
        codes = Counter((r[2], r[0]) for r in rows.values())
        assert max(codes.values()) == 1

        # no ticket called twice, none left behind, nobody holds a ticket
        calls = dict(q("SELECT ticket_id, COUNT(*) FROM events WHERE type = 'called' "
                       "GROUP BY ticket_id"))
        assert set(calls) == ids and set(calls.values()) == {1}, (
            f"called twice: {[t for t, n in calls.items() if n > 1]}; "
            f"never called: {len(ids - set(calls))}")
        assert Counter(r[4] for r in rows.values()).keys() <= {"done", "no_show"}
        assert q("SELECT COUNT(*) FROM counters WHERE current_ticket IS NOT NULL") == [(0,)]
        assert q("SELECT COUNT(*) FROM segments WHERE ended_at IS NULL") == [(0,)]

        # what the callers report equals the store
        by_caller = [(tid, code, outcome, counter)
                     for counter, items in handled.items() for tid, code, outcome in items]
        assert len(by_caller) == len(ids) == len({t[0] for t in by_caller}), (
            "a ticket handled twice or not at all")
        for tid, code, outcome, counter in by_caller:
            assert rows[tid][0] == code and rows[tid][4] == outcome, (tid, code, outcome, rows[tid])
        store_counts = Counter(r[4] for r in rows.values())
        assert store_counts == Counter(t[2] for t in by_caller)
        per_counter = dict(q("SELECT counter, COUNT(*) FROM events WHERE type = 'called' "
                             "GROUP BY counter"))
        assert per_counter == {c: len(items) for c, items in handled.items() if items}
        assert q("SELECT COUNT(*) FROM events WHERE type = 'finished'") == [(store_counts["done"],)]
    finally:
        conn.close()
