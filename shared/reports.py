"""The statistics as tables — one definition for the screen, CSV, XLSX and the PDF report.

A `Table` holds rows and `Column`s; each column knows how to take its raw value from a row and
how to show it (Indonesian number style: `12,5` minutes, `1.234` tickets, `83%`). The
supervisor's Qt models, `write_csv`, `write_xlsx` and `write_pdf` all read the same `Table`, so
the exported figures are the figures on the screen. openpyxl and reportlab are imported only when
a file is written.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from .ikm import ELEMENTS, classify
from .indonesian import DAY_NAMES_ID, MONTH_NAMES_ID
from .stats import (GroupStats, MonthIkm, PeriodReport, ServiceIkm, ServiceStats, VoiceReport,
                    share_level)
from .stats_live import LiveCounter, LiveService, LiveSnapshot

log = logging.getLogger(__name__)

TEXT, INT, MINUTES, SHARE = "text", "int", "min", "share"
DEC1, DEC2 = "dec1", "dec2"          # plain numbers with 1 / 2 decimals (hours, NRR, IKM)
MUTU = "mutu"                        # an SKM grade A/B/C/D: text, coloured by level
STATUS = "status"                    # a complaint's status: text, coloured by level
TEXT_KINDS = (TEXT, MUTU, STATUS)
MUTU_LEVELS = {"A": "green", "B": "green", "C": "amber", "D": "red"}
STATUS_LEVELS = {"baru": "red", "diproses": "amber", "selesai": "green"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str                       # Indonesian, as on the screen and in the files
    title_en: str
    kind: str                        # text | int | min | share | dec1 | dec2 | mutu
    get: Callable[[Any], Any]        # the raw value (what sorts, what XLSX stores)
    show: Callable[[Any], str] | None = None   # text columns: how to show the raw value


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[Any]

    def value(self, row: int, col: int):
        return self.columns[col].get(self.rows[row])

    def text(self, row: int, col: int) -> str:
        c = self.columns[col]
        return format_value(c.get(self.rows[row]), c.kind, c.show)

    def level(self, row: int, col: int) -> str | None:
        """'green' / 'amber' / 'red' for a share-within-the-standard or a mutu cell, else None."""
        c = self.columns[col]
        return cell_level(c.get(self.rows[row]), c.kind)

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def texts(self) -> list[list[str]]:
        return [[self.text(r, c) for c in range(len(self.columns))] for r in range(len(self.rows))]


def format_number(value: float, decimals: int) -> str:
    """Indonesian style: thousands with '.', decimals with ','."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def cell_level(value, kind: str) -> str | None:
    if kind == SHARE:
        return share_level(value)
    if kind == STATUS:
        return STATUS_LEVELS.get(value)
    return MUTU_LEVELS.get(value) if kind == MUTU else None


def format_value(value, kind: str, show: Callable | None = None) -> str:
    if value is None:
        return "-"
    if kind == INT:
        return format_number(value, 0)
    if kind in (MINUTES, DEC1):
        return format_number(value, 1)
    if kind == DEC2:
        return format_number(value, 2)
    if kind == SHARE:
        return f"{format_number(value * 100, 0)}%"
    return show(value) if show else str(value)


def format_day(d: date | str, short: bool = False) -> str:
    d = date.fromisoformat(d) if isinstance(d, str) else d
    if short:
        return f"{DAY_NAMES_ID[d.weekday()][:3]} {d.day:02d}/{d.month:02d}"
    return f"{DAY_NAMES_ID[d.weekday()]}, {d.day} {MONTH_NAMES_ID[d.month - 1]} {d.year}"


def period_title(first: date, last: date) -> str:
    """'November 2026' for a whole month, else the dates: '1–7 Desember 2026'."""
    month_end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if first.day == 1 and last == month_end:
        return f"{MONTH_NAMES_ID[first.month - 1]} {first.year}"
    if first == last:
        return format_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTH_NAMES_ID[last.month - 1]} {last.year}"
    left = f"{first.day} {MONTH_NAMES_ID[first.month - 1]}" + (
        f" {first.year}" if first.year != last.year else "")
    return f"{left} – {last.day} {MONTH_NAMES_ID[last.month - 1]} {last.year}"


def report_title(first: date, last: date) -> str:
    return f"Laporan Kinerja Pelayanan — {period_title(first, last)}"


# --- columns ------------------------------------------------------------------------------------
def _time_columns(prefix: str, label: str, label_en: str, figures: Callable, full: bool = True
                  ) -> list[Column]:
    cols = [Column(f"{prefix}_avg", f"{label} rata-rata", f"{label_en} average", MINUTES,
                   lambda r: figures(r).average),
            Column(f"{prefix}_median", f"{label} median", f"{label_en} median", MINUTES,
                   lambda r: figures(r).median),
            Column(f"{prefix}_p90", f"{label} P90", f"{label_en} P90", MINUTES,
                   lambda r: figures(r).p90)]
    if full:
        cols.append(Column(f"{prefix}_max", f"{label} maks", f"{label_en} max", MINUTES,
                           lambda r: figures(r).maximum))
    cols.append(Column(f"{prefix}_within", f"{label} ≤ standar", f"{label_en} within standard",
                       SHARE, lambda r: figures(r).within_share))
    return cols


def _counts(issue: bool) -> list[Column]:
    cols = []
    if issue:
        cols.append(Column("issued", "Terbit", "Issued", INT, lambda r: r.issued))
    cols += [Column("served", "Dilayani", "Served", INT, lambda r: r.served),
             Column("no_shows", "Tidak hadir", "No-shows", INT, lambda r: r.no_shows)]
    if issue:
        cols.append(Column("cancelled", "Batal", "Cancelled", INT, lambda r: r.cancelled))
    cols.append(Column("transferred", "Dialihkan", "Transferred", INT,
                       lambda r: r.transferred_out))
    return cols


def service_columns() -> list[Column]:
    return ([Column("service", "Layanan", "Service", TEXT, lambda r: r.name)] + _counts(True)
            + [Column("wait_target", "Standar tunggu", "Waiting standard", MINUTES,
                      lambda r: r.target_wait_min)]
            + _time_columns("wait", "Tunggu", "Waiting", lambda r: r.waiting)
            + [Column("service_target", "Standar layanan", "Service standard", MINUTES,
                      lambda r: r.target_service_min)]
            + _time_columns("service", "Layanan", "Service", lambda r: r.service_time))


