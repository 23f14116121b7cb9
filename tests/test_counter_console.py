"""The counter console driven like an officer would: buttons, keys, dialogs, the timer, the side
panel. The login is tests/test_counter_login.py; other processes, tests/test_counter_live.py."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListWidget, QPushButton

from counter.console.availability import ACTIONS, availability, waiting_for_counter
from counter.console.dialogs import CallNumberDialog, PauseDialog, TransferDialog
from counter.console.local_settings import LocalSettings
from counter.console.panels import format_elapsed, timer_level
from counter.console.window import ConsoleWindow
from counter.style import NUMBER_PX
from shared.domain import CounterStatus, TicketStatus
from tests.console_helpers import (SITI, click, event_types, settings,  # noqa: F401 (a fixture)
                                   show_active)

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent
KEYS = {a: getattr(Qt.Key, f"Key_F{i}") for i, a in enumerate(ACTIONS, start=1)}


@pytest.fixture
def console(qtbot, service, clock, settings):
    """Siti's console at Loket 1 (ktp), following the store, on the manual clock."""
    def make(counter="1", officer="siti", **kw):
        service.open_counter(counter, officer)
        user = dict(SITI, username=officer)
        return show_active(qtbot, ConsoleWindow(service, counter, user, settings,
                                                now=clock.now, **kw))
    return make


def press(qtbot, window, action, via):
    if via == "button":
        qtbot.mouseClick(window.buttons[action], Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(window, KEYS[action])


# --- actions by button and by key ------------------------------------------------------------
def drive_dialog(qtbot, window, action):
    """Fill the dialog the action opened and click OK."""
    dlg = window.dialog
    assert dlg is not None and dlg.isVisible()
    if action == "transfer":
        assert isinstance(dlg, TransferDialog)
        services = dlg.findChild(QListWidget, "services")
        codes = [services.item(i).data(Qt.ItemDataRole.UserRole) for i in range(services.count())]
        assert "ktp" not in codes and "kk" in codes      # not the ticket's own service
        services.setCurrentRow(codes.index("kk"))
    elif action == "call_number":
        assert isinstance(dlg, CallNumberDialog)
        waiting = dlg.findChild(QListWidget, "waiting")
        assert [waiting.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(waiting.count())] == ["A-001", "A-002"]
        qtbot.keyClicks(dlg.findChild(QLineEdit, "code"), "a2")
    elif action == "pause":
        assert isinstance(dlg, PauseDialog)
        box = dlg.findChild(QComboBox, "reason")
        assert [box.itemText(i) for i in range(3)] == ["Salat", "Makan siang", "Rapat"]
        box.setEditText("Antar berkas ke arsip")         # free text
    click(qtbot, dlg.findChild(QPushButton, "ok"))
    qtbot.waitUntil(lambda: window.dialog is None)


PREPARE = {  # what has happened at Loket 1 before the action
    "call_next": [], "call_number": [], "pause": [],
    "recall": ["call_next"], "start": ["call_next"], "no_show": ["call_next"],
    "transfer": ["call_next"], "finish": ["call_next", "start"],
}


@pytest.mark.parametrize("via", ["button", "key"])
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_changes_the_store(qtbot, service, console, action, via):
    service.issue("ktp")
    service.issue("ktp")
    for step in PREPARE[action]:
        getattr(service, step)("1")
    window = console()
    seq = service.last_event_seq()
    press(qtbot, window, action, via)
    if action in ("transfer", "call_number", "pause"):
        drive_dialog(qtbot, window, action)
    current = service.current_ticket("1")
    a1 = service.ticket("A-001")
    expected_event = {"call_next": "called", "call_number": "called", "recall": "recalled",
                      "start": "started", "finish": "finished", "no_show": "no_show",
                      "transfer": "transferred", "pause": "paused"}[action]
    assert expected_event in event_types(service, seq)
    if action == "call_next":
        assert current.code == "A-001" and current.status == TicketStatus.CALLED
        assert current.officer == "siti"
    elif action == "call_number":
        assert current.code == "A-002" and current.status == TicketStatus.CALLED
    elif action == "recall":
        assert current.recalls == 1
    elif action == "start":
        assert current.status == TicketStatus.SERVING
    elif action == "finish":
        assert current is None and a1.status == TicketStatus.DONE
    elif action == "no_show":
        assert current is None and a1.status == TicketStatus.NO_SHOW
    elif action == "transfer":
        assert current is None and (a1.service, a1.status) == ("kk", TicketStatus.WAITING)
    elif action == "pause":
        state = service.counter_state("1")
        assert state.status == CounterStatus.PAUSED
        assert state.pause_reason == "Antar berkas ke arsip"
        assert window.buttons["pause"].text().startswith("Lanjutkan")
        press(qtbot, window, "pause", via)               # the same key resumes
        assert service.counter_state("1").status == CounterStatus.OPEN
    assert window.banner.property("kind") == "info"


def test_keypad_key_calls_next(qtbot, service, console):
    service.issue("ktp")
    window = console()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.KeypadModifier)
    assert service.current_ticket("1").code == "A-001"


