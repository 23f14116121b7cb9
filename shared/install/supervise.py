"""`antrean kiosk --keep-running` and `antrean keep-running COMMAND …`: run an antrean command
as a child and start it again when it crashes, with a growing pause (1 s, 2 s … 30 s).

Exit 0 means the child ended on purpose (the admin closed the kiosk, the server was stopped):
then the supervisor ends too. Exit 2 is bad usage, which a restart cannot fix. Anything else —
an error, a crash, a kill — is restarted; a child that ran for a minute starts the pause over.
On Windows, with `--log`, the child runs without a console window and writes to the log.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

FIRST_PAUSE_S = 1.0
MAX_PAUSE_S = 30.0
STABLE_S = 60.0
USAGE_ERROR = 2


def self_command() -> list[str]:
    """How to start antrean again as this very program (packaged, or this Python)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "shared.cli"]


def global_args(args) -> list[str]:
    """The options before the command that the child needs: database or server, token."""
    out = ["--db", str(args.db)] if getattr(args, "db", None) else []
    if getattr(args, "server", None):
        out += ["--server", args.server]
    if getattr(args, "token", None):
        out += ["--token", args.token]
    if getattr(args, "verbose", False):
        out.append("-v")
    return out


class Supervisor:
    def __init__(self, argv: list[str], *, log_path: Path | None = None,
                 max_restarts: int | None = None, first_pause_s: float = FIRST_PAUSE_S,
                 max_pause_s: float = MAX_PAUSE_S, stable_s: float = STABLE_S,
                 cwd: str | None = None):
        self.argv = argv
        self.log_path = log_path
        self.max_restarts = max_restarts
        self.first_pause_s, self.max_pause_s, self.stable_s = first_pause_s, max_pause_s, stable_s
        self.cwd = cwd
        self.runs = 0
        self.codes: list[int] = []
        self._stop = threading.Event()
        self._child: subprocess.Popen | None = None

    def _note(self, level: int, text: str) -> None:
        log.log(level, "%s", text)
        if self.log_path is not None:
            try:
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(f"{datetime.now().isoformat(timespec='seconds')} keep-running: "
                            f"{text}\n")
            except OSError:
                pass

    def _spawn(self) -> subprocess.Popen:
        kwargs: dict = {"cwd": self.cwd}
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            out = open(self.log_path, "a", encoding="utf-8")   # noqa: SIM115 - the child's
            kwargs.update(stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            if os.name == "nt":
                kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW
        try:
            return subprocess.Popen(self.argv, **kwargs)
        finally:
            if "stdout" in kwargs:
                kwargs["stdout"].close()

    def stop(self, *_signal) -> None:
        """End the child and then the supervisor (SIGTERM, SIGINT, logout)."""
        self._stop.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()

    def run(self) -> int:
        pause = self.first_pause_s
        while True:
            started = time.monotonic()
            try:
                self._child = self._spawn()
            except OSError as exc:
                self._note(logging.ERROR, f"cannot start {self.argv[0]}: {exc}")
                return 1
            self.runs += 1
            code = self._child.wait()
            self.codes.append(code)
            if self._stop.is_set():
                if self._child.poll() is None:
                    self._child.kill()
                return 0
            if code == 0:
                self._note(logging.INFO, "the program ended normally; not restarted")
                return 0
            if code == USAGE_ERROR:
                self._note(logging.ERROR, "the program refused its arguments (exit 2); "
                                          "not restarted")
                return code
            restarts = self.runs - 1
            if self.max_restarts is not None and restarts >= self.max_restarts:
                self._note(logging.ERROR, f"exit {code}; gave up after {restarts} restarts")
                return code
            if time.monotonic() - started >= self.stable_s:
                pause = self.first_pause_s
            self._note(logging.WARNING, f"the program ended with exit {code}; starting it "
                                        f"again in {pause:g} s (restart {restarts + 1})")
            if self._stop.wait(pause):
                return 0
            pause = min(pause * 2, self.max_pause_s)


def keep_running(argv: list[str], **options) -> int:
    """Supervise `argv` in this (main) thread until it ends on purpose or we are stopped."""
    sup = Supervisor(argv, **options)
    stops = [signal.SIGTERM, signal.SIGINT] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP")
                                               else [])
    if hasattr(signal, "SIGBREAK"):
        stops.append(signal.SIGBREAK)
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {s: signal.signal(s, sup.stop) for s in stops}
    try:
        return sup.run()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def keep_running_command(args, command: list[str], log_path: Path | None = None,
                         max_restarts: int | None = None) -> int:
    """`antrean [globals] COMMAND …` under the supervisor, as this same program."""
    from assets import PROJECT_ROOT
    argv = [*self_command(), *global_args(args), *command]
    cwd = None if getattr(sys, "frozen", False) else str(PROJECT_ROOT)
    return keep_running(argv, log_path=log_path, max_restarts=max_restarts, cwd=cwd)
