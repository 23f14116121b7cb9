"""Render the counter screens to PNG for the README: `python -m counter.console.screenshots [DIR]`.

Uses a throw-away database with the example office on a fixed Monday morning, so the pictures
are the same on every run.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SIZES = ((1366, 768), (1920, 1080))
from assets import EXAMPLE_CONFIG, PROJECT_ROOT as ROOT


def _demo_service(folder: Path):
    from shared.clock import ManualClock
    from shared.config import load_config
    from shared.store.setup import init_database
    from shared.store.service import SqliteQueueService

    clock = ManualClock(datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("Asia/Jakarta")))
    path = folder / "demo.db"
    init_database(path, load_config(EXAMPLE_CONFIG))
    svc = SqliteQueueService(path, clock)
    for _ in range(14):
        svc.issue("ktp")
        clock.advance(minutes=1)
    for _ in range(5):
        svc.issue("kia")
        svc.issue("kk")
    svc.issue("ktp", "lansia")
    svc.open_counter("2", "siti")
    svc.open_counter("1", "budi")
    for _ in range(4):  # a morning of work for siti: a few tickets served
        svc.call_next("2")
        clock.advance(minutes=1)
        svc.start("2")
        clock.advance(minutes=8)
        svc.finish("2")
    svc.call_next("2")
    svc.no_show("2")
    svc.call_next("1")
    svc.start("1")
    svc.open_counter("4", "dewi")
    svc.pause("4", "Salat")
    clock.advance(minutes=3)
    return svc, clock


def _login_picture(login, config, width: int, height: int):
    """The login dialog on the navy start screen, as it opens on the counter PC."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

    from shared.qt.theme import FONT_FAMILY, NAVY, WHITE
    picture = QPixmap(width, height)
    picture.fill(QColor(NAVY))
    painter = QPainter(picture)
    painter.setPen(QColor(WHITE))
    font = QFont(FONT_FAMILY)
    font.setPixelSize(30 if width < 1600 else 38)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, int(height * 0.06), width, 60), Qt.AlignmentFlag.AlignCenter,
                     config.name)
    font.setPixelSize(18 if width < 1600 else 22)
    font.setBold(False)
    painter.setFont(font)
    painter.drawText(QRect(0, int(height * 0.06) + 56, width, 40), Qt.AlignmentFlag.AlignCenter,
                     "Sistem Antrean · Konsol Loket")
    shot = login.grab()
    painter.drawPixmap((width - shot.width()) // 2, (height - shot.height()) // 2 + 30, shot)
    painter.end()
    return picture


def _overlay(window, dialog):
    """The window with a dimmed backdrop and the dialog in the middle, as the officer sees it."""
    from PySide6.QtGui import QColor, QPainter
    picture = window.grab()
    shot = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(11, 37, 69, 110))
    x = (picture.width() - shot.width()) // 2
    y = (picture.height() - shot.height()) // 2
    painter.drawPixmap(x, y, shot)
    painter.end()
    return picture


def render(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from shared.qt.theme import STAFF_QSS

    from counter.console.window import ConsoleWindow
    from counter.console.local_settings import LocalSettings
    from counter.console.login import LoginDialog

    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(STAFF_QSS)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        svc, clock = _demo_service(Path(tmp))
        user = {"username": "siti", "full_name": "Siti Nurhaliza", "role": "officer"}
        settings = LocalSettings(path=None, counter="2")
        for width, height in SIZES:
            suffix = f"{width}x{height}"
            login = LoginDialog(svc, settings, preset_counter="2")
            login.username.setText("siti")
            login.pin.setText("1234")
            login.resize(560, 400)
            login.show()
            login.pin.setFocus()
            login.username.deselect()
            app.processEvents()
            written.append(_save(_login_picture(login, svc.config, width, height),
                                 out_dir / f"counter-login-{suffix}.png"))
            login.close()

            window = ConsoleWindow(svc, "2", user, settings, now=clock.now, follow=False)
            window.resize(width, height)
            window.show()
            app.processEvents()
            written.append(_save(window.grab(), out_dir / f"counter-idle-{suffix}.png"))

            svc.call_next("2")
            clock.advance(minutes=1)
            svc.start("2")
            clock.advance(minutes=8, seconds=25)   # 84 % of the 10-minute standard: amber
            window.refresh()
            window.tick()
            app.processEvents()
            written.append(_save(window.grab(), out_dir / f"counter-serving-{suffix}.png"))

            window.trigger("transfer")
            dialog = window.dialog
            dialog.select_service("kk")
            app.processEvents()
            written.append(_save(_overlay(window, dialog), out_dir / f"counter-transfer-{suffix}.png"))
            dialog.reject()
            svc.finish("2")
            window.close()
        svc.close()
    return written


def _save(pixmap, path: Path) -> Path:
    if not pixmap.save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "assets" / "screenshots"
    for p in render(target):
        print(p)
