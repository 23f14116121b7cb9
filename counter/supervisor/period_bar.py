"""The period selector shared by the supervisor's views: "Periode", the kind (day, week, month or
a date range), ◀ ▶ to step one period back or forth, and the date edits.

The period arithmetic (`period_bounds`, `shift`) lives here too, so the views and the bar agree
on what "this week" is.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

KINDS = (("day", "Hari"), ("week", "Minggu"), ("month", "Bulan"), ("range", "Rentang tanggal"))


def period_bounds(kind: str, anchor: date, end: date | None = None) -> tuple[date, date]:
    """The period of `kind` containing `anchor` (a week runs Monday to Sunday)."""
    if kind == "day":
        return anchor, anchor
    if kind == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=6)
    if kind == "month":
        first = anchor.replace(day=1)
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first, nxt - timedelta(days=1)
    end = end or anchor
    return (anchor, end) if end >= anchor else (end, anchor)


def shift(kind: str, anchor: date, steps: int) -> date:
    if kind == "week":
        return anchor + timedelta(days=7 * steps)
    if kind == "month":
        month = anchor.month - 1 + steps
        return date(anchor.year + month // 12, month % 12 + 1, 1)
    return anchor + timedelta(days=steps)


class PeriodBar(QWidget):
    """Emits `changed` once whenever the period shown changes (by the officer or `set_period`).

    The object names of the kind combo and the date edits are given by the view, so each view's
    widgets keep their own names."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], *, kind_name: str = "kind",
                 from_name: str = "from_date", to_name: str = "to_date", parent=None):
        super().__init__(parent)
        self.kind = QComboBox(objectName=kind_name)
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(2)
        self.prev_button = QPushButton("◀", objectName="prev")
        self.next_button = QPushButton("▶", objectName="next")
        self.from_date = QDateEdit(objectName=from_name, calendarPopup=True)
        self.to_date = QDateEdit(objectName=to_name, calendarPopup=True)
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate(today()))
        self.to_label = QLabel("s.d.")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for w in (QLabel("Periode"), self.kind, self.prev_button, self.from_date, self.to_label,
                  self.to_date, self.next_button):
            row.addWidget(w)

        self.kind.currentIndexChanged.connect(self.kind_changed)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.from_date.dateChanged.connect(lambda _d: self.changed.emit())
        self.to_date.dateChanged.connect(lambda _d: self.changed.emit())

    def current_kind(self) -> str:
        return self.kind.currentData()

    def bounds(self) -> tuple[date, date]:
        return period_bounds(self.current_kind(), self.from_date.date().toPython(),
                             self.to_date.date().toPython())

    def set_period(self, kind: str, anchor: date, end: date | None = None) -> None:
        """Show `kind` ('day', 'week', 'month', 'range') around `anchor`."""
        edits = (self.kind, self.from_date, self.to_date)
        for edit in edits:
            edit.blockSignals(True)
        self.kind.setCurrentIndex([k for k, _ in KINDS].index(kind))
        self.from_date.setDate(QDate(anchor))
        self.to_date.setDate(QDate(end or anchor))
        for edit in edits:
            edit.blockSignals(False)
        self.kind_changed()

    def step(self, steps: int) -> None:
        """One period back (-1) or forth (1); a range moves by its own length."""
        kind = self.current_kind()
        first, last = self.bounds()
        if kind == "range":
            span = timedelta(days=(last - first).days + 1) * steps
            self.set_period(kind, first + span, last + span)
        else:
            self.set_period(kind, shift(kind, first, steps))

    def kind_changed(self, *_) -> None:
        """The end date shows for a range only; then the views hear of the new period."""
        is_range = self.current_kind() == "range"
        self.to_date.setVisible(is_range)
        self.to_label.setVisible(is_range)
        self.changed.emit()
