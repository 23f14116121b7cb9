"""The supervisor's IKM and complaints tabs, and the report files, on a survey computed by hand.

The data set (conftest `service`/`clock`: the example office, Monday 23 November 2026 08.00 WIB):
six visitors served in November (five KTP at loket 1, one KK at loket 3), five of whom answer —

    element      R1 R2 R3 R4 R5(kk) | sum  NRR   ×25    | KTP only: sum NRR
    persyaratan   4  3  2  4  3     | 16   3,20  80,00  |  13  3,25
    prosedur      4  3  3  4  3     | 17   3,40  85,00  |  14  3,50
    waktu         4  3  1  2  3     | 13   2,60  65,00  |  10  2,50
    biaya         4  3  4  4  4     | 19   3,80  95,00  |  15  3,75
    produk        4  3  3  4  3     | 17   3,40  85,00  |  14  3,50
    kompetensi    4  3  3  4  3     | 17   3,40  85,00  |  14  3,50
    perilaku      4  3  4  4  3     | 18   3,60  90,00  |  15  3,75
    pengaduan     4  3  2  4  3     | 16   3,20  80,00  |  13  3,25
    sarana        4  3  3  2  3     | 15   3,00  75,00  |  12  3,00

    all:  Σ NRR = 29,6 → 29,6 / 9 × 25 = 82,222… → IKM 82,22, mutu B (Baik)
          (the worksheet weight 0,111 would give 82,14: the code must use exactly 1/9)
    KTP:  Σ NRR = 30,0 → 83,333… → 83,33 B
    sample: 5 respondents of 6 visitors served; Krejcie–Morgan below 10 = all → 6 needed: warning.
    A sixth answer (all 4) → sums +4: Σ = 184/6 = 30,666… → 85,185… → 85,19 B; 6 ≥ 6: no warning.
    October: one visitor, all 3 → 75,00, mutu C (Kurang baik) in the trend.
"""
import subprocess
import sys
import time
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from counter.supervisor.window import SupervisorWindow, system_now
from shared.store import survey
from shared.config import parse_config
from shared.ikm import ELEMENT_KEYS
from shared.reports.tables import (TEXT_KINDS, XLSX_COMPLAINT_SHEET, XLSX_IKM_SHEET, XLSX_TREND_SHEET,
                                   format_value, month_bounds, period_tables, voice_tables)
from shared.store.setup import init_database
from shared.store.service import SqliteQueueService
from shared.reports.stats import period_report, voice_report
from tests.conftest import JAKARTA, ROOT, example_raw, open_all_day

pytestmark = pytest.mark.gui
SUPERVISOR = {"username": "kepala", "full_name": "Ir. Bambang Sutrisno, M.Si.", "role": "supervisor"}
R = [  # persyaratan prosedur waktu biaya produk kompetensi perilaku pengaduan sarana
    (4, 4, 4, 4, 4, 4, 4, 4, 4),
    (3, 3, 3, 3, 3, 3, 3, 3, 3),
    (2, 3, 1, 4, 3, 3, 4, 2, 3),
    (4, 4, 2, 4, 4, 4, 4, 4, 2),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),     # the KK visitor
]
SUMS = (16, 17, 13, 19, 17, 17, 18, 16, 15)
NRR = ("3,20", "3,40", "2,60", "3,80", "3,40", "3,40", "3,60", "3,20", "3,00")
CONVERTED = ("80,00", "85,00", "65,00", "95,00", "85,00", "85,00", "90,00", "80,00", "75,00")
MUTU = ("B", "B", "C", "A", "B", "B", "A", "B", "C")


def serve(service, clock, code, counter):
    t = service.issue(code).ticket
    service.call_next(counter)
    service.start(counter)
    clock.advance(minutes=5)
    service.finish(counter)
    return t


