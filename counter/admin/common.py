"""What every admin page shares: the look, a page with its title and message strip, saving an
edit (the core checks it; a refusal names the field and marks its input), and the editors of a
week's hours and of a list of items."""
from __future__ import annotations

import logging
import re
import tempfile
from datetime import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from shared.admin import InvalidChange, OfficeAdmin
from shared.admin.changes import Edit
from shared.config import WEEKDAYS_ID
from shared.domain import AntreanError
from shared.qt.theme import GREEN, GREY, NAVY, NAVY_2, RED, STAFF_QSS, TEXT_DARK, WHITE

from counter.style import combo_qss

log = logging.getLogger(__name__)

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_CHECK_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
              '<path d="M3 8.5 L6.5 12 L13 4.5" fill="none" stroke="#ffffff" stroke-width="2.6"/>'
              '</svg>')


def _asset_qss() -> str:
    """The check mark and the date drop-down arrow, as small SVGs in the temp folder (style
    sheets cannot embed image data; see counter.style.combo_qss)."""
    arrow_qss = combo_qss()
    folder = Path(tempfile.gettempdir()) / "antrean-qss"
    check = folder / "check.svg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not check.exists():
            check.write_text(_CHECK_SVG, encoding="utf-8")
    except OSError:
        return arrow_qss
    arrow = folder / "combo-arrow.svg"
    return arrow_qss + f"""
QCheckBox::indicator:checked, QListWidget#checks::indicator:checked {{
    image: url({check.as_posix()}); }}
QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 32px; border: none; }}
QDateEdit::down-arrow {{ image: url({arrow.as_posix()}); width: 14px; height: 9px; }}
"""


