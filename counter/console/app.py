"""`antrean counter`: log in, then the console; after a logout, the login again.

Logs go to a rotating file under platformdirs' user_log_dir('antrean'), Qt's own messages
included, so an office can send the file when something goes wrong.

`--server URL` (or $ANTREAN_SERVER) works against `antrean serve` on the office LAN instead of a
local database file: the officer signs in with the same PIN, and the console talks to the server
off the GUI thread (see `shared.qt.remote`).
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from shared.backend import is_remote, open_service
from shared.domain import AntreanError, ConfigError
from shared.qt.remote import ServerTime, ServiceWorker, is_offline_error
from shared.qt.theme import STAFF_QSS

from counter.console.window import ConsoleWindow, system_now
from counter.console.keymap import default_keymap, load_keymap
from counter.console.local_settings import LocalSettings, default_settings_path
from counter.console.login import LoginDialog
from counter.console.texts import text

log = logging.getLogger(__name__)

LOG_DIR_ENV = "ANTREAN_LOG_DIR"
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_dir() -> Path:
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env)
    from platformdirs import user_log_dir
    return Path(user_log_dir("antrean", appauthor=False))


def setup_logging(verbose: bool = False) -> Path | None:
    """A rotating counter.log (1 MB × 5) and Qt's messages routed into `logging`."""
    path = None
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "counter.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"))
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.DEBUG if verbose else logging.INFO)
    except OSError as exc:  # no writable profile: still run, log to stderr only
        logging.getLogger(__name__).warning("cannot open the log file: %s", exc)
    qInstallMessageHandler(qt_message_handler)
    return path


def qt_message_handler(mode, context, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.INFO), "%s", message)


def load_local_settings() -> tuple[LocalSettings, str | None]:
    """This PC's settings; on a bad file the defaults (not saved over it) and the problem."""
    try:
        return LocalSettings.load(), None
    except ConfigError as exc:
        log.error("bad per-PC settings: %s", exc)
        return LocalSettings(path=None), str(exc)


def load_local_keymap(settings: LocalSettings):
    try:
        return load_keymap(settings.keys, str(settings.path or default_settings_path())), None
    except ConfigError as exc:
        log.error("bad key settings: %s", exc)
        return default_keymap(), str(exc)


def open_queue(args):
    """The embedded store on `args.db`, or the LAN server of `args.server` (with `args.token`)."""
    return open_service(args.db, getattr(args, "server", None), getattr(args, "token", None))


def wait_for_server(service):
    """Reach the server, asking to retry while it cannot be reached: the office config, None
    when it is shown only after a login, False when the officer gives up."""
    from counter.console.login import readable_config
    while True:
        try:
            return readable_config(service)
        except AntreanError as exc:
            if not is_offline_error(exc):
                raise
            log.warning("server unreachable at start: %s", exc.message_en)
            answer = QMessageBox.warning(
                None, "Antrean", text("server_unreachable", "id", url=service.base_url) + "\n\n"
                + text("server_unreachable", "en", url=service.base_url),
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Retry:
                return False


def main(args) -> int:
    """Run the counter console: `args.db` (Path), `args.counter_name`, `args.windowed`,
    `args.server` and `args.token` (optional)."""
    from shared.qt import guard_none_refcount
    guard_none_refcount()
    log_path = setup_logging(getattr(args, "verbose", False))
    log.info("counter console starting on %s (log %s)",
             getattr(args, "server", None) or args.db, log_path)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean")
    app.setApplicationDisplayName("Antrean — Loket")
    app.setStyleSheet(STAFF_QSS)
    settings, settings_problem = load_local_settings()
    keymap, keymap_problem = load_local_keymap(settings)
    config = None
    try:
        service = open_queue(args)
        if is_remote(service):
            config = wait_for_server(service)
            if config is False:
                return 1
    except AntreanError as exc:
        log.error("cannot open the database: %s", exc.message_en)
        QMessageBox.critical(None, "Antrean", exc.message)
        return 1
    now = system_now
    if is_remote(service):   # show the server's times: its clock, measured off the GUI thread
        now = ServerTime(ServiceWorker(service, retry_for_s=0.0, timeout=3.0,
                                       name="antrean-clock")).now

    preset = getattr(args, "counter_name", None)
    while True:
        login = LoginDialog(service, settings, preset_counter=preset, config=config)
        if login.exec() != QDialog.DialogCode.Accepted:
            return 0
        config = login.config
        window = ConsoleWindow(service, login.counter_name, login.user, settings, keymap,
                               now=now, config=config)
        for problem in (settings_problem, keymap_problem):
            if problem:
                window.show_banner(text("keymap_problem", window.lang, error=problem), "warn")
        logged_out: list[bool] = []
        window.logged_out.connect(lambda: logged_out.append(True))
        if getattr(args, "windowed", False):
            window.resize(1366, 768)
            window.show()
        else:
            window.showMaximized()
        window.activateWindow()
        app.exec()
        if not logged_out:
            _leave(service, window.counter)
            return 0
        preset = window.counter


def _leave(service, counter: str) -> None:
    """The window was closed without logging out: close the counter if it holds no ticket."""
    try:
        if service.current_ticket(counter) is None:
            service.close_counter(counter)
    except Exception as exc:  # noqa: BLE001 — quitting must not fail
        log.warning("could not close counter %s on exit: %s", counter, exc)
