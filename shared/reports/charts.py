"""The PDF report's charts, drawn with reportlab: arrivals per hour, the waiting-time histograms,
the daily share within the standard and the monthly IKM.

The bins (`wait_bins`), month abbreviations and IKM band lines are shared with the supervisor's
Qt charts, so the screen and the PDF draw the same picture. reportlab is imported only when a
chart is drawn. Every chart takes the PDF's font name and colours (`c`, by name).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.reports.table import INT, format_day, format_number, format_value
from shared.reports.stats import SHARE_AMBER, SHARE_GREEN, MonthIkm, PeriodReport, ServiceStats

SHARE_GREEN_PCT, SHARE_AMBER_PCT = round(SHARE_GREEN * 100), round(SHARE_AMBER * 100)
MONTH_SHORT_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
IKM_BAND_LINES = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
SERIES_COLOURS = ("#13315c", "#1b998b", "#f4a259", "#d1495b", "#7b5ea7", "#4f9d69", "#c97b2a",
                  "#3d7dca")


def wait_bins(target: float, values: list[float]) -> tuple[float, int]:
    """(bin width, number of bins) for a waiting-time histogram: about 2.5 × the standard."""
    step = 5.0 if target <= 60 else 10.0
    top = max(2.5 * target, min(values[-1] if values else 0, 4 * target))
    return step, max(4, min(24, int(top // step) + 1))


def _axis_step(top: float) -> float:
    """A round step giving at most about six grid lines up to `top`."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top <= step * 6:
            return step
    return 100000


def hour_chart(report: PeriodReport, width, font, c):
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


def wait_histogram_chart(report: PeriodReport, s: ServiceStats, width, font, c):
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


def wait_share_chart(report: PeriodReport, width, font, c):
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
        lp.lines[i].strokeColor = colors.HexColor(SERIES_COLOURS[i])
        lp.lines[i].strokeWidth = 1.3
    d.add(lp)
    for level, colour in ((SHARE_GREEN_PCT, c["green"]), (SHARE_AMBER_PCT, c["amber"])):
        y = lp.y + lp.height * level / 100
        d.add(Line(lp.x, y, lp.x + lp.width, y, strokeColor=colour, strokeWidth=0.8,
                   strokeDashArray=[3, 2]))
    lg = Legend()
    lg.x, lg.y, lg.fontName, lg.fontSize = 0, 30, font, 7
    lg.columnMaximum, lg.deltax, lg.dxTextSpace = 3, width / 2, 4
    lg.colorNamePairs = [(colors.HexColor(SERIES_COLOURS[i]), f"{s.prefix} {s.name}"[:45])
                         for i, s in enumerate(top)]
    d.add(lg)
    return d


def ikm_trend_chart(trend: list[MonthIkm], width, font, c):
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
