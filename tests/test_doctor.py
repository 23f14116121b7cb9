"""`antrean doctor` on the command line against real things on 127.0.0.1: a printer port that
refuses, a printer that answers, a server that was stopped, a server whose clock is five
minutes off, a token it refuses, and database files that are missing, damaged or unmigrated."""
from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.bench import FakeNetworkPrinter
from shared.clock import ManualClock
from shared.config import parse_config
from shared.install.doctor import span
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import device_token
from shared.store.setup import init_database
from tests.conftest import ROOT, example_raw


HOME = Path(tempfile.mkdtemp(prefix="antrean-doctor-home-"))   # no install recorded here


def doctor(*args, timeout=60, home: Path = HOME):
    """Runs `antrean ARGS doctor …` as the office's IT person would, in a home of its own (so
    what `antrean install` recorded for whoever runs the tests does not count); (exit code,
    output)."""
    cut = args.index("doctor")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    r = subprocess.run([sys.executable, "-m", "shared.cli", *args[:cut], "doctor",
                        *args[cut + 1:]], cwd=ROOT, capture_output=True, text=True,
                       timeout=timeout, env=env)
    return r.returncode, r.stdout + r.stderr


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a connection is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def office_db(tmp_path, printer: dict | None = None):
    raw = example_raw()
    if printer:
        raw["printer"] = {"profile": "TM-T88V", "timeout_s": 2, **printer}
    path = tmp_path / "kantor.db"
    init_database(path, parse_config(raw, "kantor.toml"))
    return path


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- printer ---------------------------------------------------------------------------------

def test_a_printer_that_refuses_must_be_fixed_on_a_kiosk(tmp_path):
    port = refused_port()
    db = office_db(tmp_path, {"kind": "network", "host": "127.0.0.1", "port": port})
    code, out = doctor("--db", str(db), "doctor", "--role", "kiosk")
    assert code == 1, out
    assert f"[PERBAIKI] Printer 127.0.0.1:{port} tidak dapat dihubungi: koneksi ditolak" in out
    assert f"Printer 127.0.0.1:{port} cannot be reached: connection refused" in out
    assert "→ Nyalakan printer" in out and "→ Switch the printer on" in out
    assert "[ OK ] Basis data" in out
    assert "suara" not in out          # a kiosk PC plays no calls: no sound check


def test_a_printer_that_answers_is_ok_and_nothing_is_printed(tmp_path):
    printer = FakeNetworkPrinter("read")
    try:
        db = office_db(tmp_path, {"kind": "network", "host": "127.0.0.1", "port": printer.port})
        code, out = doctor("--db", str(db), "doctor", "--role", "kiosk")
        assert code == 0, out
        assert f"[ OK ] Printer 127.0.0.1:{printer.port} menjawab" in out
        assert "siap, kertas ada" in out and "Tidak ada yang harus diperbaiki" in out
        assert printer.wait_jobs(1, 5)
        assert [job.data for job in printer.jobs] == [b""]   # the status query, no slip
    finally:
        printer.stop()


def test_on_a_pc_that_is_not_a_kiosk_a_dead_printer_is_only_a_warning(tmp_path):
    db = office_db(tmp_path, {"kind": "network", "host": "127.0.0.1", "port": refused_port()})
    code, out = doctor("--db", str(db), "doctor", "--role", "server")
    assert "printer" not in out.lower()       # the server PC has nothing to print
    code, out = doctor("--db", str(db), "doctor")
    assert "[PERHATIAN] Printer" in out


# --- server and clock ------------------------------------------------------------------------

def test_a_stopped_server_must_be_fixed(db_path):
    srv = ServerThread(ServerSettings(db_path, port=0)).start()
    url = srv.url
    code, out = doctor("--server", url, "doctor", "--role", "counter")
    assert code == 0, out
    assert f"[ OK ] Server {url} menjawab" in out and "[ OK ] Jam PC ini sama" in out
    srv.stop()
    code, out = doctor("--server", url, "doctor", "--role", "counter")
    assert code == 1
    assert f"[PERBAIKI] Server {url} tidak dapat dihubungi" in out
    assert f"The server {url} cannot be reached" in out
    assert "'antrean serve' berjalan di sana" in out and "firewall" in out
    assert "Basis data" not in out           # a counter PC on the LAN has no database of its own


@pytest.mark.parametrize("minutes, side_id, side_en", [(5, "lebih lambat", "behind"),
                                                        (-5, "lebih cepat", "ahead")])
def test_a_server_clock_five_minutes_off_must_be_fixed(db_path, minutes, side_id, side_en):
    clock = ManualClock(datetime.now(timezone.utc) + timedelta(minutes=minutes))
    with ServerThread(ServerSettings(db_path, port=0, clock=clock)) as srv:
        url = srv.url
        code, out = doctor("--server", url, "doctor", "--role", "counter")
    assert code == 1, out
    assert f"[ OK ] Server {url} menjawab" in out
    assert f"[PERBAIKI] Jam PC ini {side_id} 4 menit" in out or \
        f"[PERBAIKI] Jam PC ini {side_id} 5 menit" in out
    assert "min" in out and side_en in out and "timedatectl set-ntp true" in out