def test_keys_do_nothing_while_a_dialog_is_open(qtbot, service, console):
    service.issue("ktp")
    window = console()
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert isinstance(window.dialog, PauseDialog)
    qtbot.keyClick(window.dialog, Qt.Key.Key_F1)
    assert service.current_ticket("1") is None
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert service.counter_state("1").status == CounterStatus.OPEN


def test_pause_offers_preset_reasons(qtbot, service, console):
    window = console()
    click(qtbot, window.buttons["pause"])
    box = window.dialog.findChild(QComboBox, "reason")
    box.setCurrentIndex(1)
    click(qtbot, window.dialog.findChild(QPushButton, "ok"))
    assert service.counter_state("1").pause_reason == "Makan siang"


def test_auto_start_serves_on_call_and_is_remembered(qtbot, service, console, settings):
    service.issue("ktp")
    window = console()
    window.auto_start.setChecked(True)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert service.current_ticket("1").status == TicketStatus.SERVING
    assert LocalSettings.load(settings.path).auto_start is True


# --- what is not possible, and why -------------------------------------------------------------
def reasons(window):
    return {a: (b.isEnabled(), b.toolTip()) for a, b in window.buttons.items()}


def test_disabled_actions_say_why_and_stay_disabled(qtbot, service, console):
    window = console()
    r = reasons(window)
    assert r["call_next"] == (False, "Tidak ada yang menunggu")
    for a in ("recall", "start", "finish", "no_show", "transfer"):
        assert r[a] == (False, "Belum ada tiket yang dipanggil")
    assert r["call_number"][0] and r["pause"][0]
    qtbot.keyClick(window, Qt.Key.Key_F4)                # a disabled key does nothing
    assert "finished" not in event_types(service, 0)

    service.issue("ktp")
    service.issue("ktp")
    qtbot.waitUntil(lambda: window.buttons["call_next"].isEnabled(), timeout=1000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    r = reasons(window)
    assert r["call_next"] == (False, "Selesaikan tiket A-001 dulu")
    assert r["call_number"] == (False, "Selesaikan tiket A-001 dulu")
    assert r["pause"] == (False, "Selesaikan tiket A-001 dulu")
    assert r["finish"] == (False, "Mulai layanan A-001 dulu")
    qtbot.keyClick(window, Qt.Key.Key_F1)                # still one ticket in hand
    assert service.current_ticket("1").code == "A-001"
    assert service.ticket("A-002").status == TicketStatus.WAITING
    qtbot.keyClick(window, Qt.Key.Key_F3)
    r = reasons(window)
    assert r["recall"] == (False, "Tiket A-001 sedang dilayani")
    assert r["no_show"] == (False, "Tiket A-001 sedang dilayani")
    assert r["finish"][0] and r["transfer"][0]


def test_paused_counter_disables_everything_but_resume(qtbot, service, console):
    service.issue("ktp")
    window = console()
    service.pause("1", "Salat")                          # e.g. from the CLI
    qtbot.waitUntil(lambda: not window.buttons["call_next"].isEnabled(), timeout=1000)
    r = reasons(window)
    for a in ACTIONS:
        if a != "pause":
            assert r[a] == (False, "Loket sedang istirahat")
    assert window.buttons["pause"].isEnabled()
    assert "Salat" in window.ticket_panel.paused.text()


def test_recall_limit_is_explained(qtbot, service, console):
    service.issue("ktp")
    service.call_next("1")
    for _ in range(service.config.recall.max_recalls):
        service.recall("1")
    window = console()
    enabled, why = reasons(window)["recall"]
    assert not enabled and "batas 3" in why


def test_takeover_elsewhere_disables_this_console(qtbot, service, console):
    window = console()
    service.open_counter("1", "budi", takeover=True)
    qtbot.waitUntil(lambda: not window.buttons["pause"].isEnabled(), timeout=1000)
    assert "budi" in window.buttons["call_next"].toolTip()


def test_availability_rules_without_a_window(service):
    service.issue("ktp", "lansia")
    service.open_counter("5", "dewi")
    state = service.counter_state("5")
    assert waiting_for_counter(state, service.queues()) == 1   # the priority counter sees 1
    service.issue("ktp")
    assert waiting_for_counter(state, service.queues()) == 1
    ok = availability(state, "dewi", 1, 3)
    assert ok["call_next"].enabled and ok["call_number"].enabled
    assert availability(state, "siti", 1, 3)["call_next"].reason("en").startswith(
        "This counter is now used by dewi")


# --- errors -------------------------------------------------------------------------------------
def test_a_refused_action_shows_the_reason_not_a_traceback(qtbot, service, console):
    service.issue("ktp")
    window = console(follow=False)                       # a stale screen
    assert window.buttons["call_next"].isEnabled()
    service.open_counter("2", "budi")
    service.call_next("2")                               # another counter takes the only ticket
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.banner.isVisible() and window.banner.property("kind") == "error"
    assert "Tidak ada antrean untuk Loket 1" in window.banner.text()
    assert not window.buttons["call_next"].isEnabled()   # and the screen caught up


def test_an_unexpected_error_is_logged_and_shown_plainly(qtbot, service, console, monkeypatch,
                                                         caplog):
    service.issue("ktp")
    window = console()

    def broken(*a, **kw):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(service, "call_next", broken)
    with caplog.at_level(logging.ERROR):
        qtbot.keyClick(window, Qt.Key.Key_F1)
    assert "kesalahan tak terduga" in window.banner.text()
    assert "disk on fire" not in window.banner.text()
    assert any("disk on fire" in (r.exc_text or "") for r in caplog.records)


def test_logout_is_refused_while_holding_a_ticket(qtbot, service, console):
    service.issue("ktp")
    window = console()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    with qtbot.assertNotEmitted(window.logged_out):
        click(qtbot, window.logout_button)
    assert "masih memegang tiket A-001" in window.banner.text()
    assert service.counter_state("1").status == CounterStatus.OPEN
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    with qtbot.waitSignal(window.logged_out, timeout=1000):
        click(qtbot, window.logout_button)
    assert service.counter_state("1").status == CounterStatus.CLOSED


# --- the timer ----------------------------------------------------------------------------------
def test_timer_turns_amber_at_80_and_red_at_100_percent(qtbot, service, console, clock):
    service.issue("ktp")                                 # target_service_min = 10
    window = console()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    clock.advance(minutes=2)
    assert window.tick() == "normal"
    assert window.ticket_panel.timer_caption.text() == "sejak dipanggil"
    qtbot.keyClick(window, Qt.Key.Key_F3)                # the timer restarts at the start
    assert window.ticket_panel.timer_caption.text() == "sejak mulai dilayani"
    clock.advance(minutes=7, seconds=59)
    assert window.tick() == "normal"
    assert window.ticket_panel.timer.text() == "07:59"
    clock.advance(seconds=1)
    assert window.tick() == "amber"
    assert window.ticket_panel.timer.property("level") == "amber"
    clock.advance(minutes=2)
    assert window.tick() == "red"
    assert window.ticket_panel.timer.property("level") == "red"
    assert window.ticket_panel.timer.text() == "10:00"


@pytest.mark.parametrize("minutes, target, level", [
    (0, 10, "normal"), (7.99, 10, "normal"), (8, 10, "amber"), (9.99, 10, "amber"),
    (10, 10, "red"), (30, 20, "red"), (5, None, "normal")])
def test_timer_level_table(minutes, target, level):
    assert timer_level(minutes, target) == level


def test_elapsed_format():
    assert format_elapsed(65) == "01:05"
    assert format_elapsed(3725) == "1:02:05"


# --- the side panel, language, size --------------------------------------------------------------
def test_side_panel_shows_waiting_longest_wait_and_the_day(qtbot, service, console, clock):
    service.issue("ktp")
    service.issue("kia")
    service.issue("kia")
    window = console(counter="2")
    side = window.side_panel
    assert side.waiting_labels["ktp"].text() == "1" and side.waiting_labels["kia"].text() == "2"
    clock.advance(minutes=12)
    window.refresh()
    assert side.longest.text() == "Menunggu paling lama: 12 mnt"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    clock.advance(minutes=6)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert side.served.text() == "Dilayani: 1"
    assert side.average.text() == "Rata-rata layanan: 6 mnt (standar 10 mnt)"
    assert side.within.text() == "Sesuai standar: 1 dari 1"


def test_english_toggle_translates_and_is_remembered(qtbot, service, console, settings):
    window = console()
    click(qtbot, window.language_button)
    assert window.buttons["call_next"].text() == "Call next\nF1"
    assert window.buttons["call_next"].toolTip() == "Nobody is waiting"
    assert window.logout_button.text() == "Log out"
    assert LocalSettings.load(settings.path).language == "en"
    click(qtbot, window.language_button)
    assert window.buttons["call_next"].text() == "Panggil berikutnya\nF1"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_console_fits_without_clipping(qtbot, service, console, size):
    service.issue("ktp", "lansia")
    service.call_next("1")
    window = console()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= size[0]
    assert window.minimumSizeHint().height() <= size[1]
    number = window.ticket_panel.number
    assert number.font().pixelSize() >= 96 and NUMBER_PX >= 96
    for w in [number, window.ticket_panel.timer, *window.buttons.values()]:
        hint = w.sizeHint()
        assert hint.width() <= w.width() + 1, w.objectName()
        assert hint.height() <= w.height() + 1, w.objectName()
        pos = w.mapTo(window, w.rect().bottomRight())
        assert pos.x() <= size[0] and pos.y() <= size[1], w.objectName()


def test_screenshots_render_at_both_sizes(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    from counter.console.screenshots import render
    files = render(tmp_path)
    assert len(files) == 8
    for f in files:
        img = QImage(str(f))
        assert (img.width(), img.height()) in ((1366, 768), (1920, 1080)), f
