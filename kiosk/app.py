"""`antrean kiosk`: the touchscreen ticket kiosk, fullscreen (or `--windowed`, `--portrait`).

Set ANTREAN_EXIT_AFTER_FIRST_PAINT=1 to print `ANTREAN_FIRST_PAINT <unix time>` on stdout when
the first screen has been painted, and exit (the start-up benchmark uses it).
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

log = logging.getLogger(__name__)

EXIT_AFTER_FIRST_PAINT = "ANTREAN_EXIT_AFTER_FIRST_PAINT"
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def guard_none_refcount() -> None:
    """Work around a PySide6 6.12 bug on CPython < 3.12: calls of Qt methods that return nothing
    (setText, processEvents, mouseClick…) drop a reference to None, and some paths drop one to
    True/False, so after some thousand calls the interpreter aborts with "Fatal Python error:
    none_dealloc" (or bool_dealloc). CPython 3.12 made these singletons immortal (PEP 683); give
    3.11 the same by lifting their counts out of reach. Idempotent."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))   # ob_refcnt, the first field
        if refcount.value < 1 << 40:
            refcount.value += 1 << 40


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


def main(args) -> int:
    """Open the database, show the kiosk and run until closed."""
    started = time.time()
    guard_none_refcount()
    log_file = setup_logging("kiosk")
    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean-kiosk")

    from shared.sqlite_service import SqliteQueueService
    from .kiosk_window import KioskWindow, install_excepthook

    service = SqliteQueueService(args.db)
    window = KioskWindow(service)
    install_excepthook(window)
    app.aboutToQuit.connect(window.shutdown)
    windowed = bool(getattr(args, "windowed", False))
    portrait = bool(getattr(args, "portrait", False))
    if os.environ.get(EXIT_AFTER_FIRST_PAINT):
        def report() -> None:
            now = time.time()
            print(f"ANTREAN_FIRST_PAINT {now:.6f}", flush=True)
            log.info("first screen shown %.0f ms after main()", (now - started) * 1000)
            app.quit()
        window.first_shown.connect(report)
    if windowed:
        window.set_portrait(portrait)
        window.resize(*(PORTRAIT if portrait else LANDSCAPE))
        window.show()
    else:
        window.showFullScreen()   # orientation follows the screen
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)   # a touchscreen needs no pointer
    log.info("kiosk started on %s (%s%s), log %s", args.db, "windowed" if windowed else
             "fullscreen", ", portrait" if portrait else "", log_file)
    code = app.exec()
    service.close()
    return code