def group_columns(label: str, label_en: str, issue: bool, show=None) -> list[Column]:
    return ([Column("label", label, label_en, TEXT,
                    (lambda r: r.key) if show else (lambda r: r.label), show)]
            + _counts(issue)
            + _time_columns("wait", "Tunggu", "Waiting", lambda r: r.waiting)
            + _time_columns("service", "Layanan", "Service", lambda r: r.service_time))


def period_tables(report: PeriodReport) -> dict[str, Table]:
    """The period's tables by name: service, counter, officer, hour, day."""
    return {
        "service": Table("service", "Per layanan", service_columns(), report.services),
        "counter": Table("counter", "Per loket", group_columns("Loket", "Counter", False),
                         report.counters),
        "officer": Table("officer", "Per petugas", group_columns("Petugas", "Officer", False),
                         report.officers),
        "hour": Table("hour", "Per jam", group_columns(
            "Jam", "Hour", True, show=lambda k: f"{int(k):02d}.00–{(int(k) + 1) % 24:02d}.00"),
            report.hours),
        "day": Table("day", "Per hari", group_columns("Tanggal", "Date", True, show=format_day),
                     report.days),
    }


def live_service_table(snapshot: LiveSnapshot) -> Table:
    s: Callable[[LiveService], ServiceStats] = lambda r: r.stats  # noqa: E731
    cols = [Column("service", "Layanan", "Service", TEXT, lambda r: r.stats.name),
            Column("waiting_now", "Menunggu", "Waiting now", INT, lambda r: r.waiting_now),
            Column("longest_wait", "Terlama menunggu", "Longest wait now", MINUTES,
                   lambda r: r.longest_wait_min if r.waiting_now else None),
            Column("issued", "Terbit", "Issued", INT, lambda r: r.stats.issued),
            Column("served", "Dilayani", "Served", INT, lambda r: r.stats.served),
            Column("no_shows", "Tidak hadir", "No-shows", INT, lambda r: r.stats.no_shows),
            Column("wait_target", "Standar tunggu", "Waiting standard", MINUTES,
                   lambda r: r.stats.target_wait_min)]
    cols += _time_columns("wait", "Tunggu", "Waiting", lambda r: s(r).waiting, full=False)
    cols.append(Column("service_target", "Standar layanan", "Service standard", MINUTES,
                       lambda r: r.stats.target_service_min))
    cols += _time_columns("service", "Layanan", "Service", lambda r: s(r).service_time, full=False)
    return Table("live_service", "Hari ini per layanan", cols, snapshot.services)


STATUS_ID = {"open": "Buka", "paused": "Istirahat", "closed": "Tutup"}
TICKET_STATUS_ID = {"called": "dipanggil", "serving": "dilayani"}


def live_counter_table(snapshot: LiveSnapshot) -> Table:
    cols = [Column("counter", "Loket", "Counter", TEXT, lambda r: r.label),
            Column("status", "Status", "Status", TEXT, lambda r: r.status,
                   lambda v: STATUS_ID.get(v, v)),
            Column("officer", "Petugas", "Officer", TEXT,
                   lambda r: r.officer_name or r.officer),
            Column("ticket", "Tiket", "Ticket", TEXT,
                   lambda r: (f"{r.ticket_code} ({TICKET_STATUS_ID.get(r.ticket_status, r.ticket_status)})"
                              if r.ticket_code else None)),
            Column("since", "Sejak (menit)", "For (min)", MINUTES, lambda r: r.since_min),
            Column("served_today", "Dilayani hari ini", "Served today", INT,
                   lambda r: r.served_today),
            Column("reason", "Keterangan", "Note", TEXT, lambda r: r.pause_reason)]
    return Table("live_counter", "Loket sekarang", cols, snapshot.counters)


# --- the visitor's voice: IKM and complaints -----------------------------------------------------
ELEMENT_NAMES = {e.key: f"{i}. {e.name}" for i, e in enumerate(ELEMENTS, start=1)}
COMPLAINT_STATUS_ID = {"baru": "Baru", "diproses": "Diproses", "selesai": "Selesai"}
COMPLAINT_CATEGORY_ID = {"pelayanan": "Pelayanan", "petugas": "Petugas", "waktu": "Waktu",
                         "biaya": "Biaya", "sarana": "Sarana dan prasarana", "saran": "Saran",
                         "lainnya": "Lainnya"}


def element_mutu(converted: Decimal | None) -> str | None:
    return None if converted is None else classify(converted)[0]


def ikm_element_table(rep) -> Table:
    """Per SKM element: respondents, sum of scores, NRR, NRR × 25 and its grade (an IkmReport)."""
    cols = [Column("element", "Unsur pelayanan", "Service element", TEXT,
                   lambda r: ELEMENT_NAMES[r.key]),
            Column("respondents", "Responden", "Respondents", INT, lambda r: r.respondents),
            Column("total", "Jumlah nilai", "Sum of scores", INT, lambda r: r.total),
            Column("nrr", "NRR", "Average score (NRR)", DEC2, lambda r: r.nrr_decimal),
            Column("converted", "NRR × 25", "NRR × 25", DEC2, lambda r: r.converted),
            Column("mutu", "Mutu", "Grade", MUTU, lambda r: element_mutu(r.converted))]
    return Table("ikm", "IKM per unsur", cols, list(rep.result.elements))


def _ikm_columns(rep: Callable) -> list[Column]:
    return [Column("visitors", "Dilayani", "Served", INT, lambda r: rep(r).visitors),
            Column("sample_needed", "Sampel minimal", "Minimum sample", INT,
                   lambda r: rep(r).sample_needed),
            Column("respondents", "Responden", "Respondents", INT,
                   lambda r: rep(r).result.respondents),
            Column("enough", "Sampel", "Sample", TEXT, lambda r: rep(r).enough,
                   lambda v: "cukup" if v else "kurang"),
            Column("ikm", "IKM", "IKM", DEC2, lambda r: rep(r).result.ikm),
            Column("mutu", "Mutu", "Grade", MUTU, lambda r: rep(r).result.mutu),
            Column("kinerja", "Kinerja", "Performance", TEXT, lambda r: rep(r).result.kinerja)]


def ikm_service_table(voice: VoiceReport) -> Table:
    """IKM and the Krejcie–Morgan check per service, the whole office in the last row."""
    rows = voice.services + [ServiceIkm("", "Semua layanan", "", voice.overall)]
    cols = [Column("service", "Layanan", "Service", TEXT, lambda r: r.name)]
    return Table("ikm_service", "IKM per layanan dan kecukupan sampel",
                 cols + _ikm_columns(lambda r: r.ikm), rows)


