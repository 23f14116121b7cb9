"""`antrean config export|import`, `antrean backup` and `antrean restore` as a script uses them:
real processes, exit codes, one clear line on stderr."""
from __future__ import annotations

import json
import tomllib

import pytest

from shared.config import parse_config
from shared.store.service import SqliteQueueService
from shared.store.setup import init_database
from tests.conftest import example_raw, open_all_day
from tests.test_cli import run


@pytest.fixture
def open_db(tmp_path):
    path = tmp_path / "cli.db"
    init_database(path, parse_config(open_all_day(example_raw()), "cli.toml"))
    return path


def test_export_then_import_is_a_round_trip(db_path, tmp_path):
    out = tmp_path / "kantor.toml"
    r = run(db_path, "config", "export", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    # the example office's Ramadan hours and holidays come back as TOML dates
    assert text.startswith("# Konfigurasi kantor") and "from = 2027-02-08" in text
    assert "date = 2026-12-25" in text
    svc = SqliteQueueService(db_path)
    assert parse_config(tomllib.loads(text), "x") == svc.config      # every table, every key
    assert run(db_path, "config", "import", str(out)).stdout.strip() == "Tidak ada perubahan."
    stdout_export = run(db_path, "config", "export").stdout
    assert tomllib.loads(stdout_export) == tomllib.loads(text)
    svc.close()


def test_import_applies_a_change_and_records_it(open_db, tmp_path):
    out = tmp_path / "kantor.toml"
    run(open_db, "config", "export", "--out", str(out))
    text = out.read_text(encoding="utf-8").replace('name = "Kartu Keluarga"',
                                                   'name = "Kartu Keluarga (KK)"')
    out.write_text(text, encoding="utf-8")
    dry = run(open_db, "--json", "config", "import", str(out), "--dry-run")
    assert json.loads(dry.stdout)["changes"] == [
        {"key": "services[kk].name", "before": "Kartu Keluarga", "after": "Kartu Keluarga (KK)"}]
    svc = SqliteQueueService(open_db)
    assert svc.config.service("kk").name == "Kartu Keluarga"        # a dry run changes nothing
    r = run(open_db, "config", "import", str(out))
    assert r.returncode == 0 and "services[kk].name: Kartu Keluarga → Kartu Keluarga (KK)" in r.stdout
    event = [e for e in svc.events_after(0) if e.type == "config_changed"][-1]
    assert event.officer.startswith("cli") and event.detail["action"] == "import"
    svc._config_checked -= 10
    assert svc.config.service("kk").name == "Kartu Keluarga (KK)"
    svc.close()


def test_import_of_a_bad_file_is_one_line_and_changes_nothing(open_db, tmp_path):
    bad = tmp_path / "bad.toml"
    run(open_db, "config", "export", "--out", str(bad))
    bad.write_text(bad.read_text(encoding="utf-8").replace("target_wait_min = 30",
                                                           "target_wait_min = -5", 1))
    r = run(open_db, "config", "import", str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "services[0].target_wait_min" in r.stderr


def test_backup_status_and_restore_from_the_command_line(open_db, tmp_path):
    usb = tmp_path / "usb"
    assert run(open_db, "backup", "--folder", str(usb), "--keep", "3").returncode == 0
    status = json.loads(run(open_db, "--json", "backup", "--status").stdout)
    assert status["last"] is None and status["stale"] and status["settings"]["keep"] == 3
    run(open_db, "issue", "A")
    r = run(open_db, "backup")
    assert r.returncode == 0 and str(usb) in r.stdout
    run(open_db, "issue", "A")
    status = json.loads(run(open_db, "--json", "backup", "--status").stdout)
    assert status["last"]["tickets"] == 1 and not status["stale"]
    r = run(open_db, "restore", status["last"]["path"])
    assert r.returncode == 0 and "sebelum-pulih" in r.stdout
    assert json.loads(run(open_db, "--json", "status").stdout) is not None
    svc = SqliteQueueService(open_db)
    assert svc._conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
    svc.close()
    broken = tmp_path / "rusak.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    r = run(open_db, "restore", str(broken))
    assert r.returncode == 1 and "tidak dipulihkan" in r.stderr and "Traceback" not in r.stderr


def test_antrean_serve_runs_the_daily_backup(open_db, tmp_path):
    import socket
    import subprocess
    import sys
    import time
    from shared.store.backup import list_backups
    from tests.conftest import ROOT
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    usb = tmp_path / "usb"
    assert run(open_db, "backup", "--folder", str(usb)).returncode == 0
    server = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(open_db), "serve",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not list_backups(usb) and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
        assert list_backups(usb), "no backup from the running server"
    finally:
        server.terminate()
        server.wait(timeout=15)
