"""`python -m assets.packaging.smoke dist/antrean`: the packaged build started as on an office PC.

With no Python on its PATH and no PYTHON* variables, in an empty home folder, the built program
must: create a database (`init`), open the kiosk offscreen, paint it, issue a ticket by tapping a
service tile and print its slip to a network printer on 127.0.0.1 (a real TCP server here that
answers the ESC/POS status query), exit; show the ticket (`ticket A-001`); check the PC
(`doctor`); and answer `/healthz` as `antrean serve`. Prints each step's time; exit 1 on failure.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from kiosk.bench import FakeNetworkPrinter

OFFICE = """
[office]
name = "Kantor Uji Paket"
short_name = "Uji Paket"
timezone = "Asia/Jakarta"
status_base_url = "http://localhost:8080/t/"

[hours]
setiap_hari = ["00:00-24:00"]

[[services]]
code = "ktp"
prefix = "A"
name = "Perekaman KTP-el"
name_en = "e-KTP Registration"
target_wait_min = 30
target_service_min = 10

[[counters]]
name = "1"
services = ["ktp"]

[[officers]]
username = "admin"
full_name = "Admin Sistem"
role = "admin"

[priority]
ask_at_kiosk = false

[printer]
kind = "network"
host = "127.0.0.1"
port = {port}
timeout_s = 5
"""


def clean_env(home: Path) -> dict:
    """What an office PC without Python gives the program: system folders only."""
    env = {"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_STATE_HOME": str(home / ".local/state"), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_RUNTIME_DIR": str(home / "run")}
    if sys.platform == "win32":
        keep = ("SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "NUMBER_OF_PROCESSORS")
        env.update({k: os.environ[k] for k in keep if k in os.environ})
        env.update({"PATH": os.path.join(os.environ.get("SYSTEMROOT", r"C:\Windows"), "System32"),
                    "USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
                    "LOCALAPPDATA": str(home / "AppData" / "Local"), "TEMP": str(home),
                    "TMP": str(home)})
    else:
        env["PATH"] = "/usr/bin:/bin"
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Smoke:
    def __init__(self, program: Path, work: Path):
        self.program = program
        self.work = work
        self.env = clean_env(work)
        self.db = work / "antrean.db"

    def run(self, *args, timeout: float = 120, extra_env: dict | None = None):
        started = time.monotonic()
        r = subprocess.run([str(self.program), "--db", str(self.db), *args], cwd=self.work,
                           env={**self.env, **(extra_env or {})}, capture_output=True,
                           text=True, timeout=timeout)
        return r, time.monotonic() - started

    def step(self, name: str, ok: bool, seconds: float, detail: str = "") -> None:
        print(f"smoke: {name:<34} {'ok' if ok else 'FAILED'} {seconds:6.2f} s", flush=True)
        if not ok:
            raise SystemExit(f"smoke: {name} failed\n{detail}")


def smoke(folder: Path) -> None:
    program = folder / ("antrean.exe" if sys.platform == "win32" else "antrean")
    if not program.exists():
        raise SystemExit(f"smoke: {program} not found: build it first "
                         "(python -m assets.packaging.build)")
    printer = FakeNetworkPrinter("read")
    with tempfile.TemporaryDirectory(prefix="antrean-smoke-") as tmp:
        s = Smoke(program, Path(tmp))
        config = s.work / "kantor.toml"
        config.write_text(OFFICE.replace("{port}", str(printer.port)), encoding="utf-8")
        r, t = s.run("init", "--config", str(config))
        s.step("init", r.returncode == 0 and s.db.exists(), t, r.stdout + r.stderr)

        r, t = s.run("kiosk", "--windowed", extra_env={"ANTREAN_EXIT_AFTER_FIRST_PAINT": "issue"})
        lines = r.stdout.splitlines()
        painted = any(line.startswith("ANTREAN_FIRST_PAINT ") for line in lines)
        s.step("kiosk painted offscreen", r.returncode == 0 and painted, t, r.stdout + r.stderr)
        s.step("ticket issued and printed", "ANTREAN_TICKET A-001 printed" in lines, 0.0,
               r.stdout + r.stderr)
        jobs = [job.data for job in printer.jobs]
        s.step("slip bytes at the printer", any(b"A-001" in data for data in jobs), 0.0,
               f"{len(jobs)} jobs: {[len(d) for d in jobs]}")

        r, t = s.run("--json", "ticket", "A-001")
        ok = r.returncode == 0 and json.loads(r.stdout or "{}").get("ticket", {}).get(
            "status") == "waiting"
        s.step("ticket A-001 waiting in the store", ok, t, r.stdout + r.stderr)

        r, t = s.run("doctor")
        ok = r.returncode == 0 and "[ OK ] Basis data" in r.stdout and "[ OK ] Printer" in r.stdout
        s.step("doctor: database and printer", ok, t, r.stdout + r.stderr)

        port = free_port()
        started = time.monotonic()
        server = subprocess.Popen([str(program), "--db", str(s.db), "serve", "--port", str(port)],
                                  cwd=s.work, env=s.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        health = None
        try:
            while time.monotonic() - started < 60 and server.poll() is None and health is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as f:
                        health = json.loads(f.read())
                except OSError:
                    time.sleep(0.2)
        finally:
            server.terminate()
            out = server.communicate(timeout=20)[0]
        s.step("serve answers /healthz", bool(health and health.get("ok")),
               time.monotonic() - started, out)
    printer.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m assets.packaging.smoke", description=__doc__)
    p.add_argument("folder", type=Path, nargs="?", default=Path("dist") / "antrean",
                   help="the built folder (dist/antrean)")
    args = p.parse_args(argv)
    started = time.monotonic()
    smoke(args.folder.resolve())
    print(f"smoke: all steps passed in {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