def month_name(d: date) -> str:
    return f"{MONTH_NAMES_ID[d.month - 1]} {d.year}"


def ikm_trend_table(trend: list[MonthIkm]) -> Table:
    cols = [Column("month", "Bulan", "Month", TEXT, lambda r: r.month, month_name)]
    return Table("ikm_trend", "IKM per bulan", cols + _ikm_columns(lambda r: r.ikm), trend)


def ikm_summary_lines(rep) -> list[tuple[str, Any]]:
    """('IKM unit pelayanan', 82.22), ('Mutu pelayanan', 'B'), ('Kinerja unit pelayanan', 'Baik')."""
    r = rep.result
    return [("IKM unit pelayanan", r.ikm), ("Mutu pelayanan", r.mutu or "-"),
            ("Kinerja unit pelayanan", r.kinerja or "-")]


def sample_sentence(rep) -> str:
    """The Krejcie–Morgan check in one Indonesian sentence."""
    n, need, pop = rep.result.respondents, rep.sample_needed, rep.visitors
    base = (f"{format_value(n, INT)} responden; sampel minimal {format_value(need, INT)} menurut "
            f"tabel Krejcie–Morgan untuk {format_value(pop, INT)} pengunjung yang dilayani")
    if rep.enough:
        return f"Sampel cukup: {base}."
    return (f"Sampel belum cukup: {base} — kurang {format_value(need - n, INT)} responden; "
            "hasil IKM belum dapat dianggap mewakili.")


def ikm_text(rep) -> str:
    r = rep.result
    if r.ikm is None:
        return "IKM belum dapat dihitung: belum ada jawaban untuk setiap unsur."
    return (f"IKM {format_value(r.ikm, DEC2)} — mutu {r.mutu} "
            f"(kinerja unit pelayanan: {r.kinerja})")


def complaint_status_table(summary: dict) -> Table:
    rows = [(COMPLAINT_STATUS_ID[k], n) for k, n in summary["by_status"].items()]
    rows.append(("Jumlah", summary["total"]))
    return Table("complaint_status", "Pengaduan per status",
                 [Column("status", "Status", "Status", TEXT, lambda r: r[0]),
                  Column("count", "Jumlah", "Count", INT, lambda r: r[1])], rows)


def complaint_category_table(summary: dict) -> Table:
    rows = [(label, summary["by_category"].get(k, 0)) for k, label in COMPLAINT_CATEGORY_ID.items()]
    return Table("complaint_category", "Pengaduan per kategori",
                 [Column("category", "Kategori", "Category", TEXT, lambda r: r[0]),
                  Column("count", "Jumlah", "Count", INT, lambda r: r[1])], rows)


def complaint_time_table(summary: dict) -> Table:
    """One row: complaints closed, and the average and median hours from filing to 'selesai'."""
    cols = [Column("closed", "Pengaduan selesai", "Closed", INT, lambda r: r["by_status"]["selesai"]),
            Column("avg_hours", "Rata-rata jam sampai selesai", "Average hours to close", DEC1,
                   lambda r: r["avg_hours_to_close"]),
            Column("median_hours", "Median jam sampai selesai", "Median hours to close", DEC1,
                   lambda r: r["median_hours_to_close"])]
    return Table("complaint_time", "Kecepatan penyelesaian pengaduan", cols, [summary])


def voice_tables(voice: VoiceReport) -> dict[str, Table]:
    """The tables of the survey and complaints sections, by name (screen, XLSX and PDF)."""
    return {"ikm": ikm_element_table(voice.ikm), "ikm_service": ikm_service_table(voice),
            "ikm_trend": ikm_trend_table(voice.trend),
            "complaint_status": complaint_status_table(voice.complaints),
            "complaint_category": complaint_category_table(voice.complaints),
            "complaint_time": complaint_time_table(voice.complaints)}


def local_stamp(value, tz: tzinfo) -> str:
    """'23/11/2026 08.30' in the office's zone."""
    local = value.astimezone(tz)
    return f"{local:%d/%m/%Y} {local:%H.%M}"


def complaint_list_table(complaints: list, tz: tzinfo) -> Table:
    """The complaints list of the supervisor's screen (a shared.survey.Complaint per row; the
    service, the contact and the history are in the detail beside it)."""
    stamp = lambda v: local_stamp(v, tz)  # noqa: E731
    cols = [Column("id", "No.", "No.", INT, lambda r: r.id),
            Column("created", "Diterima", "Received", TEXT, lambda r: r.created_at, stamp),
            Column("status", "Status", "Status", STATUS, lambda r: r.status,
                   lambda v: COMPLAINT_STATUS_ID.get(v, v)),
            Column("category", "Kategori", "Category", TEXT, lambda r: r.category,
                   lambda v: COMPLAINT_CATEGORY_ID.get(v, v)),
            Column("ticket", "Tiket", "Ticket", TEXT, lambda r: r.ticket_code),
            Column("handled_by", "Ditangani", "Handled by", TEXT, lambda r: r.handled_by),
            Column("text", "Isi pengaduan", "Complaint", TEXT,
                   lambda r: " ".join(r.text.split())[:90] + ("…" if len(r.text) > 90 else ""))]
    return Table("complaints", "Pengaduan", cols, complaints)


def complaint_history_table(history: list[dict], tz: tzinfo, names: dict[str, str]) -> Table:
    """Who changed what and when (shared.survey.complaint_history rows)."""
    cols = [Column("at", "Waktu", "When", TEXT, lambda r: r["at"], lambda v: local_stamp(v, tz)),
            Column("status", "Status", "Status", STATUS, lambda r: r["status"],
                   lambda v: COMPLAINT_STATUS_ID.get(v, v)),
            Column("officer", "Oleh", "By", TEXT,
                   lambda r: names.get(r["officer"], r["officer"]) if r["officer"]
                   else "(pelapor)"),
            Column("note", "Catatan tindak lanjut", "Follow-up note", TEXT, lambda r: r["note"])]
    return Table("complaint_history", "Riwayat", cols, history)


# --- files --------------------------------------------------------------------------------------
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


XLSX_HEADER_ROW = 4     # row 1: title, row 2: office and period, row 4: headers, data below
_FILLS = {"green": "D4EFEA", "amber": "FCE5CD", "red": "F6D5DA"}


