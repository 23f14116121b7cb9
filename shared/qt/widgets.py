"""Small Qt widgets every public screen can use: a QR code label and a live clock label."""
from __future__ import annotations

from typing import Callable

import qrcode
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel


def qr_pixmap(text: str, size: int, *, dark: str = "#000000", light: str = "#ffffff",
              border: int = 2) -> QPixmap:
    """A crisp QR code of `text`, `size` pixels square, drawn module by module (no network, no PIL)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    modules = len(matrix)
    cell = max(1, size // modules)
    side = cell * modules
    offset = (size - side) // 2   # centre what integer cells leave over
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(light))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(dark))
    for y, row in enumerate(matrix):
        for x, on in enumerate(row):
            if on:
                painter.drawRect(QRect(offset + x * cell, offset + y * cell, cell, cell))
    painter.end()
    return QPixmap.fromImage(image)


class QrLabel(QLabel):
    """Shows the QR code of a text (a status URL); redraws when the text or size changes."""

    def __init__(self, size: int = 320, parent=None):
        super().__init__(parent)
        self._text = ""
        self._size = size
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(size, size)

    def qr_text(self) -> str:
        return self._text

    def set_qr_text(self, text: str) -> None:
        self._text = text
        self._redraw()

    def set_qr_size(self, size: int) -> None:
        if size != self._size:
            self._size = size
            self.setFixedSize(size, size)
            self._redraw()

    def _redraw(self) -> None:
        if self._text:
            self.setPixmap(qr_pixmap(self._text, self._size))
        else:
            self.clear()


class ClockLabel(QLabel):
    """A label that shows `format_now()` and refreshes itself every `interval_ms` while visible."""

    def __init__(self, format_now: Callable[[], str], interval_ms: int = 1000, parent=None):
        super().__init__(parent)
        self._format_now = format_now
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def set_formatter(self, format_now: Callable[[], str]) -> None:
        self._format_now = format_now
        self.refresh()

    def refresh(self) -> None:
        text = self._format_now()
        if text != self.text():
            self.setText(text)
