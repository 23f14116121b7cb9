"""An admin edits the office while 4 processes issue and call on the same SQLite file: no error
in any of them, no ticket lost or called twice, and the processes take up the new config live (a
service added on screen is issued and served by the running processes)."""
from __future__ import annotations

import multiprocessing as mp
import queue
import time
import traceback

import pytest

from conftest import example_raw, open_all_day
from shared.admin import CONFIG_EVENT, OfficeAdmin, edits
from shared.config import parse_config
from shared.domain import IssueRefused, NobodyWaiting
from shared.store.database import connect
from shared.store.setup import init_database

K = 200                 # tickets per issuer, one every 20 ms: the run outlasts the 2 s config check
TIME_LIMIT = 60.0


def issuer(db_path: str, index: int, ready, go, results) -> None:
    from shared.store.service import SqliteQueueService
    try:
        svc = SqliteQueueService(db_path)
        ready.put(index)
        go.wait()
        acked, new_service, i = [], 0, -1
        # K tickets, and on until the service added on screen has been issued (at most 3 K)
        while len(acked) < K or (new_service == 0 and len(acked) < 3 * K):
            i += 1
            fresh = svc.config.service("arsip")       # appears while we run
            code = "arsip" if fresh is not None and fresh.active and i % 3 == 0 else \
                ("ktp", "kk")[(index + i) % 2]
            try:
                t = svc.issue_ticket(code)
            except IssueRefused as exc:              # would be a lost ticket: report it
                raise AssertionError(f"refused {code}: {exc.message_en}") from None
            new_service += code == "arsip"
            acked.append(t.id)
            time.sleep(0.02)
        svc.close()
        results.put(("issuer", index, acked, new_service, None))
    except BaseException:
        results.put(("issuer", index, [], 0, traceback.format_exc()))


def caller(db_path: str, counter: str, issuers_done, ready, go, results) -> None:
    from shared.store.service import SqliteQueueService
    try:
        svc = SqliteQueueService(db_path)
        ready.put(counter)
        go.wait()
        deadline = time.monotonic() + TIME_LIMIT
        handled = []
        while time.monotonic() < deadline:
            done_before = issuers_done.is_set()
            try:
                t = svc.call_next(counter)
            except NobodyWaiting:
                if done_before:
                    break
                time.sleep(0.005)
                continue
            svc.start(counter)
            svc.finish(counter)
            handled.append(t.id)
        svc.close()
        results.put(("caller", counter, handled, 0, None))
    except BaseException:
        results.put(("caller", counter, [], 0, traceback.format_exc()))


def office() -> dict:
    raw = open_all_day(example_raw())
    for s in raw["services"]:
        s.pop("daily_quota", None)
    raw["counters"] = [{"name": "1", "label": "Loket 1", "services": ["ktp", "kk"]},
                       {"name": "2", "label": "Loket 2", "services": ["ktp", "kk"]}]
    raw["priority"] = {"policy": "strict"}
    return raw


def admin_edits(admin: OfficeAdmin) -> list:
    """A morning's work on the admin screens, in the order an admin does it."""
    def svc(code):
        return dict(next(s for s in admin.raw()["services"] if s["code"] == code))
    steps = [
        lambda: edits.save_service("ktp", svc("ktp") | {"name": "KTP-el (rekam & cetak)"}),
        lambda: edits.save_service("kk", svc("kk") | {"target_wait_min": 25,
                                                      "daily_quota": 5000}),
        lambda: edits.set_board_texts("Layanan GRATIS — siapkan berkas", ["Terima kasih"]),
        lambda: edits.save_service(None, {"code": "arsip", "prefix": "F",
                                          "name": "Legalisir Dokumen", "name_en": "Legalisation",
                                          "target_wait_min": 20, "target_service_min": 5}),
        lambda: edits.save_counter("1", {"name": "1", "label": "Loket 1",
                                         "services": ["ktp", "kk", "arsip"]}),
        lambda: edits.save_counter(None, {"name": "3", "label": "Loket 3 (baru)",
                                          "services": ["arsip", "kk"]}),
        lambda: edits.save_holiday(None, "2031-01-02", "Cuti bersama"),
        lambda: edits.set_printer({"kind": "network", "host": "127.0.0.1", "port": 9100}),
        lambda: edits.save_officer(None, {"username": "wati", "full_name": "Wati",
                                          "role": "officer"}, pin="2468"),
        lambda: edits.save_special_days(None, "Ramadan 1452 H", "2031-01-20", "2031-02-18",
                                        {d: ["00:00-24:00"] for d in ("senin", "selasa")}),
        lambda: edits.save_service("kk", svc("kk") | {"name_en": "Family Card (KK)"}),
        lambda: edits.remove_holiday("2031-01-02"),
    ]
    return steps