def write_xlsx(report: PeriodReport, path: str | Path, tables: dict[str, Table] | None = None,
               voice: VoiceReport | None = None) -> Path:
    """A workbook: one sheet per table, numbers stored as numbers with Indonesian-style display;
    with `voice`, three more sheets: IKM, IKM per bulan, Pengaduan."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tables = tables or period_tables(report)
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


XLSX_IKM_SHEET, XLSX_TREND_SHEET, XLSX_COMPLAINT_SHEET = "IKM", "IKM per bulan", "Pengaduan"
_XLSX_FORMATS = {MINUTES: "0.0", DEC1: "0.0", DEC2: "0.00", SHARE: "0%", INT: "#,##0"}


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
                cell.fill = PatternFill("solid", fgColor=_FILLS[level])
    ws.row_dimensions[header_row].height = 32
    return header_row + 1 + len(table.rows)


def write_pdf(report: PeriodReport, path: str | Path, tables: dict[str, Table] | None = None,
              voice: VoiceReport | None = None) -> Path:
    """The monthly (or any period's) report in Indonesian, ready to file for monev; with `voice`,
    the sections on the satisfaction survey (IKM) and on complaints."""
    return _build_pdf(report, Path(path), tables or period_tables(report), voice)


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-11' → (1 Nov 2026, 30 Nov 2026)."""
    first = date.fromisoformat(f"{month}-01")
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, nxt - timedelta(days=1)


def peak_hours(report: PeriodReport, n: int = 3) -> list[GroupStats]:
    """The n local hours with the most tickets issued, busiest first."""
    return sorted(report.hours, key=lambda g: (-(g.issued or 0), g.key))[:n]



# --- the PDF report -----------------------------------------------------------------------------
PDF_SERVICE_KEYS = ("service", "issued", "served", "no_shows", "wait_target", "wait_avg",
                    "wait_median", "wait_p90", "wait_within", "service_target", "service_avg",
                    "service_median", "service_p90", "service_within")
PDF_GROUP_KEYS = ("label", "served", "no_shows", "transferred", "wait_avg", "wait_p90",
                  "wait_within", "service_avg", "service_median", "service_p90", "service_within")
PDF_HOUR_KEYS = ("label", "issued", "served", "no_shows", "wait_avg", "wait_median", "wait_p90",
                 "wait_within")
# the PDF's narrow columns: shorter headings (the figures are the screen's, word for word)
PDF_HEADINGS = {"served": "Selesai", "no_shows": "Tidak hadir", "transferred": "Dialihkan",
                "wait_target": "Standar", "service_target": "Standar", "wait_avg": "Rerata",
                "service_avg": "Rerata", "wait_median": "Median", "service_median": "Median",
                "wait_p90": "P90", "service_p90": "P90", "wait_max": "Maks", "service_max": "Maks",
                "wait_within": "Sesuai standar", "service_within": "Sesuai standar"}
_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/DejaVuSans.ttf", "C:/Windows/Fonts/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
_PDF_COLOURS = {"navy": "#0b2545", "navy2": "#13315c", "green": "#1b998b", "amber": "#f4a259",
                "red": "#d1495b", "grey": "#8d99ae", "light": "#eef2f7"}
_SERIES = ("#13315c", "#1b998b", "#f4a259", "#d1495b", "#7b5ea7", "#4f9d69", "#c97b2a", "#3d7dca")


def _pdf_fonts() -> tuple[str, str]:
    """A TrueType font with Indonesian text, '—' and '≤' (DejaVu), else reportlab's Vera."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "Antrean" in pdfmetrics.getRegisteredFontNames():
        return "Antrean", "Antrean-Bold"
    import reportlab
    vera = Path(reportlab.__file__).parent / "fonts"
    for regular, bold in _FONT_CANDIDATES + ((str(vera / "Vera.ttf"), str(vera / "VeraBd.ttf")),):
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("Antrean", regular))
            pdfmetrics.registerFont(TTFont("Antrean-Bold", bold))
            return "Antrean", "Antrean-Bold"
    return "Helvetica", "Helvetica-Bold"


def _build_pdf(report: PeriodReport, path: Path, tables: dict[str, Table],
               voice: VoiceReport | None = None) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate,
                                    Spacer, Table as PdfTable, TableStyle)

    from .indonesian import format_date, zone_abbreviation

    font, bold = _pdf_fonts()
    c = {k: colors.HexColor(v) for k, v in _PDF_COLOURS.items()}
    st = {
        "office": ParagraphStyle("office", fontName=font, fontSize=9, textColor=c["grey"],
                                 leading=12),
        "title": ParagraphStyle("title", fontName=bold, fontSize=17, leading=21,
                                textColor=c["navy"], spaceAfter=2),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=9, leading=12, textColor=c["navy2"]),
        "h": ParagraphStyle("h", fontName=bold, fontSize=12, leading=15, textColor=c["navy"],
                            spaceBefore=10, spaceAfter=5),
        "p": ParagraphStyle("p", fontName=font, fontSize=9, leading=12.5),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=10,
                                textColor=colors.HexColor("#52606d")),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7, leading=8.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=6, leading=7.5,
                               textColor=colors.white),
        "kpi": ParagraphStyle("kpi", fontName=bold, fontSize=15, leading=18, textColor=c["navy"]),
        "kpil": ParagraphStyle("kpil", fontName=font, fontSize=7.5, leading=9,
                               textColor=colors.HexColor("#52606d")),
    }
    title = report_title(report.first, report.last)
    zone = zone_abbreviation(report.timezone)
    width = A4[0] - 36 * mm
    story: list = []
    P = Paragraph  # noqa: N806

    story += [P(report.office, st["office"]), P(title, st["title"]),
              P(f"Periode {format_date(report.first)} s.d. {format_date(report.last)} · waktu "
                f"{zone} · dibuat {format_date(date.today())}", st["sub"]), Spacer(1, 4 * mm)]

    # 1. summary
    t = report.total
    issued = t.issued or 0
    peaks = peak_hours(report)
    worst = sorted((s for s in report.services if s.waiting.count),
                   key=lambda s: s.waiting.within_share)[:2]
    kpis = [("Nomor diterbitkan", format_value(issued, INT)),
            ("Dilayani", format_value(t.served, INT)),
            ("Tidak hadir", format_value(t.no_shows, INT)),
            ("Tunggu ≤ standar", format_value(t.waiting.within_share, SHARE)),
            ("Layanan ≤ standar", format_value(t.service_time.within_share, SHARE))]
    box = PdfTable([[P(v, st["kpi"]) for _, v in kpis], [P(k, st["kpil"]) for k, _ in kpis]],
                   colWidths=[width / len(kpis)] * len(kpis))
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), c["light"]),
                             ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                             ("TOPPADDING", (0, 0), (-1, 0), 7), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    story += [P("1. Ringkasan", st["h"]), box, Spacer(1, 3 * mm)]
    lines = [
        f"Selama periode ini diterbitkan <b>{format_value(issued, INT)}</b> nomor antrean; "
        f"<b>{format_value(t.served, INT)}</b> layanan selesai, <b>{format_value(t.no_shows, INT)}</b> "
        f"pengunjung tidak hadir ({format_value(t.no_shows / issued if issued else None, SHARE)} "
        f"dari nomor yang terbit) dan {format_value(t.cancelled, INT)} nomor dibatalkan.",
        f"Waktu tunggu rata-rata <b>{format_value(t.waiting.average, MINUTES)} menit</b> (median "
        f"{format_value(t.waiting.median, MINUTES)}, persentil ke-90 "
        f"{format_value(t.waiting.p90, MINUTES)} menit); "
        f"<b>{format_value(t.waiting.within_share, SHARE)}</b> pengunjung dipanggil dalam batas "
        f"standar waktu tunggu layanannya.",
        f"Waktu layanan rata-rata <b>{format_value(t.service_time.average, MINUTES)} menit</b>; "
        f"{format_value(t.service_time.within_share, SHARE)} layanan selesai dalam batas standar.",
    ]
    if peaks:
        lines.append("Jam tersibuk (pukul, waktu " + zone + "): " + ", ".join(
            f"{hour_text(g.key)} ({format_value(g.issued, INT)} nomor)" for g in peaks) + ".")
    if worst:
        lines.append("Capaian waktu tunggu terendah: " + "; ".join(
            f"{s.name} ({format_value(s.waiting.within_share, SHARE)} ≤ "
            f"{format_value(s.target_wait_min, MINUTES)} menit)" for s in worst) + ".")
    story += [P("• " + line, st["p"]) for line in lines]

    # 2. per service against the standards
    story += [P("2. Kinerja per layanan terhadap standar pelayanan", st["h"])]
    story.append(_pdf_table(tables["service"], PDF_SERVICE_KEYS, st, c, width, font, bold,
                            groups=(("Waktu tunggu (menit)", 4, 8),
                                    ("Waktu layanan (menit)", 9, 13)),
                            first_width=0.17))
    story.append(P(f"Warna capaian: hijau ≥ {int(SHARE_GREEN_PCT)}%, kuning ≥ "
                   f"{int(SHARE_AMBER_PCT)}%, merah di bawahnya. P90 = persentil ke-90 "
                   "(peringkat terdekat); waktu sama dengan standar dihitung sesuai standar.",
                   st["small"]))

    # 3. charts
    story += [CondPageBreak(95 * mm), P("3. Grafik", st["h"])]
    story.append(KeepTogether([P("Kedatangan dan layanan selesai per jam (waktu " + zone + ")",
                                 st["p"]), _hour_chart(report, width, font, c)]))
    story.append(Spacer(1, 4 * mm))
    busiest = sorted((s for s in report.services if s.waiting.count),
                     key=lambda s: -s.issued)[:4]
    if busiest:
        cells = [_histogram_chart(report, s, width / 2 - 3 * mm, font, c) for s in busiest]
        rows = [cells[i:i + 2] + ([""] if len(cells[i:i + 2]) == 1 else [])
                for i in range(0, len(cells), 2)]
        grid = PdfTable(rows, colWidths=[width / 2] * 2)
        grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(KeepTogether([P("Sebaran waktu tunggu; garis merah = standar waktu tunggu "
                                     "(layanan dengan nomor terbanyak)", st["p"]), grid]))
    if len(report.days) > 1:
        story.append(KeepTogether([
            P("Persentase pengunjung dengan waktu tunggu ≤ standar per hari (lima layanan dengan "
              "nomor terbanyak; garis putus-putus: 80% dan 60%)",
              st["p"]), _share_chart(report, width, font, c)]))

    # 4. peak hours, 5. no-shows
    story += [CondPageBreak(60 * mm), P("4. Jam sibuk", st["h"])]
    peak_keys = {g.key for g in peaks}
    story.append(_pdf_table(tables["hour"], PDF_HOUR_KEYS, st, c, width, font, bold,
                            groups=(("Waktu tunggu (menit)", 4, 7),), bold_rows=[i for i, g in enumerate(report.hours) if g.key in peak_keys],
                            first_width=0.2))
    story.append(P("Baris tebal: tiga jam dengan nomor terbanyak. Kedatangan dan waktu tunggu "
                   "menurut jam ambil nomor; layanan selesai menurut jam selesai.", st["small"]))
    story += [P("5. Pengunjung tidak hadir", st["h"])]
    rows = [["Layanan", "Terbit", "Tidak hadir", "% dari terbit"]]
    for s in report.services:
        if s.issued or s.no_shows:
            rows.append([P(s.name, st["cell"]), format_value(s.issued, INT),
                         format_value(s.no_shows, INT),
                         format_value(s.no_shows / s.issued if s.issued else None, SHARE)])
    rows.append(["Jumlah", format_value(issued, INT), format_value(t.no_shows, INT),
                 format_value(t.no_shows / issued if issued else None, SHARE)])
    story.append(_plain_table(rows, [0.55, 0.15, 0.15, 0.15], width, font, bold, c, total=True))

    # 6. counters and officers
    for n, key, heading in ((6, "counter", "Kinerja per loket"), (7, "officer", "Kinerja per petugas")):
        if tables[key].rows:
            story += [CondPageBreak(40 * mm), P(f"{n}. {heading}", st["h"]),
                      _pdf_table(tables[key], PDF_GROUP_KEYS, st, c, width, font, bold,
                                 groups=(("Waktu tunggu (menit)", 4, 6),
                                         ("Waktu layanan (menit)", 7, 10)), first_width=0.22)]
    if voice is not None:
        story += _voice_story(voice, st, c, width, font, bold)
    notes = [P("Cara penghitungan", st["h"])] + [
        P("• " + x, st["small"]) for x in PDF_NOTES + (PDF_IKM_NOTES if voice else ())]
    sign = PdfTable([["", P(f"{format_date(date.today())}<br/>Mengetahui,<br/>Kepala Unit "
                            "Pelayanan<br/><br/><br/><br/>( ...................................... )",
                            st["p"])]], colWidths=[width * 0.55, width * 0.45])
    story.append(KeepTogether(notes + [Spacer(1, 6 * mm), sign]))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(c["grey"])
        canvas.drawString(18 * mm, 10 * mm, f"{report.office} — {title}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=18 * mm, title=title,
                            author=report.office, subject="Laporan kinerja pelayanan (monev)")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


SHARE_GREEN_PCT, SHARE_AMBER_PCT = 80, 60
PDF_NOTES = (
    "Waktu tunggu = saat pertama dipanggil − saat ambil nomor, dihitung pada layanan yang "
    "menerbitkan nomor. Waktu layanan = selesai − mulai untuk setiap tahap di loket "
    "(pengalihan menutup satu tahap).",
    "Dilayani = tahap layanan yang berakhir selesai; tiket yang dialihkan dilayani oleh layanan "
    "tujuan. Tidak hadir dan batal menurut status akhir tiket (yang aktif kembali lalu dilayani "
    "dihitung dilayani saja).",
    "Hari = hari layanan setempat saat nomor diambil (juga bila dilayani lewat tengah malam). "
    "Median = nilai tengah; P90 = nilai pada peringkat ⌈0,9 × n⌉.",
)


PDF_IKM_NOTES = (
    "IKM (PermenPANRB 14/2017): NRR per unsur = jumlah nilai ÷ jumlah responden yang menjawab "
    "unsur itu; IKM = (Σ NRR × 1/9) × 25, dihitung tepat (bobot 1/9, bukan 0,111) lalu dibulatkan "
    "dua desimal ke atas pada setengah sebelum dikelompokkan: A 88,31–100,00 (sangat baik), "
    "B 76,61–88,30 (baik), C 65,00–76,60 (kurang baik), D 25,00–64,99 (tidak baik).",
    "Responden = tiket yang sudah dilayani dan mengisi survei (satu tiket satu penilaian, tanpa "
    "identitas). Sampel minimal menurut tabel Krejcie–Morgan untuk jumlah pengunjung yang "
    "dilayani pada periode itu (tiket selesai menurut hari layanan).",
    "Pengaduan dihitung menurut tanggal diterima (waktu setempat); jam sampai selesai = saat "
    "berstatus selesai − saat diterima, untuk pengaduan periode ini yang sudah selesai.",
)
MONTH_SHORT_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
IKM_BAND_LINES = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
PDF_IKM_SERVICE_KEYS = ("service", "visitors", "sample_needed", "respondents", "enough", "ikm",
                        "mutu", "kinerja")
PDF_IKM_TREND_KEYS = ("month", "visitors", "sample_needed", "respondents", "enough", "ikm", "mutu",
                      "kinerja")


def _voice_story(voice: VoiceReport, st, c, width, font, bold) -> list:
    """Sections 8 (SKM/IKM) and 9 (complaints) of the PDF report."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph as P, Spacer
    from reportlab.platypus import Table as PdfTable, TableStyle
    vt = voice_tables(voice)
    rep = voice.ikm
    r = rep.result
    story: list = [CondPageBreak(110 * mm), P("8. Survei Kepuasan Masyarakat (SKM)", st["h"])]
    kpis = [("IKM unit pelayanan", format_value(r.ikm, DEC2)), ("Mutu pelayanan", r.mutu or "-"),
            ("Kinerja unit pelayanan", r.kinerja or "-"),
            ("Responden", format_value(r.respondents, INT)),
            ("Sampel minimal (Krejcie–Morgan)", format_value(rep.sample_needed, INT))]
    box = PdfTable([[P(v, st["kpi"]) for _, v in kpis], [P(k, st["kpil"]) for k, _ in kpis]],
                   colWidths=[width / len(kpis)] * len(kpis))
    style = [("BACKGROUND", (0, 0), (-1, -1), c["light"]),
             ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
             ("TOPPADDING", (0, 0), (-1, 0), 7), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
             ("LEFTPADDING", (0, 0), (-1, -1), 8)]
    if r.mutu:
        style.append(("BACKGROUND", (1, 0), (1, -1),
                      colors.HexColor("#" + _FILLS[MUTU_LEVELS[r.mutu]])))
    box.setStyle(TableStyle(style))
    story += [box, Spacer(1, 3 * mm), P("• " + ikm_text(rep) + ".", st["p"])]
    warn = _tinted(st["p"], "warn", c["red"] if not rep.enough else c["green"])
    story.append(P(("⚠ " if not rep.enough else "✓ ") + sample_sentence(rep), warn))
    story.append(Spacer(1, 2 * mm))
    story.append(KeepTogether([
        P("Nilai per unsur pelayanan", st["p"]),
        _pdf_table(vt["ikm"], ("element", "respondents", "total", "nrr", "converted", "mutu"),
                   st, c, width, font, bold, first_width=0.45)]))
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([
        P("IKM per layanan dan kecukupan sampel", st["p"]),
        _pdf_table(vt["ikm_service"], PDF_IKM_SERVICE_KEYS, st, c, width, font, bold,
                   first_width=0.3, bold_rows=[len(vt["ikm_service"].rows) - 1])]))
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([
        P("Perkembangan IKM 12 bulan terakhir (garis putus-putus: batas mutu A 88,31, B 76,61, "
          "C 65,00)", st["p"]), _ikm_trend_chart(voice.trend, width, font, c),
        _pdf_table(vt["ikm_trend"], PDF_IKM_TREND_KEYS, st, c, width, font, bold,
                   first_width=0.2)]))

    s = voice.complaints
    story += [CondPageBreak(70 * mm), P("9. Pengaduan, saran dan masukan", st["h"])]
    closed = s["by_status"]["selesai"]
    story.append(P(
        f"• Pada periode ini diterima <b>{format_value(s['total'], INT)}</b> pengaduan: "
        + ", ".join(f"{format_value(n, INT)} {k}" for k, n in s["by_status"].items()) + ".",
        st["p"]))
    if closed:
        story.append(P(
            f"• Waktu sampai selesai: rata-rata <b>{format_value(s['avg_hours_to_close'], DEC1)} "
            f"jam</b>, median {format_value(s['median_hours_to_close'], DEC1)} jam "
            f"({format_value(closed, INT)} pengaduan selesai).", st["p"]))
    half = width / 2 - 3 * mm
    pair = PdfTable([[_pdf_table(vt["complaint_status"], ("status", "count"), st, c, half, font,
                                 bold, first_width=0.6, bold_rows=[3]),
                      _pdf_table(vt["complaint_category"], ("category", "count"), st, c, half,
                                 font, bold, first_width=0.6)]],
                    colWidths=[width / 2] * 2)
    pair.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 2 * mm), pair, Spacer(1, 3 * mm),
              _pdf_table(vt["complaint_time"], ("closed", "avg_hours", "median_hours"), st, c,
                         width, font, bold, first_width=1 / 3)]
    return story


