"""The lobby display board: a view only. `kiosk.board.app.BoardController` feeds it.

Laid out for a 1920×1080 TV read from five metres: the call being announced very large, the
previous calls, one card per counter, the waiting count of each service, a running text, and an
optional media pane (images or a video from a folder) that gives its space back when there is none.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout,
                               QWidget)

from shared.domain import CounterState, ServiceQueue
from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.theme import AMBER, GREY, NAVY, NAVY_2, PUBLIC_QSS, WHITE, YELLOW

from kiosk.board.widgets import (IMAGE_SUFFIXES, VIDEO_SUFFIXES, CounterCard, FitLabel, Marquee,
                                 MediaPane, TwoLineLabel, make_label)

__all__ = ["BOARD_QSS", "IMAGE_SUFFIXES", "VIDEO_SUFFIXES", "BoardWindow", "CounterCard",
           "FitLabel", "Marquee", "MediaPane", "TwoLineLabel"]

HEADER_BG = "#08203d"
CARD_BORDER = "#1f4476"
MUTED = "#9fb3c8"

BOARD_QSS = PUBLIC_QSS + f"""
#header {{ background: {HEADER_BG}; border-bottom: 5px solid {YELLOW}; }}
#officeName {{ font-size: 42px; font-weight: 700; background: transparent; }}
#officeFull {{ font-size: 22px; color: {MUTED}; background: transparent; }}
#clock {{ font-size: 70px; font-weight: 700; background: transparent; }}
#zone {{ font-size: 26px; font-weight: 700; color: {YELLOW}; background: transparent; }}
#date {{ font-size: 26px; color: {MUTED}; background: transparent; }}
#logo {{ background: transparent; }}
#panel {{ background: {NAVY_2}; border: 2px solid {CARD_BORDER}; border-radius: 26px; }}
#panel QLabel {{ background: transparent; }}
#caption {{ font-size: 26px; font-weight: 700; color: {MUTED}; letter-spacing: 3px; }}
#captionEn {{ font-size: 20px; color: {GREY}; font-style: italic; }}
#heroNumber {{ font-weight: 800; color: {YELLOW}; }}
#heroTo {{ font-size: 30px; font-weight: 700; color: {MUTED}; letter-spacing: 4px; }}
#heroCounter {{ font-weight: 800; color: {WHITE}; }}
#heroService {{ font-size: 28px; color: {MUTED}; }}
#recentCode {{ font-size: 56px; font-weight: 800; color: {WHITE}; }}
#recentCounter {{ font-size: 40px; font-weight: 600; color: {MUTED}; }}
#recentEmpty {{ font-size: 26px; color: {GREY}; }}
#rule {{ background: {CARD_BORDER}; border: none; max-height: 2px; min-height: 2px; }}
#card {{ background: {NAVY_2}; border: 2px solid {CARD_BORDER}; border-radius: 20px; }}
#card QLabel {{ background: transparent; }}
#card[state="closed"] {{ background: #0d2747; border-color: #173a63; }}
#card[state="paused"] {{ border-color: {AMBER}; }}
#card[state="called"] {{ border-color: {YELLOW}; }}
#cardTitle {{ font-size: 28px; font-weight: 700; color: {WHITE}; }}
#cardCode {{ font-size: 76px; font-weight: 800; color: {YELLOW}; }}
#card[state="paused"] #cardCode {{ color: {AMBER}; font-size: 48px; }}
#card[state="closed"] #cardCode, #card[state="idle"] #cardCode {{ color: #3d5f8a; }}
#card[state="closed"] #cardTitle {{ color: {GREY}; }}
#cardStatus {{ font-size: 24px; color: {MUTED}; }}
#card[state="called"] #cardStatus {{ color: {YELLOW}; font-weight: 700; }}
#card[state="serving"] #cardStatus {{ color: #7ee0d3; }}
#card[state="paused"] #cardStatus {{ color: {AMBER}; font-weight: 700; }}
#queueChip {{ background: {NAVY_2}; border: 2px solid {CARD_BORDER}; border-radius: 18px; }}
#queueChip QLabel {{ background: transparent; }}
#queueChip #queuePrefix {{ background: {YELLOW}; color: {NAVY}; font-size: 34px; font-weight: 800;
               border-radius: 12px; min-width: 56px; max-width: 56px; min-height: 56px; max-height: 56px; }}
