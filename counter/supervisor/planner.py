"""Perencanaan loket: how many counters each service needs each hour of a week to meet the
waiting standard at the office's target — a heat map of the counters the plan keeps open against
those that really were, with the hours that broke the standard framed in red.

The plan (`shared.planning.planner.plan_period`) is computed on a worker thread with its own
SQLite connection; a newer request supersedes an older one.
"""
from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Callable

from PySide6.QtCore import QDate, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from shared.indonesian import format_date
from shared.planning.output import grid
from shared.planning.planner import PeriodPlan, hour_span, plan_period, week_of
from shared.planning.recommend import PlanSettings
from shared.reports.table import period_title
from shared.store.database import connect

from counter.supervisor.heatmap import HeatMap
from counter.supervisor.live import KpiStrip

log = logging.getLogger(__name__)

BASES = (("actual", "Kedatangan tercatat (apa yang memenuhi standar)"),
         ("forecast", "Prakiraan dari riwayat (minggu yang akan datang)"))
WHOLE_WEEK = "week"
LEGEND = ("Angka besar: rata-rata loket yang harus buka pada jam itu menurut rencana (istirahat "
          "bergantian sudah dihitung); 'buka': rata-rata loket yang benar-benar buka. Merah: "
          "kurang dari rencana; hijau: cukup; biru: rencana minggu yang belum berjalan. Bingkai "
          "merah dan '!': jam yang melanggar standar (kurang dari target pengunjung dipanggil "
          "dalam standar waktu tunggu). Arahkan tetikus ke sel untuk rinciannya.")


class _Relay(QObject):
    done = Signal(int, object, str)


class _PlanJob(QRunnable):
    def __init__(self, relay: _Relay, request: int, db_path, config, first: date, last: date,
                 settings: PlanSettings, basis: str):
        super().__init__()
        self.relay, self.request = relay, request
        self.args = (db_path, config, first, last, settings, basis)

    def run(self) -> None:
        db_path, config, first, last, settings, basis = self.args
        try:
            conn = connect(db_path)
            try:
                plan = plan_period(conn, config, first, last, settings, basis)
            finally:
                conn.close()
        except Exception as exc:  # noqa: BLE001 — shown on screen, logged with traceback
            if getattr(exc, "message", None):
                self.relay.done.emit(self.request, None, exc.message)
                return
            log.exception("staffing plan failed")
            self.relay.done.emit(self.request, None, str(exc))
            return
        self.relay.done.emit(self.request, plan, "")