ADMIN_QSS = STAFF_QSS + _asset_qss() + f"""
QWidget#admin {{ font-size: 16px; }}
QListWidget#admin_nav {{ background: {NAVY_2}; color: {WHITE}; border: none; font-size: 16px;
    padding-top: 8px; outline: none; }}
QListWidget#admin_nav::item {{ padding: 13px 18px; border-left: 5px solid transparent; }}
QListWidget#admin_nav::item:selected {{ background: #1d4580; color: {WHITE};
    border-left: 5px solid #ffd23f; font-weight: bold; }}
QListWidget#admin_nav::item:hover {{ background: #1a3c6e; }}
QLabel#page_title {{ font-size: 23px; font-weight: bold; color: {NAVY}; }}
QLabel#page_intro {{ color: #52606d; font-size: 14px; }}
QLabel#section {{ font-size: 17px; font-weight: bold; color: {NAVY_2}; padding-top: 6px; }}
QLabel#hint {{ color: #52606d; font-size: 13px; }}
QLabel#field_label {{ color: {TEXT_DARK}; font-weight: bold; font-size: 14px; }}
QFrame#panel {{ background: {WHITE}; border: 1px solid #d5dde8; border-radius: 10px; }}
QFrame#panel QLabel {{ background: transparent; }}
QFrame#panel QCheckBox {{ background: transparent; }}
QListWidget#items {{ background: {WHITE}; border: 1px solid #d5dde8; border-radius: 8px;
    font-size: 16px; outline: none; }}
QListWidget#items::item {{ padding: 10px 10px; border-bottom: 1px solid #eef1f5; }}
QListWidget#items::item:selected {{ background: #d6e4f5; color: {TEXT_DARK}; }}
QListWidget#checks {{ background: {WHITE}; border: 2px solid #9fb3c8; border-radius: 6px; }}
QListWidget#checks::item {{ padding: 7px 6px; }}
QListWidget#checks::indicator {{ width: 20px; height: 20px; border: 2px solid #7b93b0;
    border-radius: 4px; background: {WHITE}; }}
QListWidget#checks::indicator:checked {{ background: {NAVY_2}; border-color: {NAVY_2}; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QPlainTextEdit {{
    background: {WHITE}; border: 2px solid #9fb3c8; border-radius: 6px; padding: 5px;
    min-height: 26px; font-size: 16px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus {{ border-color: {NAVY_2}; }}
QSpinBox, QDoubleSpinBox, QTimeEdit {{ padding-left: 9px; }}
QLineEdit[hours="true"] {{ font-size: 15px; padding: 4px; }}
QLineEdit:read-only {{ background: #eef1f5; color: #52606d; }}
*[error="true"] {{ border: 2px solid {RED}; background: #fdf0f2; }}
QCheckBox {{ font-size: 16px; spacing: 10px; }}
QCheckBox::indicator {{ width: 20px; height: 20px; border: 2px solid #7b93b0; border-radius: 4px;
    background: {WHITE}; }}
QCheckBox::indicator:checked {{ background: {NAVY_2}; border-color: {NAVY_2}; }}
QCheckBox::indicator:disabled {{ background: #eef1f5; border-color: #c5ccd6; }}
QSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::up-button,
QDoubleSpinBox::down-button, QTimeEdit::up-button, QTimeEdit::down-button {{ width: 0px;
    border: none; }}
QPushButton {{ font-size: 16px; min-height: 24px; }}
QPushButton[primary="true"] {{ background: {NAVY_2}; color: {WHITE}; font-weight: bold; }}
QPushButton[primary="true"]:hover {{ background: {NAVY}; }}
QPushButton[danger="true"] {{ color: #8a1c2b; border-color: {RED}; }}
QLabel#message {{ padding: 10px 14px; border-radius: 8px; font-size: 15px; font-weight: bold; }}
QLabel#message[kind="error"] {{ background: #fbe3e6; color: #8a1c2b; border: 1px solid {RED}; }}
QLabel#message[kind="ok"] {{ background: #e3f4f1; color: #0e5e55; border: 1px solid {GREEN}; }}
QLabel#message[kind="warn"] {{ background: #fdebd8; color: #7a4100; border: 1px solid #f4a259; }}
QLabel#stat {{ font-size: 17px; }}
QLabel#big {{ font-size: 22px; font-weight: bold; color: {NAVY}; }}
QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ width: 12px; background: #e4e9f0; border: none; border-radius: 6px; }}
QScrollBar::handle:vertical {{ background: #9fb3c8; border-radius: 6px; min-height: 40px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0px; width: 0px; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QLabel#muted {{ color: {GREY}; }}
"""


def repolish(widget: QWidget, name: str, value) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def button(text: str, name: str, primary: bool = False, danger: bool = False) -> QPushButton:
    b = QPushButton(text, objectName=name)
    if primary:
        b.setProperty("primary", "true")
    if danger:
        b.setProperty("danger", "true")
    b.setMinimumHeight(44)
    return b


def panel() -> QFrame:
    return QFrame(objectName="panel")


class AdminPage(QWidget):
    """One area of the office. A subclass builds its inputs into `self.body`, registers them in
    `self.inputs` by the config key they edit (so a refusal marks the right one) and reloads
    them in `reload()`."""

    title = ""
    intro = ""

    def __init__(self, admin: OfficeAdmin, user: dict, parent=None):
        super().__init__(parent)
        self.admin, self.user = admin, user
        self.inputs: dict[str, QWidget] = {}
        heading = QLabel(self.title, objectName="page_title")
        intro = QLabel(self.intro, objectName="page_intro")
        intro.setWordWrap(True)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(8)
        outer.addWidget(heading)
        outer.addWidget(intro)
        outer.addWidget(self.message)
        outer.addLayout(self.body, 1)

    def reload(self) -> None:
        """Read the stored settings again into the page."""

    # --- saving ------------------------------------------------------------------------------
    def save(self, edit: Edit, done: str) -> bool:
        """Apply `edit` as this admin; True when saved (then the page reloads)."""
        self.clear_marks()
        try:
            result = self.admin.apply(self.user["username"], edit)
        except InvalidChange as exc:
            self.mark(exc.leaf)
            self.show_message(exc.message, "error")
            return False
        except AntreanError as exc:
            self.show_message(exc.message, "error")
            return False
        self.show_message(done if result.changed else "Tidak ada yang berubah.",
                          "ok" if result.changed else "warn")
        self.reload()
        return True

    def show_message(self, text: str, kind: str) -> None:
        self.message.setText(text)
        repolish(self.message, "kind", kind)
        self.message.show()

    def mark(self, key: str) -> None:
        widget = self.inputs.get(key)
        if widget is not None:
            repolish(widget, "error", "true")
            widget.setFocus()

    def clear_marks(self) -> None:
        for widget in self.inputs.values():
            repolish(widget, "error", "false")


