"""Survey, step 1: which ticket? The visitor scans the receipt's QR code (the scanner types the
status URL and Enter into the focused field) or types the number on the on-screen keypad."""
from __future__ import annotations

from kiosk.screens.code_entry import CodeEntryScreen
from kiosk.screens.common import Texts
from kiosk.survey.lookup import looks_like_status_url

T = Texts({
    "title": ("Beri Penilaian atas Pelayanan Kami", "Rate our service"),
    "subtitle": ("Pindai kode QR pada struk Anda, atau ketik nomor antrean Anda",
                 "Scan the QR code on your ticket, or type your queue number"),
    "placeholder": ("Contoh: A-012", "For example: A-012"),
    "scanned": ("Kode QR terbaca", "QR code read"),
    "hint": ("Survei ini tanpa nama: jawaban Anda hanya dikaitkan dengan nomor antrean.",
             "This survey is anonymous: your answers are linked to the queue number only."),
    "back": ("‹  Kembali", "‹  Back"),
    "next": ("Lanjut  ›", "Next  ›"),
    "checking": ("Memeriksa…", "Checking…"),
})


class SurveyEntryScreen(CodeEntryScreen):
    """Emits `entered(text)` (Lanjut or the scanner's Enter) and `back()`."""

    name = "survey_entry"
    T = T

    def __init__(self, parent=None):
        super().__init__(parent)
        self.next_button = self.submit_button

    def scanned(self, text: str) -> bool:
        return looks_like_status_url(text)
