"""The admin screens: one page per area beside a navigation list, for admins only. Shown as the
"Administrasi" tab of the supervisor's dashboard; changes made elsewhere (another admin, `antrean
config import`) reload the pages through the events feed."""
from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from shared.admin import OfficeAdmin, config_changed_in
from shared.domain import AuthError
from shared.qt.events import EventFollower

from counter.admin.common import ADMIN_QSS

log = logging.getLogger(__name__)

ALLOWED_ROLE = "admin"


def pages(admin: OfficeAdmin, user: dict, service) -> list:
    from counter.admin.backups import BackupsPage
    from counter.admin.board import BoardPage
    from counter.admin.counters import CountersPage
    from counter.admin.holidays import HolidaysPage
    from counter.admin.hours import OfficeHoursPage
    from counter.admin.officers import OfficersPage
    from counter.admin.printer import PrinterPage
    from counter.admin.services import ServicesPage
    return [("services", "Layanan", ServicesPage(admin, user)),
            ("counters", "Loket", CountersPage(admin, user)),
            ("officers", "Petugas", OfficersPage(admin, user)),
            ("hours", "Kantor & jam", OfficeHoursPage(admin, user)),
            ("holidays", "Hari libur & jam khusus", HolidaysPage(admin, user)),
            ("board", "Papan & struk", BoardPage(admin, user)),
            ("printer", "Printer struk", PrinterPage(admin, user, service)),
            ("backups", "Cadangan data", BackupsPage(admin, user))]


class AdminPanel(QWidget):
    """The admin's pages on the office database of `service` (the embedded store)."""

    def __init__(self, service, user: dict, parent=None, follow: bool = True):
        if user.get("role") != ALLOWED_ROLE:
            raise AuthError("Halaman administrasi hanya untuk admin",
                            "The admin screens are for admins only")
        super().__init__(parent, objectName="admin")
        self.service, self.user = service, user
        self.admin = OfficeAdmin(service.path, getattr(service, "clock", None))
        self.setStyleSheet(ADMIN_QSS)
        self.nav = QListWidget(objectName="admin_nav")
        self.nav.setFixedWidth(250)
        self.stack = QStackedWidget()
        self.pages: dict = {}
        for key, title, page in pages(self.admin, user, service):
            self.nav.addItem(title)
            self.stack.addWidget(page)
            self.pages[key] = page
        self.nav.currentRowChanged.connect(self._open)
        self.nav.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.follower = EventFollower(service, interval_ms=500, parent=self)
        self.follower.events.connect(self._on_events)
        if follow:
            self.follower.start()

    def _open(self, row: int) -> None:
        page = self.stack.widget(row)
        page.reload()          # what changed meanwhile (a counter opened, a backup made)
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str):
        """Open a page (read afresh), as a click in the navigation does."""
        page = self.pages[key]
        if self.stack.currentWidget() is page:
            page.reload()
        self.nav.setCurrentRow(self.stack.indexOf(page))
        return page

    def _on_events(self, events) -> None:
        mine = self.user["username"]
        if any(e.type.startswith("backup") for e in events):
            self.pages["backups"].reload()
        others = [e for e in events if e.officer != mine]
        if config_changed_in(others):
            # someone else changed the office: the hidden pages read it now; the open one keeps
            # what the admin is typing and says so (it reads afresh when opened again)
            who = next((e.officer for e in reversed(others) if e.officer), "") or "proses lain"
            for page in self.pages.values():
                if page is self.stack.currentWidget():
                    page.show_message(f"Pengaturan kantor baru saja diubah oleh {who}. Isian "
                                      "di halaman ini belum memuatnya: buka halaman ini lagi "
                                      "untuk melihat yang terbaru.", "warn")
                else:
                    page.reload()

    def shutdown(self) -> None:
        self.follower.stop()
        for page in self.pages.values():
            getattr(page, "shutdown", lambda: None)()