def test_a_refused_token_and_the_kiosk_printer_through_the_server(db_path, tmp_path):
    port = refused_port()
    db = office_db(tmp_path, {"kind": "network", "host": "127.0.0.1", "port": port})
    token = device_token(db, "kiosk-1", "kiosk")
    with ServerThread(ServerSettings(db, port=0)) as srv:
        code, out = doctor("--server", srv.url, "--token", "antd_wrong", "doctor",
                           "--role", "kiosk")
        assert code == 1 and "[PERBAIKI] Server menolak token perangkat" in out
        assert "Printer belum diperiksa" in out
        code, out = doctor("--server", srv.url, "--token", token, "doctor", "--role", "kiosk")
    assert code == 1 and "menolak token" not in out
    assert f"[PERBAIKI] Printer 127.0.0.1:{port} tidak dapat dihubungi" in out


def test_roles_and_the_server_come_from_what_antrean_install_recorded(tmp_path, db_path):
    home = tmp_path / "home"
    home.mkdir()
    with ServerThread(ServerSettings(db_path, port=0)) as srv:
        port = srv.port
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env["HOME"] = str(home)
        r = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db_path), "install",
                            "--role", "server", "--port", str(port), "--no-start"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        code, out = doctor("--db", str(db_path), "doctor", home=home)
    assert code == 0, out
    assert "[INFO] Dipasang di PC ini oleh antrean install: server" in out
    assert f"[ OK ] Server http://127.0.0.1:{port} menjawab" in out and "[ OK ] Basis data" in out
    assert "suara" not in out and "Printer" not in out      # a server PC: neither matters
    code, out = doctor("--db", str(db_path), "doctor", home=home)
    assert code == 1 and f"[PERBAIKI] Server http://127.0.0.1:{port} tidak dapat dihubungi" in out
    assert "systemctl --user status antrean-serve" in out


# --- database --------------------------------------------------------------------------------

def test_a_missing_database_is_reported_and_not_created(tmp_path):
    db = tmp_path / "tidak-ada.db"
    code, out = doctor("--db", str(db), "doctor", "--role", "server")
    assert code == 1 and f"[PERBAIKI] Basis data {db} belum ada" in out
    assert "antrean init --config" in out and not db.exists()


def test_a_damaged_or_foreign_file_is_reported_and_left_as_it_was(tmp_path):
    db = tmp_path / "rusak.db"
    db.write_bytes(b"bukan basis data " * 500)
    before = sha(db)
    code, out = doctor("--db", str(db), "doctor", "--role", "server")
    assert code == 1 and "[PERBAIKI] Basis data" in out and "rusak" in out
    assert "cadangan" in out and sha(db) == before


def test_an_unmigrated_database_asks_for_antrean_init(tmp_path):
    db = tmp_path / "kosong.db"
    sqlite3.connect(db).execute("CREATE TABLE x (a)").connection.close()
    code, out = doctor("--db", str(db), "doctor", "--role", "server")
    assert code == 1 and "perlu dimigrasi" in out and "needs migrating" in out


def test_a_good_database_passes_and_is_not_changed(db_path):
    before = sha(db_path)
    code, out = doctor("--db", str(db_path), "doctor", "--role", "server", "--full")
    assert code == 0, out
    assert "[ OK ] Basis data" in out and "skema terbaru" in out and "schema current" in out
    assert sha(db_path) == before


def test_json_lists_the_findings_with_both_languages(tmp_path):
    db = office_db(tmp_path, {"kind": "network", "host": "127.0.0.1", "port": refused_port()})
    code, out = doctor("--db", str(db), "--json", "doctor", "--role", "kiosk")
    data = json.loads(out)
    assert code == 1 and data["must_fix"] is True
    printer = next(f for f in data["findings"] if f["check"] == "printer")
    assert printer["level"] == "fix" and printer["todo"] and printer["todo_en"]
    assert printer["message_en"] != printer["message"]


# --- sound -----------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_board_pc_needs_a_sound_output(qapp, db_path):
    from PySide6.QtMultimedia import QMediaDevices
    outputs = QMediaDevices.audioOutputs()
    code, out = doctor("--db", str(db_path), "doctor", "--role", "board")
    if outputs:   # what Qt sees on this machine decides what the doctor must say
        assert code == 0 and "[ OK ] Keluaran suara" in out
    else:
        assert code == 1 and "[PERBAIKI] Tidak ada perangkat keluaran suara" in out
        assert "No sound output device" in out and "HDMI" in out


def test_durations_read_the_indonesian_way():
    assert span(300.4) == ("5 menit 0 detik", "5 min 0 s")
    assert span(-3.3) == ("3,3 detik", "3.3 s")
    assert span(3725) == ("1 jam 2 menit 5 detik", "1 h 2 min 5 s")
