"""CLI subcommands for supervisors: the dashboard, the period report files, the simulator.

    antrean supervisor [--windowed]
    antrean report --month 2026-11 [--pdf FILE] [--xlsx FILE] [--csv FILE [--table NAME]]
        (the PDF and XLSX include the satisfaction survey (IKM) and the complaints summary)
    antrean report --from 2026-11-01 --to 2026-11-07 ...
    antrean simulate --tickets 1000000 --out FILE [--days 365] [--now 2026-11-30T11:00]
"""
from __future__ import annotations

import importlib
import importlib.util
import json
from datetime import date, datetime, time
from pathlib import Path

from shared.domain import AntreanError

TABLE_NAMES = ("service", "counter", "officer", "hour", "day", "booking")


def register(subparsers) -> dict:
    s = subparsers.add_parser("supervisor", help="the supervisor's dashboard (live and any period)")
    s.add_argument("--windowed", action="store_true", help="not maximised (development)")

    s = subparsers.add_parser("report", help="performance report of a month or any dates: "
                                             "PDF (Indonesian), XLSX, CSV")
    s.add_argument("--month", help="the month, YYYY-MM")
    s.add_argument("--from", dest="date_from", type=date.fromisoformat, help="first local date")
    s.add_argument("--to", dest="date_to", type=date.fromisoformat, help="last local date")
    s.add_argument("--pdf", type=Path, help="write the PDF report here")
    s.add_argument("--xlsx", type=Path, help="write every table to this workbook")
    s.add_argument("--csv", type=Path, help="write one table (--table) as CSV")
    s.add_argument("--table", choices=TABLE_NAMES, default="service",
                   help="the table for --csv (default: service)")

    s = subparsers.add_parser("simulate", help="write a new database with a simulated year of a "
                                               "busy Mal Pelayanan Publik")
    s.add_argument("--tickets", type=int, default=1_000_000)
    s.add_argument("--out", type=Path, required=True, help="the new database file")
    s.add_argument("--days", type=int, default=365)
    s.add_argument("--now", type=datetime.fromisoformat,
                   help="the simulated present, local time (default: today 11.00)")
    s.add_argument("--seed", type=int, default=2026)
    return {"supervisor": cmd_supervisor, "report": cmd_report, "simulate": cmd_simulate}


def cmd_supervisor(args) -> int:
    module = "counter.supervisor.app"
    if importlib.util.find_spec(module) is None:
        raise AntreanError("Layar supervisor belum tersedia di versi ini",
                           "The supervisor screen is not available in this version")
    return importlib.import_module(module).main(args)


def period_of(args) -> tuple[date, date]:
    if args.month:
        if args.date_from or args.date_to:
            raise AntreanError("Pilih --month atau --from/--to, bukan keduanya",
                               "Give --month or --from/--to, not both")
        from shared.reports.table import month_bounds
        try:
            return month_bounds(args.month)
        except ValueError:
            raise AntreanError(f"Bulan {args.month!r} tidak dikenal: tulis seperti 2026-11",
                               f"Unknown month {args.month!r}: write it like 2026-11") from None
    if not (args.date_from and args.date_to):
        raise AntreanError("Sebutkan --month YYYY-MM atau --from dan --to",
                           "Give --month YYYY-MM or both --from and --to")
    if args.date_to < args.date_from:
        raise AntreanError("Tanggal --to sebelum --from", "--to is before --from")
    return args.date_from, args.date_to


def cmd_report(args) -> int:
    from shared.reports.tables import period_tables, report_title, write_csv, write_pdf, write_xlsx
    from shared.store.service import SqliteQueueService
    from shared.reports.stats import format_stats_table, period_report
    from shared.reports.survey_stats import voice_report
    from shared.reports.booking_stats import booking_report

    first, last = period_of(args)
    svc = SqliteQueueService(args.db)
    report = period_report(svc._conn, svc.config, first, last)
    report.booking = booking_report(svc._conn, svc.config, first, last)
    tables = period_tables(report)
    if args.csv and args.table not in tables:
        raise AntreanError(f"Tabel {args.table!r} kosong: tidak ada layanan dengan antrean online",
                           f"Table {args.table!r} is empty: no service takes online bookings")
    voice = voice_report(svc, first, last) if (args.xlsx or args.pdf or args.json) else None
    written = {}
    try:
        if args.csv:
            written["csv"] = str(write_csv(tables[args.table], args.csv))
        if args.xlsx:
            written["xlsx"] = str(write_xlsx(report, args.xlsx, tables, voice))
        if args.pdf:
            from shared.reports.pdf_plan import period_plan
            plan = period_plan(svc._conn, svc.config, first, last)
            written["pdf"] = str(write_pdf(report, args.pdf, tables, voice, plan))
    except OSError as exc:
        raise AntreanError(f"Berkas tidak bisa ditulis: {exc}", f"Cannot write the file: {exc}")
    total = report.total
    summary = {"title": report_title(first, last), "first": first, "last": last,
               "issued": total.issued, "served": total.served, "no_shows": total.no_shows,
               "wait_within_share": total.waiting.within_share, "files": written}
    if report.booking.services:
        b = report.booking.total
        summary["booking"] = {"bookings": b.bookings, "checked_in": b.checked_in,
                              "no_shows_released": b.no_shows, "cancelled": b.cancelled,
                              "booked_wait_median": b.booked_wait.median,
                              "booked_wait_within_share": b.booked_wait.within_share,
                              "walk_in_wait_median": b.walk_in_wait.median,
                              "walk_in_wait_within_share": b.walk_in_wait.within_share}
    if voice is not None:
        r = voice.ikm.result
        summary["ikm"] = {"ikm": None if r.ikm is None else str(r.ikm), "mutu": r.mutu,
                          "kinerja": r.kinerja, "respondents": r.respondents,
                          "visitors": voice.ikm.visitors, "sample_needed": voice.ikm.sample_needed,
                          "sample_enough": voice.ikm.enough}
        summary["complaints"] = voice.complaints
    if args.json:
        print(json.dumps(summary, default=str, ensure_ascii=False, indent=2))
    else:
        print(report_title(first, last))
        print(format_stats_table(report.services, first, last))
        for kind, path in written.items():
            print(f"{kind.upper()}: {path}")
    return 0


def cmd_simulate(args) -> int:
    from shared.simulate import generated_config, simulate
    if args.tickets < 1 or args.days < 1:
        raise AntreanError("--tickets dan --days harus lebih dari 0",
                           "--tickets and --days must be more than 0")
    now = args.now
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=generated_config().tz)
    if now is None:
        now = datetime.combine(date.today(), time(11, 0), generated_config().tz)
    try:
        summary = simulate(args.out, args.tickets, args.days, now, args.seed)
    except FileExistsError as exc:
        raise AntreanError(f"{args.out} sudah ada: simulasi menulis basis data baru",
                           str(exc)) from None
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{summary['db']}: {summary['tickets']:,} tiket, {summary['segments']:,} tahap "
              f"layanan, {summary['services']} layanan, {summary['counters']} loket, "
              f"{summary['first_day']} s.d. {summary['last_day']} — {summary['seconds']} s")
    return 0
