"""The supervisor's dashboard: today live, any period with its charts and exports, the
satisfaction survey (IKM) and the complaints."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from shared.qt.events import EventFollower
from shared.qt.theme import GREEN, NAVY, NAVY_2, RED, TEXT_DARK, WHITE

from counter.booking.today import BookingsView
from counter.supervisor.complaints import ComplaintsView
from counter.supervisor.ikm import IkmView
from counter.supervisor.live import LiveView
from counter.supervisor.period import PeriodView, today_of
from counter.supervisor.planner import PlannerView

log = logging.getLogger(__name__)

ROLE_NAMES = {"supervisor": "Supervisor", "admin": "Admin"}

SUPERVISOR_QSS = f"""
QWidget#supervisor {{ font-size: 14px; }}
QFrame#header {{ background: {NAVY}; }}
QFrame#header QLabel {{ background: transparent; color: {WHITE}; }}
QLabel#app_title {{ font-size: 21px; font-weight: bold; }}
QLabel#office_name {{ font-size: 14px; color: #d9e2ec; }}
QLabel#user {{ font-size: 14px; }}
QFrame#header QPushButton {{ background: {NAVY_2}; color: {WHITE}; border: 2px solid #6f8bb3;
    padding: 6px 14px; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{ padding: 9px 20px; font-size: 15px; background: #e1e7ef; border: none;
    margin-right: 2px; border-top-left-radius: 6px; border-top-right-radius: 6px; }}
