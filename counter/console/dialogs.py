"""The console's small dialogs: transfer a ticket, call a specific number, take a break.

Each is opened window-modal with `open()` (the console's keys are inactive meanwhile) and read
after `accepted`; tests find the widgets by object name and click OK.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout)

from shared.config import OfficeConfig
from shared.domain import Ticket
from shared.service import QueueService

from counter.style import combo_qss, dialog_qss
from counter.console.texts import text

PAUSE_REASONS = ("reason_salat", "reason_lunch", "reason_meeting", "reason_personal",
                 "reason_system")


class _Dialog(QDialog):
    def __init__(self, lang: str, title: str, heading: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.lang = lang
        self.setStyleSheet(dialog_qss(getattr(parent, "scale", 1.0)) + combo_qss())
        self.setWindowTitle(title)
        self.setMinimumWidth(round(520 * getattr(parent, "scale", 1.0)))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 20, 24, 20)
        self.layout_.setSpacing(12)
        self.heading = QLabel(heading, objectName="dialog_heading")
        self.heading.setWordWrap(True)
        self.layout_.addWidget(self.heading)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok")
        self.ok_button.setText(ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancel")
        cancel.setText(text("cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)


class TransferDialog(_Dialog):
    """Choose the service the current ticket goes to; `selected_service()` after accept."""

    def __init__(self, service: QueueService | None, ticket: Ticket, lang: str = "id", parent=None,
                 *, config: OfficeConfig | None = None, waiting: dict[str, int] | None = None):
        """`config` and `waiting` (service → waiting count) spare a read of `service`."""
        super().__init__(lang, text("transfer_title", lang, code=ticket.code),
                         text("transfer_title", lang, code=ticket.code),
                         text("transfer_ok", lang), parent)
        self.layout_.addWidget(QLabel(text("transfer_prompt", lang)))
        self.services = QListWidget(objectName="services")
        config = config or service.config
        if waiting is None:
            waiting = {q.service: q.waiting for q in service.queues()}
        for s in config.services:
            if not s.active or s.code == ticket.service:
                continue
            item = QListWidgetItem(text("service_waiting", lang, name=s.display_name(lang),
                                        n=waiting.get(s.code, 0)))
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            self.services.addItem(item)
        rows = min(6, max(1, self.services.count()))   # every service visible without scrolling
        self.services.setMinimumHeight(round(rows * 46 * getattr(parent, "scale", 1.0)) + 8)
        self.layout_.addWidget(self.services)
        self.finish_layout()
        self.services.currentRowChanged.connect(self._update)
        self.services.itemDoubleClicked.connect(lambda _: self.accept())
        self._update()

    def _update(self, *_):
        self.ok_button.setEnabled(self.services.currentItem() is not None)

    def select_service(self, code: str) -> None:
        for row in range(self.services.count()):
            if self.services.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.services.setCurrentRow(row)
                return
        raise KeyError(code)

    def selected_service(self) -> str | None:
        item = self.services.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class CallNumberDialog(_Dialog):
    """Type a number (a late visitor) or pick one of the waiting tickets; `code()` after accept."""

    def __init__(self, service: QueueService | None, services: tuple[str, ...], lang: str = "id",
                 parent=None, *, config: OfficeConfig | None = None,
                 tickets: list[Ticket] | None = None):
        """`config` and `tickets` (the waiting list, or [] to fill later with `set_tickets`)
        spare reads of `service`."""
        title = text("call_number_title", lang)
        super().__init__(lang, title, title, text("call_number_ok", lang), parent)
        self.config = config or service.config
        self.layout_.addWidget(QLabel(text("call_number_prompt", lang)))
        self.code_edit = QLineEdit(objectName="code")
        self.code_edit.setMaxLength(12)
        self.layout_.addWidget(self.code_edit)
        self.layout_.addWidget(QLabel(text("call_number_list", lang)))
        self.waiting = QListWidget(objectName="waiting")
        if tickets is None:
            tickets = []
            for code in services:
                try:
                    tickets.extend(service.waiting(code))
                except Exception:  # noqa: BLE001 — an inactive service just lists nothing
                    continue
        self.set_tickets(tickets)
        self.waiting.setMinimumHeight(220)
        self.layout_.addWidget(self.waiting)
        self.finish_layout()
        self.waiting.currentItemChanged.connect(self._picked)
        self.waiting.itemDoubleClicked.connect(lambda _: self.accept())
        self.code_edit.textChanged.connect(self._update)
        self._update()
        self.code_edit.setFocus()

    def set_tickets(self, tickets: list[Ticket]) -> None:
        """The waiting tickets to pick from, in issue order."""
        self.waiting.clear()
        for t in sorted(tickets, key=lambda t: (t.issued_at, t.code))[:200]:
            name = self.config.service(t.service)
            label = f"{t.code}   {name.display_name(self.lang) if name else t.service}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, t.code)
            self.waiting.addItem(item)

    def _picked(self, item, _previous=None):
        if item is not None:
            self.code_edit.setText(item.data(Qt.ItemDataRole.UserRole))

    def _update(self, *_):
        self.ok_button.setEnabled(bool(self.code_edit.text().strip()))

    def code(self) -> str:
        return self.code_edit.text().strip()


class PauseDialog(_Dialog):
    """Choose a preset reason or type one; `reason()` after accept."""

    def __init__(self, lang: str = "id", parent=None):
        title = text("pause_title", lang)
        super().__init__(lang, title, title, text("pause_ok", lang), parent)
        self.layout_.addWidget(QLabel(text("pause_prompt", lang)))
        self.reason_box = QComboBox(objectName="reason")
        self.reason_box.setEditable(True)
        self.reason_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for key in PAUSE_REASONS:
            self.reason_box.addItem(text(key, lang))
        self.reason_box.lineEdit().setMaxLength(80)
        self.layout_.addWidget(self.reason_box)
        self.finish_layout()
        self.reason_box.setFocus()

    def reason(self) -> str:
        return self.reason_box.currentText().strip()
