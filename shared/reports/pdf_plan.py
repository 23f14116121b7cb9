"""The report's page "Rekomendasi jumlah loket": for the period in hindsight, per service and
hour the counters the plan keeps open against those that were open (daily averages), the days
that broke the standard, and the services that lacked the most counter-hours.

`period_plan` computes what the page shows (None when the period cannot be planned: too long,
no history); `plan_story` lays it out with the report's styles (`pdf_style`).
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date

from shared.config import OfficeConfig
from shared.domain import AntreanError
from shared.planning.output import grid
from shared.planning.planner import MAX_DAYS, PeriodPlan, hour_span, plan_period
from shared.planning.recommend import PlanSettings

log = logging.getLogger(__name__)

# the page shows averages over the month: fewer simulated visitors per day are enough
REPORT_SETTINGS = PlanSettings(min_jobs=300)
SHORT_FILL, ENOUGH_FILL, NONE_FILL = "#f2b8c0", "#cfeee8", "#eef2f7"


@dataclass(frozen=True)
class PlanPage:
    plan: PeriodPlan
    config: OfficeConfig


def period_plan(conn: sqlite3.Connection, config: OfficeConfig, first: date, last: date,
                settings: PlanSettings = REPORT_SETTINGS) -> PlanPage | None:
    """The period planned from the visitors who came; None when it cannot be (and why, logged)."""
    if (last - first).days >= MAX_DAYS:
        return None
    try:
        plan = plan_period(conn, config, first, last, settings, basis="actual")
    except AntreanError as exc:
        log.info("no staffing page: %s", exc.message_en)
        return None
    return PlanPage(plan, config) if any(d.plan for d in plan.days) else None


def _num(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}".replace(".", ",")


def _whole(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def plan_story(page: PlanPage, st: dict, c: dict, width, font: str, bold: str,
               number: int) -> list:
    """Section `number` on a page of its own."""
    plan, config = page.plan, page.config
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph as P, Spacer, Table as PdfTable, TableStyle

    from shared.reports.pdf_style import plain_table

    rows = grid(plan)
    # the hours the plan covers (counters that serve on after issuing closes add none)
    hours = [h for h in hour_span(plan)
             if any(g.needed_open is not None for r in rows.values() for k, g in r.items()
                    if k == h)]
    target = f"{plan.settings.target_share * 100:.0f}%"
    days = sum(1 for d in plan.days if d.plan)
    story: list = [PageBreak(), P(f"{number}. Rekomendasi jumlah loket", st["h"]),
                   P(f"Berapa loket yang perlu buka setiap jam agar sedikitnya {target} "
                     "pengunjung dipanggil dalam standar waktu tunggu layanannya, dihitung dari "
                     f"kedatangan yang tercatat selama {days} hari layanan (Erlang C sebagai "
                     "perkiraan awal, lalu simulasi hari itu dengan prioritas, istirahat "
                     "bergantian dan loket bersama). Setiap sel: <b>rata-rata loket buka menurut "
                     "rekomendasi / yang benar-benar buka</b> per hari, dibulatkan; merah = kurang "
                     "dari rekomendasi (setengah loket atau lebih), hijau = cukup; angka merah di "
                     "bawahnya = berapa hari jam itu "
                     "melanggar standar.", st["p"]), Spacer(1, 2 * mm)]
    centre = ParagraphStyle("plan_cell", parent=st["cell"], alignment=1, fontSize=6.5,
                            leading=7.5)
    head = [P("Layanan", st["head"])] + [P(f"{h:02d}.00", st["head"]) for h in hours]
    table = [head]
    style = []
    short_total: list[tuple[float, int, float, str]] = []
    for r, s in enumerate((s for s in config.services if s.code in rows), start=1):
        row = [P(f"{s.prefix} {s.name}", st["cell"])]
        lacking = 0.0
        short_hours = 0
        extra = 0.0
        for k, h in enumerate(hours, start=1):
            g = rows[s.code].get(h)
            if g is None:
                row.append("")
                style.append(("BACKGROUND", (k, r), (k, r), colors.HexColor(NONE_FILL)))
                continue
            text = f"{_whole(g.needed_open)}/{_whole(g.open)}"
            if g.broke:
                text += f"<br/><font color='#b0233a'><b>{g.broke}!</b></font>"
            row.append(P(text, centre))
            fill = SHORT_FILL if g.short else ENOUGH_FILL if g.open is not None else NONE_FILL
            style.append(("BACKGROUND", (k, r), (k, r), colors.HexColor(fill)))
            if g.needed_open is not None and g.open is not None:
                lacking += max(0.0, g.needed_open - g.open)
            short_hours += g.short
            extra = max(extra, g.extra)
        table.append(row)
        short_total.append((lacking, short_hours, extra, s.name))
    first = 0.26
    rest = (1 - first) / max(1, len(hours))
    t = PdfTable(table, colWidths=[width * first] + [width * rest] * len(hours), repeatRows=1)
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), c["navy2"]), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)] + style))
    story.append(t)
    story.append(Spacer(1, 3 * mm))
    worst = sorted((x for x in short_total if x[0] > 0.05), reverse=True)[:5]
    cells = [g for r in rows.values() for g in r.values()]
    broke = sum(g.broke for g in cells)
    lines = [f"Jam yang melanggar standar: <b>{broke}</b> (jumlah jam-layanan selama periode); "
             f"jam dengan loket buka kurang dari rekomendasi (rata-rata per hari): "
             f"<b>{sum(1 for g in cells if g.short)}</b> dari {len(cells)}."]
    story += [P("• " + line, st["p"]) for line in lines]
    if worst:
        table_rows = [[P(x, st["head"]) for x in (
            "Layanan", "Kekurangan jam-loket per hari", "Jam dengan loket kurang",
            "Loket tambahan (di luar yang ada)")]]
        for lacking, short_hours, extra, name in worst:
            table_rows.append([P(name, st["cell"]), _num(lacking), str(short_hours),
                               _num(extra) if extra else "-"])
        story += [Spacer(1, 2 * mm), P("Layanan dengan kekurangan loket terbesar", st["p"]),
                  plain_table(table_rows, [0.46, 0.18, 0.18, 0.18], width, font, bold, c)]
    story.append(P("Rekomendasi = loket yang dijaga pada jam itu (petugas istirahat 45 menit "
                   "bergantian antara 12.00 dan 13.30 bila loket tetap menerbitkan nomor); yang "
                   "buka = dibaca dari tahap layanan yang tercatat (loket menganggur tanpa "
                   "pengunjung menunggu dihitung buka). Perhitungan yang sama dengan perintah "
                   "'antrean plan --basis actual'.", st["small"]))
    return story