def _tinted(base, name: str, colour):
    from reportlab.lib.styles import ParagraphStyle
    return ParagraphStyle(name, parent=base, textColor=colour)


def _ikm_trend_chart(trend: list[MonthIkm], width, font, c):
    """Monthly IKM as a line (gaps where a month has no IKM) over the A/B/C thresholds."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.graphics.widgets.markers import makeMarker
    values = [(i, float(m.ikm.result.ikm)) for i, m in enumerate(trend)
              if m.ikm.result.ikm is not None]
    runs: list[list[tuple[int, float]]] = []
    for i, v in values:
        if runs and runs[-1][-1][0] == i - 1:
            runs[-1].append((i, v))
        else:
            runs.append([(i, v)])
    low = min([v for _, v in values] + [60.0])
    y_min = max(25, int(low // 10) * 10)
    d = Drawing(width, 150)
    lp = LinePlot()
    lp.x, lp.y, lp.width, lp.height = 30, 20, width - 60, 120
    lp.data = runs or [[(0, y_min)]]
    lp.xValueAxis.valueMin, lp.xValueAxis.valueMax = -0.5, len(trend) - 0.5
    lp.xValueAxis.valueSteps = list(range(len(trend)))
    lp.xValueAxis.labelTextFormat = lambda v: (
        f"{MONTH_SHORT_ID[trend[int(v)].month.month - 1]} {trend[int(v)].month.year % 100:02d}"
        if 0 <= int(v) < len(trend) else "")
    lp.yValueAxis.valueMin, lp.yValueAxis.valueMax, lp.yValueAxis.valueStep = y_min, 100, 10
    lp.yValueAxis.labelTextFormat = lambda v: format_number(v, 0)
    lp.yValueAxis.visibleGrid, lp.yValueAxis.gridStrokeColor = True, c["light"]
    for axis in (lp.xValueAxis.labels, lp.yValueAxis.labels):
        axis.fontName, axis.fontSize = font, 6.5
    for i in range(len(lp.data)):
        lp.lines[i].strokeColor = c["navy2"] if runs else None
        lp.lines[i].strokeWidth = 1.6
        lp.lines[i].symbol = makeMarker("FilledCircle", size=3.5, fillColor=c["navy2"],
                                        strokeColor=c["navy2"])
    d.add(lp)
    for level, mutu in IKM_BAND_LINES:
        y = lp.y + lp.height * (float(level) - y_min) / (100 - y_min)
        d.add(Line(lp.x, y, lp.x + lp.width, y, strokeColor=c["amber"] if mutu != "A" else c["green"],
                   strokeWidth=0.8, strokeDashArray=[3, 2]))
        d.add(String(lp.x + lp.width + 3, y - 2.5, f"{mutu} {format_number(level, 2)}",
                     fontName=font, fontSize=6.5, fillColor=c["grey"]))
    for i, v in values:
        px = lp.x + lp.width * (i + 0.5) / len(trend)
        py = lp.y + lp.height * (v - y_min) / (100 - y_min)
        d.add(String(px, py + 4, format_number(v, 2), fontName=font, fontSize=6,
                     textAnchor="middle", fillColor=c["navy"]))
    return d


def hour_text(key: str) -> str:
    h = int(key)
    return f"{h:02d}.00–{(h + 1) % 24:02d}.00"


def _plain_table(rows, fractions, width, font, bold, c, total=False, header_rows=1):
    from reportlab.lib import colors
    from reportlab.platypus import Table as PdfTable, TableStyle
    h = header_rows - 1
    t = PdfTable(rows, colWidths=[width * f for f in fractions], repeatRows=header_rows)
    style = [("FONT", (0, 0), (-1, -1), font, 7.5), ("FONT", (0, 0), (-1, h), bold, 7.5),
             ("BACKGROUND", (0, 0), (-1, h), c["navy2"]),
             ("TEXTCOLOR", (0, 0), (-1, h), colors.white),
             ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, c["light"]]),
             ("LINEBELOW", (0, -1), (-1, -1), 0.5, c["grey"]),
             ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    if total:
        style += [("FONT", (0, -1), (-1, -1), bold, 7.5),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.8, c["navy2"])]
    t.setStyle(TableStyle(style))
    return t


def _pdf_table(table: Table, keys, st, c, width, font, bold, groups=(), bold_rows=(),
               first_width=0.22):
    """A subset of a screen table with the same texts; share cells coloured by level.

    `groups`: (heading, first column, last column) spanning a second header row above."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle
    cols = [table.column(k) for k in keys]
    heads = [Paragraph(PDF_HEADINGS.get(table.columns[j].key, table.columns[j].title), st["head"])
             for j in cols]
    rows = [heads] + [[Paragraph(table.text(i, j), st["cell"]) if k == 0 else table.text(i, j)
                       for k, j in enumerate(cols)] for i in range(len(table.rows))]
    top = 0
    style = []
    if groups:
        group_row = [""] * len(cols)
        for label, a, b in groups:
            group_row[a] = label
            style += [("SPAN", (a, 0), (b, 0)), ("ALIGN", (a, 0), (b, 0), "CENTER"),
                      ("LINEBELOW", (a, 0), (b, 0), 0.6, colors.white)]
        rows.insert(0, group_row)
        top = 1
    rest = (1 - first_width) / (len(cols) - 1)
    t = _plain_table(rows, [first_width] + [rest] * (len(cols) - 1), width, font, bold, c,
                     header_rows=top + 1)
    for i in range(len(table.rows)):
        for k, j in enumerate(cols):
            level = table.level(i, j)
            if level:
                style.append(("BACKGROUND", (k, top + 1 + i), (k, top + 1 + i),
                              colors.HexColor("#" + _FILLS[level])))
        if i in bold_rows:
            style.append(("FONT", (1, top + 1 + i), (-1, top + 1 + i), bold, 7.5))
    for k, j in enumerate(cols[1:], start=1):      # words (mutu, cukup, Baik): centred
        if table.columns[j].kind in TEXT_KINDS:
            style.append(("ALIGN", (k, top), (k, -1), "CENTER"))
    t.setStyle(TableStyle(style))
    return t


