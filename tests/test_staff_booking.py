"""Booking for a phone caller from the counter console, and the supervisor's "Booking" tab (a
day's bookings with their status, cancel, booked-vs-walk-in figures), driven through the real
widgets on a real SQLite store with the example office (Kartu Keluarga and Akta take bookings)."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from conftest import JAKARTA
from counter.booking.dialog import StaffBookingDialog, spoken_code
from counter.console.window import ConsoleWindow
from counter.supervisor.window import SupervisorWindow
from shared.domain import BookingStatus
from shared.qt.remote import ServiceWorker
from tests.console_helpers import SITI, click, settings, show_active  # noqa: F401 (a fixture)
from tests.test_booking_stats import MONDAY, build_booking_day

pytestmark = pytest.mark.gui
SUPERVISOR = {"username": "kepala", "full_name": "Ir. Bambang Sutrisno, M.Si.", "role": "supervisor"}


def at(h: int, m: int, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(h, m), JAKARTA)


@pytest.fixture
def console(qtbot, service, clock, settings):
    service.open_counter("3", "siti")
    return show_active(qtbot, ConsoleWindow(service, "3", SITI, settings, now=clock.now))


def slot_rows(dialog) -> list[tuple[str, bool]]:
    rows = []
    for i in range(dialog.slot_list.count()):
        item = dialog.slot_list.item(i)
        rows.append((item.text(), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)))
    return rows


def fill(qtbot, dialog, service: str, day: date, slot: datetime, name: str, contact: str):
    dialog.select(service, day)
    dialog.select_slot(slot)
    dialog.name.clear()
    dialog.contact.clear()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.contact, contact)


# --- the console --------------------------------------------------------------------------------

def test_spelling_a_code_aloud():
    assert spoken_code("K7Q4M2XA") == "ka · tujuh · ki · empat — em · dua · eks · a"
    assert spoken_code("K7Q4-M2XA", "en") == "K · 7 · Q · 4 — M · 2 · X · A"


def test_an_officer_books_for_a_phone_caller_and_reads_out_the_code(qtbot, console, service):
    assert console.booking_button.isVisible()
    assert console.booking_button.text() == "☎ Booking telepon"
    click(qtbot, console.booking_button)
    dialog = console.dialog
    assert isinstance(dialog, StaffBookingDialog) and dialog.isVisible()
    assert [dialog.service.itemData(i) for i in range(dialog.service.count())] == ["kk", "akta"]
    assert dialog.contact_label.text() == "Nomor HP atau NIK"     # kk: identity "either"
    assert dialog.day.count() == 8                                  # today and 7 days ahead
    tuesday = date(2026, 11, 24)
    dialog.select("kk", tuesday)
    rows = slot_rows(dialog)
    assert rows[0] == ("07.30–08.00   sisa 3 dari 3", True)
    fill(qtbot, dialog, "kk", tuesday, at(9, 0, tuesday), "Ibu Sri Wahyuni", "0812-3456-7890")
    assert dialog.book_button.isEnabled()
    with qtbot.waitSignal(dialog.booked, timeout=2000) as booked:
        click(qtbot, dialog.book_button)
    b = booked.args[0]
    stored = service.booking(b.code)
    assert stored.created_by == "siti" and stored.name == "Ibu Sri Wahyuni"
    assert stored.slot_start == at(9, 0, tuesday) and stored.status == BookingStatus.BOOKED
    assert dialog.code_label.text() == b.display_code and dialog.code_label.isVisible()
    assert dialog.spoken.text() == "Dieja: " + spoken_code(b.code)
    assert dialog.summary.text() == ("Kartu Keluarga · Selasa, 24 November 2026 pukul 09.00 WIB · "
                                     "a.n. Ibu Sri Wahyuni · 0812****7890")
    assert "pukul 08.30–09.15 WIB" in dialog.tell.text()
    assert console.banner.text().startswith(f"Booking {b.display_code} dibuat: Kartu Keluarga")
    # the next caller: the form again, the slot now has one place less
    click(qtbot, dialog.findChild(type(dialog.book_button), "again"))
    assert dialog.name.text() == "" and slot_rows(dialog)[3] == ("09.00–09.30   sisa 2 dari 3",
                                                                 True)
    click(qtbot, dialog.findChild(type(dialog.book_button), "close"))
    qtbot.waitUntil(lambda: console.dialog is None, timeout=2000)


def test_no_phone_booking_button_where_no_service_takes_bookings(qtbot, tmp_path, clock,
                                                                settings):
    from conftest import make_service
    from tests.kiosk_helpers import raw_config
    raw = raw_config()
    for s in raw["services"]:
        s.pop("booking", None)
    svc = make_service(tmp_path, raw, clock)
    try:
        svc.open_counter("3", "siti")
        window = show_active(qtbot, ConsoleWindow(svc, "3", SITI, settings, now=clock.now))
        assert not window.booking_button.isVisible()
        window.close()
    finally:
        svc.close()


def test_console_keys_rest_while_the_booking_dialog_is_open(qtbot, console, service):
    service.issue("kk")
    qtbot.waitUntil(lambda: console.availability["call_next"].enabled, timeout=2000)
    click(qtbot, console.booking_button)
    qtbot.keyClick(console, Qt.Key.Key_F1)                          # call next: not now
    assert service.current_ticket("3") is None
    console.dialog.reject()
    qtbot.waitUntil(lambda: console.dialog is None, timeout=2000)
    show_active(qtbot, console)
    qtbot.keyClick(console, Qt.Key.Key_F1)
    assert service.current_ticket("3") is not None


def test_a_refused_booking_says_why_and_keeps_the_form(qtbot, console, service):
    click(qtbot, console.booking_button)
    dialog = console.dialog
    dialog.select("akta", MONDAY)
    assert dialog.contact_label.text() == "NIK (16 angka)"
    fill(qtbot, dialog, "akta", MONDAY, at(10, 0), "Pak Joko", "3174 0157")
    click(qtbot, dialog.book_button)
    assert dialog.pages.currentIndex() == 0
    assert dialog.error.text().startswith("NIK harus 16 angka")
    assert dialog.name.text() == "Pak Joko"
    assert service.bookings(MONDAY) == []


def test_a_full_slot_and_a_closed_slot_cannot_be_chosen(qtbot, service, clock):
    for i in range(3):                                                # kk: 3 places a slot
        service.book("kk", at(10, 0), f"Penelepon {i}", f"08129999{i:04d}")
    reads = ServiceWorker(service)
    dialog = StaffBookingDialog(reads, reads, service.config, "siti", now=clock.now)
    qtbot.addWidget(dialog)
    dialog.select("kk", MONDAY)
    rows = dict(slot_rows(dialog))
    assert rows["10.00–10.30   penuh"] is False
    assert rows["08.30–09.00   sudah ditutup"] is False                # 60 min cut-off at 08.00
    assert rows["09.00–09.30   sudah ditutup"] is False
    assert rows["09.30–10.00   sisa 3 dari 3"] is True
    dialog.slot_list.setCurrentRow([r for r, _ in slot_rows(dialog)].index("10.00–10.30   penuh"))
    assert dialog.chosen_slot() is None and not dialog.book_button.isEnabled()
    dialog.select("kk", date(2026, 11, 29))                            # a Sunday: closed
    assert dialog.slot_list.count() == 0
    assert dialog.slot_note.text().startswith("Tidak ada jam layanan")


def test_english_console_gives_an_english_dialog(qtbot, console):
    console.toggle_language()
    assert console.booking_button.text() == "☎ Phone booking"
    click(qtbot, console.booking_button)
    dialog = console.dialog
    assert dialog.windowTitle() == "Booking for a phone caller"
    assert dialog.contact_label.text() == "Phone number or NIK"
    dialog.reject()


# --- the supervisor -----------------------------------------------------------------------------

@pytest.fixture
def dashboard(qtbot, tmp_path, clock):
    svc, b, akta, calls, released = build_booking_day(tmp_path, clock)
    window = SupervisorWindow(svc, SUPERVISOR, now=clock.now)
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window, svc, b
    window.shutdown()
    svc.close()


def test_the_supervisor_lists_todays_bookings_with_their_status(qtbot, dashboard):
    window, svc, b = dashboard
    view = window.bookings
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Booking"
    window.tabs.setCurrentWidget(view)
    table = view.list_model.table
    assert len(table.rows) == 6
    status = {row[1]: row[5] for row in table.texts()}
    assert status[b[1].display_code] == "Sudah check-in"
    assert status[b[4].display_code] == "Dibatalkan"
    assert status[b[5].display_code] == "Tidak hadir"
    assert view.summary.text() == ("6 booking: 1 terpesan · 3 sudah check-in · 1 tidak hadir · "
                                   "1 dibatalkan")
    figures = view.figures_model.table
    kk = next(i for i, r in enumerate(figures.rows) if r.service == "kk")
    assert figures.text(kk, figures.column("booked_median")) == "8,0"
    assert figures.text(kk, figures.column("walk_in_median")) == "20,0"
    assert figures.text(kk, figures.column("no_shows")) == "1"
    view.filter.setCurrentIndex(view.filter.findData("akta"))
    assert [r.service for r in view.list_model.table.rows] == ["akta"]


def test_the_supervisor_cancels_a_booking_after_asking(qtbot, dashboard):
    window, svc, _b = dashboard
    view = window.bookings
    akta = next(x for x in svc.bookings(MONDAY) if x.service == "akta")
    view.select_code(akta.display_code)
    assert view.cancel_button.isEnabled()
    click(qtbot, view.cancel_button)
    box = view.confirm
    assert isinstance(box, QMessageBox) and akta.display_code in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: svc.booking(akta.code).status == BookingStatus.CANCELLED, timeout=2000)
    assert view.message.text() == f"Booking {akta.display_code} dibatalkan."
    view.select_code(akta.display_code)
    assert not view.cancel_button.isEnabled()                           # only a booked one


def test_a_booking_made_elsewhere_shows_up_by_itself(qtbot, dashboard, clock):
    window, svc, _b = dashboard
    view = window.bookings
    before = len(view.list_model.table.rows)
    clock.set(at(11, 0))
    svc.book("akta", at(14, 30), "Dari ponsel", "3174015708900002")
    qtbot.waitUntil(lambda: len(view.list_model.table.rows) == before + 1, timeout=3000)


def test_the_supervisor_books_for_a_caller_too(qtbot, dashboard, clock):
    window, svc, _b = dashboard
    view = window.bookings
    clock.set(at(11, 0))
    click(qtbot, view.new_button)
    dialog = view.dialog
    fill(qtbot, dialog, "akta", MONDAY, at(14, 30), "Bu Ani", "3174015708900003")
    with qtbot.waitSignal(dialog.booked, timeout=2000) as booked:
        click(qtbot, dialog.book_button)
    assert svc.booking(booked.args[0].code).created_by == "kepala"
    assert view.message.text().startswith(f"Booking {booked.args[0].display_code} dibuat")
    dialog.accept()
    QApplication.processEvents()


def test_the_period_view_shows_booked_against_walk_in(qtbot, dashboard):
    window, svc, _b = dashboard
    period = window.period
    period.set_period("day", MONDAY)
    qtbot.waitUntil(lambda: "booking" in period.models and period.report is not None
                    and period.report.first == MONDAY, timeout=5000)
    index = period.tabs.indexOf(period.views["booking"])
    assert period.tabs.tabText(index) == "Booking vs langsung"
    period.tabs.setCurrentIndex(index)
    assert period.current_table_key() == "booking"
    table = period.models["booking"].table
    assert table.rows[0].service == "kk" and table.rows[0].bookings == 5


# --- screenshots --------------------------------------------------------------------------------

def test_screenshots_of_staff_booking(qtbot, dashboard, clock):
    from tests.conftest import screenshot_dir
    shots = screenshot_dir()
    window, svc, _b = dashboard
    clock.set(at(11, 0))
    window.tabs.setCurrentWidget(window.bookings)
    window.bookings.reload()
    QApplication.processEvents()
    window.grab().save(str(shots / "supervisor-bookings.png"))
    click(qtbot, window.bookings.new_button)
    dialog = window.bookings.dialog
    fill(qtbot, dialog, "akta", MONDAY, at(14, 30), "Bu Ani Susanti", "3174015708900003")
    QApplication.processEvents()
    dialog.grab().save(str(shots / "counter-phone-booking-form.png"))
    with qtbot.waitSignal(dialog.booked, timeout=2000):
        click(qtbot, dialog.book_button)
    QApplication.processEvents()
    dialog.grab().save(str(shots / "counter-phone-booking-code.png"))
    dialog.accept()
