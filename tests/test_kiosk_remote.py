"""The kiosk against a real `antrean serve` on 127.0.0.1 with a kiosk device token: issuing over
the LAN, the offline strip within 2 s when the server goes away (the screen stays responsive),
and back by itself when the server returns on the same port and file — one tap, one ticket,
also for a tap made as the link dropped."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import screenshot_dir
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from conftest import example_raw, open_all_day
from kiosk.screens.window import KioskWindow
from shared.backend import is_remote, open_service
from shared.config import parse_config
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from test_kiosk import tap

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parent.parent
SHOTS = screenshot_dir()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(db: Path, *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "shared.cli", "--db", str(db), *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


class Server:
    """`antrean serve` in its own process on 127.0.0.1."""

    def __init__(self, db: Path, port: int):
        self.db, self.port, self.proc = db, port, None
        self.url = f"http://127.0.0.1:{port}"

    def launch(self) -> None:
        """Start the process and return at once (the GUI thread must not wait here)."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "shared.cli", "--db", str(self.db), "serve", "--host",
             "127.0.0.1", "--port", str(self.port), "--log-level", "warning"], cwd=ROOT,
            env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self, timeout: float = 30.0) -> "Server":
        self.launch()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.stderr.read().decode()
            try:
                if httpx.get(f"{self.url}/healthz", timeout=0.5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError("antrean serve did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture
def office(tmp_path):
    raw = open_all_day(example_raw())
    raw["priority"]["ask_at_kiosk"] = False        # one tap issues
    db = tmp_path / "kantor.db"
    init_database(db, parse_config(raw, "test.toml"))
    token = json.loads(cli(db, "--json", "device", "add", "kiosk-1", "--role", "kiosk"))["token"]
    server = Server(db, free_port()).start()
    yield db, server, token
    server.stop()


def issued_codes(db: Path) -> list[str]:
    store = SqliteQueueService(db)
    try:
        return [e.ticket_code for e in store.events_after(0) if e.type == "issued"]
    finally:
        store.close()


class Heartbeat:
    """The longest gap between ticks of a 20 ms timer: a frozen GUI thread shows up here."""

    def __init__(self):
        self.last = time.monotonic()
        self.longest = 0.0
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.longest = time.monotonic(), 0.0


def test_kiosk_over_the_lan_survives_the_server_going_away(qtbot, office):
    db, server, token = office
    service = open_service(None, server.url, token)
    assert is_remote(service)
    window = KioskWindow(service)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    beat = Heartbeat()
    try:
        qtbot.waitUntil(lambda: "ktp" in window.start.tiles, timeout=5000)
        assert window.actions.threaded and window.follower.threaded
        assert not window.offline_banner.isVisible()

        # 1. a tap issues over the LAN: the ticket is in the server's database
        with qtbot.waitSignal(window.ticket_issued, timeout=10_000) as issued:
            tap(qtbot, window.start.tiles["ktp"])
        assert issued.args[0].ticket.code == "A-001"
        assert window.current_screen() == "ticket"
        assert issued_codes(db) == ["A-001"]
        qtbot.waitUntil(window._tap_ok, timeout=3000)
        window.show_screen("start")

        # 2. the server goes away: the strip within 2 s, the tiles off, the screen alive
        server.stop()                                        # (blocks this thread: then reset)
        gone = time.monotonic()
        beat.reset()
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=2000)
        assert time.monotonic() - gone < 2.0
        assert "Tidak terhubung ke server — mencoba lagi…" in window.offline_banner.title.text()
        tile = window.start.tiles["kk"]
        assert not tile.isEnabled()
        assert tile.status.text() == "Tidak terhubung ke server"
        assert not window.start.survey_button.isEnabled()
        tap(qtbot, tile)                                     # a tap on a dead tile does nothing
        tap(qtbot, window.lang_button)                       # the screen still answers at once
        assert window.start.title.text() == "Please choose a service"
        tap(qtbot, window.lang_button)
        qtbot.wait(600)
        assert beat.longest < 0.5, f"GUI thread blocked for {beat.longest:.2f} s"
        for orientation, size in (("landscape", (1920, 1080)), ("portrait", (1080, 1920))):
            window.set_portrait(orientation == "portrait")
            window.resize(*size)
            QApplication.processEvents()
            path = SHOTS / f"kiosk-offline-{orientation}.png"
            window.grab().save(str(path))
            assert QImage(str(path)).size().toTuple() == size
        window.set_portrait(False)
        window.resize(1920, 1080)

        # 3. a tap that went out as the link dropped keeps its key: one ticket when it is back
        qtbot.waitUntil(window._tap_ok, timeout=3000)
        window._on_service("kk")
        assert window._busy                                  # waiting for the server, not frozen
        qtbot.wait(700)
        assert issued_codes(db) == ["A-001"]

        # 4. the server returns on the same port and file: the strip goes by itself
        with qtbot.waitSignal(window.ticket_issued, timeout=20_000) as late:
            server.launch()
            beat.reset()
        assert late.args[0].ticket.code == "B-001"
        qtbot.waitUntil(lambda: not window.offline_banner.isVisible(), timeout=3000)
        assert beat.longest < 0.5, f"GUI thread blocked for {beat.longest:.2f} s"
        qtbot.waitUntil(window._tap_ok, timeout=3000)
        window.show_screen("start")
        qtbot.waitUntil(lambda: window.start.tiles["kia"].isEnabled() and window._tap_ok(),
                        timeout=3000)
        with qtbot.waitSignal(window.ticket_issued, timeout=10_000) as again:
            tap(qtbot, window.start.tiles["kia"])
            tap(qtbot, window.start.tiles["kia"])           # a double tap
        assert again.args[0].ticket.code == "E-001"
        qtbot.wait(500)
        assert issued_codes(db) == ["A-001", "B-001", "E-001"]   # one tap, one ticket
    finally:
        beat.timer.stop()
        window.shutdown()
        service.close()
