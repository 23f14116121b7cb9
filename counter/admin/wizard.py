"""The first-run wizard that `antrean start` opens on an empty machine: office name and zone,
services from a template (Dukcapil, Samsat, puskesmas, MPP), counters, the first admin and PIN —
or, one click from the start, the example office ("coba dengan kantor contoh")."""
from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QStackedWidget, QVBoxLayout)

from shared.admin import InvalidChange
from shared.admin.first_run import (DEMO_PIN, ZONES, create_example_office, create_office,
                                    office_from_template)
from shared.domain import AntreanError
from shared.pins import check_pin_format

from counter.admin.common import ADMIN_QSS, repolish
from counter.admin.services import POLICIES
from counter.admin.wizard_pages import (AdminPage, CountersPage, OfficePage, ServicesPage,
                                        SummaryPage, WelcomePage)
from shared.qt.theme import NAVY, NAVY_2, WHITE

log = logging.getLogger(__name__)

STEPS = ("Kantor", "Layanan", "Loket", "Admin", "Selesai")
WIZARD_QSS = ADMIN_QSS + f"""
QDialog#wizard {{ background: #f4f6fa; }}
QFrame#steps {{ background: {NAVY}; }}
QLabel#step {{ color: #9fb3c8; font-size: 15px; padding: 14px 14px; background: transparent; }}
QLabel#step[state="now"] {{ color: {WHITE}; font-weight: bold; border-bottom: 4px solid #ffd23f; }}
QLabel#step[state="done"] {{ color: #d9e2ec; }}
QLabel#brand {{ color: {WHITE}; font-size: 20px; font-weight: bold; background: transparent;
    padding: 0 18px; }}
QPushButton[card="true"] {{ text-align: left; padding: 10px 18px; font-size: 16px;
    background: {WHITE}; border: 2px solid #c5d2e0; border-radius: 10px; }}
QPushButton[card="true"]:checked {{ border: 3px solid {NAVY_2}; background: #e3ecf7;
    font-weight: bold; }}
QPushButton#own_office {{ font-size: 20px; }}
QPushButton#try_example {{ font-size: 17px; }}
"""


