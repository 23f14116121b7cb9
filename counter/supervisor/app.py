"""`antrean supervisor`: log in (supervisors and admins only), then the dashboard."""
from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from shared.domain import AntreanError
from shared.qt.theme import STAFF_QSS

from counter.supervisor.login import SupervisorLoginDialog
from counter.supervisor.window import SupervisorWindow

log = logging.getLogger(__name__)


def main(args) -> int:
    """Run the dashboard on `args.db`; `args.windowed` for a normal window."""
    from shared.qt import guard_none_refcount
    guard_none_refcount()
    from counter.console.app import setup_logging
    setup_logging(getattr(args, "verbose", False))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean")
    app.setApplicationDisplayName("Antrean — Supervisor")
    app.setStyleSheet(STAFF_QSS)
    try:
        from shared.store.service import SqliteQueueService
        service = SqliteQueueService(args.db)
    except AntreanError as exc:
        log.error("cannot open the database: %s", exc.message_en)
        QMessageBox.critical(None, "Antrean", exc.message)
        return 1
    while True:
        login = SupervisorLoginDialog(service)
        if login.exec() != QDialog.DialogCode.Accepted:
            return 0
        window = SupervisorWindow(service, login.user)
        logged_out: list[bool] = []
        window.logged_out.connect(lambda: logged_out.append(True))
        if getattr(args, "windowed", False):
            window.resize(1366, 768)
            window.show()
        else:
            window.showMaximized()
        app.exec()
        if not logged_out:
            return 0