def build_survey(service, clock):
    """October: one answer; November: six served, five answers; three complaints."""
    clock.set(datetime(2026, 10, 19, 8, 0, tzinfo=JAKARTA))
    survey.submit_survey(service, serve(service, clock, "ktp", "1").token,
                         dict.fromkeys(ELEMENT_KEYS, 3))
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA))
    ktp = [serve(service, clock, "ktp", "1") for _ in range(5)]
    kk = serve(service, clock, "kk", "3")
    for ticket, scores in zip(ktp[:4] + [kk], R):
        survey.submit_survey(service, ticket.token, dict(zip(ELEMENT_KEYS, scores)))
    first = survey.file_complaint(service, "waktu", "Antrean KTP lebih dari satu jam, loket 2 "
                                  "tutup tanpa pemberitahuan.", "0812-3456-7890", ktp[0].token)
    clock.advance(minutes=10)
    ac = survey.file_complaint(service, "sarana", "AC ruang tunggu mati.")
    clock.advance(minutes=10)
    rude = survey.file_complaint(service, "petugas", "Petugas loket 3 kurang ramah.")
    clock.advance(minutes=90)
    survey.update_complaint(service, ac, "admin", "selesai", "Teknisi sudah memperbaiki AC.")
    survey.update_complaint(service, rude, "kepala", "diproses", "Dibicarakan dengan petugas.")
    return {"ktp": ktp, "kk": kk, "complaints": (first, ac, rude)}


def texts(model):
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


@pytest.fixture
def window(qtbot, service, clock):
    data = build_survey(service, clock)
    w = SupervisorWindow(service, SUPERVISOR, now=clock.now)
    qtbot.addWidget(w)
    w.resize(1500, 900)
    w.show()
    yield w, data
    w.shutdown()


def open_ikm(qtbot, w):
    w.tabs.setCurrentWidget(w.ikm)
    qtbot.waitUntil(lambda: w.ikm.voice is not None, timeout=5000)
    return w.ikm


def test_ikm_tab_shows_the_hand_computed_figures(qtbot, window, service, clock):
    w, data = window
    ikm = open_ikm(qtbot, w)
    assert w.tabs.tabText(w.tabs.indexOf(ikm)) == "Kepuasan (IKM)"
    assert ikm.bounds() == (date(2026, 11, 1), date(2026, 11, 30))
    rows = texts(ikm.models["ikm"])
    assert [r[0] for r in rows][:3] == ["1. Persyaratan", "2. Sistem, Mekanisme, dan Prosedur",
                                        "3. Waktu Penyelesaian"]
    assert [r[1] for r in rows] == ["5"] * 9
    assert [r[2] for r in rows] == [str(s) for s in SUMS]
    assert [r[3] for r in rows] == list(NRR)
    assert [r[4] for r in rows] == list(CONVERTED)
    assert [r[5] for r in rows] == list(MUTU)
    k = ikm.kpis.values
    assert (k["ikm"].text(), k["mutu"].text(), k["kinerja"].text()) == ("82,22", "B", "Baik")
    assert k["respondents"].text() == "5" and k["sample"].text() == "6 / 6"
    assert "IKM 82,22 — mutu B (kinerja unit pelayanan: Baik)" == ikm.ikm_line.text()
    # the sample warning: visible, red, saying how many are missing
    note = ikm.sample_note
    assert note.isVisible() and note.property("level") == "warning"
    assert "Sampel belum cukup" in note.text() and "kurang 1 responden" in note.text()
    assert "sampel minimal 6 menurut tabel Krejcie–Morgan untuk 6 pengunjung" in note.text()
    # per service, with the whole office last
    by_service = {r[0]: r for r in texts(ikm.models["ikm_service"])}
    ktp = by_service["Perekaman & Pencetakan KTP-el"]
    assert ktp[1:] == ["5", "5", "4", "kurang", "83,33", "B", "Baik"]
    assert by_service["Semua layanan"][1:] == ["6", "6", "5", "kurang", "82,22", "B", "Baik"]
    # the trend: October 75,00 (C), November 82,22; the thresholds drawn
    assert ikm.trend_chart.property("points") == [(10, 75.0), (11, 82.22)]
    bands = sorted(s.property("ikm_band") for s in ikm.trend_chart.chart().series()
                   if s.property("ikm_band") is not None)
    assert bands == [65.0, 76.61, 88.31]
    labels = ikm.trend_chart.chart().axes(Qt.Orientation.Horizontal)[0].categoriesLabels()
    assert labels[:2] == ["Des<br>2025", "Jan<br>2026"] and labels[-1] == "Nov<br>&nbsp;"

    ikm.views["ikm"].sortByColumn(5, Qt.SortOrder.DescendingOrder)     # by mutu: C first
    assert ikm.views["ikm"].model().index(0, 5).data() == "C"
    ikm.views["ikm"].sortByColumn(3, Qt.SortOrder.DescendingOrder)     # by NRR: biaya first
    assert ikm.views["ikm"].model().index(0, 0).data() == "4. Biaya/Tarif"
    # one service: KTP only
    ikm.set_service("ktp")
    assert texts(ikm.models["ikm"])[0][1:4] == ["4", "13", "3,25"]
    assert k["ikm"].text() == "83,33" and "KTP" in ikm.title.text()
    ikm.set_service(None)

    # a sixth answer arrives (the events feed): no warning any more
    survey.submit_survey(service, data["ktp"][4].token, dict.fromkeys(ELEMENT_KEYS, 4))
    qtbot.waitUntil(lambda: k["respondents"].text() == "6", timeout=3000)
    assert k["ikm"].text() == "85,19" and k["mutu"].text() == "B"
    assert texts(ikm.models["ikm"])[0][1:5] == ["6", "20", "3,33", "83,33"]
    assert note.property("level") == "ok" and note.text().startswith("✓  Sampel cukup")