class FirstRunWizard(QDialog):
    """Accepted once an office is in the database at `db_path`; `made` says which
    ("office" or "example")."""

    def __init__(self, db_path: str | Path, parent=None):
        super().__init__(parent, objectName="wizard")
        self.db_path = Path(db_path)
        self.made: str | None = None
        self.raw: dict | None = None
        self.setWindowTitle("Antrean — Penyiapan kantor")
        self.setStyleSheet(WIZARD_QSS)
        self.setMinimumSize(960, 680)
        bar = QFrame(objectName="steps")
        bar_row = QHBoxLayout(bar)
        bar_row.setContentsMargins(0, 0, 12, 0)
        bar_row.addWidget(QLabel("antrean", objectName="brand"))
        bar_row.addStretch(1)
        self.step_labels = []
        for i, name in enumerate(STEPS, start=1):
            label = QLabel(f"{i}  {name}", objectName="step")
            label.setMinimumWidth(120)          # room for the bold of the current step
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.step_labels.append(label)
            bar_row.addWidget(label)
        self.welcome, self.office = WelcomePage(), OfficePage()
        self.services, self.counters = ServicesPage(), CountersPage()
        self.admin, self.summary = AdminPage(), SummaryPage()
        self.pages = [self.welcome, self.office, self.services, self.counters, self.admin,
                      self.summary]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.back_button = QPushButton("Kembali", objectName="back")
        self.next_button = QPushButton("Lanjut", objectName="next")
        self.next_button.setProperty("primary", "true")
        for b in (self.back_button, self.next_button):
            b.setMinimumSize(150, 50)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.welcome.own.connect(lambda: self.go(1))
        self.welcome.example.connect(self.make_example)
        self.services.templates.idToggled.connect(lambda _i, on: on and self._default_counters())
        self.services.services.itemChanged.connect(lambda _item: self._preview_counters())
        self.counters.count.valueChanged.connect(lambda _n: self._preview_counters())
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        body = QVBoxLayout()
        body.setContentsMargins(40, 26, 40, 24)
        body.setSpacing(12)
        body.addWidget(self.stack, 1)
        body.addWidget(self.message)
        body.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(bar)
        outer.addLayout(body, 1)
        self._default_counters()
        self.go(0)

    # --- moving ------------------------------------------------------------------------------
    def step(self) -> int:
        return self.stack.currentIndex()

    def go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.message.hide()
        for i, label in enumerate(self.step_labels, start=1):
            repolish(label, "state", "now" if i == index else "done" if i < index else "later")
        self.back_button.setVisible(index > 0)
        self.next_button.setVisible(index > 0)
        self.next_button.setText("Buat kantor" if index == len(self.pages) - 1 else "Lanjut")
        if index == 3:
            self._preview_counters()
        if index == len(self.pages) - 1:
            self._summarise()

    def back(self) -> None:
        self.go(max(0, self.step() - 1))

    def forward(self) -> None:
        problem = self._check(self.step())
        if problem:
            self.say(problem)
            return
        if self.step() == len(self.pages) - 1:
            self.make_office()
        else:
            self.go(self.step() + 1)

    def say(self, text: str, kind: str = "error") -> None:
        self.message.setText(text)
        repolish(self.message, "kind", kind)
        self.message.show()

    def _check(self, index: int) -> str:
        """What keeps this step from being done ("" when nothing)."""
        if index == 1 and not self.office.name.text().strip():
            return "Isi nama kantor"
        if index == 2 and not self.services.chosen():
            return "Centang paling sedikit satu layanan"
        if index == 4:
            a = self.admin
            if a.pin.text() != a.pin_again.text():
                return "PIN dan ulangan PIN tidak sama"
            try:
                check_pin_format(a.pin.text())
            except AntreanError as exc:
                return exc.message
        if index >= 2:
            try:
                self.raw = self._office()
            except InvalidChange as exc:
                return exc.message
        return ""

    # --- the office --------------------------------------------------------------------------
    def _office(self) -> dict:
        return office_from_template(
            self.services.template(), self.office.name.text(), self.office.short_name.text(),
            self.office.timezone(), {"username": self.admin.username.text(),
                                     "full_name": self.admin.full_name.text()},
            self.services.chosen(), self.counters.count.value())

    def _default_counters(self) -> None:
        from shared.admin.first_run import load_template
        self.counters.count.setValue(len(load_template(self.services.template())["counters"]))

    def _preview_counters(self) -> None:
        try:
            raw = self._office()
        except InvalidChange as exc:
            self.counters.preview.clear()
            self.counters.preview.addItem(exc.message)
            return
        names = {s["code"]: f"{s['prefix']} {s['name']}" for s in raw["services"]}
        self.counters.show_counters(raw["counters"], names)

    def _summarise(self) -> None:
        raw = self.raw or self._office()
        zone = next(f"{a} ({z})" for a, z, _ in ZONES if z == raw["office"]["timezone"])
        esc = html.escape
        services = "<br>".join(f"&nbsp;&nbsp;{esc(s['prefix'])} · {esc(s['name'])}"
                               for s in raw["services"])
        admin = raw["officers"][0]
        self.summary.text.setText(
            f"<b>{esc(raw['office']['name'])}</b><br>Zona waktu {zone}<br><br>"
            f"<b>{len(raw['services'])} layanan</b><br>{services}<br><br>"
            f"<b>{len(raw['counters'])} loket</b>, "
            f"prioritas: {esc(dict(POLICIES)[raw['priority']['policy']].lower())}<br><br>"
            f"Admin: <b>{esc(admin['full_name'])}</b> ({esc(admin['username'])})")

    def make_office(self) -> None:
        try:
            create_office(self.db_path, self._office(), self.admin.pin.text())
        except InvalidChange as exc:
            self.go({"office": 1, "services": 2, "counters": 3}.get(exc.key.split("[")[0]
                                                                    .split(".")[0], 4))
            self.say(exc.message)
            return
        except AntreanError as exc:
            self.say(exc.message)
            return
        self.made = "office"
        log.info("first run: office %s created in %s", self.office.name.text(), self.db_path)
        self.accept()

    def make_example(self) -> None:
        try:
            users = create_example_office(self.db_path)
        except AntreanError as exc:
            self.say(exc.message)
            return
        self.made = "example"
        log.info("first run: the example office in %s (%s)", self.db_path, ", ".join(users))
        self.accept()


def run_wizard(db_path: str | Path) -> str | None:
    """Show the wizard (a QApplication of its own when there is none); the kind of office made,
    or None when the admin closed it."""
    import os
    if (sys.platform.startswith("linux") and QApplication.instance() is None
            and not any(os.environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY",
                                                    "QT_QPA_PLATFORM"))):
        # without a screen Qt would abort the process: say what to do instead
        raise AntreanError("Tidak ada layar untuk penyiapan kantor: jalankan di PC dengan layar, "
                           "atau 'antrean start --example' / 'antrean init --config BERKAS'",
                           "No display for the first-run wizard: use a PC with a screen, or "
                           "'antrean start --example' / 'antrean init --config FILE'")
    from shared.qt import guard_none_refcount
    guard_none_refcount()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("antrean")
    wizard = FirstRunWizard(db_path)
    wizard.resize(1024, 720)
    wizard.exec()
    if wizard.made == "example":
        print(f"Kantor contoh dibuat di {db_path}: semua petugas memakai PIN {DEMO_PIN}. "
              "Ganti sebelum dipakai sungguhan.", flush=True)
    elif wizard.made == "office":
        print(f"Kantor {wizard.office.name.text().strip()} dibuat di {db_path}. Masuk ke dasbor "
              "dengan 'antrean supervisor' sebagai admin untuk menambah petugas.", flush=True)
    return wizard.made
