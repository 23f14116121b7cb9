"""QtCharts for a period: arrivals and served per hour, the waiting-time distribution against the
standard, and the share within the standard per service over the days."""
from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCharts import (QAreaSeries, QBarCategoryAxis, QBarSeries, QBarSet, QCategoryAxis,
                              QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries,
                              QValueAxis)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from shared.qt.theme import AMBER, GREEN, GREY, NAVY_2, RED
from shared.reports.tables import IKM_BAND_LINES, MONTH_SHORT_ID, SERIES_COLOURS, format_number, wait_bins
from shared.reports.stats import SHARE_AMBER, SHARE_GREEN, MonthIkm, PeriodReport, ServiceStats



def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSize(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.setBackgroundRoundness(8)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _view(chart: QChart, name: str) -> QChartView:
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def hour_chart(report: PeriodReport, zone: str) -> QChartView:
    chart = _chart(f"Kedatangan dan layanan selesai per jam ({zone})")
    arrivals, served = QBarSet("Nomor diambil"), QBarSet("Layanan selesai")
    arrivals.setColor(QColor(NAVY_2))
    served.setColor(QColor(GREEN))
    for g in report.hours:
        arrivals.append(g.issued or 0)
        served.append(g.served)
    series = QBarSeries()
    series.append(arrivals)
    series.append(served)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append([f"{int(g.key):02d}" for g in report.hours] or [""])
    y = QValueAxis()
    y.setLabelFormat("%d")
    y.setMin(0)
    top = max([g.issued or 0 for g in report.hours] + [g.served for g in report.hours] + [1])
    y.setMax(_nice(top))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    return _view(chart, "hour_chart")


def wait_histogram(report: PeriodReport, service: ServiceStats) -> QChartView:
    """Bars of 5 (or 10) minutes: green up to the standard, grey beyond; a red line at it."""
    values = report.waits.get(service.service, [])
    step, n = wait_bins(service.target_wait_min, values)
    counts = [0] * n
    for v in values:
        counts[min(n - 1, int(v // step))] += 1
    chart = _chart(f"Sebaran waktu tunggu — {service.prefix} {service.name}")
    within, beyond = QLineSeries(), QLineSeries()
    for i, count in enumerate(counts):
        ok = (i + 1) * step <= service.target_wait_min
        for line, on in ((within, ok), (beyond, not ok)):
            h = count if on else 0
            line.append(QPointF(i * step, 0))
            line.append(QPointF(i * step, h))
            line.append(QPointF((i + 1) * step, h))
            line.append(QPointF((i + 1) * step, 0))
    x = QValueAxis()
    x.setRange(0, n * step)
    x.setTickType(QValueAxis.TickType.TicksDynamic)
    x.setTickAnchor(0)
    x.setTickInterval(step * (1 if n <= 12 else 2))
    x.setLabelFormat("%d")
    x.setTitleText("menit menunggu (kolom terakhir: lebih lama)")
    y = QValueAxis()
    y.setRange(0, _nice(max(counts + [1])))
    y.setLabelFormat("%d")
    y.setTitleText("pengunjung")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for line, colour, name in ((within, GREEN, "≤ standar"), (beyond, GREY, "> standar")):
        area = QAreaSeries(line)
        line.setParent(area)   # the area does not own its line: keep it alive with it
        area.setName(name)
        area.setColor(QColor(colour))
        area.setBorderColor(QColor(colour).darker(120))
        chart.addSeries(area)
        area.attachAxis(x)
        area.attachAxis(y)
    standard = QLineSeries()
    standard.setName(f"Standar {service.target_wait_min:g} menit")
    pen = QPen(QColor(RED))
    pen.setWidth(3)
    standard.setPen(pen)
    standard.append(service.target_wait_min, 0)
    standard.append(service.target_wait_min, y.max())
    chart.addSeries(standard)
    standard.attachAxis(x)
    standard.attachAxis(y)
    return _view(chart, "wait_histogram")


def share_chart(report: PeriodReport, limit: int = 5) -> QChartView:
    """One line per service (the busiest `limit`): share of waits within the standard, per day."""
    chart = _chart("Persentase tunggu ≤ standar per layanan per hari")
    x = QDateTimeAxis()
    x.setFormat("dd/MM")
    y = QValueAxis()
    y.setRange(0, 100)
    y.setLabelFormat("%d%%")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    days = sorted({d for per in report.daily_wait_share.values() for d in per})
    stamp = lambda d: QDateTime(datetime.combine(d, time(12)))  # noqa: E731
    if days:
        x.setRange(stamp(days[0]).addDays(-1) if len(days) == 1 else stamp(days[0]),
                   stamp(days[-1]).addDays(1) if len(days) == 1 else stamp(days[-1]))
        x.setTickCount(min(len(days), 10) if len(days) > 1 else 3)
    busiest = sorted((s for s in report.services if report.daily_wait_share.get(s.service)),
                     key=lambda s: -s.issued)[:limit]
    for i, s in enumerate(busiest):
        line = QLineSeries()
        line.setName(f"{s.prefix} {s.name}")
        pen = QPen(QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
        pen.setWidth(2)
        line.setPen(pen)
        for d, share in sorted(report.daily_wait_share[s.service].items()):
            line.append(stamp(d).toMSecsSinceEpoch(), share * 100)
        line.setPointsVisible(len(days) < 40)
        chart.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
    for level, colour in ((SHARE_GREEN, GREEN), (SHARE_AMBER, AMBER)):
        if not days:
            break
        ref = QLineSeries()
        pen = QPen(QColor(colour))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(1)
        ref.setPen(pen)
        ref.append(x.min().toMSecsSinceEpoch(), level * 100)
        ref.append(x.max().toMSecsSinceEpoch(), level * 100)
        chart.addSeries(ref)
        ref.attachAxis(x)
        ref.attachAxis(y)
        chart.legend().markers(ref)[0].setVisible(False)
    return _view(chart, "share_chart")


def ikm_trend_chart(trend: list[MonthIkm], title: str) -> QChartView:
    """Monthly IKM (a line with a gap where a month has none) over the mutu thresholds
    88,31 / 76,61 / 65,00 drawn as dashed lines."""
    chart = _chart(title)
    values = [(i, float(m.ikm.result.ikm)) for i, m in enumerate(trend)
              if m.ikm.result.ikm is not None]
    low = min([v for _, v in values] + [60.0])
    x = QCategoryAxis()
    x.setRange(-0.5, len(trend) - 0.5)
    x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
    for i, m in enumerate(trend):   # the year under January and under the first month
        year = f"<br>{m.month.year}" if i == 0 or m.month.month == 1 else "<br>&nbsp;"
        x.append(f"{MONTH_SHORT_ID[m.month.month - 1]}{year}", i + 0.5)
    y = QValueAxis()
    y.setRange(max(25, int(low // 10) * 10), 100)
    y.setTickType(QValueAxis.TickType.TicksDynamic)
    y.setTickAnchor(0)
    y.setTickInterval(10)
    y.setLabelFormat("%d")
    y.setTitleText("IKM")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    band_colours = {"A": GREEN, "B": NAVY_2, "C": AMBER}
    for level, mutu in IKM_BAND_LINES:
        band = QLineSeries()
        band.setName(f"batas {mutu} {format_number(level, 2)}")
        pen = QPen(QColor(band_colours[mutu]))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(1)
        band.setPen(pen)
        band.append(-0.5, float(level))
        band.append(len(trend) - 0.5, float(level))
        band.setProperty("ikm_band", float(level))
        chart.addSeries(band)
        band.attachAxis(x)
        band.attachAxis(y)
    run: QLineSeries | None = None
    previous = None
    first_run = True
    for i, v in values:
        if run is None or previous != i - 1:
            run = QLineSeries()
            pen = QPen(QColor(RED))
            pen.setWidth(3)
            run.setPen(pen)
            run.setName("IKM bulanan")
            chart.addSeries(run)
            run.attachAxis(x)
            run.attachAxis(y)
            if not first_run:
                chart.legend().markers(run)[0].setVisible(False)
            first_run = False
        run.append(i, v)
        previous = i
    for i, v in values:       # one series per point: its label in Indonesian style (82,22)
        dot = QScatterSeries()
        dot.setMarkerSize(9)
        dot.setColor(QColor(RED))
        dot.setBorderColor(QColor(RED).darker(130))
        dot.append(i, v)
        dot.setPointLabelsVisible(True)
        dot.setPointLabelsClipping(False)
        dot.setPointLabelsFormat(format_number(v, 2))
        chart.addSeries(dot)
        dot.attachAxis(x)
        dot.attachAxis(y)
        chart.legend().markers(dot)[0].setVisible(False)
    view = _view(chart, "ikm_trend_chart")
    view.setProperty("points", values)
    return view


def _nice(top: float) -> float:
    """A round axis maximum above `top`."""
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top <= step * 5:
            return max(step, step * -(-top // step))
    return top * 1.1
