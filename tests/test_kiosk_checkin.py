"""Checking in a booking at the kiosk, driven through the real widgets on a real SQLite store
with the example office (Kartu Keluarga and Akta take bookings): a USB scanner's key events on the idle,
start and check-in screens, the on-screen keyboard, the priority question, the slip, every
refusal in both languages, and screenshots."""
from __future__ import annotations

import time as wall
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from conftest import JAKARTA, make_service
from kiosk.screens.checkin_flow import SCAN_GAP_S
from kiosk.screens.keyboard import ERASE
from shared.domain import BookingStatus, PriorityGroup
from shared.receipt import build_receipt
from tests.kiosk_helpers import SHOTS, open_kiosk, raw_config, settle, tap

pytestmark = pytest.mark.gui

MONDAY = date(2026, 11, 23)
NIK = "3174015708900001"
PHONE = "081234567890"
BASE = "http://antrean.kantor.go.id"


def at(hour: int, minute: int, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), JAKARTA)


def book(svc, service="kk", slot=(9, 30), day=MONDAY, name="Siti Aminah"):
    contact = NIK if service == "akta" else PHONE
    return svc.book(service, at(*slot, day=day), name, contact)


@pytest.fixture
def office(tmp_path, clock):
    """The example office (asks about priority at the kiosk), a printer that records slips."""
    slips = []

    def fake_print(config, issued, lang):
        slips.append(build_receipt(config, issued, lang))
        return True
    svc = make_service(tmp_path, raw_config(printer={"kind": "network", "host": "127.0.0.1"}),
                       clock)
    svc.slips = slips
    svc.print_fn = fake_print
    yield svc
    svc.close()


@pytest.fixture
def kiosk(qtbot, office):
    window = open_kiosk(qtbot, office, print_fn=office.print_fn)
    window.activateWindow()
    yield window
    window.shutdown()


@pytest.fixture
def direct(qtbot, tmp_path, clock):
    """An office that does not ask about priority: a scan gives the ticket at once."""
    svc = make_service(tmp_path, raw_config(priority={"ask_at_kiosk": False}), clock)
    window = open_kiosk(qtbot, svc)
    window.activateWindow()
    yield window
    window.shutdown()
    svc.close()


def scan(qtbot, window, text: str) -> None:
    """What a USB scanner does: a burst of key events into whatever has the focus, then Enter."""
    target = QApplication.focusWidget() or window.scan_sink
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def booked_tickets(svc, service="kk"):
    return [t for t in svc.waiting(service) if t.booking_code]


# --- the start screen ----------------------------------------------------------------------------

def test_start_screen_offers_check_in_when_a_service_takes_bookings(kiosk):
    button = kiosk.start.checkin_button
    assert button.isVisible()
    assert button.text() == "▣  Sudah booking? Check-in di sini"
    assert button.height() >= 96 and button.width() >= 600
    kiosk.toggle_language()
    assert button.text() == "▣  Booked online? Check in here"


def test_no_check_in_button_when_no_service_takes_bookings(qtbot, tmp_path, clock):
    raw = raw_config()
    for s in raw["services"]:
        s.pop("booking", None)
    svc = make_service(tmp_path, raw, clock)
    window = open_kiosk(qtbot, svc)
    try:
        assert not window.start.checkin_button.isVisible()
        code = "K7Q4M2XA"
        scan(qtbot, window, f"{BASE}/booking/{code}")    # no booking here: a scan does nothing
        assert window.current_screen() == "start" and not window.banner.isVisible()
    finally:
        window.shutdown()
        svc.close()


# --- the scanner ---------------------------------------------------------------------------------

