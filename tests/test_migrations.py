"""An old-schema database file is migrated by 'antrean init' and keeps its data."""
import shutil

import pytest
from sqlite_utils import Database

from shared.config import parse_config
from shared.domain import AntreanError
from shared.store.setup import apply_config, init_database
from shared.store.service import SqliteQueueService
from shared.store.database import connect
from shared.store.migrations import migrations
from tests.conftest import example_raw


def test_old_schema_file_is_migrated_with_its_data(tmp_path, clock):
    old = tmp_path / "old.db"
    conn = connect(old)
    migrations.apply(Database(conn), stop_before="m002_server_auth")   # a first-release file
    apply_config(conn, parse_config(example_raw(), "a.toml"), clock.now())
    conn.execute("INSERT INTO day_sequences VALUES ('ktp', '2026-11-23', 1)")
    conn.execute("INSERT INTO tickets (code, number, issued_service, service, business_day, status,"
                 " is_priority, queue_key, token, issued_at) VALUES ('A-001', 1, 'ktp', 'ktp',"
                 " '2026-11-23', 'waiting', 0, 1, 'tok-old-0123456789abcdef', "
                 "'2026-11-23T01:00:00.000000+00:00')")
    conn.close()
    copy = tmp_path / "copy.db"
    shutil.copy(old, copy)

    with pytest.raises(AntreanError, match="antrean init"):
        SqliteQueueService(copy, clock)          # refuses to run on an old schema
    summary = init_database(copy, parse_config(example_raw(), "a.toml"))
    assert summary["migrations"] == ["m002_server_auth", "m003_survey_and_complaints",
                                     "m004_bookings"]
    svc = SqliteQueueService(copy, clock)
    assert svc.ticket("A-001").token == "tok-old-0123456789abcdef"
    assert svc.issue("ktp").ticket.code == "A-002"     # numbering continues
    names = {r[0] for r in svc._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"devices", "survey_answers", "complaints", "bookings"} <= names
    assert svc.ticket("A-001").booking_code is None      # old tickets were walk-ins
    assert svc._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