def test_ikm_follows_the_period_view(qtbot, window):
    w, _ = window
    ikm = open_ikm(qtbot, w)
    w.period.set_period("month", date(2026, 10, 1))
    qtbot.waitUntil(lambda: ikm.voice.first == date(2026, 10, 1), timeout=3000)
    k = ikm.kpis.values
    assert (k["ikm"].text(), k["mutu"].text(), k["kinerja"].text()) == ("75,00", "C", "Kurang baik")
    assert k["sample"].text() == "1 / 1" and ikm.sample_note.property("level") == "ok"
    with qtbot.waitSignal(ikm.refreshed, timeout=3000):
        qtbot.mouseClick(ikm.prev_button, Qt.MouseButton.LeftButton)
    assert k["ikm"].text() == "-" and k["respondents"].text() == "0"
    assert ikm.ikm_line.text().startswith("IKM belum dapat dihitung")


def complaint_cell(view, complaint_id, key):
    model = view.list_model
    row = next(i for i, c in enumerate(model.table.rows) if c.id == complaint_id)
    return model.data(model.index(row, model.table.column(key)))


def test_complaint_moves_baru_diproses_selesai_with_history(qtbot, window, clock):
    w, data = window
    view = w.complaints
    first = data["complaints"][0]
    w.tabs.setCurrentWidget(view)
    assert w.tabs.tabText(w.tabs.indexOf(view)) == "Pengaduan (1 baru)"
    assert view.summary.text() == "Baru 1 · Diproses 1 · Selesai 1"
    view.set_filter("baru")
    assert view.list_model.rowCount() == 1 and view.filter.currentText() == "Baru (1)"
    view.set_filter(None)
    assert view.list_model.rowCount() == 3
    view.list_view.selectRow(view.row_of(first))
    assert view.current.id == first
    assert view.fields["contact"].text() == "0812-3456-7890"          # staff see the contact
    assert view.fields["ticket"].text() == data["ktp"][0].code
    assert view.fields["category"].text() == "Waktu"
    assert "lebih dari satu jam" in view.text.text()
    assert view.process_button.isEnabled() and view.close_button.isEnabled()
    # no note, no change
    qtbot.mouseClick(view.process_button, Qt.MouseButton.LeftButton)
    assert "catatan tindak lanjut" in view.message.text().lower()
    assert complaint_cell(view, first, "status") == "Baru"

    clock.set(datetime(2026, 11, 23, 10, 25, tzinfo=JAKARTA))
    qtbot.keyClicks(view.note, "Loket 2 dibuka kembali, petugas ditambah.")
    qtbot.mouseClick(view.process_button, Qt.MouseButton.LeftButton)
    assert complaint_cell(view, first, "status") == "Diproses"
    assert view.title.text() == f"Pengaduan #{first} — Diproses"
    assert not view.process_button.isEnabled() and view.close_button.isEnabled()
    clock.set(datetime(2026, 11, 24, 9, 5, tzinfo=JAKARTA))
    qtbot.keyClicks(view.note, "Pelapor sudah dihubungi, antrean normal.")
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    assert complaint_cell(view, first, "status") == "Selesai"
    assert complaint_cell(view, first, "handled_by") == "kepala"
    assert not view.close_button.isEnabled() and not view.process_button.isEnabled()
    assert view.follow_up.text() == "Pelapor sudah dihubungi, antrean normal."
    history = texts(view.history_model)
    assert history == [
        ["23/11/2026 08.30", "Baru", "(pelapor)", "-"],
        ["23/11/2026 10.25", "Diproses", "Ir. Bambang Sutrisno, M.Si.",
         "Loket 2 dibuka kembali, petugas ditambah."],
        ["24/11/2026 09.05", "Selesai", "Ir. Bambang Sutrisno, M.Si.",
         "Pelapor sudah dihubungi, antrean normal."]]
    assert w.tabs.tabText(w.tabs.indexOf(view)) == "Pengaduan"
    # sorting by number, both ways, keeps the detail
    view.list_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert view.list_view.model().index(0, 0).data() == "1"
    view.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.list_view.model().index(0, 0).data() == "3"