def test_a_scan_on_the_idle_screen_checks_in_after_the_priority_question(qtbot, kiosk, office,
                                                                         clock):
    booking = book(office)
    clock.set(at(9, 20))
    kiosk.show_screen("idle")
    assert QApplication.focusWidget() is kiosk.scan_sink     # the scanner's keys land here
    scan(qtbot, kiosk, f"{BASE}/booking/{booking.code}")
    assert kiosk.current_screen() == "priority"              # asked like a walk-in
    assert kiosk.priority.service_label.text() == f"Layanan: Kartu Keluarga · booking {booking.display_code}"
    settle(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.print_done, timeout=3000):
        tap(qtbot, kiosk.priority.group_buttons[PriorityGroup.LANSIA])
    [ticket] = booked_tickets(office)
    assert ticket.booking_code == booking.code
    assert ticket.priority_group == PriorityGroup.LANSIA
    assert office.booking(booking.code).status == BookingStatus.CHECKED_IN
    assert kiosk.current_screen() == "ticket"
    assert kiosk.ticket.number.text() == ticket.code
    assert kiosk.ticket.booking.text() == f"Booking {booking.display_code} · slot 09.30 WIB"
    assert kiosk.ticket.booking.isVisible()
    [slip] = office.slips                                     # the walk-in's printing path
    assert slip.code == ticket.code and slip.footer[0] == f"Booking {booking.display_code}"
    assert slip.priority_label == "Prioritas: Lanjut usia"


def test_a_scan_on_the_start_screen_checks_in_at_once_without_the_question(qtbot, direct, clock):
    svc = direct.service
    booking = book(svc, "akta", (10, 0))
    clock.set(at(9, 40))
    assert direct.current_screen() == "start"
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000) as issued:
        scan(qtbot, direct, booking.code.lower())            # a bare code, lower case
    ticket = issued.args[0].ticket
    assert ticket.booking_code == booking.code and ticket.priority_group is None
    assert [t.code for t in booked_tickets(svc, "akta")] == [ticket.code]
    assert direct.ticket.booking.text() == f"Booking {booking.display_code} · slot 10.00 WIB"
    # the next visitor is a walk-in: no booking line on their ticket
    settle(qtbot, direct)
    direct.show_screen("start")
    settle(qtbot, direct)
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        tap(qtbot, direct.start.tiles["akta"])
    assert not direct.ticket.booking.isVisible()


def test_a_stray_key_before_a_scan_does_not_spoil_it(qtbot, direct, clock):
    svc = direct.service
    booking = book(svc, "kk", (10, 0))
    clock.set(at(9, 45))
    qtbot.keyClicks(direct.scan_sink, "x")                   # something leaned on a key
    wall.sleep(SCAN_GAP_S + 0.1)
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        scan(qtbot, direct, f"{BASE}/booking/{booking.display_code}")
    assert len(booked_tickets(svc, "kk")) == 1


def test_a_receipt_scan_still_opens_the_survey(qtbot, kiosk, office):
    t = office.issue("ktp")
    scan(qtbot, kiosk, f"{BASE}/t/{t.ticket.token}")
    assert kiosk.current_screen() == "survey_entry"
    assert booked_tickets(office) == []


# --- the check-in screen -------------------------------------------------------------------------

def test_typing_the_code_on_the_on_screen_keyboard(qtbot, direct, clock):
    svc = direct.service
    booking = book(svc, "kk", (9, 30))
    clock.set(at(9, 15))
    tap(qtbot, direct.start.checkin_button)
    assert direct.current_screen() == "checkin"
    screen = direct.checkin
    assert screen.hint.text() == "contoh: K7Q4-M2XA"
    assert not screen.submit_button.isEnabled()
    keys = screen.keyboard.keys
    for ch in booking.display_code[:4] + "-" + "Z":          # a wrong last letter …
        tap(qtbot, keys[ch])
    tap(qtbot, keys[ERASE])                                   # … erased
    for ch in booking.code[4:]:
        tap(qtbot, keys[ch])
    assert screen.field.text() == booking.display_code
    settle(qtbot, direct)
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000) as issued:
        tap(qtbot, screen.submit_button)
    assert issued.args[0].ticket.booking_code == booking.code
    assert direct.current_screen() == "ticket"


def test_a_scan_on_the_check_in_screen_replaces_what_was_typed(qtbot, direct, clock):
    svc = direct.service
    booking = book(svc, "kk", (9, 30))
    clock.set(at(9, 20))
    tap(qtbot, direct.start.checkin_button)
    tap(qtbot, direct.checkin.keyboard.keys["A"])            # a half code on screen, then a scan
    assert QApplication.focusWidget() is direct.checkin.field
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        scan(qtbot, direct, f"{BASE}/booking/{booking.code}")
    assert len(booked_tickets(svc)) == 1


