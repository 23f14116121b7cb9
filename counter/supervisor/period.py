"""Any period — a day, a week, a month or a custom range: the figures per service, counter,
officer, hour of day and day, the charts, and the exports (CSV, XLSX, the PDF report).

The report is computed on a worker thread with its own SQLite connection, so a long range never
freezes the screen; a newer request supersedes an older one.
"""
from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QHBoxLayout,
                               QLabel, QMessageBox, QPushButton, QScrollArea, QTabWidget,
                               QVBoxLayout, QWidget)

from shared.indonesian import zone_abbreviation
from shared.reports.tables import (INT, SHARE, Table, format_value, period_tables, period_title,
                                   write_csv, write_pdf, write_xlsx)
from shared.reports.booking_stats import booking_report
from shared.reports.pdf_plan import period_plan
from shared.reports.stats import PeriodReport, period_report, share_level, voice_report
from shared.store.database import connect

from counter.supervisor import charts
from counter.supervisor.live import KpiStrip
from counter.supervisor.models import StatsTableModel, sorted_view
from counter.supervisor.period_bar import PeriodBar
from counter.supervisor.period_bar import period_bounds, shift  # noqa: F401 — re-exported for callers

log = logging.getLogger(__name__)

TABLE_TABS = (("service", "Per layanan"), ("counter", "Per loket"), ("officer", "Per petugas"),
              ("hour", "Per jam"), ("day", "Per hari"))


class _Relay(QObject):
    done = Signal(int, object, str)


class _ReportJob(QRunnable):
    def __init__(self, relay: _Relay, request: int, db_path, config, first: date, last: date):
        super().__init__()
        self.relay, self.request = relay, request
        self.db_path, self.config, self.first, self.last = db_path, config, first, last

    def run(self) -> None:
        try:
            conn = connect(self.db_path)
            try:
                report = period_report(conn, self.config, self.first, self.last)
                report.booking = booking_report(conn, self.config, self.first, self.last)
            finally:
                conn.close()
        except Exception as exc:  # noqa: BLE001 — reported on screen, logged with traceback
            log.exception("period report failed")
            self.relay.done.emit(self.request, None, str(exc))
            return
        self.relay.done.emit(self.request, report, "")


