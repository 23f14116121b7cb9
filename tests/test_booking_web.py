"""Antrean online on the phone, in real headless Chromium at 412×915 against `antrean serve` on
127.0.0.1: service → day → time → name and phone → the code, the QR and when to come; then the
booking's own page: reschedule and cancel with the phone number as proof. The store is checked
after every step; the screenshots are the README's (ANTREAN_SCREENSHOTS=assets/screenshots)."""
from __future__ import annotations

import base64
import time
from datetime import date, datetime

import pytest

from shared.domain import BookingStatus
from shared.server import ServerSettings
from shared.server.runner import ServerThread
from tests.conftest import JAKARTA, screenshot_dir
from tests.test_survey_web import Phone

W, H = 412, 915
NIK = "3174015708900123"


@pytest.fixture(scope="module")
def phone():
    b = Phone()
    yield b
    b.close()


@pytest.fixture
def live(db_path, clock, service):
    with ServerThread(ServerSettings(db_path, host="127.0.0.1", port=0, clock=clock)) as srv:
        yield srv


def shot(phone, name: str) -> None:
    time.sleep(0.35)     # smooth scrolling settles
    data = phone.send("Page.captureScreenshot", format="png")["data"]
    (screenshot_dir() / f"{name}.png").write_bytes(base64.b64decode(data))


def open_page(phone, url: str, ready: str) -> None:
    phone.js("window.__previous = true")
    phone.go(url, width=W, height=H)
    phone.wait(f"!window.__previous && ({ready})")


def has(element_id: str, text: str) -> str:
    return (f"(function(){{var e=document.getElementById({element_id!r});"
            f"return !!e && e.textContent.indexOf({text!r}) >= 0}})()")


def test_booking_from_the_phone(phone, live, service):
    open_page(phone, f"{live.url}/booking", "document.querySelectorAll('#services .choice').length")
    assert phone.text("office") == "Disdukcapil Kota Contoh"
    names = phone.js("Array.from(document.querySelectorAll('#services strong'))"
                     ".map(function(e){return e.textContent})")
    assert names == ["Kartu Keluarga", "Akta Kelahiran & Kematian"]     # ktp takes no bookings
    phone.tap("#services .choice:nth-child(1)")
    phone.wait("!document.getElementById('step-day').hidden")
    labels = phone.js("Array.from(document.querySelectorAll('#days .day'))"
                      ".map(function(e){return e.getAttribute('aria-label')})")
    assert labels[:2] == ["Senin, 23 November 2026", "Selasa, 24 November 2026"]
    assert "Sabtu, 28 November 2026" not in labels                        # closed days left out
    shot(phone, "booking-1-service-day")
    phone.tap("#days .day:nth-child(2)")
    phone.wait("document.querySelectorAll('#slots .slot').length === 13")
    assert phone.js("document.querySelector('#slots .slot:nth-child(4)').textContent") == \
        "09.003 tempat"
    phone.tap("#slots .slot:nth-child(4)")
    phone.wait("!document.getElementById('step-who').hidden")
    assert phone.text("contact-label") == "Nomor HP atau NIK"              # kk: identity either
    phone.type("#name", "Siti Aminah")
    phone.type("#contact", NIK)
    assert "Selasa, 24 November 2026, pukul 09.00 WIB" in phone.text("summary")
    phone.scroll_to("#step-slot")
    shot(phone, "booking-2-slot")
    phone.scroll_to("#step-who")
    shot(phone, "booking-3-details")
    phone.tap("#book")
    phone.wait("!document.getElementById('one').hidden")
    [b] = service.bookings(date(2026, 11, 24))
    assert (b.name, b.contact_masked, b.slot_start) == (
        "Siti Aminah", "3174********0123", datetime(2026, 11, 24, 9, tzinfo=JAKARTA))
    assert phone.text("code") == b.display_code
    assert phone.js("location.pathname") == f"/booking/{b.code}"
    phone.wait("document.getElementById('qr').complete && "
               "document.getElementById('qr').naturalWidth > 0")
    assert phone.text("come") == "Datang 30 menit sebelum, sekitar pukul 08.30 WIB"
    assert phone.text("window") == "Check-in di anjungan pukul 08.30 WIB sampai 09.15 WIB."
    assert phone.text("status") == "Terpesan"
    assert phone.text("link") == f"http://localhost:8080/booking/{b.code}"
    assert NIK not in phone.js("document.documentElement.outerHTML")
    shot(phone, "booking-4-code")
    phone.js("document.getElementById('lang').click()")
    phone.wait(has("come", "Come 30 minutes early, around 08:30 WIB"))
    assert phone.text("status") == "Booked"
    phone.js("document.getElementById('lang').click()")
    phone.wait(has("status", "Terpesan"))


def test_the_booking_page_reschedules_and_cancels_with_proof(phone, live, service, clock):
    b = service.book("kk", datetime(2026, 11, 24, 9, tzinfo=JAKARTA), "Budi", "0812 3456 7890")
    open_page(phone, f"{live.url}/booking/{b.code.lower()}", "document.getElementById('code')"
              ".textContent !== '—'")
    assert phone.text("code") == b.display_code
    assert phone.text("f-when") == "Selasa, 24 November 2026, pukul 09.00–09.30 WIB"
    assert "0812****7890" in phone.text("f-name")

    phone.tap("#move-open")
    phone.wait("document.querySelectorAll('#m-days .day').length > 2")
    phone.tap("#m-days .day:nth-child(3)")                                  # Rabu 25
    phone.wait("document.querySelectorAll('#m-slots .slot').length === 13")
    phone.tap("#m-slots .slot:nth-child(10)")                              # 13.00
    phone.type("#proof-contact", "0812 0000 0000")
    phone.tap("#proof-go")
    phone.wait("!document.getElementById('proof-error').hidden")
    assert "tidak cocok" in phone.text("proof-error")
    assert service.booking(b.code).slot_start == b.slot_start             # nothing changed
    phone.scroll_to("#proof")
    shot(phone, "booking-5-wrong-proof")
    phone.js("document.getElementById('proof-contact').value = ''")
    phone.type("#proof-contact", "+62 812 3456 7890")
    phone.tap("#proof-go")
    phone.wait(has("f-when", "Rabu, 25 November 2026"))
    moved = service.booking(b.code)
    assert (moved.slot_start, moved.reschedules) == (datetime(2026, 11, 25, 13, tzinfo=JAKARTA), 1)
    assert phone.text("come") == "Datang 30 menit sebelum, sekitar pukul 12.30 WIB"

    phone.tap("#cancel-open")
    phone.wait("!document.getElementById('proof').hidden")
    assert phone.text("proof-go") == "Ya, batalkan"
    phone.type("#proof-contact", "081234567890")
    shot(phone, "booking-6-cancel")
    phone.tap("#proof-go")
    phone.wait(has("status", "Dibatalkan"))
    assert service.booking(b.code).status == BookingStatus.CANCELLED
    assert phone.js("getComputedStyle(document.getElementById('actions')).display") == "none"
    shot(phone, "booking-7-cancelled")


def test_unknown_booking_page(phone, live):
    open_page(phone, f"{live.url}/booking/ZZZZ-ZZZZ", "!document.getElementById('error').hidden")
    assert "tidak ditemukan" in phone.text("error")
