"""Thin Qt models over `shared.reports.tables.Table`: the screen shows exactly what the files export."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from shared.reports.tables import TEXT_KINDS, Table

SORT_ROLE = Qt.ItemDataRole.UserRole
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_COLOURS = {"green": "#cfeee8", "amber": "#fde3c8", "red": "#f7d0d6"}
LEVEL_TEXT = {"green": "#0e5e55", "amber": "#7a4100", "red": "#8a1c2b"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class StatsTableModel(QAbstractTableModel):
    """Display: the table's text; SORT_ROLE: the raw value; LEVEL_ROLE: green/amber/red."""

    def __init__(self, table: Table | None = None, parent=None):
        super().__init__(parent)
        self.table = table

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        r, c = index.row(), index.column()
        col = self.table.columns[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.text(r, c)
        if role == SORT_ROLE:
            value = self.table.value(r, c)
            if col.kind in TEXT_KINDS:
                return "" if value is None else str(value).lower()
            return float("-inf") if value is None else float(value)
        if role == LEVEL_ROLE:
            return self.table.level(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if col.kind in TEXT_KINDS else _RIGHT
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            level = self.table.level(r, c)
            if level:
                colours = LEVEL_COLOURS if role == Qt.ItemDataRole.BackgroundRole else LEVEL_TEXT
                return QBrush(QColor(colours[level]))
        if role == Qt.ItemDataRole.ToolTipRole and col.kind not in TEXT_KINDS:
            return f"{col.title} — {self.table.text(r, 0)}"
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        col = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title.replace(" ", "\n", 1) if col.kind not in TEXT_KINDS else col.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{col.title} ({col.title_en})"
        return None


def sorted_view(model: StatsTableModel, object_name: str) -> QTableView:
    """A sortable table view (a QSortFilterProxyModel on SORT_ROLE) over `model`."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(objectName=object_name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the table's own order at first
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setMinimumHeight(44)
    return view
