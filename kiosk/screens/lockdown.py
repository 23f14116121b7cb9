"""Kiosk lockdown: fullscreen, the public cannot close it; an admin can, with their PIN.

The way out is hidden: five taps in the top-left corner within three seconds open a PIN pad
over the whole screen. The PIN is checked by the store (`QueueService.authenticate`, with its
lockout after five wrong PINs) and must belong to an officer with role `admin`; only then does
the kiosk close (exit code 0, so the supervisor of `antrean kiosk --keep-running` lets it be).
While engaged, the window refuses to close (Alt+F4, the window manager) and the keys that close
windows elsewhere (Escape, Alt+F4, Ctrl+Q, Ctrl+W) are swallowed.
"""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QApplication, QBoxLayout, QFrame, QGridLayout, QHBoxLayout,
                               QPushButton, QVBoxLayout, QWidget)

from shared.domain import AntreanError, AuthError
from shared.qt.theme import AMBER, GREEN, NAVY, NAVY_2, RED, TEXT_DARK, WHITE, YELLOW

from kiosk.screens.common import make_button, make_label

log = logging.getLogger(__name__)

CORNER_PX = 120        # the hidden corner: top-left, under the office name
TAPS = 5
TAPS_WITHIN_S = 3.0
PAD_IDLE_S = 30        # an open PIN pad nobody touches closes again
MAX_PIN = 12
KEY_PX = 100
CLOSING_KEYS = {(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)}

PAD_QSS = f"""
#LockCard {{ background: {WHITE}; border: 6px solid {YELLOW}; border-radius: 32px; }}
#LockCard QLabel {{ color: {TEXT_DARK}; }}
#LockTitle {{ font-size: 36px; font-weight: bold; }}
#LockTitleEn {{ font-size: 26px; color: #486581; }}
#LockPin {{ background: #eef2f7; border: 4px solid {NAVY}; border-radius: 20px; font-size: 54px;
            font-weight: bold; color: {NAVY}; padding: 4px 20px; }}
#LockPin[empty="true"] {{ color: #8da2bb; font-size: 32px; font-weight: normal; }}
#LockStatus {{ font-size: 28px; font-weight: bold; color: {TEXT_DARK}; }}
#LockStatus[tone="error"] {{ color: {RED}; }}
#LockStatus[tone="busy"] {{ color: #486581; }}
#LockCard QPushButton {{ background: {NAVY_2}; color: {WHITE}; border: 3px solid {NAVY_2};
                         border-radius: 18px; font-size: 40px; font-weight: bold; padding: 0px; }}
#LockCard QPushButton:pressed {{ background: {GREEN}; border-color: {GREEN}; }}
#LockCard QPushButton:disabled {{ background: #b8c4d3; border-color: #b8c4d3; }}
#LockCard #LockAdmin {{ background: {WHITE}; color: {NAVY}; border: 3px solid {NAVY};
                        font-size: 28px; padding: 0px 24px; }}
#LockCard #LockAdmin[selected="true"] {{ background: {NAVY}; color: {WHITE}; }}
#LockCard #LockOk {{ background: {GREEN}; border-color: {GREEN}; font-size: 32px; }}
#LockCard #LockErase {{ background: #52667f; border-color: #52667f; font-size: 30px; }}
#LockCard #LockCancel {{ background: {WHITE}; color: {TEXT_DARK}; border: 3px solid {AMBER};
                         font-size: 30px; }}
"""


def check_admin(svc, username: str, pin: str) -> dict:
    """The officer if `pin` is right and they are an admin; AuthError otherwise. On a LAN the
    kiosk's own device token is kept: the admin's session is ended and never adopted."""
    saved = (getattr(svc, "token", None), getattr(svc, "session", None))
    try:
        who = svc.authenticate(username, pin)
        if getattr(svc, "session", None) is not saved[1] and getattr(svc, "adopt_login", False):
            try:
                svc.logout()
            except AntreanError:
                log.warning("could not end the admin's session on the server")
    finally:
        if hasattr(svc, "token"):
            svc.token, svc.session = saved
    if who.get("role") != "admin":
        raise AuthError("Hanya admin yang dapat menutup anjungan",
                        "Only an admin can close the kiosk")
    return who


