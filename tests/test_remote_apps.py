"""The counter console and the board against a real `antrean serve` on 127.0.0.1: signing in and
calling over HTTP, a call by another client reaching the board, and a server restart under both
screens — the red banner within 2 s, a screen that keeps responding, the banner gone by itself,
the board caught up, and an action pressed as the link dropped applied exactly once."""
from __future__ import annotations

import socket
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from counter.console.window import ConsoleWindow
from counter.console.local_settings import LocalSettings
from counter.console.login import LoginDialog
from counter.console.texts import text
from kiosk.board.app import BoardController, BoardSettings
from shared.backend import is_remote, open_service
from shared.domain import TicketStatus
from shared.http.client import HttpQueueService
from shared.qt.remote import OFFLINE_TEXT
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from shared.server.testing import device_token, session_token

pytestmark = pytest.mark.gui
OFFLINE_WITHIN_S = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`antrean serve` in a thread on 127.0.0.1; `stop()` and `start()` again on the same port and
    database, as when the server PC restarts."""

    def __init__(self, db_path, clock):
        self.settings = ServerSettings(db_path, port=_free_port(), clock=clock)
        self.thread: ServerThread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def start(self) -> "Server":
        self.thread = ServerThread(self.settings).start()
        return self

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop()
            self.thread = None


@pytest.fixture
def server(db_path, clock):
    srv = Server(db_path, clock).start()
    yield srv
    srv.stop()


@pytest.fixture
def settings(tmp_path):
    return LocalSettings(path=tmp_path / "counter.toml")


class Ticker:
    """A QTimer on the GUI thread: while it keeps ticking, the screen is responsive."""

    def __init__(self, interval_ms: int = 50):
        self.times: list[float] = []
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def ticks_since(self, t0: float) -> list[float]:
        return [t for t in self.times if t >= t0]

    def longest_gap(self, t0: float) -> float:
        ticks = [t0, *self.ticks_since(t0), time.monotonic()]
        return max(b - a for a, b in zip(ticks, ticks[1:]))


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    return widget


def types_after(service, seq):
    return [e.type for e in service.events_after(seq)]


# --- the counter console --------------------------------------------------------------------
def test_counter_console_signs_in_and_calls_over_http(qtbot, server, service, settings, clock):
    service.set_pin("siti", "1357")
    service.issue("ktp")
    remote = open_service(None, server.url, None)        # as `antrean --server URL counter`
    assert is_remote(remote)
    dlg = LoginDialog(remote, settings, preset_counter="1")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.username.setText("siti")
    dlg.pin.setText("1357")
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert remote.token.startswith("ants_")              # acting as Siti from now on
    state = service.counter_state("1")
    assert (state.status.value, state.officer) == ("open", "siti")

    window = show(qtbot, ConsoleWindow(remote, "1", dlg.user, settings, now=clock.now))
    assert window.follower.threaded and window.actions_worker.threaded
    qtbot.waitUntil(lambda: window.buttons["call_next"].isEnabled(), timeout=3000)
    seq = service.last_event_seq()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.ticket_panel.number.text() == "A-001", timeout=3000)
    current = service.current_ticket("1")                # the server's database changed
    assert (current.code, current.status, current.officer) == ("A-001", TicketStatus.CALLED,
                                                              "siti")
    called = service.events_after(seq)
    assert [e.type for e in called] == ["called"] and called[0].detail["by"] == "siti"
    assert window.banner.property("kind") == "info" and "A-001" in window.banner.text()
    qtbot.waitUntil(lambda: window.buttons["start"].isEnabled(), timeout=3000)

    service.issue("ktp")                                 # the kiosk, on another PC
    qtbot.waitUntil(lambda: window.side_panel.waiting_labels["ktp"].text() == "1", timeout=3000)
    window.close()


def test_console_reads_again_once_its_follower_knows_the_feed(qtbot, server, service, settings,
                                                              clock):
    """The follower learns where the feed is on its own thread, after the console's first read
    went out: a ticket issued in between is in neither, so the console reads again then."""
    service.set_pin("siti", "1357")
    remote = HttpQueueService(server.url)
    user = remote.authenticate("siti", "1357")
    remote.open_counter("1", "siti")
    window = show(qtbot, ConsoleWindow(remote, "1", user, settings, now=clock.now,
                                       follow=False))
    qtbot.waitUntil(lambda: window._state_data is not None and not window._refreshing,
                    timeout=3000)
    assert window.side_panel.waiting_labels["ktp"].text() == "0"
    service.issue("ktp")                                 # after the read, before the follower
    window.follower.start()
    qtbot.waitUntil(lambda: window.follower.last_seq is not None, timeout=3000)
    assert window.follower.last_seq == service.last_event_seq()   # no event for that ticket…
    qtbot.waitUntil(lambda: window.side_panel.waiting_labels["ktp"].text() == "1", timeout=3000)
    window.close()                                       # …and the screen shows it all the same


def test_login_says_so_when_the_server_is_away(qtbot, db_path, service, settings, clock):
    srv = Server(db_path, clock).start()
    remote = HttpQueueService(srv.url, retry_for_s=0.3)
    dlg = LoginDialog(remote, settings, preset_counter="1")   # the config is fetched here
    qtbot.addWidget(dlg)
    srv.stop()
    dlg.username.setText("siti")
    dlg.pin.setText("1357")
    t0 = time.monotonic()
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - t0 < 0.3                   # the click returns at once
    assert not dlg.sign_in_button.isEnabled()            # waiting for the answer
    qtbot.waitUntil(lambda: "Tidak terhubung ke server" in dlg.message.text(), timeout=8000)
    assert dlg.sign_in_button.isEnabled() and dlg.result() != QDialog.DialogCode.Accepted


def test_console_rides_out_a_server_restart(qtbot, db_path, service, settings, clock):
    service.set_pin("siti", "1357")
    service.issue("ktp")
    service.issue("ktp")
    srv = Server(db_path, clock).start()
    try:
        remote = HttpQueueService(srv.url)
        user = remote.authenticate("siti", "1357")
        remote.open_counter("1", "siti")
        window = show(qtbot, ConsoleWindow(remote, "1", user, settings, now=clock.now))
        qtbot.waitUntil(lambda: window.buttons["call_next"].isEnabled(), timeout=3000)
        seq = service.last_event_seq()
        ticker = Ticker()

        srv.stop()                                       # the server PC goes away…
        t0 = time.monotonic()
        qtbot.keyClick(window, Qt.Key.Key_F1)            # …as the officer presses "call next"
        assert time.monotonic() - t0 < 0.3               # the key returns at once
        assert window.pending == "call_next"
        qtbot.waitUntil(window.offline_banner.isVisible, timeout=int(OFFLINE_WITHIN_S * 1000))
        assert time.monotonic() - t0 < OFFLINE_WITHIN_S
        assert window.offline_banner.title.text() == OFFLINE_TEXT["id"]
        why = text("why_offline", "id")
        assert all(not b.isEnabled() and b.toolTip() == why for b in window.buttons.values())
        assert not window.logout_button.isEnabled()
        qtbot.waitUntil(lambda: "dikirim begitu server tersambung" in window.banner.text(),
                        timeout=2000)

        t1 = time.monotonic()                            # still responsive while offline
        qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - t1 < 0.2
        assert window.offline_banner.title.text() == OFFLINE_TEXT["en"]
        window.trigger("pause")                          # refused here, with the reason
        assert window.banner.text() == text("why_offline", "en") and window.dialog is None
        qtbot.wait(1200)
        assert len(ticker.ticks_since(t1)) >= 15 and ticker.longest_gap(t1) < 0.5
        assert "called" not in types_after(service, seq)  # nothing applied while away

        srv.start()                                      # same port, same database
        t2 = time.monotonic()
        qtbot.waitUntil(lambda: not window.offline_banner.isVisible(), timeout=5000)
        assert time.monotonic() - t2 < OFFLINE_WITHIN_S
        qtbot.waitUntil(lambda: window.ticket_panel.number.text() == "A-001", timeout=5000)
        qtbot.waitUntil(lambda: window.buttons["start"].isEnabled(), timeout=3000)
        assert window.pending is None and "A-001" in window.banner.text()
        qtbot.wait(1500)                                 # any late retry would land by now
        assert types_after(service, seq) == ["called"]   # applied exactly once
        assert service.current_ticket("1").code == "A-001"
        assert service.ticket("A-002").status == TicketStatus.WAITING
        qtbot.keyClick(window, Qt.Key.Key_F3)            # and the console works on
        qtbot.waitUntil(lambda: service.current_ticket("1").status == TicketStatus.SERVING,
                        timeout=3000)
        assert ticker.longest_gap(t0) < 0.5
        window.close()
    finally:
        srv.stop()


# --- the board ------------------------------------------------------------------------------
def make_board(qtbot, url: str, token: str) -> BoardController:
    remote = open_service(None, url, token)             # `antrean --server URL --token T board`
    board = BoardController(remote, BoardSettings(voice="off", flash_seconds=0))
    qtbot.addWidget(board.window)
    board.window.resize(1920, 1080)
    board.window.show()
    board.seen = []                                      # every event the board was given
    board.follower.events.connect(board.seen.extend)
    board.start()
    return board


def card(board, counter):
    c = board.window.cards.get(counter)
    return (c.property("state"), c.code.text()) if c else None


def test_board_shows_a_call_made_by_another_client(qtbot, server, db_path, clock):
    board = make_board(qtbot, server.url, device_token(db_path, "papan-lobi", "board", clock))
    assert board.follower.threaded
    qtbot.waitUntil(lambda: card(board, "1") == ("closed", "—"), timeout=3000)
    counter_pc = HttpQueueService(server.url, session_token(db_path, "admin", clock))
    kiosk = HttpQueueService(server.url, device_token(db_path, "kiosk-1", "kiosk", clock))
    kiosk.issue("ktp")
    qtbot.waitUntil(lambda: board.window.queue_counts.get("A") is not None
                    and board.window.queue_counts["A"].text() == "1", timeout=3000)
    counter_pc.call_next("1")
    qtbot.waitUntil(lambda: board.window.current_call() == "A-001", timeout=3000)
    assert board.window.hero_counter.text() == "LOKET 1"
    qtbot.waitUntil(lambda: card(board, "1") == ("called", "A-001"), timeout=3000)
    qtbot.waitUntil(lambda: board.window.queue_counts["A"].text() == "0", timeout=3000)
    assert not board.window.is_offline()
    board.stop()


def test_board_keeps_the_last_state_offline_and_catches_up(qtbot, db_path, service, clock):
    srv = Server(db_path, clock).start()
    try:
        service.issue("ktp")
        service.issue("ktp")
        service.call_next("1")
        board = make_board(qtbot, srv.url, device_token(db_path, "papan-lobi", "board", clock))
        qtbot.waitUntil(lambda: card(board, "1") == ("called", "A-001"), timeout=3000)
        assert board.window.current_call() == "A-001"     # today's call, from the history
        ticker = Ticker()

        srv.stop()
        t0 = time.monotonic()
        qtbot.waitUntil(board.window.is_offline, timeout=int(OFFLINE_WITHIN_S * 1000))
        assert time.monotonic() - t0 < OFFLINE_WITHIN_S
        assert OFFLINE_TEXT["id"] in board.window.offline_banner.title.text()
        assert OFFLINE_TEXT["en"] in board.window.offline_banner.title.text()
        seq = service.last_event_seq()
        service.start("1")                               # the office works on meanwhile
        service.finish("1")
        service.call_next("2")                           # A-002 at Loket 2
        service.issue("kk")
        qtbot.wait(1000)
        assert board.window.current_call() == "A-001"    # the last known state stays
        assert card(board, "1") == ("called", "A-001") and card(board, "2") == ("closed", "—")
        assert ticker.longest_gap(t0) < 0.5 and len(ticker.ticks_since(t0)) >= 15

        srv.start()
        t1 = time.monotonic()
        qtbot.waitUntil(lambda: not board.window.is_offline(), timeout=5000)
        assert time.monotonic() - t1 < OFFLINE_WITHIN_S
        qtbot.waitUntil(lambda: board.window.current_call() == "A-002", timeout=5000)
        qtbot.waitUntil(lambda: card(board, "2") == ("called", "A-002"), timeout=3000)
        qtbot.waitUntil(lambda: card(board, "1") == ("idle", "—"), timeout=3000)
        assert board.window.queue_counts["B"].text() == "1"
        assert board.window.recent_codes() == ["A-001"]
        delivered = [e.seq for e in board.seen]
        assert delivered == sorted(set(delivered))       # nothing twice on the feed…
        assert [e.seq for e in service.events_after(seq)] == [d for d in delivered if d > seq]
        assert board.follower.last_seq == service.last_event_seq()   # …and nothing lost
        board.stop()
    finally:
        srv.stop()