def test_the_check_in_screen_is_large_and_goes_back(qtbot, kiosk):
    tap(qtbot, kiosk.start.checkin_button)
    buttons = [b for b in kiosk.checkin.findChildren(QPushButton) if b.isVisibleTo(kiosk)]
    assert len(buttons) >= 37                                 # 26 letters, 10 digits, dash, erase …
    for b in buttons:
        assert b.height() >= 90 and b.width() >= 90, (b.text(), b.size())
    settle(qtbot, kiosk)
    tap(qtbot, kiosk.checkin.back_button)
    assert kiosk.current_screen() == "start"


def test_the_check_in_screen_and_the_booking_line_in_english(qtbot, direct, clock):
    booking = book(direct.service, "kk", (9, 30))
    clock.set(at(9, 20))
    tap(qtbot, direct.start.checkin_button)
    screen = direct.checkin
    before = {w: w.text() for w in (screen.title, screen.subtitle, screen.hint,
                                    screen.back_button, screen.submit_button)}
    direct.toggle_language()
    for widget, text in before.items():
        assert widget.text() != text, text
    assert screen.hint.text() == "example: K7Q4-M2XA"
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        scan(qtbot, direct, booking.code)
    assert direct.ticket.booking.text() == f"Booking {booking.display_code} · slot 09:30 WIB"
    direct.toggle_language()
    assert direct.ticket.booking.text() == f"Booking {booking.display_code} · slot 09.30 WIB"


# --- refusals ------------------------------------------------------------------------------------

def _refused(qtbot, window, text: str) -> str:
    with qtbot.waitSignal(window.checkin_refused, timeout=2000) as refused:
        scan(qtbot, window, text)
    assert window.banner.isVisible()
    return refused.args[0]


@pytest.mark.parametrize("case, when, title, words, next_words", [
    ("too_early", (8, 10), "Terlalu awal untuk check-in",
     ["Booking {code}: Kartu Keluarga, Senin, 23 November 2026 pukul 09.30 WIB.",
      "Check-in dibuka pukul 09.00 WIB."],
     "Silakan kembali ke anjungan ini mulai pukul 09.00 WIB, atau ambil nomor antrean biasa"),
    ("too_late", (9, 50), "Waktu check-in sudah lewat", ["Check-in ditutup pukul 09.45 WIB."],
     "Silakan ambil nomor antrean biasa"),
    ("wrong_day", (9, 20), "Booking Anda bukan untuk hari ini",
     ["Selasa, 24 November 2026 pukul 09.30 WIB"], "Silakan datang pada hari booking Anda"),
    ("cancelled", (9, 20), "Booking ini sudah dibatalkan", ["Booking {code}: Kartu Keluarga"],
     "Silakan ambil nomor antrean biasa"),
    ("already", (9, 20), "Booking ini sudah check-in", ["Nomor antrean Anda: {ticket}."],
     "Silakan tunggu sampai nomor {ticket} dipanggil"),
    ("no_show", (9, 50), "Waktu booking ini sudah habis", ["Booking {code}: Kartu Keluarga"],
     "Silakan ambil nomor antrean biasa"),
])
def test_each_refusal_says_why_and_what_to_do(qtbot, direct, clock, case, when, title, words,
                                               next_words):
    svc = direct.service
    booking = book(svc, "kk", (9, 30), day=date(2026, 11, 24) if case == "wrong_day" else MONDAY)
    ticket = ""
    if case == "cancelled":
        svc.cancel_booking(booking.code, PHONE)
    clock.set(at(*when))
    if case == "already":
        ticket = svc.check_in(booking.code).ticket.code
    if case == "no_show":
        assert svc.release_bookings() == 1
    before = [t.code for t in svc.waiting("kk")]
    tap(qtbot, direct.start.checkin_button)
    reason = _refused(qtbot, direct, booking.display_code)
    assert reason == case
    banner = direct.banner
    assert banner.title.text() == title
    for w in words:
        assert w.format(code=booking.display_code, ticket=ticket) in banner.text.text()
    assert next_words.format(ticket=ticket) in banner.extra_label.text()
    assert direct.current_screen() == "start"               # back where a walk-in starts
    assert [t.code for t in svc.waiting("kk")] == before   # nothing issued
    direct.toggle_language()                                  # English, like the rest
    assert banner.title.text() != title
    assert banner.extra_label.text().startswith("Please")


