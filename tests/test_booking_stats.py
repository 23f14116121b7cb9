"""Booked vs walk-in waits against the standard, on a real SQLite day built through the real
service methods (book, issue, check in, call, finish, cancel, release): the figures, the table
on the screen, the XLSX sheet, the PDF section and `antrean report --json`."""
from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import JAKARTA, make_service
from shared.cli.main import main as cli_main
from shared.reports.booking_stats import booking_list_table, booking_report, booking_summary
from shared.reports.stats import period_report
from shared.reports.tables import XLSX_HEADER_ROW, period_tables, write_pdf, write_xlsx
from tests.kiosk_helpers import raw_config

MONDAY = date(2026, 11, 23)


def at(h: int, m: int) -> datetime:
    return datetime.combine(MONDAY, time(h, m), JAKARTA)


def phone(n: int) -> str:
    return f"08123456{n:04d}"


def build_booking_day(tmp_path, clock):
    """Kartu Keluarga (standard wait 30 min) on Monday 23 November 2026 at Loket 3:

    walk-ins W1 08.00 (called 08.20: 20 min), W2 08.05 (09.10: 65), W3 09.20 (09.25: 5);
    bookings B1 09.30 checked in early 09.05 (called 09.35: 5 from the slot), B2 09.30 checked in
    late 09.42 (09.50: 8 from check-in), B3 10.00 checked in 10.05 (10.50: 45 from check-in), B4 10.00
    cancelled, B5 10.30 never came (released at 10.50). Akta: one booking, still ahead."""
    svc = make_service(tmp_path, raw_config(), clock)
    clock.set(at(8, 0))
    b = {i: svc.book("kk", at(*slot), f"Pengunjung {i}", phone(i))
         for i, slot in ((1, (9, 30)), (2, (9, 30)), (3, (10, 0)), (4, (10, 0)), (5, (10, 30)))}
    akta = svc.book("akta", at(14, 0), "Rina", "3174015708900001")
    walk_ins = [svc.issue("kk").ticket.code]                   # W1
    clock.set(at(8, 5))
    walk_ins.append(svc.issue("kk").ticket.code)               # W2
    svc.open_counter("3", "budi")

    def serve(call: tuple[int, int], done: tuple[int, int]) -> str:
        clock.set(at(*call))
        code = svc.call_next("3", "budi").code
        svc.start("3")
        clock.set(at(*done))
        svc.finish("3")
        return code

    calls = [serve((8, 20), (8, 30))]                          # W1
    clock.set(at(9, 5))
    svc.check_in(b[1].code)
    calls.append(serve((9, 10), (9, 20)))                      # W2, taken before B1's slot
    clock.set(at(9, 20))
    walk_ins.append(svc.issue("kk").ticket.code)               # W3
    calls.append(serve((9, 25), (9, 28)))                      # W3: 09.20 comes before 09.30
    calls.append(serve((9, 35), (9, 40)))                      # B1
    clock.set(at(9, 42))
    svc.check_in(b[2].code)                                    # late: queued at 09.42
    calls.append(serve((9, 50), (9, 55)))                      # B2
    clock.set(at(9, 56))
    svc.cancel_booking(b[4].code)                              # staff: no proof needed
    clock.set(at(10, 5))
    svc.check_in(b[3].code)
    calls.append(serve((10, 50), (11, 0)))                     # B3
    released = svc.release_bookings()                          # B5: 10.30 + 15 min passed
    svc.walk_ins = walk_ins
    return svc, b, akta, calls, released


@pytest.fixture
def day(tmp_path, clock):
    svc, b, akta, calls, released = build_booking_day(tmp_path, clock)
    yield svc, b, akta, calls, released
    svc.close()


def test_the_day_went_as_built(day):
    svc, b, _akta, calls, released = day
    assert released == 1
    booked_codes = [svc.booking(b[i].code).ticket_code for i in (1, 2, 3)]
    w1, w2, w3 = svc.walk_ins
    assert calls == [w1, w2, w3, *booked_codes]     # B1 (checked in at 09.05) after W3 (09.20)
    assert booked_codes[0] == "B-003" and w3 == "B-004"


def test_booked_and_walk_in_waits_against_the_standard(day):
    svc, *_ = day
    report = booking_report(svc._conn, svc.config, MONDAY, MONDAY)
    assert [s.service for s in report.services] == ["kk", "akta"]
    kk = report.services[0]
    assert (kk.bookings, kk.checked_in, kk.no_shows, kk.cancelled, kk.still_booked) == (5, 3, 1, 1, 0)
    assert (kk.booked_issued, kk.walk_in_issued, kk.booked_share) == (3, 3, 0.5)
    assert kk.booked_wait.count == 3 and kk.booked_wait.median == pytest.approx(8)
    assert kk.booked_wait.maximum == pytest.approx(45)
    assert kk.booked_wait.within == 2 and kk.booked_wait.within_share == pytest.approx(2 / 3)
    assert kk.walk_in_wait.median == pytest.approx(20) and kk.walk_in_wait.maximum == pytest.approx(65)
    assert kk.walk_in_wait.within_share == pytest.approx(2 / 3)
    assert kk.no_show_share == pytest.approx(1 / 4)
    akta = report.services[1]
    assert (akta.bookings, akta.still_booked, akta.booked_wait.count) == (1, 1, 0)
    total = report.total
    assert (total.bookings, total.checked_in, total.no_shows) == (6, 3, 1)
    assert total.booked_wait.within == 2 and total.walk_in_wait.within == 2