QTabBar::tab:selected {{ background: {WHITE}; font-weight: bold; color: {NAVY}; }}
QTabWidget#period_tabs QTabBar::tab {{ font-size: 14px; padding: 7px 14px; }}
QFrame#card {{ background: {WHITE}; border: 1px solid #d5dde8; border-radius: 10px; }}
QFrame#card QLabel {{ background: transparent; }}
QLabel#card_title {{ font-size: 15px; font-weight: bold; color: {NAVY_2}; }}
QLabel#note {{ color: #52606d; font-size: 12px; }}
QLabel#view_heading {{ font-size: 19px; font-weight: bold; color: {NAVY}; }}
QLabel#updated {{ color: #52606d; font-size: 13px; }}
QFrame#kpi {{ background: {WHITE}; border: 1px solid #d5dde8; border-radius: 10px; }}
QFrame#kpi QLabel {{ background: transparent; }}
QLabel#kpi_value {{ font-size: 26px; font-weight: bold; color: {NAVY}; }}
QLabel#kpi_value[level="green"] {{ color: {GREEN}; }}
QLabel#kpi_value[level="amber"] {{ color: #c46d12; }}
QLabel#kpi_value[level="red"] {{ color: {RED}; }}
QLabel#kpi_caption {{ color: #52606d; font-size: 12px; }}
QTableView {{ background: {WHITE}; alternate-background-color: #f5f7fa; gridline-color: #e4e9f0;
    border: 1px solid #d5dde8; selection-background-color: #d6e4f5; selection-color: {TEXT_DARK}; }}
QHeaderView::section {{ background: {NAVY_2}; color: {WHITE}; padding: 4px 6px; border: none;
    border-right: 1px solid #2c4a75; font-weight: bold; font-size: 12px; }}
QPushButton[primary="true"] {{ background: {NAVY_2}; color: {WHITE}; font-weight: bold; }}
QPushButton#prev, QPushButton#next {{ padding: 6px 10px; min-width: 24px; }}
QDateEdit {{ background: {WHITE}; border: 2px solid #9fb3c8; border-radius: 6px; padding: 5px; }}
QScrollArea {{ border: none; }}
QLabel#sample_warning {{ padding: 8px 12px; border-radius: 8px; font-size: 14px; }}
QLabel#sample_warning[level="warning"] {{ background: #f7d0d6; color: #8a1c2b; font-weight: bold;
    border: 1px solid {RED}; }}
QLabel#sample_warning[level="ok"] {{ background: #cfeee8; color: #0e5e55; }}
QLabel#complaint_text {{ background: #f5f7fa; border: 1px solid #d5dde8; border-radius: 6px;
    padding: 8px; font-size: 15px; }}
QLabel#action_message[level="error"] {{ color: {RED}; font-weight: bold; }}
QLabel#action_message[level="ok"] {{ color: {GREEN}; font-weight: bold; }}
QPlainTextEdit {{ background: {WHITE}; border: 2px solid #9fb3c8; border-radius: 6px; }}
QChartView {{ background: transparent; }}
"""


def system_now() -> datetime:
    return datetime.now(timezone.utc)


class SupervisorWindow(QWidget):
    logged_out = Signal()

    def __init__(self, service, user: dict, now: Callable[[], datetime] | None = None,
                 parent=None):
        super().__init__(parent, objectName="supervisor")
        self.service = service
        self.user = user
        self.now = now or system_now
        self.setStyleSheet(SUPERVISOR_QSS)
        config = service.config
        self.setWindowTitle(f"Antrean — Dasbor Supervisor — {config.short_name or config.name}")

        header = QFrame(objectName="header")
        top = QHBoxLayout(header)
        top.setContentsMargins(18, 10, 18, 10)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(QLabel("Dasbor Kinerja Pelayanan", objectName="app_title"))
        titles.addWidget(QLabel(config.name, objectName="office_name"))
        top.addLayout(titles)
        top.addStretch(1)
        top.addWidget(QLabel(f"{user['full_name']} · {ROLE_NAMES.get(user['role'], user['role'])}",
                             objectName="user"))
        self.logout_button = QPushButton("Keluar", objectName="logout")
        top.addWidget(self.logout_button)

        self.live = LiveView(service, self.now)
        self.period = PeriodView(service, today_of(service, self.now))
        self.tabs = QTabWidget(objectName="main_tabs")
        self.tabs.addTab(self.live, "Hari ini (langsung)")
        self.tabs.addTab(self.period, "Periode && laporan")
        self.ikm = IkmView(service, today_of(service, self.now))
        self.complaints = ComplaintsView(service, user)
        self.tabs.addTab(self.ikm, "Kepuasan (IKM)")
        self.tabs.addTab(self.complaints, "Pengaduan")
        self.bookings = None
        if any(s.booking is not None for s in config.services):   # antrean online
            self.bookings = BookingsView(service, user, today_of(service, self.now), self.now)
            self.tabs.addTab(self.bookings, "Booking")
        self.admin = None
        if user.get("role") == "admin":      # the office's settings: admins only
            from counter.admin.window import AdminPanel
            self.admin = AdminPanel(service, user)
            self.tabs.addTab(self.admin, "Administrasi")
        self.planner = PlannerView(service, today_of(service, self.now))
        self.tabs.addTab(self.planner, "Perencanaan loket")
        self._complaint_tab_title(self.complaints.counts)
        self.complaints.counts_changed.connect(self._complaint_tab_title)
        self.period.period_chosen.connect(self.ikm.follow_period)
        # surveys and complaints from any process (kiosk, web, another dashboard)
        self.voice_follower = EventFollower(service, parent=self)
        self.voice_follower.events.connect(self.ikm.on_events)
        self.voice_follower.events.connect(self.complaints.on_events)
        if self.bookings is not None:
            self.voice_follower.events.connect(self.bookings.on_events)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        self.logout_button.clicked.connect(self.logout)
        self.live.start()
        self.voice_follower.start()

    def _complaint_tab_title(self, counts: dict) -> None:
        new = counts.get("baru", 0)
        index = self.tabs.indexOf(self.complaints)
        self.tabs.setTabText(index, f"Pengaduan ({new} baru)" if new else "Pengaduan")

    def logout(self) -> None:
        log.info("supervisor %s logged out", self.user["username"])
        self.shutdown()
        self.logged_out.emit()
        self.close()

    def shutdown(self) -> None:
        self.live.stop()
        self.voice_follower.stop()
        self.period.shutdown()
        if self.admin is not None:
            self.admin.shutdown()
        self.planner.shutdown()
        if self.bookings is not None:
            self.bookings.shutdown()

    def closeEvent(self, event):  # noqa: N802
        self.shutdown()
        super().closeEvent(event)
