"""The exported files hold the figures the screen shows: XLSX and CSV read back, PDF text read back."""
import csv
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from counter.supervisor.models import SORT_ROLE, StatsTableModel
from shared.cli.main import main as cli_main
from shared.reports.tables import (MINUTES, PDF_SERVICE_KEYS, SHARE, TEXT, XLSX_HEADER_ROW, format_value,
                                   month_bounds, period_tables, period_title, report_title, write_csv,
                                   write_pdf, write_xlsx)
from shared.reports.stats import period_report
from tests.test_stats_periods import build_day

pytestmark = pytest.mark.gui


@pytest.fixture
def month(tmp_path):
    svc, _ = build_day(tmp_path)
    first, last = month_bounds("2026-11")
    report = period_report(svc._conn, svc.config, first, last)
    yield svc, report, period_tables(report)
    svc.close()


def screen(table):
    """What the supervisor sees: the display texts of the Qt model, row by row."""
    model = StatsTableModel(table)
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_titles():
    assert month_bounds("2026-11") == (date(2026, 11, 1), date(2026, 11, 30))
    assert month_bounds("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert report_title(date(2026, 11, 1), date(2026, 11, 30)) == \
        "Laporan Kinerja Pelayanan — November 2026"
    assert period_title(date(2026, 12, 1), date(2026, 12, 7)) == "1–7 Desember 2026"
    assert period_title(date(2026, 11, 30), date(2026, 12, 6)) == "30 November – 6 Desember 2026"
    assert period_title(date(2026, 11, 23), date(2026, 11, 23)) == "Senin, 23 November 2026"


def test_model_shows_indonesian_numbers_and_sorts_by_value(month):
    _, report, tables = month
    rows = screen(tables["service"])
    t = tables["service"]
    ktp = rows[0]
    assert ktp[t.column("service")] == "Perekaman & Pencetakan KTP-el"
    assert ktp[t.column("wait_avg")] == "22,0" and ktp[t.column("wait_within")] == "80%"
    assert ktp[t.column("service_median")] == "6,5" and rows[2][t.column("wait_avg")] == "-"
    model = StatsTableModel(t)
    col = t.column("wait_within")
    assert model.data(model.index(0, col), SORT_ROLE) == pytest.approx(0.8)
    assert model.data(model.index(0, t.column("service_within")),
                      Qt.ItemDataRole.BackgroundRole) is not None   # 75 %: amber
    assert model.data(model.index(2, col), SORT_ROLE) == float("-inf")  # no figure sorts first


def test_xlsx_read_back_equals_screen(month, tmp_path):
    _, report, tables = month
    path = write_xlsx(report, tmp_path / "laporan.xlsx", tables)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Per layanan", "Per loket", "Per petugas", "Per jam", "Per hari"]
    for name, table in tables.items():
        ws = wb[table.title]
        assert ws["A1"].value == f"Laporan Kinerja Pelayanan — November 2026 — {table.title}"
        heads = [c.value for c in ws[XLSX_HEADER_ROW]]
        assert heads[0] == table.columns[0].title
        shown = screen(table)
        assert shown, name
        for i, row in enumerate(shown):
            cells = [c.value for c in ws[XLSX_HEADER_ROW + 1 + i]]
            for j, col in enumerate(table.columns):
                text = cells[j] if col.kind == TEXT else format_value(cells[j], col.kind)
                assert text == row[j], (name, i, col.key)
    ws = wb["Per layanan"]
    t = tables["service"]
    assert ws.cell(XLSX_HEADER_ROW + 1, t.column("wait_p90") + 1).value == pytest.approx(40)
    assert ws.cell(XLSX_HEADER_ROW + 1, t.column("wait_within") + 1).number_format == "0%"


def test_csv_read_back_equals_screen(month, tmp_path):
    _, _, tables = month
    for name in ("service", "hour"):
        table = tables[name]
        path = write_csv(table, tmp_path / f"{name}.csv")
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0][0] == table.columns[0].title
        for shown, cells in zip(screen(table), rows[1:], strict=True):
            for j, col in enumerate(table.columns):
                raw = cells[j]
                if col.kind == TEXT:
                    assert raw == shown[j]
                elif raw == "":
                    assert shown[j] == "-"
                else:
                    value = float(raw) / (100 if col.kind == SHARE else 1)
                    assert format_value(value, col.kind) == shown[j], (name, col.key)


def test_pdf_text_holds_the_screen_figures(month, tmp_path):
    _, report, tables = month
    path = write_pdf(report, tmp_path / "laporan.pdf", tables)
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Laporan Kinerja Pelayanan — November 2026" in text
    assert reader.metadata.title == "Laporan Kinerja Pelayanan — November 2026"
    for heading in ("1. Ringkasan", "2. Kinerja per layanan terhadap standar pelayanan",
                    "3. Grafik", "4. Jam sibuk", "5. Pengunjung tidak hadir",
                    "6. Kinerja per loket", "7. Kinerja per petugas", "Mengetahui,"):
        assert heading in text
    # every row of the per-service table: the screen's texts, in order, cell by cell
    table = tables["service"]
    cols = [table.column(k) for k in PDF_SERVICE_KEYS]
    for i, row in enumerate(screen(table)):
        cells = [row[j] for j in cols[1:]]
        assert _contains_run(lines, cells), (row[0], cells)
    # the summary and peak hours
    assert "Selama periode ini diterbitkan 7 nomor antrean; 5 layanan selesai, 1 pengunjung " \
           "tidak hadir (14% dari nomor yang terbit) dan 1 nomor dibatalkan." in " ".join(lines)
    assert "08.00–09.00 (3 nomor)" in text
    counters = screen(tables["counter"])
    assert _contains_run(lines, [counters[0][tables["counter"].column(k)]
                                 for k in ("served", "no_shows", "transferred", "wait_avg")])


def _contains_run(lines: list[str], cells: list[str]) -> bool:
    n = len(cells)
    return any(lines[k:k + n] == cells for k in range(len(lines) - n + 1))


def test_report_cli(month, tmp_path, capsys):
    svc, _, tables = month
    pdf, xlsx, out_csv = tmp_path / "r.pdf", tmp_path / "r.xlsx", tmp_path / "r.csv"
    code = cli_main(["--db", str(svc.path), "report", "--month", "2026-11", "--pdf", str(pdf),
                     "--xlsx", str(xlsx), "--csv", str(out_csv), "--table", "hour"])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("Laporan Kinerja Pelayanan — November 2026")
    assert "PDF: " in out and "XLSX: " in out
    assert PdfReader(pdf).pages and load_workbook(xlsx)["Per jam"]["A5"].value == "00.00–01.00"
    assert out_csv.read_text(encoding="utf-8-sig").splitlines()[1].startswith("00.00–01.00,0,1,")
    assert cli_main(["--db", str(svc.path), "--json", "report", "--from", "2026-11-23",
                     "--to", "2026-11-23"]) == 0
    assert '"issued": 7' in capsys.readouterr().out
    assert cli_main(["--db", str(svc.path), "report", "--month", "2026-13"]) == 1
    assert "Bulan '2026-13' tidak dikenal" in capsys.readouterr().err
    assert cli_main(["--db", str(svc.path), "report", "--from", "2026-11-23"]) == 1


def test_kinds_are_formatted_the_indonesian_way():
    assert format_value(1234567, "int") == "1.234.567"
    assert format_value(12.345, MINUTES) == "12,3"
    assert format_value(0.8, SHARE) == "80%"
    assert format_value(None, MINUTES) == "-"