#queueName {{ font-size: 20px; color: {MUTED}; }}
#queueCount {{ font-size: 48px; font-weight: 800; color: {WHITE}; }}
#queueCaption {{ font-size: 24px; font-weight: 700; color: {MUTED}; letter-spacing: 2px; }}
#heroIdle {{ font-size: 96px; font-weight: 800; color: {WHITE}; }}
#heroIdleSub {{ font-size: 32px; color: {MUTED}; }}
#media {{ background: #000000; border-radius: 26px; }}
"""


class BoardWindow(QWidget):
    """The board. `now` gives the current UTC time (injectable for tests and screenshots)."""

    def __init__(self, office_name: str, short_name: str = "", logo: str | None = None,
                 tz_name: str = "Asia/Jakarta", running_text: str = "",
                 media_dir: Path | None = None, media_interval_s: int = 10,
                 recent_count: int = 5, flash_seconds: float = 5.0,
                 now: Callable[[], datetime] | None = None):
        super().__init__()
        from zoneinfo import ZoneInfo
        self.setWindowTitle(f"Antrean — {short_name or office_name}")
        self.setStyleSheet(BOARD_QSS)
        self.tz_name, self._tz = tz_name, ZoneInfo(tz_name)
        self._now = now or (lambda: datetime.now(timezone.utc))
        self.recent_count = recent_count
        self.flash_seconds = flash_seconds
        self.cards: dict[str, CounterCard] = {}
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header(office_name, short_name, logo))
        body = QVBoxLayout()
        body.setContentsMargins(32, 26, 32, 22)
        body.setSpacing(22)
        top = QHBoxLayout()
        top.setSpacing(22)
        self.hero = self._build_hero()
        self.recent_panel = self._build_recent()
        self.media = MediaPane(media_dir, media_interval_s)
        top.addWidget(self.hero, 11)
        top.addWidget(self.recent_panel, 7)
        top.addWidget(self.media, 10)
        body.addLayout(top, 1)
        self.counter_grid = QGridLayout()
        self.counter_grid.setSpacing(18)
        body.addLayout(self.counter_grid)
        self.queue_row = QHBoxLayout()
        self.queue_row.setSpacing(18)
        body.addLayout(self.queue_row)
        root.addLayout(body, 1)
        self.marquee = Marquee(running_text)
        root.addWidget(self.marquee)
        from shared.qt.remote import OfflineBanner   # in the running text's place: same height
        self.offline_banner = OfflineBanner("public")
        self.offline_banner.set_detail("Menampilkan keadaan terakhir",
                                       "Showing the last known state")
        self.offline_banner.setFixedHeight(self.marquee.height())
        root.addWidget(self.offline_banner)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(450)
        self._flash_timer.timeout.connect(self._flash_step)
        self._flash_left = 0
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self.tick)
        self._clock_timer.start()
        self.tick()
        self._set_hero_style(False)
        self._set_hero_idle(True)
        self.set_recent([])

    # --- building --------------------------------------------------------------------------
    def _build_header(self, name: str, short: str, logo: str | None) -> QWidget:
        header = QFrame()
        header.setObjectName("header")
        header.setFixedHeight(128)
        lay = QHBoxLayout(header)
        lay.setContentsMargins(32, 10, 36, 10)
        lay.setSpacing(22)
        pix = QPixmap(logo) if logo else QPixmap()
        if not pix.isNull():
            img = make_label(name="logo")
            img.setPixmap(pix.scaled(96, 96, Qt.KeepAspectRatio, Qt.SmoothTransformation))
            lay.addWidget(img)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addStretch()
        names.addWidget(make_label(short or name, "officeName"))
        if short and short != name:
            names.addWidget(make_label(name, "officeFull"))
        names.addStretch()
        lay.addLayout(names, 1)
        when = QVBoxLayout()
        when.setSpacing(0)
        clock_row = QHBoxLayout()
        clock_row.setSpacing(10)
        clock_row.addStretch()
        self.clock_label = make_label("", "clock", Qt.AlignRight | Qt.AlignBottom)
        clock_row.addWidget(self.clock_label)
        clock_row.addWidget(make_label(zone_abbreviation(self.tz_name), "zone",
                                       Qt.AlignLeft | Qt.AlignBottom))
        when.addStretch()
        when.addLayout(clock_row)
        self.date_label = make_label("", "date", Qt.AlignRight | Qt.AlignTop)
        when.addWidget(self.date_label)
        when.addStretch()
        lay.addLayout(when)
        return header

    def _build_hero(self) -> QFrame:
        hero = QFrame()
        hero.setObjectName("panel")
        lay = QVBoxLayout(hero)
        lay.setContentsMargins(30, 24, 30, 26)
        lay.setSpacing(0)
        cap = QHBoxLayout()
        self.hero_caption = make_label("NOMOR ANTREAN", "caption")
        cap.addWidget(self.hero_caption)
        cap.addStretch()
        cap.addWidget(make_label("Ticket number", "captionEn", Qt.AlignRight | Qt.AlignVCenter))
        lay.addLayout(cap)
        lay.addStretch(1)
        self.hero_idle = make_label("Selamat datang", "heroIdle", Qt.AlignCenter)
        self.hero_idle_sub = make_label("Silakan ambil nomor antrean di anjungan\n"
                                        "Please take a number at the kiosk", "heroIdleSub",
                                        Qt.AlignCenter)
        lay.addWidget(self.hero_idle)
        lay.addSpacing(18)
        lay.addWidget(self.hero_idle_sub)
        self.hero_number = FitLabel("", "heroNumber", max_px=220)
        lay.addWidget(self.hero_number)
        self.hero_to = make_label("SILAKAN MENUJU  ·  PLEASE GO TO", "heroTo", Qt.AlignCenter)
        lay.addWidget(self.hero_to)
        lay.addSpacing(6)
        self.hero_counter = FitLabel("", "heroCounter", max_px=110)
        lay.addWidget(self.hero_counter)
        lay.addStretch(1)
        self.hero_service = make_label("", "heroService", Qt.AlignCenter)
        lay.addWidget(self.hero_service)
        return hero

    def _build_recent(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("panel")
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(28, 24, 28, 20)
        lay.setSpacing(6)
        lay.addWidget(make_label("PANGGILAN SEBELUMNYA", "caption"))
        lay.addWidget(make_label("Previous calls", "captionEn"))
        self.recent_rows: list[tuple[QLabel, QLabel, QFrame]] = []
        self.recent_empty = make_label("Belum ada panggilan hari ini", "recentEmpty",
                                       Qt.AlignCenter)
        self.recent_empty.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        lay.addWidget(self.recent_empty, 1)
        for _ in range(self.recent_count):
            rule = QFrame()
            rule.setObjectName("rule")
            row = QHBoxLayout()
            code = make_label("", "recentCode")
            counter = make_label("", "recentCounter", Qt.AlignRight | Qt.AlignVCenter)
            row.addWidget(code)
            row.addStretch()
            row.addWidget(counter)
            lay.addWidget(rule)
            lay.addLayout(row)
            self.recent_rows.append((code, counter, rule))
        lay.addStretch(0)
        return panel

    # --- feeding ---------------------------------------------------------------------------
    def tick(self) -> None:
        local = self._now().astimezone(self._tz)
        self.clock_label.setText(format_time(local, "id"))
        self.date_label.setText(format_date(local.date(), "id"))

    def set_offline(self, offline: bool, since: datetime | None = None) -> None:
        """The red banner while the queue server cannot be reached; the rest stays as it was."""
        if offline:      # hide first, then show: the window never asks for more height
            self.marquee.setVisible(False)
        self.offline_banner.set_offline(offline, since, self._tz)
        if not offline:
            self.marquee.setVisible(bool(self.marquee.text()))

    def is_offline(self) -> bool:
        return self.offline_banner.isVisibleTo(self)

    def show_call(self, code: str, counter_label: str, service_name: str = "",
                  flash: bool = True, recall: bool = False) -> None:
        """Put a call in the big display; it flashes for `flash_seconds`."""
        self.hero_caption.setText("PANGGILAN ULANG" if recall else "NOMOR ANTREAN")
        self.hero_number.setText(code)
        self.hero_counter.setText(counter_label.upper())
        self.hero_service.setText(service_name)
        self._set_hero_idle(False)
        if flash and self.flash_seconds > 0:
            self._flash_left = max(1, int(self.flash_seconds * 1000 / self._flash_timer.interval()))
            self._flash_left += self._flash_left % 2   # end on the calm colours
            self._set_hero_style(True)
            self._flash_timer.start()

    def _set_hero_idle(self, idle: bool) -> None:
        for w in (self.hero_idle, self.hero_idle_sub):
            w.setVisible(idle)
        for w in (self.hero_number, self.hero_to, self.hero_counter, self.hero_service):
            w.setVisible(not idle)

    def current_call(self) -> str:
        return self.hero_number.text()

    def is_flashing(self) -> bool:
        return self._flash_timer.isActive()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._set_hero_style(False)
            return
        self._set_hero_style(self._flash_left % 2 == 0)

    def _set_hero_style(self, bright: bool) -> None:
        if bright:
            self.hero.setStyleSheet(
                f"#panel {{ background: {YELLOW}; border-color: {WHITE}; }}"
                f"#panel QLabel {{ color: {NAVY}; }}")
        else:
            self.hero.setStyleSheet(f"#panel {{ border-color: {YELLOW}; }}")

    def set_recent(self, calls: list[tuple[str, str]]) -> None:
        """Earlier calls, newest first: [(code, counter label)]."""
        calls = calls[:self.recent_count]
        self.recent_empty.setVisible(not calls)
        for i, (code_lab, counter_lab, rule) in enumerate(self.recent_rows):
            shown = i < len(calls)
            for w in (code_lab, counter_lab, rule):
                w.setVisible(shown)
            code_lab.setText(calls[i][0] if shown else "")
            counter_lab.setText(calls[i][1] if shown else "")

    def recent_codes(self) -> list[str]:
        return [c.text() for c, _, _ in self.recent_rows if c.isVisibleTo(self) and c.text()]

    def set_counters(self, counters: list[CounterState]) -> None:
        names = [c.name for c in counters]
        if names != list(self.cards):
            self._rebuild_cards(counters)
        for c in counters:
            self.cards[c.name].set_state(c)

    def _rebuild_cards(self, counters: list[CounterState]) -> None:
        for card in self.cards.values():
            self.counter_grid.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        per_row = min(6, max(1, len(counters))) if len(counters) <= 6 else (len(counters) + 1) // 2
        for i, c in enumerate(counters):
            card = CounterCard(c.label)
            card.setMinimumHeight(178 if len(counters) <= per_row else 130)
            self.cards[c.name] = card
            self.counter_grid.addWidget(card, i // per_row, i % per_row)

    def set_queues(self, queues: list[ServiceQueue]) -> None:
        if [q.prefix for q in queues] == list(getattr(self, "queue_counts", {})):
            for q in queues:
                self.queue_counts[q.prefix].setText(str(q.waiting))
            return
        while self.queue_row.count():
            item = self.queue_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.queue_counts: dict[str, QLabel] = {}
        if queues:
            self.queue_row.addWidget(make_label("MENUNGGU\nWaiting", "queueCaption"))
        for q in queues:
            chip = QFrame()
            chip.setObjectName("queueChip")
            chip.setFixedHeight(84)
            lay = QHBoxLayout(chip)
            lay.setContentsMargins(14, 10, 18, 10)
            lay.setSpacing(14)
            lay.addWidget(make_label(q.prefix, "queuePrefix", Qt.AlignCenter))
            name = TwoLineLabel(q.name_id, "queueName", px=20)
            lay.addWidget(name, 1)
            count = make_label(str(q.waiting), "queueCount", Qt.AlignRight | Qt.AlignVCenter)
            lay.addWidget(count)
            self.queue_counts[q.prefix] = count
            self.queue_row.addWidget(chip, 1)
