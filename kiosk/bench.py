"""Kiosk benchmark: tap → last receipt byte at a network printer, and process start → first screen.

    python -m kiosk.bench [--tickets 200] [--starts 5]

The printer is a real TCP server on 127.0.0.1 that answers the status query like an ESC/POS
printer and reads every byte; the kiosk is the real window (offscreen), tapped with QTest at an
open time of a ManualClock. Start-up spawns `python -m shared.cli --db X kiosk --windowed` with
ANTREAN_EXIT_AFTER_FIRST_PAINT=1.
"""
from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assets import EXAMPLE_CONFIG

STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"   # DLE EOT 1, 2, 4
STATUS_OK = b"\x12\x12\x12"                                # online, no error, paper present


@dataclass
class PrintJob:
    data: bytes
    last_byte_at: float   # time.perf_counter() when the last byte arrived


class FakeNetworkPrinter:
    """A TCP "printer" on 127.0.0.1. mode 'read': answer DLE EOT status, read every byte, record a
    job per connection. mode 'stall': accept and never read (a jammed printer)."""

    def __init__(self, mode: str = "read", answer_status: bool = True):
        self.mode = mode
        self.answer_status = answer_status
        self.jobs: list[PrintJob] = []
        self.accepted = 0
        self._cond = threading.Condition()
        self._conns: list[socket.socket] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if mode == "stall":   # a tiny window, so unread bytes back up at the sender
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        self._stopped = False
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        while not self._stopped:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._cond:
                self.accepted += 1
                self._conns.append(conn)
            if self.mode == "read":
                threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        buf = bytearray()
        answered = not self.answer_status
        last = time.perf_counter()
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                last = time.perf_counter()
                buf += chunk
                if not answered and buf.startswith(STATUS_QUERY):
                    conn.sendall(STATUS_OK)
                    del buf[:len(STATUS_QUERY)]
                    answered = True
        except OSError:
            pass
        finally:
            conn.close()
        with self._cond:
            self.jobs.append(PrintJob(bytes(buf), last))
            self._cond.notify_all()

    def wait_jobs(self, n: int, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.jobs) >= n, timeout)

    def stop(self) -> None:
        self._stopped = True
        try:
            self._sock.close()
        except OSError:
            pass
        with self._cond:
            for conn in self._conns:
                try:
                    conn.close()
                except OSError:
                    pass


def refused_port() -> int:
    """A local port with nothing listening (connection refused)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def machine_info() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} logical CPUs; {platform.platform()}; "
            f"Python {platform.python_version()}")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_print(tickets: int, workdir: Path) -> list[float]:
    """Milliseconds from a tap on a service tile to the last slip byte at the printer."""
    import tomllib
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from shared.clock import ManualClock
    from shared.config import parse_config
    from shared.store.setup import init_database
    from shared.store.service import SqliteQueueService

    from kiosk.screens.window import KioskWindow

    printer = FakeNetworkPrinter("read")
    raw = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["priority"]["ask_at_kiosk"] = False   # one tap per ticket
    for svc in raw["services"]:
        svc.pop("daily_quota", None)
    raw["printer"] = {"kind": "network", "host": "127.0.0.1", "port": printer.port,
                      "timeout_s": 5.0}
    db = workdir / "bench-print.db"
    init_database(db, parse_config(raw, "bench.toml"))
    clock = ManualClock(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    service = SqliteQueueService(db, clock)
    app = QApplication.instance() or QApplication([])
    window = KioskWindow(service)
    window.ISSUE_GUARD_MS = window.SCREEN_GUARD_MS = 0   # no visitor taps this fast
    window.start.tile_guard_ms = 0
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    codes = list(window.start.tiles)
    done: list[object] = []
    window.print_done.connect(done.append)
    latencies = []
    try:
        for i in range(tickets):
            window.show_screen("start")
            app.processEvents()
            tile = window.start.tiles[codes[i % len(codes)]]
            tapped = time.perf_counter()
            QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
            deadline = time.monotonic() + 10
            while (len(printer.jobs) <= i or len(done) <= i) and time.monotonic() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if len(printer.jobs) <= i or len(done) <= i or not done[i].ok:
                raise RuntimeError(f"ticket {i + 1}: no slip (jobs {len(printer.jobs)}, "
                                   f"results {done[-1:]}, screen {window.current_screen()})")
            latencies.append((printer.jobs[i].last_byte_at - tapped) * 1000)
    finally:
        window.shutdown()
        window.close()
        service.close()
        printer.stop()
    return latencies


def bench_start(runs: int, workdir: Path) -> list[float]:
    """Milliseconds from spawning the kiosk process to its first painted screen."""
    from shared.config import load_config
    from shared.store.setup import init_database

    db = workdir / "bench-start.db"
    init_database(db, load_config(EXAMPLE_CONFIG))
    env = dict(os.environ, ANTREAN_EXIT_AFTER_FIRST_PAINT="1")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    times = []
    for _ in range(runs):
        spawned = time.time()
        out = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), "kiosk",
                              "--windowed"], env=env, capture_output=True, text=True, timeout=60)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("ANTREAN_FIRST_PAINT")),
                    None)
        if line is None:
            raise RuntimeError(f"kiosk did not report its first paint: {out.stderr[-2000:]}")
        times.append((float(line.split()[1]) - spawned) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args(argv)
    from shared.qt import guard_none_refcount
    guard_none_refcount()   # thousands of Qt calls below: see its docstring
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="antrean-bench-") as tmp:
        workdir = Path(tmp)
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(workdir))
        prints = bench_print(args.tickets, workdir)
        starts = bench_start(args.starts, workdir)
    print(f"machine: {machine_info()}")
    print(f"tap → last receipt byte, {len(prints)} tickets (network printer on 127.0.0.1): "
          f"p50 {statistics.median(prints):.1f} ms, p95 {_percentile(prints, 95):.1f} ms, "
          f"max {max(prints):.1f} ms (target p95 < 300 ms)")
    print(f"process start → first screen, {len(starts)} runs: median "
          f"{statistics.median(starts):.0f} ms, max {max(starts):.0f} ms (target < 2000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