# --- hours ------------------------------------------------------------------------------------
_SPLIT = re.compile(r"[,;\s]+")


def ranges_text(ranges) -> str:
    return ", ".join(ranges or [])


def parse_ranges(text: str) -> list[str]:
    """"07.30-12.00, 13:00-15:00" → ["07.30-12.00", "13:00-15:00"] (the loader checks each)."""
    return [part for part in _SPLIT.split(text.replace(" - ", "-").strip()) if part]


def week_from_raw(table: dict | None) -> dict[str, list[str]]:
    """A stored hours table (group keys like `senin_kamis` or single days) per weekday."""
    from shared.config.reader import Reader, parse_week
    return week_dict(parse_week(Reader("(admin)", table or {}, "hours")))


def week_dict(week) -> dict[str, list[str]]:
    """Parsed week hours (7 tuples of windows, Monday first) as the editor's text per day."""
    return {day: [f"{a:%H:%M}-{'24:00' if b == time.max else f'{b:%H:%M}'}" for a, b in windows]
            for day, windows in zip(WEEKDAYS_ID, week)}


class WeekEditor(QWidget):
    """Seven rows, Senin … Minggu: the issuing hours of each day as text (empty: closed)."""

    def __init__(self, parent=None, columns: int = 1):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.fields: dict[str, QLineEdit] = {}
        per_column = -(-7 // columns)
        for i, (key, name) in enumerate(zip(WEEKDAYS_ID, DAY_NAMES)):
            row, col = i % per_column, 2 * (i // per_column)
            label = QLabel(name, objectName="field_label")
            field = QLineEdit(objectName=f"hours_{key}")
            field.setProperty("hours", "true")
            field.setPlaceholderText("tutup")
            field.setMinimumWidth(215)
            grid.addWidget(label, row, col)
            grid.addWidget(field, row, col + 1)
            grid.setColumnStretch(col + 1, 1)
            self.fields[key] = field

    def set_week(self, week: dict[str, list[str]]) -> None:
        for key, field in self.fields.items():
            field.setText(ranges_text(week.get(key, [])))
            field.setCursorPosition(0)

    def week(self) -> dict[str, list[str]]:
        return {key: parse_ranges(field.text()) for key, field in self.fields.items()}


def item_list(name: str = "items") -> QListWidget:
    lst = QListWidget(objectName=name)
    lst.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
    lst.setWordWrap(True)     # long service names wrap instead of scrolling sideways
    lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return lst


def add_item(lst: QListWidget, text: str, key: str, muted: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, key)
    if muted:
        item.setForeground(Qt.GlobalColor.gray)
    lst.addItem(item)
    return item


def select_key(lst: QListWidget, key) -> bool:
    for i in range(lst.count()):
        if lst.item(i).data(Qt.ItemDataRole.UserRole) == key:
            lst.setCurrentRow(i)
            return True
    return False


def labelled(grid: QGridLayout, row: int, text: str, widget: QWidget, hint: str = "",
             col: int = 0) -> None:
    grid.addWidget(QLabel(text, objectName="field_label"), row, col)
    grid.addWidget(widget, row, col + 1)
    if hint:
        h = QLabel(hint, objectName="hint")
        h.setWordWrap(True)
        h.setMinimumWidth(150)
        grid.addWidget(h, row, col + 2)
