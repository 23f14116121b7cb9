"""The report's section "Antrean online": bookings made, checked in, released as no-shows and
cancelled, and booked visitors' waits beside walk-ins' against each service's standard
(figures from `booking_stats.booking_report`, laid out with the report's styles)."""
from __future__ import annotations

from dataclasses import replace

from shared.reports.booking_stats import BookingReport
from shared.reports.pdf_style import kpi_box, pdf_table
from shared.reports.table import INT, MINUTES, SHARE, Table, format_value

PDF_BOOKING_KEYS = ("service", "bookings", "checked_in", "no_shows", "cancelled", "wait_target",
                    "booked_n", "booked_median", "booked_within", "walk_in_n", "walk_in_median",
                    "walk_in_within")
# under the group headings the columns need only a word
SHORT_TITLES = {"bookings": "Dibuat", "checked_in": "Check-in", "no_shows": "Tidak hadir",
                "cancelled": "Batal", "wait_target": "Standar", "booked_n": "Jumlah",
                "booked_median": "Median", "booked_within": "Sesuai standar",
                "walk_in_n": "Jumlah", "walk_in_median": "Median",
                "walk_in_within": "Sesuai standar"}
PDF_BOOKING_NOTE = (
    "Tiket booking = nomor yang terbit saat check-in booking di anjungan; selain itu pengunjung "
    "langsung. Tunggu pengunjung langsung = saat pertama dipanggil − saat ambil nomor; tunggu "
    "booking = saat pertama dipanggil − saat check-in atau jam slot, mana yang lebih akhir "
    "(datang lebih awal atas pilihan sendiri tidak dihitung menunggu). Booking dihitung menurut "
    "hari yang dipesan; tidak hadir = booking yang tidak check-in sampai jam slot + batas "
    "keterlambatan lalu dilepas.")


def booking_story(report: BookingReport, table: Table, st: dict, c: dict, width, font: str,
                  bold: str, number: int) -> list:
    """Section `number`: key figures, a sentence on each side, and the table per service."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph as P, Spacer
    t = report.total
    table = Table(table.name, table.title, [replace(col, title=SHORT_TITLES.get(col.key, col.title))
                                            for col in table.columns], table.rows)
    kpis = [("Booking", format_value(t.bookings, INT)),
            ("Check-in", format_value(t.checked_in, INT)),
            ("Tidak hadir (dilepas)", format_value(t.no_shows, INT)),
            ("Booking tunggu ≤ standar", format_value(t.booked_wait.within_share, SHARE)),
            ("Langsung tunggu ≤ standar", format_value(t.walk_in_wait.within_share, SHARE))]
    lines = [
        f"Untuk hari-hari periode ini dibuat <b>{format_value(t.bookings, INT)}</b> booking: "
        f"{format_value(t.checked_in, INT)} check-in, {format_value(t.no_shows, INT)} tidak hadir "
        f"({format_value(t.no_show_share, SHARE)} dari booking yang waktunya sudah lewat) dan "
        f"{format_value(t.cancelled, INT)} dibatalkan; "
        f"{format_value(t.booked_share, SHARE)} nomor antrean layanan yang menerima booking "
        "terbit lewat check-in booking.",
        f"Pengunjung booking menunggu median <b>{format_value(t.booked_wait.median, MINUTES)} "
        f"menit</b> ({format_value(t.booked_wait.within_share, SHARE)} dalam standar), pengunjung "
        f"langsung median <b>{format_value(t.walk_in_wait.median, MINUTES)} menit</b> "
        f"({format_value(t.walk_in_wait.within_share, SHARE)} dalam standar).",
    ]
    return ([CondPageBreak(70 * mm), P(f"{number}. Antrean online: booking dan pengunjung "
                                       "langsung", st["h"]), kpi_box(kpis, st, c, width),
             Spacer(1, 3 * mm)]
            + [P("• " + line, st["p"]) for line in lines]
            + [Spacer(1, 2 * mm),
               pdf_table(table, PDF_BOOKING_KEYS, st, c, width, font, bold,
                         groups=(("Booking", 1, 4), ("Tunggu booking (menit)", 6, 8),
                                 ("Tunggu langsung (menit)", 9, 11)),
                         bold_rows=[len(table.rows) - 1], first_width=0.19),
               P(PDF_BOOKING_NOTE, st["small"])])
