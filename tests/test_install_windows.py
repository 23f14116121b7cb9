"""`antrean install` for a Windows PC, generated and checked here: the Task Scheduler task of the
server (XML as schtasks takes it), the Startup-folder .cmd files of the screens, where they go,
how they are registered and removed — and the same from the command line (--platform)."""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import PureWindowsPath

from shared.install import actions, windows
from shared.install.model import Launcher, Options
from tests.conftest import ROOT

TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def antrean(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "shared.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


WIN_ENV = {"USERNAME": "siti", "USERDOMAIN": "DUKCAPIL",
           "APPDATA": r"C:\Users\siti\AppData\Roaming",
           "LOCALAPPDATA": r"C:\Users\siti\AppData\Local", "PROGRAMDATA": r"C:\ProgramData"}
WIN_LAUNCHER = Launcher((r"C:\Program Files\antrean\antrean.exe",),
                        (r"C:\Program Files\antrean\antreanw.exe",), r"C:\Program Files\antrean")


def windows_options(**changes) -> Options:
    base = dict(roles=("server", "kiosk", "board", "counter"), launcher=WIN_LAUNCHER,
                env=WIN_ENV, platform="windows", counter="2")
    return Options(**{**base, **changes})


def task(data: bytes) -> ET.Element:
    assert data[:2] == b"\xff\xfe"                  # UTF-16 LE with its BOM, as schtasks takes it
    text = data.decode("utf-16")
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    return ET.fromstring(text.split("?>", 1)[1])


def test_the_windows_server_task_restarts_and_keeps_running(tmp_path):
    opts = windows_options()
    root = task(windows.task_xml(opts))
    assert root.tag == f"{TASK}Task" and root.get("version") == "1.2"
    trigger = root.find(f"{TASK}Triggers/{TASK}LogonTrigger")
    assert trigger.find(f"{TASK}UserId").text == r"DUKCAPIL\siti"
    principal = root.find(f"{TASK}Principals/{TASK}Principal")
    assert principal.find(f"{TASK}LogonType").text == "InteractiveToken"
    settings = root.find(f"{TASK}Settings")
    assert settings.find(f"{TASK}ExecutionTimeLimit").text == "PT0S"     # runs for ever
    assert settings.find(f"{TASK}DisallowStartIfOnBatteries").text == "false"
    restart = settings.find(f"{TASK}RestartOnFailure")
    assert restart.find(f"{TASK}Interval").text == "PT1M"                 # the schema's minimum
    assert 1 <= int(restart.find(f"{TASK}Count").text) <= 255
    action = root.find(f"{TASK}Actions/{TASK}Exec")
    assert action.find(f"{TASK}Command").text == r"C:\Program Files\antrean\antreanw.exe"
    log = r"C:\Users\siti\AppData\Local\antrean\Logs\serve.log"
    assert action.find(f"{TASK}Arguments").text == subprocess.list2cmdline([
        "--db", r"C:\Users\siti\AppData\Local\antrean\antrean.db", "keep-running", "--log", log,
        "serve", "--host", "0.0.0.0", "--port", "8080"])
    assert action.find(f"{TASK}WorkingDirectory").text == r"C:\Program Files\antrean"


def test_the_windows_system_task_starts_at_boot_as_local_system():
    root = task(windows.task_xml(windows_options(system=True, db=r"C:\ProgramData\antrean\a.db")))
    assert root.find(f"{TASK}Triggers/{TASK}BootTrigger/{TASK}Enabled").text == "true"
    assert root.find(f"{TASK}Principals/{TASK}Principal/{TASK}UserId").text == "S-1-5-18"
    args = root.find(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments").text
    assert r"C:\ProgramData\antrean\Logs\serve.log" in args and r"C:\ProgramData\antrean\a.db" in args


def test_windows_startup_files_and_the_task_are_written_and_removed(tmp_path):
    opts = windows_options(db=r"C:\Data Kantor\antrean 100%.db")
    out = actions.install(opts, prefix=tmp_path)
    startup = tmp_path / "Users/siti/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
    xml = tmp_path / "Users/siti/AppData/Local/antrean/install/antrean-serve.xml"
    manifest = tmp_path / "Users/siti/AppData/Local/antrean/install/manifest.json"
    assert sorted(p.name for p in startup.iterdir()) == ["antrean-board.cmd",
                                                         "antrean-counter.cmd", "antrean-kiosk.cmd"]
    assert xml.exists() and manifest.exists() and len(out.written) == 4 and out.ran == []
    cmd = (startup / "antrean-kiosk.cmd").read_bytes()
    assert b"\r\n" in cmd and b"\n" not in cmd.replace(b"\r\n", b"")        # CRLF only
    lines = cmd.decode("utf-8").split("\r\n")
    assert lines[0] == "@echo off" and 'cd /d "C:\\Program Files\\antrean"' in lines
    start = next(line for line in lines if line.startswith("start "))
    assert start == ('start "antrean kiosk" "C:\\Program Files\\antrean\\antreanw.exe" --db '
                     '"C:\\Data Kantor\\antrean 100%%.db" kiosk --keep-running')
    counter = (startup / "antrean-counter.cmd").read_text(encoding="utf-8")
    assert "counter --counter 2" in counter and "--keep-running" not in counter
    entries = json.loads(manifest.read_text())["files"]
    assert {e["path"] for e in entries} == {str(PureWindowsPath(
        r"C:\Users\siti\AppData\Local\antrean\install\antrean-serve.xml"))} | {
        str(PureWindowsPath(r"C:\Users\siti\AppData\Roaming\Microsoft\Windows\Start Menu"
                            rf"\Programs\Startup\antrean-{r}.cmd")) for r in ("kiosk", "board",
                                                                             "counter")}
    gone = actions.uninstall(opts, prefix=tmp_path)
    assert len(gone.removed) == 4 and not any(startup.iterdir()) and not xml.exists()
    assert not manifest.exists()


def test_windows_system_files_go_to_programdata_startup():
    plan = windows.plan(windows_options(roles=("kiosk",), system=True, db=r"C:\ProgramData\a.db"))
    assert [str(f.target) for f in plan.files] == [
        r"C:\ProgramData\Microsoft\Windows\Start Menu\Programs\StartUp\antrean-kiosk.cmd"]
    assert str(plan.manifest) == r"C:\ProgramData\antrean\install\manifest.json"


def test_windows_registers_and_removes_the_task_with_schtasks():
    plan = windows.plan(windows_options(roles=("server",)))
    xml = r"C:\Users\siti\AppData\Local\antrean\install\antrean-serve.xml"
    assert plan.activate == [["schtasks", "/Create", "/TN", r"antrean\antrean-serve", "/XML", xml,
                              "/F"], ["schtasks", "/Run", "/TN", r"antrean\antrean-serve"]]
    entry = {"kind": "task-xml", "unit": r"antrean\antrean-serve"}
    assert windows.deactivate(entry) == [["schtasks", "/End", "/TN", r"antrean\antrean-serve"],
                                         ["schtasks", "/Delete", "/TN", r"antrean\antrean-serve",
                                          "/F"]]


def test_the_windows_files_can_be_previewed_from_the_command_line(tmp_path):
    r = antrean("--db", r"C:\ProgramData\antrean\antrean.db", "install", "--role", "server",
                "--role", "kiosk", "--platform", "windows", "--system",
                "--prefix", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "ProgramData/antrean/install/antrean-serve.xml").exists()
    cmd = tmp_path / "ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp/antrean-kiosk.cmd"
    assert r"C:\ProgramData\antrean\antrean.db" in cmd.read_text(encoding="utf-8")
    r = antrean("install", "--role", "kiosk", "--platform", "windows")
    assert r.returncode == 1 and "--prefix" in r.stderr
