"""The planner's heat map: one row per service, one column per hour; each cell the counters the
plan keeps open against those that really were, coloured by the gap, and a red frame with ! on
the hours that broke the waiting standard."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from shared.planning.output import GridCell

LABEL_W, CELL_W, CELL_H, HEAD_H = 300, 92, 48, 34
SHORT = QColor("#d1495b")        # fewer open than the plan keeps open
SHORT_SOFT = QColor("#f2b8c0")
ENOUGH = QColor("#1b998b")       # as many or more
ENOUGH_SOFT = QColor("#bfe6e0")
PLAN = QColor("#13315c")         # a plan without a record (a week to come)
NONE = QColor("#eef2f7")
TEXT_DARK = QColor("#102a43")


def _num(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}".replace(".", ",")


def cell_colour(cell: GridCell, peak: float) -> tuple[QColor, QColor]:
    """(fill, text) of a cell: the gap when there is a record, else the plan's size."""
    if cell.needed_open is None and cell.open is None:
        return NONE, TEXT_DARK
    if cell.open is None or cell.recorded_days == 0 and not cell.open:
        share = min(1.0, (cell.needed or 0) / max(peak, 1.0))
        fill = QColor(PLAN)
        fill.setAlphaF(0.15 + 0.75 * share)
        return fill, QColor("#ffffff") if share > 0.45 else TEXT_DARK
    if cell.needed_open is None:
        return NONE, TEXT_DARK
    gap = cell.open - cell.needed_open
    if gap < -0.5:
        return (SHORT if gap < -2.5 else SHORT_SOFT), (QColor("#ffffff") if gap < -2.5
                                                       else TEXT_DARK)
    return (ENOUGH_SOFT if gap < 2.5 else ENOUGH), (TEXT_DARK if gap < 2.5 else QColor("#ffffff"))


class HeatMap(QWidget):
    """`set_grid(rows, hours, labels)`: rows = service → hour → GridCell."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="heatmap")
        self.rows: dict[str, dict[int, GridCell]] = {}
        self.hours: list[int] = []
        self.labels: dict[str, str] = {}
        self.order: list[str] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_grid(self, rows: dict[str, dict[int, GridCell]], hours: list[int],
                 labels: dict[str, str]) -> None:
        self.rows, self.hours, self.labels = rows, hours, labels
        self.order = [code for code in labels if code in rows]
        self.setFixedHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(LABEL_W + CELL_W * max(1, len(self.hours)) + 4,
                     HEAD_H + CELL_H * max(1, len(self.order)) + 4)

    def cell_at(self, x: float, y: float) -> tuple[str, int] | None:
        col, row = int((x - LABEL_W) // CELL_W), int((y - HEAD_H) // CELL_H)
        if x < LABEL_W or y < HEAD_H or not (0 <= col < len(self.hours)) \
                or not (0 <= row < len(self.order)):
            return None
        return self.order[row], self.hours[col]

    def mouseMoveEvent(self, event):  # noqa: N802
        hit = self.cell_at(event.position().x(), event.position().y())
        cell = self.rows.get(hit[0], {}).get(hit[1]) if hit else None
        if cell is None:
            QToolTip.hideText()
            return
        lines = [f"{self.labels[hit[0]]}, pukul {hit[1]:02d}.00–{hit[1] + 1:02d}.00",
                 f"Loket dijaga (rekomendasi): {_num(cell.needed)}"
                 + (f", {_num(cell.extra)} di antaranya tambahan" if cell.extra else ""),
                 f"Rata-rata loket buka: rencana {_num(cell.needed_open)}, nyata {_num(cell.open)}",
                 f"Pengunjung: {_num(cell.arrivals)} per hari"]
        if cell.recorded_days:
            lines.append(f"Melanggar standar: {cell.broke} dari {cell.recorded_days} hari")
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)

    def paintEvent(self, _event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        bold.setPointSizeF(base.pointSizeF() * 1.25)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        p.setFont(bold)
        p.setPen(TEXT_DARK)
        for c, h in enumerate(self.hours):
            p.drawText(QRectF(LABEL_W + c * CELL_W, 0, CELL_W, HEAD_H),
                       Qt.AlignmentFlag.AlignCenter, f"{h:02d}.00")
        peak = max((cell.needed or 0 for row in self.rows.values() for cell in row.values()),
                   default=1.0)
        for r, code in enumerate(self.order):
            y = HEAD_H + r * CELL_H
            p.setFont(base)
            p.setPen(TEXT_DARK)
            p.drawText(QRectF(6, y, LABEL_W - 12, CELL_H),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       self.labels[code])
            for c, h in enumerate(self.hours):
                cell = self.rows[code].get(h)
                rect = QRectF(LABEL_W + c * CELL_W + 2, y + 2, CELL_W - 4, CELL_H - 4)
                if cell is None:
                    p.fillRect(rect, NONE)
                    continue
                fill, ink = cell_colour(cell, peak)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(fill)
                p.drawRoundedRect(rect, 5, 5)
                if cell.broke:
                    p.setPen(QPen(SHORT.darker(130), 3))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 5, 5)
                p.setPen(ink)
                p.setFont(bold)
                top = QRectF(rect.x(), rect.y() + 1, rect.width(), rect.height() * 0.58)
                main = _num(cell.needed_open if cell.needed_open is not None else cell.needed)
                p.drawText(top, Qt.AlignmentFlag.AlignCenter,
                           main + ("!" if cell.broke else ""))
                p.setFont(small)
                bottom = QRectF(rect.x(), rect.y() + rect.height() * 0.55, rect.width(),
                                rect.height() * 0.42)
                p.drawText(bottom, Qt.AlignmentFlag.AlignCenter,
                           f"buka {_num(cell.open)}" if cell.open is not None
                           else (f"+{_num(cell.extra)} tambahan" if cell.extra else ""))
        p.end()
