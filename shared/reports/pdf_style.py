"""The PDF report's look: its font, colours and paragraph styles, and the blocks built with them
(a table of screen figures, a plain table, a row of key figures).

reportlab is imported only when a PDF is built. The blocks take the styles (`st`), the colours
(`c`, by name) and the font names from `pdf_fonts`.
"""
from __future__ import annotations

from pathlib import Path

from shared.reports.table import LEVEL_FILLS, TEXT_KINDS, Table

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


def pdf_fonts() -> tuple[str, str]:
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


def pdf_colours() -> dict:
    """The report's colours by name, as reportlab colours."""
    from reportlab.lib import colors
    return {k: colors.HexColor(v) for k, v in _PDF_COLOURS.items()}


def paragraph_styles(font: str, bold: str, c: dict) -> dict:
    """The report's paragraph styles by name."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    return {
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


def tinted(base, name: str, colour):
    """`base` in another text colour."""
    from reportlab.lib.styles import ParagraphStyle
    return ParagraphStyle(name, parent=base, textColor=colour)


def kpi_box(kpis: list[tuple[str, str]], st: dict, c: dict, width, extra_style=()):
    """A row of key figures, each big over its label, across the page: [(label, figure)]."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as P, Table as PdfTable, TableStyle
    box = PdfTable([[P(v, st["kpi"]) for _, v in kpis], [P(k, st["kpil"]) for k, _ in kpis]],
                   colWidths=[width / len(kpis)] * len(kpis))
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), c["light"]),
                             ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                             ("TOPPADDING", (0, 0), (-1, 0), 7), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8)] + list(extra_style)))
    return box


def plain_table(rows, fractions, width, font, bold, c, total=False, header_rows=1):
    """A table of texts under a navy header, rows striped; `total`: the last row in bold."""
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


def pdf_table(table: Table, keys, st, c, width, font, bold, groups=(), bold_rows=(),
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
    t = plain_table(rows, [first_width] + [rest] * (len(cols) - 1), width, font, bold, c,
                    header_rows=top + 1)
    for i in range(len(table.rows)):
        for k, j in enumerate(cols):
            level = table.level(i, j)
            if level:
                style.append(("BACKGROUND", (k, top + 1 + i), (k, top + 1 + i),
                              colors.HexColor("#" + LEVEL_FILLS[level])))
        if i in bold_rows:
            style.append(("FONT", (1, top + 1 + i), (-1, top + 1 + i), bold, 7.5))
    for k, j in enumerate(cols[1:], start=1):      # words (mutu, cukup, Baik): centred
        if table.columns[j].kind in TEXT_KINDS:
            style.append(("ALIGN", (k, top), (k, -1), "CENTER"))
    t.setStyle(TableStyle(style))
    return t

