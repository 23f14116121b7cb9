"""The statistics as tables — one definition for the screen, CSV, XLSX and the PDF report.

This module holds the tables of a period's performance (`period_tables`) and of today's
(`live_service_table`, `live_counter_table`), and the entry points that write the files
(`write_csv`, `write_xlsx`, `write_pdf`). Everything else a report needs is re-exported from the
modules beside it, so `from shared.reports.tables import …` keeps working:

- `table`: `Table`, `Column`, the cell kinds and the Indonesian formatting of numbers,
  dates and periods;
- `survey_tables`: the survey (IKM) and complaints tables and sentences;
- `xlsx`: the CSV and XLSX files;
- `pdf`, `pdf_style`, `charts`: the PDF report, its look and its charts.

openpyxl and reportlab are imported only when a file is written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

# re-exported: the names `from shared.reports.tables import …` has always given
from shared.reports.charts import (  # noqa: F401
                                   IKM_BAND_LINES, MONTH_SHORT_ID, SERIES_COLOURS, SHARE_AMBER_PCT, SHARE_GREEN_PCT, wait_bins)
from shared.reports.pdf import (  # noqa: F401
                                PDF_GROUP_KEYS, PDF_HOUR_KEYS, PDF_IKM_NOTES, PDF_IKM_SERVICE_KEYS, PDF_IKM_TREND_KEYS,
                                PDF_NOTES, PDF_SERVICE_KEYS, build_pdf, peak_hours)
from shared.reports.pdf_style import PDF_HEADINGS  # noqa: F401
from shared.reports.table import (  # noqa: F401
                                  DEC1, DEC2, INT, MINUTES, MUTU, MUTU_LEVELS, SHARE, STATUS, STATUS_LEVELS, TEXT, TEXT_KINDS,
                                  Column, Table, cell_level, format_day, format_number, format_value, hour_text, local_stamp,
                                  month_bounds, month_name, period_title, report_title)
from shared.reports.survey_tables import (  # noqa: F401
                                          COMPLAINT_CATEGORY_ID, COMPLAINT_STATUS_ID, ELEMENT_NAMES, complaint_category_table,
                                          complaint_history_table, complaint_list_table, complaint_status_table, complaint_time_table,
                                          element_mutu, ikm_element_table, ikm_service_table, ikm_summary_lines, ikm_text,
                                          ikm_trend_table, sample_sentence, voice_tables)
from shared.reports.xlsx import (  # noqa: F401
                                 XLSX_COMPLAINT_SHEET, XLSX_HEADER_ROW, XLSX_IKM_SHEET, XLSX_TREND_SHEET, build_xlsx, csv_value,
                                 write_csv)
from shared.reports.stats import PeriodReport, ServiceStats, VoiceReport
from shared.reports.booking_stats import booking_table
from shared.reports.live import LiveCounter, LiveService, LiveSnapshot  # noqa: F401 (LiveCounter)


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
    """The period's tables by name: service, counter, officer, hour, day; and booking when
    the report carries booked-vs-walk-in figures (`report.booking`)."""
    tables = {
        "service": Table("service", "Per layanan", service_columns(), report.services),
        "counter": Table("counter", "Per loket", group_columns("Loket", "Counter", False),
                         report.counters),
        "officer": Table("officer", "Per petugas", group_columns("Petugas", "Officer", False),
                         report.officers),
        "hour": Table("hour", "Per jam", group_columns("Jam", "Hour", True, show=hour_text),
                      report.hours),
        "day": Table("day", "Per hari", group_columns("Tanggal", "Date", True, show=format_day),
                     report.days),
    }
    if report.booking is not None and report.booking.services:
        tables["booking"] = booking_table(report.booking)
    return tables


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


# --- the files ----------------------------------------------------------------------------------
def write_xlsx(report: PeriodReport, path: str | Path, tables: dict[str, Table] | None = None,
               voice: VoiceReport | None = None) -> Path:
    """A workbook: one sheet per table, numbers stored as numbers with Indonesian-style display;
    with `voice`, three more sheets: IKM, IKM per bulan, Pengaduan."""
    return build_xlsx(report, path, tables or period_tables(report), voice)


def write_pdf(report: PeriodReport, path: str | Path, tables: dict[str, Table] | None = None,
              voice: VoiceReport | None = None, plan=None) -> Path:
    """The monthly (or any period's) report in Indonesian, ready to file for monev; with `voice`,
    the sections on the satisfaction survey (IKM) and on complaints; with `plan`
    (`pdf_plan.period_plan`), the page "Rekomendasi jumlah loket"."""
    return build_pdf(report, Path(path), tables or period_tables(report), voice, plan)


__all__ = ["Column", "Table", "LiveCounter", "period_tables", "live_service_table",
           "live_counter_table", "write_csv", "write_xlsx", "write_pdf", "report_title",
           "period_title", "month_bounds", "peak_hours", "format_value", "format_day"]
