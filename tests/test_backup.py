"""Backups while kiosks write, restoring them, and the refusals: a real SQLite file, real
processes issuing during the backup, damaged and newer-schema files."""
from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
import traceback
from datetime import timedelta

import pytest
from sqlite_utils import Database

from conftest import example_raw, open_all_day
from shared.config import parse_config
from shared.store import backup
from shared.store.database import connect
from shared.store.migrations import migrations
from shared.store.scheduler import BackupScheduler
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database

WRITERS = 3


def writer(db_path: str, index: int, stop, ready, results) -> None:
    """Issue tickets as fast as possible; report (id, time the commit was acknowledged)."""
    try:
        svc = SqliteQueueService(db_path)
        acked = []
        ready.put(index)
        while not stop.is_set():
            t = svc.issue_ticket(("ktp", "kk", "akta")[index % 3])
            acked.append((t.id, time.time()))
        svc.close()
        results.put((index, acked, None))
    except BaseException:  # report, never hang the parent
        results.put((index, [], traceback.format_exc()))


@pytest.fixture
def busy_db(tmp_path):
    """An office open around the clock with a few thousand tickets already."""
    db = tmp_path / "antrean.db"
    raw = open_all_day(example_raw())
    for s in raw["services"]:
        s.pop("daily_quota", None)
    init_database(db, parse_config(raw, "backup.toml"))
    svc = SqliteQueueService(db)
    for i in range(3000):
        svc.issue_ticket(("ktp", "kk", "akta", "pindah", "kia")[i % 5])
    svc.close()
    return db


@pytest.mark.slow
def test_a_backup_under_concurrent_writes_restores_every_acknowledged_ticket(busy_db, tmp_path):
    ctx = mp.get_context("spawn")
    stop, ready, results = ctx.Event(), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=writer, args=(str(busy_db), i, stop, ready, results), daemon=True)
             for i in range(WRITERS)]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            ready.get(timeout=60)
        time.sleep(0.5)                       # the writers are in full swing
        began = time.time()
        info = backup.backup_now(busy_db, tmp_path / "usb", actor="test")
        ended = time.time()
        time.sleep(0.3)                       # and they carry on after it
        stop.set()
        reports = []
        for _ in procs:
            reports.append(results.get(timeout=30))
    finally:
        stop.set()
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
    errors = [err for _, _, err in reports if err]
    assert not errors, "\n".join(errors)
    acked = [a for _, items, _ in reports for a in items]
    before = {tid for tid, at in acked if at < began}
    after = {tid for tid, at in acked if at > ended}
    assert len(before) > 50 and len(after) > 10, (len(before), len(after))
    during = len(acked) - len(before) - len(after)
    print(f"backup of {info.size / 1e6:.1f} MB in {(ended - began) * 1000:.0f} ms; tickets "
          f"acknowledged before {len(before)}, during {during}, after {len(after)}")

    restored = tmp_path / "restored.db"
    done = backup.restore_database(restored, info.path, actor="test")
    assert done["kept_aside"] is None          # nothing was there to keep
    conn = connect(restored)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = {r[0] for r in conn.execute("SELECT id FROM tickets")}
        assert before <= ids, f"{len(before - ids)} acknowledged tickets missing from the backup"
        assert info.tickets == len(ids) >= 3000 + len(before)
        # each ticket in the backup has its `issued` event: a snapshot, not a torn copy
        assert conn.execute("SELECT COUNT(*) FROM events WHERE type = 'issued'").fetchone()[0] \
            == len(ids)
    finally:
        conn.close()
    # the live file has every ticket of every writer
    live = connect(busy_db)
    try:
        live_ids = {r[0] for r in live.execute("SELECT id FROM tickets")}
        assert {tid for tid, _ in acked} <= live_ids
    finally:
        live.close()


def test_restore_keeps_the_current_database_aside_and_running_screens_follow(db_path, clock,
                                                                             tmp_path):
    svc = SqliteQueueService(db_path, clock)
    svc.issue("ktp")
    info = backup.backup_now(db_path, tmp_path / "usb", now=clock.now())
    later = [svc.issue("kk").ticket.code for _ in range(3)]
    seen_up_to = svc.last_event_seq()               # what a board has already shown
    done = backup.restore_database(db_path, info.path, actor="admin", now=clock.now())
    aside = connect(done["kept_aside"])
    try:
        kept = {r[0] for r in aside.execute("SELECT code FROM tickets")}
    finally:
        aside.close()
    assert set(later) <= kept                        # nothing is lost: it is kept aside
    assert svc.ticket("A-001") and svc._conn.execute(
        "SELECT COUNT(*) FROM tickets").fetchone()[0] == 1   # the open service sees the backup
    new = svc.events_after(seen_up_to)
    assert [e.type for e in new] == ["database_restored"] and new[0].officer == "admin"
    t = svc.issue("kk").ticket                        # and goes on numbering from the backup
    assert t.code == "B-001"
    assert svc.events_after(seen_up_to)[-1].seq > new[0].seq
    svc.close()