class PlannerView(QWidget):
    plan_ready = Signal(object)            # the PeriodPlan now shown

    def __init__(self, service, today: Callable[[], date], parent=None):
        super().__init__(parent, objectName="planner")
        self.service = service
        self.today = today
        self.plan: PeriodPlan | None = None
        self._request = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)

        self.prev_button = QPushButton("◀", objectName="prev")
        self.next_button = QPushButton("▶", objectName="next")
        self.week = QDateEdit(objectName="planner_week", calendarPopup=True)
        self.week.setDisplayFormat("dd/MM/yyyy")
        last_week = today() - timedelta(days=7)
        self.week.setDate(QDate(last_week.year, last_week.month, last_week.day))
        self.basis = QComboBox(objectName="planner_basis")
        for key, label in BASES:
            self.basis.addItem(label, key)
        self.target = QSpinBox(objectName="planner_target", minimum=50, maximum=99, value=80,
                               suffix=" %")
        self.day = QComboBox(objectName="planner_day")
        self.day.setMinimumWidth(250)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for w in (QLabel("Minggu"), self.prev_button, self.week, self.next_button,
                  QLabel("   Dasar"), self.basis, QLabel("   Target"), self.target,
                  QLabel("   Hari"), self.day):
            bar.addWidget(w)
        bar.addStretch(1)
        self.title = QLabel(objectName="view_heading")
        self.status = QLabel(objectName="updated")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.status)
        self.kpis = KpiStrip([("needed", "jam-loket menurut rencana"),
                              ("open", "jam-loket yang buka"),
                              ("broke", "jam melanggar standar"),
                              ("short", "jam kekurangan loket"),
                              ("extra", "loket tambahan (maks.)")])
        self.heatmap = HeatMap()
        self.legend = QLabel(LEGEND, objectName="note")
        self.legend.setWordWrap(True)
        card = QFrame(objectName="card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(12, 10, 12, 10)
        self.card_title = QLabel(objectName="card_title")
        inner.addWidget(self.card_title)
        inner.addWidget(self.heatmap)
        inner.addWidget(self.legend)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(card)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addLayout(head)
        layout.addWidget(self.kpis)
        layout.addWidget(scroll, 1)

        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.week.dateChanged.connect(lambda _d: self.load())
        self.basis.currentIndexChanged.connect(lambda _i: self.load())
        self.target.editingFinished.connect(self.load)
        self.day.currentIndexChanged.connect(lambda _i: self.draw())
        self._loaded_once = False

    # --- choosing ---------------------------------------------------------------------------
    def bounds(self) -> tuple[date, date]:
        return week_of(self.week.date().toPython())

    def step(self, weeks: int) -> None:
        self.week.setDate(self.week.date().addDays(7 * weeks))

    def set_week(self, day: date, basis: str | None = None) -> None:
        """Show the week of `day` (tests, shortcuts); `basis` 'actual' or 'forecast'."""
        if basis is not None:
            self.basis.blockSignals(True)
            self.basis.setCurrentIndex(self.basis.findData(basis))
            self.basis.blockSignals(False)
        self.week.blockSignals(True)
        self.week.setDate(QDate(day.year, day.month, day.day))
        self.week.blockSignals(False)
        self.load()

    def showEvent(self, event):  # noqa: N802 — plan on first sight, not at log-in
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.load()

    # --- computing --------------------------------------------------------------------------
    def load(self) -> None:
        first, last = self.bounds()
        self._request += 1
        self.title.setText(f"Rekomendasi jumlah loket — {period_title(first, last)}")
        self.status.setText("menghitung…")
        settings = PlanSettings(target_share=self.target.value() / 100.0)
        self._pool.start(_PlanJob(self._relay, self._request, self.service.path,
                                  self.service.config, first, last, settings,
                                  self.basis.currentData()))

    def shutdown(self) -> None:
        self._request += 1
        self._pool.waitForDone(20_000)

    def _on_done(self, request: int, plan, error: str) -> None:
        if request != self._request:
            return
        if plan is None:
            self.status.setText(f"Tidak dapat menghitung: {error}")
            self.plan = None
            self.heatmap.set_grid({}, [], {})
            return
        self.show_plan(plan)

    def show_plan(self, plan: PeriodPlan) -> None:
        self.plan = plan
        keep = self.day.currentData()
        self.day.blockSignals(True)
        self.day.clear()
        self.day.addItem("Rata-rata seminggu", WHOLE_WEEK)
        for d in plan.days:
            if d.plan or d.recorded:
                self.day.addItem(format_date(d.day), d.day)
        index = self.day.findData(keep)
        self.day.setCurrentIndex(index if index >= 0 else min(1, self.day.count() - 1))
        self.day.blockSignals(False)
        basis = "prakiraan" if plan.basis == "forecast" else "kedatangan tercatat"
        self.status.setText(f"dasar: {basis} · riwayat {plan.history_days} hari layanan · "
                            f"dihitung {plan.seconds:.1f} s")
        self.draw()
        self.plan_ready.emit(plan)

    def draw(self) -> None:
        plan = self.plan
        if plan is None:
            return
        chosen = self.day.currentData()
        days = None if chosen in (None, WHOLE_WEEK) else [chosen]
        rows = grid(plan, days)
        labels = {s.code: f"{s.prefix}  {s.name}" for s in self.service.config.services}
        self.heatmap.set_grid(rows, hour_span(plan), labels)
        self.card_title.setText(
            ("Rata-rata per hari, " + period_title(plan.first, plan.last)) if days is None
            else format_date(chosen))
        cells = [c for row in rows.values() for c in row.values()]
        per_day = 1 if days else max(1, sum(1 for d in plan.days if d.plan))
        recorded = any(c.open is not None for c in cells)
        self.kpis.set("needed", _fmt(sum(c.needed_open or 0 for c in cells) * per_day))
        self.kpis.set("open", _fmt(sum(c.open or 0 for c in cells) * per_day) if recorded
                      else "-")
        self.kpis.set("broke", str(sum(c.broke for c in cells)) if recorded else "-",
                      "red" if any(c.broke for c in cells) else "green" if recorded else None)
        short = sum(1 for c in cells if c.short)
        self.kpis.set("short", str(short) if recorded else "-",
                      ("red" if short else "green") if recorded else None)
        self.kpis.set("extra", _fmt(max((c.extra for c in cells), default=0)))


def _fmt(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".")
