"""The officers page: add an officer with a first PIN, change a name or role, reset a PIN,
disable (and bring back) an officer. PINs are hashed at once and never shown."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from shared.admin import edits
from shared.domain import AntreanError
from shared.pins import MAX_LEN, check_pin_format

from counter.admin.common import (AdminPage, add_item, button, item_list, labelled, panel,
                                  select_key)

ROLE_NAMES = (("officer", "Petugas loket"), ("supervisor", "Supervisor (dasbor)"),
              ("admin", "Admin (dasbor dan pengaturan)"))


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_LEN)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), field))
    field.setPlaceholderText("4–12 angka")
    return field


class OfficersPage(AdminPage):
    title = "Petugas"
    intro = ("Siapa yang boleh masuk: petugas loket, supervisor dan admin. Petugas yang "
             "dinonaktifkan tidak bisa masuk lagi; riwayat dan PIN-nya tetap tersimpan.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        self.current: str | None = None
        self.officers: dict[str, dict] = {}
        self.list = item_list()
        self.list.setMinimumWidth(320)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = button("+ Petugas baru", "new_officer")
        self.new_button.clicked.connect(self.new)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        form = panel()
        grid = QGridLayout(form)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.username = QLineEdit(objectName="username")
        self.full_name = QLineEdit(objectName="full_name")
        self.role = QComboBox(objectName="role")
        for key, text in ROLE_NAMES:
            self.role.addItem(text, key)
        self.pin = pin_field("pin")
        self.pin_again = pin_field("pin_again")
        self.state = QLabel(objectName="hint")
        self.state.setWordWrap(True)
        labelled(grid, 0, "Nama pengguna (tetap)", self.username, "huruf kecil, mis. siti")
        labelled(grid, 1, "Nama lengkap", self.full_name)
        labelled(grid, 2, "Peran", self.role)
        self.pin_label = QLabel("PIN pertama", objectName="field_label")
        grid.addWidget(self.pin_label, 3, 0)
        grid.addWidget(self.pin, 3, 1)
        labelled(grid, 4, "Ulangi PIN", self.pin_again)
        grid.addWidget(self.state, 5, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.inputs.update(username=self.username, full_name=self.full_name, role=self.role,
                           pin=self.pin)
        self.save_button = button("Simpan petugas", "save_officer", primary=True)
        self.save_button.clicked.connect(self.save_officer)
        self.pin_button = button("Atur ulang PIN", "reset_pin")
        self.pin_button.clicked.connect(self.reset_pin)
        self.disable_button = button("Nonaktifkan", "disable_officer", danger=True)
        self.disable_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.disable_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pin_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(form)
        right.addLayout(buttons)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left, 2)
        row.addLayout(right, 5)
        self.body.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        keep = self.current
        self.officers = {o["username"]: o for o in self.admin.officers()}
        roles = dict(ROLE_NAMES)
        self.list.blockSignals(True)
        self.list.clear()
        for o in self.officers.values():
            state = "" if o["active"] else "  (nonaktif)"
            where = f"  · di {o['at_counter']}" if o["at_counter"] else ""
            add_item(self.list, f"{o['full_name']}\n{o['username']} · "
                                f"{roles.get(o['role'], o['role']).split(' (')[0]}{where}{state}",
                     o["username"], muted=not o["active"])
        self.list.blockSignals(False)
        if keep is None or not select_key(self.list, keep):
            self.list.setCurrentRow(0)
        self._chosen(self.list.currentItem(), None)

    def _chosen(self, item, _previous) -> None:
        if item is None:
            return
        o = self.officers[item.data(Qt.ItemDataRole.UserRole)]
        self.current = o["username"]
        self.clear_marks()
        self.username.setText(o["username"])
        self.username.setReadOnly(True)
        self.full_name.setText(o["full_name"])
        self.role.setCurrentIndex(self.role.findData(o["role"]))
        self.pin.clear()
        self.pin_again.clear()
        self.pin_label.setText("PIN baru")
        self.pin_button.setEnabled(True)
        self.disable_button.setEnabled(True)
        self.disable_button.setText("Nonaktifkan" if o["active"] else "Aktifkan kembali")
        pin = "PIN sudah diatur" if o["pin_set"] else "Belum punya PIN: atur ulang PIN"
        where = f"; sedang bertugas di {o['at_counter']}" if o["at_counter"] else ""
        self.state.setText(("Aktif" if o["active"] else "Nonaktif") + f" · {pin}{where}")

    def new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.clear_marks()
        for field in (self.username, self.full_name, self.pin, self.pin_again):
            field.clear()
        self.username.setReadOnly(False)
        self.role.setCurrentIndex(0)
        self.pin_label.setText("PIN pertama")
        self.pin_button.setEnabled(False)
        self.disable_button.setEnabled(False)
        self.state.setText("Petugas baru masuk dengan nama pengguna dan PIN pertama ini.")
        self.username.setFocus()

    def _pin(self) -> str | None:
        """The PIN typed twice, or None after saying what is wrong."""
        if self.pin.text() != self.pin_again.text():
            self.mark("pin")
            self.show_message("PIN dan ulangan PIN tidak sama", "error")
            return None
        return self.pin.text()

    def save_officer(self) -> None:
        fields = {"username": self.username.text().strip().lower(),
                  "full_name": self.full_name.text().strip(), "role": self.role.currentData()}
        pin = None
        if self.current is None:
            pin = self._pin()
            if pin is None:
                return
            if not pin:
                self.mark("pin")
                self.show_message("Petugas baru perlu PIN pertama", "error")
                return
        if pin is not None:
            try:
                check_pin_format(pin)
            except AntreanError as exc:
                self.mark("pin")
                self.show_message(exc.message, "error")
                return
        known = self.officers.get(self.current or "")
        original = self.current if known and known["active"] else None   # inactive: back in
        try:
            edit = edits.save_officer(original, fields, pin)
        except AntreanError as exc:
            self.show_message(exc.message, "error")
            return
        if self.save(edit, f"Petugas {fields['full_name'] or fields['username']} disimpan."):
            select_key(self.list, fields["username"])

    def reset_pin(self) -> None:
        if self.current is None:
            return
        pin = self._pin()
        if pin is None:
            return
        try:
            self.admin.reset_pin(self.user["username"], self.current, pin)
        except AntreanError as exc:
            self.mark("pin")
            self.show_message(exc.message, "error")
            return
        self.show_message(f"PIN {self.current} diatur ulang; kunci karena salah PIN dibuka.",
                          "ok")
        self.reload()

    def toggle_active(self) -> None:
        o = self.officers.get(self.current or "")
        if o is None:
            return
        if o["active"]:
            self.save(edits.disable_officer(o["username"]),
                      f"{o['full_name']} dinonaktifkan: tidak bisa masuk lagi.")
        else:
            self.save(edits.save_officer(None, {"username": o["username"],
                                                "full_name": o["full_name"], "role": o["role"]}),
                      f"{o['full_name']} aktif kembali (PIN lamanya tetap berlaku).")