def _damaged_copy(source: str, target, how: str):
    data = bytearray(open(source, "rb").read())
    if how == "garbage":
        data = bytearray(b"this is not a database at all" * 100)
    elif how == "truncated":
        data = data[: len(data) // 3]
    elif how == "pages":
        page = 4096
        for n in range(2, len(data) // page, 3):   # scribble over every third page's header
            data[n * page: n * page + 12] = b"\x0d\xff\xff\x7f\xff\x00\x00\xff\xff\xff\xff\xff"
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["garbage", "truncated", "pages"])
def test_restore_refuses_a_damaged_file_and_changes_nothing(db_path, clock, tmp_path, how):
    svc = SqliteQueueService(db_path, clock)
    svc.issue("ktp")
    info = backup.backup_now(db_path, tmp_path / "usb", now=clock.now())
    svc.issue("kk")
    bad = _damaged_copy(info.path, tmp_path / f"{how}.db", how)
    last = svc.last_event_seq()
    with pytest.raises(backup.RestoreRefused) as err:
        backup.restore_database(db_path, bad)
    assert "tidak dipulihkan" in err.value.message or "integritas" in err.value.message
    assert svc.last_event_seq() == last and svc.ticket("B-001")
    assert not list(db_path.parent.glob("*sebelum-pulih*"))
    svc.close()


def test_restore_refuses_a_file_from_a_newer_schema_and_a_foreign_database(db_path, clock,
                                                                            tmp_path):
    info = backup.backup_now(db_path, tmp_path / "usb", now=clock.now())
    newer = tmp_path / "newer.db"
    newer.write_bytes(open(info.path, "rb").read())
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('antrean', 'm099_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(backup.RestoreRefused) as err:
        backup.restore_database(db_path, newer)
    assert "versi antrean yang lebih baru" in err.value.message
    assert "m099_from_the_future" in err.value.message
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(backup.RestoreRefused, match="bukan basis data antrean"):
        backup.restore_database(db_path, foreign)
    with pytest.raises(backup.RestoreRefused, match="tidak ada"):
        backup.restore_database(db_path, tmp_path / "missing.db")


def test_an_older_schema_backup_is_migrated_after_restoring(tmp_path, clock):
    old = tmp_path / "old.db"
    conn = connect(old)
    migrations.apply(Database(conn), stop_before="m002_server_auth")
    from shared.store.setup import apply_config
    apply_config(conn, parse_config(example_raw(), "old.toml"), clock.now())
    conn.close()
    live = tmp_path / "live.db"
    init_database(live, parse_config(example_raw(), "x.toml"))
    done = backup.restore_database(live, old, now=clock.now())
    assert done["migrations"] == ["m002_server_auth", "m003_survey_and_complaints",
                                  "m004_bookings"]
    SqliteQueueService(live, clock).close()          # current schema: opens


def test_retention_keeps_the_newest_and_leaves_other_files_alone(db_path, tmp_path, clock):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "catatan.txt").write_text("jangan dihapus")
    made = []
    for _ in range(5):
        made.append(backup.backup_now(db_path, folder, now=clock.now(), keep=3).path)
        clock.advance(minutes=60)
    left = [str(p) for p in backup.list_backups(folder)]
    assert left == made[-3:]
    assert (folder / "catatan.txt").read_text() == "jangan dihapus"


def test_a_failed_backup_is_recorded_and_shown(db_path, tmp_path, clock):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(backup.BackupError) as err:
        backup.backup_now(db_path, blocker / "sub", now=clock.now())
    assert "gagal" in err.value.message
    status = backup.backup_status(db_path, clock.now())
    assert status["last"] is None and status["stale"]
    assert str(blocker) in status["last_failure"]["folder"]


def test_the_daily_schedule_and_the_stale_warning(db_path, tmp_path, clock):
    backup.save_settings(db_path, backup.BackupSettings(str(tmp_path / "usb"), 5, "12:00"),
                         "admin", clock.now())
    first = BackupScheduler(db_path, clock)
    second = BackupScheduler(db_path, clock)          # `serve` and `start` on one file
    assert first.run_pending() is not None            # none yet: at once
    assert second.run_pending() is None and first.run_pending() is None
    assert not backup.backup_status(db_path, clock.now())["stale"]
    clock.advance(minutes=5 * 60)                     # 13:00 the same day: today has one
    assert first.run_pending() is None
    clock.advance(minutes=18 * 60 + 30)               # 07:30 the next day: not a day old
    assert first.run_pending() is None
    clock.advance(minutes=30)                         # 08:00: the last one is a day old
    assert second.run_pending() is not None
    clock.advance(minutes=12 * 60)                    # 20:00: an admin's own backup
    backup.backup_now(db_path, now=clock.now(), actor="admin")
    clock.advance(minutes=15 * 60 + 59)               # 11:59 the day after: not yet
    assert first.run_pending() is None
    clock.advance(minutes=1)                          # 12:00: today's time has come
    assert first.run_pending() is not None
    assert len(backup.list_backups(tmp_path / "usb")) == 4
    assert backup.backup_status(db_path, clock.now() + timedelta(hours=25))["stale"]
    backup.save_settings(db_path, backup.BackupSettings(str(tmp_path / "usb"), 5, "12:00",
                                                        enabled=False), "admin", clock.now())
    clock.advance(minutes=3 * 24 * 60)
    assert first.run_pending() is None


def test_backup_settings_are_checked(db_path, tmp_path):
    with pytest.raises(backup.BackupError, match="1–365"):
        backup.save_settings(db_path, backup.BackupSettings(keep=0), "admin")
    with pytest.raises(backup.BackupError, match="bukan jam"):
        backup.save_settings(db_path, backup.BackupSettings(at="25:99"), "admin")
    blocker = tmp_path / "f"
    blocker.write_text("x")
    with pytest.raises(backup.BackupError, match="tidak bisa ditulisi"):
        backup.save_settings(db_path, backup.BackupSettings(folder=str(blocker)), "admin")
