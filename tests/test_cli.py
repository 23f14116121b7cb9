"""The command line as a script would use it: real processes, exit codes, --json, stderr."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared.config import parse_config
from shared.store.setup import init_database
from tests.conftest import EXAMPLE_CONFIG, ROOT, example_raw, open_all_day


def run(db, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), *args],
                          cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=60)


@pytest.fixture
def open_db(tmp_path):
    """A database whose office is open all day, for the real clock the CLI uses."""
    path = tmp_path / "cli.db"
    init_database(path, parse_config(open_all_day(example_raw()), "cli.toml"))
    return path


def test_help_lists_subcommands():
    r = subprocess.run([sys.executable, "-m", "shared.cli", "--help"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0
    for word in ("init", "issue", "call", "recall", "start", "finish", "no-show", "transfer",
                 "status", "stats", "officer", "bench", "kiosk", "board", "counter"):
        assert word in r.stdout


def test_init_then_whole_visit(tmp_path, open_db):
    db = tmp_path / "fresh.db"
    r = run(db, "init", "--config", str(EXAMPLE_CONFIG))
    assert r.returncode == 0 and "5 layanan" in r.stdout
    r = run(open_db, "--json", "issue", "A", "--priority", "lansia")
    assert r.returncode == 0, r.stderr
    issued = json.loads(r.stdout)
    assert issued["ticket"]["code"] == "A-001" and issued["ticket"]["priority_group"] == "lansia"
    assert issued["status_url"].endswith(issued["ticket"]["token"])
    assert run(open_db, "call", "1").stdout.startswith("A-001")
    assert run(open_db, "start", "1").returncode == 0
    assert run(open_db, "transfer", "1", "kk").returncode == 0
    assert run(open_db, "call", "3").returncode == 0
    assert run(open_db, "start", "3").returncode == 0
    r = run(open_db, "--json", "finish", "3")
    assert json.loads(r.stdout)["status"] == "done"
    r = run(open_db, "--json", "status")
    status = json.loads(r.stdout)
    assert {c["name"]: c["status"] for c in status["counters"]}["3"] == "open"
    r = run(open_db, "events")
    assert "transferred" in r.stdout and "finished" in r.stdout


def test_refusals_exit_1_with_reason_on_stderr(open_db):
    r = run(open_db, "finish", "1")
    assert r.returncode == 1 and r.stdout == "" and "tidak sedang memegang tiket" in r.stderr
    r = run(open_db, "--json", "call", "1")
    assert r.returncode == 1 and json.loads(r.stderr)["error"] == "nobody_waiting"
    r = run(open_db, "issue", "paspor")
    assert r.returncode == 1 and "tidak dikenal" in r.stderr


def test_bad_usage_exit_2(open_db):
    assert run(open_db, "issue").returncode == 2
    assert run(open_db, "issue", "A", "--priority", "vip").returncode == 2


def test_bad_config_is_one_clear_line(tmp_path):
    bad = tmp_path / "kantor.toml"
    bad.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        'timezone = "Asia/Jakarta"', 'timezone = "WIB"'))
    r = run(tmp_path / "x.db", "init", "--config", str(bad))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0
    assert str(bad) in r.stderr and "office.timezone" in r.stderr and "IANA" in r.stderr


def test_missing_database_is_explained(tmp_path):
    r = run(tmp_path / "none.db", "status")
    assert r.returncode == 1 and "antrean init" in r.stderr


def test_officer_set_pin_and_list(open_db):
    r = run(open_db, "officer", "set-pin", "siti", "--pin-stdin", stdin="135790\n")
    assert r.returncode == 0, r.stderr
    r = run(open_db, "--json", "officer", "list")
    users = {u["username"]: u for u in json.loads(r.stdout)}
    assert users["siti"]["pin_set"] and not users["budi"]["pin_set"]
    r = run(open_db, "officer", "set-pin", "siti", "--pin-stdin", stdin="12\n")
    assert r.returncode == 1 and "PIN" in r.stderr


def test_stats_command(open_db):
    from datetime import date
    run(open_db, "issue", "A")
    run(open_db, "call", "1")
    run(open_db, "start", "1")
    run(open_db, "finish", "1")
    today = date.today().isoformat()
    r = run(open_db, "--json", "stats", "--from", "2000-01-01", "--to", "2100-01-01")
    rows = {x["service"]: x for x in json.loads(r.stdout)}
    assert rows["ktp"]["issued"] == 1 and rows["ktp"]["served"] == 1
    r = run(open_db, "stats", "--from", today, "--to", "kemarin")
    assert r.returncode == 2


def test_db_from_environment(tmp_path, open_db):
    import os
    env = dict(os.environ, ANTREAN_DB=str(open_db))
    r = subprocess.run([sys.executable, "-m", "shared.cli", "status"], cwd=ROOT,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "Loket 1" in r.stdout


def test_cli_over_the_lan_server(open_db):
    """The same commands against 'antrean serve' on 127.0.0.1 with --server and a device token."""
    import socket
    import time
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = json.loads(run(open_db, "--json", "device", "add", "kiosk-1", "--role", "kiosk").stdout)["token"]
    server = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(open_db), "serve",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        r = subprocess.run([sys.executable, "-m", "shared.cli", "--server", url, "--token", token,
                            "--json", "issue", "A"], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["ticket"]["code"] == "A-001"
        # the kiosk's token may not call: the server enforces roles
        r = subprocess.run([sys.executable, "-m", "shared.cli", "--server", url, "--token", token,
                            "call", "1"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and r.stderr.strip()
        # the ticket is in the server's database
        assert "A-001" in run(open_db, "ticket", "A-001").stdout
        r = subprocess.run([sys.executable, "-m", "shared.cli", "--server", url, "stats",
                            "--from", "2026-01-01", "--to", "2026-12-31"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "tanpa --server" in r.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_start_creates_the_example_office_with_demo_pins(tmp_path):
    import os
    db = tmp_path / "front-desk.db"
    # the kiosk opens offscreen and exits after its first paint
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANTREAN_EXIT_AFTER_FIRST_PAINT="1")
    r = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "start", "--example",
                        "--only", "kiosk"], cwd=ROOT, capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert db.exists() and "PIN 1234" in r.stdout
    from shared.store.service import SqliteQueueService
    svc = SqliteQueueService(db)
    assert svc.authenticate("siti", "1234")["role"] == "officer"
    assert len(svc.config.services) == 5


@pytest.mark.parametrize("where", ["afile/x.db", "notdb.toml"])
def test_unopenable_database_is_one_clear_line(tmp_path, where):
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "notdb.toml").write_text("[office]\nname = 'x'\n" * 200)
    r = run(tmp_path / where, "status")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "tidak bisa dibuka" in r.stderr or "antrean init" in r.stderr


def test_stats_range_backwards_is_refused(open_db):
    r = run(open_db, "stats", "--from", "2026-12-01", "--to", "2026-11-01")
    assert r.returncode == 1 and "sesudah" in r.stderr


def test_events_are_shown_in_local_time(open_db):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo
    run(open_db, "issue", "A")
    line = [x for x in run(open_db, "events").stdout.splitlines() if "issued" in x][0]
    shown = datetime.strptime(" ".join(line.split()[1:3]), "%Y-%m-%d %H:%M:%S")
    local_now = datetime.now(timezone.utc).astimezone(ZoneInfo("Asia/Jakarta")).replace(tzinfo=None)
    assert abs((local_now - shown).total_seconds()) < 120