def _hour_chart(report: PeriodReport, width, font, c):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    hours = report.hours
    d = Drawing(width, 150)
    ch = VerticalBarChart()
    ch.x, ch.y, ch.width, ch.height = 35, 25, width - 45, 105
    ch.data = [[g.issued or 0 for g in hours], [g.served for g in hours]] if hours else [[0]]
    ch.categoryAxis.categoryNames = [f"{int(g.key):02d}" for g in hours] or [""]
    ch.valueAxis.valueMin = 0
    for axis in (ch.categoryAxis.labels, ch.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    ch.valueAxis.labelTextFormat = lambda v: format_value(v, INT)
    ch.valueAxis.valueStep = _axis_step(max(max(row) for row in ch.data))
    ch.valueAxis.gridStrokeColor = c["light"]
    ch.valueAxis.visibleGrid = True
    ch.bars[0].fillColor, ch.bars[1].fillColor = c["navy2"], c["green"]
    ch.bars.strokeColor = None
    ch.groupSpacing, ch.barSpacing = 6, 1
    d.add(ch)
    lg = Legend()
    lg.x, lg.y, lg.fontName, lg.fontSize = width - 190, 145, font, 7.5
    lg.columnMaximum, lg.dxTextSpace, lg.deltax = 1, 4, 90
    lg.alignment = "right"
    lg.colorNamePairs = [(c["navy2"], "Nomor diambil"), (c["green"], "Layanan selesai")]
    d.add(lg)
    return d


def _axis_step(top: float) -> float:
    """A round step giving at most about six grid lines up to `top`."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top <= step * 6:
            return step
    return 100000


def wait_bins(target: float, values: list[float]) -> tuple[float, int]:
    """(bin width, number of bins) for a waiting-time histogram: about 2.5 × the standard."""
    step = 5.0 if target <= 60 else 10.0
    top = max(2.5 * target, min(values[-1] if values else 0, 4 * target))
    return step, max(4, min(24, int(top // step) + 1))


def _histogram_chart(report: PeriodReport, s: ServiceStats, width, font, c):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, Line, String
    values = report.waits.get(s.service, [])
    step, n = wait_bins(s.target_wait_min, values)
    counts = [0] * n
    for v in values:
        counts[min(n - 1, int(v // step))] += 1
    d = Drawing(width, 135)
    d.add(String(0, 125, f"{s.prefix} · {s.name}"[:52], fontName=font, fontSize=8,
                 fillColor=c["navy"]))
    ch = VerticalBarChart()
    ch.x, ch.y, ch.width, ch.height = 30, 22, width - 38, 92
    ch.data = [counts]
    every = 2 if n <= 12 else 4
    ch.categoryAxis.categoryNames = [
        f"≥{format_number(i * step, 0)}" if i == n - 1 else
        format_number(i * step, 0) if i % every == 0 and i < n - every // 2 - 1 else ""
        for i in range(n)]
    for axis in (ch.categoryAxis.labels, ch.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 6.5
    ch.valueAxis.valueMin = 0
    ch.valueAxis.labelTextFormat = lambda v: format_value(v, INT)
    ch.valueAxis.valueStep = _axis_step(max(counts))
    ch.bars.strokeColor = None
    ch.barSpacing = 0
    ch.groupSpacing = 1
    for i in range(n):
        ch.bars[(0, i)].fillColor = c["green"] if (i + 1) * step <= s.target_wait_min else c["grey"]
    d.add(ch)
    x = ch.x + ch.width * min(1.0, s.target_wait_min / (n * step))
    d.add(Line(x, ch.y, x, ch.y + ch.height + 4, strokeColor=c["red"], strokeWidth=1.5))
    d.add(String(x + 2, ch.y + ch.height - 2, f"standar {format_number(s.target_wait_min, 0)} mnt",
                 fontName=font, fontSize=6.5, fillColor=c["red"]))
    d.add(String(ch.x + ch.width, 4, "menit", fontName=font, fontSize=6.5, textAnchor="end",
                 fillColor=c["grey"]))
    return d


def _share_chart(report: PeriodReport, width, font, c):
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, Line
    from reportlab.lib import colors
    days = [date.fromisoformat(g.key) for g in report.days]
    index = {d: i for i, d in enumerate(days)}
    top = sorted((s for s in report.services if report.daily_wait_share.get(s.service)),
                 key=lambda s: -s.issued)[:5]
    d = Drawing(width, 175)
    lp = LinePlot()
    lp.x, lp.y, lp.width, lp.height = 30, 45, width - 40, 120
    lp.data = [sorted((index[day], share * 100)
                      for day, share in report.daily_wait_share[s.service].items() if day in index)
               for s in top] or [[(0, 0)]]
    lp.xValueAxis.valueMin, lp.xValueAxis.valueMax = -0.5, max(0.5, len(days) - 0.5)
    step = max(1, len(days) // 12)
    lp.xValueAxis.valueSteps = list(range(0, len(days), step))
    lp.xValueAxis.labelTextFormat = lambda v: format_day(days[int(v)], short=True)[4:] if 0 <= int(v) < len(days) else ""
    lp.yValueAxis.valueMin, lp.yValueAxis.valueMax, lp.yValueAxis.valueStep = 0, 100, 20
    lp.yValueAxis.labelTextFormat = "%d%%"
    lp.yValueAxis.visibleGrid, lp.yValueAxis.gridStrokeColor = True, c["light"]
    for axis in (lp.xValueAxis.labels, lp.yValueAxis.labels):
        axis.fontName, axis.fontSize = font, 6.5
    for i in range(len(top)):
        lp.lines[i].strokeColor = colors.HexColor(_SERIES[i])
        lp.lines[i].strokeWidth = 1.3
    d.add(lp)
    for level, colour in ((SHARE_GREEN_PCT, c["green"]), (SHARE_AMBER_PCT, c["amber"])):
        y = lp.y + lp.height * level / 100
        d.add(Line(lp.x, y, lp.x + lp.width, y, strokeColor=colour, strokeWidth=0.8,
                   strokeDashArray=[3, 2]))
    lg = Legend()
    lg.x, lg.y, lg.fontName, lg.fontSize = 0, 30, font, 7
    lg.columnMaximum, lg.deltax, lg.dxTextSpace = 3, width / 2, 4
    lg.colorNamePairs = [(colors.HexColor(_SERIES[i]), f"{s.prefix} {s.name}"[:45])
                         for i, s in enumerate(top)]
    d.add(lg)
    return d

__all__ = ["Column", "Table", "LiveCounter", "period_tables", "live_service_table",
           "live_counter_table", "write_csv", "write_xlsx", "write_pdf", "report_title",
           "period_title", "month_bounds", "peak_hours", "format_value", "format_day"]
