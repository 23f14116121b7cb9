"""Login: username, PIN, the counter; then open the counter, offering a takeover when it is busy."""
from __future__ import annotations

import logging

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout)

from shared.domain import AntreanError, AuthError, IllegalTransition
from shared.pins import MAX_LEN
from shared.service import QueueService

from .local_settings import LocalSettings
from .style import LOGIN_QSS, combo_qss
from .texts import text

log = logging.getLogger(__name__)


class LoginDialog(QDialog):
    """Accepted once the officer is authenticated and the counter is opened for them.

    Afterwards `user` is {'username', 'full_name', 'role'} and `counter_name` the counter.
    """

    def __init__(self, service: QueueService, settings: LocalSettings,
                 preset_counter: str | None = None, parent=None):
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.lang = settings.language
        self.user: dict | None = None
        self.counter_name: str | None = None
        self._pending_takeover = False
        self.setObjectName("login")
        self.setStyleSheet(LOGIN_QSS + combo_qss())
        self.setMinimumWidth(520)

        self.heading = QLabel(objectName="heading")
        self.office = QLabel(service.config.short_name or service.config.name, objectName="office")
        self.office.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        names = [o.username for o in service.config.officers]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.username.setCompleter(completer)
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_LEN)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin))
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                     | Qt.InputMethodHint.ImhSensitiveData)
        self.counter = QComboBox(objectName="counter")
        for c in service.config.counters:
            self.counter.addItem(c.label, c.name)
        wanted = preset_counter or settings.counter
        if wanted:
            index = self.counter.findData(_match_counter(service, wanted))
            if index >= 0:
                self.counter.setCurrentIndex(index)
        self.remember = QCheckBox(objectName="remember")
        self.remember.setChecked(bool(settings.counter))
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        self.message.setProperty("kind", "error")
        self.sign_in_button = QPushButton(objectName="sign_in")
        self.sign_in_button.setDefault(True)
        self.takeover_button = QPushButton(objectName="take_over")
        self.takeover_button.hide()
        self.cancel_button = QPushButton(objectName="cancel")
        self.language_button = QPushButton(objectName="language")
        self.language_button.setFlat(True)

        form = QGridLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)
        self._labels = {k: QLabel() for k in ("username", "pin", "counter")}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, (key, field) in enumerate((("username", self.username), ("pin", self.pin),
                                            ("counter", self.counter))):
            self._labels[key].setBuddy(field)
            form.addWidget(self._labels[key], row, 0, right)
            form.addWidget(field, row, 1)
        form.addWidget(self.remember, 3, 1)
        form.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.takeover_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.office)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.sign_in_button.clicked.connect(self.sign_in)
        self.takeover_button.clicked.connect(self.take_over)
        self.cancel_button.clicked.connect(self.reject)
        self.language_button.clicked.connect(self.toggle_language)
        for field in (self.username, self.pin):
            field.textEdited.connect(self._forget_pending)
        self.counter.currentIndexChanged.connect(self._forget_pending)
        self.retranslate()
        self._show_message("")
        (self.pin if settings.counter and self.username.text() else self.username).setFocus()

    # --- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = lambda key, **kw: text(key, self.lang, **kw)  # noqa: E731
        self.setWindowTitle(t("login_title"))
        self.heading.setText(t("login_heading"))
        for key, label in self._labels.items():
            label.setText(t(key))
        self.pin.setPlaceholderText(t("pin_placeholder"))
        self.remember.setText(t("remember_counter"))
        self.sign_in_button.setText(t("sign_in"))
        self.takeover_button.setText(t("take_over"))
        self.cancel_button.setText(t("cancel"))
        self.language_button.setText(t("language_other"))

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self.settings.language = self.lang
        self.settings.save()
        self._show_message("")
        self.retranslate()

    # --- signing in ------------------------------------------------------------------------
    def selected_counter(self) -> str:
        return self.counter.currentData()

    def sign_in(self) -> None:
        username, pin = self.username.text().strip().lower(), self.pin.text()
        if not username or not pin:
            self._show_message(text("fill_username", self.lang))
            return
        if self.counter.currentIndex() < 0:
            self._show_message(text("no_counter", self.lang))
            return
        try:
            self.user = self.service.authenticate(username, pin)
        except AuthError as exc:
            log.info("login refused for %s: %s", username, exc.message_en)
            self.user = None
            self.pin.clear()
            self.pin.setFocus()
            self._show_message(exc.text(self.lang))
            return
        except Exception as exc:  # noqa: BLE001 — a broken store must not crash the login
            self._unexpected(exc)
            return
        self._open(takeover=False)

    def take_over(self) -> None:
        if self.user is None or not self._pending_takeover:
            return
        self._open(takeover=True)

    def _open(self, takeover: bool) -> None:
        counter = self.selected_counter()
        try:
            self.service.open_counter(counter, self.user["username"], takeover=takeover)
        except IllegalTransition as exc:
            # logged in elsewhere, or the counter is someone else's: ask before taking over
            self._pending_takeover = True
            self.takeover_button.show()
            self.takeover_button.setDefault(True)
            self._show_message(text("take_over_question", self.lang,
                                    message=exc.text(self.lang)), kind="warn")
            return
        except AntreanError as exc:
            self._show_message(exc.text(self.lang))
            return
        except Exception as exc:  # noqa: BLE001
            self._unexpected(exc)
            return
        log.info("%s opened counter %s%s", self.user["username"], counter,
                 " (takeover)" if takeover else "")
        self.counter_name = counter
        if self.remember.isChecked():
            self.settings.counter = counter
        elif self.settings.counter == counter:
            self.settings.counter = ""
        self.settings.save()
        self.accept()

    def _forget_pending(self, *_):
        if self._pending_takeover:
            self._pending_takeover = False
            self.user = None
            self.takeover_button.hide()
            self.sign_in_button.setDefault(True)
            self._show_message("")

    def _unexpected(self, exc: Exception) -> None:
        log.error("login failed unexpectedly", exc_info=exc)
        self._show_message(text("unexpected", self.lang))

    def _show_message(self, message: str, kind: str = "error") -> None:
        self.message.setText(message)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(message))


def _match_counter(service: QueueService, wanted: str) -> str | None:
    c = service.config.counter(wanted)
    return c.name if c else None