def test_complaint_filed_by_another_process_shows_up_live(qtbot, tmp_path):
    db = tmp_path / "live.db"
    init_database(db, parse_config(open_all_day(example_raw()), "test.toml"))
    service = SqliteQueueService(db)
    w = SupervisorWindow(service, SUPERVISOR, now=system_now)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.complaints)
    assert w.complaints.list_model.rowCount() == 0
    code = ("import sys; from shared.store.service import SqliteQueueService; "
            "from shared.store import survey; "
            "survey.file_complaint(SqliteQueueService(sys.argv[1]), 'sarana', "
            "'Toilet ruang tunggu rusak', '0857-1111-2222')")
    r = subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    done = time.monotonic()
    qtbot.waitUntil(lambda: w.complaints.list_model.rowCount() == 1, timeout=2000)
    assert time.monotonic() - done < 2.0
    assert complaint_cell(w.complaints, 1, "text") == "Toilet ruang tunggu rusak"
    assert w.tabs.tabText(w.tabs.indexOf(w.complaints)) == "Pengaduan (1 baru)"
    w.shutdown()
    service.close()


def _contains_run(lines, cells):
    n = len(cells)
    return any(lines[k:k + n] == cells for k in range(len(lines) - n + 1))


def xlsx_table(ws, table):
    """The texts of `table` read back from the sheet (found by its header row)."""
    first_title = table.columns[0].title
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == first_title
                  and ws.cell(r, 2).value == table.columns[1].title)
    out = []
    for i in range(len(table.rows)):
        row = []
        for j, col in enumerate(table.columns, start=1):
            v = ws.cell(header + 1 + i, j).value
            row.append(v if col.kind in TEXT_KINDS else format_value(v, col.kind))
        out.append(row)
    return out


