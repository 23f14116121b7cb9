"""16 real processes book the last places at the same instant, on one SQLite file and through the
HTTP server on 127.0.0.1: never over a slot's capacity or the day's booked share, every success
has its row, every failure is BookingRefused 'full'.

The office is open all day on the system clock; the places are tomorrow's (office zone). Before
the race: slot 09:00 holds 2 of 3, slot 10:00 2 of 3, so the day's share (6 of kk's quota 20 at
0.3) has 2 places left. Half the racers want 09:00 (1 place left), half 09:30 (3 left): exactly
two win, at most one of them at 09:00."""
from __future__ import annotations

import multiprocessing as mp
import queue
import traceback
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from shared.config import parse_config
from shared.store.database import connect
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database
from tests.conftest import example_raw, open_all_day

RACERS = 16
TZ = ZoneInfo("Asia/Jakarta")


def _office(tmp_path):
    raw = open_all_day(example_raw())
    raw["services"][1]["daily_quota"] = 20
    raw["services"][1]["booking"] = {"per_slot": 3, "share": 0.3, "days_ahead": 7,
                                     "identity": "phone"}
    db = tmp_path / "race.db"
    init_database(db, parse_config(raw, "race.toml"))
    tomorrow = datetime.now(timezone.utc).astimezone(TZ).date() + timedelta(days=1)
    nine, half, ten = (datetime.combine(tomorrow, time(h, m), tzinfo=TZ)
                       for h, m in ((9, 0), (9, 30), (10, 0)))
    svc = SqliteQueueService(db)
    for i, slot in enumerate((nine, nine, ten, ten)):
        svc.book("kk", slot, f"Awal {i}", f"08139999{i:04d}")
    svc.close()
    return db, nine, half


def embedded_racer(db: str, index: int, slot_iso: str, ready, go, results) -> None:
    from shared.domain import BookingRefused
    try:
        svc = SqliteQueueService(db)
        svc.config       # loaded before the start, so the race is the write alone
        ready.put(index)
        go.wait()
        try:
            b = svc.book("kk", datetime.fromisoformat(slot_iso), f"Warga {index}",
                         f"08121111{index:04d}")
            results.put((index, "ok", b.code, None))
        except BookingRefused as exc:
            results.put((index, "refused", exc.reason, None))
        svc.close()
    except BaseException:   # report, never hang the parent
        results.put((index, "error", None, traceback.format_exc()))


def http_racer(url: str, index: int, slot_iso: str, ready, go, results) -> None:
    import httpx
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            client.get("/healthz")       # the connection is open before the start
            ready.put(index)
            go.wait()
            r = client.post("/api/public/bookings", json={
                "service": "kk", "slot_start": slot_iso, "name": f"Warga {index}",
                "contact": f"08121111{index:04d}"})
        body = r.json()
        if r.status_code == 201:
            results.put((index, "ok", body["code"], None))
        elif r.status_code == 409 and body["error"] == "booking_refused":
            results.put((index, "refused", body["detail"]["reason"], None))
        else:
            results.put((index, "error", None, f"HTTP {r.status_code}: {body}"))
    except BaseException:
        results.put((index, "error", None, traceback.format_exc()))


def race(target, first_arg, nine, half) -> list[tuple]:
    ctx = mp.get_context("spawn")
    ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(first_arg, i, (nine if i % 2 else half).isoformat(),
                                              ready, go, results), daemon=True)
             for i in range(RACERS)]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            ready.get(timeout=90)          # 16 interpreters start slowly on 2 cores
        go.set()
        out = []
        for _ in procs:
            try:
                out.append(results.get(timeout=60))
            except queue.Empty:
                pytest.fail(f"only {len(out)} of {RACERS} racers reported within 60 s")
        return out
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()


def check(db, nine, half, outcomes) -> None:
    errors = [o[3] for o in outcomes if o[1] == "error"]
    assert not errors, "\n".join(errors)
    wins = {o[2]: o[0] for o in outcomes if o[1] == "ok"}
    assert len(wins) == 2, outcomes                        # the day's share had two places
    assert {o[2] for o in outcomes if o[1] == "refused"} == {"full"}
    conn = connect(db)
    try:
        rows = conn.execute("SELECT code, slot_start, status FROM bookings").fetchall()
        per_slot = dict(conn.execute("SELECT slot_start, COUNT(*) FROM bookings "
                                     "WHERE status = 'booked' GROUP BY slot_start").fetchall())
        created = conn.execute("SELECT COUNT(*) FROM events WHERE type = 'booking_created'"
                               ).fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    codes = {r[0] for r in rows}
    assert set(wins) <= codes and len(rows) == 6 == created          # 4 before + 2 winners
    assert max(per_slot.values()) <= 3 and sum(per_slot.values()) == 6
    nine_key = nine.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    assert per_slot[nine_key] <= 3


@pytest.mark.slow
def test_16_processes_book_the_last_places_on_one_file(tmp_path):
    db, nine, half = _office(tmp_path)
    check(db, nine, half, race(embedded_racer, str(db), nine, half))


@pytest.mark.slow
def test_16_processes_book_the_last_places_over_http(tmp_path):
    from shared.server.runner import ServerThread
    from shared.server.settings import ServerSettings
    db, nine, half = _office(tmp_path)
    # 16 phones behind one address: the booking bucket is widened for the race, not removed
    settings = ServerSettings(db, port=0, extra={"booking_burst": 32}, public_burst=64)
    with ServerThread(settings) as srv:
        outcomes = race(http_racer, srv.url, nine, half)
    check(db, nine, half, outcomes)
