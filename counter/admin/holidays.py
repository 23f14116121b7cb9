"""Holidays and special days: dates without tickets (national holidays, *cuti bersama*) and date
ranges with other hours for the whole office (Ramadan, the surge after Lebaran)."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from shared.admin import edits

from counter.admin.common import (AdminPage, WeekEditor, add_item, button, item_list, labelled,
                                  panel, select_key, week_from_raw)
from shared.indonesian import format_date

KINDS = (("Libur nasional", ""), ("Cuti bersama", "Cuti bersama "), ("Libur kantor", ""))
RAMADAN_WEEK = {"senin": ["08:00-12:00", "13:00-14:00"], "selasa": ["08:00-12:00", "13:00-14:00"],
                "rabu": ["08:00-12:00", "13:00-14:00"], "kamis": ["08:00-12:00", "13:00-14:00"],
                "jumat": ["08:00-11:00", "13:30-14:00"]}


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


def to_iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def from_iso(edit: QDateEdit, text: str) -> None:
    edit.setDate(QDate.fromString(str(text)[:10], "yyyy-MM-dd"))


class HolidaysPage(AdminPage):
    title = "Hari libur & jam khusus"
    intro = ("Pada hari libur anjungan tidak memberi nomor dan menyebut kapan buka lagi. Jam "
             "khusus mengganti jam kantor pada rentang tanggal, mis. selama Ramadan.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        self.current_day: str | None = None
        self.current_range: str | None = None
        self.body.addLayout(self._build(), 1)
        self.reload()

    def _build(self) -> QHBoxLayout:
        # holidays
        hol = panel()
        hl = QVBoxLayout(hol)
        hl.setContentsMargins(16, 12, 16, 12)
        hl.addWidget(QLabel("Hari libur dan cuti bersama", objectName="section"))
        self.days = item_list()
        self.days.currentItemChanged.connect(self._day_chosen)
        hl.addWidget(self.days, 1)
        g = QGridLayout()
        self.day = date_edit("date")
        self.kind = QComboBox(objectName="kind")
        for text, _ in KINDS:
            self.kind.addItem(text)
        self.day_name = QLineEdit(objectName="holiday_name")
        self.day_name.setPlaceholderText("mis. Hari Raya Idulfitri 1448 H")
        labelled(g, 0, "Tanggal", self.day)
        labelled(g, 1, "Jenis", self.kind)
        labelled(g, 2, "Nama", self.day_name)
        g.setColumnStretch(1, 1)
        hl.addLayout(g)
        b = QHBoxLayout()
        self.day_new = button("+ Baru", "new_holiday")
        self.day_remove = button("Hapus", "remove_holiday", danger=True)
        self.day_save = button("Simpan hari libur", "save_holiday", primary=True)
        self.day_new.clicked.connect(self.new_day)
        self.day_remove.clicked.connect(self.remove_day)
        self.day_save.clicked.connect(self.save_day)
        for w in (self.day_new, self.day_remove):
            b.addWidget(w)
        b.addStretch(1)
        b.addWidget(self.day_save)
        hl.addLayout(b)
        # special days
        sp = panel()
        sl = QVBoxLayout(sp)
        sl.setContentsMargins(16, 12, 16, 12)
        sl.addWidget(QLabel("Jam khusus (Ramadan, masa ramai)", objectName="section"))
        self.ranges = item_list()
        self.ranges.setMaximumHeight(150)
        self.ranges.currentItemChanged.connect(self._range_chosen)
        sl.addWidget(self.ranges)
        g2 = QGridLayout()
        self.range_name = QLineEdit(objectName="override_name")
        self.start = date_edit("from")
        self.end = date_edit("to")
        self.range_name.setPlaceholderText("mis. Ramadan 1448 H")
        labelled(g2, 0, "Nama", self.range_name)
        dates = QHBoxLayout()
        dates.addWidget(self.start, 1)
        dates.addWidget(QLabel("sampai", objectName="field_label"))
        dates.addWidget(self.end, 1)
        g2.addWidget(QLabel("Tanggal", objectName="field_label"), 1, 0)
        g2.addLayout(dates, 1, 1)
        g2.setColumnStretch(1, 1)
        sl.addLayout(g2)
        self.range_week = WeekEditor(columns=2)
        sl.addWidget(self.range_week)
        b2 = QHBoxLayout()
        self.range_new = button("+ Baru", "new_override")
        self.ramadan = button("Isi jam Ramadan", "ramadan")
        self.range_remove = button("Hapus", "remove_override", danger=True)
        self.range_save = button("Simpan jam khusus", "save_override", primary=True)
        self.range_new.clicked.connect(self.new_range)
        self.ramadan.clicked.connect(lambda: self.range_week.set_week(RAMADAN_WEEK))
        self.range_remove.clicked.connect(self.remove_range)
        self.range_save.clicked.connect(self.save_range)
        for w in (self.range_new, self.ramadan, self.range_remove):
            b2.addWidget(w)
        b2.addStretch(1)
        b2.addWidget(self.range_save)
        sl.addLayout(b2)
        self.inputs.update(date=self.day, name=self.day_name, to=self.end, **{"from": self.start},
                           **self.range_week.fields)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(hol, 3)
        row.addWidget(sp, 5)
        return row

    def reload(self) -> None:
        raw = self.admin.raw()
        hol = sorted((str(h["date"]), h.get("name", "Libur")) if isinstance(h, dict)
                     else (str(h), "Libur") for h in raw.get("holidays", []))
        self.days.blockSignals(True)
        self.days.clear()
        for day, name in hol:
            shown = format_date(date.fromisoformat(day[:10]), "id")
            add_item(self.days, f"{shown}\n{name}", day[:10])
        self.days.blockSignals(False)
        if self.current_day is None or not select_key(self.days, self.current_day):
            self.new_day()
        else:
            self._day_chosen(self.days.currentItem(), None)
        self.overrides = {o.get("name", f"override {i + 1}"): o
                          for i, o in enumerate(raw.get("overrides", []))}
        self.office_hours = raw.get("hours", {})
        self.ranges.blockSignals(True)
        self.ranges.clear()
        for name, o in self.overrides.items():
            add_item(self.ranges, f"{name}   ({o['from']} s.d. {o['to']})", name)
        self.ranges.blockSignals(False)
        if self.current_range is None or not select_key(self.ranges, self.current_range):
            self.new_range()
        else:
            self._range_chosen(self.ranges.currentItem(), None)

    # --- holidays ------------------------------------------------------------------------------
    def _day_chosen(self, item, _previous) -> None:
        if item is None:
            return
        self.current_day = item.data(Qt.ItemDataRole.UserRole)
        from_iso(self.day, self.current_day)
        name = item.text().split("\n", 1)[1]
        self.kind.setCurrentIndex(1 if name.lower().startswith("cuti bersama") else 0)
        self.day_name.setText(name)
        self.day_remove.setEnabled(True)

    def new_day(self) -> None:
        self.current_day = None
        self.days.clearSelection()
        self.day.setDate(QDate.currentDate())
        self.kind.setCurrentIndex(0)
        self.day_name.clear()
        self.day_remove.setEnabled(False)

    def save_day(self) -> None:
        name = self.day_name.text().strip()
        prefix = KINDS[self.kind.currentIndex()][1]
        if prefix and not name.lower().startswith(prefix.strip().lower()):
            name = (prefix + name).strip()
        day = to_iso(self.day)
        if self.save(edits.save_holiday(self.current_day, day, name or "Libur"),
                     f"Hari libur {format_date(date.fromisoformat(day), 'id')} disimpan."):
            self.current_day = day
            self.reload()

    def remove_day(self) -> None:
        if self.current_day and self.save(edits.remove_holiday(self.current_day),
                                          "Hari libur dihapus."):
            self.current_day = None
            self.reload()

    # --- special days ------------------------------------------------------------------------
    def _range_chosen(self, item, _previous) -> None:
        if item is None:
            return
        self.current_range = item.data(Qt.ItemDataRole.UserRole)
        o = self.overrides[self.current_range]
        self.range_name.setText(self.current_range)
        from_iso(self.start, o["from"])
        from_iso(self.end, o["to"])
        self.range_week.set_week(week_from_raw(o.get("hours", self.office_hours)))
        self.range_remove.setEnabled(True)

    def new_range(self) -> None:
        self.current_range = None
        self.ranges.clearSelection()
        self.range_name.clear()
        today = date.today()
        from_iso(self.start, today.isoformat())
        from_iso(self.end, (today + timedelta(days=29)).isoformat())
        self.range_week.set_week(week_from_raw(self.office_hours))
        self.range_remove.setEnabled(False)

    def save_range(self) -> None:
        name = self.range_name.text().strip()
        if self.save(edits.save_special_days(self.current_range, name, to_iso(self.start),
                                             to_iso(self.end), self.range_week.week()),
                     f"Jam khusus {name} disimpan."):
            self.current_range = name
            self.reload()

    def remove_range(self) -> None:
        if self.current_range and self.save(edits.remove_special_days(self.current_range),
                                            "Jam khusus dihapus."):
            self.current_range = None
            self.reload()
