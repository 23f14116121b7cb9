"""Login: username, PIN, the counter; then open the counter, offering a takeover when it is busy.

The PIN check and the opening go through a `ServiceWorker`: at once with the embedded store, off
the GUI thread with `--server` (the buttons wait meanwhile, and an unreachable server says so).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout)

from shared.backend import is_remote
from shared.config import OfficeConfig
from shared.domain import AntreanError, AuthError, IllegalTransition
from shared.pins import MAX_LEN
from shared.qt.remote import ServiceWorker, is_offline_error
from shared.service import QueueService

from counter.console.local_settings import LocalSettings
from counter.style import LOGIN_QSS, combo_qss
from counter.console.texts import text

log = logging.getLogger(__name__)


class LoginDialog(QDialog):
    """Accepted once the officer is authenticated and the counter is opened for them.

    Afterwards `user` is {'username', 'full_name', 'role'}, `counter_name` the counter and
    `config` the office config. A counter PC on a LAN server has no token before the login, so
    it may not read the office config yet (`config=None`): the counter is then typed (or
    remembered), and the config is read right after the PIN is accepted.
    """

    def __init__(self, service: QueueService, settings: LocalSettings,
                 preset_counter: str | None = None, parent=None, *,
                 config: OfficeConfig | None = None):
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.lang = settings.language
        self.user: dict | None = None
        self.counter_name: str | None = None
        self._pending_takeover = False
        self.busy = False
        self.worker = ServiceWorker(service, retry_for_s=3.0, timeout=5.0,
                                    name="antrean-login", parent=self)
        if config is None:
            config = readable_config(service)
        self.config = config
        self.setObjectName("login")
        self.setStyleSheet(LOGIN_QSS + combo_qss())
        self.setMinimumWidth(520)

        self.heading = QLabel(objectName="heading")
        self.office = QLabel((config.short_name or config.name) if config else
                             getattr(service, "base_url", ""), objectName="office")
        self.office.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        if config is not None:
            completer = QCompleter([o.username for o in config.officers], self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.username.setCompleter(completer)
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_LEN)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.pin))
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                     | Qt.InputMethodHint.ImhSensitiveData)
        self.counter = QComboBox(objectName="counter")
        wanted = preset_counter or settings.counter
        if config is not None:
            self._fill_counters(config, wanted)
        else:                     # typed: "3" or "Loket 3"; checked after the PIN
            self.counter.setEditable(True)
            self.counter.setEditText(wanted or "")
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
        if self.counter.isEditable():
            return self.counter.currentText().strip()
        return self.counter.currentData()

    def _fill_counters(self, config: OfficeConfig, wanted: str | None) -> None:
        self.counter.clear()
        for c in config.counters:
            self.counter.addItem(c.label, c.name)
        if wanted:
            index = self.counter.findData(_match_counter(config, wanted))
            if index >= 0:
                self.counter.setCurrentIndex(index)

    def sign_in(self) -> None:
        if self.busy:
            return
        username, pin = self.username.text().strip().lower(), self.pin.text()
        if not username or not pin:
            self._show_message(text("fill_username", self.lang))
            return
        if not self.selected_counter():
            self._show_message(text("no_counter", self.lang))
            return
        need_config = self.config is None

        def work(service):
            user = service.authenticate(username, pin)
            return user, (service.config if need_config else None)

        def signed_in(result) -> None:
            self.user, config = result
            if config is not None and self.config is None:
                self.config = config
                typed = self.counter.currentText().strip()
                self.counter.setEditable(False)
                self._fill_counters(config, typed)
                if _match_counter(config, typed) is None:
                    self._show_message(text("no_counter", self.lang))
                    return
            self._open(takeover=False)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, AuthError):
                log.info("login refused for %s: %s", username, exc.message_en)
                self.user = None
                self.pin.clear()
                self.pin.setFocus()
                self._show_message(exc.text(self.lang))
            else:
                self._failed(exc)

        self._run(work, signed_in, refused)

    def take_over(self) -> None:
        if self.user is None or not self._pending_takeover or self.busy:
            return
        self._open(takeover=True)

    def _run(self, work, on_done, on_error) -> None:
        """One call on the worker with the buttons off until it answers."""
        self._set_busy(True)

        def done(result):
            self._set_busy(False)
            on_done(result)

        def failed(exc):
            self._set_busy(False)
            on_error(exc)

        self.worker.submit(work, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.sign_in_button.setEnabled(not busy)
        self.takeover_button.setEnabled(not busy)
        if busy and self.worker.threaded:
            self._show_message(text("connecting", self.lang), kind="info")

    def _open(self, takeover: bool) -> None:
        counter = self.selected_counter()
        username = self.user["username"]

        def refused(exc: BaseException) -> None:
            if isinstance(exc, IllegalTransition):
                # logged in elsewhere, or the counter is someone else's: ask before taking over
                self._pending_takeover = True
                self.takeover_button.show()
                self.takeover_button.setDefault(True)
                self._show_message(text("take_over_question", self.lang,
                                        message=exc.text(self.lang)), kind="warn")
            else:
                self._failed(exc)

        self._run(lambda s: s.open_counter(counter, username, takeover=takeover),
                  lambda _state: self._opened(counter, takeover), refused)

    def _opened(self, counter: str, takeover: bool) -> None:
        log.info("%s opened counter %s%s", self.user["username"], counter,
                 " (takeover)" if takeover else "")
        self.counter_name = counter
        if self.remember.isChecked():
            self.settings.counter = counter
        elif self.settings.counter == counter:
            self.settings.counter = ""
        self.settings.save()
        self._show_message("")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if is_offline_error(exc):
            log.warning("login: %s", exc)
            self._show_message(text("server_unreachable", self.lang,
                                    url=getattr(self.service, "base_url", "")))
        elif isinstance(exc, AntreanError):
            self._show_message(exc.text(self.lang))
        else:   # a broken store must not crash the login
            self._unexpected(exc)

    def _forget_pending(self, *_):
        if self._pending_takeover:
            self._pending_takeover = False
            self.user = None
            self.takeover_button.hide()
            self.sign_in_button.setDefault(True)
            self._show_message("")

    def _unexpected(self, exc: BaseException) -> None:
        log.error("login failed unexpectedly", exc_info=exc)
        self._show_message(text("unexpected", self.lang))

    def _show_message(self, message: str, kind: str = "error") -> None:
        self.message.setText(message)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(message))


def readable_config(service: QueueService) -> OfficeConfig | None:
    """The office config, or None where a LAN server shows it only after a login."""
    try:
        return service.config
    except AuthError:
        if is_remote(service):
            return None
        raise


def _match_counter(config, wanted: str) -> str | None:
    c = config.counter(wanted)
    return c.name if c else None
