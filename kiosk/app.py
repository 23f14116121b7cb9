"""`antrean kiosk`: the touchscreen ticket kiosk, fullscreen (or `--windowed`, `--portrait`).

Set ANTREAN_EXIT_AFTER_FIRST_PAINT=1 to print `ANTREAN_FIRST_PAINT <unix time>` on stdout when
the first screen has been painted, and exit (the start-up benchmark uses it); `=issue` then also
taps the first open service tile, prints `ANTREAN_TICKET <code>` once the slip is done, and exits
(the packaged build's smoke test). Fullscreen, the kiosk is locked down (kiosk.screens.lockdown):
no pointer, no exit without the admin PIN.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path

import platformdirs
from PySide6.QtCore import QtMsgType, Qt, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from shared.qt import guard_none_refcount

log = logging.getLogger(__name__)

EXIT_AFTER_FIRST_PAINT = "ANTREAN_EXIT_AFTER_FIRST_PAINT"
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def setup_logging(name: str = "kiosk") -> Path | None:
    """A rotating log file in the user log folder, INFO and up; the console keeps its level."""
    folder = Path(platformdirs.user_log_dir("antrean", appauthor=False))
    root = logging.getLogger()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / f"{name}.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:   # a read-only profile must not stop the kiosk
        log.warning("no log file in %s: %s", folder, exc)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    for existing in root.handlers:
        if existing.level == logging.NOTSET:
            existing.setLevel(root.level or logging.WARNING)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return folder / f"{name}.log"


def route_qt_messages() -> None:
    """Qt's own warnings go to Python logging (logger 'qt') instead of stderr."""
    qt_log = logging.getLogger("qt")

    def handler(mode, context, message):
        qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def wait_for_server(app, service, portrait: bool, windowed: bool) -> bool:
    """With --server: the kiosk needs the office config (its services) before its first screen.
    Until the server answers, a plain screen says so and asks again every 2 s, off the GUI
    thread. False when the app is closed meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QLabel

    from shared.qt.remote import OFFLINE_TEXT, ServiceWorker

    note = QLabel(f"{OFFLINE_TEXT['id']}\n{OFFLINE_TEXT['en']}\n\n{service.base_url}")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setStyleSheet("background: #0b2545; color: white; font-size: 40px;")

    def show_note() -> None:   # only when the server does not answer at once
        if state["ok"]:
            return
        if windowed:
            note.resize(*(PORTRAIT if portrait else LANDSCAPE))
            note.show()
        else:
            note.showFullScreen()
    worker = ServiceWorker(service, retry_for_s=0.0, timeout=3.0, name="antrean-kiosk-start")
    loop = QEventLoop()
    state = {"ok": False}

    def ask() -> None:
        worker.submit(lambda svc: svc.config, answered, failed)

    def failed(exc) -> None:
        log.warning("server not reachable at start: %s", getattr(exc, "message_en", exc))
        QTimer.singleShot(2000, ask)

    def answered(_config) -> None:
        try:
            service.config   # the GUI's own client: the server has just answered
        except Exception:  # noqa: BLE001
            QTimer.singleShot(2000, ask)
            return
        state["ok"] = True
        loop.quit()

    app.lastWindowClosed.connect(loop.quit)
    QTimer.singleShot(1000, show_note)
    ask()
    loop.exec()
    worker.shutdown()
    note.close()
    return state["ok"]


def main(args) -> int:
    """Open the database (or, with --server, the LAN server), show the kiosk, run until closed."""
    started = time.time()
    guard_none_refcount()
    log_file = setup_logging("kiosk")
    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean-kiosk")

    from shared.backend import is_remote, open_service
    from kiosk.screens.window import KioskWindow, install_excepthook

    server = getattr(args, "server", None)
    service = open_service(getattr(args, "db", None), server, getattr(args, "token", None))
    windowed = bool(getattr(args, "windowed", False))
    portrait = bool(getattr(args, "portrait", False))
    if is_remote(service) and not wait_for_server(app, service, portrait, windowed):
        service.close()
        return 1
    window = KioskWindow(service)
    install_excepthook(window)
    app.aboutToQuit.connect(window.shutdown)
    if os.environ.get(EXIT_AFTER_FIRST_PAINT):
        def report() -> None:
            now = time.time()
            print(f"ANTREAN_FIRST_PAINT {now:.6f}", flush=True)
            log.info("first screen shown %.0f ms after main()", (now - started) * 1000)
            window.lockdown.release()   # a deliberate quit: the lock would refuse it
            if os.environ[EXIT_AFTER_FIRST_PAINT] == "issue":
                smoke_issue(app, window)
            else:
                app.quit()
        window.first_shown.connect(report)
    if windowed:
        window.set_portrait(portrait)
        window.resize(*(PORTRAIT if portrait else LANDSCAPE))
        window.show()
    else:
        window.lockdown.engage()  # closing needs the admin PIN (corner gesture), keys do nothing
        window.showFullScreen()   # orientation follows the screen
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)   # a touchscreen needs no pointer
    log.info("kiosk started on %s (%s%s), log %s", server or args.db, "windowed" if windowed else
             "fullscreen", ", portrait" if portrait else "", log_file)
    code = app.exec()
    service.close()
    return code


def smoke_issue(app, window, timeout_s: float = 20.0) -> None:
    """Tap the first open service tile (again until the tap guard lets it through), print
    `ANTREAN_TICKET <code>` when its slip is done (printed, failed or no printer), and quit; exit
    code 3 when no ticket came within `timeout_s`."""
    from PySide6.QtCore import QTimer

    deadline = time.monotonic() + timeout_s
    state = {"code": None}

    def tap() -> None:
        if state["code"] is not None:
            return
        if time.monotonic() > deadline:
            print("ANTREAN_SMOKE_FAILED no ticket issued", flush=True)
            app.exit(3)
            return
        tiles = [t for code, t in window.start.tiles.items()
                 if t.isEnabled() and (q := window.start.queue(code)) and q.can_issue]
        if tiles and window.current_screen() == "start":
            tiles[0].click()
        QTimer.singleShot(300, tap)

    def issued(ticket) -> None:
        state["code"] = ticket.ticket.code
        if window.config.printer.kind == "none":
            done(None)

    def done(result) -> None:
        print(f"ANTREAN_TICKET {state['code']} {getattr(result, 'kind', 'none')}", flush=True)
        app.quit()

    window.ticket_issued.connect(issued)
    window.print_done.connect(done)
    tap()