@pytest.mark.slow
def test_editing_the_office_while_four_processes_issue_and_call(tmp_path):
    db = tmp_path / "antrean.db"
    init_database(db, parse_config(office(), "admin-race.toml"))
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    go, issuers_done = ctx.Event(), ctx.Event()
    procs = [ctx.Process(target=issuer, args=(str(db), i, ready, go, results), daemon=True)
             for i in range(2)]
    procs += [ctx.Process(target=caller, args=(str(db), c, issuers_done, ready, go, results),
                          daemon=True) for c in ("1", "2")]
    for p in procs:
        p.start()
    admin = OfficeAdmin(db)
    applied = 0
    reports = {}
    try:
        for _ in procs:
            ready.get(timeout=60)
        go.set()
        for step in admin_edits(admin):
            assert admin.apply("cli:test", step()).changed
            applied += 1
            time.sleep(0.08)
        deadline = time.monotonic() + TIME_LIMIT + 15
        while len(reports) < len(procs):
            try:
                kind, who, items, extra, err = results.get(
                    timeout=max(1.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"processes still running; reported {len(reports)}/{len(procs)}")
            reports[(kind, who)] = (items, extra, err)
            if kind == "issuer" and sum(k == "issuer" for k, _ in reports) == 2:
                issuers_done.set()
            if err and kind == "issuer":
                issuers_done.set()
    finally:
        go.set()
        issuers_done.set()
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
    errors = [f"{k}: {err}" for k, (_, _, err) in reports.items() if err]
    assert not errors, "\n".join(errors)
    acked = [t for (kind, _), (items, _, _) in reports.items() if kind == "issuer" for t in items]
    served = [t for (kind, _), (items, _, _) in reports.items() if kind == "caller" for t in items]
    assert len(acked) == len(set(acked)) >= 2 * K
    new_service = sum(extra for (kind, _), (_, extra, _) in reports.items() if kind == "issuer")
    assert new_service > 0, "the running issuers never saw the service added on screen"
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = dict(conn.execute("SELECT id, status FROM tickets").fetchall())
        assert set(rows) == set(acked), "tickets lost or invented"
        # the two callers and the added counter: every ticket called once. Counter 3 has no
        # process at it, so the tickets only it serves ("arsip" is also at counter 1) are served
        # by counter 1
        calls = conn.execute("SELECT ticket_id, COUNT(*) FROM events WHERE type = 'called' "
                             "GROUP BY ticket_id").fetchall()
        assert {n for _, n in calls} == {1} and {t for t, _ in calls} == set(acked)
        assert sorted(served) == sorted(acked) and set(rows.values()) == {"done"}
        arsip = conn.execute("SELECT COUNT(*) FROM tickets WHERE service = 'arsip' AND "
                             "status = 'done'").fetchone()[0]
        assert arsip == new_service
        changes = conn.execute("SELECT COUNT(*) FROM events WHERE type = ?",
                               (CONFIG_EVENT,)).fetchone()[0]
        assert changes == applied == len(admin_edits(admin))
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
