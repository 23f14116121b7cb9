"""`antrean install` / `uninstall` on Linux: the systemd unit and the XDG autostart entries they
write, run as a user would run them — and the commands in those files started for real (the
server answers, the kiosk paints and exits). Windows: tests/test_install_windows.py."""
from __future__ import annotations

import configparser
import json
import os
import shlex
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from shared.domain import AntreanError
from shared.install import actions, linux
from shared.install.model import Launcher, Options
from tests.conftest import ROOT

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def antrean(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "shared.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def home(tmp_path):
    """A user's home of its own (the user units and autostart entries land in it) and a
    `systemctl` first on PATH that records how it was called and fails when told to — never
    the real one, which would act on the session of whoever runs the tests."""
    folder = tmp_path / "home" / "siti"
    folder.mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "systemctl"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path}/systemctl-calls\n"
                      f"[ -f {tmp_path}/systemctl-fails ] && echo 'Failed to connect to bus' >&2"
                      f" && exit 1\nexit 0\n")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(folder), ANTREAN_DB=str(tmp_path / "data" / "antrean.db"),
               PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return folder, env


def systemctl_calls(tmp_path) -> list[str]:
    calls = tmp_path / "systemctl-calls"
    return calls.read_text().splitlines() if calls.exists() else []


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def systemd_argv(exec_start: str) -> list[str]:
    """systemd's ExecStart splitting: POSIX-style quotes, then %% → % and $$ → $."""
    return [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(exec_start)]


def desktop_argv(exec_value: str) -> list[str]:
    """The Desktop Entry spec, read as a launcher reads it: the string escapes first (\\\\ →
    \\), then words split at spaces, where inside double quotes a backslash takes the next
    `"`, `` ` ``, `$` or `\\` literally; then %% → %."""
    text = exec_value.replace("\\\\", "\0").replace("\\s", " ").replace("\0", "\\")
    words, word, quoted, i, started = [], "", False, 0, False
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and text[i + 1:i + 2] in ('"', "`", "$", "\\"):
            word, i = word + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started:
                words.append(word)
            word, started = "", False
        else:
            word, started = word + ch, True
        i += 1
    if started:
        words.append(word)
    assert not quoted, f"unbalanced quotes in {exec_value!r}"
    return [w.replace("%%", "%") for w in words]


# --- Linux: the files -------------------------------------------------------------------------

