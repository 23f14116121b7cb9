"""Pengaduan: the complaints list (sortable, filtered by status) and one complaint in detail —
its text, category, ticket, contact, follow-up and history — with the buttons that move it on
(baru → diproses → selesai) under the logged-in supervisor's or admin's name. A complaint filed
or changed in any process shows up within a fraction of a second (the events feed).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from shared.store import survey
from shared.domain import AntreanError
from shared.reports.tables import (COMPLAINT_CATEGORY_ID, COMPLAINT_STATUS_ID, complaint_history_table,
                                   complaint_list_table, local_stamp)

from counter.supervisor.models import StatsTableModel, sorted_view

log = logging.getLogger(__name__)

COMPLAINT_EVENTS = frozenset({"complaint_filed", "complaint_updated"})
DEBOUNCE_MS = 120
CHANNELS = {"web": "halaman web (kode QR)", "kiosk": "kios"}


class ComplaintsView(QWidget):
    changed = Signal()                   # the list was (re)loaded
    counts_changed = Signal(dict)        # {'baru': n, 'diproses': n, 'selesai': n}

    def __init__(self, service, user: dict, parent=None):
        super().__init__(parent, objectName="complaints")
        self.service = service
        self.user = user
        config = service.config
        self.tz = config.tz
        self.service_names = {s.code: s.name for s in config.services}
        self.officer_names = {o.username: o.full_name for o in config.officers}
        self.officer_names.setdefault(user["username"], user.get("full_name", user["username"]))
        self.complaints: list[survey.Complaint] = []
        self.current: survey.Complaint | None = None
        self.counts: dict[str, int] = {}

        self.filter = QComboBox(objectName="status_filter")
        self.filter.addItem("Semua status", None)
        for key in survey.COMPLAINT_STATUSES:
            self.filter.addItem(COMPLAINT_STATUS_ID[key], key)
        self.heading = QLabel("Pengaduan, saran dan masukan", objectName="view_heading")
        self.summary = QLabel(objectName="updated")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addSpacing(16)
        top.addWidget(QLabel("Tampilkan"))
        top.addWidget(self.filter)

        self.list_model = StatsTableModel(parent=self)
        self.list_view = sorted_view(self.list_model, "complaint_list")
        self.list_view.setSelectionMode(self.list_view.SelectionMode.SingleSelection)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)

        # detail
        self.detail = QFrame(objectName="card")
        self.title = QLabel("Pilih pengaduan di daftar", objectName="card_title")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        for key, label in (("created", "Diterima"), ("category", "Kategori"),
                           ("ticket", "Nomor antrean"), ("service", "Layanan"),
                           ("channel", "Saluran"), ("contact", "Kontak pelapor"),
                           ("handled_by", "Ditangani oleh")):
            value = QLabel("-", objectName=f"field_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            form.addRow(QLabel(label, objectName="note"), value)
        self.text = QLabel(objectName="complaint_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.follow_up = QLabel("-", objectName="follow_up")
        self.follow_up.setWordWrap(True)
        self.history_model = StatsTableModel(parent=self)
        self.history_view = sorted_view(self.history_model, "complaint_history")
        self.history_view.setSortingEnabled(False)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.note = QPlainTextEdit(objectName="note_edit")
        self.note.setPlaceholderText("Catatan tindak lanjut (wajib untuk mengubah status)")
        self.note.setFixedHeight(70)
        self.process_button = QPushButton("Tandai diproses", objectName="to_diproses")
        self.close_button = QPushButton("Tandai selesai", objectName="to_selesai")
        self.close_button.setProperty("primary", True)
        self.note_button = QPushButton("Simpan catatan saja", objectName="note_only")
        self.message = QLabel(objectName="action_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.note_button, self.process_button, self.close_button):
            buttons.addWidget(b)
        inner = QVBoxLayout(self.detail)
        inner.setContentsMargins(14, 10, 14, 10)
        inner.setSpacing(6)
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(QLabel("Isi pengaduan", objectName="note"))
        inner.addWidget(self.text)
        inner.addWidget(QLabel("Tindak lanjut terakhir", objectName="note"))
        inner.addWidget(self.follow_up)
        inner.addWidget(QLabel("Riwayat", objectName="note"))
        inner.addWidget(self.history_view, 1)
        inner.addWidget(self.note)
        inner.addLayout(buttons)
        inner.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list_view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 11)
        split.setStretchFactor(1, 9)
        split.setSizes([1100, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.process_button.clicked.connect(lambda: self.act("diproses"))
        self.close_button.clicked.connect(lambda: self.act("selesai"))
        self.note_button.clicked.connect(lambda: self.act(None))
        self.reload()

    # --- list ----------------------------------------------------------------------------------
    def on_events(self, events: list) -> None:
        if any(e.type in COMPLAINT_EVENTS for e in events):
            self._debounce.start()

    def set_filter(self, status: str | None) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(status)))

    def reload(self) -> None:
        keep = self.current.id if self.current else None
        try:
            everything = survey.list_complaints(self.service)
        except Exception as exc:  # noqa: BLE001 — a locked database must not kill the screen
            log.warning("complaints not refreshed: %s", exc)
            self.summary.setText("Gagal memperbarui — mencoba lagi")
            return
        self.counts = {k: sum(1 for c in everything if c.status == k)
                       for k in survey.COMPLAINT_STATUSES}
        for i, key in enumerate(survey.COMPLAINT_STATUSES, start=1):
            self.filter.setItemText(i, f"{COMPLAINT_STATUS_ID[key]} ({self.counts[key]})")
        self.filter.setItemText(0, f"Semua status ({len(everything)})")
        status = self.filter.currentData()
        self.complaints = [c for c in everything if status is None or c.status == status]
        self.list_model.set_table(complaint_list_table(self.complaints, self.tz))
        # the text takes what is left (elided; the whole text is in the detail)
        self.list_view.horizontalHeader().setSectionResizeMode(
            self.list_model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(" · ".join(f"{COMPLAINT_STATUS_ID[k]} {n}"
                                        for k, n in self.counts.items()))
        self.select(keep, quiet=True)
        self.counts_changed.emit(self.counts)
        self.changed.emit()

    def row_of(self, complaint_id: int) -> int | None:
        """The row (in the sorted view) showing `complaint_id`."""
        proxy = self.list_view.model()
        for row in range(proxy.rowCount()):
            source = proxy.mapToSource(proxy.index(row, 0))
            if self.complaints[source.row()].id == complaint_id:
                return row
        return None

    def select(self, complaint_id: int | None, quiet: bool = False) -> None:
        row = None if complaint_id is None else self.row_of(complaint_id)
        selection = self.list_view.selectionModel()
        if row is None:           # none, or hidden by the filter: the detail still shows it
            selection.clearSelection()
            self._show(None if complaint_id is None else
                       survey.get_complaint(self.service, complaint_id), keep_message=quiet)
            return
        index = self.list_view.model().index(row, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        if quiet:
            selection.blockSignals(True)
        selection.select(index, flags)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        if quiet:
            selection.blockSignals(False)
        self._show(survey.get_complaint(self.service, complaint_id), keep_message=quiet)

    def _selected(self) -> None:
        rows = self.list_view.selectionModel().selectedRows()
        if not rows:
            self._show(None)
            return
        source = self.list_view.model().mapToSource(rows[0])
        self._show(self.complaints[source.row()])

    # --- detail --------------------------------------------------------------------------------
    def _show(self, c: survey.Complaint | None, keep_message: bool = False) -> None:
        self.current = c
        if not keep_message:
            self.message.clear()
        if c is None:
            self.title.setText("Pilih pengaduan di daftar")
            for label in self.fields.values():
                label.setText("-")
            self.text.setText("")
            self.follow_up.setText("-")
            self.history_model.set_table(complaint_history_table([], self.tz, {}))
            self._enable(None)
            return
        self.title.setText(f"Pengaduan #{c.id} — {COMPLAINT_STATUS_ID.get(c.status, c.status)}")
        f = self.fields
        f["created"].setText(local_stamp(c.created_at, self.tz))
        f["category"].setText(COMPLAINT_CATEGORY_ID.get(c.category, c.category))
        f["ticket"].setText(c.ticket_code or "- (tanpa nomor antrean)")
        f["service"].setText(self.service_names.get(c.service, c.service or "-"))
        f["channel"].setText(CHANNELS.get(c.channel, c.channel))
        f["contact"].setText(c.contact or "- (tidak dicantumkan)")
        f["handled_by"].setText(self.officer_names.get(c.handled_by, c.handled_by or "-"))
        self.text.setText(c.text)
        self.follow_up.setText(c.follow_up or "-")
        self.history_model.set_table(complaint_history_table(
            survey.complaint_history(self.service, c.id), self.tz, self.officer_names))
        self._enable(c.status)

    def _enable(self, status: str | None) -> None:
        order = survey.COMPLAINT_STATUSES
        at = order.index(status) if status in order else None
        self.process_button.setEnabled(at is not None and at < order.index("diproses"))
        self.close_button.setEnabled(at is not None and at < order.index("selesai"))
        self.note_button.setEnabled(at is not None)
        self.note.setEnabled(at is not None)

    def act(self, status: str | None) -> bool:
        """Move the shown complaint to `status` (or only add the note) as the logged-in user."""
        c = self.current
        note = self.note.toPlainText().strip()
        if c is None:
            return False
        if not note:
            self._say("Tulis catatan tindak lanjut dahulu.", error=True)
            self.note.setFocus()
            return False
        try:
            done = survey.update_complaint(self.service, c.id, self.user["username"], status, note)
        except AntreanError as exc:
            log.info("complaint #%s not updated: %s", c.id, exc.message_en)
            self._say(exc.message, error=True)
            return False
        log.info("complaint #%s → %s by %s", c.id, done.status, self.user["username"])
        self.note.clear()
        self.reload()
        self.select(done.id, quiet=True)
        what = f"ditandai {done.status}" if status else "catatan disimpan"
        self._say(f"Pengaduan #{done.id} {what}.")
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("level", "error" if error else "ok")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
