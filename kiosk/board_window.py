"""The lobby display board: a view only. `kiosk.board.BoardController` feeds it.

Laid out for a 1920×1080 TV read from five metres: the call being announced very large, the
previous calls, one card per counter, the waiting count of each service, a running text, and an
optional media pane (images or a video from a folder) that gives its space back when there is none.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy,
                               QStackedLayout, QVBoxLayout, QWidget)

from shared.domain import CounterState, CounterStatus, ServiceQueue, TicketStatus
from shared.indonesian import format_date, format_time, zone_abbreviation
from shared.qt.theme import AMBER, FONT_FAMILY, GREY, NAVY, NAVY_2, PUBLIC_QSS, WHITE, YELLOW

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".mkv", ".avi", ".mov"}
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


def _label(text: str = "", name: str = "", align=Qt.AlignLeft | Qt.AlignVCenter) -> QLabel:
    lab = QLabel(text)
    if name:
        lab.setObjectName(name)
    lab.setAlignment(align)
    return lab


def _repolish(widget: QWidget) -> None:
    for w in [widget, *widget.findChildren(QWidget)]:
        w.style().unpolish(w)
        w.style().polish(w)


class FitLabel(QLabel):
    """A label whose font shrinks (never grows past `max_px`) so the text fits on one line."""

    def __init__(self, text: str = "", name: str = "", max_px: int = 100, weight: int = 800):
        super().__init__(text)
        self.setObjectName(name)
        self.max_px = max_px
        self.weight = weight
        self._px = 0
        self.setAlignment(Qt.AlignCenter)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setMinimumHeight(int(max_px * 1.08))
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(self.max_px)
        font.setWeight(QFont.Weight(self.weight))
        needed = QFontMetrics(font).horizontalAdvance(self.text() or " ")
        room = max(40, self.width() - 24)
        px = self.max_px if needed <= room else max(12, int(self.max_px * room / needed))
        if px != self._px:
            self._px = px
            self.setStyleSheet(f"font-size: {px}px;")


class TwoLineLabel(QLabel):
    """Word-wrapped text cut to two lines with an ellipsis (long service names)."""

    def __init__(self, text: str, name: str, px: int = 20):
        super().__init__()
        self.setObjectName(name)
        self.full_text = text
        self.px = px
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.setToolTip(text)
        self.setText(text)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        font = QFont(FONT_FAMILY)
        font.setPixelSize(self.px)
        fm = QFontMetrics(font)
        width = max(20, self.width() - 4)
        lines, line = [], ""
        for word in self.full_text.split():
            trial = f"{line} {word}".strip()
            if line and fm.horizontalAdvance(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        if len(lines) > 2:
            lines = [lines[0], fm.elidedText(" ".join(lines[1:]), Qt.ElideRight, width)]
        text = "\n".join(lines)
        if text != self.text():
            self.setText(text)


class Marquee(QWidget):
    """The running text along the bottom edge, moving right to left at a steady speed."""

    def __init__(self, text: str = "", speed_px_s: float = 120.0):
        super().__init__()
        self.setObjectName("marquee")
        self.setFixedHeight(66)
        self.speed = speed_px_s
        self._text = ""
        self._offset = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(16)
        self._timer.timeout.connect(self._step)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self._text = "   •   ".join(t.strip() for t in text.split("\n") if t.strip())
        self._offset = 0.0
        self.setVisible(bool(self._text))
        if self._text:
            self._clock.start()
            self._timer.start()
        else:
            self._timer.stop()

    def text(self) -> str:
        return self._text

    def _font(self) -> QFont:
        f = QFont(FONT_FAMILY)
        f.setPixelSize(32)
        f.setWeight(QFont.Weight.DemiBold)
        return f

    def _step(self) -> None:
        self._offset += self.speed * self._clock.restart() / 1000.0
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(YELLOW))
        p.setFont(self._font())
        p.setPen(QColor(NAVY))
        gap = 160
        width = QFontMetrics(p.font()).horizontalAdvance(self._text) + gap
        start = self.width() - (self._offset % (width + self.width()))
        x = start
        while x < self.width():
            p.drawText(int(x), 0, width, self.height(), Qt.AlignVCenter | Qt.AlignLeft, self._text)
            x += width
        p.end()


class MediaPane(QFrame):
    """Images (a slideshow) or videos (looped, muted) from a folder; hidden when there are none."""

    def __init__(self, folder: Path | None, interval_s: int = 10):
        super().__init__()
        self.setObjectName("media")
        self.files: list[Path] = []
        if folder and folder.is_dir():
            self.files = sorted(p for p in folder.iterdir()
                                if p.suffix.lower() in IMAGE_SUFFIXES | VIDEO_SUFFIXES)
        elif folder:
            log.warning("media folder %s does not exist: media pane hidden", folder)
        self.videos = [p for p in self.files if p.suffix.lower() in VIDEO_SUFFIXES]
        self.images = [p for p in self.files if p.suffix.lower() in IMAGE_SUFFIXES]
        self._index = -1
        self._stack = QStackedLayout(self)
        self._image = QLabel(alignment=Qt.AlignCenter)
        self._image.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self._stack.addWidget(self._image)
        self._pixmap: QPixmap | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(max(2, interval_s) * 1000)
        self._timer.timeout.connect(self.next_image)
        self.setVisible(bool(self.files))
        if self.videos:
            self._start_video()
        elif self.images:
            self.next_image()
            self._timer.start()

    def _start_video(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget
        self._video = QVideoWidget()
        self._stack.addWidget(self._video)
        self._stack.setCurrentWidget(self._video)
        self._player = QMediaPlayer(self)   # no audio output: the calls keep the room's ear
        self._player.setVideoOutput(self._video)
        self._player.setLoops(QMediaPlayer.Infinite if len(self.videos) == 1 else 1)
        self._player.mediaStatusChanged.connect(self._video_status)
        self._video_index = 0
        self._player.setSource(QUrl.fromLocalFile(str(self.videos[0])))
        self._player.play()

    def _video_status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer
        if status == QMediaPlayer.MediaStatus.EndOfMedia and len(self.videos) > 1:
            self._video_index = (self._video_index + 1) % len(self.videos)
            self._player.setSource(QUrl.fromLocalFile(str(self.videos[self._video_index])))
            self._player.play()

    def next_image(self) -> None:
        if not self.images:
            return
        self._index = (self._index + 1) % len(self.images)
        pix = QPixmap(str(self.images[self._index]))
        self._pixmap = None if pix.isNull() else pix
        self._show_pixmap()

    def _show_pixmap(self) -> None:
        if self._pixmap is not None and self.width() > 0:
            self._image.setPixmap(self._pixmap.scaled(self.size(), Qt.KeepAspectRatio,
                                                      Qt.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show_pixmap()


class CounterCard(QFrame):
    """One counter: its label, the number it has, and what it is doing."""

    def __init__(self, label: str):
        super().__init__()
        self.setObjectName("card")
        self.setProperty("state", "closed")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 12, 18, 14)
        lay.setSpacing(2)
        self.title = FitLabel(label.upper(), "cardTitle", max_px=28, weight=700)
        self.title.setMinimumHeight(36)
        self.code = _label("—", "cardCode", Qt.AlignCenter)
        self.status = _label("", "cardStatus", Qt.AlignCenter)
        lay.addWidget(self.title)
        lay.addWidget(self.code, 1)
        lay.addWidget(self.status)

    def set_state(self, c: CounterState) -> None:
        if c.status == CounterStatus.PAUSED:
            state, code = "paused", "Istirahat"
            text = c.pause_reason or "Break"
        elif c.status == CounterStatus.CLOSED:
            state, code, text = "closed", "—", "Tutup · Closed"
        elif c.current is None:
            state, code, text = "idle", "—", "Siap melayani · Open"
        elif c.current.status == TicketStatus.CALLED:
            state, code, text = "called", c.current.code, "Dipanggil · Called"
        else:
            state, code, text = "serving", c.current.code, "Sedang dilayani · Serving"
        self.code.setText(code)
        self.status.setText(text)
        if self.property("state") != state:
            self.setProperty("state", state)
            _repolish(self)


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
            img = _label(name="logo")
            img.setPixmap(pix.scaled(96, 96, Qt.KeepAspectRatio, Qt.SmoothTransformation))
            lay.addWidget(img)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addStretch()
        names.addWidget(_label(short or name, "officeName"))
        if short and short != name:
            names.addWidget(_label(name, "officeFull"))
        names.addStretch()
        lay.addLayout(names, 1)
        when = QVBoxLayout()
        when.setSpacing(0)
        clock_row = QHBoxLayout()
        clock_row.setSpacing(10)
        clock_row.addStretch()
        self.clock_label = _label("", "clock", Qt.AlignRight | Qt.AlignBottom)
        clock_row.addWidget(self.clock_label)
        clock_row.addWidget(_label(zone_abbreviation(self.tz_name), "zone",
                                   Qt.AlignLeft | Qt.AlignBottom))
        when.addStretch()
        when.addLayout(clock_row)
        self.date_label = _label("", "date", Qt.AlignRight | Qt.AlignTop)
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
        self.hero_caption = _label("NOMOR ANTREAN", "caption")
        cap.addWidget(self.hero_caption)
        cap.addStretch()
        cap.addWidget(_label("Ticket number", "captionEn", Qt.AlignRight | Qt.AlignVCenter))
        lay.addLayout(cap)
        lay.addStretch(1)
        self.hero_idle = _label("Selamat datang", "heroIdle", Qt.AlignCenter)
        self.hero_idle_sub = _label("Silakan ambil nomor antrean di anjungan\n"
                                    "Please take a number at the kiosk", "heroIdleSub",
                                    Qt.AlignCenter)
        lay.addWidget(self.hero_idle)
        lay.addSpacing(18)
        lay.addWidget(self.hero_idle_sub)
        self.hero_number = FitLabel("", "heroNumber", max_px=220)
        lay.addWidget(self.hero_number)
        self.hero_to = _label("SILAKAN MENUJU  ·  PLEASE GO TO", "heroTo", Qt.AlignCenter)
        lay.addWidget(self.hero_to)
        lay.addSpacing(6)
        self.hero_counter = FitLabel("", "heroCounter", max_px=110)
        lay.addWidget(self.hero_counter)
        lay.addStretch(1)
        self.hero_service = _label("", "heroService", Qt.AlignCenter)
        lay.addWidget(self.hero_service)
        return hero

    def _build_recent(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("panel")
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(28, 24, 28, 20)
        lay.setSpacing(6)
        lay.addWidget(_label("PANGGILAN SEBELUMNYA", "caption"))
        lay.addWidget(_label("Previous calls", "captionEn"))
        self.recent_rows: list[tuple[QLabel, QLabel, QFrame]] = []
        self.recent_empty = _label("Belum ada panggilan hari ini", "recentEmpty", Qt.AlignCenter)
        self.recent_empty.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        lay.addWidget(self.recent_empty, 1)
        for _ in range(self.recent_count):
            rule = QFrame()
            rule.setObjectName("rule")
            row = QHBoxLayout()
            code, counter = _label("", "recentCode"), _label("", "recentCounter",
                                                            Qt.AlignRight | Qt.AlignVCenter)
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
            self.queue_row.addWidget(_label("MENUNGGU\nWaiting", "queueCaption"))
        for q in queues:
            chip = QFrame()
            chip.setObjectName("queueChip")
            chip.setFixedHeight(84)
            lay = QHBoxLayout(chip)
            lay.setContentsMargins(14, 10, 18, 10)
            lay.setSpacing(14)
            lay.addWidget(_label(q.prefix, "queuePrefix", Qt.AlignCenter))
            name = TwoLineLabel(q.name_id, "queueName", px=20)
            lay.addWidget(name, 1)
            count = _label(str(q.waiting), "queueCount", Qt.AlignRight | Qt.AlignVCenter)
            lay.addWidget(count)
            self.queue_counts[q.prefix] = count
            self.queue_row.addWidget(chip, 1)