def test_pdf_and_xlsx_hold_the_screen_figures(qtbot, window, service, clock, tmp_path):
    w, _ = window
    ikm = open_ikm(qtbot, w)
    w.tabs.setCurrentWidget(w.period)
    qtbot.waitUntil(lambda: w.period.report is not None, timeout=10_000)
    pdf = w.period.export("pdf", tmp_path / "laporan.pdf")
    xlsx = w.period.export("xlsx", tmp_path / "laporan.xlsx")
    screen = {key: texts(model) for key, model in ikm.models.items()}
    # the complaints of November as the IKM tab shows them
    assert screen["complaint_status"] == [["Baru", "1"], ["Diproses", "1"], ["Selesai", "1"],
                                          ["Jumlah", "3"]]
    assert ["Sarana dan prasarana", "1"] in screen["complaint_category"]
    assert screen["complaint_time"] == [["1", "1,7", "1,7"]]   # filed 08.40, closed 10.20

    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    for heading in ("8. Survei Kepuasan Masyarakat (SKM)", "9. Pengaduan, saran dan masukan",
                    "Nilai per unsur pelayanan", "IKM per layanan dan kecukupan sampel"):
        assert heading in text
    assert "IKM 82,22 — mutu B (kinerja unit pelayanan: Baik)." in " ".join(lines)
    assert "Sampel belum cukup: 5 responden; sampel minimal 6 menurut tabel Krejcie–Morgan" \
        in " ".join(lines)
    for row in screen["ikm"]:
        assert _contains_run(lines, row[1:]), row
    for row in screen["ikm_service"]:
        assert _contains_run(lines, row[1:]), row
    for row in screen["complaint_status"] + screen["complaint_category"]:
        assert _contains_run(lines, row), row
    assert _contains_run(lines, screen["complaint_time"][0])
    assert "diterima 3 pengaduan: 1 baru, 1 diproses, 1 selesai" in " ".join(lines)
    # the monthly trend in the PDF: October and November
    assert _contains_run(lines, ["Oktober 2026", "1", "1", "1", "cukup", "75,00", "C",
                                 "Kurang baik"])
    assert _contains_run(lines, ["November 2026", "6", "6", "5", "kurang", "82,22", "B", "Baik"])

    wb = load_workbook(xlsx)
    assert wb.sheetnames[-3:] == [XLSX_IKM_SHEET, XLSX_TREND_SHEET, XLSX_COMPLAINT_SHEET]
    ws = wb[XLSX_IKM_SHEET]
    tables = ikm.tables
    assert xlsx_table(ws, tables["ikm"]) == screen["ikm"]
    assert xlsx_table(ws, tables["ikm_service"]) == screen["ikm_service"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert values["IKM unit pelayanan"] == pytest.approx(82.22)
    assert (values["Mutu pelayanan"], values["Kinerja unit pelayanan"]) == ("B", "Baik")
    ws = wb[XLSX_COMPLAINT_SHEET]
    for key in ("complaint_status", "complaint_category", "complaint_time"):
        assert xlsx_table(ws, tables[key]) == screen[key], key
    trend = xlsx_table(wb[XLSX_TREND_SHEET], voice_tables(ikm.voice)["ikm_trend"])
    assert trend[-2][0] == "Oktober 2026" and trend[-2][5:] == ["75,00", "C", "Kurang baik"]
    assert trend[-1][5] == "82,22" and len(trend) == 12


def test_report_command_includes_ikm_and_complaints(service, clock, tmp_path, capsys):
    from shared.cli.main import main as cli_main
    build_survey(service, clock)
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert cli_main(["--db", str(service.path), "report", "--month", "2026-11", "--pdf", str(pdf),
                     "--xlsx", str(xlsx)]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "8. Survei Kepuasan Masyarakat (SKM)" in text and "82,22" in text
    assert XLSX_IKM_SHEET in load_workbook(xlsx).sheetnames
    capsys.readouterr()
    assert cli_main(["--db", str(service.path), "--json", "report", "--month", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert '"ikm": "82.22"' in out and '"sample_needed": 6' in out and '"total": 3' in out


def test_voice_report_uses_exact_weights_and_local_days(service, clock):
    build_survey(service, clock)
    first, last = month_bounds("2026-11")
    voice = voice_report(service, first, last)
    assert str(voice.ikm.result.ikm) == "82.22"          # not 82,14 (0,111)
    assert [m.month for m in voice.trend][-1] == date(2026, 11, 1) and len(voice.trend) == 12
    # a complaint filed at 00.30 WIB on 1 December (17.30 UTC on 30 November) is December's
    clock.set(datetime(2026, 12, 1, 0, 30, tzinfo=JAKARTA))
    survey.file_complaint(service, "saran", "Tambah kursi")
    assert voice_report(service, first, last).complaints["total"] == 3
    dec = voice_report(service, date(2026, 12, 1), date(2026, 12, 31)).complaints
    assert dec["total"] == 1 and dec["by_status"]["baru"] == 1
    # hours to close: 1,67 (AC) and, closing the rude officer at 12.00 WIB, 3,17 (filed 08.50):
    # the median of two is their mean (not the upper one)
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=JAKARTA))
    survey.update_complaint(service, 3, "kepala", "selesai", "Petugas sudah dibina.")
    c = voice_report(service, first, last).complaints
    assert c["avg_hours_to_close"] == pytest.approx((100 + 190) / 60 / 2)
    assert c["median_hours_to_close"] == pytest.approx((100 + 190) / 60 / 2)
    report = period_report(service._conn, service.config, first, last)
    assert period_tables(report)["service"].rows   # the period report is untouched
