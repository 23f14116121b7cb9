"""The PDF report in Indonesian, ready to file for monev: the period's figures against the
standards (sections 1–7), with a `VoiceReport` the survey (IKM) and the complaints (8–9), then
how the figures are counted and a place to sign.

reportlab is imported only when a PDF is built; its look and building blocks are in
`pdf_style`, its charts in `charts`.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.indonesian import format_date, zone_abbreviation
from shared.reports.charts import SHARE_AMBER_PCT, SHARE_GREEN_PCT, hour_chart, ikm_trend_chart, \
    wait_histogram_chart, wait_share_chart
from shared.reports.pdf_style import kpi_box, paragraph_styles, pdf_colours, pdf_fonts, pdf_table, \
    plain_table, tinted
from shared.reports.table import DEC1, DEC2, INT, LEVEL_FILLS, MINUTES, MUTU_LEVELS, SHARE, Table, \
    format_value, hour_text, report_title
from shared.reports.survey_tables import ikm_text, sample_sentence, voice_tables
from shared.reports.stats import GroupStats, PeriodReport, VoiceReport

PDF_SERVICE_KEYS = ("service", "issued", "served", "no_shows", "wait_target", "wait_avg",
                    "wait_median", "wait_p90", "wait_within", "service_target", "service_avg",
                    "service_median", "service_p90", "service_within")
PDF_GROUP_KEYS = ("label", "served", "no_shows", "transferred", "wait_avg", "wait_p90",
                  "wait_within", "service_avg", "service_median", "service_p90", "service_within")
PDF_HOUR_KEYS = ("label", "issued", "served", "no_shows", "wait_avg", "wait_median", "wait_p90",
                 "wait_within")
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
PDF_IKM_SERVICE_KEYS = ("service", "visitors", "sample_needed", "respondents", "enough", "ikm",
                        "mutu", "kinerja")
PDF_IKM_TREND_KEYS = ("month", "visitors", "sample_needed", "respondents", "enough", "ikm", "mutu",
                      "kinerja")


def office_today(tz_name: str, now: datetime | None = None) -> date:
    """The office's date at `now` (default: now), whatever the PC's own zone."""
    return (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(tz_name)).date()


def peak_hours(report: PeriodReport, n: int = 3) -> list[GroupStats]:
    """The n local hours with the most tickets issued, busiest first."""
    return sorted(report.hours, key=lambda g: (-(g.issued or 0), g.key))[:n]


def build_pdf(report: PeriodReport, path: Path, tables: dict[str, Table],
              voice: VoiceReport | None = None, plan=None, now: datetime | None = None) -> Path:
    """The report of `report` and its `tables` (those of `period_tables`) at `path`; with `plan`
    (`pdf_plan.period_plan`) a page "Rekomendasi jumlah loket". Dated `now` (default: this
    moment) in the office's zone, not the PC's."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate,
                                    Spacer, Table as PdfTable, TableStyle)

    font, bold = pdf_fonts()
    c = pdf_colours()
    st = paragraph_styles(font, bold, c)
    title = report_title(report.first, report.last)
    zone = zone_abbreviation(report.timezone)
    made = office_today(report.timezone, now)
    width = A4[0] - 36 * mm
    story: list = []
    P = Paragraph  # noqa: N806

    story += [P(report.office, st["office"]), P(title, st["title"]),
              P(f"Periode {format_date(report.first)} s.d. {format_date(report.last)} · waktu "
                f"{zone} · dibuat {format_date(made)}", st["sub"]), Spacer(1, 4 * mm)]

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
    story += [P("1. Ringkasan", st["h"]), kpi_box(kpis, st, c, width), Spacer(1, 3 * mm)]
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
    story.append(pdf_table(tables["service"], PDF_SERVICE_KEYS, st, c, width, font, bold,
                           groups=(("Waktu tunggu (menit)", 4, 8),
                                   ("Waktu layanan (menit)", 9, 13)),
                           first_width=0.17))
    story.append(P(f"Warna capaian: hijau ≥ {SHARE_GREEN_PCT}%, kuning ≥ "
                   f"{SHARE_AMBER_PCT}%, merah di bawahnya. P90 = persentil ke-90 "
                   "(peringkat terdekat); waktu sama dengan standar dihitung sesuai standar.",
                   st["small"]))

    # 3. charts
    story += [CondPageBreak(95 * mm), P("3. Grafik", st["h"])]
    story.append(KeepTogether([P("Kedatangan dan layanan selesai per jam (waktu " + zone + ")",
                                 st["p"]), hour_chart(report, width, font, c)]))
    story.append(Spacer(1, 4 * mm))
    busiest = sorted((s for s in report.services if s.waiting.count),
                     key=lambda s: -s.issued)[:4]
    if busiest:
        cells = [wait_histogram_chart(report, s, width / 2 - 3 * mm, font, c) for s in busiest]
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
              f"nomor terbanyak; garis putus-putus: {SHARE_GREEN_PCT}% dan {SHARE_AMBER_PCT}%)",
              st["p"]), wait_share_chart(report, width, font, c)]))

    # 4. peak hours, 5. no-shows
    story += [CondPageBreak(60 * mm), P("4. Jam sibuk", st["h"])]
    peak_keys = {g.key for g in peaks}
    story.append(pdf_table(tables["hour"], PDF_HOUR_KEYS, st, c, width, font, bold,
                           groups=(("Waktu tunggu (menit)", 4, 7),),
                           bold_rows=[i for i, g in enumerate(report.hours) if g.key in peak_keys],
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
    story.append(plain_table(rows, [0.55, 0.15, 0.15, 0.15], width, font, bold, c, total=True))

    # 6. counters and officers
    for n, key, heading in ((6, "counter", "Kinerja per loket"), (7, "officer", "Kinerja per petugas")):
        if tables[key].rows:
            story += [CondPageBreak(40 * mm), P(f"{n}. {heading}", st["h"]),
                      pdf_table(tables[key], PDF_GROUP_KEYS, st, c, width, font, bold,
                                groups=(("Waktu tunggu (menit)", 4, 6),
                                        ("Waktu layanan (menit)", 7, 10)), first_width=0.22)]
    if voice is not None:
        story += _voice_story(voice, st, c, width, font, bold)
    if plan is not None:
        from shared.reports.pdf_plan import plan_story
        story += plan_story(plan, st, c, width, font, bold, 10 if voice else 8)
    if "booking" in tables and report.booking is not None:
        from shared.reports.booking_pdf import booking_story
        story += booking_story(report.booking, tables["booking"], st, c, width, font, bold,
                               (10 if voice else 8) + (plan is not None))
    notes = [P("Cara penghitungan", st["h"])] + [
        P("• " + x, st["small"]) for x in PDF_NOTES + (PDF_IKM_NOTES if voice else ())]
    sign = PdfTable([["", P(f"{format_date(made)}<br/>Mengetahui,<br/>Kepala Unit "
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
    mutu_fill = [("BACKGROUND", (1, 0), (1, -1),
                  colors.HexColor("#" + LEVEL_FILLS[MUTU_LEVELS[r.mutu]]))] if r.mutu else []
    story += [kpi_box(kpis, st, c, width, mutu_fill), Spacer(1, 3 * mm),
              P("• " + ikm_text(rep) + ".", st["p"])]
    warn = tinted(st["p"], "warn", c["red"] if not rep.enough else c["green"])
    story.append(P(("⚠ " if not rep.enough else "✓ ") + sample_sentence(rep), warn))
    story.append(Spacer(1, 2 * mm))
    story.append(KeepTogether([
        P("Nilai per unsur pelayanan", st["p"]),
        pdf_table(vt["ikm"], ("element", "respondents", "total", "nrr", "converted", "mutu"),
                  st, c, width, font, bold, first_width=0.45)]))
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([
        P("IKM per layanan dan kecukupan sampel", st["p"]),
        pdf_table(vt["ikm_service"], PDF_IKM_SERVICE_KEYS, st, c, width, font, bold,
                  first_width=0.3, bold_rows=[len(vt["ikm_service"].rows) - 1])]))
    story.append(Spacer(1, 3 * mm))
    story.append(KeepTogether([
        P("Perkembangan IKM 12 bulan terakhir (garis putus-putus: batas mutu A 88,31, B 76,61, "
          "C 65,00)", st["p"]), ikm_trend_chart(voice.trend, width, font, c),
        pdf_table(vt["ikm_trend"], PDF_IKM_TREND_KEYS, st, c, width, font, bold,
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
    pair = PdfTable([[pdf_table(vt["complaint_status"], ("status", "count"), st, c, half, font,
                                bold, first_width=0.6, bold_rows=[3]),
                      pdf_table(vt["complaint_category"], ("category", "count"), st, c, half,
                                font, bold, first_width=0.6)]],
                    colWidths=[width / 2] * 2)
    pair.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 2 * mm), pair, Spacer(1, 3 * mm),
              pdf_table(vt["complaint_time"], ("closed", "avg_hours", "median_hours"), st, c,
                        width, font, bold, first_width=1 / 3)]
    return story
