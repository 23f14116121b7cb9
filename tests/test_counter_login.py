"""The counter console's login, driven like an officer would: a wrong PIN, the lockout, the
remembered counter, taking over a counter in use."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from counter.console.local_settings import LocalSettings
from counter.console.login import LoginDialog
from shared.domain import CounterStatus
from tests.console_helpers import click, event_types, settings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.gui


# --- login -------------------------------------------------------------------------------------
def login_dialog(qtbot, service, settings, username, pin, counter="1"):
    dlg = LoginDialog(service, settings, preset_counter=counter)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.findChild(QLineEdit, "username").setText(username)
    dlg.findChild(QLineEdit, "pin").setText(pin)
    return dlg


def test_login_wrong_pin_is_refused_with_a_clear_message(qtbot, service, settings):
    service.set_pin("siti", "1234")
    dlg = login_dialog(qtbot, service, settings, "siti", "9999")
    click(qtbot, dlg.sign_in_button)
    assert dlg.result() != dlg.DialogCode.Accepted
    assert dlg.message.isVisible()
    assert "PIN salah" in dlg.message.text()
    assert dlg.pin.text() == ""                          # cleared for the next try
    assert service.counter_state("1").status == CounterStatus.CLOSED
    assert "login_failed" in event_types(service, 0)


def test_pin_field_is_masked_and_digits_only(qtbot, service, settings):
    dlg = login_dialog(qtbot, service, settings, "siti", "")
    assert dlg.pin.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dlg.pin, "12ab34")
    assert dlg.pin.text() == "1234"


def test_lockout_after_five_wrong_pins_says_how_many_minutes(qtbot, service, settings, clock):
    service.set_pin("siti", "1234")
    dlg = login_dialog(qtbot, service, settings, "siti", "0000")
    for _ in range(5):
        dlg.pin.setText("0000")
        click(qtbot, dlg.sign_in_button)
    assert "dikunci" in dlg.message.text() and "5 menit" in dlg.message.text()
    dlg.pin.setText("1234")                              # even the right PIN waits
    click(qtbot, dlg.sign_in_button)
    assert "dikunci" in dlg.message.text() and "menit" in dlg.message.text()
    assert dlg.result() != dlg.DialogCode.Accepted
    clock.advance(minutes=5, seconds=1)
    dlg.pin.setText("1234")
    click(qtbot, dlg.sign_in_button)
    assert dlg.result() == dlg.DialogCode.Accepted


def test_login_success_opens_the_counter_and_remembers_it(qtbot, service, settings):
    service.set_pin("siti", "1234")
    dlg = login_dialog(qtbot, service, settings, "Siti", "1234", counter=None)
    combo = dlg.findChild(QComboBox, "counter")
    combo.setCurrentIndex(combo.findData("3"))
    dlg.remember.setChecked(True)
    click(qtbot, dlg.sign_in_button)
    assert dlg.result() == dlg.DialogCode.Accepted
    assert (dlg.counter_name, dlg.user["username"]) == ("3", "siti")
    state = service.counter_state("3")
    assert (state.status, state.officer) == (CounterStatus.OPEN, "siti")
    assert LocalSettings.load(settings.path).counter == "3"
    again = LoginDialog(service, LocalSettings.load(settings.path))   # next start on this PC
    qtbot.addWidget(again)
    assert again.selected_counter() == "3"


def test_counter_in_use_asks_before_taking_over(qtbot, service, settings):
    service.set_pin("siti", "1234")
    service.open_counter("1", "budi")
    dlg = login_dialog(qtbot, service, settings, "siti", "1234", counter="1")
    click(qtbot, dlg.sign_in_button)
    assert dlg.result() != dlg.DialogCode.Accepted
    assert dlg.takeover_button.isVisible()
    assert "budi" in dlg.message.text() and "Ambil alih?" in dlg.message.text()
    assert service.counter_state("1").officer == "budi"  # nothing taken without a yes
    click(qtbot, dlg.takeover_button)
    assert dlg.result() == dlg.DialogCode.Accepted
    assert service.counter_state("1").officer == "siti"


def test_officer_logged_in_elsewhere_is_moved_only_when_confirmed(qtbot, service, settings):
    service.set_pin("siti", "1234")
    service.open_counter("2", "siti")
    dlg = login_dialog(qtbot, service, settings, "siti", "1234", counter="3")
    click(qtbot, dlg.sign_in_button)
    assert "Loket 2" in dlg.message.text() and dlg.takeover_button.isVisible()
    dlg.pin.setText("1")                                 # editing forgets the pending takeover
    dlg.pin.textEdited.emit("1")
    assert not dlg.takeover_button.isVisible()
    assert service.counter_state("2").officer == "siti"
    dlg.pin.setText("1234")
    click(qtbot, dlg.sign_in_button)
    click(qtbot, dlg.takeover_button)
    assert dlg.result() == dlg.DialogCode.Accepted
    assert service.counter_state("2").status == CounterStatus.CLOSED
    assert service.counter_state("3").officer == "siti"