class PeriodView(QWidget):
    report_ready = Signal(object)        # the PeriodReport now shown
    period_chosen = Signal(str, object, object)   # kind, first, last: asked for, not yet shown

    def __init__(self, service, today: Callable[[], date], parent=None):
        super().__init__(parent, objectName="period")
        self.service = service
        self.today = today
        self.report: PeriodReport | None = None
        self.tables: dict = {}
        self._request = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)

        self.period_bar = PeriodBar(self.today)
        pb = self.period_bar     # its widgets keep their names here: tests and callers use them
        self.kind, self.prev_button, self.next_button = pb.kind, pb.prev_button, pb.next_button
        self.from_date, self.to_date, self.to_label = pb.from_date, pb.to_date, pb.to_label
        self.title = QLabel(objectName="view_heading")
        self.status = QLabel(objectName="updated")
        self.csv_button = QPushButton("Ekspor CSV", objectName="export_csv")
        self.xlsx_button = QPushButton("Ekspor XLSX", objectName="export_xlsx")
        self.pdf_button = QPushButton("Laporan PDF", objectName="export_pdf")
        self.pdf_button.setProperty("primary", True)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.period_bar)
        bar.addStretch(1)
        for w in (self.csv_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(w)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)
        self.kpis = KpiStrip([("issued", "nomor terbit"), ("served", "dilayani"),
                              ("no_shows", "tidak hadir"), ("wait_avg", "rata-rata tunggu (menit)"),
                              ("wait_within", "tunggu ≤ standar"),
                              ("service_within", "layanan ≤ standar")])
        self.tabs = QTabWidget(objectName="period_tabs")
        self.models: dict[str, StatsTableModel] = {}
        self.views = {}
        self.tab_keys = [key for key, _label in TABLE_TABS]
        for key, label in TABLE_TABS:
            self.models[key] = StatsTableModel(parent=self)
            self.views[key] = sorted_view(self.models[key], f"table_{key}")
            self.tabs.addTab(self.views[key], label)
        self.chart_page = QWidget(objectName="charts")
        self.chart_layout = QVBoxLayout(self.chart_page)
        self.histogram_service = QComboBox(objectName="histogram_service")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_page)
        self.tabs.addTab(scroll, "Grafik")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addLayout(head)
        layout.addWidget(self.kpis)
        layout.addWidget(self.tabs, 1)

        self.period_bar.changed.connect(self.load)
        self.histogram_service.currentIndexChanged.connect(lambda _i: self._draw_histogram())
        self.csv_button.clicked.connect(lambda: self._ask_and_export("csv"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_and_export("pdf"))
        self._histogram = None
        self.period_bar.kind_changed()

    # --- choosing the period ----------------------------------------------------------------
    def current_kind(self) -> str:
        return self.period_bar.current_kind()

    def bounds(self) -> tuple[date, date]:
        return self.period_bar.bounds()

    def set_period(self, kind: str, anchor: date, end: date | None = None) -> None:
        """Show `kind` ('day', 'week', 'month', 'range') around `anchor` (tests, shortcuts)."""
        self.period_bar.set_period(kind, anchor, end)

    def step(self, steps: int) -> None:
        self.period_bar.step(steps)

    # --- computing and showing ---------------------------------------------------------------
    def load(self) -> None:
        first, last = self.bounds()
        self._request += 1
        self.title.setText(f"{period_title(first, last)}")
        self.status.setText("menghitung…")
        self._pool.start(_ReportJob(self._relay, self._request, self.service.path,
                                    self.service.config, first, last))
        self.period_chosen.emit(self.current_kind(), first, last)

    def shutdown(self) -> None:
        self._request += 1
        self._pool.waitForDone(10_000)

    def _on_done(self, request: int, report, error: str) -> None:
        if request != self._request:
            return  # a newer period was asked for meanwhile
        if report is None:
            self.status.setText(f"Gagal menghitung: {error}")
            return
        self.show_report(report)

    def show_report(self, report: PeriodReport) -> None:
        self.report = report
        self.tables = period_tables(report)
        if "booking" in self.tables and "booking" not in self.models:   # antrean online
            self.models["booking"] = StatsTableModel(parent=self)
            self.views["booking"] = sorted_view(self.models["booking"], "table_booking")
            self.tabs.insertTab(len(self.tab_keys), self.views["booking"], "Booking vs langsung")
            self.tab_keys.append("booking")
        for key, model in self.models.items():
            model.set_table(self.tables.get(key) or Table(key, "", [], []))
        t = report.total
        self.kpis.set("issued", format_value(t.issued, INT))
        self.kpis.set("served", format_value(t.served, INT))
        self.kpis.set("no_shows", format_value(t.no_shows, INT))
        self.kpis.set("wait_avg", format_value(t.waiting.average, "min"))
        self.kpis.set("wait_within", format_value(t.waiting.within_share, SHARE),
                      share_level(t.waiting.within_share))
        self.kpis.set("service_within", format_value(t.service_time.within_share, SHARE),
                      share_level(t.service_time.within_share))
        self.status.setText(f"{report.first:%d/%m/%Y} – {report.last:%d/%m/%Y} · "
                            f"{len(report.days)} hari layanan")
        self._draw_charts()
        self.report_ready.emit(report)

    def _draw_charts(self) -> None:
        while self.chart_layout.count():
            item = self.chart_layout.takeAt(0)
            if item.widget() and item.widget() is not self.histogram_service:
                item.widget().deleteLater()
        report = self.report
        zone = zone_abbreviation(report.timezone)
        self.chart_layout.addWidget(charts.hour_chart(report, zone))
        self.histogram_service.blockSignals(True)
        current = self.histogram_service.currentData()
        self.histogram_service.clear()
        for s in sorted(report.services, key=lambda s: -s.issued):
            if s.waiting.count:
                self.histogram_service.addItem(f"{s.prefix} — {s.name}", s.service)
        index = self.histogram_service.findData(current)
        self.histogram_service.setCurrentIndex(max(0, index))
        self.histogram_service.blockSignals(False)
        pick = QHBoxLayout()
        holder = QWidget()
        holder.setLayout(pick)
        pick.setContentsMargins(0, 0, 0, 0)
        pick.addWidget(QLabel("Sebaran waktu tunggu untuk layanan:"))
        pick.addWidget(self.histogram_service, 1)
        self.chart_layout.addWidget(holder)
        self._histogram = None
        self._draw_histogram()
        self.chart_layout.addWidget(charts.share_chart(report))

    def _draw_histogram(self) -> None:
        if self.report is None:
            return
        code = self.histogram_service.currentData()
        service = next((s for s in self.report.services if s.service == code), None)
        new = charts.wait_histogram(self.report, service) if service else QLabel(
            "Belum ada pengunjung yang dipanggil pada periode ini.")
        if self._histogram is not None:
            self.chart_layout.replaceWidget(self._histogram, new)
            self._histogram.deleteLater()
        else:
            self.chart_layout.addWidget(new)
        self._histogram = new

    # --- exports ---------------------------------------------------------------------------
    def current_table_key(self) -> str:
        index = self.tabs.currentIndex()
        return self.tab_keys[index] if index < len(self.tab_keys) else "service"

    def export(self, kind: str, path: Path) -> Path:
        """Write the shown report: 'csv' (the current table), 'xlsx' (every table) or 'pdf';
        the XLSX and PDF include the period's survey (IKM) and complaints."""
        if self.report is None:
            raise RuntimeError("no report yet")
        if kind == "csv":
            return write_csv(self.tables[self.current_table_key()], path)
        voice = voice_report(self.service, self.report.first, self.report.last)
        if kind == "xlsx":
            return write_xlsx(self.report, path, self.tables, voice)
        conn = connect(self.service.path)
        try:
            plan = period_plan(conn, self.service.config, self.report.first, self.report.last)
        finally:
            conn.close()
        return write_pdf(self.report, path, self.tables, voice, plan)

    def _ask_and_export(self, kind: str) -> None:
        if self.report is None:
            return
        first, last = self.report.first, self.report.last
        stem = f"laporan-{first.isoformat()}_{last.isoformat()}"
        if kind == "csv":
            stem += f"-{self.current_table_key()}"
        filters = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)"}
        name, _ = QFileDialog.getSaveFileName(self, "Simpan laporan", f"{stem}.{kind}",
                                              filters[kind])
        if not name:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = self.export(kind, Path(name))
        except OSError as exc:
            log.warning("export failed: %s", exc)
            QMessageBox.warning(self, "Antrean", f"Berkas tidak bisa disimpan:\n{exc}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.status.setText(f"Disimpan: {path}")


def today_of(service, now: Callable[[], datetime]) -> Callable[[], date]:
    return lambda: now().astimezone(service.config.tz).date()