def test_another_day_has_none_of_it(day):
    svc, *_ = day
    report = booking_report(svc._conn, svc.config, date(2026, 11, 24), date(2026, 11, 30))
    assert all(s.bookings == 0 and s.booked_wait.count == 0 for s in report.services)


def test_the_table_and_the_staff_list(day):
    svc, b, *_ = day
    report = period_report(svc._conn, svc.config, MONDAY, MONDAY)
    report.booking = booking_report(svc._conn, svc.config, MONDAY, MONDAY)
    table = period_tables(report)["booking"]
    kk = table.rows.index(report.booking.services[0])
    assert table.text(kk, table.column("booked_median")) == "8,0"
    assert table.text(kk, table.column("walk_in_median")) == "20,0"
    assert table.text(kk, table.column("booked_within")) == "67%"
    assert table.level(kk, table.column("booked_within")) == "amber"
    assert table.text(len(table.rows) - 1, 0) == "Semua layanan booking"
    bookings = svc.bookings(MONDAY, "kk")
    listing = booking_list_table(bookings, svc.config)
    rows = {r[1]: r for r in listing.texts()}
    assert rows[b[1].display_code][5] == "Sudah check-in"
    assert rows[b[4].display_code][5] == "Dibatalkan"
    assert rows[b[5].display_code][5] == "Tidak hadir"
    assert rows[b[1].display_code][0] == "09.30" and rows[b[1].display_code][3] == "0812****0001"
    assert booking_summary(bookings) == "5 booking: 3 sudah check-in · 1 tidak hadir · 1 dibatalkan"


def test_without_booking_the_report_has_no_booking_table(tmp_path, clock):
    raw = raw_config()
    for s in raw["services"]:
        s.pop("booking", None)
    svc = make_service(tmp_path, raw, clock)
    try:
        report = period_report(svc._conn, svc.config, MONDAY, MONDAY)
        report.booking = booking_report(svc._conn, svc.config, MONDAY, MONDAY)
        assert report.booking.services == [] and "booking" not in period_tables(report)
    finally:
        svc.close()


def test_the_xlsx_and_the_pdf_hold_the_same_figures(day, tmp_path):
    svc, *_ = day
    report = period_report(svc._conn, svc.config, MONDAY, MONDAY)
    report.booking = booking_report(svc._conn, svc.config, MONDAY, MONDAY)
    tables = period_tables(report)
    table = tables["booking"]
    book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx", tables))
    ws = book["Booking vs langsung"]
    heads = [c.value for c in ws[XLSX_HEADER_ROW]]
    assert heads[0] == "Layanan" and "Median tunggu booking (menit)" in heads
    first = [c.value for c in ws[XLSX_HEADER_ROW + 1]]
    assert first[0] == "Kartu Keluarga" and first[1] == 5
    assert first[heads.index("Median tunggu booking (menit)")] == pytest.approx(8)
    assert first[heads.index("Langsung ≤ standar")] == pytest.approx(2 / 3)
    text = "".join(p.extract_text() for p in PdfReader(write_pdf(report, tmp_path / "r.pdf",
                                                                 tables)).pages)
    assert "8. Antrean online: booking dan pengunjung langsung" in text
    kk = table.rows.index(report.booking.services[0])
    for key in ("booked_median", "walk_in_median", "booked_within"):
        assert table.text(kk, table.column(key)) in text
    assert "median 8,0 menit" in " ".join(text.split())


def test_report_command_gives_the_booking_figures(day, capsys):
    svc, *_ = day
    assert cli_main(["--db", str(svc.path), "--json", "report", "--from", "2026-11-23",
                     "--to", "2026-11-23"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["booking"]["bookings"] == 6 and out["booking"]["no_shows_released"] == 1
    assert out["booking"]["booked_wait_median"] == pytest.approx(8)
    assert out["booking"]["walk_in_wait_within_share"] == pytest.approx(2 / 3)


def test_report_command_writes_the_booking_table_as_csv(day, tmp_path):
    import csv
    svc, *_ = day
    out = tmp_path / "booking.csv"
    assert cli_main(["--db", str(svc.path), "report", "--from", "2026-11-23", "--to",
                     "2026-11-23", "--csv", str(out), "--table", "booking"]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:2] == ["Layanan", "Booking"] and "Median tunggu booking (menit)" in rows[0]
    kk = rows[1]
    assert kk[0] == "Kartu Keluarga" and kk[1] == "5"
    assert kk[rows[0].index("Median tunggu booking (menit)")] == "8.00"
