"""The supervisor behind `antrean kiosk --keep-running` and `antrean keep-running`: real child
processes that crash, get killed, end on purpose — and a real server under it, stopped by
SIGTERM as a logout or `systemctl stop` would."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from shared.install.supervise import Supervisor
from tests.conftest import ROOT

# a child that counts its runs in a file and exits with the code listed for that run
CHILD = ("import os, signal, sys\n"
         "path, codes = sys.argv[1], sys.argv[2].split(',')\n"
         "n = len(open(path).read()) if os.path.exists(path) else 0\n"
         "open(path, 'a').write('x')\n"
         "code = codes[min(n, len(codes) - 1)]\n"
         "if code == 'kill':\n"
         "    os.kill(os.getpid(), signal.SIGKILL)\n"
         "sys.exit(int(code))\n")


def child(tmp_path, codes: str) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return [sys.executable, str(script), str(tmp_path / "runs"), codes]


def quick(argv, **kw) -> Supervisor:
    return Supervisor(argv, first_pause_s=0.05, max_pause_s=0.2, **kw)


def test_a_crashing_child_is_started_again_until_it_ends_on_purpose(tmp_path):
    sup = quick(child(tmp_path, "1,3,0"))
    assert sup.run() == 0
    assert sup.codes == [1, 3, 0] and (tmp_path / "runs").read_text() == "xxx"


def test_a_killed_child_is_started_again(tmp_path):
    sup = quick(child(tmp_path, "kill,0"))
    assert sup.run() == 0
    assert sup.codes == [-signal.SIGKILL, 0]


def test_bad_usage_is_not_restarted(tmp_path):
    sup = quick(child(tmp_path, "2,0"))
    assert sup.run() == 2 and sup.runs == 1


def test_it_gives_up_after_max_restarts_and_logs_each(tmp_path):
    log = tmp_path / "keep.log"
    sup = quick(child(tmp_path, "5"), max_restarts=2, log_path=log)
    assert sup.run() == 5 and sup.runs == 3
    text = log.read_text()
    assert text.count("starting it again") == 2 and "gave up after 2 restarts" in text


def test_the_pause_grows_and_starts_over_after_a_stable_run(tmp_path):
    sup = Supervisor(child(tmp_path, "1,1,1,0"), first_pause_s=0.2, max_pause_s=0.4,
                     stable_s=60)
    started = time.monotonic()
    assert sup.run() == 0
    assert time.monotonic() - started >= 0.2 + 0.4 + 0.4 - 0.05   # 0.2, then capped at 0.4


def test_the_cli_restarts_a_failing_command_and_says_so_in_its_log(tmp_path):
    log = tmp_path / "keep.log"
    r = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(tmp_path / "none.db"),
                        "keep-running", "--log", str(log), "--max-restarts", "1",
                        "ticket", "A-001"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    text = log.read_text()
    assert text.count("antrean:") == 2           # the command's own refusal, twice
    assert "restart 1" in text and "gave up after 1 restarts" in text


def test_sigterm_stops_the_supervised_server_and_the_supervisor(tmp_path, db_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sup = subprocess.Popen([sys.executable, "-m", "shared.cli", "--db", str(db_path),
                            "keep-running", "serve", "--port", str(port)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        health, deadline = None, time.monotonic() + 30
        while health is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as f:
                    health = json.loads(f.read())
            except OSError:
                time.sleep(0.1)
        assert health and health["ok"]
        sup.send_signal(signal.SIGTERM)
        assert sup.wait(20) == 0
        with pytest.raises(OSError):   # the server went with it, and was not started again
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        if sup.poll() is None:
            sup.kill()


def test_keep_running_needs_a_command(tmp_path):
    r = subprocess.run([sys.executable, "-m", "shared.cli", "keep-running"], cwd=ROOT,
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and "keep-running" in r.stderr
