"""The lobby board's building blocks: self-fitting labels, the running text, the media pane and a
counter's card. `kiosk.board.window.BoardWindow` lays them out; its stylesheet dresses them.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from shared.domain import CounterState, CounterStatus, TicketStatus
from shared.qt.theme import FONT_FAMILY, NAVY, YELLOW

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".mkv", ".avi", ".mov"}


def make_label(text: str = "", name: str = "", align=Qt.AlignLeft | Qt.AlignVCenter) -> QLabel:
    """A QLabel with an object name (for the stylesheet) and an alignment."""
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
        self.code = make_label("—", "cardCode", Qt.AlignCenter)
        self.status = make_label("", "cardStatus", Qt.AlignCenter)
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

