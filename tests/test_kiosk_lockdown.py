"""Kiosk lockdown through the real window: closing and closing keys are refused, five taps in
the top-left corner open the PIN pad, a wrong PIN keeps the kiosk locked, an admin's closes it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut

from kiosk.screens.lockdown import CORNER_PX, check_admin
from kiosk.screens.window import KioskWindow
from shared.domain import AuthError
from shared.server.testing import asgi_service, device_token
from tests.conftest import screenshot_dir

pytestmark = pytest.mark.gui
ADMIN_PIN = "2468"


def open_locked(qtbot, service, portrait=False) -> KioskWindow:
    window = KioskWindow(service)
    qtbot.addWidget(window)
    window.set_portrait(portrait)
    window.resize(*((1080, 1920) if portrait else (1920, 1080)))
    window.show()
    qtbot.waitExposed(window)
    window.lockdown.engage()
    return window


@pytest.fixture
def locked(qtbot, service):
    service.set_pin("admin", ADMIN_PIN)
    service.set_pin("siti", "1357")
    window = open_locked(qtbot, service)
    yield window
    window.lockdown.release()
    window.shutdown()


def corner_taps(qtbot, window, n: int, pos=QPoint(30, 30)) -> None:
    for _ in range(n):
        qtbot.mouseClick(window.lockdown.corner, Qt.MouseButton.LeftButton, pos=pos)


def type_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["K"], Qt.MouseButton.LeftButton)


def test_the_window_refuses_to_close_while_locked(locked):
    assert locked.close() is False         # what Alt+F4 and the window manager ask for
    assert locked.isVisible() and locked.lockdown.holds()


def test_closing_keys_reach_nothing_while_locked(qtbot, locked):
    fired = []
    for text in ("Ctrl+Q", "Ctrl+W", "Escape", "Alt+F4"):
        QShortcut(QKeySequence(text), locked, activated=lambda t=text: fired.append(t))
    keys = [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
            (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
            (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)]
    for key, mod in keys:
        qtbot.keyClick(locked, key, mod)
        qtbot.keyClick(locked.scan_sink, key, mod)   # where a QR scanner's keys land
    assert fired == [] and locked.isVisible()
    locked.lockdown.release()                        # unlocked, the same keys do reach Qt
    qtbot.keyClick(locked, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["Ctrl+Q"]


def test_a_qr_scanner_still_types_while_locked(qtbot, locked):
    qtbot.keyClicks(locked.scan_sink, "abc")
    assert locked.scan_sink.text() == "abc"


def test_five_taps_in_the_corner_open_the_pin_pad(qtbot, locked):
    corner_taps(qtbot, locked, 4)
    assert not locked.lockdown.pad.isVisible()
    corner_taps(qtbot, locked, 1, pos=QPoint(CORNER_PX - 5, CORNER_PX - 5))
    pad = locked.lockdown.pad
    assert pad.isVisible() and pad.geometry() == locked.rect()
    assert list(pad.admin_buttons) == ["admin"] and pad.user == "admin"   # admins only
    assert pad.admin_buttons["admin"].text() == "Admin Sistem"
    assert not pad.keys["K"].isEnabled()                                  # no PIN yet


def test_slow_taps_or_taps_elsewhere_do_not_open_it(qtbot, locked):
    now = [100.0]
    locked.lockdown.corner.clock = lambda: now[0]
    for _ in range(5):
        corner_taps(qtbot, locked, 1)
        now[0] += 0.8                       # five taps over 3.2 s
    assert not locked.lockdown.pad.isVisible()
    for _ in range(5):                      # the office name beside the corner
        qtbot.mouseClick(locked.header, Qt.MouseButton.LeftButton, pos=QPoint(CORNER_PX + 60, 40))
    assert not locked.lockdown.pad.isVisible()


def test_a_wrong_pin_keeps_the_kiosk_locked(qtbot, locked, service):
    corner_taps(qtbot, locked, 5)
    pad = locked.lockdown.pad
    type_pin(qtbot, pad, "1111")
    assert pad.isVisible() and locked.isVisible() and locked.lockdown.holds()
    assert "Nama pengguna atau PIN salah" in pad.status.text()
    assert "Wrong username or PIN" in pad.status.text()
    assert pad.pin == "" and pad.pin_label.text() == "PIN"
    assert locked.close() is False


def test_cancel_closes_the_pad_and_stays_locked(qtbot, locked):
    corner_taps(qtbot, locked, 5)
    qtbot.mouseClick(locked.lockdown.pad.cancel_button, Qt.MouseButton.LeftButton)
    assert not locked.lockdown.pad.isVisible() and locked.lockdown.holds()
    assert locked.close() is False


def test_the_admin_pin_closes_the_kiosk(qtbot, locked, service):
    corner_taps(qtbot, locked, 5)
    pad = locked.lockdown.pad
    qtbot.mouseClick(pad.keys["9"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["E"], Qt.MouseButton.LeftButton)      # erase the slip
    assert pad.pin == ""
    type_pin(qtbot, pad, ADMIN_PIN)
    qtbot.waitUntil(lambda: not locked.isVisible(), timeout=3000)
    assert not locked.lockdown.holds()
    assert [e.officer for e in service.events_after(0) if e.type == "login"] == ["admin"]


def test_an_officer_pin_is_not_enough(service):
    service.set_pin("siti", "1357")
    with pytest.raises(AuthError) as err:
        check_admin(service, "siti", "1357")
    assert "Hanya admin" in err.value.message and "Only an admin" in err.value.message_en


def test_five_wrong_pins_lock_the_admin_out_and_the_kiosk_stays_locked(qtbot, locked):
    corner_taps(qtbot, locked, 5)
    pad = locked.lockdown.pad
    for _ in range(5):
        type_pin(qtbot, pad, "0000")
    type_pin(qtbot, pad, ADMIN_PIN)                  # even the right PIN, while locked out
    assert locked.isVisible() and locked.lockdown.holds()
    assert "menit" in pad.status.text()


def test_on_a_lan_the_admin_check_keeps_the_kiosk_token(db_path, clock, service):
    service.set_pin("admin", ADMIN_PIN)
    token = device_token(db_path, "kiosk-1", "kiosk", clock)
    with asgi_service(db_path, clock, token, adopt_login=True) as svc:
        assert check_admin(svc, "admin", ADMIN_PIN)["role"] == "admin"
        assert svc.token == token and svc.session is None
        assert svc.issue("ktp").ticket.code == "A-001"      # still the kiosk, allowed to issue
        with pytest.raises(AuthError):
            check_admin(svc, "admin", "0000")
        assert svc.token == token


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_screenshot_of_the_pin_pad(qtbot, service, portrait):
    service.set_pin("admin", ADMIN_PIN)
    window = open_locked(qtbot, service, portrait)
    try:
        corner_taps(qtbot, window, 5)
        pad = window.lockdown.pad
        type_pin(qtbot, pad, "1111")                 # the wrong-PIN message on show
        for digit in "24":
            qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
        card = pad.card.geometry()
        assert window.rect().contains(card)          # the whole card on screen
        for key in pad.keys.values():
            assert key.height() >= 96 and key.width() >= 96
        name = f"kiosk-lock-pin-{'portrait' if portrait else 'landscape'}.png"
        assert window.grab().save(str(screenshot_dir() / name))
    finally:
        window.lockdown.release()
        window.shutdown()
