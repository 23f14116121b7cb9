"""The visitor's voice as tables: the satisfaction survey (SKM/IKM) and the complaints.

The same tables fill the supervisor's IKM and complaints screens, the XLSX sheets and the PDF's
sections 8 and 9 (`voice_tables`); the sentences (`ikm_text`, `sample_sentence`) too.
"""
from __future__ import annotations

from datetime import tzinfo
from decimal import Decimal
from typing import Any, Callable

from shared.ikm import ELEMENTS, classify
from shared.reports.table import DEC1, DEC2, INT, MUTU, STATUS, TEXT, Column, Table, format_value, \
    local_stamp, month_name
from shared.reports.stats import MonthIkm, ServiceIkm, VoiceReport

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


def complaint_list_table(complaints: list, tz: tzinfo) -> Table:
    """The complaints list of the supervisor's screen (a shared.store.survey.Complaint per row; the
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
    """Who changed what and when (shared.store.survey.complaint_history rows)."""
    cols = [Column("at", "Waktu", "When", TEXT, lambda r: r["at"], lambda v: local_stamp(v, tz)),
            Column("status", "Status", "Status", STATUS, lambda r: r["status"],
                   lambda v: COMPLAINT_STATUS_ID.get(v, v)),
            Column("officer", "Oleh", "By", TEXT,
                   lambda r: names.get(r["officer"], r["officer"]) if r["officer"]
                   else "(pelapor)"),
            Column("note", "Catatan tindak lanjut", "Follow-up note", TEXT, lambda r: r["note"])]
    return Table("complaint_history", "Riwayat", cols, history)
