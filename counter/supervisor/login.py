"""The supervisor's login: username and PIN; only supervisors and admins get in.

(The counter's `LoginDialog` also opens a counter for the officer, which a supervisor must not do.)
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from shared.domain import AuthError
from shared.pins import MAX_LEN
from shared.service import QueueService

from counter.style import LOGIN_QSS

log = logging.getLogger(__name__)

ALLOWED_ROLES = ("supervisor", "admin")
REFUSED_ROLE = ("Dasbor supervisor hanya untuk supervisor dan admin. Akun {user} berperan "
                "petugas loket — silakan gunakan aplikasi loket.")


class SupervisorLoginDialog(QDialog):
    """Accepted once a supervisor or admin is authenticated; then `user` is their record."""

    def __init__(self, service: QueueService, parent=None):
        super().__init__(parent)
        self.service = service
        self.user: dict | None = None
        self.setObjectName("login")
        self.setStyleSheet(LOGIN_QSS)
        self.setWindowTitle("Antrean — Masuk Supervisor")
        self.setMinimumWidth(480)
        heading = QLabel("Dasbor Supervisor", objectName="heading")
        office = QLabel(service.config.short_name or service.config.name, objectName="office")
        office.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_LEN)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin))
        self.pin.setPlaceholderText("PIN angka")
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.setProperty("kind", "error")
        self.message.hide()
        self.sign_in_button = QPushButton("Masuk", objectName="sign_in")
        self.sign_in_button.setDefault(True)
        self.cancel_button = QPushButton("Batal", objectName="cancel")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Nama pengguna", self.username)
        form.addRow("PIN", self.pin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(office)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.cancel_button.clicked.connect(self.reject)
        self.username.setFocus()

    def sign_in(self) -> None:
        username, pin = self.username.text().strip().lower(), self.pin.text()
        if not username or not pin:
            self.show_message("Isi nama pengguna dan PIN.")
            return
        try:
            user = self.service.authenticate(username, pin)
        except AuthError as exc:
            log.info("supervisor login refused for %s: %s", username, exc.message_en)
            self.pin.clear()
            self.pin.setFocus()
            self.show_message(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 — a broken store must not crash the login
            log.error("supervisor login failed unexpectedly", exc_info=exc)
            self.show_message("Terjadi kesalahan; lihat berkas log.")
            return
        if user["role"] not in ALLOWED_ROLES:
            log.info("supervisor dashboard refused for %s (role %s)", username, user["role"])
            self.pin.clear()
            self.show_message(REFUSED_ROLE.format(user=user["username"]))
            return
        self.user = user
        self.accept()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
