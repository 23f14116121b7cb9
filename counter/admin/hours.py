"""The office page: its name on screens and slips, its time zone (WIB, WITA, WIT), the address
of the ticket status page, and the ticket-issuing hours of each weekday."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from shared.admin import edits
from shared.admin.first_run import ZONES

from counter.admin.common import (AdminPage, WeekEditor, button, labelled, panel,
                                  week_from_raw)


class OfficeHoursPage(AdminPage):
    title = "Kantor & jam pengambilan nomor"
    intro = ("Nama kantor di anjungan, papan dan struk, zona waktunya, dan jam anjungan "
             "memberi nomor (bukan jam layanan). Jeda di antara dua rentang adalah istirahat, "
             "mis. salat Jumat. Layanan dapat punya jam sendiri di halaman Layanan.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        office = panel()
        grid = QGridLayout(office)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.name = QLineEdit(objectName="name")
        self.short_name = QLineEdit(objectName="short_name")
        self.timezone = QComboBox(objectName="timezone")
        for abbr, zone, long in ZONES:
            self.timezone.addItem(f"{abbr} — {long} ({zone})", zone)
        self.status_url = QLineEdit(objectName="status_base_url")
        labelled(grid, 0, "Nama kantor", self.name)
        self.short_name.setPlaceholderText("untuk layar tegak; boleh kosong")
        self.status_url.setToolTip("Alamat yang dibuka kode QR pada struk")
        labelled(grid, 1, "Nama singkat", self.short_name)
        labelled(grid, 2, "Zona waktu", self.timezone)
        labelled(grid, 3, "Alamat status tiket", self.status_url)
        grid.setColumnStretch(1, 1)
        self.office_button = button("Simpan data kantor", "save_office", primary=True)
        self.office_button.clicked.connect(self.save_office)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.office_button)
        grid.addLayout(save_row, 4, 1)

        hours = panel()
        h = QVBoxLayout(hours)
        h.setContentsMargins(18, 14, 18, 14)
        h.addWidget(QLabel("Jam pengambilan nomor", objectName="section"))
        tip = QLabel("Tulis rentang jam dipisah koma, mis. 07:30-12:00, 13:00-15:00. Kosong = "
                     "tutup. 24:00 = sampai tengah malam.", objectName="hint")
        tip.setWordWrap(True)
        h.addWidget(tip)
        self.week = WeekEditor()
        h.addWidget(self.week)
        self.hours_button = button("Simpan jam", "save_hours", primary=True)
        self.hours_button.clicked.connect(self.save_hours)
        row_b = QHBoxLayout()
        row_b.addStretch(1)
        row_b.addWidget(self.hours_button)
        h.addLayout(row_b)
        self.inputs.update(name=self.name, short_name=self.short_name, timezone=self.timezone,
                           status_base_url=self.status_url, **self.week.fields)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(office, 5, Qt.AlignmentFlag.AlignTop)
        row.addWidget(hours, 4, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.addLayout(row)
        col.addStretch(1)
        self.body.addLayout(col, 1)
        self.reload()

    def reload(self) -> None:
        raw = self.admin.raw()
        office = raw.get("office", {})
        self.name.setText(office.get("name", ""))
        self.name.setCursorPosition(0)
        self.short_name.setText(office.get("short_name", ""))
        index = self.timezone.findData(office.get("timezone", "Asia/Jakarta"))
        if index < 0:        # another IANA zone written in the TOML: keep it choosable
            self.timezone.addItem(office["timezone"], office["timezone"])
            index = self.timezone.count() - 1
        self.timezone.setCurrentIndex(index)
        self.status_url.setText(office.get("status_base_url", "http://localhost:8080/t/"))
        self.week.set_week(week_from_raw(raw.get("hours", {"hari_kerja": ["07:30-12:00"]})))

    def save_office(self) -> None:
        self.save(edits.set_office({"name": self.name.text().strip(),
                                    "short_name": self.short_name.text().strip(),
                                    "timezone": self.timezone.currentData(),
                                    "status_base_url": self.status_url.text().strip()}),
                  "Data kantor disimpan — layar memakainya sekarang.")

    def save_hours(self) -> None:
        self.save(edits.set_hours(self.week.week()),
                  "Jam pengambilan nomor disimpan — anjungan memakainya sekarang.")