class HotCorner(QWidget):
    """An invisible square in the top-left corner; `gesture` after TAPS taps within the time."""

    gesture = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("LockCorner")
        self.setGeometry(0, 0, CORNER_PX, CORNER_PX)
        self.clock = time.monotonic
        self._taps: list[float] = []

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        now = self.clock()
        self._taps = [t for t in self._taps if now - t <= TAPS_WITHIN_S] + [now]
        if len(self._taps) >= TAPS:
            self._taps = []
            self.gesture.emit()
        event.accept()


class PinPad(QWidget):
    """Covers the window: choose the admin, type the PIN on the keypad, *Buka kunci*."""

    submitted = Signal(str, str)    # username, pin
    cancelled = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("LockPad")
        self.setStyleSheet(PAD_QSS)
        self.pin = ""
        self.user: str | None = None
        self.admin_buttons: dict[str, QPushButton] = {}
        self.card = QFrame(self)
        self.card.setObjectName("LockCard")
        self.title = make_label("Tutup anjungan — masukkan PIN admin", "LockTitle")
        self.title_en = make_label("Close the kiosk — enter the admin PIN", "LockTitleEn")
        self.admins = QHBoxLayout()
        self.admins.setSpacing(12)
        self.pin_label = make_label("", "LockPin", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.pin_label.setMinimumHeight(KEY_PX)
        self.status = make_label("", "LockStatus")
        self.status.setMinimumHeight(84)   # two lines (Indonesian, English) without a jump
        self.cancel_button = make_button("Batal · Cancel", "LockCancel", KEY_PX)
        self.cancel_button.clicked.connect(self.cancel)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, key in enumerate("123456789E0K"):
            label = {"E": "⌫", "K": "Buka\nkunci"}.get(key, key)
            name = {"E": "LockErase", "K": "LockOk"}.get(key, "LockKey")
            button = make_button(label, name, KEY_PX)
            button.setMinimumWidth(KEY_PX + 40)
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            self.keys[key] = button
            grid.addWidget(button, i // 3, i % 3)
        self.left = QVBoxLayout()
        self.left.setSpacing(18)
        for widget in (self.title, self.title_en):
            self.left.addWidget(widget)
        self.left.addLayout(self.admins)
        self.left.addWidget(self.pin_label)
        self.left.addWidget(self.status)
        self.left.addStretch(1)
        self.left.addWidget(self.cancel_button)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.card)
        self.body.setContentsMargins(48, 40, 48, 40)
        self.body.setSpacing(32)
        self.body.addLayout(self.left, 1)
        self.body.addLayout(grid)
        self.idle = QTimer(self, singleShot=True, interval=PAD_IDLE_S * 1000)
        self.idle.timeout.connect(self.cancel)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        area = self.parentWidget().rect()
        self.setGeometry(area)
        portrait = area.height() > area.width()
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        # portrait: the keypad under the PIN, and *Batal* last, at the bottom of the card
        for layout in (self.left, self.body):
            layout.removeWidget(self.cancel_button)
        (self.body if portrait else self.left).addWidget(self.cancel_button)
        width = min(area.width() - 80, 900 if portrait else 1400)
        self.card.setFixedWidth(max(400, width))
        self.card.adjustSize()
        self.card.move((area.width() - self.card.width()) // 2,
                       max(20, (area.height() - self.card.height()) // 2))

    def open(self, admins: list[tuple[str, str]]) -> None:
        """Show the pad for these admins (username, full name); the first is chosen."""
        while self.admins.count():
            item = self.admins.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.admin_buttons = {}
        for username, full_name in admins:
            button = make_button(full_name or username, "LockAdmin", 80)
            button.clicked.connect(lambda _=False, u=username: self.choose(u))
            self.admin_buttons[username] = button
            self.admins.addWidget(button)
        self.pin = ""
        self.choose(admins[0][0] if admins else None)
        if admins:
            self.say("", "")
        else:
            self.say("Belum ada admin di konfigurasi kantor (officers, role = \"admin\")",
                     "No admin in the office configuration (officers, role = \"admin\")", "error")
        self.set_busy(False)
        self._show_pin()
        self._fit()
        self.show()
        self.raise_()
        self.idle.start()

    def choose(self, username: str | None) -> None:
        self.user = username
        for name, button in self.admin_buttons.items():
            button.setProperty("selected", name == username)
            button.style().unpolish(button)
            button.style().polish(button)

    def _key(self, key: str) -> None:
        self.idle.start()
        if key == "E":
            self.pin = self.pin[:-1]
        elif key == "K":
            if self.user and self.pin:
                self.set_busy(True)
                self.say("Memeriksa PIN…", "Checking the PIN…", "busy")
                self.submitted.emit(self.user, self.pin)
            return
        elif len(self.pin) < MAX_PIN:
            self.pin += key
        self._show_pin()

    def _show_pin(self) -> None:
        self.pin_label.setProperty("empty", not self.pin)
        self.pin_label.setText("●" * len(self.pin) if self.pin else "PIN")
        self.pin_label.style().unpolish(self.pin_label)
        self.pin_label.style().polish(self.pin_label)
        self.keys["K"].setEnabled(bool(self.pin and self.user))

    def say(self, text_id: str, text_en: str, tone: str = "") -> None:
        self.status.setText(f"{text_id}\n{text_en}" if text_id else "")
        self.status.setProperty("tone", tone)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def set_busy(self, busy: bool) -> None:
        for button in list(self.keys.values()) + list(self.admin_buttons.values()):
            button.setEnabled(not busy)
        if not busy:
            self.keys["K"].setEnabled(bool(self.pin and self.user))

    def refuse(self, text_id: str, text_en: str) -> None:
        """A wrong PIN (or a refusal): say so, clear the PIN, stay open."""
        self.pin = ""
        self.set_busy(False)
        self._show_pin()
        self.say(text_id, text_en, "error")
        self.idle.start()

    def cancel(self) -> None:
        self.idle.stop()
        self.pin = ""
        if self.isVisible():
            self.hide()
            self.cancelled.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 — taps beside the card do nothing
        event.accept()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(4, 14, 30, 215))
        painter.end()


class Lockdown(QObject):
    """The kiosk window's lock. `engage()` (fullscreen) makes `holds()` true until an admin's
    PIN; `unlocked(username)` then tells the window to close."""

    unlocked = Signal(str)

    def __init__(self, window: QWidget, worker, config):
        super().__init__(window)
        self.window = window
        self.worker = worker           # the kiosk's ServiceWorker: off the GUI thread on a LAN
        self.config = config           # callable: the office config now
        self.engaged = False
        self.released = False
        self.corner = HotCorner(window)
        self.pad = PinPad(window)
        self.corner.gesture.connect(self.open_pad)
        self.pad.submitted.connect(self._check)

    def engage(self) -> None:
        self.engaged = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            # the PC shutting down or the user logging out must not wait for an admin's PIN
            app.commitDataRequest.connect(lambda _manager: self.release())

    def holds(self) -> bool:
        return self.engaged and not self.released

    def release(self) -> None:
        """Let the window close (an admin's PIN, the session ending, a deliberate quit): Qt's
        quit() closes the windows first and stops if one refuses."""
        self.released = True

    def admins(self) -> list[tuple[str, str]]:
        return [(o.username, o.full_name) for o in self.config().officers
                if o.role == "admin" and getattr(o, "active", True)]

    def open_pad(self) -> None:
        log.info("kiosk lock: PIN pad opened (corner gesture)")
        self.pad.open(self.admins())

    def _check(self, username: str, pin: str) -> None:
        self.worker.submit(lambda svc: check_admin(svc, username, pin),
                           self._accepted, self._refused)

    def _accepted(self, who: dict) -> None:
        log.warning("kiosk lock: opened by admin %s; the kiosk closes", who.get("username"))
        self.release()
        self.pad.cancel()
        self.unlocked.emit(who.get("username", ""))

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, AntreanError):
            log.warning("kiosk lock: PIN refused: %s", exc.message_en)
            self.pad.refuse(exc.message, exc.message_en or exc.message)
        else:
            log.error("kiosk lock: PIN check failed", exc_info=exc)
            self.pad.refuse("PIN tidak dapat diperiksa sekarang, silakan coba lagi",
                            "The PIN cannot be checked now, please try again")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.holds() and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (Qt.Key(event.key()), mods) in CLOSING_KEYS:
                event.accept()
                return True     # nothing in the kiosk may act on a closing key
        return False

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.pad.idle.stop()
