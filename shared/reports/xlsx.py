"""The period's tables as files for spreadsheets: one table as CSV, every table as an XLSX workbook.

openpyxl is imported only when a workbook is written.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from shared.reports.table import DEC1, DEC2, INT, LEVEL_FILLS, MINUTES, SHARE, TEXT, TEXT_KINDS, Table, \
    cell_level, format_value, report_title
from shared.reports.survey_tables import ikm_summary_lines, sample_sentence, voice_tables
from shared.reports.stats import PeriodReport, VoiceReport

XLSX_HEADER_ROW = 4     # row 1: title, row 2: office and period, row 4: headers, data below
XLSX_IKM_SHEET, XLSX_TREND_SHEET, XLSX_COMPLAINT_SHEET = "IKM", "IKM per bulan", "Pengaduan"
_XLSX_FORMATS = {MINUTES: "0.0", DEC1: "0.0", DEC2: "0.00", SHARE: "0%", INT: "#,##0"}


def csv_value(value, kind: str):
    """CSV for spreadsheets and scripts: '.' decimals, minutes to 2 decimals, shares in percent."""
    if value is None:
        return ""
    if kind in (MINUTES, DEC2):
        return f"{value:.2f}"
    if kind == DEC1:
        return f"{value:.1f}"
    if kind == SHARE:
        return f"{value * 100:.1f}"
    return value


def write_csv(table: Table, path: str | Path) -> Path:
    """One table as CSV (UTF-8 with BOM so spreadsheet programs read the accents)."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow([c.title + (" (%)" if c.kind == SHARE else " (menit)" if c.kind == MINUTES
                               else "") for c in table.columns])
        for row in table.rows:
            w.writerow([csv_value(c.get(row), c.kind) if c.kind not in TEXT_KINDS
                        else format_value(c.get(row), TEXT, c.show) for c in table.columns])
    return path


def build_xlsx(report: PeriodReport, path: str | Path, tables: dict[str, Table],
                voice: VoiceReport | None = None) -> Path:
    """A workbook: one sheet per table, numbers stored as numbers with Indonesian-style display;
    with `voice`, three more sheets: IKM, IKM per bulan, Pengaduan."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)

    def sheet(title: str):
        ws = wb.create_sheet(title[:31])
        ws["A1"] = f"{report_title(report.first, report.last)} — {title}"
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = f"{report.office} · {report.first.isoformat()} s.d. {report.last.isoformat()}"
        return ws

    for table in tables.values():
        ws = sheet(table.title)
        _xlsx_table(ws, table, XLSX_HEADER_ROW)
        ws.freeze_panes = ws.cell(XLSX_HEADER_ROW + 1, 2)
    if voice is not None:
        vt = voice_tables(voice)
        ws = sheet(XLSX_IKM_SHEET)
        row = _xlsx_table(ws, vt["ikm"], XLSX_HEADER_ROW) + 1
        for label, value in ikm_summary_lines(voice.ikm):
            ws.cell(row, 1, label).font = Font(bold=True)
            cell = ws.cell(row, 2, float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, Decimal):
                cell.number_format = "0.00"
            row += 1
        ws.cell(row, 1, sample_sentence(voice.ikm))
        row += 2
        ws.cell(row, 1, vt["ikm_service"].title).font = Font(bold=True)
        _xlsx_table(ws, vt["ikm_service"], row + 1)
        ws = sheet(XLSX_TREND_SHEET)
        _xlsx_table(ws, vt["ikm_trend"], XLSX_HEADER_ROW)
        ws = sheet(XLSX_COMPLAINT_SHEET)
        row = XLSX_HEADER_ROW
        for key in ("complaint_status", "complaint_category", "complaint_time"):
            ws.cell(row, 1, vt[key].title).font = Font(bold=True)
            row = _xlsx_table(ws, vt[key], row + 1) + 1
    path = Path(path)
    wb.save(path)
    return path



def _xlsx_table(ws, table: Table, header_row: int) -> int:
    """Write `table` with its header at `header_row`; returns the first row below it."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    head_fill = PatternFill("solid", fgColor="13315C")
    for j, c in enumerate(table.columns, start=1):
        cell = ws.cell(header_row, j, c.title + (" (menit)" if c.kind == MINUTES else ""))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(j)
        width = 34 if c.kind == TEXT else 12
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
    for i, row in enumerate(table.rows):
        for j, c in enumerate(table.columns, start=1):
            raw = c.get(row)
            if c.kind in TEXT_KINDS:
                value = format_value(raw, TEXT, c.show)
            else:
                value = float(raw) if isinstance(raw, Decimal) else raw
            cell = ws.cell(header_row + 1 + i, j, value)
            if c.kind in _XLSX_FORMATS:
                cell.number_format = _XLSX_FORMATS[c.kind]
            level = cell_level(raw, c.kind)
            if level:
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILLS[level])
    ws.row_dimensions[header_row].height = 32
    return header_row + 1 + len(table.rows)