def test_the_server_unit_restarts_on_failure_logs_to_the_journal_and_really_serves(tmp_path,
                                                                                   home, db_path):
    folder, env = home
    port = free_port()
    r = antrean("--db", str(db_path), "install", "--role", "server", "--port", str(port),
                "--host", "127.0.0.1", "--no-start", env=env)
    assert r.returncode == 0, r.stderr
    path = folder / ".config" / "systemd" / "user" / "antrean-serve.service"
    assert str(path) in r.stdout
    u = unit(path)
    service = u["Service"]
    assert service["Restart"] == "on-failure" and int(service["RestartSec"]) > 0
    assert service["StandardOutput"] == "journal" and service["StandardError"] == "journal"
    assert service["SyslogIdentifier"] == "antrean-serve"
    assert u["Unit"]["StartLimitIntervalSec"] == "0"     # never gives up restarting
    assert u["Install"]["WantedBy"] == "default.target"
    assert "User" not in service                          # a user unit runs as its user
    argv = systemd_argv(service["ExecStart"])
    assert argv[-7:] == ["--db", str(db_path.resolve()), "serve", "--host", "127.0.0.1",
                         "--port", str(port)]
    # the unit's own command, from its own working folder: the server answers
    proc = subprocess.Popen(argv, cwd=service["WorkingDirectory"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        health, deadline = None, time.monotonic() + 30
        while health is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as f:
                    health = json.loads(f.read())
            except OSError:
                time.sleep(0.1)
        assert health and health["ok"] is True
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_kiosk_autostart_entry_starts_the_kiosk_under_its_supervisor(tmp_path, home, db_path):
    folder, env = home
    r = antrean("--db", str(db_path), "install", "--role", "kiosk", "--role", "board",
                "--role", "counter", "--counter", "3", "--no-start", env=env)
    assert r.returncode == 0, r.stderr
    autostart = folder / ".config" / "autostart"
    assert sorted(p.name for p in autostart.iterdir()) == [
        "antrean-board.desktop", "antrean-counter.desktop", "antrean-kiosk.desktop"]
    entries = {}
    for name in ("kiosk", "board", "counter"):
        parser = unit(autostart / f"antrean-{name}.desktop")
        entries[name] = parser["Desktop Entry"]
        assert entries[name]["Type"] == "Application"
        assert entries[name]["X-GNOME-Autostart-enabled"] == "true"
        assert entries[name]["Terminal"] == "false"
    assert desktop_argv(entries["kiosk"]["Exec"])[-4:] == ["--db", str(db_path.resolve()),
                                                           "kiosk", "--keep-running"]
    assert desktop_argv(entries["board"]["Exec"])[-2:] == ["board", "--keep-running"]
    assert desktop_argv(entries["counter"]["Exec"])[-3:] == ["counter", "--counter", "3"]
    assert "--keep-running" not in entries["counter"]["Exec"]   # an officer closes it on purpose
    # what the desktop would start at login: the supervisor, then the kiosk, which paints, ends
    # normally, and so is not started again
    run = subprocess.run(desktop_argv(entries["kiosk"]["Exec"]), cwd=entries["kiosk"]["Path"],
                         env={**env, "QT_QPA_PLATFORM": "offscreen",
                              "ANTREAN_EXIT_AFTER_FIRST_PAINT": "1"},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("ANTREAN_FIRST_PAINT ") == 1


@pytest.mark.parametrize("db_name", ["kantor data/antrean 100%.db", 'a"b\\c$d.db'])
def test_paths_with_spaces_quotes_and_percent_survive_both_formats(tmp_path, db_name):
    db = str(tmp_path / db_name)
    opts = Options(roles=("server", "kiosk"), env={"HOME": "/home/siti"}, db=db,
                   launcher=Launcher(("/opt/antrean dir/antrean",), ("/opt/antrean dir/antrean",),
                                     "/opt/antrean dir"))
    server_argv = systemd_argv(linux.unit_text(opts).split("ExecStart=")[1].splitlines()[0])
    assert server_argv == ["/opt/antrean dir/antrean", "--db", db, "serve", "--host", "0.0.0.0",
                           "--port", "8080"]
    exec_line = linux.desktop_text(opts, "kiosk").split("\nExec=")[1].splitlines()[0]
    assert desktop_argv(exec_line) == ["/opt/antrean dir/antrean", "--db", db, "kiosk",
                                       "--keep-running"]


def test_system_install_goes_to_etc_runs_as_the_named_user(tmp_path, db_path):
    r = antrean("--db", str(db_path), "install", "--role", "server", "--role", "kiosk",
                "--system", "--run-as", "antrean", "--prefix", str(tmp_path / "root"))
    assert r.returncode == 0, r.stderr
    u = unit(tmp_path / "root" / "etc" / "systemd" / "system" / "antrean-serve.service")
    assert u["Service"]["User"] == "antrean"
    assert u["Install"]["WantedBy"] == "multi-user.target"
    assert (tmp_path / "root" / "etc" / "xdg" / "autostart" / "antrean-kiosk.desktop").exists()
    assert (tmp_path / "root" / "etc" / "antrean" / "install.json").exists()


def test_system_install_without_root_says_so_and_writes_nothing(tmp_path):
    opts = Options(roles=("server",), env={"HOME": str(tmp_path)}, system=True,
                   db="/var/lib/antrean/antrean.db", run_as="antrean",
                   launcher=Launcher(("/usr/bin/antrean",), ("/usr/bin/antrean",), "/"))
    with pytest.raises(AntreanError) as err:
        actions.install(opts, admin=lambda: False)
    assert "root" in err.value.message and "sudo" in err.value.message
    assert "root" in err.value.message_en


def test_system_install_needs_a_shared_database(tmp_path, home):
    _, env = home
    env.pop("ANTREAN_DB")
    r = antrean("install", "--role", "kiosk", "--system", "--prefix", str(tmp_path / "r"),
                env=env)
    assert r.returncode == 1 and "--db" in r.stderr and not (tmp_path / "r").exists()


def test_a_device_token_is_readable_by_its_user_only(tmp_path, home):
    folder, env = home
    r = antrean("--server", "http://10.0.0.5:8080", "--token", "antd_secret", "install",
                "--role", "kiosk", "--role", "counter", "--no-start", env=env)
    assert r.returncode == 0, r.stderr
    kiosk = folder / ".config" / "autostart" / "antrean-kiosk.desktop"
    assert stat.S_IMODE(kiosk.stat().st_mode) == 0o600
    assert desktop_argv(unit(kiosk)["Desktop Entry"]["Exec"])[-6:] == [
        "--server", "http://10.0.0.5:8080", "--token", "antd_secret", "kiosk", "--keep-running"]
    manifest = (folder / ".config" / "antrean" / "install.json").read_text()
    assert "antd_secret" not in manifest


def test_a_file_antrean_did_not_write_is_never_overwritten(tmp_path, home):
    folder, env = home
    theirs = folder / ".config" / "autostart" / "antrean-kiosk.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nName=mine\n")
    r = antrean("install", "--role", "kiosk", "--no-start", env=env)
    assert r.returncode == 1 and "tidak ditimpa" in r.stderr
    assert theirs.read_text() == "[Desktop Entry]\nName=mine\n"
    assert not (folder / ".config" / "antrean" / "install.json").exists()


# --- Linux: uninstall and activation ------------------------------------------------------------

def test_uninstall_removes_exactly_what_install_wrote_and_never_the_database(tmp_path, home,
                                                                             db_path):
    folder, env = home
    before = db_path.read_bytes()
    assert antrean("--db", str(db_path), "install", "--role", "server", "--role", "kiosk",
                   "--role", "board", "--no-start", env=env).returncode == 0
    autostart = folder / ".config" / "autostart"
    neighbour = autostart / "somebody-else.desktop"
    neighbour.write_text("[Desktop Entry]\nName=other\n")
    r = antrean("--db", str(db_path), "uninstall", "--role", "board", env=env)
    assert r.returncode == 0, r.stderr
    assert not (autostart / "antrean-board.desktop").exists()
    assert (autostart / "antrean-kiosk.desktop").exists()
    kiosk = autostart / "antrean-kiosk.desktop"
    kiosk.write_text(kiosk.read_text() + "X-Changed=by hand\n")     # the admin edited it
    r = antrean("uninstall", env=env)
    assert r.returncode == 1 and "--force" in r.stdout and kiosk.exists()
    assert not (folder / ".config" / "systemd" / "user" / "antrean-serve.service").exists()
    r = antrean("uninstall", "--force", env=env)
    assert r.returncode == 0 and not kiosk.exists()
    assert not (folder / ".config" / "antrean" / "install.json").exists()
    assert neighbour.exists() and db_path.read_bytes() == before
    assert systemctl_calls(tmp_path) == ["--user disable --now antrean-serve.service",
                                         "--user daemon-reload"]   # the unit went with uninstall
    r = antrean("uninstall", env=env)
    assert r.returncode == 0 and "Tidak ada yang perlu dihapus" in r.stdout


def test_install_enables_and_starts_the_user_unit_and_uninstall_disables_it(tmp_path, home):
    folder, env = home
    r = antrean("install", "--role", "server", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert systemctl_calls(tmp_path) == ["--user daemon-reload",
                                         "--user enable --now antrean-serve.service"]
    assert "loginctl enable-linger" in r.stdout
    (tmp_path / "systemctl-calls").unlink()
    r = antrean("uninstall", env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert systemctl_calls(tmp_path) == ["--user disable --now antrean-serve.service",
                                         "--user daemon-reload"]
    assert not (folder / ".config" / "systemd" / "user" / "antrean-serve.service").exists()


def test_a_failing_systemctl_is_reported_and_the_files_stay_for_uninstall(tmp_path, home):
    folder, env = home
    (tmp_path / "systemctl-fails").touch()
    r = antrean("install", "--role", "server", env=env)
    assert r.returncode == 1
    assert "Failed to connect to bus" in r.stdout and "Berkas sudah ditulis" in r.stdout
    assert (folder / ".config" / "systemd" / "user" / "antrean-serve.service").exists()
    assert (folder / ".config" / "antrean" / "install.json").exists()
