"""Today, live: the queues and today's figures per service, and every counter right now.

An `EventFollower` (150 ms poll of the events table) schedules a refresh whenever anything
changes — in this process or any other — so the screen is current within a fraction of a second;
a slow tick redraws the ever-growing durations when nothing happens.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.events import EventFollower
from shared.reports.tables import INT, SHARE, format_value, live_counter_table, live_service_table
from shared.reports.stats import share_level
from shared.reports.live import LiveSnapshot, live_snapshot

from counter.supervisor.models import StatsTableModel, sorted_view

log = logging.getLogger(__name__)

DEBOUNCE_MS = 120        # several events in a burst: one refresh
TICK_MS = 15_000         # durations grow while nothing happens


class KpiStrip(QFrame):
    """A row of big figures with small captions; share figures coloured by level."""

    def __init__(self, keys: list[tuple[str, str]], parent=None):
        super().__init__(parent, objectName="kpis")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.values: dict[str, QLabel] = {}
        for key, caption in keys:
            box = QFrame(objectName="kpi")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(14, 8, 14, 8)
            inner.setSpacing(0)
            value = QLabel("-", objectName="kpi_value")
            inner.addWidget(value)
            inner.addWidget(QLabel(caption, objectName="kpi_caption"))
            layout.addWidget(box, 1)
            self.values[key] = value

    def set(self, key: str, text: str, level: str | None = None) -> None:
        label = self.values[key]
        label.setText(text)
        label.setProperty("level", level or "")
        label.style().unpolish(label)
        label.style().polish(label)


class LiveView(QWidget):
    refreshed = Signal(object)          # the LiveSnapshot shown

    def __init__(self, service, now: Callable[[], datetime] | None = None, parent=None):
        super().__init__(parent, objectName="live")
        self.service = service
        self.now = now or (lambda: service.clock.now())
        self.snapshot: LiveSnapshot | None = None
        self.last_refresh_ms: float | None = None
        self.kpis = KpiStrip([("waiting", "menunggu sekarang"), ("issued", "nomor terbit hari ini"),
                              ("served", "dilayani"), ("no_shows", "tidak hadir"),
                              ("wait_within", "tunggu ≤ standar"),
                              ("service_within", "layanan ≤ standar"),
                              ("open", "loket buka")])
        self.heading = QLabel(objectName="view_heading")
        self.updated = QLabel(objectName="updated")
        self.service_model = StatsTableModel(parent=self)
        self.counter_model = StatsTableModel(parent=self)
        self.service_table = sorted_view(self.service_model, "live_services")
        self.counter_table = sorted_view(self.counter_model, "live_counters")
        services_box = _titled("Layanan hari ini", self.service_table,
                               "Waktu dalam menit. Capaian: hijau ≥ 80%, kuning ≥ 60%, merah "
                               "di bawahnya (waktu sama dengan standar = sesuai standar).")
        counters_box = _titled("Loket sekarang", self.counter_table,
                               "Sejak = lama melayani tiket (atau sejak dipanggil bila belum "
                               "mulai dilayani).")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(services_box)
        split.addWidget(counters_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.updated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.kpis)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self.refresh)
        self.follower = EventFollower(service, parent=self)
        self.follower.events.connect(lambda _events: self._debounce.start())
        self.refresh()

    def start(self) -> None:
        self.follower.start()
        self._tick.start()

    def stop(self) -> None:
        self.follower.stop()
        self._tick.stop()
        self._debounce.stop()

    def refresh(self) -> None:
        started = time.perf_counter()
        try:
            snap = live_snapshot(self.service._conn, self.service.config, self.now())
        except Exception as exc:  # noqa: BLE001 — a locked database must not kill the screen
            log.warning("live figures not refreshed: %s", exc)
            self.updated.setText("Gagal memperbarui — mencoba lagi")
            return
        self.snapshot = snap
        self.service_model.set_table(live_service_table(snap))
        self.counter_model.set_table(live_counter_table(snap))
        t = snap.total
        self.kpis.set("waiting", format_value(snap.waiting_now, INT))
        self.kpis.set("issued", format_value(t.issued, INT))
        self.kpis.set("served", format_value(t.served, INT))
        self.kpis.set("no_shows", format_value(t.no_shows, INT))
        self.kpis.set("wait_within", format_value(t.waiting.within_share, SHARE),
                      share_level(t.waiting.within_share))
        self.kpis.set("service_within", format_value(t.service_time.within_share, SHARE),
                      share_level(t.service_time.within_share))
        open_n = sum(1 for c in snap.counters if c.status != "closed")
        self.kpis.set("open", f"{open_n} / {len(snap.counters)}")
        tz = self.service.config.tz
        local = snap.at.astimezone(tz)
        self.heading.setText(f"Hari ini — {format_date(snap.day)}")
        self.updated.setText(f"diperbarui pukul {format_time(local, seconds=True)} "
                             f"{zone_abbreviation(self.service.config.timezone)}")
        self.last_refresh_ms = (time.perf_counter() - started) * 1000
        self.refreshed.emit(snap)


def _titled(title: str, body: QWidget, note: str = "") -> QWidget:
    box = QFrame(objectName="card")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.setSpacing(6)
    layout.addWidget(QLabel(title, objectName="card_title"))
    layout.addWidget(body, 1)
    if note:
        small = QLabel(note, objectName="note")
        small.setWordWrap(True)
        layout.addWidget(small)
    return box
