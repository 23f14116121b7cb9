"""Kepuasan (IKM): the satisfaction survey of a period — per element and per service, the sample
check against Krejcie–Morgan, the monthly trend with the mutu thresholds, and the period's
complaints in figures. It redraws when a survey or a complaint arrives from any process.

The tables are those of the PDF and XLSX report (`shared.reports.tables.voice_tables`), so the files hold
the figures on the screen.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QScrollArea, QVBoxLayout, QWidget)

from shared.reports.tables import DEC2, INT, MUTU_LEVELS, format_value, ikm_text, period_title, \
    sample_sentence, voice_tables
from shared.reports.stats import VoiceReport, voice_report

from counter.supervisor import charts
from counter.supervisor.live import KpiStrip, _titled
from counter.supervisor.models import StatsTableModel, sorted_view
from counter.supervisor.period_bar import PeriodBar

log = logging.getLogger(__name__)

VOICE_EVENTS = frozenset({"survey_submitted", "complaint_filed", "complaint_updated"})
DEBOUNCE_MS = 200
TABLE_KEYS = ("ikm", "ikm_service", "complaint_status", "complaint_category", "complaint_time")


class IkmView(QWidget):
    refreshed = Signal(object)            # the VoiceReport shown

    def __init__(self, service, today: Callable[[], date], parent=None):
        super().__init__(parent, objectName="ikm")
        self.service = service
        self.today = today
        self.voice: VoiceReport | None = None
        self.tables: dict = {}
        self._dirty = True

        self.period_bar = PeriodBar(self.today, kind_name="ikm_kind", from_name="ikm_from",
                                    to_name="ikm_to")
        pb = self.period_bar     # its widgets keep their names here: tests and callers use them
        self.kind, self.prev_button, self.next_button = pb.kind, pb.prev_button, pb.next_button
        self.from_date, self.to_date, self.to_label = pb.from_date, pb.to_date, pb.to_label
        self.service_pick = QComboBox(objectName="ikm_service")
        self.service_pick.addItem("Semua layanan", None)
        for s in service.config.services:
            self.service_pick.addItem(f"{s.prefix} — {s.name}", s.code)
        self.title = QLabel(objectName="view_heading")
        self.status = QLabel(objectName="updated")
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for w in (self.period_bar, QLabel("   Layanan"), self.service_pick):
            bar.addWidget(w)
        bar.addStretch(1)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)

        self.kpis = KpiStrip([("ikm", "IKM unit pelayanan"), ("mutu", "mutu pelayanan"),
                              ("kinerja", "kinerja unit pelayanan"),
                              ("respondents", "responden"),
                              ("sample", "sampel minimal (Krejcie–Morgan)")])
        self.sample_note = QLabel(objectName="sample_warning")
        self.sample_note.setWordWrap(True)
        self.models = {key: StatsTableModel(parent=self) for key in TABLE_KEYS}
        self.views = {key: sorted_view(self.models[key], f"ikm_table_{key}") for key in TABLE_KEYS}
        for key in ("complaint_status", "complaint_category", "complaint_time"):
            self.views[key].setSortingEnabled(False)
        for key in TABLE_KEYS:      # the first column takes the room that is left
            self.views[key].horizontalHeader().setStretchLastSection(False)
        self.ikm_line = QLabel(objectName="note")
        elements = _titled("Nilai per unsur pelayanan", self.views["ikm"],
                           "NRR = jumlah nilai ÷ responden yang menjawab unsur itu (skala 1–4). "
                           "IKM = (Σ NRR × 1/9) × 25, dibulatkan dua desimal.")
        elements.layout().insertWidget(2, self.ikm_line)
        per_service = _titled("IKM per layanan dan kecukupan sampel", self.views["ikm_service"],
                              "Sampel minimal menurut tabel Krejcie–Morgan untuk jumlah "
                              "pengunjung yang dilayani.")
        self.trend_box = QFrame(objectName="card")
        self.trend_layout = QVBoxLayout(self.trend_box)
        self.trend_layout.setContentsMargins(12, 10, 12, 10)
        self.trend_chart: QWidget | None = None
        complaints = QFrame(objectName="card")
        grid = QGridLayout(complaints)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.addWidget(QLabel("Pengaduan pada periode ini", objectName="card_title"), 0, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.views["complaint_status"], 1, 0, top)
        grid.addWidget(self.views["complaint_category"], 1, 1, top)
        grid.addWidget(self.views["complaint_time"], 2, 0, 1, 2)
        for key, rows in (("complaint_status", 4), ("complaint_category", 7),
                          ("complaint_time", 1)):
            self.views[key].setFixedHeight(48 + 28 * rows)

        body = QWidget()
        columns = QGridLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(10)
        columns.addWidget(elements, 0, 0)
        columns.addWidget(self.trend_box, 0, 1)
        columns.addWidget(per_service, 1, 0)
        columns.addWidget(complaints, 1, 1)
        columns.setColumnStretch(0, 11)
        columns.setColumnStretch(1, 10)
        self.views["ikm"].setMinimumHeight(48 + 28 * 9)
        self.views["ikm_service"].setMinimumHeight(48 + 28 * 6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addLayout(head)
        layout.addWidget(self.kpis)
        layout.addWidget(self.sample_note)
        layout.addWidget(scroll, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.period_bar.changed.connect(lambda: self.refresh())
        self.service_pick.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_bar.kind_changed()

    # --- choosing ------------------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.period_bar.current_kind()

    def current_service(self) -> str | None:
        return self.service_pick.currentData()

    def bounds(self) -> tuple[date, date]:
        return self.period_bar.bounds()

    def set_period(self, kind: str, anchor: date, end: date | None = None) -> None:
        """Show `kind` ('day', 'week', 'month', 'range') around `anchor`."""
        self.period_bar.set_period(kind, anchor, end)

    def follow_period(self, kind: str, first: date, last: date) -> None:
        """The period view chose a period: show the same one (no work when it is already shown)."""
        if (kind, first, last) != (self.current_kind(), *self.bounds()):
            self.set_period(kind, first, last)

    def set_service(self, code: str | None) -> None:
        self.service_pick.setCurrentIndex(max(0, self.service_pick.findData(code)))

    def step(self, steps: int) -> None:
        self.period_bar.step(steps)

    def on_events(self, events: list) -> None:
        if any(e.type in VOICE_EVENTS for e in events):
            self._debounce.start()

    # --- showing -------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Recompute — now if the view is on screen, else when it is shown next."""
        if not (force or self.isVisible()):
            self._dirty = True
            return
        self._dirty = False
        first, last = self.bounds()
        code = self.current_service()
        try:
            voice = voice_report(self.service, first, last, service=code)
        except Exception as exc:  # noqa: BLE001 — a locked database must not kill the screen
            log.warning("IKM not refreshed: %s", exc)
            self.status.setText("Gagal memperbarui — mencoba lagi")
            return
        self.show_voice(voice)

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if self._dirty or self.voice is None:
            QTimer.singleShot(0, self.refresh)

    def show_voice(self, voice: VoiceReport) -> None:
        self.voice = voice
        self.tables = voice_tables(voice)
        for key in TABLE_KEYS:
            self.models[key].set_table(self.tables[key])
            header = self.views[key].horizontalHeader()
            if key == "ikm_service":       # long service names: the last column stretches
                header.setStretchLastSection(True)
            else:
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rep = voice.ikm
        r = rep.result
        name = self.service_pick.currentText() if voice.service else "semua layanan"
        self.title.setText(f"Survei Kepuasan Masyarakat — {period_title(voice.first, voice.last)}"
                           f" — {name}")
        self.kpis.set("ikm", format_value(r.ikm, DEC2), MUTU_LEVELS.get(r.mutu))
        self.kpis.set("mutu", r.mutu or "-", MUTU_LEVELS.get(r.mutu))
        self.kpis.set("kinerja", r.kinerja or "-")
        self.kpis.set("respondents", format_value(r.respondents, INT),
                      None if rep.enough else "red")
        self.kpis.set("sample", f"{format_value(rep.sample_needed, INT)} / "
                                f"{format_value(rep.visitors, INT)}")
        self.kpis.values["sample"].setToolTip("sampel minimal / pengunjung dilayani")
        self.sample_note.setText(("⚠  " if not rep.enough else "✓  ") + sample_sentence(rep))
        self.sample_note.setProperty("level", "ok" if rep.enough else "warning")
        self.sample_note.style().unpolish(self.sample_note)
        self.sample_note.style().polish(self.sample_note)
        self.ikm_line.setText(ikm_text(rep))
        self.status.setText(f"{voice.first:%d/%m/%Y} – {voice.last:%d/%m/%Y}")
        self._draw_trend(voice)
        self.refreshed.emit(voice)

    def _draw_trend(self, voice: VoiceReport) -> None:
        title = "IKM per bulan, 12 bulan terakhir" + (
            f" — {self.service_pick.currentText()}" if voice.service else "")
        new = charts.ikm_trend_chart(voice.trend, title)
        new.setMinimumHeight(330)
        if self.trend_chart is not None:
            self.trend_layout.replaceWidget(self.trend_chart, new)
            self.trend_chart.deleteLater()
        else:
            self.trend_layout.addWidget(new)
        self.trend_chart = new