def test_unknown_code_on_the_check_in_screen_stays_for_a_correction(qtbot, direct, clock):
    svc = direct.service
    booking = book(svc, "kk", (9, 30))
    clock.set(at(9, 10))
    tap(qtbot, direct.start.checkin_button)
    wrong = "ABCD-EFGH" if booking.code != "ABCDEFGH" else "HGFE-DCBA"
    for ch in wrong:
        tap(qtbot, direct.checkin.keyboard.keys[ch])
    settle(qtbot, direct)
    with qtbot.waitSignal(direct.checkin_refused, timeout=2000) as refused:
        tap(qtbot, direct.checkin.submit_button)
    assert refused.args[0] == "unknown"
    assert direct.banner.title.text() == "Kode booking tidak dikenali"
    assert f"Kode {wrong} tidak ada dalam daftar booking." == direct.banner.text.text()
    assert "silakan ambil nomor antrean biasa" in direct.banner.extra_label.text()
    assert direct.current_screen() == "checkin"
    assert direct.checkin.field.selectedText() == wrong      # the next scan or key replaces it
    direct.banner.dismiss()
    with qtbot.waitSignal(direct.ticket_issued, timeout=2000):
        scan(qtbot, direct, booking.code)
    assert len(booked_tickets(svc)) == 1


def test_something_that_is_no_code_is_refused_without_asking_the_store(qtbot, direct):
    tap(qtbot, direct.start.checkin_button)
    seq = direct.service.last_event_seq()
    assert _refused(qtbot, direct, "halo") == "unknown"
    assert "Periksa lagi kode" in direct.banner.extra_label.text()
    assert direct.service.last_event_seq() == seq


def test_idle_time_on_the_check_in_screen_returns_to_the_idle_screen(qtbot, tmp_path, clock):
    svc = make_service(tmp_path, raw_config(kiosk={"idle_seconds": 1}), clock)
    window = open_kiosk(qtbot, svc)
    try:
        tap(qtbot, window.start.checkin_button)
        tap(qtbot, window.checkin.keyboard.keys["K"])
        qtbot.waitUntil(lambda: window.current_screen() == "idle", timeout=3000)
        tap(qtbot, window.idle)
        settle(qtbot, window)
        tap(qtbot, window.start.checkin_button)
        assert window.checkin.field.text() == ""              # nothing left for the next visitor
    finally:
        window.shutdown()
        svc.close()


# --- screenshots ---------------------------------------------------------------------------------

def _save(window, name: str, orientation: str) -> None:
    QApplication.processEvents()
    window.grab().save(str(SHOTS / f"kiosk-checkin-{name}-{orientation}.png"))


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_screenshots_of_check_in(qtbot, tmp_path, clock, orientation):
    svc = make_service(tmp_path, raw_config(printer={"kind": "network", "host": "127.0.0.1"}),
                       clock)
    for code, n in (("ktp", 7), ("kk", 3), ("akta", 2)):
        for _ in range(n):
            svc.issue(code)
    early = book(svc, "akta", (10, 30))
    on_time = book(svc, "kk", (9, 30), name="Budi Santoso")
    clock.set(at(9, 10))
    window = open_kiosk(qtbot, svc, portrait=orientation == "portrait",
                        print_fn=lambda config, issued, lang: True)
    try:
        window.refresh_queues()
        _save(window, "start", orientation)
        tap(qtbot, window.start.checkin_button)
        for ch in on_time.display_code[:6]:
            tap(qtbot, window.checkin.keyboard.keys[ch])
        _save(window, "entry", orientation)
        settle(qtbot, window)
        _refused(qtbot, window, early.code)
        _save(window, "too-early", orientation)
        window.banner.dismiss()
        settle(qtbot, window)
        scan(qtbot, window, f"{BASE}/booking/{on_time.code}")
        settle(qtbot, window)
        with qtbot.waitSignal(window.print_done, timeout=3000):
            tap(qtbot, window.priority.no_button)
        _save(window, "ticket", orientation)
    finally:
        window.shutdown()
        svc.close()

